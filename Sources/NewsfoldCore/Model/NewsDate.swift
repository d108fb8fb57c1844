/// A calendar date, optionally with a time of day and a UTC offset, exactly as precise as its
/// source said.
///
/// News pages state dates with every degree of precision: `2023-09-05` (a day), `Sep 4, 2023,
/// 2:11 PM` (a local time with no zone), `Sep 05 2023 | 7:36 AM IST` (a time with a zone). A
/// `NewsDate` keeps what was said and nothing more, so that Newsfold never invents a time or an
/// offset. ``iso8601`` writes it back in the matching ISO 8601 form:
///
/// ```swift
/// NewsDate(year: 2023, month: 9, day: 5).iso8601                              // "2023-09-05"
/// NewsDate(year: 2023, month: 9, day: 4, hour: 14, minute: 11).iso8601       // "2023-09-04T14:11:00"
/// NewsDate(year: 2023, month: 9, day: 5, hour: 7, minute: 36,
///          utcOffsetMinutes: 330).iso8601                                     // "2023-09-05T07:36:00+05:30"
/// ```
public struct NewsDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, as written (``isValid`` accepts 1900 ... 2200).
    public var year: Int
    /// The month, 1 ... 12.
    public var month: Int
    /// The day of the month, from 1 (``isValid`` checks it against the month).
    public var day: Int
    /// Time of day, or `nil` when the source gave only a date.
    public var hour: Int?
    /// Minutes past the hour; `nil` exactly when ``hour`` is (0 when the source gave only hours).
    public var minute: Int?
    /// Seconds past the minute; `nil` exactly when ``hour`` is (0 when the source gave none).
    public var second: Int?
    /// Offset from UTC in minutes, or `nil` when the source gave no zone.
    public var utcOffsetMinutes: Int?

    /// A date as precise as the arguments: without `hour`, the minute, second and offset are
    /// dropped; with it, a missing minute or second counts as 0. The fields are not checked (see
    /// ``isValid``).
    public init(
        year: Int, month: Int, day: Int, hour: Int? = nil, minute: Int? = nil, second: Int? = nil,
        utcOffsetMinutes: Int? = nil
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = hour == nil ? nil : (minute ?? 0)
        self.second = hour == nil ? nil : (second ?? 0)
        self.utcOffsetMinutes = hour == nil ? nil : utcOffsetMinutes
    }

    /// `true` when the source gave a time of day.
    public var hasTime: Bool { hour != nil }

    /// `true` when the source gave a time and a zone, so that ``instant`` is exact.
    public var hasOffset: Bool { utcOffsetMinutes != nil }

    /// Whether the fields make a real calendar date (and time) in the years news is written in.
    public var isValid: Bool {
        guard (1900...2200).contains(year), (1...12).contains(month) else { return false }
        guard day >= 1, day <= NewsDate.daysInMonth(year: year, month: month) else { return false }
        if let h = hour {
            guard (0...23).contains(h), (0...59).contains(minute ?? 0), (0...60).contains(second ?? 0)
            else { return false }
        }
        if let o = utcOffsetMinutes, abs(o) > 14 * 60 { return false }
        return true
    }

    /// Seconds since 1970-01-01T00:00:00Z. A date without a time counts as its midnight, and a
    /// time without a zone as UTC: good for ordering and for distances of hours or more.
    public var instant: Int64 {
        let days = NewsDate.daysFromCivil(year: year, month: month, day: day)
        var s = days * 86_400
        s += Int64(hour ?? 0) * 3600 + Int64(minute ?? 0) * 60 + Int64(second ?? 0)
        s -= Int64(utcOffsetMinutes ?? 0) * 60
        return s
    }

    /// Day of the week, 0 = Sunday ... 6 = Saturday, of the date as written.
    public var weekday: Int {
        let days = NewsDate.daysFromCivil(year: year, month: month, day: day)
        // 1970-01-01 was a Thursday (4).
        return Int(((days % 7) + 7 + 4) % 7)
    }

    /// The ISO 8601 text: `YYYY-MM-DD`, `YYYY-MM-DDThh:mm:ss`, or `YYYY-MM-DDThh:mm:ss±hh:mm`.
    public var iso8601: String {
        var s = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        guard let h = hour else { return s }
        s += "T" + pad(h, 2) + ":" + pad(minute ?? 0, 2) + ":" + pad(second ?? 0, 2)
        if let o = utcOffsetMinutes {
            if o == 0 {
                s += "Z"
            } else {
                s += (o < 0 ? "-" : "+") + pad(abs(o) / 60, 2) + ":" + pad(abs(o) % 60, 2)
            }
        }
        return s
    }

    /// The ``iso8601`` text.
    public var description: String { iso8601 }

    /// Orders by ``instant``: a date without a time counts as its midnight, a time without a
    /// zone as UTC. Two dates can be neither `<` nor `==` (`2023-09-05` and `2023-09-05T00:00:00Z`).
    public static func < (a: NewsDate, b: NewsDate) -> Bool { a.instant < b.instant }

    /// Parses the ISO 8601 forms that ``iso8601`` writes (and `YYYY-MM-DD hh:mm[:ss]`,
    /// fractional seconds, `±hhmm` offsets). Returns `nil` for anything else.
    public init?(iso8601 text: String) {
        var bytes = Array(text.utf8)
        // Trim spaces.
        while let l = bytes.last, l == 0x20 { bytes.removeLast() }
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        func num(_ n: Int) -> Int? {
            guard i + n <= bytes.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = bytes[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func eat(_ c: UInt8) -> Bool {
            if i < bytes.count, bytes[i] == c { i += 1; return true }
            return false
        }
        guard let y = num(4), eat(0x2D), let mo = num(2), eat(0x2D), let d = num(2) else { return nil }
        if i == bytes.count {
            self.init(year: y, month: mo, day: d)
            guard isValid else { return nil }
            return
        }
        guard eat(0x54) || eat(0x74) || eat(0x20), let h = num(2), eat(0x3A), let mi = num(2) else {
            return nil
        }
        var sec = 0
        if eat(0x3A) {
            guard let s = num(2) else { return nil }
            sec = s
            if eat(0x2E) || eat(0x2C) {
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            }
        }
        var offset: Int? = nil
        if eat(0x5A) || eat(0x7A) {
            offset = 0
        } else if i < bytes.count, bytes[i] == 0x2B || bytes[i] == 0x2D {
            let sign = bytes[i] == 0x2D ? -1 : 1
            i += 1
            guard let oh = num(2) else { return nil }
            _ = eat(0x3A)
            let om = num(2) ?? 0
            offset = sign * (oh * 60 + om)
        }
        guard i == bytes.count else { return nil }
        self.init(year: y, month: mo, day: d, hour: h, minute: mi, second: sec, utcOffsetMinutes: offset)
        guard isValid else { return nil }
    }

    /// Days in a month of the proleptic Gregorian calendar.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The UTC date and time, to the second, of a Unix instant (civil-from-days, Howard
    /// Hinnant's algorithm), O(1).
    ///
    /// ```swift
    /// NewsDate(utcInstant: 0).iso8601   // "1970-01-01T00:00:00Z"
    /// ```
    public init(utcInstant t: Int64) {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secs = Int(t - days * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        let y = Int(yoe + era * 400) + (m <= 2 ? 1 : 0)
        self.init(
            year: y, month: m, day: d, hour: secs / 3600, minute: secs % 3600 / 60, second: secs % 60,
            utcOffsetMinutes: 0)
    }

    /// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm), O(1).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

@inline(__always)
private func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
