import Testing
@testable import NewsfoldCore

@Suite struct TextFoldingTests {
    let tokenizer = WordTokenizer()

    @Test func lowercasesAndFoldsPunctuation() {
        #expect(tokenizer.normalize("The Café’s DOOR—open!") == "the cafes door open")
        #expect(tokenizer.normalize("  “Hello,” she said…  ") == "hello she said")
        #expect(tokenizer.normalize("isn't isn’t isnt") == "isnt isnt isnt")
        #expect(tokenizer.normalize("U.S.-led talks, 2,000 troops") == "u s led talks 2 000 troops")
    }

    @Test func foldsDiacriticsGreekCyrillicFullWidth() {
        #expect(tokenizer.normalize("Ñandú ÉCOLE Łódź Straße") == "nandu ecole lodz straße")
        #expect(tokenizer.normalize("ΑΘΗΝΑ Αθήνα;") == "αθηνα αθηνα")
        #expect(tokenizer.normalize("МОСКВА Москва") == "москва москва")
        #expect(tokenizer.normalize("ＡＢＣ１２") == "abc12")
        // Decomposed é (e + combining acute) folds like the precomposed one.
        #expect(tokenizer.normalize("Cafe\u{301}") == "cafe")
    }

    @Test func ideographsAreOneWordEach() {
        #expect(tokenizer.normalize("東京都、2023") == "東 京 都 2023")
    }

    @Test func invalidUTF8BreaksWordsWithoutCrashing() {
        let bytes: [UInt8] = [0x61, 0x62, 0xFF, 0x63, 0xE2, 0x80, 0x64, 0xF0]
        var count = 0
        bytes.withUnsafeBufferPointer { p in tokenizer.forEachWord(in: p) { _ in count += 1 } }
        #expect(count == 3)  // "ab", "c", "d"
    }

    @Test func wordRangesPointIntoOriginalBytes() {
        let text = "“Kim’s” visit"
        var words: [Substring] = []
        let utf8 = Array(text.utf8)
        tokenizer.forEachWord(in: text) { w in
            words.append(Substring(String(decoding: utf8[w.range], as: UTF8.self)))
        }
        #expect(words == ["Kim’s", "visit"])
    }

    @Test func equalFoldedWordsHashEqual() {
        #expect(StableHash.words(of: "CAFÉ") == StableHash.words(of: "cafe"))
        #expect(StableHash.words(of: "don’t") == StableHash.words(of: "dont"))
        #expect(StableHash.words(of: "abcdefghij") != StableHash.words(of: "abcdefghik"))
        #expect(StableHash.words(of: "abcdefgh") != StableHash.words(of: "abcdefgh0"))
    }

    @Test func fixedHashVectors() {
        // Pinned: the on-disk signature index depends on these never changing.
        #expect(StableHash.mix(0) == 0)
        #expect(StableHash.mix(1) == 0xB456_BCFC_34C2_CB2C)
        #expect(StableHash.words(of: "news") == [7_792_660_687_026_732_212])
    }
}

