import NewsfoldCore

/// How to read an all-numeric date whose first two numbers could both be a month
/// (`05/09/2023`: 9 May or 5 September?).
///
/// Only dates written with `/` or `-` and both numbers ≤ 12 depend on it; dotted dates
/// (`05.09.2023`) are always day first, and `13/09/2023` or `09/13/2023` are read the only way
/// they can be. When the order decided, the match says so (``DateMatch/isAmbiguous``), so that a
/// caller can add a warning.
///
/// ```swift
/// DateParser.parse("05/09/2023")                                // 2023-05-09 (month first)
/// DateParser.parse("05/09/2023", order: .forLanguage("en-GB"))  // 2023-09-05
/// ```
public enum NumericDateOrder: Sendable, Equatable {
    /// `MM/DD/YYYY`, as in the United States. The default: most English-language news is US news.
    case monthFirst
    /// `DD/MM/YYYY`, as in most of the world.
    case dayFirst

    /// The usual order for a BCP 47 language tag: month first for `en`, `en-US` and unknown or
    /// missing tags; day first for other languages and for `en-GB`, `en-IN`, `en-AU`, ... .
    public static func forLanguage(_ tag: String?) -> NumericDateOrder {
        guard let tag = tag?.lowercased(), !tag.isEmpty else { return .monthFirst }
        if tag == "en" || tag.hasPrefix("en-us") || tag.hasPrefix("en_us") { return .monthFirst }
        return .dayFirst
    }
}

/// A date found in text: the date, where it is, and whether reading it needed the
/// ``NumericDateOrder`` hint.
public struct DateMatch: Sendable, Equatable {
    /// The date, exactly as precise as the text.
    public var date: NewsDate
    /// The characters that wrote it (including a leading weekday and a trailing zone).
    public var range: Range<String.Index>
    /// `true` when day and month were both ≤ 12 in an all-numeric date and the order hint chose.
    public var isAmbiguous: Bool

    /// A match of `date` written at `range` of the text searched.
    public init(date: NewsDate, range: Range<String.Index>, isAmbiguous: Bool) {
        self.date = date
        self.range = range
        self.isAmbiguous = isAmbiguous
    }
}

/// Reads publication dates in the forms news pages write them, on UTF-8 bytes (no
/// `DateFormatter`, no regular expressions).
///
/// ```swift
/// DateParser.parse("2023-09-05T07:36:00+05:30")                // 2023-09-05T07:36:00+05:30
/// DateParser.parse("Last Updated : Sep 05 2023 | 7:36 AM IST")  // 2023-09-05T07:36:00+05:30
/// DateParser.find(in: "2 min read Sept. 5, 2023 / 5:13 AM")?.date // 2023-09-05T05:13:00
/// ```
///
/// Accepted forms (month and weekday names in English, German, French, Spanish, Italian,
/// Portuguese and Dutch, full or abbreviated, with or without accents and periods; month names
/// also in the languages ``DateVocabulary`` lists):
/// - ISO 8601: `2023-09-05`, `2023-09-05T07:36:00.123Z`, `+0530`, `+05:30`, a space for `T`;
///   also `2023/09/05` and `2023.09.05`.
/// - RFC 2822 / 1123: `Mon, 04 Sep 2023 14:11:00 GMT`, `... -0400`.
/// - Month first: `Sep 4, 2023, 2:11 PM`, `Sept. 5, 2023 / 5:13 AM`, `Sep 05 2023 | 7:36 AM IST`,
///   `September 4, 2023 at 2:11 p.m. EDT`, `Tuesday, September 5, 2023 7:36 AM ET`.
/// - Day first: `5 September 2023 14:11 BST`, `05 Sep 2023`, `5. September 2023`,
///   `5 de septiembre de 2023`, `mar. 5 sept. 2023 à 14h11`.
/// - Numeric: `05.09.2023 14:11` (day first), `05/09/2023` (see ``NumericDateOrder``).
/// - A time before the date: `7:36 AM IST, Sep 05 2023`.
/// - Marked: `2019年6月24日`, `2026년 1월 29일 18:40`.
/// - A two-digit year only through ``findDottedShortYear(in:)`` (`28.01.22`).
/// - `20230905` only in ``parse(_:order:)`` (a whole text), epoch numbers only through
///   ``parseEpoch(_:unit:)``.
///
/// A year is always required (`Sept. 5` alone is not a date) and must lie in 1900–2200; the
/// day must exist (no 30 February). A time without a zone gives a ``NewsDate`` without offset.
/// Zone abbreviations (written in capitals) come from a fixed table: see ``DateVocabulary``
/// for the choices made for ambiguous ones (`IST` = India, `CST` = US Central). `ET`, `CT`,
/// `MT` and `PT` follow US daylight-saving time by date.
public enum DateParser {
    /// Parses text that is a date and nothing else. Labels before it (`Published:`, `Updated`,
    /// `Last Updated :`, `First Published:`, `Date:`, `Publié le`, a weekday) and punctuation
    /// around it are allowed. O(n).
    public static func parse(_ text: Substring, order: NumericDateOrder = .monthFirst) -> NewsDate? {
        parseMatch(text, order: order)?.date
    }

