/// Fair at every level by post-processing (spec section 11): takes any finished tree and
/// restructures it so that the clusters at every level mix the groups, after Knittel, Springer,
/// Dickerson and Hajiaghayi (NeurIPS 2023, "Fair, polylog-approximate low-cost hierarchical
/// clustering"; ``Variant/makeFair``, the default) and Knittel et al. (ICML 2023, "Generalized
/// reductions: making any hierarchical clustering fair and balanced with low cost";
/// ``Variant/fairHC``).
///
/// `makefair` at a node r of size N >= the recursion threshold:
/// 1. SplitRoot: r gets `h` children of size (1/h +- eps) N, made of subtrees moved out of r's
///    subtree (``FairTree/splitRoot(_:parts:epsilon:)``);
/// 2. one fold pass per (attribute, group) l: with r's h' children sorted by l's share
///    v_0..v_(h'-1) and g = floor(h'/k), fold i (i < g) takes every child at a sorted position
///    p with p mod g = i, i.e. {v_i, v_(i+g), ..., v_(i+(k-1)g)}, one from each of k consecutive
///    chunks (the h' - g k positions past the k chunks join folds 0, 1, ...); a pass is skipped,
///    and so are the later ones, once g < 2;
/// 3. recurse into r's children of size >= max(ceil(1/(2 eps)), h); the smaller ones become stars.
///
/// `fairhc`: RebalanceTree (every binary node's children within [1/3, 2/3] of it), then
/// RefineRebalanceTree (within 1/2 +- eps), then FairHC(h, k) at a node of size >= max(ceil(1/(2
/// eps)), 2^h): abstract levels until the node has 2^h children (h levels of the balanced binary
/// tree), sort its children by the share of the (attribute, group) whose shares among them spread
/// most, fold k groups of stride k ({v_i, v_(i+k), ...}, i < k), recurse; smaller nodes become
/// stars.
///
/// The result is n-ary (``NaryTree``); its binarised form is a scipy Z.
public struct MakeFair: Sendable, Equatable {
    /// Which published pipeline runs.
    public enum Variant: String, Sendable, CaseIterable {
        /// NeurIPS 2023: SplitRoot and interleaved fold passes, one per group.
        case makeFair = "makefair"
        /// ICML 2023: rebalance, refine, FairHC(h, k).
        case fairHC = "fairhc"
    }

    /// The settings a run used, defaults filled in.
    public struct Parameters: Sendable, Equatable {
        public var variant: Variant
        /// makefair: children per SplitRoot; fairhc: levels abstracted per step.
        public var h: Int
        /// Children per fold (makefair) or number of folds (fairhc).
        public var k: Int
        /// SplitRoot's size tolerance (makefair) or RefineRebalanceTree's (fairhc).
        public var epsilon: Double
        /// Nodes at least this large are restructured; smaller ones become stars.
        public var recursionThreshold: Int
    }

    public var variant: Variant
    /// `nil` for the default: makefair 2 k^G clamped to [8, 64] (G = number of (attribute,
    /// group) pairs, so that every pass has children to fold, up to 64); fairhc 3.
    public var h: Int?
    /// `nil` for the default: makefair 4, fairhc 2.
    public var k: Int?
    /// `nil` for the default: makefair 1/(4h); fairhc 1/16.
    public var epsilon: Double?

    public init(variant: Variant = .makeFair, h: Int? = nil, k: Int? = nil, epsilon: Double? = nil) {
        self.variant = variant
        self.h = h
        self.k = k
        self.epsilon = epsilon
    }

    /// Largest accepted h: makefair children per split, fairhc levels.
    public static let maxChildren = 4096
    public static let maxLevels = 12

