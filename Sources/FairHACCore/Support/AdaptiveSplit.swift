/// Decides, call by call, whether splitting a scan over several threads pays, by timing both.
///
/// On a 2-core machine shared with other jobs the second core is often busy: a split scan then
/// waits for its slower half, and the vector scans ran 1.3-1.5x *slower* on 2 threads than on 1
/// (ward, n = 20,000, d = 10: 2.9-3.4 s against 2.2 s); on an idle machine the split halves the
/// time. So both modes are timed (nanoseconds per unit of work, exponential moving averages),
/// the faster one runs, and the other is retried every 16th call to notice when the machine
/// changes. The choice never changes results: callers combine the parts exactly as one thread
/// would scan.
struct AdaptiveSplit {
    let threads: Int
    /// Below this much work (in the caller's units) one thread runs, untimed.
    let minimumWork: Int
    private var serialCost = -1.0
    private var splitCost = -1.0
    private var calls = 0
    private let clock = ContinuousClock()

    init(threads: Int, minimumWork: Int) {
        self.threads = max(1, threads)
        self.minimumWork = minimumWork
    }

    /// Runs `body(parts)` with `parts` 1 or ``threads``.
    mutating func run(work: Int, _ body: (Int) -> Void) {
        guard threads > 1, work >= minimumWork else {
            body(1)
            return
        }
        calls &+= 1
        let split: Bool
        if serialCost < 0 {
            split = false
        } else if splitCost < 0 {
            split = true
        } else {
            let faster = splitCost < serialCost
            split = calls & 15 == 0 ? !faster : faster
        }
        let start = clock.now
        body(split ? threads : 1)
        let elapsed = (clock.now - start).components
        let cost = (Double(elapsed.seconds) * 1e9 + Double(elapsed.attoseconds) * 1e-9) / Double(work)
        if split {
            splitCost = splitCost < 0 ? cost : 0.75 * splitCost + 0.25 * cost
        } else {
            serialCost = serialCost < 0 ? cost : 0.75 * serialCost + 0.25 * cost
        }
    }
}
