import Testing
@testable import NewsfoldCore

@Suite struct NewsDateTests {
    @Test func writesOnlyWhatWasSaid() {
        #expect(NewsDate(year: 2023, month: 9, day: 5).iso8601 == "2023-09-05")
        #expect(NewsDate(year: 2023, month: 9, day: 4, hour: 14, minute: 11).iso8601 == "2023-09-04T14:11:00")
        #expect(NewsDate(year: 2023, month: 9, day: 5, hour: 7, minute: 36, utcOffsetMinutes: 330).iso8601
            == "2023-09-05T07:36:00+05:30")
        #expect(NewsDate(year: 2023, month: 9, day: 5, hour: 7, minute: 36, utcOffsetMinutes: -240).iso8601
            == "2023-09-05T07:36:00-04:00")
        #expect(NewsDate(year: 2023, month: 9, day: 5, hour: 7, utcOffsetMinutes: 0).iso8601 == "2023-09-05T07:00:00Z")
    }

    @Test func parsesISO8601RoundTrip() {
        for s in ["2023-09-05", "2023-09-04T14:11:00", "2023-09-05T07:36:00+05:30", "2020-02-29T23:59:59Z"] {
            #expect(NewsDate(iso8601: s)?.iso8601 == s)
        }
        #expect(NewsDate(iso8601: "2023-09-05 07:36:10.123+0530")?.iso8601 == "2023-09-05T07:36:10+05:30")
        #expect(NewsDate(iso8601: "2023-02-29") == nil)
        #expect(NewsDate(iso8601: "2023-13-01") == nil)
        #expect(NewsDate(iso8601: "2023-09-05T25:00") == nil)
        #expect(NewsDate(iso8601: "yesterday") == nil)
    }

    @Test func utcInstantRoundTrips() {
        #expect(NewsDate(utcInstant: 0).iso8601 == "1970-01-01T00:00:00Z")
        for t: Int64 in [-86_401, -1, 951_782_400, 1_693_836_660, 4_102_444_799] {
            #expect(NewsDate(utcInstant: t).instant == t, "\(t)")
        }
        #expect(NewsDate(utcInstant: 951_782_400).iso8601 == "2000-02-29T00:00:00Z")
    }

    @Test func instantRespectsOffset() {
        let ist = NewsDate(year: 2023, month: 9, day: 5, hour: 7, minute: 36, utcOffsetMinutes: 330)
        let utc = NewsDate(year: 2023, month: 9, day: 5, hour: 2, minute: 6, utcOffsetMinutes: 0)
        #expect(ist.instant == utc.instant)
        #expect(NewsDate(year: 1970, month: 1, day: 1).instant == 0)
        #expect(NewsDate(year: 2023, month: 9, day: 4).weekday == 1)  // a Monday
    }
}