    /// The parameters with defaults filled in, checked.
    /// - Parameter groupCount: the number of (attribute, group) pairs (one fold pass each).
    /// - Throws: ``ClusteringError/invalidParameter(_:value:expected:)`` naming h, k or eps when a
    ///   value or the relation between them is out of range.
    public func resolved(groupCount: Int) throws -> Parameters {
        let k = self.k ?? (variant == .makeFair ? 4 : 2)
        guard k >= 2 else {
            throw ClusteringError.invalidParameter(.makeFairK, value: "\(k)", expected: "an integer >= 2 (children folded together)")
        }
        switch variant {
        case .makeFair:
            // k^G, saturating at maxChildren (k and G come from the caller: no product may trap).
            var power = 1
            for _ in 0..<max(1, min(groupCount, 64)) where power < Self.maxChildren {
                let (next, overflow) = power.multipliedReportingOverflow(by: k)
                power = overflow ? Self.maxChildren : min(next, Self.maxChildren)
            }
            let h = self.h ?? min(64, max(8, 2 * power))
            guard h >= 2, h <= Self.maxChildren else {
                throw ClusteringError.invalidParameter(.makeFairH, value: "\(h)", expected: "an integer from 2 to \(Self.maxChildren) (children per split)")
            }
            guard k <= h / 2 else {
                throw ClusteringError.invalidParameter(
                    .makeFairK, value: "\(k) with h = \(h)", expected: "at most h/2 = \(h / 2), so that a fold pass has at least 2 folds to make")
            }
            let eps = epsilon ?? 1 / Double(4 * h)
            guard eps.isFinite, eps > 0, eps < 1 / Double(h) else {
                throw ClusteringError.invalidParameter(
                    .makeFairEpsilon, value: "\(eps) with h = \(h)", expected: "in (0, 1/h) = (0, \(1 / Double(h))) (split sizes (1/h +- eps) n)")
            }
            return Parameters(variant: variant, h: h, k: k, epsilon: eps, recursionThreshold: max(h, Self.smallestSplit(eps)))
        case .fairHC:
            let h = self.h ?? 3
            guard h >= 1, h <= Self.maxLevels else {
                throw ClusteringError.invalidParameter(.makeFairH, value: "\(h)", expected: "an integer from 1 to \(Self.maxLevels) (levels abstracted)")
            }
            guard k <= (1 << h) / 2 else {
                throw ClusteringError.invalidParameter(
                    .makeFairK, value: "\(k) with h = \(h)", expected: "at most 2^h / 2 = \((1 << h) / 2), so that every fold has at least 2 children")
            }
            let eps = epsilon ?? 1.0 / 16
            guard eps.isFinite, eps > 0, eps <= 1.0 / 6 else {
                throw ClusteringError.invalidParameter(
                    .makeFairEpsilon, value: "\(eps)", expected: "in (0, 1/6] (children within 1/2 +- eps after [1/3, 2/3])")
            }
            return Parameters(variant: variant, h: h, k: k, epsilon: eps, recursionThreshold: max(1 << h, Self.smallestSplit(eps)))
        }
    }

    /// ceil(1/(2 eps)): nodes smaller than this become stars. Saturates at `Int.max` for an eps
    /// so small that the quotient is past any n (every node is then a star).
    static func smallestSplit(_ eps: Double) -> Int {
        let q = (1 / (2 * eps)).rounded(.up)
        return q < 0x1p62 ? Int(q) : Int.max
    }

    /// The bounds of RefineRebalanceTree for a node of `n` leaves: its smaller child holds
    /// `lower...upper` leaves, lower = min(ceil((1/2 - eps) n), floor(n/2)) and upper = n - lower
    /// (the other child then holds them too). Taking upper from lower, not from
    /// floor((1/2 + eps) n), keeps lower + upper = n under rounding, so rebalancing cannot swap
    /// two children back and forth forever (eps = 0.16666666666666666 did).
    static func refineBounds(_ n: Int, epsilon: Double) -> (lower: Int, upper: Int) {
        let lower = min(Int(((0.5 - epsilon) * Double(n)).rounded(.up)), n / 2)
        return (lower, n - lower)
    }

