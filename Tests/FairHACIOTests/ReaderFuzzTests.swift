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

/// The parallel reader of text without quotes (``FieldTable``) against CSV.swift, which read such
/// text before: the same header, cells and lines, or the same error, on seeded random texts with
/// blank lines, \r\n and lone \r, empty and space-padded fields, Unicode spaces and wrong field counts,
/// read on 1 to 4 threads.
@Suite("Parallel reader against CSV.swift (seeded)")
struct ParallelReaderTests {
    static let pieces = ["", " ", "\t", "1.5", "-2", "x y", "\u{00A0}z\u{3000}", "é", "NA", "12345678901234567890", "a b "]

    @Test("1500 random texts: the same table or the same message")
    func sameAsCSVReader() throws {
        var rng = SplitMix64(seed: 20261207)
        for trial in 0..<1500 {
            let delimiter: Character = [",", ";", "\t", "|"][rng.below(4)]
            let columns = 1 + rng.below(4)
            var lines: [String] = []
            for r in 0..<(1 + rng.below(30)) {
                var count = columns
                if r > 0 && rng.below(12) == 0 { count = rng.below(columns + 2) }  // blank lines and wrong counts
                let fields = (0..<count).map { _ in
                    Self.pieces[rng.below(Self.pieces.count)].replacingOccurrences(of: String(delimiter), with: "")
                }
                lines.append(r == 0 ? fields.enumerated().map { "h\($0.offset)\($0.element)" }.joined(separator: String(delimiter))
                    : fields.joined(separator: String(delimiter)))
            }
            var text = ""
            for (i, line) in lines.enumerated() {
                text += line
                if i < lines.count - 1 || rng.below(2) == 0 { text += ["\n", "\r\n", "\r"][rng.below(3)] }
            }
            let scalar = delimiter.unicodeScalars.first!
            let reference: Result<(header: [String], rows: [[String]], lines: [Int]), DataError> = {
                do {
                    let r = try DelimitedTable.parseWithCSVReader(text: text, source: "t.csv", delimiter: delimiter, scalar: scalar, quoted: false)
                    guard case .strings(let rows) = r.storage else { return .failure(DataError("storage")) }
                    return .success((r.header, rows, r.lines))
                } catch let e as DataError { return .failure(e) } catch { return .failure(DataError("\(error)")) }
            }()
            for threads in 1...4 {
                do {
                    let (header, table, lines) = try FieldTable.parse(text: text, source: "t.csv", delimiter: scalar, threads: threads)
                    let rows = (0..<table.rowCount).map { r in (0..<table.columns).map { table.cell(r, $0) } }
                    guard case .success(let expected) = reference else {
                        Issue.record("trial \(trial), \(threads) threads: parallel read a table, CSV.swift refused: \(reference)")
                        continue
                    }
                    #expect(header == expected.header && rows == expected.rows && lines == expected.lines, "trial \(trial), \(threads) threads")
                } catch let e as DataError {
                    guard case .failure(let expected) = reference else {
                        Issue.record("trial \(trial), \(threads) threads: parallel refused (\(e)), CSV.swift read it")
                        continue
                    }
                    #expect(e == expected, "trial \(trial), \(threads) threads")
                }
            }
        }
    }
}
