import Testing
@testable import NewsfoldExtract

@Suite struct WireCreditTests {
    private func wire(_ text: String) -> String? { WireCredit.detect(in: text[...]) }

    @Test func agenciesNamedOrCredited() {
        #expect(wire("WASHINGTON (AP) — A U.S. official") == "AP")
        #expect(wire("Associated Press") == "AP")
        #expect(wire("BY ASSOCIATED PRESS") == "AP")
        #expect(wire("Credit: ASSOCIATED PRESS") == "AP")
        #expect(wire("SEOUL, Sept. 5 (UPI) --") == "UPI")
        #expect(wire("United Press International") == "UPI")
        #expect(wire("LONDON (Reuters) -") == "Reuters")
        #expect(wire("REUTERS") == "Reuters")
        #expect(wire("PARIS, 5 sept (AFP) -") == "AFP")
        #expect(wire("Agence France-Presse") == "AFP")
        #expect(wire("Agence France Presse") == "AFP")
        #expect(wire("Berlin (dpa) -") == "dpa")
        #expect(wire("Deutsche Presse-Agentur") == "dpa")
        #expect(wire("Madrid (EFE).-") == "EFE")
        #expect(wire("Kyodo News") == "Kyodo")
        #expect(wire("SEOUL, Sept. 5 (Yonhap) --") == "Yonhap")
        #expect(wire("BEIJING (Xinhua) --") == "Xinhua")
        #expect(wire("New Delhi (PTI)") == "PTI")
        #expect(wire("Press Trust of India") == "PTI")
        #expect(wire("The Canadian Press") == "CP")
        #expect(wire("TORONTO (CP) —") == "CP")
        #expect(wire("Australian Associated Press") == "AAP")
        #expect(wire("MOSCOW, Sept 5 (TASS)") == "TASS")
        #expect(wire("(Bloomberg) --") == "Bloomberg")
        #expect(wire("AP Washington") == "AP")
    }

    @Test func falsePositivesAvoided() {
        #expect(wire("Follow the AP Stylebook") == nil)
        #expect(wire("(AP Photo/Ahn Young-joon)") == nil)
        #expect(wire("She took the AP exam in May") == nil)
        #expect(wire("an app, a map, happy") == nil)
        #expect(wire("the ap in lowercase") == nil)
        #expect(wire("Read the reuters of nothing") == nil)
        #expect(wire("Michael Bloomberg said on Monday") == nil)
        #expect(wire("CP violations were reported") == nil)
        #expect(wire("Route AP7 is closed") == nil)
        #expect(wire("A U.S. official said Monday") == nil)
    }
}

@Suite struct DatelineTests {
    private func parse(_ p: String) -> (String, String?, String)? {
        guard let d = Dateline.parse(p) else { return nil }
        return (d.place, d.wire, String(p[d.bodyStart...]))
    }

    @Test func wireDatelines() throws {
        let a = try #require(parse("WASHINGTON (AP) — A U.S. official said Monday"))
        #expect(a.0 == "WASHINGTON" && a.1 == "AP" && a.2 == "A U.S. official said Monday")
        let b = try #require(parse("SEOUL, Sept. 5 (UPI) -- North Korean leader"))
        #expect(b.0 == "SEOUL" && b.1 == "UPI" && b.2 == "North Korean leader")
        let c = try #require(parse("DEATH VALLEY JUNCTION, Calif. (AP) — The heat"))
        #expect(c.0 == "DEATH VALLEY JUNCTION, Calif." && c.1 == "AP" && c.2 == "The heat")
        let d = try #require(parse("LONDON (Reuters) - Britain's economy"))
        #expect(d.0 == "LONDON" && d.1 == "Reuters" && d.2 == "Britain's economy")
        let e = try #require(parse("PARIS, 5 sept (AFP) - Le gouvernement"))
        #expect(e.0 == "PARIS" && e.1 == "AFP" && e.2 == "Le gouvernement")
        let f = try #require(parse("Rosenberg, TX (AP) — Officials said"))
        #expect(f.0 == "Rosenberg, TX" && f.1 == "AP" && f.2 == "Officials said")
    }

    @Test func datelinesWithoutAgency() throws {
        let a = try #require(parse("NEW DELHI: The government on Tuesday"))
        #expect(a.0 == "NEW DELHI" && a.1 == nil && a.2 == "The government on Tuesday")
        let b = try #require(parse("WASHINGTON — President Biden"))
        #expect(b.0 == "WASHINGTON" && b.1 == nil && b.2 == "President Biden")
        let c = try #require(parse("ATLANTA (CNN) — A storm"))
        #expect(c.0 == "ATLANTA" && c.1 == nil && c.2 == "A storm")
        let d = try #require(parse("SÃO PAULO (Reuters) - Brazil"))
        #expect(d.0 == "SÃO PAULO" && d.1 == "Reuters")
    }

