import Testing
@testable import fairhac

@Suite("progress bar text")
struct ProgressLineTests {
    @Test("rate, ETA and a percentage that reaches 100 only when done")
    func line() {
        let half = ProgressBar.line(label: "merging", done: 500, total: 1000, elapsed: 2, unit: "merges", width: 10)
        #expect(half == "merging [#####-----]  50%  500/1000 merges, 250/s, ETA 2 s")
        let almost = ProgressBar.line(label: "x", done: 999, total: 1000, elapsed: 1, unit: "u", width: 10)
        #expect(almost.contains(" 99%"))
        let start = ProgressBar.line(label: "x", done: 0, total: 4, elapsed: 0, unit: "runs", width: 4)
        #expect(start == "x [----]   0%  0/4 runs, 0.00/s, ETA -")
        // The rate counts the units since the first update, not `done`.
        let counted = ProgressBar.line(label: "x", done: 10, total: 20, elapsed: 4, unit: "u", counted: 2, width: 4)
        #expect(counted.contains("0.50/s, ETA 20 s"))
    }
}
