import NewsfoldCore
import Testing

/// Synthetic stories built here: one wire report, its copies (verbatim, injected, re-dated,
/// uncredited, truncated, boilerplate-wrapped, respelt) and a report of the same event in its
/// own words.
enum Wire {
    static let lead = "RIVERTON (AP) — "
    static let sentences = [
        "A freight train derailed near the Riverton grain terminal early Tuesday, spilling corn across two tracks and closing a state highway, officials said Tuesday.",
        "No one was injured, according to the county sheriff's office, which said the crew of three walked away from the locomotive.",
        "Twelve of the train's 40 cars left the rails at about 5 a.m. as the train crossed a bridge over Miller Creek.",
        "The railroad said it had sent a team to inspect the bridge and expected the line to stay closed for at least two days.",
        "Residents of nearby Oakdale said they heard a long screech followed by a series of loud bangs.",
        "“It sounded like thunder that would not stop,” said Maria Delgado, who lives a quarter mile from the tracks.",
        "State inspectors found a cracked rail on the same bridge in a report last year, records show.",
        "The railroad said the rail had been replaced in the spring and that the cause of the derailment was under investigation.",
        "Highway 9 was expected to reopen by the evening once crews cleared the spilled grain.",
        "The National Transportation Safety Board said it was gathering information but had not decided whether to investigate.",
    ]
    static let title = "Freight train derails near Riverton grain terminal, closing highway"

    static func date(_ y: Int, _ m: Int, _ d: Int, _ h: Int? = nil) -> NewsDate {
        NewsDate(year: y, month: m, day: d, hour: h, minute: h == nil ? nil : 0, utcOffsetMinutes: h == nil ? nil : 0)
    }

    /// The wire text as paragraphs: the lead on the first, two sentences a paragraph.
    static func paragraphs(_ ss: [String] = sentences, lead: String? = Wire.lead) -> [String] {
        var out: [String] = []
        var k = 0
        while k < ss.count {
            out.append(ss[k..<min(k + 2, ss.count)].joined(separator: " "))
            k += 2
        }
        if let lead, !out.isEmpty { out[0] = lead + out[0] }
        return out
    }

    static func article(
        _ id: String, _ ss: [String] = sentences, lead: String? = Wire.lead, title: String = Wire.title,
        published: NewsDate? = date(2024, 3, 12, 15), wire: String? = "AP"
    ) -> Article {
        Article(id: id, title: title, paragraphs: paragraphs(ss, lead: lead), published: published, wire: wire)
    }

    static let independent = Article(
        id: "z-own-words", title: "Grain spill shuts Highway 9 after Riverton derailment",
        paragraphs: [
            "Corn covered the tracks outside Riverton on Tuesday morning after a Union Prairie freight train jumped the rails on the Miller Creek trestle.",
            "Sheriff Dana Whitfield told reporters her deputies closed Highway 9 within minutes and kept traffic away until the afternoon.",
            "Whitfield said the derailment was the third on that stretch since 2019, and that her office had asked the state for a new inspection.",
            "Farmers who ship through the terminal worried about delays at harvest prices already down 15 percent this year.",
        ],
        published: date(2024, 3, 12, 20), wire: nil)

    static func inputs(_ articles: [Article], independent: [Article] = []) -> [ProvenanceInput] {
        articles.map { ProvenanceInput(article: $0, group: "wire") } + independent.map { ProvenanceInput(article: $0, group: $0.id) }
    }
}

