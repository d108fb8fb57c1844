import Foundation
import NewsfoldCore
import NewsfoldIO
import NewsfoldStore
import Testing

@testable import NewsfoldServer

/// What a reader of the story page sees: dates as people write them, a link to each page
/// itself (never a `javascript:` one), bylines and datelines, labels in words, spelling-only
/// edits folded into one line, word edits marked as whole words, and counts that match the
/// page.
@Suite struct StoryPageWordingTests {
    @Test func datesReadAsAPersonWritesThem() {
        let zoned = NewsDate(year: 2017, month: 2, day: 2, hour: 14, minute: 7, utcOffsetMinutes: -420)
        #expect(StoryPages.readable(zoned, time: true).contains(">2 Feb 2017, 14:07 UTC−07:00</time>"))
        #expect(StoryPages.readable(zoned, time: true).contains("datetime=\"2017-02-02T14:07:00-07:00\""))
        #expect(StoryPages.readable(zoned, time: false).contains(">2 Feb 2017</time>"))
        let utc = NewsDate(year: 2023, month: 9, day: 5, hour: 7, minute: 36, utcOffsetMinutes: 0)
        #expect(StoryPages.readable(utc, time: true).contains(">5 Sep 2023, 07:36 UTC</time>"))
        let india = NewsDate(year: 2023, month: 9, day: 5, hour: 7, minute: 36, utcOffsetMinutes: 330)
        #expect(StoryPages.readable(india, time: true).contains("UTC+05:30"))
        let local = NewsDate(year: 2023, month: 9, day: 4, hour: 14, minute: 11)
        #expect(StoryPages.readable(local, time: true).contains(">4 Sep 2023, 14:11 (time zone not stated)</time>"))
        // A span of one day names it once; of several, both ends, by day.
        #expect(!StoryPages.span(local, utc).contains(", 14:11"))
        #expect(StoryPages.span(local, local).components(separatedBy: "<time").count == 2)
        // 23:30 in New York is 04:30 the next day in London, and earlier than 06:00 UTC there.
        let ny = NewsDate(year: 2023, month: 9, day: 5, hour: 23, minute: 30, utcOffsetMinutes: -240)
        let london = NewsDate(year: 2023, month: 9, day: 6, hour: 4, minute: 0, utcOffsetMinutes: 0)
        #expect(StoryPages.span(ny, london).contains("5 Sep 2023</time> – <time"))
        // 6 Sep 01:00 in Sydney (5 Sep 15:00 UTC), then 5 Sep 20:00 UTC: later, on an earlier day.
        let sydney = NewsDate(year: 2023, month: 9, day: 6, hour: 1, minute: 0, utcOffsetMinutes: 600)
        let utcLater = NewsDate(year: 2023, month: 9, day: 5, hour: 20, minute: 0, utcOffsetMinutes: 0)
        #expect(sydney < utcLater)
        #expect(StoryPages.span(sydney, utcLater).components(separatedBy: "<time").count == 2, "days in the wrong order: the first only")
    }

    @Test func anArticleLineLinksThePageAndNamesItsByline() {
        var a = Article(id: "a1", url: "https://news.example/story", title: "T", paragraphs: ["x"], site: "News Example")
        a.byline = "By Jane Roe"
        a.dateline = "SEOUL"
        a.wire = "AP"
        let line = StoryPages.facts(a.id, ArticleFacts(a), a)
        #expect(line.contains("<a href=\"https://news.example/story\" rel=\"noopener noreferrer nofollow\""))
        #expect(line.contains(">News Example</a>"))
        #expect(line.contains("By Jane Roe") && line.contains("dateline SEOUL") && line.contains("credited to AP"))
        #expect(line.contains("href=\"/v1/articles/a1\""))
        // Only web addresses become links.
        for bad in ["javascript:alert(1)", "file:///etc/passwd", "//evil.example/x"] {
            a.url = bad
            let l = StoryPages.facts(a.id, ArticleFacts(a), a)
            #expect(!l.contains("href=\"\(escapeHTML(bad))\""), "\(bad)")
        }
        // No site stated: the page's host; neither: said so.
        let bare = Article(id: "b", url: nil, title: nil, paragraphs: ["x"])
        #expect(StoryPages.facts("b", nil, bare).contains("site not stated"))
    }

