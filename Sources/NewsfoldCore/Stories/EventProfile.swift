/// What identifies the event an article reports, as raw counts before weighting: its words
/// (``terms``) and its names and numbers (``entities``).
///
/// Read in one pass over UTF-8 bytes, O(length), no `Character` iteration:
/// - terms: lowercased words of two or more letters, minus English function words, plural
///   `-s`/`-ies` folded; headline words count ``titleWeight`` times.
/// - entities: capitalised words inside a sentence (`Putin`, `Pyongyang`), runs of capitalised
///   words (`Kim Jong Un`, also at a sentence start), and numbers (`6.1`, `54`, `2005`). They tell
///   two events of one kind apart: two earthquakes differ by place, toll and magnitude.
/// - dates written in the text: a month name followed by a day or a year (`March 14`,
///   `Jan. 5`, `March 2005`) is one more entity, counting ``dateWeight`` times. Look-alike
///   events of one kind (two patches, two title fights) mostly differ by *when*, and the text
///   says when even if the page has no publication date.
///
/// Keys are 64-bit FNV-1a hashes; terms and entities use different seeds, so the shared
/// ``DocumentFrequencies`` table keeps them apart.
///
/// ```swift
/// let p = EventProfile(title: "Quake hits Chile", text: "A 6.1 quake struck Santiago on Monday.")
/// p.entities.count   // santiago, 6.1
/// ```
public struct EventProfile: Sendable, Equatable {
    /// Word counts (title words weighted).
    public var terms: SparseVector
    /// Name and number counts.
    public var entities: SparseVector

    /// How much more a headline word counts than a body word: headlines name the event.
    public static let titleWeight: Float = 2
    /// How much a written date (month + day or month + year) counts among the entities: as much
    /// as the two words it is made of (the month name and the number also count on their own).
    public static let dateWeight: Float = 2
    /// Only the first this many bytes of the body are read: the event is stated in the first
    /// paragraphs, and it bounds the cost of very long pages.
    public static let maxTextBytes = 24_000

    /// The profile of an article: its headline (weighing ``titleWeight``) and the first
    /// ``maxTextBytes`` bytes of its body, tokenised once. O(headline + ``maxTextBytes``).
    public init(title: String?, text: String) {
        var scanner = ProfileScanner(bytes: Swift.min(text.utf8.count, EventProfile.maxTextBytes))
        if var t = title {
            t.withUTF8 { scanner.scan($0, weight: EventProfile.titleWeight, entities: false) }
        }
        var body = text
        body.withUTF8 { buf in
            let n = Swift.min(buf.count, EventProfile.maxTextBytes)
            scanner.scan(UnsafeBufferPointer(rebasing: buf[0..<n]), weight: 1, entities: true)
        }
        // A page without a body: its headline is all there is, names included.
        if scanner.entityCounts.isEmpty, var t = title {
            t.withUTF8 { scanner.scan($0, weight: 0, entities: true) }
        }
        terms = SparseVector(scanner.termCounts)
        entities = SparseVector(scanner.entityCounts)
    }

