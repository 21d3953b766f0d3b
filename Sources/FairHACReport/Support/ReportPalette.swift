/// The report's colours. Every view takes its colours from here, so a cluster, a group or a
/// series has the same colour in every view of a page.
public enum ReportPalette {
    /// Categorical colours for clusters, indexed by the cluster label of
    /// `Dendrogram.labels(clusterCount:)` (Tableau 10); labels past 9 wrap around.
    public static let clusters = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    /// Categorical colours for protected groups, indexed by group id (Okabe–Ito, colour-blind
    /// safe, a different set from ``clusters``); ids past 7 wrap around.
    public static let groups = [
        "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#555555",
    ]

    /// Colours for the series of line and bar charts (methods such as vanilla and fair): twelve
    /// distinct ones, so that `fairhac reproduce`'s ten methods (vanilla, four FHAC rows, makefair,
    /// four AFHAC rows) never share a colour.
    public static let series = [
        "#6b6b6b", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf",
        "#e377c2", "#bcbd22", "#1a2a6c", "#98df8a",
    ]

    /// Colour of cluster `label`.
    public static func cluster(_ label: Int) -> String { clusters[wrapping(label, clusters.count)] }
    /// Colour of group `id`.
    public static func group(_ id: Int) -> String { groups[wrapping(id, groups.count)] }
    /// Colour of series `index`.
    public static func series(_ index: Int) -> String { series[wrapping(index, series.count)] }

    /// Colour of a deviation from the ideal shares, `t` in [0, 1]: light grey-blue at 0
    /// (proportional), through orange, to dark red at 1.
    public static func deviation(_ t: Double) -> String {
        interpolate([(0x9d, 0xb4, 0xcc), (0xe0, 0x8e, 0x3c), (0x8b, 0x11, 0x11)], t)
    }

    /// A sequential colour for heat maps, `t` in [0, 1]: pale yellow at 0 to dark blue at 1
    /// (the heat map puts the best values at 1).
    public static func sequential(_ t: Double) -> String {
        interpolate([(0xff, 0xf7, 0xc4), (0x7f, 0xcd, 0xbb), (0x2c, 0x7f, 0xb8), (0x25, 0x34, 0x94)], t)
    }

    /// Black or white, whichever reads better on `background` (a `#rrggbb` colour).
    public static func textColor(on background: String) -> String {
        guard let (r, g, b) = rgb(background) else { return "#000" }
        let luminance = 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)
        return luminance > 150 ? "#000" : "#fff"
    }

    private static func wrapping(_ i: Int, _ count: Int) -> Int { ((i % count) + count) % count }

    private static func rgb(_ hex: String) -> (Int, Int, Int)? {
        let digits = Array(hex.utf8.dropFirst())
        guard hex.hasPrefix("#"), digits.count == 6 else { return nil }
        func value(_ c: UInt8) -> Int? {
            switch c {
            case 48...57: Int(c) - 48
            case 97...102: Int(c) - 87
            case 65...70: Int(c) - 55
            default: nil
            }
        }
        var v = [Int]()
        for i in stride(from: 0, to: 6, by: 2) {
            guard let hi = value(digits[i]), let lo = value(digits[i + 1]) else { return nil }
            v.append(hi * 16 + lo)
        }
        return (v[0], v[1], v[2])
    }

    private static func interpolate(_ stops: [(Int, Int, Int)], _ t: Double) -> String {
        let t = t.isFinite ? min(1, max(0, t)) : 0
        let position = t * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(position))
        let f = position - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        func mix(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * f).rounded()) }
        return hex(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    private static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [r, g, b] {
            s.append(digits[v / 16])
            s.append(digits[v % 16])
        }
        return s
    }
}
