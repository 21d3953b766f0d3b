import FairHACCore
import Foundation

/// The datasets shipped with FairHAC, with the features and protected groups of
/// Chhabra & Mohapatra (2022), section 6 of the project's FHAC definition.
public enum BundledDataset: String, CaseIterable, Sendable {
    /// UCI Adult: age, fnlwgt, education-num, capital-gain, hours-per-week; groups by sex.
    case census
    /// UCI Default of Credit Card Clients: AGE, BILL_AMT1..6, LIMIT_BAL, PAY_AMT1..6; groups by
    /// EDUCATION: graduate school (<= 1), university (2), high school (3), others (>= 4).
    case creditcard
    /// UCI Bank Marketing (bank.csv): age, balance, duration; groups by marital status.
    case bank

    /// File name inside the bundle.
    public var fileName: String {
        switch self {
        case .census: return "adult.csv"
        case .creditcard: return "default_of_credit_card_clients.csv"
        case .bank: return "bank.csv"
        }
    }

    public var delimiter: Character { self == .bank ? ";" : "," }

    public var features: [String] {
        switch self {
        case .census: return ["age", "fnlwgt", "education-num", "capital-gain", "hours-per-week"]
        case .creditcard:
            return ["AGE"] + (1...6).map { "BILL_AMT\($0)" } + ["LIMIT_BAL"] + (1...6).map { "PAY_AMT\($0)" }
        case .bank: return ["age", "balance", "duration"]
        }
    }

    public var groupColumn: String {
        switch self {
        case .census: return "sex"
        case .creditcard: return "EDUCATION"
        case .bank: return "marital"
        }
    }

    public var groupBins: GroupBins? { self == .creditcard ? Self.educationBins : nil }

    /// The paper's EDUCATION groups: "graduate school=<=1,university=2,high school=3,others=>=4".
    static let educationBins = GroupBins([
        .init(name: "graduate school", rule: .atMost(1)), .init(name: "university", rule: .exactly(2)),
        .init(name: "high school", rule: .exactly(3)), .init(name: "others", rule: .atLeast(4)),
    ])
    /// UCI's SEX codes: "male=1,female=2".
    static let sexBins = GroupBins([.init(name: "male", rule: .exactly(1)), .init(name: "female", rule: .exactly(2))])
    /// Bank's age band: "under 30=<30,30-44=30..44,45-59=45..59,60 and over=>=60".
    static let ageBins = GroupBins([
        .init(name: "under 30", rule: .below(30)), .init(name: "30-44", rule: .range(30, 44)),
        .init(name: "45-59", rule: .range(45, 59)), .init(name: "60 and over", rule: .atLeast(60)),
    ])

    /// The protected attributes the dataset offers, from its own columns, the paper's first
    /// (spec section 9): census sex and race; creditcard EDUCATION (binned) and SEX
    /// (UCI codes 1 = male, 2 = female); bank marital status and an age band.
    /// `--dataset X --group a,b` picks among them (another column is taken as it is).
    public var protectedColumns: [DataOptions.GroupColumn] {
        switch self {
        case .census: return [.init(name: "sex"), .init(name: "race")]
        case .creditcard:
            return [.init(name: "EDUCATION", bins: groupBins), .init(name: "SEX", bins: Self.sexBins)]
        case .bank:
            return [
                .init(name: "marital"),
                .init(name: "age", bins: Self.ageBins),
            ]
        }
    }

    /// The dataset's citation.
    public var citation: String {
        switch self {
        case .census:
            return "Becker, B. & Kohavi, R. (1996). Adult [Dataset]. UCI Machine Learning Repository. https://doi.org/10.24432/C5XW20 (CC BY 4.0)"
        case .creditcard:
            return "Yeh, I-C. (2009). Default of Credit Card Clients [Dataset]. UCI Machine Learning Repository. https://doi.org/10.24432/C55S3H (CC BY 4.0)"
        case .bank:
            return "Moro, S., Rita, P., & Cortez, P. (2014). Bank Marketing [Dataset]. UCI Machine Learning Repository. https://doi.org/10.24432/C5K306 (CC BY 4.0)"
        }
    }

    /// Path of the bundled file.
    public var path: String {
        get throws {
            guard let url = Bundle.module.url(forResource: fileName, withExtension: nil, subdirectory: "Data") else {
                throw DataError("the bundled dataset '\(rawValue)' (\(fileName)) is missing from this installation")
            }
            return url.path
        }
    }

    /// Reads the table.
    public func table() throws -> DelimitedTable {
        let t = try DelimitedTable.read(path: try path, delimiter: delimiter)
        return DelimitedTable(source: "\(rawValue) (\(fileName))", header: t.header, rows: t.rows, lines: t.lines)
    }

    /// The data options of the paper's experiments, with the caller's scaling and sampling.
    public func options(scaling: FeatureScaling = .zscore, sample: Int? = nil, seed: UInt64 = 0) -> DataOptions {
        DataOptions(features: features, group: groupColumn, groupBins: groupBins, scaling: scaling, sample: sample, seed: seed)
    }
}
