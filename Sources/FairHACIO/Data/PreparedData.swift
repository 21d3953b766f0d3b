import FairHACCore

/// Observations ready for clustering, with what was done to get them.
public struct PreparedData: Sendable {
    public var source: String
    /// Scaled features of the kept rows.
    public var observations: Observations
    public var featureNames: [String]
    /// Groups of the kept rows by the first group column, when one was given.
    public var groups: GroupAssignment? { attributeGroups.first }
    /// Groups of the kept rows by each group column, in the options' order.
    public var attributeGroups: [GroupAssignment]
    /// The group columns' names, in the same order.
    public var attributeNames: [String]
    /// 0-based data-row index (after the header) of each kept row, in input order.
    public var rowIndices: [Int]
    /// Number of data rows in the table.
    public var totalRows: Int
    /// Rows dropped for missing or invalid cells (`--drop-missing`).
    public var droppedRows: Int
    /// Columns left out of the default feature set because they are not numeric.
    public var nonNumericColumns: [String]
    /// Features that were constant (only centred by z-scoring).
    public var constantFeatures: [String]
    /// How the scaled features map back to the file's units (for the clusters' feature means).
    public var featureUnits: FeatureUnits
    /// What the user should know about the table as read: names the header repeats and how they
    /// were renamed, columns asked for by a repeated name.
    public var notes: [String] = []
}
