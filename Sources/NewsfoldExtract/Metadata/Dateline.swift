/// A parsed dateline: `SEOUL, Sept. 5 (UPI) --` or `WASHINGTON (AP) —`.
///
/// ```swift
/// let text = "SEOUL, Sept. 5 (UPI) -- North Korean leader Kim Jong Un may ..."
/// if let d = Dateline.parse(text) {
///     print(d.place, d.wire ?? "-")       // SEOUL UPI
///     print(text[d.bodyStart...])         // North Korean leader Kim Jong Un may ...
/// }
/// ```
///
/// Accepted shape, at the very start of the paragraph:
/// `PLACE[, Region][, date] [(CREDIT)] SEPARATOR Sentence`, where
/// - PLACE is one to six words. Without a credit in parentheses it must be in capitals
///   (`WASHINGTON`, `DEATH VALLEY JUNCTION`); with one it may be capitalised (`Rosenberg`).
/// - Region is capitalised words or abbreviations (`Calif.`, `TX`, `South Korea`); date is a
///   short day-and-month (`Sept. 5`, `5 sept`).
/// - CREDIT is an agency (`(AP)`, `(Reuters)`, `(UPI)`) or a short name in capitals (`(CNN)`).
/// - SEPARATOR is `—`, `–`, `-` or `--` followed by a space (or a dash followed directly by
///   the sentence), or `:` after a place in capitals with no credit (`NEW DELHI: `).
/// - The sentence starts with a capital, a digit or a quotation mark.
/// Paragraph openers in capitals that are labels (`UPDATE:`, `BREAKING:`, `WATCH:`) are not
/// places. Looks at the first 200 bytes only: O(1) per paragraph.
public struct Dateline: Sendable, Equatable {
    /// The place, as written (`SEOUL`, `DEATH VALLEY JUNCTION, Calif.`).
    public var place: String
    /// The agency named in the dateline, canonical (`UPI`).
    public var wire: String?
    /// Where the dateline ends and the sentence begins.
    public var bodyStart: String.Index

    /// A dateline from its parts; `bodyStart` is an index of the paragraph it was read from.
    public init(place: String, wire: String?, bodyStart: String.Index) {
        self.place = place
        self.wire = wire
        self.bodyStart = bodyStart
    }

    /// Parses the dateline at the start of a paragraph, or returns `nil` when there is none.
    public static func parse(_ paragraph: String) -> Dateline? {
        let head = paragraph.utf8.prefix(200)
        let result: (Int, Int, String?, Int)? = {
            if let r = head.withContiguousStorageIfAvailable({ scan($0) }) { return r }
            return Array(head).withUnsafeBufferPointer { scan($0) }
        }()
        guard let (placeStart, placeEnd, wire, body) = result else { return nil }
        let u = paragraph.utf8
        let lo = u.index(u.startIndex, offsetBy: placeStart)
        let hi = u.index(u.startIndex, offsetBy: placeEnd)
        let bodyIndex = u.index(u.startIndex, offsetBy: body)
        return Dateline(place: String(paragraph[lo..<hi]), wire: wire, bodyStart: bodyIndex)
    }

    /// (place start, place end, wire, body start) in bytes.
    private static func scan(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int, String?, Int)? {
        let t = MetaToken.tokenize(b)
        guard let first = t.first, first.kind == .word else { return nil }
        var i = 0
        let place = readPlace(b, t, at: &i)
        guard place.words >= 1, place.words <= 6, place.titled, i < t.count else { return nil }
        if place.allCaps, place.words <= 2, stoplist.contains(t[0].key) { return nil }
        var placeEnd = place.end
        guard readSegments(b, t, at: &i, placeEnd: &placeEnd), let credit = readCredit(b, t, at: &i),
            credit.credited || place.allCaps, i < t.count,
            readSeparator(t, at: &i, colonAllowed: !credit.credited && place.allCaps),
            i < t.count, opensSentence(b, t[i])
        else { return nil }
        return (t[0].start, placeEnd, credit.wire, t[i].start)
    }

    /// The PLACE words read by ``readPlace(_:_:at:)``.
    private struct Place {
        var words = 0
        /// No word holds a lower-case letter.
        var allCaps = true
        /// Every word starts with a capital.
        var titled = true
        /// Byte offset after the last word (or its abbreviation point).
        var end = 0
    }

    /// PLACE: words joined by spaces, `.`, `'`, `-`, from token `i` on; leaves `i` at the
    /// first token after them.
    private static func readPlace(_ b: UnsafeBufferPointer<UInt8>, _ t: [MetaToken], at i: inout Int) -> Place {
        var place = Place()
        while i < t.count {
            let k = t[i]
            if k.kind == .word {
                place.words += 1
                if hasLower(b, k) { place.allCaps = false }
                if !startsUpper(b, k) { place.titled = false }
                place.end = k.end
                i += 1
            } else if k.kind == .punct, k.value == 0x2E || k.value == 0x27 || (k.value == 0x2D && !k.spaceBefore
                && i + 1 < t.count && !t[i + 1].spaceBefore && t[i + 1].kind == .word)
            {
                if k.value == 0x2E { place.end = k.end }
                i += 1
            } else {
                break
            }
        }
        return place
    }

