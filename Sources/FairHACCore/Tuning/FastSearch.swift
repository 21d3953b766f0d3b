/// The fast search (`search: fast`, the default; docs/algorithm.md, "The fast search"): the
/// recommendation of the full grid without clustering every grid point on the requested form.
///
/// 1. Screen: every setting of the grid runs over a coarse summary of the rows
///    (``Policy/screenMicroClusters`` micro-clusters, the summarised form's summariser, seeded);
///    each k-partition is mapped to the rows and scored there (exact MFC, balance and cluster
///    sizes; silhouette on a seeded sample), against vanilla HAC over the same summary.
/// 2. Confirm: the settings the screen ranks best for each objective, among those that pass its
///    constraints with a margin (``Policy/lossSlack``, ``Policy/sizeSlack``), and the best few of
///    every rule, run on the requested form (the exact rows, or the summarised form's
///    micro-clusters) exactly as the full grid runs them.
/// 3. Refine: around the best confirmed settings of each objective (``Policy/refineAround``),
///    their neighbours in the grid (the same rule, b and d within ``Policy/bRadius`` and
///    ``Policy/dRadius`` steps) run on the requested form too, until no new neighbour is left;
///    an objective with no confirmed improvement gets the screen's next candidates once.
///
/// The recommendation is then made, by the unchanged rule of spec section 8, among the confirmed
/// points only: every figure it reports was measured on the requested form, so the constraints
/// hold exactly as with the full grid, and `fairhac cluster` with the chosen setting reproduces
/// them. Every choice above depends on the data and the options only (never on timings or
/// threads), so the search is deterministic.
struct FastSearch {
    /// The constants of the search (docs/algorithm.md says how they were chosen).
    struct Policy: Sendable, Equatable {
        /// Micro-clusters of the screen's summary.
        var screenMicroClusters = 1000
        /// Rows of the seeded sample the screen's silhouettes are measured on.
        var screenSilhouetteSample = 2000
        /// Up to this many leaves on the requested form the grid itself is cheap, and every
        /// point runs there (the fast search is then the full grid).
        var gridBelow = 1500
        /// Candidates of the first round per objective, by the screen's ranking.
        var firstRound = 6
        /// Besides those, the best of every rule per objective.
        var perRule = 2
        /// A screened point is a candidate while its silhouette loss is at most tau plus this.
        var lossSlack = 0.1
        /// ... and its smallest cluster at least this share of the minimum size.
        var sizeSlack = 0.5
        /// Candidates of the second chance of an objective with no confirmed improvement.
        var secondChance = 6
        /// The refinement looks around this many of the best confirmed settings per objective.
        var refineAround = 3
        /// ... at the b values this many steps away (rules that read b) ...
        var bRadius = 1
        /// ... and the d values this many steps away.
        var dRadius = 2
        /// Rounds at most (the first, then refinements).
        var rounds = 6
        /// Points confirmed at most.
        var maxConfirmed = 48
    }

    let search: GridSearch
    /// The objectives whose recommendation must hold (the first is the one asked for).
    let objectives: [GridSearch.Objective]
    let criteria: RecommendationCriteria
    var policy = Policy()

    /// The screen's view of a setting: its figures over the coarse summary.
    struct Screened {
        var vanilla: PartitionEvaluation
        var points: [GridSearch.Point]

        func loss(_ p: GridSearch.Point) -> Double? {
            guard let v = vanilla.silhouette, let s = p.silhouette else { return nil }
            return v - s
        }
    }

    /// The screened settings that pass the constraints with the policy's margins, best first for
    /// `objective` (ties as the recommendation breaks them).
    func ranked(_ screen: Screened, _ objective: GridSearch.Objective) -> [GridSearch.Point] {
        let minimum = Double(criteria.minimumClusterSize) * policy.sizeSlack
        return screen.points
            .filter { p in
                guard let loss = screen.loss(p), loss <= criteria.maxQualityLoss + policy.lossSlack else { return false }
                return Double(p.minClusterSize) >= minimum
            }
            .sorted { Self.key($0, objective) < Self.key($1, objective) }
    }

    static func key(_ p: GridSearch.Point, _ o: GridSearch.Objective) -> (Double, Double, Double, Double, String) {
        (-o.goodness(p), -(p.silhouette ?? -.infinity), p.d, p.b, p.rule.description)
    }

