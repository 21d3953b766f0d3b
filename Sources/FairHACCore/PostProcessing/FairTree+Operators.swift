/// The tree operators of Knittel et al. (ICML 2023, NeurIPS 2023) on a ``FairTree``: subtree
/// deletion and insertion, rebalance, level abstraction, shallow fold, and the star a small
/// subtree becomes. Each keeps every invariant of ``FairTree/invariantViolation()``.
extension FairTree {
    /// Subtree deletion: takes `v`'s subtree out of the tree, leaving it a detached top.
    ///
    /// Every ancestor loses `v`'s size and counts. A parent left with one child is contracted:
    /// the child takes its place (a root left with one leaf stays). The node `keep` (the node an
    /// algorithm is working on) is never contracted.
    /// - Returns: the node that was contracted away, if any.
    /// - Complexity: O(depth(v) x m).
    @discardableResult
    public mutating func detach(_ v: Int, keep: Int? = nil) -> Int? {
        guard let p = parent(v) else { return nil }
        unlink(v)
        propagate(from: v, to: p, sign: -1)
        guard childCount(p) == 1, p != keep else { return nil }
        let only = Int(firstChild[p])
        if parent(p) != nil {
            unlink(only)
            replace(p, with: only)
            release(p)
            return p
        }
        if p == root, !isLeaf(only) {
            unlink(only)
            root = only
            release(p)
            return p
        }
        return nil
    }

    /// Subtree insertion as a child: `v` (a detached top) becomes the last child of `u`; `u` and
    /// its ancestors gain `v`'s size and counts.
    /// - Complexity: O(depth(u) x m).
    public mutating func attach(_ v: Int, under u: Int) {
        precondition(parent(v) == nil && v != root && !isLeaf(u))
        appendChild(v, to: u)
        propagate(from: v, to: u, sign: 1)
    }

    /// Subtree insertion as a sibling (the ICML 2023 operator): a new node takes `u`'s place with
    /// children `u` and `v` (a detached top).
    /// - Returns: the new node.
    /// - Complexity: O(depth(u) x m).
    @discardableResult
    public mutating func insertAsSibling(_ v: Int, of u: Int) -> Int {
        precondition(parent(v) == nil && v != root)
        let w = makeNode()
        if let p = parent(u) {
            replace(u, with: w)
            appendChild(u, to: w)
            appendChild(v, to: w)
            setSums(w)
            propagate(from: v, to: p, sign: 1)
        } else {
            appendChild(u, to: w)
            appendChild(v, to: w)
            setSums(w)
            root = w
        }
        return w
    }

    /// A new detached node whose children are the detached tops `members` (one member is
    /// returned as it is).
    /// - Complexity: O(members x m).
    public mutating func group(_ members: [Int]) -> Int {
        precondition(!members.isEmpty)
        if members.count == 1 { return members[0] }
        let w = makeNode()
        for v in members {
            precondition(parent(v) == nil)
            appendChild(v, to: w)
        }
        setSums(w)
        return w
    }

    /// Shallow fold: the siblings `members` (children of one node) are replaced by one new
    /// child of that node whose children are all of their children (a leaf member joins as
    /// itself). The folded internal nodes are removed; sizes above do not change. Folding all
    /// of a node's children makes that node the fold.
    /// - Returns: the new node (or the one member, unchanged; or the parent).
    /// - Complexity: O(total children of the members + members x m).
    @discardableResult
    public mutating func fold(_ members: [Int]) -> Int {
        precondition(!members.isEmpty)
        if members.count == 1 { return members[0] }
        guard let p = parent(members[0]) else { preconditionFailure("fold of nodes without a parent") }
        if members.count == childCount(p) {
            // Folding every child: the parent itself becomes the fold (no node with one child).
            for s in members {
                precondition(parent(s) == p, "fold of nodes that are not siblings")
                if !isLeaf(s) {
                    unlink(s)
                    moveChildren(of: s, to: p)
                    release(s)
                }
            }
            return p
        }
        let w = makeNode()
        let m = groupCount
        for s in members {
            precondition(parent(s) == p, "fold of nodes that are not siblings")
            sizeStore[w] += sizeStore[s]
            for l in 0..<m { countStore[w * m + l] += countStore[s * m + l] }
            unlink(s)
            if isLeaf(s) {
                appendChild(s, to: w)
            } else {
                moveChildren(of: s, to: w)
                release(s)
            }
        }
        appendChild(w, to: p)
        return w
    }

    /// Level abstraction, one level: every internal child of `v` is replaced by its children
    /// (in place, in order); sizes do not change.
    /// - Returns: whether any child was internal.
    /// - Complexity: O(children of v's children).
    @discardableResult
    public mutating func abstractLevel(_ v: Int) -> Bool {
        var changed = false
        var c = firstChild[v]
        while c >= 0 {
            let ci = Int(c)
            let after = nextSibling[ci]
            if !isLeaf(ci) {
                changed = true
                // Splice ci's children between its neighbours.
                var g = firstChild[ci]
                while g >= 0 {
                    let gi = Int(g)
                    let gNext = nextSibling[gi]
                    unlink(gi)
                    insert(gi, before: ci)
                    g = gNext
                }
                unlink(ci)
                release(ci)
            }
            c = after
        }
        return changed
    }

