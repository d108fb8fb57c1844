import NewsfoldCore

extension StoreEngine {
    /// What the engine decides for each article of a batch, in batch order: stored already
    /// (same id, or same content: looked up when written), or placed (its copy group and
    /// story, the stories merged, the earlier articles whose copy group moved). Pure: the
    /// engine moves on, nothing is written (``PlanWriter`` writes the plan).
    ///
    /// ```swift
    /// var engine = StoreEngine(parameters: nil)
    /// let plan = engine.plan(prepared, provenance: .now, generation: 0)
    /// ```
    ///
    /// - Parameter generation: how many times the store rebuilt its engine, recorded so that
    ///   a plan made before a rebuild is refused when written.
    /// - Complexity: O(batch) placements (each one ``place(_:fingerprint:content:profile:)``).
    mutating func plan(_ batch: [PreparedArticle], provenance: ProvenanceTiming, generation: Int) -> IngestPlan {
        var plan = IngestPlan(
            articles: batch, provenance: provenance, firstSeq: Int64(count + 1), generation: generation)
        var placed: [(index: Int, position: Int)] = []
        for (i, p) in batch.enumerated() {
            if holds(id: p.article.id) || holds(content: p.content) {
                plan.steps.append(.existing(i))
                continue
            }
            let seq = Int64(count + 1)
            let placement = place(p.article, fingerprint: p.fingerprint, content: p.content, profile: p.profile)
            let storyID = placement.story.story
            for gone in placement.story.merged where gone != storyID {
                plan.steps.append(.merge(gone: gone, into: storyID))
            }
            for a in placement.changed { plan.steps.append(.regroup(a, by: seq)) }
            plan.steps.append(
                .insert(
                    i,
                    IngestPlan.Insert(
                        seq: seq, storyGroup: placement.storyGroup, assignment: placement.assignment, story: storyID)))
            placed.append((i, Int(seq - 1)))
        }
        // Each new article's copy group as it is after the whole batch (later articles of the
        // batch may have moved it).
        let assignments = self.assignments
        for (i, position) in placed {
            plan.groups[i] = (assignments[position].group, assignments[position].duplicateOf)
        }
        return plan
    }
}
