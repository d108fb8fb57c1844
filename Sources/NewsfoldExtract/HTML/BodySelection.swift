/// Picks the article body out of a ``PageScan``: Readability-style container scoring, then a
/// jusText-style pass over the blocks of the chosen containers.
///
/// 1. Furniture (nav, comments, sharing, related links, ... by tag or name) is left out,
///    unless it wraps the article: an element holding `<article>`/`<main>`/`articleBody`, or
///    most of the page's paragraph text, is forgiven (pages put state classes such as
///    `has-sidebar` on their wrappers). So is a figure by another name: an element named for
///    a picture or video (`inline-image`, `media`, `gallery`, ...) that holds one and little
///    text, its caption.
/// 2. Each paragraph-like block of 25+ characters scores `1 + commas + min(chars/100, 3)` for
///    its container and, divided, for four more ancestors; containers start from their tag and
///    Readability's name weights and end multiplied by `1 - link density`.
/// 3. The best container is taken, widened to a shared ancestor when three good candidates
///    sit under it, together with siblings that score at least a fifth of it, with prose
///    siblings made from the same template as it or a near ancestor (same tag and class: one
///    section per `<div class="section">`), and with the whole `<article>`/`<main>`/
///    `articleBody` it sits in unless that one is link-heavy (an article split over several
///    containers between ads and figures).
/// 4. Its blocks, less any list of teaser cards that does not hold the best container (a
///    river of linked headlines with excerpts), and preceded by the lead between the headline
///    and the body when the article's header holds one, are classed good (long, few links),
///    short, or bad (link lists). Short blocks stay between good ones, or next to one when
///    they end as a sentence does or are cells and list items; headings (`h2`–`h6`, and an
///    `h1` that is not the title) only before good text.
///
/// Every step is linear in the number of elements and blocks.
struct BodySelection {
    var paragraphs: [[UInt8]] = []
    /// Which of ``paragraphs`` are headings.
    var headingFlags: [Bool] = []
    /// The index in the scan's blocks of the first block chosen for the body (before
    /// classification drops any), where the text around the headline ends.
    var firstBlock: Int?

    /// Bytes of text in ``paragraphs``.
    var byteCount: Int { paragraphs.reduce(0) { $0 + $1.count } }

    init(scan: PageScan, title: String?) {
        let elements = scan.elements
        guard !elements.isEmpty else { return }
        let excludedElement = BodySelection.excludedByFurniture(scan)
        let excluded = scan.blocks.map { excludedElement[Int($0.owner)] }
        let titleBytes = title.map { Array($0.utf8) }

        // 2. Scores.
        var ranking = ContainerRanking(scan, excluded: excluded)
        var top = ranking.top
        var selected: [ClosedRange<Int32>] = []
        if top >= 0, let marker = BodySelection.outscoringMarker(over: top, elements, excluded: excludedElement) {
            // 2b. The marker bounds the article itself: no widening, no siblings.
            top = marker
            selected.append(Int32(top)...elements[top].end)
        } else if top >= 0 {
            // 3. Widened to a shared ancestor of several near-best candidates, with siblings.
            ranking.widen(elements)
            top = ranking.top
            selected.append(Int32(top)...elements[top].end)
            selected += ranking.siblings(elements)
            // 3a. The article split over a run of containers made from one template (each
            // section in its own `<div class="section">`): same-class siblings of the pick or
            // of one of its near ancestors that hold prose are taken too.
            selected += BodySelection.templateSiblings(of: top, elements, excluded: excludedElement)
        }

        // 3b. The article split over several containers inside one `<article>`/`<main>`/
        // `articleBody`: when the best container sits in such a marker that is mostly prose,
        // the whole marker is taken (step 4 still leaves out its link lists and short bits).
        if top >= 0, let marker = BodySelection.enclosingMainMarker(of: top, in: elements) {
            selected.append(Int32(marker)...elements[marker].end)
        }

        // 4. Blocks of the selection, classified; teaser lists inside it left out.
        let teasers = top >= 0 ? BodySelection.teaserLists(elements, around: top) : []
        var chosen = BodySelection.blocks(
            of: scan, excluded: excluded, inside: top >= 0 ? selected : nil, teasers: teasers)
        if let first = chosen.first {
            chosen.insert(contentsOf: BodySelection.leadBlocks(scan, before: first, teasers: teasers), at: 0)
        }
        firstBlock = chosen.first
        classify(scan: scan, chosen: chosen, titleBytes: titleBytes)
        if paragraphs.isEmpty, top >= 0 {
            // The container held nothing that passes: fall back to every block on the page.
            let all = scan.blocks.indices.filter { !excluded[$0] }
            classify(scan: scan, chosen: all, titleBytes: titleBytes)
        }
    }