    /// What a run gives.
    public struct Result: Sendable {
        /// The n-ary tree: its real nodes, their heights and group counts.
        public var tree: NaryTree
        /// Its binarised form (c - 1 merges per node with c children, at the node's height).
        public var dendrogram: Dendrogram
        /// The settings used.
        public var parameters: Parameters
    }

    /// Post-processes `tree` for the groups of `attributes` (several attributes: one fold pass
    /// per (attribute, group) pair; intersectional mode is one attribute).
    /// - Throws: invalid parameters; a tree and groups of different sizes; fewer than 2 leaves.
    /// - Complexity: O(n m (depth + log n)) for the moves with m (attribute, group) pairs, O(n) memory
    ///   (plus O(n log n) for the height queries).
    /// - Parameter cancellation: looked at between nodes; a stop throws ``ClusteringError/cancelled``.
    public func run(tree input: Dendrogram, attributes: ProtectedAttributes, cancellation: Cancellation? = nil) throws -> Result {
        guard input.leafCount >= 2 else {
            throw ClusteringError.invalidInput("fair post-processing needs a tree over at least 2 leaves; got \(input.leafCount)")
        }
        let p = try resolved(groupCount: attributes.groupCount)
        var t = try FairTree(input, attributes: attributes)
        switch p.variant {
        case .makeFair: try t.makeFair(p, cancellation: cancellation)
        case .fairHC: try t.fairHC(p, cancellation: cancellation)
        }
        let nary = NaryTree(t, input: input)
        return Result(tree: nary, dendrogram: nary.binarised(), parameters: p)
    }
}

extension FairTree {
    /// SplitRoot (NeurIPS 2023): `r` gets `h` children of size (1/h +- eps) N (N = size(r)),
    /// each made of subtrees moved out of r's subtree.
    ///
    /// Reading taken: part i (i < h) aims at the cumulative size floor(i N / h), so the rounding
    /// and the tolerance do not pile up in the last part; it collects subtrees found by descending
    /// from r into the largest child while the subtree is larger than what the part still needs
    /// plus eps N / 2, then taking that node's children largest first while they fit; it is done
    /// once it is within eps N / 2 of its aim. The last part is what remains under r. With
    /// eps < 2/(3h) every part is within eps N of N/h; with a larger eps the last part may fall
    /// short by up to eps N / 2 more. A part of one subtree is that subtree; parts of several are
    /// new nodes.
    /// - Returns: r's children, the parts.
    /// - Complexity: O(h x pieces x (depth x m + children scanned)).
    @discardableResult
    public mutating func splitRoot(_ r: Int, parts h: Int, epsilon: Double) -> [Int] {
        let total = size(r)
        guard h >= 2, total >= h, !isLeaf(r) else { return children(r) }
        let tolerance = epsilon * Double(total) / 2
        var parts: [Int] = []
        parts.reserveCapacity(h)
        var assigned = 0
        for i in 1..<h {
            let aim = i * total / h
            var pieces: [Int] = []
            var partSize = 0
            while Double(aim - assigned - partSize) > tolerance {
                let need = aim - assigned - partSize
                let limit = Double(need) + tolerance
                var v = r
                while true {
                    let c = largestChild(v)
                    if Double(size(c)) > limit && !isLeaf(c) {
                        v = c
                        continue
                    }
                    // Take v's children, largest first, while they fit (never all of r's).
                    var candidates = children(v)
                    candidates.sort { (size($0), -$0) > (size($1), -$1) }
                    var still = need
                    var picks: [Int] = []
                    var remaining = candidates.count
                    for c in candidates where Double(size(c)) <= Double(still) + tolerance {
                        if v == r && remaining == 1 { break }
                        picks.append(c)
                        remaining -= 1
                        still -= size(c)
                        if Double(still) <= tolerance { break }
                    }
                    for c in picks {
                        detach(c, keep: r)
                        pieces.append(c)
                        partSize += size(c)
                    }
                    break
                }
                if pieces.isEmpty { break }
            }
            if pieces.isEmpty { break }
            parts.append(group(pieces))
            assigned += partSize
        }
        let rest = children(r)
        if rest.count > 1 {
            for c in rest { detach(c, keep: r) }
            parts.append(group(rest))
        }
        for part in parts { attach(part, under: r) }
        return children(r)
    }

