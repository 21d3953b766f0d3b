import Foundation
import Testing

/// Issue 31: a newcomer's own table as it comes, clusters a person can read, wording that does
/// not mislead.
@Suite("A newcomer's first fair clustering", .serialized)
struct NewcomerCLITests {
    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    /// A COMPAS-like table: `priors_count` twice (equal copies), text columns, two groups.
    static func writeCompasLike(_ dir: URL, rows: Int = 120) throws -> String {
        var text = "id,sex,age,priors_count,race,priors_count,score\n"
        for i in 0..<rows {
            let young = i % 3 == 0
            let age = young ? 20 + i % 7 : 40 + i % 23
            let priors = young ? 5 + i % 4 : i % 2
            text += "\(i),\(i % 4 == 0 ? "Female" : "Male"),\(age),\(priors),\(i % 5 < 2 ? "A" : "B"),\(priors),\(Double(i % 10) / 2)\n"
        }
        let path = dir.appendingPathComponent("compas-like.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a header with a repeated name is read as pandas reads it; the repeated name takes the first copy and says so")
    func repeatedHeader() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeCompasLike(dir)
        let out = dir.appendingPathComponent("o").path
        let r = try CLI.run(["cluster", input, "--features", "age,priors_count.1", "--group", "sex", "-k", "3", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("the header repeats 'priors_count' 2 times (columns 4 and 6), read as 'priors_count', 'priors_count.1'"), "\(r.stdout)")
        #expect(try Self.json(out + "/summary.json")["input"].flatMap { ($0 as? [String: Any])?["features"] as? [String] } == ["age", "priors_count.1"])
        let ambiguous = try CLI.run(["cluster", input, "--features", "age,priors_count", "--group", "sex", "-k", "3", "--out", out])
        #expect(ambiguous.status == 0, "\(ambiguous.stderr)")
        #expect(ambiguous.stdout.contains("--features 'priors_count': the header has 2 columns of that name (4 and 6); the first is used"))
        // Every numeric column by default: both copies, by their names.
        let all = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--out", out])
        #expect(all.status == 0, "\(all.stderr)")
        let features = try #require((try Self.json(out + "/summary.json")["input"] as? [String: Any])?["features"] as? [String])
        #expect(features == ["id", "age", "priors_count", "priors_count.1", "score"])
    }

    @Test("text in a feature column: the column, its count and the first cells are named")
    func textColumn() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeCompasLike(dir)
        let r = try CLI.run(["cluster", input, "--features", "age,race", "-k", "3", "--out", dir.appendingPathComponent("o").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("column 'race': 120 invalid (a text column: no cell is a number; a protected attribute goes in --group)"), "\(r.stderr)")
        #expect(r.stderr.contains("line 2 (data row 0), column 'race': 'A' is not a finite number"))
    }

    @Test("summary.json's clusters have feature means in the file's units; the console shows them for k <= 12")
    func featureMeans() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try Self.writeCompasLike(dir)
        let out = dir.appendingPathComponent("o").path
        let r = try CLI.run(["cluster", input, "--features", "age,score", "--group", "sex", "-k", "3", "--linkage", "ward", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try Self.json(out + "/summary.json")
        let clusters = try #require(summary["clusters"] as? [[String: Any]])
        // The means, from the file and labels.csv.
        let rows = try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let labels = try String(contentsOfFile: out + "/labels.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { Int($0.split(separator: ",")[1])! }
        for (c, cluster) in clusters.enumerated() {
            let means = try #require(cluster["feature_means"] as? [String: Double])
            let members = rows.indices.filter { labels[$0] == c }
            let age = members.map { Double(rows[$0][2])! }.reduce(0, +) / Double(members.count)
            let score = members.map { Double(rows[$0][6])! }.reduce(0, +) / Double(members.count)
            #expect(abs(means["age"]! - age) < 1e-9 && abs(means["score"]! - score) < 1e-9, "cluster \(c): \(means) vs \(age), \(score)")
        }
        #expect(r.stdout.contains("feature means by cluster (input units; also in summary.json):"), "\(r.stdout)")
        let table = r.stdout.split(separator: "\n").drop { !$0.hasPrefix("feature means") }.prefix(5).map(String.init)
        #expect(table.count == 5 && table[1].contains("cluster") && table[2].contains("size") && table[3].hasPrefix("  age"))
        let many = try CLI.run(["cluster", input, "--features", "age,score", "-k", "13", "--out", out])
        #expect(many.status == 0 && !many.stdout.contains("feature means by cluster"))
    }

    @Test("a plain run's unfair partition is not called fair; report: clusters in two dimensions, vanilla's own section")
    func wordingAndReport() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("v").path
        let plain = try CLI.run(["cluster", "--dataset", "bank", "--sample", "400", "--seed", "0", "-k", "4", "--linkage", "single", "--out", out])
        #expect(plain.status == 0, "\(plain.stderr)")
        let cut = try #require(try Self.json(out + "/summary.json")["fair_cut"] as? [String: Any])
        let alpha = try #require(cut["alpha"] as? Double)
        #expect(alpha > 0.1 && cut["fair"] as? Bool == false && cut["tolerance"] as? Double == 0.1)
        #expect(!plain.stdout.contains("fair up to") && plain.stdout.contains("not fair at k = 4: its largest deviation"), "\(plain.stdout)")

        let fairOut = dir.appendingPathComponent("f").path
        let fair = try CLI.run(["cluster", "--dataset", "bank", "--sample", "400", "--seed", "1", "-k", "4", "--fair", "-d", "1", "--report", "--out", fairOut])
        #expect(fair.status == 0, "\(fair.stderr)")
        let page = try String(contentsOfFile: fairOut + "/report.html", encoding: .utf8)
        for heading in ["<h2>Clusters</h2>", "<h2>Vanilla HAC&#39;s clusters</h2>", "<h2>Clusters in two dimensions</h2>"] {
            #expect(page.contains(heading), "report lacks \(heading)")
        }
        #expect(page.components(separatedBy: "class=\"projection-points\"").count - 1 == 2, "vanilla beside fair")
        #expect(page.contains("first principal component") && page.contains("marker shape"))
        #expect(page.contains("Vanilla HAC (average linkage, same data, k = 4)"))
        #expect(page.contains("What each cluster is: the mean of each feature"))
        #expect(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"))
    }

    @Test("the summarised form's micro-clusters: one number, or what each number is")
    func microClusterCount() throws {
        let dir = try CLI.temporaryDirectory()
        let input = try CLI.writeSample(dir, rows: 3000)
        let out = dir.appendingPathComponent("s").path
        let r = try CLI.run(["cluster", input, "--group", "sex", "-k", "3", "--form", "summarised", "--micro-clusters", "100", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let form = try #require(try Self.json(out + "/summary.json")["form"] as? [String: Any])
        let m = try #require(form["micro_clusters"] as? Int)
        let line = try #require((r.stdout + r.stderr).split(separator: "\n").first { $0.contains("summarised form: m = ") })
        #expect(line.contains("m = \(m) micro-clusters"))
        #expect(m == 100 || line.contains("the summariser's target was 100"), "\(line)")
    }
}
