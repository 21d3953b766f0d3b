import FairHACCore

// The one place where raw C buffers become core values and core results or errors become C
// buffers and status codes. The entry points in FairHACC.swift only wire these together.

/// Status codes returned by every entry point (mirrored in python/fairhac/_native.py).
enum Status: Int32 {
    case ok = 0
    /// Bad input or parameters: Python raises ValueError with the message.
    case invalidInput = 1
    /// The memory estimate was refused: Python raises MemoryError with the message.
    case insufficientMemory = 2
    /// Anything else (a bug): Python raises RuntimeError.
    case internalError = 3
    /// Stopped on request (the caller's cancel flag): Python raises KeyboardInterrupt.
    case cancelled = 4
    /// A parameter, or a combination of them, that cannot run: Python raises InvalidParameterError.
    case invalidParameter = 5
}

/// Where an entry point writes its error message: a caller-owned buffer of `capacity` bytes.
struct ErrorSink {
    var buffer: UnsafeMutablePointer<CChar>?
    var capacity: Int

    /// Writes `message` as NUL-terminated UTF-8, truncated to the buffer.
    func write(_ message: String) {
        guard let buffer, capacity > 0 else { return }
        let bytes = Array(message.utf8.prefix(capacity - 1))
        for (i, byte) in bytes.enumerated() { buffer[i] = CChar(bitPattern: byte) }
        buffer[bytes.count] = 0
    }
}

/// Runs `body`, turning a thrown error into a status code and a message (the CLI's message:
/// the error's description).
func guarded(_ sink: ErrorSink, _ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return Status.ok.rawValue
    } catch let error as ClusteringError {
        sink.write(String(describing: error))
        if case .insufficientMemory = error { return Status.insufficientMemory.rawValue }
        if case .summaryTooLarge = error { return Status.insufficientMemory.rawValue }
        if case .summaryTooSmallForClusters = error { return Status.insufficientMemory.rawValue }
        if case .exactFormTooLarge = error { return Status.insufficientMemory.rawValue }
        if case .cancelled = error { return Status.cancelled.rawValue }
        if case .invalidRequest = error { return Status.invalidParameter.rawValue }
        return Status.invalidInput.rawValue
    } catch let error as InputError {
        sink.write(error.message)
        return Status.invalidInput.rawValue
    } catch {
        sink.write(String(describing: error))
        return Status.internalError.rawValue
    }
}

/// The caller's cancel flag (0: go on; set non-zero from another thread to stop), if given.
func cancellation(_ flag: UnsafeMutablePointer<Int32>?) -> Cancellation? { flag.map { Cancellation(watching: $0) } }

/// A parameter the C layer itself refuses (an unknown name, a null buffer).
struct InputError: Error { var message: String }

/// A C string as a Swift string, or an error naming the parameter.
func string(_ p: UnsafePointer<CChar>?, _ what: String) throws -> String {
    guard let p else { throw InputError(message: "\(what) is missing") }
    return String(cString: p)
}

/// A value of a string-named enum (linkage, metric, schedule family...), or an error listing the choices.
func named<T: RawRepresentable & CaseIterable>(_ p: UnsafePointer<CChar>?, _ what: String, as _: T.Type) throws -> T
where T.RawValue == String {
    let text = try string(p, what)
    guard let value = T(rawValue: text) else {
        throw InputError(message: "\(what) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'")
    }
    return value
}

/// A rule by its spec (`paper:strict`); a bare `paper` takes `paperVariant` (the older, separate parameter).
func selectionRule(_ spec: String, paperVariant: PaperVariant) throws -> SelectionRule {
    let named = spec == "paper" ? SelectionRule.paper(paperVariant) : SelectionRule(spec: spec)
    guard let rule = named else {
        throw InputError(message: "rule must be one of \(SelectionRule.specList); got '\(spec)'")
    }
    return rule
}

/// `count` doubles from a caller buffer.
func doubles(_ p: UnsafePointer<Double>?, _ count: Int, _ what: String) throws -> [Double] {
    guard count >= 0 else { throw InputError(message: "\(what): negative length \(count)") }
    if count == 0 { return [] }
    guard let p else { throw InputError(message: "\(what) is missing") }
    return Array(UnsafeBufferPointer(start: p, count: count))
}

