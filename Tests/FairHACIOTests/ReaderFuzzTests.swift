import FairHACCore
import Foundation
import Testing

@testable import FairHACIO

/// A short, seeded, in-process fuzz of the CSV reader and data preparation (the long one, of the
/// whole tool, is scripts/fuzz_cli.py): mutated tables must give prepared data or a DataError
/// whose message is one line, never a trap.
@Suite("Reader fuzz (seeded, in process)")
struct ReaderFuzzTests {
    static let cells = [
        "", "?", "NaN", "inf", "-inf", "1e308", "-1e308", "1e309", "1e-320", "0x1p3", "-0", "+5", "1_000", "１２", "\"", "\"\"",
        "\"a,b\"", "\"x\ny\"", "\u{1B}[31m", "\u{0}", "\u{202E}", "\u{FEFF}", String(repeating: "9", count: 400), "é", ",", ";", "\t", "\r",
    ]

    @Test("2000 mutated tables: prepared data or a one-line DataError")
    func mutatedTables() throws {
        var rng = SplitMix64(seed: 20261129)
        var outcomes = (prepared: 0, refused: 0)
        for _ in 0..<2000 {
            let n = 1 + rng.below(12), d = 1 + rng.below(3)
            var rows = [(0..<d).map { "x\($0)" } + ["g"]]
            for i in 0..<n { rows.append((0..<d).map { _ in "\(rng.unit() * 10 - 5)" } + [i % 2 == 0 ? "M" : "F"]) }
            for _ in 0..<rng.below(5) {
                let r = rng.below(rows.count), c = rng.below(rows[r].count)
                rows[r][c] = Self.cells[rng.below(Self.cells.count)]
            }
            if rng.below(4) == 0 { rows[rng.below(rows.count)].append("extra") }
            let delimiter: Character = [",", ";", "\t"][rng.below(3)]
            var text = rows.map { $0.joined(separator: String(delimiter)) }.joined(separator: rng.below(3) == 0 ? "\r\n" : "\n")
            if rng.below(5) == 0, !text.isEmpty {
                text = String(text.prefix(rng.below(text.count + 1)))
            }
            var options = DataOptions(group: rng.below(2) == 0 ? "g" : nil, scaling: rng.below(2) == 0 ? .zscore : .none)
            options.dropMissing = rng.below(2) == 0
            if rng.below(3) == 0 { options.sample = 1 + rng.below(n + 1) }
            do {
                let table = try DelimitedTable.parse(text: text, source: "fuzz.csv", delimiter: delimiter)
                let data = try DataPreparation.prepare(table, options: options)
                #expect(data.observations.values.allSatisfy { $0.isFinite })
                #expect(data.rowIndices.count == data.observations.count)
                outcomes.prepared += 1
            } catch let error as DataError {
                let message = MessageText.escaped(error.description, limit: 10_000)
                #expect(!message.contains("\n") && !message.contains("\u{1B}"), "\(message)")
                outcomes.refused += 1
            } catch let error as ClusteringError {
                outcomes.refused += 1
                #expect(!error.description.isEmpty)
            }
        }
        // Both paths are exercised (the mutations are not all fatal, nor all harmless).
        #expect(outcomes.prepared > 200 && outcomes.refused > 200, "\(outcomes)")
    }
}
