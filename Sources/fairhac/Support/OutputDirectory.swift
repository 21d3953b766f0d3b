import FairHACDigest
import FairHACIO
import Foundation

/// Where a run's results go: staged, then moved into `--out` without ever deleting or replacing
/// a byte FairHAC cannot prove it wrote.
///
/// The rule: a run removes or replaces only files it can prove it wrote, never its own input and
/// never anything else; everything else is kept, or the run is refused naming it.
///
/// - Proof: a results folder holds the manifest ``marker`` listing each file FairHAC wrote there
///   with its size and ``ContentDigest``. A file is FairHAC's only while it is a regular file
///   listed there with the same size and digest. A marker without a manifest (older versions)
///   proves nothing.
/// - Start: `--out` must be a new path, an empty folder, or a results folder (a manifest). A
///   folder with other files and no manifest is refused. In a results folder, files the user
///   added are kept, but one that has the name of an output (or a folder of that name) is
///   refused, and so is an output that is this run's own input.
/// - Writing: every file is written into a hidden staging folder (`.fairhac-staging-PID-TOKEN`
///   inside an existing `--out`, `.NAME.partial-PID-TOKEN` beside a new one, TOKEN random), so a
///   failed run leaves the earlier results as they were. The folder holds ``proofName``, a file
///   with the same TOKEN: the tool's proof that it made the folder. A failed or interrupted run
///   (Ctrl-C, SIGTERM: ``Interruption``) removes its staging folder; one left by a crash (its
///   process gone) is removed by a later run into the same place, only when it carries the proof
///   and only once that run has accepted the folder. Anything else named like a staging folder
///   is the user's and is kept.
/// - Commit: a new `--out` is the staging folder renamed into place. An existing one is checked
///   again (files created or changed during the run count), then each new file is renamed over
///   its proven predecessor, proven files of the earlier run that this run does not write (a
///   stale report.html) are removed, and the manifest is rewritten; the folder itself is never
///   moved, so a shell inside it stays where it is. A run killed during those renames (a few
///   milliseconds) leaves a mix of both runs' files, every one of them listed in the manifest.
final class OutputDirectory {
    /// The manifest of a results folder.
    static let marker = ".fairhac-results"
    /// Names FairHAC's commands write: a user's file (or folder) of such a name in a results
    /// folder is refused when the run starts, not only when the run's own names are known.
    static let knownNames: Set<String> = [
        "linkage.csv", "linkage.npy", "labels.csv", "summary.json", "tree.nwk", "tree.json", "report.html",
        "timings.json", "grid.csv", "pareto.csv", "best.json", "runs.csv", "tables.csv", "figure1.svg", "report.md",
        "rules.csv", "rules.md", "two-attributes.md", "two-attributes.csv",
    ]
    private static let manifestHeader = "fairhac-results 2"
    private static let stagingPrefix = ".fairhac-staging-"
    /// The file inside a staging folder that proves FairHAC made it: "fairhac staging TOKEN".
    static let proofName = ".fairhac-staging-proof"

    /// The folder as given.
    let destination: String
    /// The staging folder: write every result file here.
    let path: String
    private let absolute: String
    private let inputs: [FileIdentity]
    private let existed: Bool
    private var committed = false

