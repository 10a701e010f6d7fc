import Testing
@testable import SpecModel

@Suite("NormativeText extractor - page furniture, sentences, ordinals (RFC 2119, RFC 8174)")
struct NormativeTextTests {
    struct FurnitureCase: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [String]
        var expected: [String]
        var testDescription: String { name }
    }

    static let furniture: [FurnitureCase] = [
        FurnitureCase(
            name: "RFC page break inside a paragraph joins the paragraph",
            input: [
                "   The server MUST guarantee that each STORE",
                "   command performed (including simultaneous stores", "", "", "",
                "Melnikov & Cridland          Standards Track                    [Page 5]",
                "\u{0C}",
                "RFC 7162                IMAP CONDSTORE & QRESYNC                May 2014", "", "",
                "   to different metadata items) will differ.",
            ],
            expected: [
                "   The server MUST guarantee that each STORE",
                "   command performed (including simultaneous stores",
                "   to different metadata items) will differ.",
            ]
        ),
        FurnitureCase(
            name: "page break after a finished sentence keeps one blank line",
            input: [
                "   First paragraph ends here.", "",
                "Crispin                     Standards Track                     [Page 2]",
                "\u{0C}RFC 3501                         IMAPv4                       March 2003", "",
                "   Second paragraph.",
            ],
            expected: ["   First paragraph ends here.", "", "   Second paragraph."]
        ),
        FurnitureCase(
            name: "Internet-Draft header and Expires footer",
            input: [
                "   Text before",
                "Melnikov                Expires November 2, 2020                [Page 5]",
                "\u{0C}",
                "Internet-Draft          IMAP CONDSTORE & QRESYNC               May 2020",
                "   and after.",
            ],
            expected: ["   Text before", "   and after."]
        ),
        FurnitureCase(
            name: "byte order mark, CRLF and trailing blank lines go; ordinary text stays",
            input: ["\u{FEFF}RFC 7162 is cited here, not a header.\r", "   [Page 3] is not a footer either", "", ""],
            expected: ["RFC 7162 is cited here, not a header.", "   [Page 3] is not a footer either"]
        ),
    ]

    @Test("page furniture is removed", arguments: furniture)
    func pageFurniture(_ c: FurnitureCase) {
        #expect(NormativeText.stripPageFurniture(c.input.joined(separator: "\n")) == c.expected)
    }

    struct SplitCase: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: [String]
        var testDescription: String { String(input.prefix(40)) }
    }

    static let splits: [SplitCase] = [
        SplitCase(input: "One MUST go. Two MAY stay.", expected: ["One MUST go.", "Two MAY stay."]),
        SplitCase(
            input: "Flags change (i.e., the flag is added), e.g. Foo. Next one.",
            expected: ["Flags change (i.e., the flag is added), e.g. Foo.", "Next one."]
        ),
        SplitCase(
            input: "See Section 3.1.2.2 for details. See Section 3.1. Then more.",
            expected: ["See Section 3.1.2.2 for details.", "See Section 3.1.", "Then more."]
        ),
        SplitCase(
            input: "It ends with a quote \"3:9.\" Then (this.) And [RFC3501].",
            expected: ["It ends with a quote \"3:9.\"", "Then (this.)", "And [RFC3501]."]
        ),
        SplitCase(input: "before <x>. <y> can be one of them.", expected: ["before <x>.", "<y> can be one of them."]),
        SplitCase(input: "lower case. after a period stays one sentence", expected: ["lower case. after a period stays one sentence"]),
        SplitCase(input: "No final period", expected: ["No final period"]),
    ]

    @Test("sentences split at terminal punctuation, not at abbreviations or section numbers", arguments: splits)
    func sentenceSplitting(_ c: SplitCase) {
        #expect(NormativeText.sentences(inUnit: c.input) == c.expected)
    }

    static let section = """
    3.1.3.  STORE and UID STORE Commands

       A server MUST do one thing.  Plain text
       with a mod-
       sequence.  Servers SHOULD NOT do
       another, and MAY do a third; this is one sentence.

       C: a1 STORE 1 (UNCHANGEDSINCE 5) +FLAGS (\\Deleted)
           continuation MUST not count
       S: a1 OK MUST not count either

                                    Example 3

       o  a list item that MUST count alone
       o  another item

       The client must do a lower-case thing.

    3.1.3.1.  Sub

       The subsection MUST start its own count.
    """

    @Test("sections, units and ordinals follow the ID rule")
    func ordinals() {
        let sections = NormativeText.sections(ofText: Self.section)
        #expect(sections.map(\.number) == ["3.1.3", "3.1.3.1"])
        #expect(sections.first?.title == "STORE and UID STORE Commands")
        let found = NormativeText.keywordSentences(rfc: 7162, section: sections[0])
        #expect(found.map(\.id) == ["R7162-3.1.3#1", "R7162-3.1.3#2", "R7162-3.1.3#3"])
        #expect(found.map(\.level) == [.must, .shouldNot, .must])
        #expect(found[1].text == "Servers SHOULD NOT do another, and MAY do a third; this is one sentence.")
        #expect(found[1].keywords == [.shouldNot, .may])
        #expect(found[2].text == "o a list item that MUST count alone")
        #expect(NormativeText.sentences(in: sections[0]).contains("Plain text with a mod-sequence."))
        #expect(NormativeText.sentences(in: sections[0]).contains("The client must do a lower-case thing."))
        let sub = NormativeText.keywordSentences(rfc: 7162, section: sections[1])
        #expect(sub.map(\.id) == ["R7162-3.1.3.1#1"])
    }

    struct HeadingCase: Sendable, CustomTestStringConvertible {
        var line: String
        var number: String?
        var testDescription: String { line }
    }

    static let headings: [HeadingCase] = [
        HeadingCase(line: "3.2.5.1.  Modification Sequence and UID Parameters", number: "3.2.5.1"),
        HeadingCase(line: "6.  Updated Synchronization Sequence", number: "6"),
        HeadingCase(line: "2.3.1.1.        Unique Identifier (UID) Message Attribute", number: "2.3.1.1"),
        HeadingCase(line: "3.2 Old Style Heading", number: "3.2"),
        HeadingCase(line: "Appendix A.  Changes since RFC 4551", number: "A"),
        HeadingCase(line: "A.1.  Sub appendix", number: "A.1"),
        HeadingCase(line: "Appendix D.  63-Bit Body Part and Message Sizes", number: "D"),
        HeadingCase(line: "   3.1.  Indented table of contents line", number: nil),
        HeadingCase(line: "2014 was a year", number: nil),
        HeadingCase(line: "ISSN: 2070-1721", number: nil),
        HeadingCase(line: "3.1 lower-case title is prose", number: nil),
    ]

    @Test("heading lines are recognised", arguments: headings)
    func headingLines(_ c: HeadingCase) {
        #expect(NormativeText.heading(c.line)?.0 == c.number)
    }

    @Test("keywords are whole upper-case words; MUST NOT and NOT RECOMMENDED are single keywords")
    func keywords() {
        #expect(NormativeText.keywords(in: "It MUST NOT and MUSTER must not") == [.mustNot])
        #expect(NormativeText.keywords(in: "NOT RECOMMENDED, RECOMMENDED, OPTIONAL.") == [.notRecommended, .recommended, .optional])
        #expect(NormativeText.keywords(in: "May 2014, the MAY-be \"SHALL\"") == [.may, .shall])
        #expect(NormativeText.keywords(in: "no keywords here: must should may").isEmpty)
    }

    struct FingerprintCase: Sendable, CustomTestStringConvertible {
        var input: String
        var hex: String
        var testDescription: String { input.isEmpty ? "(empty)" : input }
    }

    /// FNV-1a 64 reference values (Fowler, Noll, Vo test vectors for "", "a", "foobar").
    static let fingerprints: [FingerprintCase] = [
        FingerprintCase(input: "", hex: "cbf29ce484222325"),
        FingerprintCase(input: "a", hex: "af63dc4c8601ec8c"),
        FingerprintCase(input: "foobar", hex: "85944171f73967e8"),
        FingerprintCase(input: "  foobar \n", hex: "85944171f73967e8"),
    ]

    @Test("fingerprint is FNV-1a 64 of the whitespace-normalised sentence", arguments: fingerprints)
    func fingerprint(_ c: FingerprintCase) {
        #expect(NormativeText.fingerprint(c.input) == c.hex)
    }

    @Test("fingerprint ignores line breaks and indentation but not words")
    func fingerprintNormalisation() {
        let a = NormativeText.fingerprint("The server MUST\n   send it.")
        #expect(a == NormativeText.fingerprint("The server MUST send it."))
        #expect(a != NormativeText.fingerprint("The server MUST NOT send it."))
    }
}
