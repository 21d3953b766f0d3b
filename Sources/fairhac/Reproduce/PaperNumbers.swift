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
}
