import Testing
@testable import FairHACReport

@Suite struct EscapeXMLTests {
    @Test func escapingCoversMarkupCharacters() {
        #expect(escapeXML(#"a<b & "c" 'd'>"#) == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        // Characters XML 1.0 forbids become spaces; tab and newline stay.
        #expect(escapeXML("a\u{1}b\u{FFFE}c\u{FFFF}d\te\n") == "a b c d\te\n")
    }
}
