import Testing
@testable import Conformance

/// The document facts that choose the base grammar.
@Suite("Formal syntax - header and section")
struct FormalSyntaxTests {
    static let header = """
        Internet Engineering Task Force (IETF)                       A. Melnikov
        Request for Comments: 7162                                     Isode Ltd
        Obsoletes: 4551, 5162                                        D. Cridland
        Updates: 2683                                               Surevine Ltd
        """

    @Test("RFC number and obsoleted RFCs come from the header, not its right-hand column")
    func header() {
        #expect(FormalSyntax.rfcNumber(ofText: Self.header) == 7162)
        #expect(FormalSyntax.obsoletes(ofText: Self.header) == [4551, 5162])
        #expect(FormalSyntax.obsoletes(ofText: "Obsoletes: 7162 (if approved)     J. Doe") == [7162])
        #expect(FormalSyntax.rfcNumber(ofText: "Internet-Draft") == nil)
    }

    @Test("a document that obsoletes RFC 3501 is read without it; others over RFC 3501 and RFC 4466 first")
    func base() {
        let available: Set<Int> = [3501, 4466, 4551, 5162, 5161, 7162]
        #expect(DraftValidation.baseRFCs(forText: Self.header + "\n[RFC5161] and RFC 4551", available: available) == [3501, 4466, 5161])
        #expect(DraftValidation.baseRFCs(forText: "Obsoletes: 3501\n[RFC4466]", available: available) == [])
        // RFC 3501 itself is not read over RFC 4466, which came later and updates it.
        #expect(DraftValidation.baseRFCs(forText: "Request for Comments: 3501\n[RFC4466]", available: available) == [])
    }

    @Test("the Formal Syntax section and its subsections hold the rules; other sections do not")
    func section() {
        let text = """
            6.  Something Else

               not-a-rule = "X"

            7.  Formal Syntax

               a = "A"

            7.1.  More

               b = "B"

            8.  Security Considerations

               c = "C"
            """
        let syntax = FormalSyntax(text: text)
        #expect(syntax.section == "7")
        #expect(syntax.definitions.map(\.name) == ["a", "b"])
        #expect(syntax.definitions.map(\.line) == [7, 11])
    }

    @Test("every formal syntax in the spec sources reads without an unreadable definition",
          arguments: [3501, 4466, 4551, 5162, 7162, 9051])
    func corpus(rfc: Int) {
        guard SpecSources.available, let text = SpecSources.text(rfc: rfc) else { return }
        let syntax = FormalSyntax(text: text)
        #expect(syntax.section != nil)
        #expect(syntax.errors.isEmpty, "\(syntax.errors)")
        #expect(syntax.definitions.count > 10)
    }
}