    /// MakeFair's fold passes at `r`: one per (attribute, group) pair, skipped once fewer than
    /// 2 folds of `k` would result.
    mutating func foldPasses(_ r: Int, k: Int) {
        for l in 0..<groupCount {
            var kids = children(r)
            let g = kids.count / k
            guard g >= 2 else { return }
            kids.sort { (share($0, l), $0) < (share($1, l), $1) }
            for i in 0..<g { fold(Swift.stride(from: i, to: kids.count, by: g).map { kids[$0] }) }
        }
    }

    /// MakeFair (NeurIPS 2023) on the whole tree.
    /// - Complexity: see ``MakeFair/run(tree:attributes:)``.
    /// - Throws: ``ClusteringError/cancelled`` when `cancellation` asks to stop (the tree is then half restructured).
    public mutating func makeFair(_ p: MakeFair.Parameters, cancellation: Cancellation? = nil) throws {
        var stack = [root]
        while let r = stack.popLast() {
            try cancellation?.check()
            guard !isLeaf(r) else { continue }
            if size(r) < p.recursionThreshold {
                makeStar(r)
                continue
            }
            splitRoot(r, parts: p.h, epsilon: p.epsilon)
            foldPasses(r, k: p.k)
            stack.append(contentsOf: children(r))
        }
    }

    /// The ICML 2023 pipeline on the whole tree: RebalanceTree, RefineRebalanceTree, FairHC.
    /// - Throws: ``ClusteringError/cancelled`` when `cancellation` asks to stop (the tree is then half restructured).
    public mutating func fairHC(_ p: MakeFair.Parameters, cancellation: Cancellation? = nil) throws {
        try rebalanceAll(cancellation: cancellation) { n in ((n + 2) / 3, n - (n + 2) / 3) }
        try rebalanceAll(cancellation: cancellation) { n in MakeFair.refineBounds(n, epsilon: p.epsilon) }
        let wanted = 1 << p.h
        var stack = [root]
        while let r = stack.popLast() {
            try cancellation?.check()
            guard !isLeaf(r) else { continue }
            if size(r) < p.recursionThreshold {
                makeStar(r)
                continue
            }
            var levels = 0
            while childCount(r) < wanted, levels < p.h, abstractLevel(r) { levels += 1 }
            var kids = children(r)
            if kids.count >= 2 * p.k {
                let l = widestGroup(kids)
                kids.sort { (share($0, l), $0) < (share($1, l), $1) }
                for i in 0..<p.k { fold(Swift.stride(from: i, to: kids.count, by: p.k).map { kids[$0] }) }
            }
            stack.append(contentsOf: children(r))
        }
    }

    /// The (attribute, group) pair whose shares among `nodes` spread most (the first on ties).
    func widestGroup(_ nodes: [Int]) -> Int {
        var best = 0, bestSpread = -1.0
        for l in 0..<groupCount {
            var lo = 1.0, hi = 0.0
            for v in nodes {
                let s = share(v, l)
                lo = min(lo, s)
                hi = max(hi, s)
            }
            if hi - lo > bestSpread {
                bestSpread = hi - lo
                best = l
            }
        }
        return best
    }

    /// Rebalances every binary node top-down so that its smaller child's size lies in
    /// `bounds(size)`.
    mutating func rebalanceAll(cancellation: Cancellation? = nil, _ bounds: (Int) -> (Int, Int)) throws {
        var stack = [root]
        while let v = stack.popLast() {
            try cancellation?.check()
            guard !isLeaf(v) else { continue }
            let (lower, upper) = bounds(size(v))
            rebalance(v, lower: lower, upper: upper)
            stack.append(contentsOf: children(v))
        }
    }
}
