/// How a front end spells the request's parameters in messages: the core writes every check,
/// note and warning once, and names parameters the way the reader typed them (`--alpha` on the
/// command line, `alpha` in Python).
public enum ParameterSpelling: String, Sendable, Codable, CaseIterable {
    /// `fairhac cluster`'s options: `-k`, `--max-quality-loss`.
    case cli
    /// The request's own keys, as the Python package and the C ABI take them: `n_clusters`,
    /// `max_quality_loss`.
    case api

    /// The parameter's name: `--micro-clusters` or `micro_clusters`.
    public func name(_ key: ClusteringRequest.Key) -> String {
        switch self {
        case .api: return key.rawValue
        case .cli:
            switch key {
            case .nClusters: return "-k"
            case .b: return "-b"
            case .d: return "-d"
            case .nJobs: return "--threads"
            case .computeQuality: return "--no-quality"
            default: return "--" + key.rawValue.replacingUnderscores
            }
        }
    }

    /// A parameter with a value: `--form exact` or `form='exact'`.
    public func setting(_ key: ClusteringRequest.Key, _ value: String) -> String {
        switch self {
        case .cli: return "\(name(key)) \(value)"
        case .api: return "\(name(key))='\(value)'"
        }
    }

    /// A flag turned on: `--force` or `force=True`.
    public func flag(_ key: ClusteringRequest.Key) -> String {
        switch self {
        case .cli: return name(key)
        case .api: return "\(name(key))=True"
        }
    }

    /// How to ask for a method: `--fair` / `--method afhac-v`, or `method='fhac'`.
    public func method(_ method: ClusteringMethod) -> String {
        switch self {
        case .cli: return method == .fhac ? "--fair" : "--method \(method.rawValue)"
        case .api: return "method='\(method.rawValue)'"
        }
    }

    /// Where the result records which method ran.
    public var methodRecord: String {
        switch self {
        case .cli: return "method \"vanilla\" in summary.json"
        case .api: return "auto_['used'] == 'vanilla'"
        }
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
