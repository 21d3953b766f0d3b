/// `paper`: the literal loop of Algorithm 1 (spec section 4). Pairs are scanned in slot order
/// (by `a`, then `b`) with a running best: sum of the best pair's fairness indicators `T` and
/// its distance `d_min`; the variant sets the acceptance test.
struct PaperRule: FairSelection {
    var variant: PaperVariant

    var name: String { "paper" }
    var label: String { variant == .literal ? name : "\(name)-\(variant.rawValue)" }
    var parameters: [(String, String)] { [("paper_variant", variant.rawValue)] }
    var parameterChoices: [String] { PaperVariant.allCases.map(\.rawValue) }
    var parameterValue: String? { variant == .literal ? nil : variant.rawValue }
    func configured(_ value: String) -> (any FairSelection)? { PaperVariant(rawValue: value).map { PaperRule(variant: $0) } }
    var readsB: Bool { true }

    /// Measured on census subsamples (2 cores, release build, one thread: the scan is
    /// sequential): with rows skipped on their lower bound, about 1.2e-7 n^2 g seconds, where g is
    /// the final relaxation (b = 4, d = 0.1: 2.0 s at n = 4000, 12.7 s at n = 10,000; d = 2: 14 s
    /// at n = 4000), and never more than the full scan, n^3 / 6 pair visits at about 1 ns each
    /// (a huge relaxation skips no row).
    func estimatedSeconds(n: Int, finalRelaxation: Double) -> Double? {
        let x = Double(n)
        return min(1.2e-7 * x * x * max(1, finalRelaxation), x * x * x / 6 * 1.0e-9)
    }

    @inline(__always)
    private func accepts(_ s: Int, _ dist: Double, bestS: Int, dMin: Double, limit: Double) -> Bool {
        switch variant {
        case .literal, .additive: return s >= bestS && dist <= limit
        case .strict: return (s > bestS && dist <= limit) || (s == bestS && dist < dMin)
        }
    }

    @inline(__always)
    private func limit(_ dMin: Double, _ step: SelectionStep) -> Double {
        variant == .additive
            ? step.scorer.additiveLimit(dMin, dlt: step.dlt) : step.scorer.multiplicativeLimit(dMin, dlt: step.dlt)
    }

    func select<U: LinkageUpdate, S: MatrixScalar>(_ state: MergeState<U, S>, _ step: SelectionStep) -> (Int, Int, Double)? {
        var bestS = 0
        var dMin = Double.infinity, limit = Double.infinity
        var chosen: (Int, Int, Double)?
        // A row whose distances all lie above both limits cannot hold an accepted pair: skipped
        // whole, on the row's lower bound (exact: the state does not change while it is skipped).
        state.forEachActivePair(skipRow: { bound in bound > limit && !(bound < dMin) }) { a, b, dist in
            // No acceptance is possible above both limits.
            if dist > limit && !(dist < dMin) { return }
            let s = step.scorer.keptFair(step.counts, a, b, size: step.sizes[a] + step.sizes[b], eps: step.eps)
            if accepts(s, dist, bestS: bestS, dMin: dMin, limit: limit) {
                bestS = s
                dMin = dist
                limit = self.limit(dist, step)
                chosen = (a, b, dist)
            }
        }
        return chosen
    }

    func referenceSelect(_ view: ReferenceView, _ step: SelectionStep) -> (Int, Int)? {
        // T <- 0, d_min <- +inf; scan pairs a < b in slot order.
        var sumT = 0
        var dMin = Double.infinity
        var chosen: (Int, Int)?
        view.forEachPair { a, b, dist in
            let s = step.scorer.keptFair(step.counts, a, b, size: step.sizes[a] + step.sizes[b], eps: step.eps)
            if accepts(s, dist, bestS: sumT, dMin: dMin, limit: limit(dMin, step)) {
                sumT = s
                dMin = dist
                chosen = (a, b)
            }
        }
        return chosen
    }
}