    /// Step 2: the containers' scores and the best one. Each paragraph-like block of 25+
    /// characters scores for its container and, divided, for four more ancestors; a scored
    /// container starts from ``initialScore(_:)`` and ends multiplied by `1 - link density`.
    private struct ContainerRanking {
        /// Final score by element; NaN for elements no block scored.
        var scores: [Double]
        /// The element with the best score (the first of equals), -1 when none scored.
        var top = -1
        /// The best score as ranked (widening keeps it).
        var topScore = -Double.infinity

        /// Scores the containers of the blocks not `excluded` (one flag per block) and ranks them.
        init(_ scan: PageScan, excluded: [Bool]) {
            let elements = scan.elements
            scores = ContainerRanking.contentScores(scan, excluded: excluded)
            for o in 0..<elements.count where !scores[o].isNaN {
                let e = elements[o]
                let density = e.textBytes > 0 ? Double(e.linkBytes) / Double(e.textBytes) : 0
                scores[o] = scores[o] * (1 - density)
                if scores[o] > topScore {
                    topScore = scores[o]
                    top = o
                }
            }
        }

        /// Scores before link density: `1 + commas + min(chars/100, 3)` per block for its
        /// container (the block's own element when that is a container, else its parent) and,
        /// divided by 2, 6, 9 and 12, for the four ancestors above that.
        private static func contentScores(_ scan: PageScan, excluded: [Bool]) -> [Double] {
            let elements = scan.elements
            var score = [Double](repeating: .nan, count: elements.count)
            for (b, block) in scan.blocks.enumerated() where !excluded[b] {
                let chars = characterCount(block.text)
                guard chars >= 25 else { continue }
                switch block.tag {
                case .h1, .h2, .h3, .h4, .h5, .h6, .li, .dt, .ul, .ol: continue
                default: break
                }
                let contentScore = 1 + Double(commaCount(block.text)) + Double(min(chars / 100, 3))
                var o = Int(block.owner)
                switch block.tag {
                case .div, .section, .article, .main, .body, .td, .center: break
                default: o = Int(elements[o].parent)
                }
                var level = 0
                while o >= 0, level < 5 {
                    if score[o].isNaN { score[o] = initialScore(elements[o]) }
                    let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level * 3)
                    score[o] += contentScore / divider
                    o = Int(elements[o].parent)
                    level += 1
                }
            }
            return score
        }

        /// A container's score before its blocks: Readability's name weight and tag weight.
        private static func initialScore(_ e: ElementInfo) -> Double {
            var s = Double(e.classWeight)
            switch e.tag {
            case .div: s += 5
            case .article, .main: s += 8
            case .pre, .td, .blockquote: s += 3
            case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: s -= 3
            case .h1, .h2, .h3, .h4, .h5, .h6, .th: s -= 5
            default: break
            }
            return s
        }