@Suite struct ProvenanceRoleTests {
    @Test func verbatimCopyIsACopyWithNothingFlagged() throws {
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([Wire.article("a-orig"), Wire.article("b-copy", published: Wire.date(2024, 3, 12, 18))]))
        #expect(r.groups.count == 1)
        #expect(r.groups[0].original == "a-orig")
        #expect(r.groups[0].evidence.contains("earliest date"))
        let copy = try #require(r.member("b-copy"))
        #expect(copy.role == .copy)
        #expect(copy.changes.isEmpty)
        #expect(copy.similarity == 1 && copy.containment == 1)
        #expect(r.members.allSatisfy { $0.flags.isEmpty })
    }

    @Test func theWholeCastEachFlaggedCorrectly() throws {
        // A content farm splices its name into a sentence and adds a sentence repeating it.
        var injected = Wire.sentences
        injected[3] = "The railroad said it had sent a Brightline Capital Analytics team to inspect the bridge and expected the line to stay closed for at least two days."
        injected.insert("Readers can find exclusive forecasts from Brightline Capital Analytics every morning.", at: 5)
        let story = Wire.inputs(
            [
                Wire.article("a-orig"),
                Wire.article("b-verbatim", published: Wire.date(2024, 3, 12, 17)),
                Wire.article("c-injected", injected, published: Wire.date(2024, 3, 12, 19)),
                Wire.article("d-redated", published: Wire.date(2025, 6, 1, 9)),
                Wire.article("e-uncredited", lead: nil, published: Wire.date(2024, 3, 13, 8), wire: nil),
                Wire.article("f-truncated", Array(Wire.sentences.prefix(4)), published: Wire.date(2024, 3, 13, 10)),
            ], independent: [Wire.independent])
        let r = ProvenanceAnalyzer().analyze(story: story)
        let group = try #require(r.groups.first)
        #expect(group.original == "a-orig")
        #expect(group.evidence.contains("d-redated's date 2025-06-01"))

        func kinds(_ id: String) -> Set<ProvenanceFlag.Kind> { Set(r.member(id)!.flags.map(\.kind)) }
        #expect(kinds("a-orig").isEmpty)
        #expect(kinds("b-verbatim").isEmpty)
        #expect(kinds("c-injected") == [.injectedText])
        let spliced = r.member("c-injected")!.flags
        #expect(spliced.map(\.text) == ["Brightline Capital Analytics", injected[5]])
        #expect(spliced.allSatisfy { $0.severity == .high }, "the name stands in two places")
        #expect(kinds("d-redated") == [.dateAnomaly])
        #expect(r.member("d-redated")!.flags.contains { $0.evidence.contains("days after") })
        #expect(kinds("e-uncredited") == [.missingAttribution])
        #expect(kinds("f-truncated") == [.truncated])
        #expect(kinds("z-own-words").isEmpty)

        for id in ["b-verbatim", "c-injected", "d-redated", "e-uncredited", "f-truncated"] {
            #expect(r.member(id)!.role == .copy, "\(id)")
        }
        let own = try #require(r.member("z-own-words"))
        #expect(own.role == .independent)
        let adds = try #require(own.adds)
        #expect(adds.entities.contains { $0.contains("Dana Whitfield") })
        #expect(adds.numbers.contains("2019") && adds.numbers.contains("15"))
        #expect(adds.sentences.contains { $0.hasPrefix("Farmers who ship") })
    }

    @Test func boilerplateDifferencesAreNotInjections() throws {
        var wrapped = Wire.sentences
        wrapped.append("Copyright 2024 The Associated Press. All rights reserved.")
        wrapped.insert("Sign up for our daily newsletter.", at: 3)
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([
                Wire.article("a-orig"),
                Wire.article("b-copy", published: Wire.date(2024, 3, 12, 16)),
                Wire.article("c-wrapped", wrapped, lead: "RIVERTON, March 12 (AP) — ", title: Wire.title + " | The Daily Ledger",
                    published: Wire.date(2024, 3, 12, 18)),
            ]))
        let m = try #require(r.member("c-wrapped"))
        #expect(m.flags.isEmpty, "\(m.flags)")
        #expect(m.role == .copy)
        #expect(m.changes.added.isEmpty, "credit and sign-up lines are neither added text nor edits: \(m.changes.added)")
    }

    @Test func creditsAdvertisementsAndWriteThroughsAccuseNobody() throws {
        // What mainstream pages carry around and inside a wire copy, and what a later version of
        // the wire story adds when an independent report has the same facts.
        var wrapped = Wire.sentences
        wrapped[1] += " (AP Photo/Jane Doe)"
        wrapped.insert("Advertisement Continue reading the main story", at: 4)
        wrapped[6] = "“It sounded like thunder that would not stop,” said Maria Delgado, who lives a quarter mile from the tracks / Agence France-Presse"
        wrapped.append("Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.")
        var update = Wire.sentences
        update[1] = "No one was injured, according to the county sheriff's office, which said the crew of three walked away from the locomotive, and 25 cattle in a Hartwell Farms trailer were freed, police said Wednesday."
        let witness = Article(
            id: "z-witness", title: "Cattle freed after Riverton derailment",
            paragraphs: ["Firefighters freed 25 cattle from a Hartwell Farms trailer that the derailed cars had pinned against the crossing, police said Wednesday."],
            published: Wire.date(2024, 3, 13, 9))
        // A later version's clause that no other report has, mostly plain words around one
        // name, under a headline with a section kicker.
        var later = Wire.sentences
        later[4] = "Residents of nearby Oakdale said they heard a long screech followed by a series of loud bangs, and volunteers from Pinecrest hauled blankets and hot coffee to the stranded crew."
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs(
                [
                    Wire.article("a-orig"),
                    Wire.article("b-wrapped", wrapped, lead: nil, published: Wire.date(2024, 3, 12, 18), wire: nil),
                    Wire.article("c-update", update, published: Wire.date(2024, 3, 13, 11)),
                    Wire.article("d-later", later, title: "Rail News Roundup " + Wire.title, published: Wire.date(2024, 3, 13, 12)),
                ], independent: [witness]))
        for id in ["b-wrapped", "c-update", "d-later"] {
            let m = try #require(r.member(id))
            #expect(m.flags.isEmpty, "\(id): \(m.flags.map(\.evidence))")
        }
        #expect(r.member("b-wrapped")?.changes.added.isEmpty == true)
    }

    @Test func aSplicedBrandIsCaughtWithItsStrength() throws {
        var once = Wire.sentences
        once[2] = "Twelve of the train's 40 cars left the rails at about 5 a.m., Zentrix Quantitative Media Center has learned, as the train crossed a bridge over Miller Creek."
        let twice = Wire.article("c-twice", once, title: "Zentrix Quantitative Media Center: " + Wire.title, published: Wire.date(2024, 3, 12, 19))
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([
                Wire.article("a-orig"), Wire.article("b-once", once, published: Wire.date(2024, 3, 12, 17)), twice,
            ]))
        // A farm that republishes its copy on a second site is still caught on both: other
        // copies of one text are no independent report.
        let flag = try #require(r.member("b-once")?.flags.first)
        #expect(flag.kind == .injectedText && flag.text == "Zentrix Quantitative Media Center")
        #expect(flag.severity == .medium)
        let flags = try #require(r.member("c-twice")?.flags)
        #expect(flags.count == 2 && flags.allSatisfy { $0.kind == .injectedText && $0.severity == .high })
        #expect(r.title == Wire.title, "the story is named by the original, never a tampered headline")
        #expect(r.groups[0].original == "a-orig")
    }

    @Test func aSpliceIntoALaterVersionsSentenceIsCaught() throws {
        // The agency's second version adds a sentence; one site copies it as is, a farm copies
        // it with its name spliced into that sentence, which the first version lacks.
        var update = Wire.sentences
        update.append("Investigators said the train had been travelling at 42 miles an hour, below the limit for the bridge.")
        var farm = update
        farm[10] = "Investigators said the train had been travelling at 42 miles an hour, below the limit for the bridge, Korvane Strategic Media Hub has learned."
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([
                Wire.article("a-orig"), Wire.article("b-update", update, published: Wire.date(2024, 3, 12, 18)),
                Wire.article("c-copy", update, published: Wire.date(2024, 3, 12, 19)),
                Wire.article("d-farm", farm, published: Wire.date(2024, 3, 12, 20)),
            ]))
        #expect(r.groups[0].original == "a-orig")
        let flag = try #require(r.member("d-farm")?.flags.first)
        #expect(flag.kind == .injectedText && flag.text == "Korvane Strategic Media Hub")
        #expect(flag.evidence.contains("a later version"))
        #expect(r.member("b-update")!.flags.isEmpty && r.member("c-copy")!.flags.isEmpty)
    }

    @Test func aFarmCopyOfTheFullerVersionTiedOnDateIsNotTheOriginal() throws {
        // The farm copied the agency's second, fuller version, spliced its name in, and gave a
        // day-only date that ties the agency's first version: more complete, equally early,
        // but not the original. Without the farm's splice the fuller copy would win the tie.
        var update = Wire.sentences
        update += [
            "Investigators said the train had been travelling at 42 miles an hour, below the limit for the bridge.",
            "The company that owns the grain terminal said shipments would move by truck until the line reopened.",
            "A spokesman for the railroad said the crew had been tested for drugs and alcohol, as is routine after a derailment.",
        ]
        var farm = update
        farm[4] = "Residents of nearby Oakdale told Quorvex Global Research Institute they heard a long screech followed by a series of loud bangs."
        let dayOnly = NewsDate(year: 2024, month: 3, day: 12)
        func analyse(_ text: [String]) -> ProvenanceReport {
            ProvenanceAnalyzer().analyze(
                story: Wire.inputs([
                    Wire.article("a-orig", published: Wire.date(2024, 3, 12, 9)),
                    Wire.article("b-update", update, published: Wire.date(2024, 3, 12, 18)),
                    Wire.article("c-farm", text, published: dayOnly),
                ]))
        }
        let r = analyse(farm)
        #expect(r.groups[0].original == "a-orig")
        #expect(r.groups[0].evidence.contains("c-farm would be more complete"))
        let flag = try #require(r.member("c-farm")?.flags.first { $0.kind == .injectedText })
        #expect(flag.text.contains("Quorvex Global Research Institute"))
        #expect(analyse(update).groups[0].original == "c-farm", "an honest fuller copy still wins the tie")
    }

    @Test func aSpliceSharingAWordWithItsSentenceIsCaughtWhole() throws {
        // "Policy" of the farm's name is also a word of the sentence ("policy"): the word diff
        // matches them and cuts the splice in two; the name is still flagged whole.
        var ss = Wire.sentences
        ss[3] = "The railroad said its new policy was to send a team to inspect the bridge, and it expected the line to stay closed for at least two days."
        var farm = ss
        farm[3] = "The railroad said its Vexylix Strategic Policy Forumnew policy was to send a team to inspect the bridge, and it expected the line to stay closed for at least two days."
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([Wire.article("a-orig", ss), Wire.article("b-farm", farm, published: Wire.date(2024, 3, 12, 19))]))
        let flag = try #require(r.member("b-farm")?.flags.first { $0.kind == .injectedText })
        #expect(flag.text.hasPrefix("Vexylix Strategic Policy"), "\(flag.text)")
    }

    /// Any one member's date moved years away is flagged, and only that one: for groups of 3 to
    /// 6 members a day or two apart, each member in turn, moved 1 to 5 years either way.
    @Test func oneMovedDateIsFlaggedAndOnlyThatOne() throws {
        var rng = SplitMix(seed: 20)
        for size in 3...6 {
            for moved in 0..<size {
                let years = Int64(1 + rng.next() % 5) * (rng.next() % 2 == 0 ? 1 : -1)
                var articles: [Article] = []
                for k in 0..<size {
                    var a = Wire.article("m\(k)", published: Wire.date(2024, 3, 12 + k % 2, 8 + 2 * k))
                    if k == moved { a.published = NewsDate(utcInstant: a.published!.instant + years * 365 * 86_400) }
                    articles.append(a)
                }
                let r = ProvenanceAnalyzer().analyze(story: Wire.inputs(articles))
                let flagged = r.members.filter { $0.flags.contains { $0.kind == .dateAnomaly } }.map(\.id)
                #expect(flagged == ["m\(moved)"], "size \(size), moved \(moved) by \(years) years")
                #expect(r.span.map { $0.last.year - $0.first.year } == 0, "the span leaves the moved date out")
            }
        }
    }

    @Test func twoDatesThatDisagreeAreNotBlamedWithoutEvidence() throws {
        // The lead says "officials said Tuesday": 2024-03-12 is a Tuesday and 2025-10-15 a
        // Wednesday, so both dates fit it and nothing says which one is wrong.
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([Wire.article("a"), Wire.article("b", published: Wire.date(2025, 10, 15, 9))]))
        #expect(r.members.allSatisfy { $0.flags.isEmpty }, "\(r.members.map(\.flags))")
        #expect(r.groups[0].evidence.contains("disagree"))
        // 2025-10-11 is a Saturday, four days after a Tuesday: the weekday settles it.
        let s = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([Wire.article("a"), Wire.article("b", published: Wire.date(2025, 10, 11, 9))]))
        let flag = try #require(s.member("b")?.flags.first { $0.kind == .dateAnomaly })
        #expect(flag.severity == .medium && flag.evidence.contains("weekdays in the text"))
        #expect(s.member("a")!.flags.isEmpty)
    }

    @Test func aWeekendBetweenTheNewsAndTheDateIsNoAnomaly() throws {
        // "said on Saturday" in a Monday story, among copies dated that Monday.
        var ss = Wire.sentences
        ss[0] = "A freight train derailed near the Riverton grain terminal, spilling corn across two tracks and closing a state highway, officials said on Saturday."
        let monday = Wire.date(2024, 3, 11, 7)
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([
                Wire.article("a", ss, published: monday), Wire.article("b", ss, published: Wire.date(2024, 3, 11, 9)),
                Wire.article("c", ss, published: Wire.date(2024, 3, 11, 12)),
            ]))
        #expect(r.members.allSatisfy { $0.flags.isEmpty }, "\(r.members.map(\.flags))")
    }

    @Test func editedCopyListsSpellingsQuotesAndTrims() throws {
        var edited = Wire.sentences
        edited[5] = "It sounded like thunder that would not stop, said Maria Delgado, who lives a quarter mile from the tracks."
        edited[7] = "The railroad said the rail had been replaced in the spring and that the cause of the derailment was under investigation, and it apologised for the delay to the neighbourhood."
        edited.remove(at: 6)
        let respelt = Article(
            id: "b-edited", title: Wire.title,
            paragraphs: Wire.paragraphs(edited),
            published: Wire.date(2024, 3, 12, 22), wire: "AP")
        var base = Wire.sentences
        base[7] = "The railroad said the rail had been replaced in the spring and that the cause of the derailment was under investigation, and it apologized for the delay to the neighborhood."
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([Wire.article("a-orig", base), respelt, Wire.article("c-copy", base, published: Wire.date(2024, 3, 12, 16))]))
        let m = try #require(r.member("b-edited"))
        #expect(m.role == .editedCopy)
        let summaries = m.changes.allEdits.map(\.summary)
        #expect(summaries.contains("apologized→apologised"))
        #expect(summaries.contains("neighborhood→neighbourhood"))
        #expect(summaries.contains("quotation marks dropped"))
        #expect(m.changes.dropped == [Wire.sentences[6]])
        #expect(m.flags.isEmpty, "\(m.flags)")
    }

    @Test func undatedGroupTakesTheMostCompleteMember() {
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([
                Wire.article("a-short", Array(Wire.sentences.prefix(6)), published: nil),
                Wire.article("b-full", published: nil),
                Wire.article("c-full", published: nil, wire: nil),
            ]))
        #expect(r.groups[0].original == "b-full")
        #expect(r.groups[0].evidence.contains("no member has a credible date"))
    }

    @Test func reorderedSentencesStillAlign() throws {
        var moved = Wire.sentences
        moved.swapAt(2, 8)
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([Wire.article("a-orig"), Wire.article("b-moved", moved, published: Wire.date(2024, 3, 12, 18))]))
        let m = try #require(r.member("b-moved"))
        #expect(m.changes.added.isEmpty && m.changes.dropped.isEmpty && m.changes.edited.isEmpty)
        #expect(m.changes.reordered >= 1)
    }

    @Test func aDateAfterTheCrawlIsImpossible() throws {
        var crawled = Wire.article("b-future", published: Wire.date(2024, 3, 22, 9))
        crawled.crawled = Wire.date(2024, 3, 13)
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([Wire.article("a-orig"), crawled]))
        let flags = r.member("b-future")!.flags.filter { $0.kind == .dateAnomaly }
        #expect(flags.count == 1 && flags[0].evidence.contains("after the page was crawled") && flags[0].severity == .high)
        // 2024-03-22 is a Friday and the lead says "said Tuesday": a weekday alone flags nothing.
        #expect(r.member("a-orig")!.flags.isEmpty)
    }

    @Test func emptyAndTextlessInputsDoNotCrash() {
        #expect(ProvenanceAnalyzer().analyze(story: []).groups.isEmpty)
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs([Article(id: "a"), Article(id: "b", title: "Only a title")]))
        #expect(r.members.count == 2)
        _ = ProvenanceText.render(r)
    }
}

