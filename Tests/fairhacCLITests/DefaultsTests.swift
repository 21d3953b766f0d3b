import FairHACC
import FairHACCore
import Foundation
import Testing

@testable import fairhac

/// Issue 27, one source for defaults: the request holds them; the CLI's options have none of
/// their own (not given = `nil`), show the request's in their help, and the C ABI lists them
/// (`fairhac_defaults`) for Python.
@Suite("defaults: the request is the one source, every front end tied to it")
struct DefaultsTests {
    /// Each cluster option that sets a request parameter with a default, and that parameter.
    static let options: [(flag: String, key: ClusteringRequest.Key)] = [
        ("--method", .method), ("--linkage", .linkage), ("--metric", .metric), ("--schedule", .schedule), ("--schedule-arg", .scheduleArg),
        ("--schedule-a", .scheduleA), ("--schedule-c", .scheduleC), ("--ideal", .ideal),
        ("--implementation", .implementation), ("--auto-objective", .autoObjective), ("--max-quality-loss", .maxQualityLoss),
        ("--eps", .eps), ("--fairlet-seed", .fairletSeed), ("--level-tolerance", .levelTolerance), ("--form", .form),
        ("--summary-seed", .summarySeed), ("--hac-form", .hacForm), ("--group-mode", .groupMode), ("--rare-floor", .rareFloor),
        ("--search", .search), ("--precision", .precision),
    ]

    @Test("options left out leave the request at its defaults; given ones (even at the default's value) are present")
    func parsedDefaults() throws {
        let plain = try ClusterCommand.parse(["data.csv", "-k", "3"])
        #expect(plain.request == ClusteringRequest(nClusters: 3))
        var fair = ClusteringRequest(nClusters: 3)
        fair.method = .fhac
        #expect(try ClusterCommand.parse(["data.csv", "-k", "3", "--fair", "--group", "g"]).request == fair)
        // -b 0 is given: with vanilla HAC it is refused, whatever its value.
        #expect(throws: (any Error).self) { try ClusterCommand.parse(["data.csv", "-k", "3", "-b", "0"]) }
        #expect(throws: (any Error).self) { try ClusterCommand.parse(["data.csv", "-k", "3", "--ideal", "data"]) }
        #expect(try ClusterCommand.parse(["data.csv", "-k", "3", "--fair", "--group", "g", "-b", "0"]).request.b == 0)
        // Commands that do not build a request read the same defaults.
        let tune = try TuneCommand.parse(["data.csv", "-k", "3", "--group", "g"])
        #expect(tune.objective == ClusteringRequest.defaults.autoObjective)
        #expect(tune.recommendation.maxQualityLoss == ClusteringRequest.defaults.maxQualityLoss)
        #expect(tune.linkage == ClusteringRequest.defaults.linkage && tune.schedule == ClusteringRequest.defaults.schedule)
        #expect(tune.summaryOptions.form == ClusteringRequest.defaults.form)
    }

    @Test("--help shows each option's default as the request has it")
    func helpDefaults() throws {
        let help = FairHACCommand.helpMessage(for: ClusterCommand.self, columns: 100_000)
        let lines = help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for (flag, key) in Self.options {
            let value = try #require(ClusteringRequest.defaultValue(key), "\(key) has no default")
            let at = try #require(lines.firstIndex { $0.hasPrefix(flag + " ") || $0.hasPrefix(flag + ",") }, "no help line for \(flag)")
            // A long option's help starts on the next line.
            let line = lines[at] + (at + 1 < lines.count && !lines[at + 1].hasPrefix("-") ? " " + lines[at + 1] : "")
            #expect(line.contains("(default: \(value))"), "\(flag): \(line)")
            #expect(line.components(separatedBy: "(default:").count == 2, "\(flag) shows two defaults: \(line)")
        }
        // b and d have no default value: left out (with no rule), --fair runs the recommendation.
        for flag in ["-b", "-d"] {
            let line = try #require(lines.first { $0.hasPrefix(flag + " ") }, "no help line for \(flag)")
            #expect(ClusteringRequest.defaultValue(flag == "-b" ? .b : .d) == nil)
            #expect(!line.contains("(default:") && line.contains("Default 0 when a fixed setting is given"), "\(flag): \(line)")
        }
    }

    @Test("fairhac_defaults lists the request's defaults: decoded, they are the request's")
    func abiDefaults() throws {
        var text: UnsafeMutablePointer<CChar>?
        #expect(fairhac_defaults(&text) == 0)
        let json = String(cString: try #require(text))
        fairhac_free(text)
        let all = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        func decode(_ name: String) throws -> ClusteringRequest {
            let object = try #require(all[name] as? [String: Any], "\(name) missing")
            #expect(Set(object.keys) == Set(ClusteringRequest.Key.allCases.map(\.rawValue)))
            return try JSONDecoder().decode(ClusteringRequest.self, from: JSONSerialization.data(withJSONObject: object))
        }
        #expect(try decode("request") == ClusteringRequest.defaults)
        let effective = try decode("parameter_defaults")
        #expect(effective == ClusteringRequest.effectiveDefaults)
        #expect(effective.b == ClusteringRequest.defaultB && effective.ideal == ClusteringRequest.defaultIdeal && effective.eps == ClusteringRequest.defaultAFHACEps)
    }
}
