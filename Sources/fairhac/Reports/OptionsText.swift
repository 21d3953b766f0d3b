import FairHACCore
import FairHACIO
import FairHACReport

/// A run's options (summary.json's `options`) in sentences, for the report's header: a reader
/// sees what ran, not a key dump.
enum OptionsText {
    static func sentences(method: String, options o: [String: OptionValue]) -> String {
        func v(_ key: String) -> String? {
            guard let value = o[key] else { return nil }
            if case .number(let x) = value, x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }  // 1, not 1.0
            return value.description
        }
        switch method {
        case "fhac":
            let family = v("schedule") ?? "exp"
            let (a, b, c, d) = (v("a") ?? "1", v("b") ?? "0", v("c") ?? "1", v("d") ?? "0")
            let form: (String, String) -> String = { scale, rate in
                switch family {
                case "power": return "\(scale) (1 + x)^\(rate)"
                case "linear": return "\(scale) + \(rate) x"
                default: return "\(scale) e^(\(rate) x)"
                }
            }
            let argument = v("schedule_arg") == "merges" ? "x the number of merges so far" : "x the share of the fair merges done (0 to 1)"
            var text = "Fair merging with the \(v("rule") ?? "?") rule. The fairness tolerance is 1/f and the distance "
                + "relaxation g, with f(x) = \(form(a, b)) and g(x) = \(form(c, d)), \(argument). "
                + "Ideal shares: \(v("ideal") == "data" ? "each group's share of the data" : v("ideal") ?? "the data's"); "
                + "\(v("implementation") ?? "fast") implementation."
            if let note = v("b_note") { text += " Note: \(note)." }
            return text
        case "afhac-v", "afhac-r":
            var text = "Fairlets under the cap \(v("cap") ?? "?") (no group above that share of a fairlet"
                + (v("alpha").map { "; alpha = \($0)" } ?? "") + "): \(v("fairlets") ?? "?") fairlets of at most "
                + "\(v("largest_fairlet") ?? "?") points, by a local search with eps = \(v("eps") ?? "?") from seed \(v("fairlet_seed") ?? "0")"
            if let passes = v("local_search_passes") {
                text += " (\(passes) passes, \(v("local_search_swaps") ?? "?") swaps, "
                    + (v("local_search_converged") == "true" ? "converged" : "stopped before converging") + ")"
            }
            if let start = o["fairlet_cost_start"], let end = o["fairlet_cost"], case .number(let s) = start, case .number(let e) = end {
                text += "; the sum of distances inside fairlets went from \(ReportNumber.fixed(s, decimals: 2)) to \(ReportNumber.fixed(e, decimals: 2))"
            }
            return text + ". Then average linkage over the fairlets (\(method == "afhac-v" ? "on distances" : "on similarities 1/(1 + d)"))."
        case "makefair":
            return "MakeFair (\(v("variant") ?? "makefair")) post-processes the \(v("input_tree") ?? "input") tree: the root gets "
                + "h = \(v("h") ?? "?") children, folds of k = \(v("k") ?? "?"), eps = \(v("eps") ?? "?"); subtrees smaller than "
                + "\(v("recursion_threshold") ?? "?") points become stars."
        default:
            return o.keys.sorted().map { "\($0.replacingOccurrences(of: "_", with: " ")) \(o[$0]?.description ?? "")" }
                .joined(separator: "; ") + "."
        }
    }
}
