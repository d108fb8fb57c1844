import NewsfoldCore

/// The in-memory half of a store: the same `CopyGroupIndex` and `StoryClusterer` the batch
/// commands use, fed one article at a time, plus a mirror of each article's stored copy-group
/// assignment so that a store can write exactly the rows an article changed.
///
/// A store keeps articles, their fingerprints and the copy group each article had when it was
/// placed in a story; on open it rebuilds the engine with ``replay(_:)`` in ingest order, which
/// gives the same state, because both index and clusterer are deterministic.
///
/// ```swift
/// var engine = StoreEngine()
/// let placement = engine.place(article, fingerprint: engine.fingerprinter.fingerprint(
///     id: article.id, text: article.text, published: article.published))
/// print(placement.assignment.group, placement.story.story)
/// ```
///
/// Cost: ``place(_:fingerprint:)`` is the index's and the clusterer's cost for one article,
/// plus O(size of its copy group) to find the earlier articles whose group changed (only they
/// can change), paid only when the new article joins a copy group (a verified edge or an
/// exact copy); nothing grows with the number of stored articles. ``replay(_:)`` costs what the batch `stories` command costs
/// without extraction: O(total text) to re-profile for the clusterer. Memory: the index's and
/// the clusterer's, plus one ``Assignment``, one key, one id entry and one 16-byte store key per article.
public struct StoreEngine: Sendable {
    /// Copy-group settings (the batch commands' defaults unless given).
    public let parameters: DedupParameters
    /// Story settings (the batch commands' defaults unless given).
    public let settings: StorySettings
    /// Makes the fingerprints ``place(_:fingerprint:)`` takes; safe to call from any thread.
    public let fingerprinter: Fingerprinter
    private var copies: CopyGroupIndex
    private var clusterer: StoryClusterer
    /// The copy-group assignment of each article as last written, by ingest position.
    private var written: [Assignment] = []
    /// The group key each article was given to the clusterer, by ingest position.
    private var storyKeys: [String] = []
    /// Ingest position by id.
    private var position: [String: Int] = [:]
    /// The number of articles when the stories were last settled: a run that adds nothing
    /// after a settle does not settle again (a second settle may merge more, and the store
    /// records one settle a position).
    private var settledAt: Int? = nil
    /// The links between stories decided so far, followed through the merges.
    private var threads = StoryLinkBook()
    /// ``links`` as the last plan left them (``takeLinkChanges()``), and the book's version then.
    private var planned: (links: [Int: StoryLink], version: Int) = ([:], 0)
    /// Content hashes of non-empty texts seen (an exact copy joins without a new edge).
    private var contentHashes = Set<UInt64>()
    /// The store's keys (``ContentKey``) of the articles placed with one: what a store is
    /// asked not to store twice.
    private var contentKeys = Set<ContentKey>()

    /// An empty engine. Copy groups default to ``DedupParameters/storyView`` (as `newsfold
    /// stories`), so that an edited syndicated copy stays with its original.
    public init(parameters: DedupParameters? = nil, settings: StorySettings = StorySettings()) {
        // The story view: an edited syndicated copy stays with its original (as `newsfold stories`).
        let p = parameters ?? DedupParameters.storyView
        self.parameters = p
        self.settings = settings
        fingerprinter = Fingerprinter(parameters: p)
        copies = CopyGroupIndex(parameters: p)
        clusterer = StoryClusterer(settings: settings)
    }

    /// Number of articles placed or replayed.
    public var count: Int { written.count }

    /// What placing one article decided.
    public struct Placement: Sendable {
        /// The new article's copy group.
        public var assignment: Assignment
        /// The group key the clusterer was given (to store for ``replay(_:)``).
        public var storyGroup: String
        /// The new article's story, and stories it showed to be the same event.
        public var story: StoryAssignment
        /// Earlier articles whose copy group, nearest copy or similarity changed.
        public var changed: [Assignment]
    }

    /// One stored article to replay: its fingerprint and what the clusterer saw.
    public struct Replayed: Sendable {
        /// The fingerprint stored with the article.
        public var fingerprint: DocumentFingerprint
        /// What the clusterer was given: the article's id, headline, text, date and site, with the
        /// group key it was placed with (``Placement/storyGroup``).
        public var input: StoryInput
        /// Its store key, when the store keeps one (see ``holds(content:)``).
        public var content: ContentKey?
        /// The story the store holds it in, when known: ``replay(_:)`` returns the articles
        /// whose story the engine now gives otherwise.
        public var story: Int?
        /// Whether the stories were settled (``settle()``) right after this article.
        public var settles: Bool
        /// A stored article to replay, with its store key when the store keeps one, the story
        /// it is stored in, and whether the stories were settled after it.
        public init(
            fingerprint: DocumentFingerprint, input: StoryInput, content: ContentKey? = nil, story: Int? = nil,
            settles: Bool = false
        ) {
            self.fingerprint = fingerprint
            self.input = input
            self.content = content
            self.story = story
            self.settles = settles
        }
    }