    /// Turns `v`'s subtree into a star: its leaves become its children; the internal nodes
    /// below it are removed.
    /// - Complexity: O(size of the subtree).
    public mutating func makeStar(_ v: Int) {
        guard !isLeaf(v) else { return }
        var c = firstChild[v]
        var simple = true
        while c >= 0 {
            if !isLeaf(Int(c)) { simple = false }
            c = nextSibling[Int(c)]
        }
        if simple { return }
        let members = leaves(under: v)
        var stack = children(v)
        while let x = stack.popLast() {
            if isLeaf(x) { continue }
            stack.append(contentsOf: children(x))
            release(x)
        }
        firstChild[v] = -1
        lastChild[v] = -1
        childCountStore[v] = 0
        for leaf in members {
            parentStore[leaf] = -1
            appendChild(leaf, to: v)
        }
    }

    /// Rebalance of a binary node: subtrees move from the larger child to the smaller one
    /// (each deleted where it was and inserted as the smaller side's sibling) until the smaller
    /// side holds between `lower` and `upper` leaves. Each moved subtree is found by descending
    /// from the larger child into the largest child while the subtree is larger than what the
    /// smaller side may still take. Nodes that do not have exactly two children are left alone.
    /// A move is made only when it makes the smaller of the two sides larger, so the loop ends
    /// whatever the bounds (bounds with lower + upper > size could otherwise swap the two sides
    /// back and forth).
    /// - Returns: the number of subtrees moved.
    /// - Complexity: O(moves x depth x m).
    @discardableResult
    public mutating func rebalance(_ v: Int, lower: Int, upper: Int) -> Int {
        var moves = 0
        while childCount(v) == 2 {
            let a = Int(firstChild[v]), b = Int(lastChild[v])
            let (big, small) = size(a) >= size(b) ? (a, b) : (b, a)
            guard size(small) < lower, upper > size(small) else { break }
            let room = upper - size(small)
            var u = big
            while size(u) > room, !isLeaf(u) { u = largestChild(u) }
            guard size(u) <= room, u != big, min(size(small) + size(u), size(big) - size(u)) > size(small) else { break }
            detach(u, keep: v)  // may contract u's parent, never `small`
            insertAsSibling(u, of: small)
            moves += 1
        }
        return moves
    }

    /// The child of `v` with the most leaves (the first one on ties).
    public func largestChild(_ v: Int) -> Int {
        var best = Int(firstChild[v])
        var c = nextSibling[best]
        while c >= 0 {
            if sizeStore[Int(c)] > sizeStore[best] { best = Int(c) }
            c = nextSibling[Int(c)]
        }
        return best
    }

    // MARK: Helpers

    /// Puts `w` (no parent) into `u`'s place in `u`'s parent's child list; `u` is left detached.
    mutating func replace(_ u: Int, with w: Int) {
        guard parentStore[u] >= 0 else {
            if u == root { root = w }
            return
        }
        insert(w, before: u)
        unlink(u)
    }

    /// Links `w` (no parent) into the child list of `u`'s parent just before `u`.
    mutating func insert(_ w: Int, before u: Int) {
        let p = Int(parentStore[u])
        let a = prevSibling[u]
        parentStore[w] = Int32(p)
        prevSibling[w] = a
        nextSibling[w] = Int32(u)
        prevSibling[u] = Int32(w)
        if a >= 0 { nextSibling[Int(a)] = Int32(w) } else { firstChild[p] = Int32(w) }
        childCountStore[p] += 1
    }

    /// Moves all children of `s` to the end of `w`'s child list (links only).
    mutating func moveChildren(of s: Int, to w: Int) {
        var c = firstChild[s]
        while c >= 0 {
            let ci = Int(c)
            c = nextSibling[ci]
            parentStore[ci] = Int32(w)
            prevSibling[ci] = lastChild[w]
            nextSibling[ci] = -1
            if lastChild[w] >= 0 { nextSibling[Int(lastChild[w])] = Int32(ci) } else { firstChild[w] = Int32(ci) }
            lastChild[w] = Int32(ci)
            childCountStore[w] += 1
        }
        firstChild[s] = -1
        lastChild[s] = -1
        childCountStore[s] = 0
    }

    /// Sets `w`'s size and counts to the sums over its children.
    mutating func setSums(_ w: Int) {
        let m = groupCount
        sizeStore[w] = 0
        for l in 0..<m { countStore[w * m + l] = 0 }
        var c = firstChild[w]
        while c >= 0 {
            let ci = Int(c)
            sizeStore[w] += sizeStore[ci]
            for l in 0..<m { countStore[w * m + l] += countStore[ci * m + l] }
            c = nextSibling[ci]
        }
    }
}