    /// Parses text that is a date and nothing else. See ``parse(_:order:)-(Substring,_)``.
    public static func parse(_ text: String, order: NumericDateOrder = .monthFirst) -> NewsDate? {
        parse(text[...], order: order)
    }

    /// Like ``parse(_:order:)-(Substring,_)``, also telling whether the order hint decided.
    public static func parseMatch(_ text: Substring, order: NumericDateOrder = .monthFirst) -> DateMatch? {
        withUTF8Bytes(text) { bytes -> DateMatch? in
            let scanner = DateScanner(bytes: bytes, order: order, compact: true)
            guard let m = scanner.wholeText() else { return nil }
            return makeMatch(text, m)
        }
    }

    /// Finds the first date inside a longer line, returning it and the range it occupies.
    /// Lines without a run of four digits (every date has a year) are rejected in one byte scan.
    /// O(n).
    public static func find(
        in text: Substring, order: NumericDateOrder = .monthFirst
    ) -> (date: NewsDate, range: Range<String.Index>)? {
        guard let m = findMatch(in: text, order: order) else { return nil }
        return (m.date, m.range)
    }

    /// Like ``find(in:order:)``, also telling whether the order hint decided.
    public static func findMatch(in text: Substring, order: NumericDateOrder = .monthFirst) -> DateMatch? {
        withUTF8Bytes(text) { bytes -> DateMatch? in
            guard let m = firstInWindows(bytes, order: order) else { return nil }
            return makeMatch(text, m)
        }
    }

    /// Every date has a four-digit year, so only the bytes around runs of four or more digits
    /// are tokenized: from `before` bytes ahead of the run to `after` bytes past it, widened to
    /// white space; overlapping windows are merged. Lines without such a run cost one byte loop.
    private static func firstInWindows(_ bytes: UnsafeBufferPointer<UInt8>, order: NumericDateOrder) -> DateScanner.Found? {
        let before = 80
        let after = 72
        let n = bytes.count
        var i = 0
        var run = 0
        var window: Range<Int>? = nil
        func widen(_ r: Range<Int>) -> Range<Int> {
            var lo = r.lowerBound
            var hi = r.upperBound
            let loLimit = max(0, lo - 24)
            while lo > loLimit, bytes[lo - 1] != 0x20 { lo -= 1 }
            while lo < n, bytes[lo] & 0xC0 == 0x80 { lo += 1 }  // not inside a UTF-8 sequence
            let hiLimit = min(n, hi + 24)
            while hi < hiLimit, bytes[hi] != 0x20 { hi += 1 }
            while hi < n, hi > lo, bytes[hi] & 0xC0 == 0x80 { hi += 1 }
            return lo..<hi
        }
        func scan(_ r: Range<Int>) -> DateScanner.Found? {
            let w = widen(r)
            let slice = UnsafeBufferPointer(rebasing: bytes[w])
            guard var f = DateScanner(bytes: slice, order: order, compact: false).first() else { return nil }
            f.startByte += w.lowerBound
            f.endByte += w.lowerBound
            return f
        }
        while i < n {
            if bytes[i] &- 0x30 < 10 {
                run += 1
                if run == 4 {
                    let r = max(0, i - 3 - before)..<min(n, i + 1 + after)
                    if let w = window, r.lowerBound <= w.upperBound {
                        window = w.lowerBound..<r.upperBound
                    } else {
                        if let w = window, let f = scan(w) { return f }
                        window = r
                    }
                }
            } else {
                run = 0
            }
            i += 1
        }
        if let w = window { return scan(w) }
        return nil
    }