        /// Step 3: when two or more near-best candidates (3/4 of the best score or more) sit
        /// outside ``top``, moves it up to the nearest ancestor below `<body>` (at most 40
        /// levels up) that holds two of them; an unscored ancestor gets the best score.
        mutating func widen(_ elements: [ElementInfo]) {
            var near: [Int] = []
            for o in 0..<elements.count where !scores[o].isNaN && o != top
                && scores[o] >= topScore * 0.75 && !(Int32(o) >= Int32(top) && Int32(o) <= elements[top].end)
            {
                near.append(o)
            }
            guard near.count >= 2 else { return }
            var a = Int(elements[top].parent)
            var steps = 0
            while a >= 0, elements[a].tag != .body, steps < 40 {
                let inside = near.filter { Int32($0) >= Int32(a) && Int32($0) <= elements[a].end }.count
                if inside >= 2 {
                    top = a
                    if scores[a].isNaN { scores[a] = topScore }
                    return
                }
                a = Int(elements[a].parent)
                steps += 1
            }
        }

        /// Siblings of ``top`` kept with it: those scoring at least a fifth of it (10 at the
        /// least), paragraphs of prose, and containers of prose (the article split over several).
        func siblings(_ elements: [ElementInfo]) -> [ClosedRange<Int32>] {
            let parent = Int(elements[top].parent)
            guard parent >= 0 else { return [] }
            let threshold = max(10, (scores[top].isNaN ? topScore : scores[top]) * 0.2)
            var kept: [ClosedRange<Int32>] = []
            var o = parent + 1
            while o <= Int(elements[parent].end) {
                let e = elements[o]
                if o != top, e.parent == Int32(parent), keepsSibling(o, e, threshold: threshold) {
                    kept.append(Int32(o)...e.end)
                }
                o = Int(e.end) + 1
            }
            return kept
        }

