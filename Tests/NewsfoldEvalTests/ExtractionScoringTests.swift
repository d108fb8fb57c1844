import NewsfoldCore
import Testing
@testable import NewsfoldEval

/// The date rule of the dev sets' README: the same minute on fundus, the same day elsewhere,
/// comparing only what the gold states.
@Suite struct ExtractionScoringTests {
    private func same(_ predicted: String, _ gold: String, _ precision: ExtractionScoring.DatePrecision) -> Bool {
        ExtractionScoring.sameDate(NewsDate(iso8601: predicted), gold: gold, precision: precision)
    }

    @Test func dayPrecisionReadsThePredictionInTheGoldsOffset() {
        #expect(same("2018-06-13T01:00:00+02:00", "2018-06-12T23:00:00.000Z", .day))
        #expect(!same("2018-06-13T01:00:00+02:00", "2018-06-13T08:00:00Z", .day))
        #expect(same("2015-04-30", "2015-04-30T07:19:58", .day))
        #expect(same("2015-04-30T23:59:00-04:00", "2015-04-30", .day))
        #expect(!same("2015-05-01", "2015-04-30T22:00:00Z", .day))
    }

    @Test func minutePrecisionComparesInstantsOrTheWrittenMinute() {
        #expect(same("2024-04-25T08:21:30Z", "2024-04-25 04:21:02-04:00", .minute))
        #expect(!same("2024-04-25T08:22:00Z", "2024-04-25 04:21:02-04:00", .minute))
        #expect(!same("2024-04-25", "2024-04-25 04:21:02-04:00", .minute))
        #expect(same("2024-04-25T14:07:00+02:00", "2024-04-25 14:07:00", .minute))
    }

    @Test func goldMidnightWithoutOffsetIsABareDay() {
        #expect(same("2024-04-30", "2024-04-30 00:00:00", .minute))
        #expect(!same("2024-04-29", "2024-04-30 00:00:00", .minute))
        #expect(!same("2024-04-30", "2024-04-30 00:00:00+02:00", .minute))
    }
}