    /// Finds `28.01.22`: a day, a month and a two-digit year, each of exactly two digits and
    /// joined by dots, as German, Swiss and Nordic pages print short dates. The year is read as
    /// 2000–2069 for `00`–`69` and 1970–1999 otherwise. Not part of ``find(in:order:)``, which
    /// needs a four-digit year: call it only on a short date line. O(n).
    public static func findDottedShortYear(in text: Substring) -> NewsDate? {
        withUTF8Bytes(text) { b -> NewsDate? in
            let n = b.count
            guard n >= 8 else { return nil }
            func digit(_ i: Int) -> Int? { i < n && b[i] &- 0x30 < 10 ? Int(b[i] - 0x30) : nil }
            var i = 0
            while i + 8 <= n {
                if let d1 = digit(i), let d2 = digit(i + 1), b[i + 2] == 0x2E, let m1 = digit(i + 3),
                    let m2 = digit(i + 4), b[i + 5] == 0x2E, let y1 = digit(i + 6), let y2 = digit(i + 7),
                    i == 0 || (digit(i - 1) == nil && b[i - 1] != 0x2E),
                    digit(i + 8) == nil, !(i + 9 < n && b[i + 8] == 0x2E && digit(i + 9) != nil)
                {
                    let yy = y1 * 10 + y2
                    let date = NewsDate(year: yy < 70 ? 2000 + yy : 1900 + yy, month: m1 * 10 + m2, day: d1 * 10 + d2)
                    if date.isValid { return date }
                }
                i += 1
            }
            return nil
        }
    }

    /// Parses an RFC 2822 / RFC 1123 date (`Mon, 04 Sep 2023 14:11:00 -0400`), as found in RSS
    /// feeds and HTTP headers. Same as ``parse(_:order:)-(Substring,_)``, which accepts them.
    public static func parseRFC2822(_ text: Substring) -> NewsDate? { parse(text) }

