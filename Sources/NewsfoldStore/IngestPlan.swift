import NewsfoldCore

/// A batch placed in a store's engine and not yet written: see
/// ``StoryStore/planIngest(_:provenance:)``. Holds the batch and, for each article, what the
/// engine decided (stored already; or its ingest position, copy group and story, the stories it
/// merged and the earlier articles whose copy group moved), in the order they must be written.
public struct IngestPlan: Sendable {
    /// One change to write, in order.
    enum Step: Sendable {
        /// The article at this batch index was stored before (or is a repeat in the batch):
        /// its stored row is looked up when written (or it is a conflict).
        case existing(Int)
        /// A story found to be the same event as another: its articles move there, a change
        /// at ingest position `by`.
        case merge(gone: Int, into: Int, by: Int64)
        /// An earlier article whose copy group moved, changed by the article at position `by`.
        case regroup(Assignment, by: Int64)
        /// The new article at this batch index.
        case insert(Int, Insert)
    }

    /// Where a new article goes.
    struct Insert: Sendable {
        var seq: Int64
        var storyGroup: String
        var assignment: Assignment
        var story: Int
    }

    /// The articles, as given.
    public let articles: [PreparedArticle]
    /// When their provenance is analysed.
    public let provenance: ProvenanceTiming
    /// The ingest position the first new article takes (the store holds `firstSeq - 1`).
    let firstSeq: Int64
    /// The engine it was placed in (a store rebuilds its engine after a failed write).
    let generation: Int
    var steps: [Step] = []
    /// Each new article's copy group once the whole batch is placed, by batch index.
    var groups: [Int: (group: String, duplicateOf: String?)] = [:]
    /// Whether the plan settles the stories after its articles (``StoreEngine/settle()``): the
    /// ingest position to record.
    var settledAfter: Int64? = nil
    /// The links between stories the batch changed (``StoreEngine/takeLinkChanges()``): each
    /// story's new link, or `nil` when it continues nothing now.
    var linkChanges: [Int: StoryLink?] = [:]

    /// A plan made before a failed write (or written out of order): nothing of it was written.
    public struct Stale: Error, CustomStringConvertible {
        /// Why the plan is stale, ending with what to do: plan the batch again.
        public let description: String
    }
}

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
    /// - Parameters:
    ///   - generation: how many times the store rebuilt its engine, recorded so that a plan
    ///     made before a rebuild is refused when written.
    ///   - settle: whether the stories are settled after the batch (``settle()``), as at the
    ///     end of an `ingest` run.
    /// - Complexity: O(batch) placements (each one ``place(_:fingerprint:content:profile:)``).
    mutating func plan(
        _ batch: [PreparedArticle], provenance: ProvenanceTiming, generation: Int, settle: Bool = false
    ) -> IngestPlan {
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
                plan.steps.append(.merge(gone: gone, into: storyID, by: seq))
            }
            for a in placement.changed { plan.steps.append(.regroup(a, by: seq)) }
            plan.steps.append(
                .insert(
                    i,
                    IngestPlan.Insert(
                        seq: seq, storyGroup: placement.storyGroup, assignment: placement.assignment, story: storyID)))
            // Fragments repaired as stories retired: after the insert, which they may move.
            for m in placement.story.repaired { plan.steps.append(.merge(gone: m.gone, into: m.into, by: seq)) }
            placed.append((i, Int(seq - 1)))
        }
        if settle, let settled = self.settle() {
            let last = Int64(count)
            for m in settled.merges { plan.steps.append(.merge(gone: m.gone, into: m.into, by: last)) }
            plan.settledAfter = last
        }
        plan.linkChanges = takeLinkChanges()
        // Each new article's copy group as it is after the whole batch (later articles of the
        // batch may have moved it).
        let assignments = self.assignments
        for (i, position) in placed {
            plan.groups[i] = (assignments[position].group, assignments[position].duplicateOf)
        }
        return plan
    }
}
