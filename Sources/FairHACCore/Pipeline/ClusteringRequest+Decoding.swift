/// A request read from JSON (the C ABI's `fairhac_run`): every key is optional except
/// `n_clusters`, unknown keys are refused by name, and a value of the wrong type names its key
/// and what was expected.
extension ClusteringRequest: Decodable {
    public init(from decoder: any Decoder) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        let ignored = decoder.userInfo[Self.ignoredKeys] as? Set<String> ?? []
        if let unknown = all.allKeys.first(where: { Key(stringValue: $0.stringValue) == nil && !ignored.contains($0.stringValue) }) {
            throw ClusteringError.invalidRequest(
                "request: unknown parameter '\(unknown.stringValue)'; known: \(Key.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let c = try decoder.container(keyedBy: Key.self)
        func value<T: Decodable>(_ key: Key, _ what: String) throws -> T? {
            do {
                guard c.contains(key), try !c.decodeNil(forKey: key) else { return nil }
                return try c.decode(T.self, forKey: key)
            } catch {
                throw ClusteringError.invalidRequest("\(key.rawValue) must be \(what)\(Self.found(key, in: c))")
            }
        }
        func named<T: RawRepresentable & CaseIterable>(_ key: Key) throws -> T? where T.RawValue == String {
            guard let text: String = try value(key, "a string") else { return nil }
            guard let v = T(rawValue: text) else {
                throw ClusteringError.invalidRequest(
                    "\(key.rawValue) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'")
            }
            return v
        }
        guard let k: Int = try value(.nClusters, "an integer") else {
            throw ClusteringError.invalidRequest("request: n_clusters is required")
        }
        self.init(nClusters: k)
        method = try named(.method) ?? method
        linkage = try named(.linkage) ?? linkage
        metric = try named(.metric) ?? metric
        rule = try value(.rule, "a rule name such as gain or paper:strict")
        schedule = try named(.schedule) ?? schedule
        scheduleArg = try named(.scheduleArg) ?? scheduleArg
        scheduleA = try value(.scheduleA, "a number")
        b = try value(.b, "a number")
        scheduleC = try value(.scheduleC, "a number")
        d = try value(.d, "a number")
        ideal = try value(.ideal, "a string: data, uniform, shares such as 0.6,0.4, or ATTRIBUTE=data|uniform,...")
        implementation = try named(.implementation) ?? implementation
        force = try value(.force, "true or false") ?? force
        auto = try value(.auto, "true or false")
        autoObjective = try named(.autoObjective) ?? autoObjective
        autoRules = try value(.autoRules, "a list of rule names")
        search = try named(.search) ?? search
        gridB = try value(.gridB, "a list of numbers >= 0")
        gridD = try value(.gridD, "a list of numbers >= 0")
        maxQualityLoss = try value(.maxQualityLoss, "a number") ?? maxQualityLoss
        minClusterSize = try value(.minClusterSize, "an integer")
        alpha = try value(.alpha, "a number")
        ratio = try value(.ratio, "a string b:r")
        eps = try value(.eps, "a number")
        fairletSeed = try value(.fairletSeed, "an integer from 0 to 2^64 - 1")
        makefairVariant = try named(.makefairVariant)
        makefairH = try value(.makefairH, "an integer")
        makefairK = try value(.makefairK, "an integer")
        makefairEps = try value(.makefairEps, "a number")
        levelTolerance = try value(.levelTolerance, "a number") ?? levelTolerance
        form = try named(.form) ?? form
        microClusters = try value(.microClusters, "an integer")
        summarySeed = try value(.summarySeed, "an integer from 0 to 2^64 - 1") ?? summarySeed
        hacForm = try named(.hacForm) ?? hacForm
        precision = try named(.precision) ?? precision
        groupMode = try named(.groupMode) ?? groupMode
        mergeRare = try value(.mergeRare, "true or false") ?? mergeRare
        rareFloor = try value(.rareFloor, "a number") ?? rareFloor
        computeQuality = try value(.computeQuality, "true or false") ?? computeQuality
        if let text: String = try? value(.memoryLimit, "") {
            guard let bytes = MemoryBudget.parseSize(text) else {
                throw ClusteringError.invalidRequest(
                    "memory_limit: '\(text)' is not a size; expected a positive size of at most 4 EiB such as 512M or 8G (or a number of bytes)")
            }
            memoryLimit = bytes
        } else {
            memoryLimit = try value(.memoryLimit, "a number of bytes or a size such as 8G")
        }
        nJobs = try value(.nJobs, "an integer")
    }

    /// What the JSON holds at `key`, for a message: "; got 2.5 (not a whole number)".
    private static func found(_ key: Key, in c: KeyedDecodingContainer<Key>) -> String {
        if let v = try? c.decode(Bool.self, forKey: key) { return "; got \(v)" }
        if let v = try? c.decode(Int.self, forKey: key) { return "; got \(v)" }
        if let v = try? c.decode(Double.self, forKey: key) {
            if v == v.rounded() && abs(v) >= 0x1p63 { return "; got \(v), too large (whole numbers are at most 2^63 - 1)" }
            return "; got \(v)" + (v == v.rounded() ? "" : " (not a whole number)")
        }
        if let v = try? c.decode(String.self, forKey: key) {
            let shown = v.count > 40 ? String(v.prefix(40)) + "..." : v
            return "; got the text \"\(shown)\""
        }
        if (try? c.decode([String].self, forKey: key)) != nil { return "; got a list" }
        return ""
    }
    /// Keys a front end's JSON carries beside the request (a `Set<String>` in the decoder's
    /// `userInfo`), which are not the request's and are not refused as unknown.
    public static let ignoredKeys = CodingUserInfoKey(rawValue: "fairhac.ignoredRequestKeys")!

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
