import ArgumentParser
import NewsfoldCore

/// The story settings a reader of `newsfold stories` may change (`--join-threshold
/// --window-days`), checked, as ``StorySettings``.
///
/// ```swift
/// struct StoriesCommand: ParsableCommand {
///     @OptionGroup var story: StoryOptions
///     func run() throws { let clusterer = StoryClusterer(settings: story.settings) }
/// }
/// ```
struct StoryOptions: ParsableArguments {
    @Option(help: "Minimum similarity for an article to join a story, in (0, 1].")
    var joinThreshold: Float = StorySettings().joinThreshold

    @Option(help: "Days after a story's latest article, beyond a day's news cycle, during which it can still gain articles.")
    var windowDays: Double = StorySettings().windowDays

    func validate() throws {
        guard joinThreshold > 0, joinThreshold <= 1 else {
            throw ValidationError("--join-threshold must be > 0 and ≤ 1, got \(joinThreshold)")
        }
        guard windowDays > 0 else { throw ValidationError("--window-days must be > 0, got \(windowDays)") }
    }

    /// The default settings with these options.
    var settings: StorySettings {
        var s = StorySettings()
        s.joinThreshold = joinThreshold
        s.windowDays = windowDays
        return s
    }
}

/// ``StoryOptions`` and the rest of the story model's settings, for measuring them on a dev
/// set (`newsfold eval stories`): `ingest` places with the defaults, and `stories` must give
/// what a store holds, so `stories` does not take these.
struct StoryModelOptions: ParsableArguments {
    @OptionGroup var story: StoryOptions

    @Option(help: "Minimum average similarity between two stories' members for them to merge, in [0, 1].")
    var mergeThreshold: Float = StorySettings().mergeThreshold

    @Option(help: "How fast the similarity a join needs grows with the gap: ×(1 + slope·ln(1 + gap/7)); ≥ 0.")
    var gapSlope: Double = StorySettings().gapSlope

    @Option(help: "The share of names (people, places, organisations) in the similarity within the news cycle, in [0, 1].")
    var entityShare: Float = StorySettings().entityShare

    @Option(help: "Minimum similarity for a story of one or two articles to be repaired into another when the stream settles, in [0, 1] (0: no repair).")
    var repairThreshold: Float = StorySettings().repairThreshold

    @Option(help: "Minimum similarity for a settling dated story larger than a fragment to be repaired into another, in [0, 1] (0: only fragments).")
    var repairStoryThreshold: Float = StorySettings().repairStoryThreshold

    @Option(help: "How many times the runner-up's similarity a settling story's best match must reach to be repaired into; ≥ 1.")
    var repairMargin: Float = StorySettings().repairMargin

    @Option(help: "The largest story (in compared articles) repaired as a fragment; ≥ 0.")
    var repairMaxArticles: Int = StorySettings().repairMaxArticles

    @Option(help: "The most days between two stories' spans for the repair to join them; ≥ 0.")
    var repairGapDays: Double = StorySettings().repairGapDays

    @Option(help: "The most days after an earlier story ended for a later one to continue it; ≥ 0 (0: no threads).")
    var threadGapDays: Double = StorySettings().threadGapDays

    @Option(help: "How many times the runner-up's similarity the story a later one continues must reach; ≥ 1.")
    var threadMargin: Float = StorySettings().threadMargin

    func validate() throws {
        for (name, value) in [
            ("merge-threshold", mergeThreshold), ("entity-share", entityShare), ("repair-threshold", repairThreshold),
            ("repair-story-threshold", repairStoryThreshold),
        ] where !(0...1).contains(value) {
            throw ValidationError("--\(name) must be in [0, 1], got \(value)")
        }
        for (name, value) in [("repair-margin", repairMargin), ("thread-margin", threadMargin)] where !(value >= 1) {
            throw ValidationError("--\(name) must be ≥ 1, got \(value)")
        }
        let nonNegative = [("gap-slope", gapSlope), ("repair-gap-days", repairGapDays), ("thread-gap-days", threadGapDays)]
        for (name, value) in nonNegative where !(value >= 0) {
            throw ValidationError("--\(name) must be ≥ 0, got \(value)")
        }
        guard repairMaxArticles >= 0 else {
            throw ValidationError("--repair-max-articles must be ≥ 0, got \(repairMaxArticles)")
        }
    }

    /// The default settings with these options.
    var settings: StorySettings {
        var s = story.settings
        s.mergeThreshold = mergeThreshold
        s.gapSlope = gapSlope
        s.entityShare = entityShare
        s.repairThreshold = repairThreshold
        s.repairStoryThreshold = repairStoryThreshold
        s.repairMargin = repairMargin
        s.repairMaxArticles = repairMaxArticles
        s.repairGapDays = repairGapDays
        s.threadGapDays = threadGapDays
        s.threadMargin = threadMargin
        return s
    }
}
