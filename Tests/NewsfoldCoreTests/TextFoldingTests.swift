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

    /// The tokenizer as one plain byte loop (no 8-byte fast path): what the fast path must equal.
    static func referenceWords(_ p: UnsafeBufferPointer<UInt8>) -> [Word] {
        var out: [Word] = []
        var state = WordHashState()
        var start = -1
        var i = 0
        func end(at i: Int) {
            if start >= 0 { out.append(Word(hash: state.finish(), range: start..<i)) }
            start = -1
        }
        while i < p.count {
            let (scalar, length) = p[i] < 0x80 ? (UInt32(p[i]), 1) : TextFolding.decode(p, at: i)
            switch scalar.map({ TextFolding.fold(scalar: $0) }) ?? .separator {
            case .letter(let s):
                if start < 0 { start = i }
                state.append(scalar: s)
            case .joiner: break
            case .separator: end(at: i)
            case .ideograph(let s):
                end(at: i)
                state.append(scalar: s)
                out.append(Word(hash: state.finish(), range: i..<(i + length)))
            }
            i += length
        }
        end(at: p.count)
        return out
    }

    @Test func fastPathHashesLikeTheByteLoop() {
        var state: UInt64 = 99
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % n
        }
        // Pieces that meet the 8-byte blocks in every way: short and long words, upper case,
        // digits, apostrophes, non-ASCII letters and punctuation, invalid bytes, ends of text.
        let pieces = [
            "a", "Ab", "news", "WORLD", "abcdefg", "abcdefgh", "ABCDEFGHI", "internationalisation", "x1y2z3w4v5",
            "2024", "don't", "don’t", "café", "Ŝtrange", "naïve", "東京", "—", "“", "”", "...", ", ", " ", "  ",
            "\n", "'", "@#", "[", "`", "{", "~", "\u{7F}",
        ]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<(1 + next(14)) {
                bytes += Array(pieces[next(pieces.count)].utf8)
                if next(9) == 0 { bytes.append(UInt8(0x80 + next(128))) }  // sometimes invalid UTF-8
            }
            bytes.withUnsafeBufferPointer { p in
                var fast: [Word] = []
                tokenizer.forEachWord(in: p) { fast.append($0) }
                #expect(fast == Self.referenceWords(p), "\(bytes)")
            }
        }
    }

    @Test func fixedHashVectors() {
        // Pinned: the on-disk signature index depends on these never changing.
        #expect(StableHash.mix(0) == 0)
        #expect(StableHash.mix(1) == 0xB456_BCFC_34C2_CB2C)
        #expect(StableHash.words(of: "news") == [7_792_660_687_026_732_212])
    }
}

