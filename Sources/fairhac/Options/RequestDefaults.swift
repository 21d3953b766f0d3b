import FairHACCore

/// The core's default of a request parameter, for an option's help: " (default: average)". The
/// options that set request parameters have no default of their own (`nil`: not given), so the
/// request is the one source of defaults and "was it given" is decided by presence.
func requestDefault(_ key: ClusteringRequest.Key) -> String {
    ClusteringRequest.defaultValue(key).map { " (default: \($0))" } ?? ""
}

/// The request's default value of a non-optional field, for options shared with commands that do
/// not build a request (tune, reproduce).
var requestDefaults: ClusteringRequest { ClusteringRequest.defaults }
