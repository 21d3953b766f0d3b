import FairHACCore
import FairHACIO

/// The numbers Chhabra & Mohapatra (2022) report (Tables I and II; their n and k are unknown).
enum PaperNumbers {
    struct Entry {
        var mfcVanilla: Double
        var mfcFHAC: Double
        var balanceVanilla: Double
        var balanceFHAC: Double
    }

    static func entry(_ d: BundledDataset, _ l: Linkage) -> Entry? {
        switch (d, l) {
        case (.census, .average): return Entry(mfcVanilla: 0.0853, mfcFHAC: 0.0853, balanceVanilla: 0.8865, balanceFHAC: 0.8865)
        case (.census, .complete): return Entry(mfcVanilla: 0.1806, mfcFHAC: 0.0853, balanceVanilla: 0.7599, balanceFHAC: 0.8865)
        case (.census, .single): return Entry(mfcVanilla: 1.248, mfcFHAC: 0.752, balanceVanilla: 0.0, balanceFHAC: 0.9385)
        case (.creditcard, .average): return Entry(mfcVanilla: 1.2439, mfcFHAC: 1.0, balanceVanilla: 0.0, balanceFHAC: 0.427)
        case (.creditcard, .complete): return Entry(mfcVanilla: 0.744, mfcFHAC: 0.60, balanceVanilla: 0.0, balanceFHAC: 0.7105)
        case (.creditcard, .single): return Entry(mfcVanilla: 1.5, mfcFHAC: 0.778, balanceVanilla: 0.0, balanceFHAC: 0.7959)
        case (.bank, .average): return Entry(mfcVanilla: 1.332, mfcFHAC: 0.6679, balanceVanilla: 0.0, balanceFHAC: 0.5567)
        case (.bank, .complete): return Entry(mfcVanilla: 1.332, mfcFHAC: 0.4457, balanceVanilla: 0.0, balanceFHAC: 0.3327)
        case (.bank, .single): return Entry(mfcVanilla: 1.332, mfcFHAC: 0.6653, balanceVanilla: 0.0, balanceFHAC: 0.8099)
        default: return nil
        }
    }

    /// The paper's Tables III and IV (average linkage): AFHAC-V and AFHAC-R (MFC, balance).
    static func afhac(_ d: BundledDataset, method: String) -> (mfc: Double, balance: Double)? {
        switch (d, method) {
        case (.creditcard, "afhac-v"): return (2.8505, 0.0)
        case (.creditcard, "afhac-r"): return (1.5825, 0.416)
        case (.census, "afhac-v"): return (4.0, 0.2)
        case (.census, "afhac-r"): return (4.0, 0.0)
        case (.bank, "afhac-v"): return (0.03648, 0.9474)
        case (.bank, "afhac-r"): return (2.0027, 0.0)
        default: return nil
        }
    }

    /// The paper's number for a reproduce row (vanilla, FHAC or AFHAC), if it has one.
    static func value(_ d: BundledDataset, _ l: Linkage, method: String, balance: Bool) -> Double? {
        if method.hasPrefix("afhac") {
            guard l == .average, let a = afhac(d, method: method) else { return nil }
            return balance ? a.balance : a.mfc
        }
        guard let e = entry(d, l) else { return nil }
        if method == "vanilla" { return balance ? e.balanceVanilla : e.mfcVanilla }
        return balance ? e.balanceFHAC : e.mfcFHAC
    }
}