        /// Whether sibling `o` (`e`) is kept: it scores `threshold` or more, or it is a `<p>`
        /// of over 80 bytes with under 25% links, or it is no furniture and made of prose
        /// (200+ paragraph bytes, 70%+ of its text, under 20% links).
        private func keepsSibling(_ o: Int, _ e: ElementInfo, threshold: Double) -> Bool {
            if !scores[o].isNaN && scores[o] >= threshold { return true }
            if e.tag == .p, e.textBytes > 0 {
                let density = Double(e.linkBytes) / Double(e.textBytes)
                if e.textBytes > 80 && density < 0.25 { return true }
            }
            guard e.furniture == 0, e.paragraphBytes >= 200, e.textBytes > 0 else { return false }
            let density = Double(e.linkBytes) / Double(e.textBytes)
            return density < 0.2 && Double(e.paragraphBytes) >= 0.7 * Double(e.textBytes)
        }
    }

    /// Step 2b: a long box outside the article (deals, a newsletter pitch, an author bio) can
    /// outscore an article split into many small sections. When `top` sits outside every
    /// `<article>`/`<main>`/`articleBody` and one of them, mostly prose
    /// (``largestProseMarker(_:excluded:)``), holds more paragraph text than `top`, that one is
    /// the article; else nil.
    private static func outscoringMarker(over top: Int, _ elements: [ElementInfo], excluded: [Bool]) -> Int? {
        guard enclosingMainMarker(of: top, in: elements) == nil,
            let marker = largestProseMarker(elements, excluded: excluded),
            elements[marker].paragraphBytes > elements[top].paragraphBytes
        else { return nil }
        return marker
    }

    /// Indices of the blocks not `excluded` whose owner is inside one of the `selected`
    /// ranges (every one when `selected` is nil) and inside none of the `teasers`.
    private static func blocks(
        of scan: PageScan, excluded: [Bool], inside selected: [ClosedRange<Int32>]?, teasers: [ClosedRange<Int32>]
    ) -> [Int] {
        var chosen: [Int] = []
        for (b, block) in scan.blocks.enumerated() where !excluded[b] {
            if selected?.contains(where: { $0.contains(block.owner) }) ?? true,
                !teasers.contains(where: { $0.contains(block.owner) })
            {
                chosen.append(b)
            }
        }
        return chosen
    }

    private enum Kind { case good, short, bad, heading }

    private mutating func classify(scan: PageScan, chosen: [Int], titleBytes: [UInt8]?) {
        var kinds: [Kind] = []
        kinds.reserveCapacity(chosen.count)
        for b in chosen {
            let block = scan.blocks[b]
            let chars = characterCount(block.text)
            let density = block.linkDensity
            if let level = block.tag.headingLevel {
                if level == 1, let t = titleBytes, sameText(block.text, t) {
                    kinds.append(.bad)
                } else {
                    // A heading as long as a paragraph is one set in large type (a lead, a
                    // summary): judged as text.
                    kinds.append(density > 0.5 ? .bad : chars >= BodySelection.minimumParagraphHeading ? .good : .heading)
                }
                continue
            }
            if density > 0.5 || (chars < 80 && density > 0.3) {
                kinds.append(.bad)
            } else if chars < 40 || (block.tag == .li && chars < 60) {
                // A short paragraph all in bold is a subheading.
                let bold = block.boldBytes >= block.text.count && (block.tag == .p || block.tag == .div)
                kinds.append(bold ? .heading : .short)
            } else {
                kinds.append(.good)
            }
        }
        // Short blocks between good ones, headings before good text.
        var keep = [Bool](repeating: false, count: kinds.count)
        for i in kinds.indices where kinds[i] == .good { keep[i] = true }
        let (goodBefore, goodAfter) = Self.goodNeighbours(kinds)
        for i in kinds.indices {
            switch kinds[i] {
            case .short:
                let before = goodBefore[i], after = goodAfter[i]
                let block = scan.blocks[chosen[i]]
                switch block.tag {
                case .td, .th, .li, .dd, .dt:
                    // Cells and items: short by nature, kept next to good text.
                    keep[i] = before || after
                default:
                    // Elsewhere a short block stays between good ones, or next to one when it
                    // ends as a sentence does (a label such as "8 hours ago" does not).
                    keep[i] = (before && after) || ((before || after) && endsLikeASentence(block.text))
                }
            case .heading:
                keep[i] = goodAfter[i]
            default: break
            }
        }
        paragraphs = []
        headingFlags = []
        for (i, b) in chosen.enumerated() where keep[i] {
            paragraphs.append(scan.blocks[b].text)
            headingFlags.append(kinds[i] == .heading)
        }
    }

    /// For each block, whether the nearest block before it (and after it) that is neither short
    /// nor a heading is good: short blocks and headings are looked through, a bad block stops
    /// the look. Two passes, O(n) (a walk from every block was quadratic on a page of 50,000
    /// short paragraphs: 3 s for 1 MB).
    private static func goodNeighbours(_ kinds: [Kind]) -> (before: [Bool], after: [Bool]) {
        var before = [Bool](repeating: false, count: kinds.count)
        var after = before
        var good = false
        for i in kinds.indices {
            before[i] = good
            switch kinds[i] {
            case .good: good = true
            case .bad: good = false
            case .short, .heading: break
            }
        }
        good = false
        for i in kinds.indices.reversed() {
            after[i] = good
            switch kinds[i] {
            case .good: good = true
            case .bad: good = false
            case .short, .heading: break
            }
        }
        return (before, after)
    }

    /// A heading with at least this many characters is read as a paragraph.
    static let minimumParagraphHeading = 100

    /// The innermost `<article>`/`<main>`/`articleBody` at or above `o` (below `<body>`), or nil
    /// when there is none or it is link-heavy (30%+ of its text in links: a list of teasers).
    /// O(depth).
    static func enclosingMainMarker(of o: Int, in elements: [ElementInfo]) -> Int? {
        var a = o
        var steps = 0
        while a >= 0, steps < 64 {
            let e = elements[a]
            if e.tag == .body || e.tag == .html { return nil }
            if e.isMainMarker {
                guard e.textBytes > 0, Double(e.linkBytes) < 0.3 * Double(e.textBytes) else { return nil }
                return a
            }
            a = Int(e.parent)
            steps += 1
        }
        return nil
    }

    /// The `<article>`/`<main>`/`articleBody` element with the most paragraph text that is
    /// not link-heavy (under 30% of its text in links), holds at least
    /// ``minimumMarkerProse`` bytes of it, and is not inside left-out furniture; nil when
    /// there is none. O(elements).
    static func largestProseMarker(_ elements: [ElementInfo], excluded: [Bool]) -> Int? {
        var best: Int?
        for (o, e) in elements.enumerated() where e.isMainMarker && !excluded[o] {
            guard e.paragraphBytes >= minimumMarkerProse, e.textBytes > 0,
                Double(e.linkBytes) < 0.3 * Double(e.textBytes)
            else { continue }
            if best == nil || e.paragraphBytes > elements[best!].paragraphBytes { best = o }
        }
        return best
    }

    /// An article marker with less paragraph text than this (bytes, about three sentences)
    /// is a teaser card, not an article.
    static let minimumMarkerProse: Int32 = 400

    /// Siblings made from the same template as `top` or one of its ancestors up to
    /// ``templateLevels`` above it (same tag, same `class` tokens) that
    /// hold at least ``minimumTemplateProse`` bytes of paragraph text with few links and are
    /// not furniture, at the lowest level where any is found. O(levels × children).
    static func templateSiblings(of top: Int, _ elements: [ElementInfo], excluded: [Bool]) -> [ClosedRange<Int32>] {
        var a = top
        var level = 0
        while a >= 0, level <= templateLevels {
            let e = elements[a]
            if e.tag == .body || e.tag == .html || e.parent < 0 { break }
            let parent = Int(e.parent)
            var found: [ClosedRange<Int32>] = []
            if let template = classTokens(e.node) {
                var c = parent + 1
                while c <= Int(elements[parent].end) {
                    let s = elements[c]
                    if c != a, s.tag == e.tag, !excluded[c], s.paragraphBytes >= minimumTemplateProse,
                        s.textBytes > 0, Double(s.linkBytes) < 0.3 * Double(s.textBytes),
                        classTokens(s.node) == template
                    {
                        found.append(Int32(c)...s.end)
                    }
                    c = Int(s.end) + 1
                }
            }
            if !found.isEmpty { return found }
            a = parent
            level += 1
        }
        return []
    }

    /// The `class` value with white space collapsed and trimmed, nil without one. O(n).
    private static func classTokens(_ node: Node) -> [UInt8]? {
        guard let cls = CommonAttributes(node).cls else { return nil }
        var out: [UInt8] = []
        appendCollapsed(bytes(cls), to: &out)
        while out.last == 0x20 { out.removeLast() }
        if out.first == 0x20 { out.removeFirst() }
        return out.isEmpty ? nil : out
    }

    static let templateLevels = 6
    static let minimumTemplateProse: Int32 = 80

    /// The lead (standfirst) of an article whose body container starts after it: prose
    /// blocks between the headline (the nearest `<h1>` at most ``maximumLeadDistance`` blocks
    /// before the body) and the body's first block. Article headers often hold the headline,
    /// byline, date, picture and lead together, apart from the container of the paragraphs.
    /// A lead block has at least ``minimumLeadCharacters`` characters and few links, and sits
    /// in no furniture but a header (no caption, byline, date, share box, aside or figure) and
    /// in none of the `teasers` lists (``teaserLists(_:around:)``: an excerpt under a linked
    /// headline is no lead). The last ``maximumLeadBlocks`` such blocks are taken.
    /// O(distance × depth).
    static func leadBlocks(_ scan: PageScan, before first: Int, teasers: [ClosedRange<Int32>]) -> [Int] {
        let blocks = scan.blocks
        var headline = -1
        var t = first - 1
        while t >= max(0, first - maximumLeadDistance) {
            if blocks[t].tag == .h1 {
                headline = t
                break
            }
            t -= 1
        }
        guard headline >= 0 else { return [] }
        var lead: [Int] = []
        for b in (headline + 1)..<first {
            let block = blocks[b]
            guard characterCount(block.text) >= minimumLeadCharacters, block.text.count >= 100,
                block.linkDensity < 0.2, !sameText(block.text, blocks[first].text),
                !inFurnitureOtherThanHeader(block.owner, scan.elements),
                !teasers.contains(where: { $0.contains(block.owner) })
            else { continue }
            lead.append(b)
        }
        return Array(lead.suffix(maximumLeadBlocks))
    }

    private static func inFurnitureOtherThanHeader(_ owner: Int32, _ elements: [ElementInfo]) -> Bool {
        var a = Int(owner)
        var steps = 0
        while a >= 0, steps < 64 {
            let e = elements[a]
            if e.blocksLead { return true }
            if isFigure(e) { return true }
            a = Int(e.parent)
            steps += 1
        }
        return false
    }

    /// The headline is at most this many blocks before the body for a lead to be looked for.
    static let maximumLeadDistance = 20
    static let minimumLeadCharacters = 60
    static let maximumLeadBlocks = 3

    /// Lists of teasers that do not hold `top`: elements with at least three headlines that
    /// are links (``ElementInfo/linkedHeadings``) and under ``maximumTeaserBytes`` of text a
    /// headline, such as a river of "more stories" (headline, one-line excerpt, time) that
    /// shares an `<article>` or `<main>` with the article. A list is made of cards: three or
    /// more children hold a headline each, and the children without one hold under a fifth of
    /// its text (so a wrapper of article paragraphs and a teaser box is not one; the box
    /// inside it is). O(elements).
    static func teaserLists(_ elements: [ElementInfo], around top: Int) -> [ClosedRange<Int32>] {
        var lists: [ClosedRange<Int32>] = []
        var o = 0
        while o < elements.count {
            let e = elements[o]
            let holdsTop = o <= top && top <= Int(e.end)
            if !holdsTop, e.linkedHeadings >= 3, e.textBytes < maximumTeaserBytes * e.linkedHeadings,
                isListOfCards(o, elements)
            {
                lists.append(Int32(o)...e.end)
                o = Int(e.end) + 1
            } else if e.linkedHeadings == 0 {
                o = Int(e.end) + 1
            } else {
                o += 1
            }
        }
        return lists
    }

    /// Three or more children of `o` hold a linked headline, and the others under a fifth of
    /// its text. O(children).
    private static func isListOfCards(_ o: Int, _ elements: [ElementInfo]) -> Bool {
        let e = elements[o]
        var cards = 0
        var otherText: Int32 = 0
        var c = o + 1
        while c <= Int(e.end) {
            if elements[c].linkedHeadings > 0 {
                cards += 1
            } else {
                otherText += elements[c].textBytes
            }
            c = Int(elements[c].end) + 1
        }
        return cards >= 3 && otherText * 5 < e.textBytes
    }

    /// A teaser (headline, excerpt, byline, time) has less text than this (bytes).
    static let maximumTeaserBytes: Int32 = 500

    /// A figure by another name: a picture or video inside, a name that says so
    /// (``BoilerplateNames/namesMedia(_:)``), and text but no more than a caption's.
    static func isFigure(_ e: ElementInfo) -> Bool {
        e.holdsMedia && e.textBytes > 0 && e.textBytes <= maximumCaptionBytes && !e.holdsMainMarker
            && BoilerplateNames.namesMedia(e.node)
    }

    /// A figure with more text than this (bytes) holds more than a caption.
    static let maximumCaptionBytes: Int32 = 500

    /// Elements inside furniture that is not forgiven (one flag per element; a block is out
    /// when its owner is).
    static func excludedByFurniture(_ scan: PageScan) -> [Bool] {
        let elements = scan.elements
        let totalParagraph = Double(elements[0].paragraphBytes)
        var forgiven = [Bool](repeating: false, count: elements.count)
        for (o, e) in elements.enumerated() where e.furniture > 0 {
            let share = totalParagraph > 0 ? Double(e.paragraphBytes) / totalParagraph : 0
            if e.furniture == 1 {
                // Named like furniture but made of prose (`paywalled`, `has-sidebar` wrappers).
                let prose = e.paragraphBytes >= 500 && Double(e.paragraphBytes) >= 0.6 * Double(e.textBytes)
                forgiven[o] = (e.holdsMainMarker && e.tag != .header && e.tag != .footer) || share >= 0.5
                    || (prose && e.tag != .footer && e.tag != .aside && e.tag != .nav)
            } else {
                forgiven[o] = (e.holdsMainMarker && share >= 0.4) || share >= 0.8
            }
        }
        var excluded = [Bool](repeating: false, count: elements.count)
        for (o, e) in elements.enumerated() {
            var f = e.furnitureAncestor
            var steps = 0
            while f >= 0, forgiven[Int(f)], steps < 64 {
                let p = elements[Int(f)].parent
                f = p >= 0 ? elements[Int(p)].furnitureAncestor : -1
                steps += 1
            }
            excluded[o] = f >= 0
        }
        // Figures by another name: a picture or video in an element named for one, with
        // little text (its caption and credit).
        var o = 0
        while o < elements.count {
            let e = elements[o]
            if isFigure(e) {
                for inside in o...Int(e.end) { excluded[inside] = true }
                o = Int(e.end) + 1
            } else {
                o += 1
            }
        }
        return excluded
    }
}