    @Test func ordinarySentencesAreNotDatelines() {
        #expect(parse("A U.S. official said Monday that North Korean leader Kim Jong Un may travel") == nil)
        #expect(parse("The result: a narrow win for the incumbent") == nil)
        #expect(parse("Washington — the capital — was quiet") == nil)
        #expect(parse("Shoigu said Monday that the two countries may hold joint war games.") == nil)
        #expect(parse("UPDATE: The story has been corrected") == nil)
        #expect(parse("WASHINGTON-based groups said") == nil)
        #expect(parse("Officials (including two ministers) — said") == nil)
        #expect(parse("") == nil)
    }
}

@Suite struct BylineTests {
    private func parse(_ line: String) -> Byline? { Byline.parse(line[...]) }

    @Test func englishBylines() {
        #expect(parse("By Thomas Maresca") == Byline(authors: ["Thomas Maresca"], wire: nil))
        #expect(parse("BY ASSOCIATED PRESS") == Byline(authors: [], wire: "AP"))
        #expect(parse("By Jane Doe and John Roe, Reuters") == Byline(authors: ["Jane Doe", "John Roe"], wire: "Reuters"))
        #expect(parse("By JANE DOE, Associated Press") == Byline(authors: ["Jane Doe"], wire: "AP"))
        #expect(parse("AP Washington") == Byline(authors: [], wire: "AP"))
        #expect(parse("Jane Doe | Staff Writer") == Byline(authors: ["Jane Doe"], wire: nil))
        #expect(parse("By Jane Doe, Senior Correspondent") == Byline(authors: ["Jane Doe"], wire: nil))
        #expect(parse("By: Jane E. Doe") == Byline(authors: ["Jane E. Doe"], wire: nil))
        #expect(parse("Written by Ludwig van Beethoven") == Byline(authors: ["Ludwig van Beethoven"], wire: nil))
        #expect(parse("By Jane Doe for The Times") == Byline(authors: ["Jane Doe"], wire: nil))
        #expect(parse("By Jane Doe, CNN") == Byline(authors: ["Jane Doe"], wire: nil))
        #expect(parse("By Jane Doe Updated Sep 5, 2023 7:36 AM") == Byline(authors: ["Jane Doe"], wire: nil))
        #expect(parse("By Jane Doe & John Roe") == Byline(authors: ["Jane Doe", "John Roe"], wire: nil))
    }

    @Test func otherLanguages() {
        #expect(parse("Von Max Mustermann") == Byline(authors: ["Max Mustermann"], wire: nil))
        #expect(parse("Par Jean Dupont") == Byline(authors: ["Jean Dupont"], wire: nil))
        #expect(parse("Por Juan Pérez") == Byline(authors: ["Juan Pérez"], wire: nil))
        #expect(parse("Von Max Mustermann und Erika Musterfrau, dpa") ==
                Byline(authors: ["Max Mustermann", "Erika Musterfrau"], wire: "dpa"))
    }

    @Test func metaTagAuthorLists() {
        #expect(parse("Jane Doe, John Roe") == Byline(authors: ["Jane Doe", "John Roe"], wire: nil))
        #expect(parse("Jane Doe") == Byline(authors: ["Jane Doe"], wire: nil))
        #expect(parse("Admin") == nil)
        #expect(parse("https://www.example.com/profile/jane") == nil)
    }

    @Test func notBylines() {
        #expect(parse("By the end of the day, the talks had stalled.") == nil)
        #expect(parse("By 2030, emissions will fall") == nil)
        #expect(parse("By Monday, the team had left") == nil)
        #expect(parse("By Tuesday") == nil)
        #expect(parse("North Korean leader Kim Jong Un may travel to Russia soon.") == nil)
        #expect(parse("Shoigu said Monday that the two countries may hold joint war games.") == nil)
        #expect(parse("") == nil)
        #expect(parse("By") == nil)
    }

    @Test func cleaningNames() {
        #expect(Byline.cleanAuthorName("  JANE O'NEIL-SMITH ") == "Jane O'Neil-Smith")
        #expect(Byline.cleanAuthorName("By Jane Doe,") == "Jane Doe")
        #expect(Byline.cleanAuthorName("McDonald") == "McDonald")
        #expect(Byline.cleanAuthorName("ÉMILE ZOLA") == "Émile Zola")
        #expect(Byline.cleanAuthorName("Jane   Doe") == "Jane Doe")
    }
}
