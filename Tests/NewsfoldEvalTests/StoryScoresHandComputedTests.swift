import Testing

@testable import NewsfoldEval

/// Hand-computed B-cubed and ARI on a tiny partition (the story scorer's own tests live in
/// StoryScoresTests.swift).
@Suite struct StoryScoresHandComputedTests {
    @Test func perfectAndSplitPartitions() {
        let gold = ["a": 1, "b": 1, "c": 2, "d": 2]
        let perfect = StoryScores(predicted: ["a": "x", "b": "x", "c": "y", "d": "y"], gold: gold)
        #expect(perfect.precision == 1 && perfect.recall == 1 && perfect.f1 == 1)
        #expect(abs(perfect.adjustedRand - 1) < 1e-9)
        // Every article alone: precision 1, recall 1/2 for each.
        let singletons = StoryScores(predicted: ["a": 1, "b": 2, "c": 3, "d": 4], gold: gold)
        #expect(singletons.precision == 1 && abs(singletons.recall - 0.5) < 1e-9)
        // All together: precision 1/2, recall 1.
        let lumped = StoryScores(predicted: ["a": 0, "b": 0, "c": 0, "d": 0], gold: gold)
        #expect(abs(lumped.precision - 0.5) < 1e-9 && lumped.recall == 1)
        #expect(lumped.adjustedRand <= 0.0 + 1e-9)
    }
}