    /// Whether an article with this id was placed or replayed. O(1).
    public func holds(id: String) -> Bool { position[id] != nil }

    /// Whether an article with this store key was placed or replayed with it. O(1).
    public func holds(content: ContentKey) -> Bool { contentKeys.contains(content) }

    /// Places a new article: its copy group, its story, and the earlier articles that changed.
    ///
    /// Copy groups stay whole in stories, as in the batch: the clusterer is given, as the
    /// article's group, the key its nearest copy was given (the first member's id), which does
    /// not change when a later, earlier-dated copy becomes the group's representative.
    ///
    /// `content` is the store's key for ``holds(content:)``; `profile`, when given, must be
    /// `EventProfile(title: article.title, text: article.text)` (made on any thread beforehand).
    public mutating func place(
        _ article: Article, fingerprint: DocumentFingerprint, content: ContentKey? = nil, profile: EventProfile? = nil
    ) -> Placement {
        if let content { contentKeys.insert(content) }
        let edgesBefore = copies.edges
        let mine = copies.add([fingerprint])[0]
        _ = copies.takeWarnings()
        let exactTwin = fingerprint.words > 0 && !contentHashes.insert(fingerprint.contentHash).inserted
        var changed: [Assignment] = []
        if copies.edges != edgesBefore || exactTwin {
            // Groups may have merged and representatives moved (possibly to this article), but
            // only within the article's group now: compare its earlier members with what was written.
            let earlier = copies.members(ofGroupOf: mine.index).filter { $0 < written.count }
            for a in copies.assignments(at: earlier) where a != written[a.index] {
                changed.append(a)
                written[a.index] = a
            }
        }
        written.append(mine)
        var key = article.id
        if let near = mine.duplicateOf, let i = position[near] {
            key = storyKeys[i]
        } else if let member = changed.first(where: { $0.group == mine.group }) ?? firstMember(of: mine.group) {
            key = storyKeys[member.index]
        }
        position[article.id] = storyKeys.count
        storyKeys.append(key)
        let story = clusterer.add(StoryInput(article, group: key), profile: profile)
        note(story)
        return Placement(assignment: mine, storyGroup: key, story: story, changed: changed)
    }

    /// Records a placement's merges and links in ``threads`` (in the order ``StoryMembership`` does).
    private mutating func note(_ a: StoryAssignment) {
        for gone in a.merged { threads.merge(gone, into: a.story) }
        threads.merge(a.repaired)
        threads.record(a.continued)
    }

    /// Settles the clusterer (``StoryClusterer/settle()``) and records its merges and links in
    /// ``threads``.
    private mutating func settleClusterer() -> StorySettlement {
        let settled = clusterer.settle()
        threads.merge(settled.merges)
        threads.record(settled.links)
        return settled
    }

    /// Each story that continues another, by id (``StoryLink``), followed through the merges:
    /// the links the store's `story_link` rows hold. O(links).
    public var links: [Int: StoryLink] { threads.resolved() }

    /// What changed in ``links`` since the last call (or the replay): the new or changed link
    /// of each story, `nil` for a story that continues nothing now. O(1) when no merge or link
    /// was recorded since (most batches), else O(links).
    mutating func takeLinkChanges() -> [Int: StoryLink?] {
        guard threads.version != planned.version else { return [:] }
        let now = links
        var changes: [Int: StoryLink?] = [:]
        for story in planned.links.keys where now[story] == nil { changes[story] = .some(nil) }
        for (story, l) in now where planned.links[story]?.continues != l.continues { changes[story] = l }
        planned = (now, threads.version)
        return changes
    }

    /// An earlier member of `group` (its representative, when that is not the new article).
    private func firstMember(of group: String) -> Assignment? {
        guard let i = position[group], i < written.count - 1 else { return nil }
        return written[i]
    }

    /// Replays stored articles in ingest order (after a restart), settling where the store
    /// settled: the index and clusterer reach the state they had, and the assignments are
    /// recomputed once at the end.
    ///
    /// Returns the articles (ingest positions, from 0) whose story the engine gives otherwise
    /// than ``Replayed/story`` says, with the engine's story: stories a former version of the
    /// model made, to be rewritten so that rows and engine agree. Empty when they do.
    @discardableResult
    public mutating func replay(_ articles: [Replayed]) -> [(position: Int, story: Int)] {
        var membership = StoryMembership()
        for r in articles {
            copies.insert([r.fingerprint])
            if r.fingerprint.words > 0 { contentHashes.insert(r.fingerprint.contentHash) }
            if let content = r.content { contentKeys.insert(content) }
            let key = r.input.group ?? r.input.id
            position[r.input.id] = storyKeys.count
            storyKeys.append(key)
            let placed = clusterer.add(r.input)
            note(placed)
            membership.add(storyKeys.count - 1, placed)
            if r.settles {
                membership.merge(settleClusterer().merges)
                settledAt = storyKeys.count
            }
        }
        _ = copies.takeWarnings()
        written = copies.assignments()
        planned = (links, threads.version)
        var moved: [(position: Int, story: Int)] = []
        for m in membership.stories() {
            for p in m.articles where articles[p].story.map({ $0 != m.id }) ?? false { moved.append((p, m.id)) }
        }
        return moved.sorted { $0.position < $1.position }
    }

