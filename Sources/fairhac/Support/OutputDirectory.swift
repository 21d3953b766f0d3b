import FairHACIO
import Foundation

/// Where a run's results go, written atomically as a set.
///
/// The files are written into a hidden staging folder beside `--out` (`.NAME.partial-PID`) and
/// the folder is renamed into place when the run has succeeded: a failed run leaves earlier
/// results untouched and no half-written set that looks finished, and files of an earlier run
/// that this run does not write (a stale report.html) do not stay beside the new ones.
///
/// A run killed before it finishes leaves its hidden staging folder; the next run into the same
/// `--out` removes it.
///
/// `--out` must be a new path, an empty folder, or a folder of FairHAC results (it has the
/// marker file ``marker``, or holds only file names FairHAC writes); a folder with other files
/// is refused rather than replaced.
final class OutputDirectory {
    /// Marks a folder as FairHAC's results, so that a later run may replace it.
    static let marker = ".fairhac-results"
    /// Names FairHAC's commands write (folders from versions without the marker hold only these).
    static let knownNames: Set<String> = [
        "linkage.csv", "linkage.npy", "labels.csv", "summary.json", "tree.nwk", "tree.json", "report.html",
        "timings.json", "grid.csv", "pareto.csv", "best.json", "runs.csv", "tables.csv", "figure1.svg", "report.md",
        marker,
    ]

    /// The folder as given.
    let destination: String
    /// The staging folder: write every result file here.
    let path: String
    private let absolute: URL
    private var committed = false

    /// Checks `destination` and creates the staging folder beside it.
    /// - Throws: ``DataError`` naming `--out`, the path and the cause.
    init(_ destination: String) throws {
        self.destination = destination
        guard !destination.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DataError("--out is empty; name the folder for the results, e.g. --out results/")
        }
        // A symbolic link to a folder: the folder it points to is replaced, not the link.
        absolute = URL(fileURLWithPath: destination).resolvingSymlinksInPath()
        let name = absolute.lastPathComponent
        guard !name.isEmpty, name != "/", name != ".", name != ".." else {
            throw DataError("--out \(destination): give the results a folder of their own, e.g. --out results/")
        }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: absolute.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw DataError("--out \(destination): a file is already there; results go into a folder (choose a new path or remove the file)")
            }
            let entries: [String]
            do { entries = try fm.contentsOfDirectory(atPath: absolute.path) } catch {
                throw DataError("--out " + MessageText.fileProblem(error, path: destination))
            }
            if !entries.contains(Self.marker), let foreign = entries.sorted().first(where: { !Self.knownNames.contains($0) }) {
                throw DataError(
                    "--out \(destination): the folder holds files FairHAC did not write (such as '\(MessageText.escaped(foreign))'), "
                        + "which a run would replace; choose a new or empty folder")
            }
        }
        let parent = absolute.deletingLastPathComponent()
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw DataError("--out \(destination): cannot create the folder " + MessageText.fileProblem(error, path: parent.path))
        }
        // Staging folders of runs that were killed (their process is gone) are removed.
        for entry in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] where entry.hasPrefix(".\(name).partial-") {
            if let pid = Int32(entry.dropFirst(".\(name).partial-".count)), kill(pid, 0) != 0 && errno == ESRCH {
                try? fm.removeItem(at: parent.appendingPathComponent(entry))
            }
        }
        let staging = parent.appendingPathComponent(".\(name).partial-\(getpid())")
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            try Data().write(to: staging.appendingPathComponent(Self.marker))
        } catch {
            throw DataError("--out \(destination): cannot write beside it: " + MessageText.fileProblem(error, path: parent.path))
        }
        path = staging.path
        Self.pending.add(path)
    }

    deinit {
        if !committed { discard() }
    }

    /// Moves the staged results into place, replacing an earlier set as a whole.
    func commit() throws {
        let fm = FileManager.default
        let previous = absolute.deletingLastPathComponent().appendingPathComponent(".\(absolute.lastPathComponent).previous-\(getpid())")
        try? fm.removeItem(at: previous)
        let hadPrevious = fm.fileExists(atPath: absolute.path)
        do {
            if hadPrevious { try fm.moveItem(at: absolute, to: previous) }
            do {
                try fm.moveItem(at: URL(fileURLWithPath: path), to: absolute)
            } catch {
                if hadPrevious { try? fm.moveItem(at: previous, to: absolute) }
                throw error
            }
        } catch {
            throw DataError("--out \(destination): cannot move the results into place: " + MessageText.fileProblem(error, path: nil))
        }
        committed = true
        Self.pending.remove(path)
        if hadPrevious { try? fm.removeItem(at: previous) }
    }

    /// Removes the staging folder (a failed run).
    func discard() {
        try? FileManager.default.removeItem(atPath: path)
        Self.pending.remove(path)
    }

    /// Staging folders of runs in progress, removed when the tool exits on an error.
    static let pending = PendingFolders()

    final class PendingFolders: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: Set<String> = []
        func add(_ path: String) { lock.withLock { _ = paths.insert(path) } }
        func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }
        func removeAll() {
            let all = lock.withLock { paths }
            for path in all { try? FileManager.default.removeItem(atPath: path) }
            lock.withLock { paths = [] }
        }
    }
}
