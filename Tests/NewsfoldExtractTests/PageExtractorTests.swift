import Testing
@testable import NewsfoldExtract

@Suite struct PageExtractorTests {
    @Test func sniffsKindFromContent() {
        #expect(PageExtractor.sniff(Array("<!DOCTYPE html><html>".utf8)) == .html)
        #expect(PageExtractor.sniff(Array("\u{FEFF}  <html>".utf8)) == .html)
        #expect(PageExtractor.sniff(Array(" date 2023-09-05 Advertisement\nWorld News".utf8)) == .text)
        #expect(PageExtractor.sniff(Array("junk before\n<div class=x><p>text".utf8)) == .html)
    }

    @Test func domainOfURL() {
        #expect(PageExtractor.domain(of: "https://www.upi.com/Top_News/x.html") == "upi.com")
        #expect(PageExtractor.domain(of: "http://user@Example.COM:8080/a?b") == "example.com")
        #expect(PageExtractor.domain(of: "not a url") == nil)
    }
}

@Suite struct LanguageGuessTests {
    @Test func recognisesCommonLanguagesAndAbstains() {
        let en = "The council said on Tuesday that the plan was approved and that it would start with the northern routes, which the mayor had asked for in his speech."
        let de = "Der Rat hat am Dienstag mitgeteilt, dass der Plan genehmigt ist und dass er mit den nördlichen Linien beginnt, die auch der Bürgermeister in seiner Rede nicht vergessen hat."
        let fr = "Le conseil a dit mardi que le plan est approuvé et qu'il commencera par les lignes du nord, que le maire avait demandées dans son discours pour la ville et les habitants."
        let es = "El consejo dijo el martes que el plan fue aprobado y que se iniciará con las líneas del norte, que el alcalde había pedido en su discurso para la ciudad y los vecinos."
        #expect(LanguageGuess.guess([en, en]) == "en")
        #expect(LanguageGuess.guess([de, de]) == "de")
        #expect(LanguageGuess.guess([fr, fr]) == "fr")
        #expect(LanguageGuess.guess([es, es]) == "es")
        #expect(LanguageGuess.guess(["Short."]) == nil)
        #expect(LanguageGuess.guess(["東京都は火曜日に新しいバス路線の計画を承認したと発表した。"]) == nil)
    }
}
