/// All visible text of an HTML fragment or page (scripts and styles left out), one block
/// per line: for scoring against gold bodies given as HTML (Readability's `expected.html`).
///
/// ```swift
/// let gold = HTMLText.plainText(Array("<div><p>One.</p><p>Two.</p></div>".utf8))  // "One.\nTwo."
/// ```
///
/// O(n) in the input; parsing errors are recovered, never thrown (an unreadable input gives "").
public enum HTMLText {
    /// The visible text of `bytes`, one block per line (`""` when unreadable). `charset`, like an
    /// HTTP header's, wins over the markup's own declaration.
    public static func plainText(_ bytes: [UInt8], charset: String? = nil) -> String {
        guard let document = try? HTMLDocument(bytes: bytes, declaredCharset: charset),
            let root = document.root
        else { return "" }
        let scan = PageScan(root: root, keepEverything: true)
        return scan.blocks.map { String(decoding: $0.text, as: UTF8.self) }.joined(separator: "\n")
    }
}
