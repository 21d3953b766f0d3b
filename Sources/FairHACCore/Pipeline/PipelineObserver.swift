/// How a front end follows a run: stage lines and progress bars (the CLI draws them on a
/// terminal), notices to show at once (a note, a warning), and a stop request.
public struct PipelineObserver: Sendable {
    /// A stage starts ("fairlets and the tree over them…").
    public var stage: @Sendable (String) -> Void
    /// A progress callback for a long loop with this label and unit, or `nil` for none.
    public var progress: @Sendable (_ label: String, _ unit: String) -> MergeProgress?
    /// Something the user should read now rather than at the end (the form the run takes).
    public var notice: @Sendable (ClusteringOutcome.Notice) -> Void
    /// Looked at by every loop; set it to stop the run (it then throws ``ClusteringError/cancelled``).
    public var cancellation: Cancellation?
    /// The search for the recommended setting (`auto`, tuning): points done, best so far, time
    /// left; called at most ten times a second, and at each phase's start and end.
    public var search: @Sendable (SearchProgress) -> Void = { _ in }

    public init(
        stage: @escaping @Sendable (String) -> Void = { _ in },
        progress: @escaping @Sendable (_ label: String, _ unit: String) -> MergeProgress? = { _, _ in nil },
        notice: @escaping @Sendable (ClusteringOutcome.Notice) -> Void = { _ in },
        cancellation: Cancellation? = nil, search: @escaping @Sendable (SearchProgress) -> Void = { _ in }
    ) {
        self.stage = stage
        self.progress = progress
        self.notice = notice
        self.cancellation = cancellation
        self.search = search
    }

    /// Nothing shown, nothing stopped.
    public static let silent = PipelineObserver()
}
