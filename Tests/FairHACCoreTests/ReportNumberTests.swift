import Testing
import FairHACCore

@Suite struct ReportNumberTests {
    @Test func fixedRoundsHalfAwayFromZeroWithPadding() {
        #expect(ReportNumber.fixed(0.125, decimals: 2) == "0.13")
        #expect(ReportNumber.fixed(-0.125, decimals: 2) == "-0.13")
        #expect(ReportNumber.fixed(3, decimals: 3) == "3.000")
        #expect(ReportNumber.fixed(0.05, decimals: 3) == "0.050")
        #expect(ReportNumber.fixed(1234.5, decimals: 0) == "1235")
        #expect(ReportNumber.fixed(-0.0001, decimals: 2) == "0.00")  // no "-0.00"
        #expect(ReportNumber.fixed(.nan, decimals: 2) == "NaN")
        #expect(ReportNumber.fixed(-.infinity, decimals: 2) == "-inf")
    }

    @Test func compactDropsTrailingZeros() {
        #expect(ReportNumber.compact(12.5) == "12.5")
        #expect(ReportNumber.compact(3.0) == "3")
        #expect(ReportNumber.compact(-0.001) == "0")
        #expect(ReportNumber.compact(0.00005, maxDecimals: 6) == "0.00005")
    }
}