/// Whether a text ends as a sentence does: `.`, `!`, `?`, `…`, the ideographic and
/// full-width stops, or one of those followed by closing quotes or brackets (`)`, `]`, `"`,
/// `'`, `‘’‚‛“”`, `»`, `」`, `』`). Labels ("8 hours ago", "Related", "Producer") do not.
/// O(closing characters at the end).
func endsLikeASentence(_ text: [UInt8]) -> Bool {
    var end = text.count
    while end > 0 {
        let c = text[end - 1]
        if c == 0x29 || c == 0x5D || c == 0x22 || c == 0x27 {
            end -= 1
        } else if end >= 3, text[end - 3] == 0xE2, text[end - 2] == 0x80, (0x98...0x9D).contains(text[end - 1]) {
            end -= 3
        } else if end >= 2, text[end - 2] == 0xC2, text[end - 1] == 0xBB {
            end -= 2
        } else if end >= 3, text[end - 3] == 0xE3, text[end - 2] == 0x80, text[end - 1] == 0x8D || text[end - 1] == 0x8F {
            end -= 3
        } else {
            break
        }
    }
    guard end > 0 else { return false }
    let c = text[end - 1]
    if c == 0x2E || c == 0x21 || c == 0x3F { return true }
    if end >= 3 {
        let a = text[end - 3], b = text[end - 2]
        if a == 0xE2, b == 0x80, c == 0xA6 { return true }  // …
        if a == 0xE3, b == 0x80, c == 0x82 { return true }  // 。
        if a == 0xEF, b == 0xBC, c == 0x81 || c == 0x9F { return true }  // ！ ？
    }
    return false
}

/// Unicode scalars in UTF-8 bytes (bytes that do not continue a sequence). O(n).
@inline(__always)
func characterCount(_ text: [UInt8]) -> Int {
    var n = 0
    for c in text where c & 0xC0 != 0x80 { n += 1 }
    return n
}

/// Commas, including the full-width and ideographic ones. O(n).
@inline(__always)
func commaCount(_ text: [UInt8]) -> Int {
    var n = 0
    var i = 0
    let count = text.count
    while i < count {
        let c = text[i]
        if c == 0x2C {
            n += 1
        } else if c == 0xEF, i + 2 < count, text[i + 1] == 0xBC, text[i + 2] == 0x8C {
            n += 1
        } else if c == 0xE3, i + 2 < count, text[i + 1] == 0x80, text[i + 2] == 0x81 {
            n += 1
        }
        i += 1
    }
    return n
}

/// Equal after ASCII case folding.
func sameText(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<a.count where lowerASCII(a[i]) != lowerASCII(b[i]) { return false }
    return true
}
