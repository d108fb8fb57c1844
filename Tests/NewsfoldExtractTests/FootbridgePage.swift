/// The article body the metadata tests put on their small pages: two paragraphs of prose, long
/// enough for the extractor to find a body, in an `<article>`.
enum FootbridgePage {
    static let body = """
        <article><p>The town council voted on Tuesday to rebuild the old footbridge over the river, \
        ending a dispute that had lasted for more than two years between residents and planners.</p>\
        <p>Work is due to start in the spring, and the council said the path would stay open for \
        walkers for most of the time, with short closures announced a week ahead.</p></article>
        """
}
