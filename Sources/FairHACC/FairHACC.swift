import FairHACCore

// The C ABI of FairHAC, for the Python package (python/fairhac/_native.py) and any other
// language with a C foreign-function interface. Only C types cross it: raw double/int64
// buffers owned by the caller, NUL-terminated strings, and an error buffer. Every function
// that can fail returns a status code (0 ok, 1 invalid input, 2 memory estimate refused,
// 3 internal error, 4 cancelled, 5 invalid parameter) and writes the error message, the CLI's
// text, into `err` (capacity `errCapacity`).
//
// One protocol for every such function: its last three parameters are `cancel` (an int32 the
// caller may set to non-zero from another thread; the core looks at it in every long loop and
// then returns 4, or null), `err` and `errCapacity`.
//
// Every clustering goes through the core's request (ClusteringRequest's keys as JSON):
// `fairhac_run` (Run.swift) for data in memory (features, distances, or a tree alone for
// makefair), and for the summarised form past memory `fairhac_summarised_plan`,
// `fairhac_micro_cluster` and `fairhac_run_summaries` (Summarised.swift). Conversions live in
// Conversions.swift; these functions only wire them to the core.

/// Version of this ABI; bumped when a signature changes.
@_cdecl("fairhac_abi_version")
public func fairhac_abi_version() -> Int32 { 8 }

/// FairHAC's version (the file VERSION, ``FairHACVersion``) as a NUL-terminated string that the
/// library owns and never frees: the Python package's `fairhac.__version__`.
@_cdecl("fairhac_version")
public func fairhac_version() -> UnsafePointer<CChar> { UnsafePointer(versionText) }

private nonisolated(unsafe) let versionText: UnsafeMutablePointer<CChar> = {
    let utf8 = Array(FairHACVersion.string.utf8CString)
    let text = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
    text.initialize(from: utf8, count: utf8.count)
    return text
}()

/// The k clusters of a tree (its first n - k merges), numbered by first appearance, into `labelsOut`.
@_cdecl("fairhac_labels")
public func fairhac_labels(
    _ z: UnsafePointer<Double>?, _ n: Int64, _ k: Int64, _ labelsOut: UnsafeMutablePointer<Int64>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let labels = try dendrogram(z, n: Int(n)).labels(clusterCount: Int(k))
        guard let labelsOut else { throw InputError(message: "labels output buffer is missing") }
        for (i, l) in labels.enumerated() { labelsOut[i] = Int64(l) }
    }
}

/// The CLI's default `--scale zscore` (population standard deviation; constant features only
/// centred) of n x d features, into `out` (n x d); the indices of constant features go to
/// `constantOut` (up to d), their number to `constantCount`.
@_cdecl("fairhac_zscore")
public func fairhac_zscore(
    _ x: UnsafePointer<Double>?, _ n: Int64, _ d: Int64, _ out: UnsafeMutablePointer<Double>?,
    _ constantOut: UnsafeMutablePointer<Int64>?, _ constantCount: UnsafeMutablePointer<Int64>?,
    _ cancel: UnsafeMutablePointer<Int32>?, _ err: UnsafeMutablePointer<CChar>?, _ errCapacity: Int64
) -> Int32 {
    guarded(ErrorSink(buffer: err, capacity: Int(errCapacity))) {
        let (scaled, constant) = try observations(x, n: Int(n), d: Int(d)).scaled(.zscore)
        write(scaled.values, to: out)
        if let constantOut { for (i, j) in constant.enumerated() { constantOut[i] = Int64(j) } }
        constantCount?.pointee = Int64(constant.count)
    }
}

/// The grid search's default values: `which` 0 = b, 1 = d (schedule argument progress), 2 = the
/// paper's grid (schedule argument merges). Returns how many values there are; writes up to
/// `capacity` of them into `out`.
@_cdecl("fairhac_default_grid")
public func fairhac_default_grid(_ which: Int32, _ out: UnsafeMutablePointer<Double>?, _ capacity: Int64) -> Int64 {
    let grid = which == 0 ? GridSearch.defaultGridB : which == 1 ? GridSearch.defaultGridD : GridSearch.paperGrid
    write(Array(grid.prefix(Int(max(0, capacity)))), to: out)
    return Int64(grid.count)
}
