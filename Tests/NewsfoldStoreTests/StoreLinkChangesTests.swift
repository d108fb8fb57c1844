import NewsfoldCore
import Testing

@testable import NewsfoldStore

/// A store's engine hands each plan only the links that changed since the last one, so a batch
/// that merged nothing and linked nothing writes nothing to `story_link`.
@Suite struct StoreLinkChangesTests {
    @Test func eachLinkChangeIsTakenOnce() throws {
        var engine = StoreEngine()
        for a in StoreThreadTests.articles {
            _ = engine.place(a, fingerprint: engine.fingerprinter.fingerprint(id: a.id, text: a.text, published: a.published))
        }
        #expect(engine.takeLinkChanges().isEmpty, "no link before the stories settle")
        let settlement = engine.settle()
        let settled = try #require(settlement)
        let link = try #require(settled.links.first)
        let changes = engine.takeLinkChanges()
        #expect(changes.count == 1 && changes[link.story] == .some(link))
        #expect(engine.takeLinkChanges().isEmpty, "taken once")
        #expect(engine.links == [link.story: link])
    }

    @Test func theBookChangesVersionOnlyWhenSomethingChanges() {
        var book = StoryLinkBook()
        let v0 = book.version
        book.record([])
        book.merge(3, into: 3)
        #expect(book.version == v0)
        book.record([StoryLink(story: 5, continues: 2, similarity: 0.3)])
        let v1 = book.version
        #expect(v1 != v0)
        book.merge(5, into: 4)
        #expect(book.version != v1)
        let v2 = book.version
        book.merge(4, into: 5)  // already one story
        #expect(book.version == v2)
        #expect(book.resolved()[4]?.continues == 2)
    }
}