/// Row-major features: `n` rows of `d` values (the core validates finiteness).
func observations(_ p: UnsafePointer<Double>?, n: Int, d: Int) throws -> Observations {
    guard n >= 0, d >= 0, n <= Int(Int32.max), d <= Int(Int32.max) else {
        throw InputError(message: "X has an invalid shape (\(n), \(d))")
    }
    return try Observations(count: n, dimension: d, values: doubles(p, n * d, "X"))
}

/// The condensed distance vector of `n` observations.
func condensed(_ p: UnsafePointer<Double>?, n: Int) throws -> DistanceMatrix {
    guard n >= 1, n <= Int(Int32.max) else { throw InputError(message: "a condensed matrix needs at least one observation; got n = \(n)") }
    return try DistanceMatrix(condensed: doubles(p, DistanceMatrix.storageCount(n), "y"), count: n)
}

/// Group ids in `0..<groupCount`, one per observation, and the groups' names separated by the
/// unit separator (0x1F), so that messages name the caller's labels; `nil` names: "0", "1", ...
func groupAssignment(_ p: UnsafePointer<Int64>?, n: Int, groupCount: Int, names: UnsafePointer<CChar>?) throws -> GroupAssignment {
    guard groupCount >= 1 else { throw InputError(message: "groups: at least one group is needed") }
    guard let p else { throw InputError(message: "groups is missing") }
    let ids = UnsafeBufferPointer(start: p, count: n).map { Int($0) }
    var labels = (0..<groupCount).map { String($0) }
    if let names {
        let given = String(cString: names).split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard given.count == groupCount else {
            throw InputError(message: "\(given.count) group names for \(groupCount) groups")
        }
        labels = given
    }
    return try GroupAssignment(names: labels, memberships: ids)
}

/// Several protected attributes in separate mode (spec section 9), or one: `spec` null means one
/// attribute (`ids` n values, `groupCount` groups, as ``groupAssignment(_:n:groupCount:names:)``);
/// otherwise `spec` = "name1=m1;name2=m2;..." (A attributes with m_a groups each), `ids` is n x A
/// row-major with ids in 0..<m_a, and `names` holds the sum of m_a group names, attribute by
/// attribute. (Intersectional mode is one attribute of combined labels, made by the caller.)
/// In a name, a backslash takes the next character as it is, so names may hold ";", "=" and "\\"
/// ("s\\=x=2" is the attribute "s=x" with 2 groups).
func protectedAttributes(
    _ p: UnsafePointer<Int64>?, n: Int, groupCount: Int, names: UnsafePointer<CChar>?, spec: UnsafePointer<CChar>?
) throws -> ProtectedAttributes {
    guard let spec else { return ProtectedAttributes(try groupAssignment(p, n: n, groupCount: groupCount, names: names)) }
    var attributeNames: [String] = [], counts: [Int] = []
    for (name, count) in try attributeSpec(String(cString: spec)) {
        guard let m = Int(count), m >= 1 else {
            throw InputError(message: "attributes: expected name=groups entries separated by ';'; got '\(name)=\(count)'")
        }
        attributeNames.append(name)
        counts.append(m)
    }
    guard !counts.isEmpty, counts.reduce(0, +) == groupCount else {
        throw InputError(message: "attributes: \(counts.reduce(0, +)) groups over the attributes, \(groupCount) group names")
    }
    guard let p else { throw InputError(message: "groups is missing") }
    let a = counts.count
    var all = (0..<groupCount).map { String($0) }
    if let names {
        all = String(cString: names).split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard all.count == groupCount else { throw InputError(message: "\(all.count) group names for \(groupCount) groups") }
    }
    var start = 0
    var assignments: [GroupAssignment] = []
    for (j, m) in counts.enumerated() {
        let ids = (0..<n).map { Int(p[$0 * a + j]) }
        assignments.append(try GroupAssignment(names: Array(all[start..<(start + m)]), memberships: ids))
        start += m
    }
    return try ProtectedAttributes(names: attributeNames, attributes: assignments, mode: .separate)
}

