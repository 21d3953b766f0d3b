import FairHACCore
import FairHACIO
import Foundation
import Testing

/// The same requests through the Swift API (``ClusteringPipeline``) and the CLI give the same
/// summary.json, key for key and number for number: the CLI only adapts the core's pipeline. (The
/// Python side of the same comparison is python/tests/test_front_ends.py.)
@Suite("one pipeline: the Swift API and the CLI agree", .serialized)
struct FrontEndsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var groups: [String]
        var configure: @Sendable (inout ClusteringRequest) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "vanilla average", arguments: [], groups: ["sex"]) { _ in },
        Case(name: "fhac gain", arguments: ["--fair", "-d", "1"], groups: ["sex"]) { $0.method = .fhac; $0.d = 1 },
        Case(name: "fhac window, complete", arguments: ["--fair", "--rule", "window", "-b", "2", "-d", "0.5", "--linkage", "complete"],
             groups: ["sex"]) { r in r.method = .fhac; r.rule = "window"; r.b = 2; r.d = 0.5; r.linkage = .complete },
        Case(name: "fhac paper:strict", arguments: ["--fair", "--rule", "paper:strict", "-b", "1", "-d", "1"], groups: ["sex"]) { r in
            r.method = .fhac; r.rule = "paper:strict"; r.b = 1; r.d = 1
        },
        Case(name: "auto", arguments: ["--fair", "--auto", "--rule", "gain"], groups: ["sex"]) { r in
            r.method = .fhac; r.auto = true; r.autoRules = ["gain"]; r.rule = "gain"
        },
        Case(name: "fhac with no setting: the recommendation", arguments: ["--fair", "--linkage", "ward"], groups: ["sex"]) { r in
            r.method = .fhac; r.linkage = .ward
        },
        Case(name: "afhac-v", arguments: ["--method", "afhac-v", "--alpha", "1.5"], groups: ["sex"]) { r in r.method = .afhacV; r.alpha = 1.5 },
        Case(name: "makefair", arguments: ["--method", "makefair"], groups: ["sex"]) { $0.method = .makefair },
        Case(name: "two attributes, separate", arguments: ["--fair", "-d", "1"], groups: ["sex", "race"]) { $0.method = .fhac; $0.d = 1 },
        Case(name: "two attributes, intersectional", arguments: ["--fair", "-d", "1", "--group-mode", "intersectional", "--merge-rare"],
             groups: ["sex", "race"]) { r in r.method = .fhac; r.d = 1; r.groupMode = .intersectional; r.mergeRare = true },
        Case(name: "summarised fair", arguments: ["--fair", "-d", "1", "--form", "summarised", "--micro-clusters", "40"], groups: ["sex"]) { r in
            r.method = .fhac; r.d = 1; r.form = .summarised; r.microClusters = 40
        },
    ]

    /// 160 rows: two blobs, a two-valued and a three-valued attribute (deterministic).
    static func table() -> (csv: String, x: [Double], columns: [String: [String]]) {
        var rng = SplitMix64(seed: 11)
        var csv = "f0,f1,f2,sex,race\n", x: [Double] = [], sex: [String] = [], race: [String] = []
        for i in 0..<160 {
            let shift = i < 80 ? 0.0 : 3.0
            let row = (0..<3).map { _ in shift + Double(rng.next() % 10_000) / 2_500 }
            let s = rng.next() % 100 < 35 ? "female" : "male"
            let r = ["a", "a", "b", "c"][Int(rng.next() % 4)]
            x += row
            sex.append(s)
            race.append(r)
            csv += row.map { "\($0)" }.joined(separator: ",") + ",\(s),\(r)\n"
        }
        return (csv, x, ["sex": sex, "race": race])
    }

    static func comparable(_ object: Any) -> NSDictionary {
        var s = object as? [String: Any] ?? [:]
        s["input"] = nil
        if var groups = s["groups"] as? [String: Any] {
            groups["column"] = nil
            s["groups"] = groups
        }
        return s as NSDictionary
    }

    @Test("summary.json of the CLI equals the pipeline's outcome, every key and number", arguments: cases)
    func sameNumbers(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        let (csv, values, columns) = Self.table()
        let path = dir.appendingPathComponent("data.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try CLI.run(
            ["cluster", path, "--features", "f0,f1,f2", "--group", c.groups.joined(separator: ","), "--scale", "none", "-k", "3",
             "--out", out, "--quiet"] + c.arguments)
        #expect(r.status == 0, "\(r.stderr)")
        let cli = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json")))

        var request = ClusteringRequest(nClusters: 3)
        c.configure(&request)
        let attributes = try ProtectedAttributes(
            labelColumns: c.groups.map { columns[$0] ?? [] }, names: c.groups, mode: request.groupMode, rareFloor: request.rareFloor,
            mergeRare: request.mergeRare)
        let data = ClusteringData(content: .features(try Observations(count: 160, dimension: 3, values: values)), attributes: attributes)
        let outcome = try ClusteringPipeline(request, spelling: .cli).run(on: data)
        let input = ClusteringSummary.Input(
            source: "api", kind: "features", rowsInFile: 160, rowsUsed: 160, rowsDropped: 0, features: ["f0", "f1", "f2"],
            nonNumericColumnsSkipped: [], constantFeatures: [], scaling: "none", sample: nil, seed: nil)
        let api = try JSONSerialization.jsonObject(with: ClusteringSummary(outcome, input: input, groupColumn: nil).json())
        let expected = Self.comparable(cli)
        #expect(expected["k"] as? Int == 3 && expected["mfc"] != nil && expected["clusters"] != nil)
        #expect(Self.comparable(api) == expected)
    }
}