    @Test func rolesAndFlagsAreNamedInWords() {
        #expect(StoryPages.roleBadge(.editedCopy).contains(">Edited copy</span>"))
        #expect(StoryPages.roleBadge(.editedCopy).contains("data-role=\"edited-copy\""))
        for role in ProvenanceRole.allCases { #expect(StoryPages.legend.contains(StoryPages.roleName(role).name)) }
        for kind in ProvenanceFlag.Kind.allCases { #expect(StoryPages.legend.contains(StoryPages.flagName(kind))) }
    }

    @Test func aTrimmedEndingIsQuotedNotAccused() {
        var m = ProvenanceMember(id: "c", role: .editedCopy)
        m.flags = [
            ProvenanceFlag(kind: .truncated, evidence: "stops early", text: "The last kept sentence.", severity: .low),
            ProvenanceFlag(kind: .injectedText, evidence: "spliced", text: "Brand Center", severity: .high),
        ]
        let html = StoryPages.flagsHTML(m)
        #expect(html.contains("<q class=\"quoted\">The last kept sentence.</q>"))
        #expect(html.contains("<mark class=\"flag\">Brand Center</mark>"))
        #expect(html.contains("Ends early · for information") && html.contains("Inserted text · strong evidence"))
        let a = Article(id: "c", url: nil, title: nil, paragraphs: ["Brand Centerofficial said so. The last kept sentence."])
        let text = StoryPages.text(a, m, open: true)
        #expect(text.contains("<mark class=\"flag\">Brand Center</mark>official"), "a spliced name is found inside a word")
        #expect(!text.contains("<mark class=\"flag\">The last kept"))
    }

    @Test func wordEditsAreMarkedAsWholeWords() {
        let marked = highlight("on the second of the month, on time", ["on"], tag: "ins", cssClass: "to", wholeWords: true)
        #expect(marked == "<ins class=\"to\">on</ins> the second of the month, <ins class=\"to\">on</ins> time")
        #expect(highlight("sec-on-d", ["on"], tag: "ins", cssClass: "to", wholeWords: true).contains("<ins class=\"to\">on</ins>"))
        #expect(highlight("Ünon", ["on"], tag: "ins", cssClass: "to", wholeWords: true) == "Ünon")
        #expect(highlight("Centerofficial", ["Center"], tag: "mark", cssClass: "flag") == "<mark class=\"flag\">Center</mark>official")
        // Words as TextFolding cuts them: curly quotes, dashes and no-break spaces end a word,
        // an apostrophe joins one, and each Han character is a word of its own.
        func ins(_ text: String, _ word: String) -> String {
            highlight(text, [word], tag: "ins", cssClass: "to", wholeWords: true)
        }
        #expect(ins("“Hello,” she said", "Hello") == "“<ins class=\"to\">Hello</ins>,” she said")
        #expect(ins("the rain—then sun", "rain") == "the <ins class=\"to\">rain</ins>—then sun")
        #expect(ins("in\u{A0}Santiago", "Santiago") == "in\u{A0}<ins class=\"to\">Santiago</ins>")
        #expect(ins("Boric’s plan", "Boric") == "Boric’s plan")
        #expect(ins("Boric’s plan", "Boric’s") == "<ins class=\"to\">Boric’s</ins> plan")
        #expect(ins("北京重建旧人行桥", "重建") == "北京<ins class=\"to\">重建</ins>旧人行桥")
        #expect(ins("“Hello”", "“Hello”") == "<ins class=\"to\">“Hello”</ins>")
    }

    /// Evidence links only to cards on the same page: a story of many articles is paged, and
    /// an anchor on another page is a dead link. The page's order is each copied group's
    /// original, then its copies, then the reports alone.
    @Test func evidenceLinksOnlyToCardsOnThisPage() {
        let copied = ProvenanceGroup(
            id: "g1", original: "orig1", evidence: "earliest, together with copy1",
            members: [ProvenanceMember(id: "copy1", role: .copy), ProvenanceMember(id: "orig1", role: .original),
                      ProvenanceMember(id: "copy2", role: .editedCopy)])
        let alone = [ProvenanceGroup(id: "g2", original: "rep1", evidence: "", members: [ProvenanceMember(id: "rep1", role: .independent)])]
        #expect(StoryPages.idsShown([copied], alone, 0..<100) == ["orig1", "copy1", "copy2", "rep1"])
        #expect(StoryPages.idsShown([copied], alone, 2..<3) == ["copy2"])
        #expect(StoryPages.idsShown([copied], alone, 100..<200).isEmpty)
        // Page 1 shows only the original: copy1's card is elsewhere, so its id is not a link.
        let html = StoryPages.group(copied, [:], facts: [:], showing: 0..<1, ids: ["orig1"])
        #expect(html.contains("id=\"a-orig1\"") && html.contains("together with copy1"))
        #expect(!html.contains("href=\"#a-copy1\""))
        let whole = StoryPages.group(copied, [:], facts: [:], ids: ["orig1", "copy1", "copy2"])
        #expect(whole.contains("<a class=\"id\" href=\"#a-copy1\">copy1</a>"))
    }

    @Test func articleIDsInTheEvidenceLinkToTheirCards() {
        let html = linkingIDs("earliest, together with 001_eee9 at 09:00; 1,000 words; <b>; 001_eee9x", ["001_eee9", "000"])
        #expect(html.contains("together with <a class=\"id\" href=\"#a-001_eee9\">001_eee9</a> at"))
        #expect(html.contains("1,000 words"), "a short id is not looked for inside numbers")
        #expect(html.contains("&lt;b&gt;") && html.hasSuffix("; 001_eee9x"), "escaped, and whole ids only")
        let hostile = linkingIDs("see x\"><script>", ["x\"><script>"])
        #expect(!hostile.contains("<script") && hostile.contains("href=\"#a-x&quot;&gt;&lt;script&gt;\""))
    }

    @Test func spellingOnlyEditsFoldIntoOneLine() {
        func change(_ from: String, _ to: String, _ kind: WordEdit.Kind) -> SentenceChange {
            SentenceChange(
                original: "A \(from) official said.", copy: "A \(to) official said.",
                edits: [WordEdit(kind: kind, from: from, to: to, summary: "\(from)→\(to)")])
        }
        let c = ProvenanceChanges(
            headline: nil, added: [], dropped: [],
            edited: [change("U.S.", "US", .spelling), change("U.S.", "US", .spelling), change("senior", "top", .wording)],
            reordered: 0)
        let html = StoryPages.changes(c)
        #expect(html.contains("Spelling and punctuation only, in 2 sentences: U.S.→US ×2</summary>"))
        // The wording change is shown before and after, outside the fold.
        let fold = try! #require(html.range(of: "<details class=\"minor\">"))
        #expect(html.range(of: "senior→top")!.lowerBound < fold.lowerBound)
    }

    /// The story list and the page count the same copy groups: the report's, once analysed.
    /// Here a copy that keeps 14 of a report's 20 sentences and adds 6 of its own is too
    /// far from it for a stored copy group, but the report shows it as its edited copy.
    @Test(arguments: StoreKind.available)
    func theCountsAreThoseThePageDraws(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let store = try db.open()
        var rng = SplitMix(state: 11)
        func sentence() -> String {
            "The harbour council said \((0..<12).map { _ in "word\(rng.next() % 5000)" }.joined(separator: " ")) on Monday."
        }
        let first = (0..<20).map { _ in sentence() }
        let original = Article(id: "o", url: "https://a.example/1", title: "Harbour council votes on the bridge", paragraphs: first)
        let halfCopy = Article(
            id: "h", url: "https://b.example/2", title: "Harbour council votes on the bridge",
            paragraphs: Array(first.prefix(14)) + (0..<6).map { _ in sentence() })
        let other = Article(id: "i", url: "https://c.example/3", title: "Bridge vote at the harbour", paragraphs: (0..<6).map { _ in sentence() } + Array(first.prefix(3)))
        var story = 0
        for a in [original, halfCopy, other] { story = try await store.ingest(a).story }
        _ = try await store.analyseStoriesBehind(limit: 10)
        let d = try #require(try await store.story(id: story))
        let stored = Set(d.articles.map(\.group)).count
        try #require(d.reportIsCurrent)
        try #require(d.report.groups.count < stored, "the case: the report groups what the store does not")
        #expect(d.summary.sources == d.report.groups.count)
        #expect(d.summary.copies == d.report.groups.reduce(0) { $0 + $1.members.count - 1 })
        let listed = try await store.stories(since: nil, limit: 10, cursor: nil).stories.first { $0.id == story }
        #expect(listed?.sources == d.report.groups.count)
    }

    /// The story list names each story's flags in words (they once printed as a GRDB `SQL`
    /// value: a string literal that can be one).
    @Test func theStoryListNamesFlagsInWords() async throws {
        let db = try TestDatabase(.sqlite)
        defer { db.remove() }
        let store = try db.open()
        for a in try Fixtures.seeds() { _ = try await store.ingest(a) }
        let html = StoryPages.home(try await store.stories(since: nil, limit: 10, cursor: nil))
        #expect(html.contains("data-kind=\"injected-text\">Inserted text</span>"))
        #expect(html.contains("data-kind=\"date-anomaly\">Suspicious date</span>"))
        #expect(!html.contains("SQL("))
        // A trimmed ending is grey (never an accusation); an inserted text is not.
        let summary = StorySummary(
            id: 3, title: "T", firstSeen: nil, lastSeen: nil, articles: 2, sources: 1, sites: [],
            flags: ["injected-text", "truncated"], updated: 1)
        let list = StoryPages.home(StoriesPage(stories: [summary], nextCursor: nil))
        #expect(list.contains("class=\"badge flag low\" data-kind=\"truncated\">Ends early</span>"))
        #expect(list.contains("class=\"badge flag\" data-kind=\"injected-text\">Inserted text</span>"))
    }
}