    /// The first round: per objective, the screen's best ``Policy/firstRound`` candidates and the
    /// best ``Policy/perRule`` of every rule; in grid order.
    func firstRound(_ screen: Screened) -> [GridSearch.Setting] {
        var chosen = Set<GridSearch.Setting>()
        for o in objectives {
            let list = ranked(screen, o)
            for p in list.prefix(policy.firstRound) { chosen.insert(p.setting) }
            for rule in search.rules {
                for p in list.lazy.filter({ $0.rule == rule }).prefix(policy.perRule) { chosen.insert(p.setting) }
            }
        }
        return inGridOrder(chosen)
    }

    /// The settings near `s` in the grid: the same rule, b (rules that read it) and d within
    /// ``Policy/bRadius`` and ``Policy/dRadius`` steps.
    func neighbours(of s: GridSearch.Setting) -> [GridSearch.Setting] {
        let bs = s.rule.readsB ? search.gridB : [0]
        guard let i = bs.firstIndex(of: s.b), let j = search.gridD.firstIndex(of: s.d) else { return [] }
        var out: [GridSearch.Setting] = []
        for di in -policy.bRadius...policy.bRadius {
            for dj in -policy.dRadius...policy.dRadius where di != 0 || dj != 0 {
                let (a, c) = (i + di, j + dj)
                guard bs.indices.contains(a), search.gridD.indices.contains(c) else { continue }
                out.append(GridSearch.Setting(rule: s.rule, b: bs[a], d: search.gridD[c]))
            }
        }
        return out
    }

    /// The confirmed settings that meet the constraints and beat vanilla HAC on `o`, best first
    /// (the recommendation is the first).
    func best(_ outcome: GridSearch.Outcome, _ o: GridSearch.Objective) -> [GridSearch.Point] {
        let vanilla = o.goodness(mfc: outcome.vanilla.mfc, balance: outcome.vanilla.balance)
        return outcome.points
            .filter { Recommendation.exclusion($0, outcome: outcome, criteria: criteria) == nil && o.goodness($0) > vanilla }
            .sorted { Self.key($0, o) < Self.key($1, o) }
    }

    func inGridOrder(_ settings: Set<GridSearch.Setting>) -> [GridSearch.Setting] {
        search.settings.filter { settings.contains($0) }
    }

    /// Runs the search: the screen on `evaluator`, then rounds of confirmations on `requested`.
    /// `screened(point)` follows the screen; `confirming(round, settings)` is called before each
    /// round with the settings it will run; `finished(point)` after each confirmed point.
    func run(
        requested: any GridPointEvaluator, screen evaluator: any GridPointEvaluator, screenMicroClusters: Int,
        keepTrees: Bool, screened: (GridSearch.Point) -> Void, confirming: (Int, [GridSearch.Setting]) -> Void,
        finished: (GridSearch.Point) -> Void
    ) throws -> GridSearch.Outcome {
        let all = search.settings
        let screenPoints = try search.evaluate(all, on: evaluator) { _, p in screened(p) }
        let screen = Screened(vanilla: evaluator.vanilla, points: screenPoints)
        var confirmed: [GridSearch.Setting: GridSearch.Point] = [:]
        var pending = firstRound(screen)
        var secondChanceGiven = Set<GridSearch.Objective>()
        var round = 0
        func outcome() -> GridSearch.Outcome {
            GridSearch.Outcome(
                n: requested.n, k: search.clusterCount, vanilla: requested.vanilla,
                points: all.compactMap { confirmed[$0] }, vanillaTree: requested.vanillaTree,
                screen: .init(microClusters: screenMicroClusters, vanilla: screen.vanilla, points: screenPoints))
        }
        while !pending.isEmpty && round < policy.rounds {
            let room = policy.maxConfirmed - confirmed.count
            guard room > 0 else { break }
            let batch = Array(pending.prefix(room))
            confirming(round, batch)
            let points = try search.evaluate(batch, on: requested, keepTrees: keepTrees) { _, p in finished(p) }
            for p in points { confirmed[p.setting] = p }
            round += 1
            // The next round: around each objective's current choice, or a second chance.
            var next = Set<GridSearch.Setting>()
            let current = outcome()
            for o in objectives {
                let r = current.recommendation(o, criteria: criteria)
                if r.improved {
                    for p in best(current, o).prefix(policy.refineAround) {
                        for s in neighbours(of: p.setting) where confirmed[s] == nil { next.insert(s) }
                    }
                } else if !secondChanceGiven.contains(o) {
                    secondChanceGiven.insert(o)
                    for p in ranked(screen, o).lazy.filter({ confirmed[$0.setting] == nil }).prefix(policy.secondChance) {
                        next.insert(p.setting)
                    }
                }
            }
            pending = inGridOrder(next)
        }
        return outcome()
    }
}
