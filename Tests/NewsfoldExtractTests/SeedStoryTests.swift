import Foundation
import NewsfoldCore
import NewsfoldExtract
import Testing

/// The whole chain on the five seed pages (`Samples/seeds`): extraction, copy groups, stories.
@Suite struct SeedStoryTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Samples/seeds").standardizedFileURL

    /// The seed articles as story inputs, copy groups from the dedup engine's story view
    /// (Jaccard or containment ≥ 0.8: what `newsfold stories` uses).
    static func inputs() throws -> [StoryInput] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names.count == 5)
        let articles = try names.map { name in
            let bytes = try Array(Data(contentsOf: folder.appendingPathComponent(name)))
            return try PageExtractor().extract(Page(id: String(name.prefix(3)), source: name, bytes: bytes))
        }
        let fingerprinter = Fingerprinter(parameters: DedupParameters.storyView)
        var copies = CopyGroupIndex(parameters: fingerprinter.parameters)
        copies.insert(articles.map { fingerprinter.fingerprint(id: $0.id, text: $0.text, published: $0.published) })
        var inputs = articles.map { StoryInput($0) }
        for a in copies.assignments() { inputs[a.index].group = a.group }
        return inputs
    }

    @Test func oneStoryOfAllFive() throws {
        let stories = StoryClusterer.cluster(try Self.inputs())
        #expect(stories.count == 1)
        let story = try #require(stories.first)
        #expect(Set(story.articles) == ["000", "001", "002", "003", "004"])
        // The earliest AP copy opens the story; 003 and 004 are each alone in their group.
        #expect(story.articles.first == "002")
        #expect(story.groups.contains { $0.members == ["003"] })
        #expect(story.groups.contains { $0.members == ["004"] })
    }

    @Test func theThreeAPCopiesAreOneGroupInTheStory() throws {
        // Copy groups come from the dedup engine (CopyGroups/); the story keeps them whole.
        // The edited copy 001 (British spellings, dropped quotes) joins by containment.
        let story = try #require(StoryClusterer.cluster(try Self.inputs()).first)
        #expect(Set(story.groups.map { Set($0.members) }) == [["000", "001", "002"], ["003"], ["004"]])
    }

    @Test func withoutCopyGroupsTheWindowHoldsBackTheMisdatedCopy() throws {
        // Without copy groups, the four reports of September 2023 (one undated) still make one
        // story by content; the content-farm copy dated 19 months later does not join: the story
        // closed two weeks after its latest article. Its copy group is what brings it in.
        let inputs = try Self.inputs().map { var i = $0; i.group = nil; return i }
        let stories = StoryClusterer.cluster(inputs)
        #expect(Set(stories.map { Set($0.articles) }) == [["001", "002", "003", "004"], ["000"]])
    }
}