    /// Hash of a term as ``terms`` keys it (lowercase, plural folded); for tests and explanations.
    public static func termKey(_ word: String) -> UInt64 {
        termHash(Array(word.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
    }

    /// Hash of a name or number as ``entities`` keys it: words lowercased, joined by one space.
    public static func entityKey(_ name: String) -> UInt64 {
        var h = entitySeed
        var first = true
        for part in name.split(separator: " ") {
            if !first { h = mix(h, 0x20) }
            first = false
            for b in part.utf8 { h = mix(h, b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        }
        return h
    }

    static let termSeed: UInt64 = 0xcbf2_9ce4_8422_2325
    static let entitySeed: UInt64 = 0x84222325_cbf29ce4

    @inline(__always)
    static func mix(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x100_0000_01b3 }

    @inline(__always)
    static func fnv<Bytes: Collection<UInt8>>(_ bytes: Bytes, seed: UInt64) -> UInt64 {
        var h = seed
        for b in bytes { h = mix(h, b) }
        return h
    }

    /// The term key of a lowercased word, plural folded: `cities` as `city`, `quakes` as
    /// `quake`; `ss`, `us`, `is` endings and words of three letters or fewer stay as they are.
    /// Hashes the folded word without building it.
    @inline(__always)
    static func termHash<Bytes: RandomAccessCollection<UInt8>>(_ w: Bytes) -> UInt64 where Bytes.Index == Int {
        let n = w.count
        var kept = n
        var tail: UInt8? = nil
        if n > 3, w[n - 1] == 0x73 {  // s
            if n > 4, w[n - 2] == 0x65, w[n - 3] == 0x69 {  // ies -> y
                kept = n - 3
                tail = 0x79
            } else if w[n - 2] != 0x73 && w[n - 2] != 0x75 && w[n - 2] != 0x69 {  // not ss, us, is
                kept = n - 1
            }
        }
        var h = termSeed
        for i in 0..<kept { h = mix(h, w[i]) }
        if let t = tail { h = mix(h, t) }
        return h
    }

    /// What a word is to the profile, by its plain hash (``fnv(_:seed:)`` at seed 0): the
    /// ``stopWord``, ``monthName`` and ``monthAbbreviation`` bits (`may` has all three), or
    /// not filed. One multiply and usually one probe a look-up, where a `Set<UInt64>` runs
    /// SipHash.
    static let wordClasses: BucketTable = {
        var table = BucketTable(minimumCapacity: 1024)
        func file(_ words: String, _ kind: (Substring) -> Int32) {
            for w in words.split(whereSeparator: \.isWhitespace) {
                let key = fnv(Array(w.utf8), seed: 0)
                table.exchange(key, max(table.value(key), 0) | kind(w))
            }
        }
        file(functionWords) { _ in stopWord }
        // An abbreviation (`Jan`, `Sept`: four letters or fewer) may take a period before its
        // day; `june` and `july` are whole words (`may` counts as an abbreviation, as it did).
        file(monthNames) { $0.count <= 4 && $0 != "june" && $0 != "july" ? monthName | monthAbbreviation : monthName }
        return table
    }()
    static let stopWord: Int32 = 1
    static let monthName: Int32 = 2
    static let monthAbbreviation: Int32 = 4

    /// English month names and their abbreviations (`sept` too).
    static let monthNames = """
        january february march april may june july august september october november december
        jan feb mar apr jun jul aug sep sept oct nov dec
        """

    /// English function words: frequent, and never what an event is about. Month and day names
    /// stay: dates tell look-alike events apart.
    static let functionWords = """
        a about above after again against all also am an and any are as at be because been
        before being below between both but by can could did do does doing down during each
        few for from further had has have having he her here hers herself him himself his how
        i if in into is it its itself just me more most my myself no nor not now of off on
        once only or other our ours ourselves out over own same she should so some such than
        that the their theirs them themselves then there these they this those through to too
        under until up very was we were what when where which while who whom why will with
        would you your yours yourself yourselves said says say told according new one two
        three also would may might could like get got mr mrs ms dr yet still since though
        however per via will just many much last first next year years time week day days
        today yesterday tomorrow am pm
        """
}

extension SparseVector {
    /// The sums as a vector.
    init(_ sums: KeySums<Float>) {
        let (keys, values) = sums.sorted()
        self.init(sortedKeys: keys, values: values)
    }
}

/// The byte scanner behind ``EventProfile``: tokens, sentence starts, capitalised runs.
struct ProfileScanner {
    var termCounts: KeySums<Float>
    var entityCounts: KeySums<Float>
    /// ``EventProfile/wordClasses``, held here so that the loop does not check a global's
    /// initialisation per word.
    private let classes = EventProfile.wordClasses

    // The current run of capitalised words.
    private var runHashes: [UInt64] = []
    private var runKey: UInt64 = EventProfile.entitySeed
    private var runStartsSentence = false
    /// The bytes of words as they are read (ASCII lowercased): as long as the longest input.
    private var scratch: [UInt8] = []
    /// The entity hash of a month name just read, while a day or year may still follow it.
    private var pendingMonth: UInt64? = nil
    /// Whether that month name is an abbreviation (`Jan`, `Sept`), which a period may follow.
    private var pendingMonthIsAbbreviation = false

    /// A scanner for a text of about `bytes` bytes (sizes its tables).
    init(bytes: Int) {
        termCounts = KeySums(expected: bytes / 10)
        entityCounts = KeySums(expected: bytes / 40)
        runHashes.reserveCapacity(8)
    }

    /// Reads `buf` (a headline or a body) into the counts: its terms at `weight` (none at 0),
    /// and its names, numbers and written dates when `entities` is set.
    mutating func scan(_ buf: UnsafeBufferPointer<UInt8>, weight: Float, entities: Bool) {
        if scratch.count < buf.count { scratch = [UInt8](repeating: 0, count: buf.count) }
        var words = scratch
        scratch = []  // the scan holds the buffer: no copy on write
        defer { scratch = words }
        words.withUnsafeMutableBufferPointer { w in scan(buf, words: w, weight: weight, entities: entities) }
    }

    private mutating func scan(
        _ buf: UnsafeBufferPointer<UInt8>, words w: UnsafeMutableBufferPointer<UInt8>, weight: Float, entities: Bool
    ) {
        var i = 0
        var gap = Gap(sentenceStart: true, onlySpaces: false)
        runHashes.removeAll(keepingCapacity: true)
        pendingMonth = nil
        pendingMonthIsAbbreviation = false
        while i < buf.count {
            if let next = skipSeparator(buf, at: i, &gap) {
                i = next
                continue
            }
            let start = i
            let (length, isNumber) = readWord(buf, &i, into: w)
            let word = UnsafeBufferPointer(rebasing: w[0..<length])
            if isNumber {
                if entities { countNumber(word, after: gap) }
                pendingMonth = nil
                pendingMonthIsAbbreviation = false
                closeRun()
            } else {
                countWord(
                    word, capitalised: startsCapitalised(buf, at: start), weight: weight, entities: entities, after: gap)
            }
            gap = Gap(sentenceStart: false, onlySpaces: true)
        }
        closeRun()
    }

    /// What lies between the last word and the next one.
    private struct Gap {
        /// A sentence starts after it (`.`, `!`, `?`, `:`, `;`, `|`, a newline, an ellipsis).
        var sentenceStart: Bool
        /// Only spaces and hyphens: a run of names goes on across it.
        var onlySpaces: Bool
    }

    /// Steps over the separator at `i` (ASCII punctuation and spaces, multibyte punctuation:
    /// quotes, dashes, nbsp), noting in `gap` what it ends; returns the index after it, or
    /// `nil` when a word or number starts at `i`.
    @inline(__always)
    private func skipSeparator(_ buf: UnsafeBufferPointer<UInt8>, at i: Int, _ gap: inout Gap) -> Int? {
        let b = buf[i]
        if b >= 0x80, let len = separatorLength(buf, i) {
            if b == 0xE2, buf[i + 1] == 0x80, buf[i + 2] == 0xA6 { gap.sentenceStart = true }  // …
            gap.onlySpaces = false
            return i + len
        }
        guard !isWordByte(b) else { return nil }
        switch b {
        case 0x20, 0x2D: break  // a space or hyphen keeps a run of names together
        case 0x2E where pendingMonthIsAbbreviation && i + 2 < buf.count && buf[i + 1] == 0x20
            && buf[i + 2] >= 0x30 && buf[i + 2] <= 0x39:
            break  // `Jan. 5`: the abbreviation's period neither ends the sentence nor the date
        case 0x2E, 0x21, 0x3F, 0x0A, 0x3A, 0x3B, 0x7C:  // . ! ? newline : ; |
            gap.sentenceStart = true
            gap.onlySpaces = false
        default: gap.onlySpaces = false  // quotes, brackets, commas end a run
        }
        return i + 1
    }

    /// Reads the word or number at `i` (letters, digits, multibyte letters; `.`/`,` inside
    /// numbers) into `w`, ASCII lowercased and `1,000` as `1000`, and moves `i` past it.
    /// Returns its length and whether it is a number: digits and no letters.
    @inline(__always)
    private func readWord(
        _ buf: UnsafeBufferPointer<UInt8>, _ i: inout Int, into w: UnsafeMutableBufferPointer<UInt8>
    ) -> (length: Int, isNumber: Bool) {
        let n = buf.count
        var digits = 0
        var letters = 0
        var length = 0
        while i < n {
            let c = buf[i]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
            } else if (c == 0x2E || c == 0x2C), digits > 0, letters == 0, i + 1 < n,
                buf[i + 1] >= 0x30, buf[i + 1] <= 0x39
            {
                if c == 0x2C { i += 1; continue }  // 1,000 -> 1000
            } else if c >= 0x80 {
                if separatorLength(buf, i) != nil { break }
                letters += 1
            } else if isWordByte(c) {
                letters += 1
            } else {
                break
            }
            w[length] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
            length += 1
            i += 1
        }
        return (length, digits > 0 && letters == 0)
    }

    /// Whether the word at `start` begins with a capital: `A`-`Z`, or `À`-`Þ` (C3 80-9E).
    @inline(__always)
    private func startsCapitalised(_ buf: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let first = buf[start]
        return (first >= 0x41 && first <= 0x5A)
            || (first == 0xC3 && start + 1 < buf.count && buf[start + 1] >= 0x80 && buf[start + 1] <= 0x9E)
    }

    /// Counts the number `word` as an entity; right after a month name (`gap` only spaces, same
    /// sentence), a day (1-2 digits) or year (4) also counts as a written date.
    @inline(__always)
    private mutating func countNumber(_ word: UnsafeBufferPointer<UInt8>, after gap: Gap) {
        entityCounts.add(EventProfile.fnv(word, seed: EventProfile.entitySeed), 1)
        if let month = pendingMonth, gap.onlySpaces, !gap.sentenceStart, word.count <= 4 {
            var h = EventProfile.mix(month, 0x20)
            for c in word { h = EventProfile.mix(h, c) }
            entityCounts.add(h, EventProfile.dateWeight)
        }
    }

    /// Counts `word`: as a term at `weight` (not a function word, two letters or more), and,
    /// when `entities` is set, in a run of capitalised names or as the end of one. A month name
    /// is kept as ``pendingMonth`` for a day or year that may follow.
    @inline(__always)
    private mutating func countWord(
        _ word: UnsafeBufferPointer<UInt8>, capitalised: Bool, weight: Float, entities: Bool, after gap: Gap
    ) {
        let kind = max(classes.value(EventProfile.fnv(word, seed: 0)), 0)
        let isStop = kind & EventProfile.stopWord != 0
        let isMonth = kind & EventProfile.monthName != 0
        pendingMonth = isMonth ? EventProfile.fnv(word, seed: EventProfile.entitySeed) : nil
        pendingMonthIsAbbreviation = kind & EventProfile.monthAbbreviation != 0
        if !isStop, word.count >= 2, weight > 0 {
            termCounts.add(EventProfile.termHash(word), weight)
        }
        guard entities else { return }
        if capitalised && !isStop && word.count >= 2 {
            extendRun(word, after: gap)
        } else {
            closeRun()
        }
    }

    /// Adds the capitalised `word` to the current run of names, or, after a sentence start or
    /// punctuation, ends that run and starts a new one.
    @inline(__always)
    private mutating func extendRun(_ word: UnsafeBufferPointer<UInt8>, after gap: Gap) {
        if !runHashes.isEmpty && gap.onlySpaces && !gap.sentenceStart {
            runKey = EventProfile.mix(runKey, 0x20)
        } else {
            closeRun()
            runStartsSentence = gap.sentenceStart
            runKey = EventProfile.entitySeed
        }
        for c in word { runKey = EventProfile.mix(runKey, c) }
        runHashes.append(EventProfile.fnv(word, seed: EventProfile.entitySeed))
    }

    /// Counts the run of capitalised words just ended: each word, and the whole run when it has
    /// two or more. A lone capitalised word at a sentence start is not a name.
    private mutating func closeRun() {
        guard !runHashes.isEmpty else { return }
        defer { runHashes.removeAll(keepingCapacity: true) }
        if runHashes.count >= 2 {
            for h in runHashes { entityCounts.add(h, 1) }
            entityCounts.add(runKey, 1)
        } else if runHashes.count == 1, !runStartsSentence {
            entityCounts.add(runHashes[0], 1)
        }
    }

    @inline(__always)
    private func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b >= 0x80
    }

    /// The length of the multibyte punctuation at `i`, or `nil` for a letter: U+2000-U+206F
    /// (E2 80/81 xx: quotes, dashes, ellipsis), U+00A0-U+00BF (C2 A0-BF: nbsp, guillemets),
    /// U+FEFF and fullwidth punctuation (EF BB/BC xx).
    @inline(__always)
    private func separatorLength(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let b = buf[i]
        if b == 0xE2, i + 2 < buf.count, buf[i + 1] == 0x80 || buf[i + 1] == 0x81 { return 3 }
        if b == 0xC2, i + 1 < buf.count, buf[i + 1] >= 0xA0, buf[i + 1] <= 0xBF { return 2 }
        if b == 0xEF, i + 2 < buf.count, buf[i + 1] == 0xBB || buf[i + 1] == 0xBC { return 3 }
        return nil
    }
}
