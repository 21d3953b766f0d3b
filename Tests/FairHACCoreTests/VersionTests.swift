import FairHACCore
import Foundation
import Testing

/// The version is set in one place, the file VERSION at the repository's root (the Python package
/// reads it when it is built); the Swift constant must equal it.
@Suite("Version")
struct VersionTests {
    @Test("FairHACVersion.string equals the VERSION file")
    func matchesFile() throws {
        let root = #filePath.components(separatedBy: "/Tests/")[0]
        let file = try String(contentsOfFile: root + "/VERSION", encoding: .utf8)
        #expect(FairHACVersion.string == file.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("the version is MAJOR.MINOR.PATCH")
    func shape() {
        let parts = FairHACVersion.string.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) })
    }
}