    /// Ends an `ingest` run: repairs the fragments among the live stories
    /// (``StoryClusterer/settle()``), so that a store fed the input of `newsfold stories` in one
    /// run holds its stories, and decides the links of the live stories (``links``). Returns
    /// what it decided; `nil` when nothing was placed since the last settle (nothing to settle:
    /// the store records no settle there).
    public mutating func settle() -> StorySettlement? {
        guard settledAt != count else { return nil }
        settledAt = count
        return settleClusterer()
    }

    /// The current copy-group assignment of every article, in ingest order.
    public var assignments: [Assignment] { written }
}

/// The byte form of a ``DocumentFingerprint`` kept in a store: little-endian
/// `published` (Int64, `Int64.min` for none), `words`, `shingles`, `contentHash`, then the
/// signature's `UInt32`s. The id is stored beside it.
public enum FingerprintCodec {
    /// Encodes a fingerprint: `32 + 4 × permutations` bytes.
    public static func encode(_ fp: DocumentFingerprint) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32 + 4 * fp.signature.count)
        func put64(_ v: UInt64) { for s in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }
        put64(UInt64(bitPattern: fp.published ?? .min))
        put64(UInt64(fp.words))
        put64(UInt64(fp.shingles))
        put64(fp.contentHash)
        for v in fp.signature { for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
        return out
    }

    /// Decodes what ``encode(_:)`` wrote; `nil` when the bytes are not `permutations` long.
    public static func decode(id: String, _ bytes: [UInt8], permutations: Int) -> DocumentFingerprint? {
        guard bytes.count == 32 + 4 * permutations else { return nil }
        func get64(_ at: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[at + k]) << UInt64(8 * k) }
            return v
        }
        let published = Int64(bitPattern: get64(0))
        var signature = [UInt32](repeating: 0, count: permutations)
        for i in 0..<permutations {
            let at = 32 + 4 * i
            signature[i] =
                UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        return DocumentFingerprint(
            id: id, published: published == .min ? nil : published, words: Int(get64(8)),
            shingles: Int(get64(16)), contentHash: get64(24), signature: signature)
    }
}

/// The key a store deduplicates pages on: a 128-bit digest of what the article says (title,
/// body, url, publication date, site), so that the same page ingested twice, under any id, is
/// stored once, while the same wire text on two sites (different url or site) is two articles.
///
/// ```swift
/// let key = ContentKey(article)
/// print(key.hex)          // 32 hex digits
/// ```
///
/// Cost: O(bytes of the article), two multiplies per byte.
public struct ContentKey: Sendable, Hashable {
    /// The digest's first 64 bits (the first 16 digits of ``hex``).
    public var high: UInt64
    /// The digest's last 64 bits (the last 16 digits of ``hex``).
    public var low: UInt64

    /// The key of `a`: its title, paragraphs, url, publication date and site (else domain).
    public init(_ a: Article) {
        var h1: UInt64 = 0xCBF2_9CE4_8422_2325
        var h2: UInt64 = 0x8422_2325_CBF2_9CE4
        func feed(_ s: String?) {
            // A field separator that text cannot contain, and a marker for a missing value.
            var s = s ?? "\u{1}"
            s.withUTF8 { buf in
                for b in buf {
                    h1 = (h1 ^ UInt64(b)) &* 0x100_0000_01B3
                    h2 = (h2 ^ UInt64(b)) &* StableHash.prime
                }
            }
            h1 = (h1 ^ 0xFF) &* 0x100_0000_01B3
            h2 = (h2 ^ 0xFF) &* StableHash.prime
        }
        feed(a.title)
        for p in a.paragraphs { feed(p) }
        feed(a.url)
        feed(a.published?.iso8601)
        feed(a.site ?? a.domain)
        high = StableHash.mix(h1 ^ (h2 >> 29))
        low = StableHash.mix(h2 ^ (h1 << 17))
    }

    /// Reads what ``hex`` wrote; `nil` unless `hex` is 32 hex digits.
    public init?(hex: String) {
        var high: UInt64 = 0, low: UInt64 = 0, n = 0
        for b in hex.utf8 {
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            guard n < 32 else { return nil }
            if n < 16 { high = high << 4 | UInt64(d) } else { low = low << 4 | UInt64(d) }
            n += 1
        }
        guard n == 32 else { return nil }
        self.high = high
        self.low = low
    }

    /// The digest as 32 lowercase hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<16 {
            out[i] = digits[Int((high >> UInt64(60 - 4 * i)) & 0xF)]
            out[16 + i] = digits[Int((low >> UInt64(60 - 4 * i)) & 0xF)]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
