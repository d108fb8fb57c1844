/// When a story happened, from its members' publication dates: the dates are chained wherever
/// two lie within a gap (the story's window), and the chain holding the most members is the
/// story's time. A copy re-dated years away (a content farm's) makes a chain of its own and
/// neither moves the story nor opens it to the news of another year; a story first seen through
/// such a copy moves to its real dates as soon as the other copies arrive.
///
/// At most ``capacity`` chains are kept (the smallest, then the oldest, are dropped), so a
/// story costs O(1) memory whatever its size. ``add(_:gap:)`` and ``merge(_:gap:)`` are
/// O(chains).
///
/// ```swift
/// var spans = StorySpans()
/// spans.add(t2025, gap: window)       // the re-dated copy arrives first
/// spans.add(t2023a, gap: window)
/// spans.add(t2023b, gap: window)
/// spans.main                           // (t2023a, t2023b): two members agree
/// ```
struct StorySpans: Sendable, Equatable {
    /// One chain: its earliest and latest instants and how many dates it holds.
    struct Span: Sendable, Equatable {
        var lo: Int64
        var hi: Int64
        var count: Int32
    }

    /// Chains, ascending and disjoint (more than the gap apart).
    private(set) var spans: [Span] = []

    /// How many chains are kept.
    static let capacity = 6

    /// Adds one date, joining every chain within `gap` of it.
    mutating func add(_ t: Int64, gap: Int64) {
        insert(Span(lo: t, hi: t, count: 1), gap: gap)
    }

    /// Adds another story's chains.
    mutating func merge(_ other: StorySpans, gap: Int64) {
        for s in other.spans { insert(s, gap: gap) }
    }

    private mutating func insert(_ new: Span, gap: Int64) {
        var merged = new
        var kept: [Span] = []
        kept.reserveCapacity(spans.count + 1)
        for s in spans {
            if s.hi + gap >= merged.lo && merged.hi + gap >= s.lo {
                merged = Span(lo: min(s.lo, merged.lo), hi: max(s.hi, merged.hi), count: s.count + merged.count)
            } else {
                kept.append(s)
            }
        }
        kept.append(merged)
        kept.sort { $0.lo < $1.lo }
        if kept.count > Self.capacity {
            let drop = kept.indices.min { (kept[$0].count, kept[$0].hi) < (kept[$1].count, kept[$1].hi) }!
            kept.remove(at: drop)
        }
        spans = kept
    }

    /// Days from the end of the earlier span to the start of the later one (negative when they
    /// overlap); 0 when either is `nil` (undated).
    static func daysApart(_ x: Span?, _ y: Span?) -> Double {
        guard let x, let y else { return 0 }
        return Double(max(x.lo, y.lo) - min(x.hi, y.hi)) / 86_400
    }

    /// The story's time: the chain with the most dates (ties: the latest); `nil` when undated.
    var main: Span? {
        spans.max { ($0.count, $0.hi) < ($1.count, $1.hi) }
    }
}