    /// Up to three `, Region` and `, date` segments from token `i` on, `i` left after them; a
    /// region moves `placeEnd` to its end. False when a segment is neither.
    private static func readSegments(
        _ b: UnsafeBufferPointer<UInt8>, _ t: [MetaToken], at i: inout Int, placeEnd: inout Int
    ) -> Bool {
        var segments = 0
        while i < t.count, t[i].isPunct(0x2C), segments < 3 {
            var j = i + 1
            var words = 0
            var numbers = 0
            var month = false
            var capitalised = true
            var end = 0
            while j < t.count {
                let k = t[j]
                if k.kind == .word {
                    words += 1
                    if DateVocabulary.months[k.key] != nil { month = true }
                    if !startsUpper(b, k) { capitalised = false }
                } else if k.kind == .number {
                    numbers += 1
                } else if !(k.value == 0x2E || k.value == 0x27 || (k.value == 0x2D && !k.spaceBefore)) {
                    break
                }
                end = k.end
                j += 1
            }
            if numbers > 0 {
                guard month, words <= 2, numbers <= 2 else { return false }
            } else {
                guard words >= 1, words <= 4, capitalised else { return false }
                placeEnd = end
            }
            segments += 1
            i = j
        }
        return true
    }

    /// `(CREDIT)` at token `i`, `i` left after it: an agency (`wire`), or a short word in
    /// capitals such as `(CNN)`. Not credited when token `i` opens no parenthesis; nil when
    /// the parenthesis holds neither.
    private static func readCredit(
        _ b: UnsafeBufferPointer<UInt8>, _ t: [MetaToken], at i: inout Int
    ) -> (credited: Bool, wire: String?)? {
        guard i < t.count, t[i].isPunct(0x28) else { return (false, nil) }
        var j = i + 1
        while j < t.count, !t[j].isPunct(0x29), j - i < 8 { j += 1 }
        guard j < t.count, t[j].isPunct(0x29), j > i + 1 else { return nil }
        let inner = UnsafeBufferPointer(rebasing: b[t[i].start..<t[j].end])
        let wire = WireCredit.detect(inner, tokens: MetaToken.tokenize(inner))
        if wire == nil {
            // A short credit in capitals: (CNN), (KTLA).
            guard j == i + 2, t[i + 1].kind == .word, !hasLower(b, t[i + 1]), t[i + 1].end - t[i + 1].start <= 8
            else { return nil }
        }
        i = j + 1
        return (true, wire)
    }

    /// SEPARATOR at token `i` (which exists), `i` left after it: `—`, `–` and the like, `-`
    /// or `--` followed by a space, or `:` when `colonAllowed`. False when there is none.
    private static func readSeparator(_ t: [MetaToken], at i: inout Int, colonAllowed: Bool) -> Bool {
        let sep = t[i]
        if sep.isPunct(0x3A) {
            guard colonAllowed else { return false }
            i += 1
        } else if sep.kind == .punct, sep.value == MetaToken.dash || sep.value == 0x2D {
            i += 1
            if sep.value == 0x2D, i < t.count, t[i].isPunct(0x2D), !t[i].spaceBefore { i += 1 }
            if sep.value == 0x2D, i < t.count, !t[i].spaceBefore { return false }
        } else {
            return false
        }
        return true
    }

    /// Whether token `k` can start the sentence: a number, a capitalised word, or a quotation
    /// mark.
    private static func opensSentence(_ b: UnsafeBufferPointer<UInt8>, _ k: MetaToken) -> Bool {
        switch k.kind {
        case .number: return true
        case .word: return startsUpper(b, k)
        case .punct: return k.value == 0x22 || k.value == 0x27 || k.value == MetaToken.otherMark
        }
    }

    /// Capitalised words that open paragraphs as labels, not places.
    private static let stoplist: Set<WordKey> = Set(
        ["update", "updated", "breaking", "exclusive", "watch", "live", "read", "editor", "photos",
         "video", "correction", "analysis", "opinion", "note", "related", "advertisement", "listen",
         "warning", "alert", "see", "also", "more", "click", "sponsored", "by"].map(WordKey.init))

    private static func hasLower(_ b: UnsafeBufferPointer<UInt8>, _ k: MetaToken) -> Bool {
        var i = k.start
        while i < k.end {
            let c = b[i]
            if c >= 0x61 && c <= 0x7A { return true }
            if c == 0xC3, i + 1 < k.end, b[i + 1] >= 0xA0 { return true }
            i += 1
        }
        return false
    }

    private static func startsUpper(_ b: UnsafeBufferPointer<UInt8>, _ k: MetaToken) -> Bool {
        let c = b[k.start]
        if c >= 0x41 && c <= 0x5A { return true }
        if c == 0xC3, k.start + 1 < k.end { return b[k.start + 1] < 0xA0 }
        return c >= 0xC4  // other scripts and letters: no case information here
    }
}