    /// Checks `destination` and creates the staging folder.
    /// - Parameter inputs: the run's input files; none of them is ever replaced or removed.
    /// - Throws: ``DataError`` naming `--out`, the path and the cause.
    init(_ destination: String, inputs: [String] = []) throws {
        self.destination = destination
        guard !destination.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DataError("--out is empty; name the folder for the results, e.g. --out results/")
        }
        // A symbolic link to a folder: the folder it points to receives the results.
        let resolved = URL(fileURLWithPath: destination).resolvingSymlinksInPath().standardizedFileURL.path
        guard resolved != "/" else {
            throw DataError("--out \(destination): give the results a folder of their own, e.g. --out results/")
        }
        absolute = resolved
        self.inputs = inputs.compactMap(FileIdentity.init(path:))
        var info = stat()
        if lstat(resolved, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw DataError("--out \(destination): a file is already there; results go into a folder (choose a new path or remove the file)")
            }
            existed = true
            _ = try Self.check(resolved, destination: destination, writing: Self.knownNames, inputs: self.inputs)
            // Only in a folder the run accepts, and only what carries the proof.
            Self.removeAbandonedStaging(in: resolved)
            Self.removeAbandonedStaging(
                in: (resolved as NSString).deletingLastPathComponent, prefix: ".\((resolved as NSString).lastPathComponent).partial-")
            path = try Self.makeStaging(resolved + "/" + Self.stagingPrefix, destination: destination)
        } else {
            existed = false
            let parent = (resolved as NSString).deletingLastPathComponent
            let name = (resolved as NSString).lastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw DataError("--out \(destination): cannot create the folder " + MessageText.fileProblem(error, path: parent))
            }
            Self.removeAbandonedStaging(in: parent, prefix: ".\(name).partial-")
            path = try Self.makeStaging(parent + "/.\(name).partial-", destination: destination)
        }
    }

    deinit {
        if !committed { discard() }
    }

    /// Moves the staged results into place (see the type's description).
    /// - Throws: ``DataError`` when the folder now holds something the run may not replace, or
    ///   a file operation fails; the earlier results are then as they were.
    func commit() throws {
        // An interruption waits for the commit to end (then finds nothing to remove, or the
        // staging folder of a commit that failed).
        try Self.pending.whileHeld { try commitHeld() }
    }

    private func commitHeld() throws {
        let staged = try Self.entries(of: path, destination: destination).filter { $0 != Self.marker && $0 != Self.proofName }
        var written: [String: ContentDigest] = [:]
        for name in staged {
            guard let digest = ContentDigest.of(file: path + "/" + name) else {
                throw DataError("--out \(destination): cannot read back the result '\(name)' just written")
            }
            written[name] = digest
        }
        if !existed {
            try writeManifest(written, into: path)
            // The results folder keeps no proof: without it, the folder is no staging folder.
            _ = unlink(path + "/" + Self.proofName)
            if rename(path, absolute) == 0 {
                finish()
                return
            }
            let code = errno
            guard code == EEXIST || code == ENOTEMPTY else {
                throw DataError("--out \(destination): cannot move the results into place: " + Self.problem(code))
            }
            // Someone created the folder during the run: treat it as an existing one.
        }
        let proven = try Self.check(absolute, destination: destination, writing: Set(staged), inputs: inputs)
        // While the files move, the manifest proves both generations.
        try writeManifest(proven.merging(written) { _, new in new }, extra: proven, into: absolute)
        for name in staged.sorted() where rename(path + "/" + name, absolute + "/" + name) != 0 {
            throw DataError("--out \(destination): cannot move '\(name)' into place: " + Self.problem(errno))
        }
        for name in proven.keys.sorted() where written[name] == nil {
            _ = unlink(absolute + "/" + name)
        }
        try writeManifest(written, into: absolute)
        finish()
    }

    /// Writes result files into the staging folder; errors name `--out`, not the staging folder.
    var files: ResultFiles { ResultFiles(directory: path, shownAs: destination) }

    /// Removes the staging folder (a failed run).
    func discard() {
        try? FileManager.default.removeItem(atPath: path)
        Self.pending.remove(path)
    }

    private func finish() {
        committed = true
        if existed || FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
        Self.pending.remove(path)
    }

    /// Writes the manifest listing `files` (and, while files move, the earlier `extra` digests
    /// of the same names) into `folder`, atomically.
    private func writeManifest(_ files: [String: ContentDigest], extra: [String: ContentDigest] = [:], into folder: String) throws {
        var lines = [Self.manifestHeader]
        for (name, digest) in files.sorted(by: { $0.key < $1.key }) {
            lines.append("\(digest) \(name)")
            if let old = extra[name], old != digest { lines.append("\(old) \(name)") }
        }
        let text = lines.joined(separator: "\n") + "\n"
        let temporary = ".manifest-\(getpid())"
        try self.files.save(text, temporary)
        guard rename(path + "/" + temporary, folder + "/" + Self.marker) == 0 else {
            throw DataError("--out \(destination): cannot write its manifest: " + Self.problem(errno))
        }
    }

    // MARK: - Checks

    /// The proven files of the folder at `folder` (name to digest), after checking that the run
    /// may write `writing` there.
    /// - Throws: when the folder holds files without a manifest, a file or folder the run would
    ///   replace that FairHAC cannot prove it wrote, or one of the run's inputs among the files
    ///   it would replace or remove.
    private static func check(
        _ folder: String, destination: String, writing: Set<String>, inputs: [FileIdentity]
    ) throws -> [String: ContentDigest] {
        let names = try entries(of: folder, destination: destination).filter {
            !$0.hasPrefix(stagingPrefix) && !$0.hasPrefix(".manifest-")
        }
        let manifest = names.contains(marker) ? readManifest(folder + "/" + marker) : nil
        var proven: [String: ContentDigest] = [:]
        var foreign: [String] = []
        for name in names where name != marker {
            let full = folder + "/" + name
            var info = stat()
            if let claims = manifest?[name], lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                claims.contains(where: { $0.size == Int(info.st_size) }), let digest = ContentDigest.of(file: full),
                claims.contains(digest)
            {
                proven[name] = digest
            } else {
                foreign.append(name)
            }
        }
        foreign.sort()
        if manifest == nil, let first = foreign.first {
            let why = names.contains(marker) ? " and its .fairhac-results marker lists none of them (an older version's folder?)" : ""
            throw DataError(
                "--out \(destination): the folder holds files FairHAC did not write (such as '\(MessageText.escaped(first))')\(why); "
                    + "a run writes only into a new folder, an empty one, or one of its own results. Choose another folder, "
                    + "or remove those files yourself")
        }
        if let clash = foreign.first(where: { writing.contains($0) }) {
            throw DataError(
                "--out \(destination): '\(MessageText.escaped(clash))' there was not written by FairHAC (or was changed since), "
                    + "and this run would replace it; it is left as it is. Move it away or choose another folder")
        }
        for (name, _) in proven.sorted(by: { $0.key < $1.key }) {
            if let identity = FileIdentity(path: folder + "/" + name), inputs.contains(identity) {
                throw DataError(
                    "--out \(destination): '\(MessageText.escaped(name))' there is this run's input, which the run would "
                        + (writing.contains(name) ? "replace" : "remove") + "; choose another folder for the results")
            }
        }
        return proven
    }

    /// The manifest's claims: for each name, the digests it may have.
    private static func readManifest(_ path: String) -> [String: [ContentDigest]]? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20,
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == Substring(manifestHeader) else { return nil }
        lines.removeFirst()
        var claims: [String: [ContentDigest]] = [:]
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let size = Int(parts[0]), let value = UInt64(parts[1], radix: 16) else { return nil }
            claims[String(parts[2]), default: []].append(ContentDigest(size: size, value: value))
        }
        return claims
    }

    /// The names in `folder` (not `.` and `..`).
    private static func entries(of folder: String, destination: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw DataError("--out " + MessageText.fileProblem(error, path: destination))
        }
    }

    /// Creates the staging folder `prefix` + "PID-TOKEN" with its proof, registered for removal
    /// on failure or interruption.
    private static func makeStaging(_ prefix: String, destination: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let token = String(generator.next() as UInt64, radix: 16)
        let staging = prefix + "\(getpid())-\(token)"
        try pending.whileHeld {
            guard mkdir(staging, 0o755) == 0 else {
                throw DataError("--out \(destination): cannot write there: " + problem(errno))
            }
            pending.add(staging)
        }
        // Written whole, then renamed: a crash leaves the proof complete or absent.
        try ResultFiles(directory: staging, shownAs: destination).save(proofText(token), proofName + ".new")
        guard rename(staging + "/" + proofName + ".new", staging + "/" + proofName) == 0 else {
            throw DataError("--out \(destination): cannot write there: " + problem(errno))
        }
        return staging
    }

    private static func proofText(_ token: String) -> String { "fairhac staging \(token)\n" }

    /// Staging folders of runs that crashed (their process is gone) and that carry the proof
    /// (``proofName`` with the token of the folder's name): nothing else is removed.
    private static func removeAbandonedStaging(in folder: String, prefix: String = stagingPrefix) {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where entry.hasPrefix(prefix) {
            let parts = entry.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, let token = UInt64(parts[1], radix: 16),
                String(token, radix: 16) == parts[1], kill(pid, 0) != 0 && errno == ESRCH
            else { continue }
            let full = folder + "/" + entry
            var info = stat()
            guard lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFDIR,
                lstat(full + "/" + proofName, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 256,
                let proof = FileManager.default.contents(atPath: full + "/" + proofName),
                proof == Data(proofText(String(parts[1])).utf8)
            else { continue }
            try? FileManager.default.removeItem(atPath: full)
        }
    }

    private static func problem(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }

    /// Staging folders of runs in progress, removed when the tool exits on an error or is
    /// interrupted.
    static let pending = PendingFolders()

    final class PendingFolders: @unchecked Sendable {
        /// Recursive: a commit holds it while it moves files and then unregisters its folder.
        private let lock = NSRecursiveLock()
        private var paths: Set<String> = []
        func add(_ path: String) { lock.withLock { _ = paths.insert(path) } }
        func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }
        func whileHeld<T>(_ body: () throws -> T) rethrows -> T {
            lock.lock()
            defer { lock.unlock() }
            return try body()
        }
        /// Removes every registered folder. A writer may still be creating files in one (an
        /// interruption comes from another thread), so a folder that is not empty yet is tried again.
        func removeAll() {
            lock.withLock {
                for path in paths {
                    for _ in 0..<100 {
                        try? FileManager.default.removeItem(atPath: path)
                        var info = stat()
                        if lstat(path, &info) != 0 { break }
                    }
                }
                paths = []
            }
        }
    }
}

/// A file as the file system knows it (device and inode), so that a path through a link, a
/// `..` or a hard link still names the same input.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
