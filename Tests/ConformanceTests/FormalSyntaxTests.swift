import Testing
@testable import Conformance
import SpecModel

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
        #expect(FormalSyntax.updates(ofText: Self.header) == [2683])
        #expect(FormalSyntax.updates(ofText: "Updates: 3501, 7162 (if approved)    J. Doe") == [3501, 7162])
    }

    /// A document of one section whose keyword sentences are two of RFC 7162 §3.1's, under
    /// `header`.
    static func restating(_ header: String) -> String {
        let sentences = Registry.all.filter { $0.rfc == 7162 && $0.section == "3.1" && $0.spelling == .upperCase }
        return header + "\n\n3.1.  Restated\n\n   The server MUST do one thing.  The client MUST NOT do another.\n"
            + "   \(sentences.count) statements are registered here.\n"
    }

    @Test("the registry compared with: own RFC, else one obsoleted, else one updated (nothing removed), else none")
    func registryChoice() {
        let none = DraftValidation.validate(text: Self.restating("Internet-Draft"), base: [])
        #expect(none.registryRFC == nil && none.registryRelation == .unrelated)
        #expect(none.normative.count(.removed) == 0 && none.normative.count(.unregistered) == 2)
        #expect(none.normative.entries.allSatisfy { $0.documentID?.hasPrefix("3.1#") == true })

        let updates = DraftValidation.validate(text: Self.restating("Updates: 7162 (if approved)   J. Doe"), base: [])
        #expect(updates.registryRFC == 7162 && updates.registryRelation == .updates)
        #expect(updates.normative.count(.removed) == 0)
        #expect(updates.normative.count(.new) + updates.normative.count(.changed) == 2)

        let obsoletes = DraftValidation.validate(text: Self.restating("Obsoletes: 7162 (if approved)   J. Doe"), base: [])
        #expect(obsoletes.registryRFC == 7162 && obsoletes.registryRelation == .obsoletes)
        #expect(obsoletes.normative.count(.removed) > 100)

        let chosen = DraftValidation.validate(text: Self.restating("Internet-Draft"), base: [], registryRFC: 7162)
        #expect(chosen.registryRFC == 7162 && chosen.registryRelation == .chosen)
        #expect(chosen.normative.count(.removed) == obsoletes.normative.count(.removed))
    }

    @Test("a document that obsoletes RFC 3501 is read without it; others over RFC 3501 and RFC 4466 first; nor over what the RFCs it obsoletes or updates obsoleted")
    func base() {
        let available: Set<Int> = [3501, 4466, 4551, 5162, 5161, 7162]
        #expect(DraftValidation.baseRFCs(forText: Self.header + "\n[RFC5161] and RFC 4551", available: available) == [3501, 4466, 5161])
        #expect(DraftValidation.baseRFCs(forText: "Obsoletes: 3501\n[RFC4466]", available: available) == [])
        // RFC 3501 itself is not read over RFC 4466, which came later and updates it.
        #expect(DraftValidation.baseRFCs(forText: "Request for Comments: 3501\n[RFC4466]", available: available) == [])
        // A draft that obsoletes or updates RFC 7162 is not read over RFC 4551 and 5162, which 7162
        // obsoleted, however its history cites them.
        let history = "\n[RFC5161], [RFC4551] and [RFC5162]"
        let obsoletes: (Int) -> [Int] = { $0 == 7162 ? [4551, 5162] : [] }
        #expect(DraftValidation.baseRFCs(forText: "Obsoletes: 7162" + history, available: available, obsoletes: obsoletes) == [3501, 4466, 5161])
        #expect(DraftValidation.baseRFCs(forText: "Updates: 7162" + history, available: available, obsoletes: obsoletes) == [3501, 4466, 5161])
        #expect(DraftValidation.baseRFCs(forText: "Updates: 7162" + history, available: available) == [3501, 4466, 4551, 5161, 5162])
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