    /// The day of a structured-data time stamp whose time part is malformed
    /// (`2022-01-10T22:06:08:684Z`, a CMS's colon before the milliseconds): `YYYY-MM-DD` at the
    /// start, followed by `T`, a space or nothing, kept at day precision (the time that cannot
    /// be read is not guessed). The last resort of JSON-LD dates and of
    /// `PageMetadata.date(in:)` (`<meta>` values and date lines), after ``parse(_:order:)-(Substring,_)``
    /// and ``find(in:order:)`` found nothing; `nil` when the start is not such a day. O(1).
    public static func parseISODayPrefix(_ text: Substring) -> NewsDate? {
        let b = Array(text.utf8.prefix(11))
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        if b.count == 11, b[10] != UInt8(ascii: "T"), b[10] != 0x20 { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        let date = NewsDate(year: y, month: m, day: d)
        return date.isValid ? date : nil
    }

    /// The unit of a Unix time stamp.
    public enum EpochUnit: Sendable {
        /// Seconds or milliseconds since 1970-01-01T00:00:00Z.
        case seconds, milliseconds
    }

    /// Parses a Unix time stamp (digits only, surrounding spaces allowed) as a UTC date. Epoch
    /// numbers are never guessed from ordinary text: call this only where a field is documented
    /// to hold one. Returns `nil` outside 1900–2200.
    public static func parseEpoch(_ text: Substring, unit: EpochUnit) -> NewsDate? {
        var value: Int64 = 0
        var digits = 0
        var negative = false
        for c in text.utf8 {
            if c == 0x20 { if digits > 0 { break } else { continue } }
            if c == 0x2D, digits == 0, !negative { negative = true; continue }
            guard c >= 0x30, c <= 0x39, digits < 16 else { return nil }
            value = value * 10 + Int64(c - 0x30)
            digits += 1
        }
        guard digits > 0 else { return nil }
        if negative { value = -value }
        var seconds = unit == .milliseconds ? value / 1000 : value
        if unit == .milliseconds, value < 0, value % 1000 != 0 { seconds -= 1 }
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = NewsDateWeekday.civil(fromDays: Int(days))
        let date = NewsDate(year: y, month: m, day: d, hour: Int(rest / 3600), minute: Int(rest % 3600 / 60),
                            second: Int(rest % 60), utcOffsetMinutes: 0)
        return date.isValid ? date : nil
    }

    /// `true` when some run of digits is at least four long. O(n), byte loop.
    @inline(__always)
    static func hasFourDigitRun(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var run = 0
        for c in bytes {
            if c &- 0x30 < 10 {
                run += 1
                if run == 4 { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    private static func makeMatch(_ text: Substring, _ m: DateScanner.Found) -> DateMatch {
        let u = text.utf8
        let lo = u.index(u.startIndex, offsetBy: m.startByte)
        let hi = u.index(lo, offsetBy: m.endByte - m.startByte)
        return DateMatch(date: m.date, range: lo..<hi, isAmbiguous: m.ambiguous)
    }
}

/// The date grammar over ``MetaToken``s. Each `…(at:)` tries one form at one token and
/// returns where it ended; nothing is allocated beyond the token array.
struct DateScanner {
    struct Found {
        var date: NewsDate
        var startByte: Int
        var endByte: Int
        var ambiguous: Bool
    }

    private struct DayPart {
        var y: Int, m: Int, d: Int
        var ambiguous: Bool
        var end: Int
    }

    private struct TimePart {
        var h: Int, mi: Int, s: Int
        var zone: DateVocabulary.Zone?
        var end: Int
    }

    let t: [MetaToken]
    let bytes: UnsafeBufferPointer<UInt8>
    let order: NumericDateOrder
    /// Accept `YYYYMMDD`.
    let compact: Bool

    init(bytes: UnsafeBufferPointer<UInt8>, order: NumericDateOrder, compact: Bool) {
        self.bytes = bytes
        self.t = MetaToken.tokenize(bytes)
        self.order = order
        self.compact = compact
    }

    /// The first date in the line.
    func first() -> Found? {
        for i in t.indices {
            let k = t[i]
            if k.kind == .number || (k.kind == .word && DateVocabulary.months[k.key] != nil) {
                if let f = match(at: i) { return f }
            }
        }
        return nil
    }

    /// The date when the whole line is labels, one date and punctuation.
    func wholeText() -> Found? {
        for i in t.indices {
            let k = t[i]
            if k.kind == .punct { continue }
            if k.kind == .word, DateVocabulary.months[k.key] == nil,
               DateVocabulary.labels.contains(k.key) || DateVocabulary.weekdays.contains(k.key)
            {
                continue
            }
            if let f = match(at: i, endIndex: true) { return f }
            // `mar.` is Tuesday in French and March elsewhere: a weekday that opens no date is a label.
            if k.kind == .word, DateVocabulary.weekdays.contains(k.key) { continue }
            return nil
        }
        return nil
    }

    // MARK: - Whole matches

    private func match(at i: Int, endIndex: Bool = false) -> Found? {
        var found: (DayPart, TimePart?, Int)?
        if let day = dayPart(at: i) {
            var end = day.end
            var time: TimePart? = nil
            var j = end
            var skipped = 0
            while j < t.count, skipped < 3, isTimeJoiner(j) { j += 1; skipped += 1 }
            if let tm = timePart(at: j), endsCleanly(tm.end) {
                time = tm
                end = tm.end
            }
            if time != nil || endsCleanly(end) { found = (day, time, end) }
        } else if startsCleanly(i), let tm = timePart(at: i) {
            var j = tm.end
            var skipped = 0
            while j < t.count, skipped < 3, isTimeJoiner(j) || t[j].isWord(Keys.on) { j += 1; skipped += 1 }
            if let day = dayPart(at: j), endsCleanly(day.end) { found = (day, tm, day.end) }
        }
        guard let (day, time, end) = found else { return nil }
        if endIndex {
            for k in end..<t.count where t[k].kind != .punct { return nil }
        }
        var offset: Int? = nil
        switch time?.zone {
        case .fixed(let o): offset = o
        case .usGeneric(let standard):
            offset = standard + (DateVocabulary.isUSDaylightTime(year: day.y, month: day.m, day: day.d) ? 60 : 0)
        case nil: break
        }
        let date = NewsDate(year: day.y, month: day.m, day: day.d, hour: time?.h, minute: time?.mi,
                            second: time?.s, utcOffsetMinutes: offset)
        guard date.isValid else { return nil }
        let startTok = min(i, weekdayStart(before: i))
        return Found(date: date, startByte: t[startTok].start, endByte: t[end - 1].end, ambiguous: day.ambiguous)
    }

    /// The index of a weekday (with its `,` or `.`) right before token `i`, or `i`.
    private func weekdayStart(before i: Int) -> Int {
        var k = i - 1
        while k >= 0, k >= i - 3, t[k].isPunct(0x2C) || t[k].isPunct(0x2E) { k -= 1 }
        if k >= 0, t[k].kind == .word, DateVocabulary.weekdays.contains(t[k].key) { return k }
        return i
    }

    // MARK: - The calendar day

    private func dayPart(at i: Int) -> DayPart? {
        guard i < t.count else { return nil }
        let k = t[i]
        if k.kind == .word {
            guard let month = DateVocabulary.months[k.key] else { return nil }
            return monthFirst(month, at: i)
        }
        guard k.kind == .number else { return nil }
        // Marked dates stand glued to the text before them (`北京2024年4月24日电`).
        if k.digits == 4, let marked = yearMonthDayMarked(at: i) { return marked }
        guard startsCleanly(i) else { return nil }
        switch k.digits {
        case 4: return yearFirst(at: i)
        case 1, 2: return numeric(at: i) ?? dayFirst(at: i)
        case 8 where compact:
            let v = k.value
            return DayPart(y: v / 10_000, m: v / 100 % 100, d: v % 100, ambiguous: false, end: i + 1)
        default: return nil
        }
    }

    /// `2023-09-05`, `2023/09/05`, `2023.09.05`.
    private func yearFirst(at i: Int) -> DayPart? {
        guard i + 4 < t.count, let sep = separator(i + 1), !t[i + 1].spaceBefore,
              let m = number(i + 2, 1...2, adjacent: true), t[i + 3].isPunct(sep), !t[i + 3].spaceBefore,
              let d = number(i + 4, 1...2, adjacent: true)
        else { return nil }
        return DayPart(y: t[i].value, m: m, d: d, ambiguous: false, end: i + 5)
    }

    /// `2019年6月24日` (Chinese, Japanese) and `2026년 1월 29일` (Korean): each number followed
    /// by its unit. The day's unit may run on into the following text (`24日电`).
    private func yearMonthDayMarked(at i: Int) -> DayPart? {
        guard i + 5 < t.count, startsWithUnit(i + 1, DateScanner.yearUnits),
              let m = number(i + 2, 1...2, adjacent: false), startsWithUnit(i + 3, DateScanner.monthUnits),
              t[i + 3].end - t[i + 3].start == 3,
              let d = number(i + 4, 1...2, adjacent: false), startsWithUnit(i + 5, DateScanner.dayUnits)
        else { return nil }
        return DayPart(y: t[i].value, m: m, d: d, ambiguous: false, end: i + 6)
    }

    /// `年`/`년`, `月`/`월`, `日`/`일` in UTF-8.
    private static let yearUnits: [[UInt8]] = [[0xE5, 0xB9, 0xB4], [0xEB, 0x85, 0x84]]
    private static let monthUnits: [[UInt8]] = [[0xE6, 0x9C, 0x88], [0xEC, 0x9B, 0x94]]
    private static let dayUnits: [[UInt8]] = [[0xE6, 0x97, 0xA5], [0xEC, 0x9D, 0xBC]]

    /// Whether word token `i` starts with one of `units` (a year must be followed at once).
    private func startsWithUnit(_ i: Int, _ units: [[UInt8]]) -> Bool {
        guard i < t.count, t[i].kind == .word, t[i].end - t[i].start >= 3 else { return false }
        let s = t[i].start
        return units.contains { u in bytes[s] == u[0] && bytes[s + 1] == u[1] && bytes[s + 2] == u[2] }
    }

    /// `05.09.2023`, `09/05/2023`, `5-9-2023`.
    private func numeric(at i: Int) -> DayPart? {
        guard i + 4 < t.count, let sep = separator(i + 1), !t[i + 1].spaceBefore,
              let b = number(i + 2, 1...2, adjacent: true), t[i + 3].isPunct(sep), !t[i + 3].spaceBefore,
              let y = number(i + 4, 4...4, adjacent: true)
        else { return nil }
        let a = t[i].value
        if sep == 0x2E || a > 12 { return DayPart(y: y, m: b, d: a, ambiguous: false, end: i + 5) }
        if b > 12 { return DayPart(y: y, m: a, d: b, ambiguous: false, end: i + 5) }
        let ambiguous = a != b
        return order == .dayFirst
            ? DayPart(y: y, m: b, d: a, ambiguous: ambiguous, end: i + 5)
            : DayPart(y: y, m: a, d: b, ambiguous: ambiguous, end: i + 5)
    }

    /// `5 September 2023`, `05 Sep 2023`, `5. September 2023`, `5 de septiembre de 2023`,
    /// `05-Sep-2023`, `5th of September, 2023`.
    private func dayFirst(at i: Int) -> DayPart? {
        var j = i + 1
        if j < t.count, t[j].kind == .word, !t[j].spaceBefore, DateVocabulary.ordinals.contains(t[j].key) { j += 1 }
        if j < t.count, t[j].isPunct(0x2E), !t[j].spaceBefore { j += 1 }
        if j < t.count, t[j].isPunct(0x2D) { j += 1 }
        if j < t.count, t[j].kind == .word, DateVocabulary.dateJoiners.contains(t[j].key) { j += 1 }
        guard j < t.count, t[j].kind == .word, let month = DateVocabulary.months[t[j].key] else { return nil }
        j += 1
        if j < t.count, t[j].isPunct(0x2E), !t[j].spaceBefore { j += 1 }
        if j < t.count, t[j].isPunct(0x2C) || t[j].isPunct(0x2D) { j += 1 }
        if j < t.count, t[j].kind == .word, DateVocabulary.dateJoiners.contains(t[j].key) { j += 1 }
        guard let y = number(j, 4...4, adjacent: false) else { return nil }
        return DayPart(y: y, m: month, d: t[i].value, ambiguous: false, end: j + 1)
    }

    /// `Sep 4, 2023`, `Sept. 5, 2023`, `Sep 05 2023`, `September 5th, 2023`.
    private func monthFirst(_ month: Int, at i: Int) -> DayPart? {
        var j = i + 1
        if j < t.count, t[j].isPunct(0x2E), !t[j].spaceBefore { j += 1 }
        if j < t.count, t[j].isPunct(0x2D) { j += 1 }
        guard let d = number(j, 1...2, adjacent: false) else { return nil }
        j += 1
        if j < t.count, t[j].kind == .word, !t[j].spaceBefore, DateVocabulary.ordinals.contains(t[j].key) { j += 1 }
        if j < t.count, t[j].isPunct(0x2C) || t[j].isPunct(0x2D) { j += 1 }
        guard let y = number(j, 4...4, adjacent: false) else { return nil }
        return DayPart(y: y, m: month, d: d, ambiguous: false, end: j + 1)
    }

    // MARK: - The time of day

    /// `14:11`, `14:11:00.123`, `2:11 PM`, `2 p.m.`, `14h11`, `14.11 Uhr`, then a zone.
    private func timePart(at j: Int) -> TimePart? {
        guard var h = number(j, 1...2, adjacent: false) else { return nil }
        var k = j + 1
        var mi = 0
        var s = 0
        var hasMinutes = false
        if k + 1 < t.count, t[k].isPunct(0x3A), !t[k].spaceBefore, let m = number(k + 1, 2...2, adjacent: true) {
            mi = m
            k += 2
            hasMinutes = true
            if k + 1 < t.count, t[k].isPunct(0x3A), !t[k].spaceBefore, let sec = number(k + 1, 2...2, adjacent: true) {
                s = sec
                k += 2
                if k + 1 < t.count, t[k].isPunct(0x2E) || t[k].isPunct(0x2C), !t[k].spaceBefore,
                   t[k + 1].kind == .number, !t[k + 1].spaceBefore
                {
                    k += 2
                }
            }
        } else if k < t.count, t[k].isWord(Keys.h), !t[k].spaceBefore {
            k += 1
            hasMinutes = true
            if let m = number(k, 2...2, adjacent: true) { mi = m; k += 1 }
        } else if k + 2 < t.count, t[k].isPunct(0x2E), !t[k].spaceBefore,
                  let m = number(k + 1, 2...2, adjacent: true), t[k + 2].isWord(Keys.uhr)
        {
            mi = m
            k += 2
            hasMinutes = true
        }
        var meridiem: Int? = nil
        if k < t.count, t[k].kind == .word {
            if t[k].key == Keys.am || t[k].key == Keys.pm {
                meridiem = t[k].key == Keys.pm ? 1 : 0
                k += 1
            } else if (t[k].key == Keys.a || t[k].key == Keys.p), k + 2 < t.count, t[k + 1].isPunct(0x2E),
                      !t[k + 1].spaceBefore, t[k + 2].isWord(Keys.m)
            {
                // `p.m.`, also `P. M.` as some Spanish-language pages write it.
                meridiem = t[k].key == Keys.p ? 1 : 0
                k += 3
                if k < t.count, t[k].isPunct(0x2E), !t[k].spaceBefore { k += 1 }
            }
        }
        if meridiem == nil, !hasMinutes { return nil }
        if let mer = meridiem {
            guard (1...12).contains(h) else { return nil }
            h = h % 12 + (mer == 1 ? 12 : 0)
        }
        guard h <= 23, mi <= 59, s <= 60 else { return nil }
        if k < t.count, t[k].kind == .word, Keys.hourWords.contains(t[k].key) { k += 1 }
        var zone: DateVocabulary.Zone? = nil
        if let (z, end) = zonePart(at: k) {
            zone = z
            k = end
        }
        return TimePart(h: h, mi: mi, s: s, zone: zone, end: k)
    }

    /// `Z`, `GMT`, `UTC+5:30`, `GMT-4`, `+0530`, `-04:00`, `IST`, `(EDT)`.
    private func zonePart(at k0: Int) -> (DateVocabulary.Zone, Int)? {
        var k = k0
        guard k < t.count else { return nil }
        var paren = false
        if t[k].isPunct(0x28), k + 2 < t.count, t[k + 1].kind == .word, t[k + 2].isPunct(0x29) {
            paren = true
            k += 1
        }
        let tok = t[k]
        if tok.kind == .word {
            if tok.key == Keys.gmt || tok.key == Keys.utc || tok.key == Keys.ut {
                k += 1
                if !paren, k < t.count, !t[k].spaceBefore, let (o, end) = signedOffset(at: k, shortHours: true) {
                    return (.fixed(o), end)
                }
                return (.fixed(0), k + (paren ? 1 : 0))
            }
            if tok.key == Keys.z, !tok.spaceBefore { return (.fixed(0), k + 1) }
            guard isAllCaps(tok), let z = DateVocabulary.zones[tok.key] else { return nil }
            return (z, k + 1 + (paren ? 1 : 0))
        }
        if !paren, let (o, end) = signedOffset(at: k, shortHours: false) { return (.fixed(o), end) }
        return nil
    }

    /// `+0530`, `-04:00`, `+05`; with `shortHours` also `+5`, `-4`.
    private func signedOffset(at k: Int, shortHours: Bool) -> (Int, Int)? {
        guard k + 1 < t.count, t[k].kind == .punct, t[k].value == 0x2B || t[k].value == 0x2D || t[k].value == MetaToken.dash,
              t[k + 1].kind == .number, !t[k + 1].spaceBefore
        else { return nil }
        let sign = t[k].value == 0x2B ? 1 : -1
        let n = t[k + 1]
        var hours = 0
        var minutes = 0
        var end = k + 2
        if n.digits == 4 {
            hours = n.value / 100
            minutes = n.value % 100
        } else if n.digits == 2 || (n.digits == 1 && shortHours) {
            hours = n.value
            if let m = number(k + 3, 2...2, adjacent: true), t[k + 2].isPunct(0x3A), !t[k + 2].spaceBefore {
                minutes = m
                end = k + 4
            }
        } else {
            return nil
        }
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign * (hours * 60 + minutes), end)
    }

    // MARK: - Helpers

    private func number(_ i: Int, _ digits: ClosedRange<Int>, adjacent: Bool) -> Int? {
        guard i < t.count, t[i].kind == .number, digits.contains(t[i].digits) else { return nil }
        if adjacent, t[i].spaceBefore { return nil }
        return t[i].value
    }

    /// `-`, `/` or `.` between numbers of an all-numeric date.
    private func separator(_ i: Int) -> UInt8? {
        guard i < t.count, t[i].kind == .punct else { return nil }
        switch t[i].value {
        case 0x2D, 0x2F, 0x2E: return UInt8(t[i].value)
        default: return nil
        }
    }

    /// Whether token `i` can join a date and its time (`,`, `/`, `|`, `-`, `–`, `·`, `at`, `um`, `T`, ...).
    private func isTimeJoiner(_ i: Int) -> Bool {
        let k = t[i]
        switch k.kind {
        case .punct:
            switch k.value {
            case 0x2C, 0x2F, 0x7C, 0x2D, 0x40, MetaToken.dash, MetaToken.bullet: return true
            default: return false
            }
        case .word: return DateVocabulary.timeJoiners.contains(k.key)
        case .number: return false
        }
    }

    /// A number that starts a date must not continue something (`v1.05.09.2023`, `x2023-09-05`);
    /// a label glued to it is allowed (`Erstellt am09.02.2022`, as inline elements join).
    private func startsCleanly(_ i: Int) -> Bool {
        guard i > 0, !t[i].spaceBefore else { return true }
        let p = t[i - 1]
        switch p.kind {
        case .word: return DateVocabulary.labels.contains(p.key) && p.end - p.start > 1
        case .number: return false
        case .punct:
            switch p.value {
            case 0x2E, 0x2F, 0x2D, 0x2B, 0x5F: return false
            default: return true
            }
        }
    }

    /// A date must not run on into more digits or letters (`2023-09-05-1`, `1.2.2023.4`).
    private func endsCleanly(_ e: Int) -> Bool {
        guard e < t.count, !t[e].spaceBefore else { return true }
        let n = t[e]
        switch n.kind {
        case .word, .number: return false
        case .punct:
            switch n.value {
            case 0x2E, 0x2F, 0x2D, 0x3A:
                return !(e + 1 < t.count && t[e + 1].kind == .number && !t[e + 1].spaceBefore)
            default: return true
            }
        }
    }

    private func isAllCaps(_ k: MetaToken) -> Bool {
        for i in k.start..<k.end where !(bytes[i] >= 0x41 && bytes[i] <= 0x5A) { return false }
        return true
    }

    private enum Keys {
        static let h = WordKey("h")
        static let uhr = WordKey("uhr")
        static let am = WordKey("am")
        static let pm = WordKey("pm")
        static let a = WordKey("a")
        static let p = WordKey("p")
        static let m = WordKey("m")
        static let z = WordKey("z")
        static let gmt = WordKey("gmt")
        static let utc = WordKey("utc")
        static let ut = WordKey("ut")
        static let on = WordKey("on")
        static let hourWords: Set<WordKey> = Set(["uhr", "h", "hrs", "hr", "horas", "hs", "heures"].map(WordKey.init))
    }
}
