import FairHACCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ClusteringSummary {
    /// summary.json's bytes, with the encoder settings of FairHACIO's `json()` (which this
    /// library cannot link: it brings Foundation's ICU data into the wheel). The front-end tests
    /// (python/tests/test_front_ends.py, test_spark.py) compare these bytes with the CLI's file.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