/// The (name, count text) entries of an attribute spec "name1=m1;name2=m2": entries end at an
/// unescaped ";", a name at its entry's last unescaped "="; a backslash escapes the next character.
func attributeSpec(_ text: String) throws -> [(String, String)] {
    var entries: [(String, String)] = []
    var name = "", count = "", inCount = false, escaped = false
    func finish() throws {
        guard inCount else { throw InputError(message: "attributes: expected name=groups entries separated by ';'; got '\(name)'") }
        entries.append((name, count))
        name = ""
        count = ""
        inCount = false
    }
    for c in text {
        if escaped {
            if inCount { name += "=" + count; count = ""; inCount = false }
            name.append(c)
            escaped = false
        } else if c == "\\" {
            escaped = true
        } else if c == ";" {
            try finish()
        } else if c == "=" {
            if inCount { name += "=" + count; count = "" }
            inCount = true
        } else if inCount {
            count.append(c)
        } else {
            name.append(c)
        }
    }
    if escaped { name.append("\\") }
    if !name.isEmpty || inCount { try finish() }
    return entries
}

/// Ideal shares: 0 = the data's, 1 = uniform, 2 = the `groupCount` given values.
func idealShares(kind: Int32, given: UnsafePointer<Double>?, groupCount: Int) throws -> IdealShares {
    switch kind {
    case 0: return .data
    case 1: return .uniform
    case 2: return .given(try doubles(given, groupCount, "ideal"))
    default: throw InputError(message: "ideal kind \(kind) is not 0 (data), 1 (uniform) or 2 (given)")
    }
}

/// At most the cores available (``Parallelism/requested(_:)``); 0 or less: all of them.
func parallelism(_ threads: Int32) -> Parallelism { threads > 0 ? Parallelism.requested(Int(threads)).parallelism : .allCores }

/// The caller's limit (0 or less: the memory available), never above the process's or the
/// cgroup's hard limits (``MemoryBudget``).
func budget(_ bytes: Int64) -> Int? { MemoryBudget.bytes(requested: bytes > 0 ? Int(bytes) : nil) }

/// A Z matrix from the caller ((n - 1) x 4, row-major) as a checked dendrogram.
func dendrogram(_ z: UnsafePointer<Double>?, n: Int) throws -> Dendrogram {
    guard n >= 1 else { throw InputError(message: "a tree needs at least one leaf; got n = \(n)") }
    let values = try doubles(z, 4 * (n - 1), "Z")
    var merges: [Merge] = []
    merges.reserveCapacity(n - 1)
    for i in 0..<(n - 1) {
        let row = values[(4 * i)..<(4 * i + 4)]
        let a = row[row.startIndex], b = row[row.startIndex + 1], size = row[row.startIndex + 3]
        guard [a, b, size].allSatisfy({ $0.isFinite && $0 >= 0 && $0 == $0.rounded() && $0 < 1e15 }) else {
            throw InputError(message: "Z row \(i) is not a valid merge: ids and sizes must be non-negative integers")
        }
        merges.append(Merge(a: Int(a), b: Int(b), height: row[row.startIndex + 2], size: Int(size)))
    }
    return try Dendrogram(leafCount: n, merges: merges)
}

/// Writes a dendrogram as scipy's Z into `(n - 1) x 4` doubles.
func write(_ tree: Dendrogram, to out: UnsafeMutablePointer<Double>?) throws {
    guard let out else { throw InputError(message: "Z output buffer is missing") }
    for (i, m) in tree.merges.enumerated() {
        out[4 * i] = Double(m.a)
        out[4 * i + 1] = Double(m.b)
        out[4 * i + 2] = m.height
        out[4 * i + 3] = Double(m.size)
    }
}

/// Copies `values` into a caller buffer (if given).
func write(_ values: [Double], to out: UnsafeMutablePointer<Double>?) {
    guard let out else { return }
    for (i, v) in values.enumerated() { out[i] = v }
}
