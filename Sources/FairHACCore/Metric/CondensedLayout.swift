/// Where each pair of scipy's condensed layout (the upper triangle, row by row) is stored, for
/// the kernels that read and update a condensed matrix in place.
///
/// The pair `(i, j)`, `i < j`, of `n` observations is at `rowBase(i) + j`, where
/// `rowBase(i) = n*i - i*(i+1)/2 - i - 1`: ``DistanceMatrix/index(_:_:count:)`` written so that
/// a row's entries are its base plus the column. The bases are tabled once per matrix; hot loops
/// read them through ``withRows(_:)``.
struct CondensedLayout: Sendable {
    /// Number of observations `n`.
    let count: Int
    /// `rowBase(i)` for every row `i < n`.
    private let bases: [Int]

    init(count n: Int) {
        count = n
        bases = (0..<n).map { Self.rowBase($0, count: n) }
    }

    /// The offset that, plus a column `j > i`, gives the condensed index of `(i, j)`.
    @inline(__always)
    static func rowBase(_ i: Int, count n: Int) -> Int {
        n &* i &- (i &* (i &+ 1)) / 2 &- i &- 1
    }

    /// `rowBase(i)`, tabled.
    @inline(__always)
    func rowBase(_ i: Int) -> Int { bases[i] }

    /// The condensed index of the pair `(i, j)`, `i < j`.
    @inline(__always)
    func index(_ i: Int, _ j: Int) -> Int { bases[i] &+ j }

    /// The condensed index of the pair `{i, j}`, `i != j`, in either order.
    @inline(__always)
    func index(either i: Int, _ j: Int) -> Int { i < j ? bases[i] &+ j : bases[j] &+ i }

    /// Calls `body` with the tabled row bases, for hot loops.
    @inline(__always)
    func withRows<R>(_ body: (Rows) throws -> R) rethrows -> R {
        try bases.withUnsafeBufferPointer { try body(Rows(bases: $0)) }
    }

    /// The row bases of one layout, valid inside ``CondensedLayout/withRows(_:)``.
    struct Rows {
        let bases: UnsafeBufferPointer<Int>

        /// `rowBase(i)`.
        @inline(__always)
        subscript(i: Int) -> Int { bases[i] }

        /// The condensed index of the pair `(i, j)`, `i < j`.
        @inline(__always)
        func index(_ i: Int, _ j: Int) -> Int { bases[i] &+ j }

        /// The condensed index of the pair `{i, j}`, `i != j`, in either order.
        @inline(__always)
        func index(either i: Int, _ j: Int) -> Int { i < j ? bases[i] &+ j : bases[j] &+ i }
    }
}
