import Synchronization

/// Story pages already rendered, by story version and page: a popular story read by many
/// clients is rendered once per change, not once per request, so that page rendering (CPU
/// work on the server's few threads) does not crowd out other requests (`/healthz`).
///
/// Only a page of a story whose stored report is current is kept (the store's worker may
/// store a newer report without the story changing). Bounded by ``budgetBytes``; past it the
/// cache starts again empty (simple, and enough for the pages of the stories being read).
///
/// ```swift
/// let version = StoryDetailVersion(id: d.summary.id, updated: d.summary.updated, cacheable: d.reportIsCurrent)
/// let html = pages.page(story: version, page: 2) { StoryPages.story(d, page: 2) }
/// ```
final class RenderedPages: Sendable {
    /// Text kept at most, in UTF-8 bytes.
    static let budgetBytes = 32 << 20

    private struct Key: Hashable {
        var story: Int
        var updated: Int64
        var page: Int
    }

    private let pages = Mutex<(byKey: [Key: String], bytes: Int)>(([:], 0))

    /// The page `page` of story `d`: kept, or made by `render` (outside the lock) and kept.
    func page(story d: StoryDetailVersion, page: Int, _ render: () -> String) -> String {
        let key = Key(story: d.id, updated: d.updated, page: page)
        if d.cacheable, let hit = pages.withLock({ $0.byKey[key] }) { return hit }
        let text = render()
        guard d.cacheable else { return text }
        pages.withLock { p in
            let size = text.utf8.count
            if p.bytes + size > Self.budgetBytes { p = ([:], 0) }
            if p.byKey.updateValue(text, forKey: key) == nil { p.bytes += size }
        }
        return text
    }
}

/// What identifies the rendering of a story: its id and change, and whether its report is
/// current (only then may a rendering be kept).
struct StoryDetailVersion {
    var id: Int
    var updated: Int64
    var cacheable: Bool
}
