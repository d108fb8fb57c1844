import Testing

@testable import NewsfoldServer

/// Story pages are rendered once per story change, and never kept for a story whose report
/// is behind (the worker may store a newer one without the story changing).
@Suite struct RenderedPagesTests {
    @Test func aPageIsRenderedOncePerChangeAndOnlyWhenCurrent() {
        let pages = RenderedPages()
        var renders = 0
        func get(_ v: StoryDetailVersion, _ page: Int) -> String {
            pages.page(story: v, page: page) {
                renders += 1
                return "story \(v.id) v\(v.updated) p\(page) #\(renders)"
            }
        }
        let v1 = StoryDetailVersion(id: 7, updated: 1, cacheable: true)
        #expect(get(v1, 1) == "story 7 v1 p1 #1")
        #expect(get(v1, 1) == "story 7 v1 p1 #1")  // kept
        #expect(get(v1, 2) == "story 7 v1 p2 #2")  // another page
        let v2 = StoryDetailVersion(id: 7, updated: 2, cacheable: true)
        #expect(get(v2, 1) == "story 7 v2 p1 #3")  // the story changed
        let behind = StoryDetailVersion(id: 8, updated: 5, cacheable: false)
        #expect(get(behind, 1) == "story 8 v5 p1 #4")
        #expect(get(behind, 1) == "story 8 v5 p1 #5")  // not kept
        #expect(renders == 5)
    }
}
