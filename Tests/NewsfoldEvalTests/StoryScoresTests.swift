import Testing
@testable import NewsfoldEval

/// B-cubed and ARI on tiny partitions computed by hand.
@Suite struct StoryScoresTests {
    @Test func identicalPartitionsScoreOne() {
        let gold = ["a": "x", "b": "x", "c": "y"]
        let s = StoryScores(predicted: ["a": 7, "b": 7, "c": 9], gold: gold)
        #expect(s.precision == 1)
        #expect(s.recall == 1)
        #expect(s.f1 == 1)
        #expect(abs(s.adjustedRand - 1) < 1e-12)
        #expect(s.items == 3 && s.predictedClusters == 2 && s.goldClusters == 2)
    }

    @Test func oneClusterForAllHasFullRecall() {
        // Gold {a,b} {c}: everything in one predicted cluster.
        // Precision: a 2/3, b 2/3, c 1/3 -> 5/9; recall 1; F1 = 2·(5/9)/(5/9 + 1) = 10/14.
        let s = StoryScores(predicted: ["a": 1, "b": 1, "c": 1], gold: ["a": "x", "b": "x", "c": "y"])
        #expect(abs(s.precision - 5.0 / 9) < 1e-12)
        #expect(s.recall == 1)
        #expect(abs(s.f1 - 10.0 / 14) < 1e-12)
        // Pairs: predicted 3, gold 1, shared 1, total 3: expected 1, max 2 -> ARI (1-1)/(2-1) = 0.
        #expect(abs(s.adjustedRand) < 1e-12)
    }

    @Test func singletonsHaveFullPrecision() {
        // Gold {a,b,c,d}; predicted {a,b} {c} {d}.
        // Recall: a 2/4, b 2/4, c 1/4, d 1/4 -> 3/8; precision 1.
        let gold = ["a": "x", "b": "x", "c": "x", "d": "x"]
        let s = StoryScores(predicted: ["a": 1, "b": 1, "c": 2, "d": 3], gold: gold)
        #expect(s.precision == 1)
        #expect(abs(s.recall - 3.0 / 8) < 1e-12)
        #expect(abs(s.f1 - (2 * 3.0 / 8) / (1 + 3.0 / 8)) < 1e-12)
    }

    @Test func adjustedRandOfAPartialMatch() {
        // Gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}.
        // Pairs: shared = C(2,2)+C(1,2)+C(2,2) = 2; predicted 1+3 = 4; gold 3+1 = 4; total 10.
        // Expected 4·4/10 = 1.6; max (4+4)/2 = 4; ARI = (2-1.6)/(4-1.6) = 1/6.
        let gold = ["a": "x", "b": "x", "c": "x", "d": "y", "e": "y"]
        let pred = ["a": 1, "b": 1, "c": 2, "d": 2, "e": 2]
        let s = StoryScores(predicted: pred, gold: gold)
        #expect(abs(s.adjustedRand - 1.0 / 6) < 1e-12)
        // Precision: a,b 1; c 1/3; d,e 2/3 -> (2 + 1/3 + 4/3)/5 = 11/15.
        // Recall: a,b 2/3; c 1/3; d,e 1 -> (4/3 + 1/3 + 2)/5 = 11/15.
        #expect(abs(s.precision - 11.0 / 15) < 1e-12)
        #expect(abs(s.recall - 11.0 / 15) < 1e-12)
    }

    @Test func itemsMissingOnEitherSideAreIgnored() {
        let s = StoryScores(predicted: ["a": 1, "b": 1, "extra": 2], gold: ["a": "x", "b": "x", "lost": "y"])
        #expect(s.items == 2)
        #expect(s.f1 == 1)
        let empty = StoryScores(predicted: [String: Int](), gold: ["a": "x"])
        #expect(empty.items == 0 && empty.f1 == 0)
    }
}