@Suite struct ProvenanceTextToolTests {
    @Test func sentencesSplitOutsideAbbreviations() {
        let s = SentenceSplitter().split("The U.S. said so. Mr. Kim left on Sept. 5. “Yes,” he said. It ended.")
        #expect(s == ["The U.S. said so.", "Mr. Kim left on Sept. 5.", "“Yes,” he said.", "It ended."])
    }

    @Test func spellingVariants() {
        func v(_ a: String, _ b: String) -> Bool { SpellingVariants.areVariants(Array(a.utf8), Array(b.utf8)) }
        #expect(v("authorized", "authorised") && v("analyze", "analyse") && v("defense", "defence"))
        #expect(v("color", "colour") && v("center", "centre") && v("traveled", "travelled"))
        #expect(v("catalog", "catalogue") && v("program", "programme") && v("judgment", "judgement"))
        #expect(!v("advise", "advice") && !v("defense", "offense") && !v("form", "from"))
    }

    @Test func renderingFitsEightyColumns() {
        let r = ProvenanceAnalyzer().analyze(
            story: Wire.inputs(
                [Wire.article("a-orig"), Wire.article("b-late", published: Wire.date(2025, 1, 1, 1)),
                 Wire.article("c", published: Wire.date(2024, 3, 12, 16))],
                independent: [Wire.independent]))
        let text = ProvenanceText.render(r)
        #expect(text.contains("ORIGINAL  a-orig"))
        #expect(text.contains("date-anomaly"))
        #expect(text.contains("z-own-words"))
        #expect(text.split(separator: "\n").allSatisfy { $0.unicodeScalars.count <= ProvenanceText.width })
    }
}
