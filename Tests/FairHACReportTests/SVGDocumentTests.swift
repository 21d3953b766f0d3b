import Testing
@testable import FairHACReport
