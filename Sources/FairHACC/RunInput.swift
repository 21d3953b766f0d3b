import FairHACCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `fairhac_run`'s data are, beside the request: the request JSON's `"input"` object,
/// `{"source": "X", "feature_names": [...], "scale": "zscore" | "none", "rows_total": N,
/// "rows_dropped": D}` (every key optional). The scaling is the CLI's `--scale`, applied here as
/// the CLI applies it, so that summary.json names the features, the scaling and the constant
/// features, and the clusters' feature means are in the caller's units.
struct RunInput: Decodable {
    var source: String?
    var featureNames: [String]?
    var scale: String?
    var rowsTotal: Int?
    var rowsDropped: Int?

    private struct Envelope: Decodable { var input: RunInput? }

    /// The request and the input description from the request JSON.
    static func decode(_ text: UnsafePointer<CChar>?) throws -> (ClusteringRequest, RunInput) {
        let json = Data(try string(text, "request").utf8)
        let decoder = JSONDecoder()
        decoder.userInfo[ClusteringRequest.ignoredKeys] = Set(["input"])
        let request: ClusteringRequest
        do {
            request = try decoder.decode(ClusteringRequest.self, from: json)
        } catch let error as ClusteringError {
            throw error
        } catch {
            throw ClusteringError.invalidRequest("request: not a JSON object of parameters (\(error))")
        }
        let envelope = JSONDecoder()
        envelope.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return (request, try envelope.decode(Envelope.self, from: json).input ?? RunInput())
        } catch {
            throw ClusteringError.invalidRequest(
                "request: input must be {\"source\": text, \"feature_names\": [text], \"scale\": \"zscore\" or \"none\", "
                    + "\"rows_total\": integer, \"rows_dropped\": integer} (\(error))")
        }
    }

    /// The features as the run clusters them (scaled when asked), with the map back to the
    /// caller's units and the constant features.
    func prepared(_ x: Observations) throws -> (Observations, FeatureUnits, constant: [Int]) {
        if let names = featureNames, names.count != x.dimension {
            throw InputError(message: "input: \(names.count) feature names for \(x.dimension) features")
        }
        guard let scaling = FeatureScaling(rawValue: scale ?? "none") else {
            throw ClusteringError.invalidRequest("input: scale must be zscore or none; got '\(scale ?? "")'")
        }
        let s = x.scaledWithUnits(scaling)
        return (s.observations, s.units, s.constantFeatures)
    }

    /// summary.json's input block for `n` rows clustered.
    func summary(n: Int, kind: String, constant: [Int]) -> ClusteringSummary.Input {
        let names = featureNames ?? []
        return ClusteringSummary.Input(
            source: source ?? "python", kind: kind, rowsInFile: rowsTotal ?? n, rowsUsed: n, rowsDropped: rowsDropped ?? 0,
            features: names, nonNumericColumnsSkipped: [], constantFeatures: constant.map { $0 < names.count ? names[$0] : "x\($0)" },
            scaling: scale ?? "none", sample: nil, seed: nil)
    }
}

/// The message for rows with missing or invalid cells, worded as the CLI words it
/// (``InvalidCells``): `json` is InvalidCells' fields in snake_case (source, rows, columns [{name,
/// count, missing, text}], first [{position, column, value, why}], drop_option, fix,
/// other_columns, group_option). Writes the message, allocated here, into `out` (free it with
/// `fairhac_free`).
@_cdecl("fairhac_invalid_cells_message")
public func fairhac_invalid_cells_message(
    _ json: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let cells: InvalidCells
        do {
            cells = try decoder.decode(InvalidCells.self, from: Data(try string(json, "cells").utf8))
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(message: "cells: not InvalidCells' JSON (\(error))")
        }
        try writeAllocated(Data(cells.message.utf8), to: out)
    }
}
