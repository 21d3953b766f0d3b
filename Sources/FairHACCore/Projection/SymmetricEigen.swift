/// The leading eigenpairs of a symmetric positive semi-definite matrix (a covariance), by
/// subspace iteration: `V <- orthonormalise(A V)` from a seeded random start, then the
/// Rayleigh–Ritz step (the eigenvectors of the small matrix `V^T A V`) orders and refines them.
enum SymmetricEigen {
    /// The `count` (at most `d`) largest eigenvalues, largest first, and their unit eigenvectors,
    /// each with its largest entry in magnitude positive.
    /// - Complexity: O(d^2 count) per iteration, at most `iterations`.
    static func top(_ count: Int, of a: [Double], dimension d: Int, seed: UInt64, iterations: Int = 500)
        -> (values: [Double], vectors: [[Double]])
    {
        let r = min(count, d)
        guard r >= 1 else { return ([], []) }
        if d == 1 { return ([a[0]], [[1]]) }
        var rng = SplitMix64(seed: SplitMix64.mix(seed ^ 0x9CA_E16E))
        var v = (0..<r).map { _ in (0..<d).map { _ in rng.unit() - 0.5 } }
        v = orthonormalised(v)
        func times(_ x: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: d)
            for i in 0..<d {
                var t = 0.0
                for j in 0..<d { t += a[i * d + j] * x[j] }
                out[i] = t
            }
            return out
        }
        for _ in 0..<iterations {
            let next = orthonormalised(v.map(times))
            // Converged when the new basis spans the old one (to rounding).
            var change = 0.0
            for p in 0..<r {
                var inSpan = 0.0
                for q in 0..<r {
                    let dot = zip(next[q], v[p]).reduce(0.0) { $0 + $1.0 * $1.1 }
                    inSpan += dot * dot
                }
                change = max(change, abs(1 - inSpan))
            }
            v = next
            if change < 1e-14 { break }
        }
        // Rayleigh–Ritz: the small matrix H = V^T A V (r x r, r <= 2 here but any r works by Jacobi).
        let av = v.map(times)
        var h = [Double](repeating: 0, count: r * r)
        for p in 0..<r { for q in 0..<r { h[p * r + q] = zip(v[p], av[q]).reduce(0.0) { $0 + $1.0 * $1.1 } } }
        let (values, small) = jacobi(h, r)
        let order = (0..<r).sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var vectors: [[Double]] = []
        for e in order {
            var u = [Double](repeating: 0, count: d)
            for p in 0..<r { for i in 0..<d { u[i] += small[p * r + e] * v[p][i] } }
            let norm = u.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { u = u.map { $0 / norm } }
            // The sign: the largest entry in magnitude (the first of equals) is positive.
            var largest = 0
            for i in 1..<d where abs(u[i]) > abs(u[largest]) { largest = i }
            if u[largest] < 0 { u = u.map { -$0 } }
            vectors.append(u)
        }
        return (order.map { values[$0] }, vectors)
    }

    /// Modified Gram–Schmidt; a vector that vanishes is replaced by the first basis vector
    /// orthogonal enough to the others.
    static func orthonormalised(_ vectors: [[Double]]) -> [[Double]] {
        var out: [[Double]] = []
        for var u in vectors {
            let d = u.count
            var attempt = -1
            while true {
                for w in out {
                    let dot = zip(u, w).reduce(0.0) { $0 + $1.0 * $1.1 }
                    for i in 0..<d { u[i] -= dot * w[i] }
                }
                let norm = u.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
                if norm > 1e-300 {
                    out.append(u.map { $0 / norm })
                    break
                }
                attempt += 1
                guard attempt < d else { out.append([Double](repeating: 0, count: d)); break }
                u = [Double](repeating: 0, count: d)
                u[attempt] = 1
            }
        }
        return out
    }

    /// Cyclic Jacobi on a small symmetric r x r matrix: its eigenvalues and eigenvectors (columns).
    static func jacobi(_ matrix: [Double], _ r: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: r * r)
        for i in 0..<r { v[i * r + i] = 1 }
        for _ in 0..<64 {
            var off = 0.0
            for p in 0..<r { for q in (p + 1)..<max(p + 1, r) { off += a[p * r + q] * a[p * r + q] } }
            if off < 1e-300 { break }
            for p in 0..<r {
                for q in (p + 1)..<max(p + 1, r) where a[p * r + q] != 0 {
                    let theta = (a[q * r + q] - a[p * r + p]) / (2 * a[p * r + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<r {
                        let akp = a[k * r + p], akq = a[k * r + q]
                        a[k * r + p] = c * akp - s * akq
                        a[k * r + q] = s * akp + c * akq
                    }
                    for k in 0..<r {
                        let apk = a[p * r + k], aqk = a[q * r + k]
                        a[p * r + k] = c * apk - s * aqk
                        a[q * r + k] = s * apk + c * aqk
                    }
                    for k in 0..<r {
                        let vkp = v[k * r + p], vkq = v[k * r + q]
                        v[k * r + p] = c * vkp - s * vkq
                        v[k * r + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<r).map { a[$0 * r + $0] }, v)
    }
}
