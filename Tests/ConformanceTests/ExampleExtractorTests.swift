import Testing
@testable import Conformance

/// Reading examples out of plain-text RFCs: the layouts of RFC 4551, RFC 5162 and RFC 7162.
@Suite("Example extraction - RFC plain text")
struct ExampleExtractorTests {
    /// A one-section document around `body` (lines are numbered from 1: the heading is line 1).
    static func examples(_ body: [String]) -> [DocumentExample] {
        ExampleExtractor.examples(ofText: (["3.1.  A Section", ""] + body).joined(separator: "\n"))
    }

    @Test("wrapped lines are joined and keep the line where they start")
    func wrapped() throws {
        let found = Self.examples([
            "   C: a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045)",
            "       +FLAGS.SILENT (\\Deleted)",
            "   S: * 1 FETCH (UID 4 MODSEQ (12121231000))",
            "   S: a103 OK Conditional Store completed",
        ])
        let e = try #require(found.first)
        #expect(found.count == 1)
        #expect(e.section == "3.1")
        #expect(e.lines.map(\.line) == [3, 5, 6])
        #expect(e.lines[0].text == "a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)")
        #expect(e.lines[0].kind == .client)
        #expect(e.lines[1].kind == .server)
        #expect(!e.hasElision)
    }

    @Test("prose less indented than the label is not a continuation, also with no blank line before it (a page break)")
    func proseAfterPageBreak() throws {
        let e = try #require(Self.examples([
            "   (Session 1, authenticated as the user \"alex\".)", "",
            "       C: A240 STORE 7 +FLAGS.SILENT (\\Seen)",
            "       S: A240 OK Store completed", "",
            "   (Session 3, authenticated as the user \"andrew\".)", "",
            "       C: D300 NOOP",
            "       S: D300 OK Noop completed",
            "   And, finally, the user removes flags in session 1.", "",
            "       C: A330 STORE 7 -FLAGS.SILENT (\\Answered \\Seen)",
            "       S: A330 OK Store completed",
        ]).first)
        #expect(e.lines.map(\.session) == [1, 1, 3, 3, 1, 1])
        #expect(e.lines[3].text == "D300 OK Noop completed")
    }

    @Test("a page break after an example's last line ends it when what follows is not indented deeper (RFC 7162 §3.2.10.2: an alternative example follows); a line wrapped across the break still continues")
    func pageBreakAfterExample() throws {
        let page = ["", "", "Melnikov & Cridland          Standards Track                   [Page 37]", "\u{0C}",
                    "RFC 7162                IMAP CONDSTORE & QRESYNC                May 2014", "", ""]
        let found = Self.examples([
            "   C: A202 EXPUNGE", "   S: * VANISHED 505,507", "   S: A202 OK EXPUNGE completed"] + page + [
            "   Without the QRESYNC extension, the same example might look like:", "",
            "   C: A202 EXPUNGE", "   S: * 3 EXPUNGE", "   S: A202 OK EXPUNGE completed",
        ])
        #expect(found.count == 2)
        #expect(found.first?.lines.last?.text == "A202 OK EXPUNGE completed")
        let wrapped = try #require(Self.examples(["   C: A1 FETCH 1 (FLAGS)", "   S: * 1 FETCH (FLAGS (\\Seen)"] + page + [
            "      MODSEQ (5))", "   S: A1 OK done"]).first)
        #expect(wrapped.lines.map(\.text) == ["A1 FETCH 1 (FLAGS)", "* 1 FETCH (FLAGS (\\Seen) MODSEQ (5))", "A1 OK done"])
    }

    @Test("a line break stands for a space or for nothing (RFC 7162 §2)")
    func joinings() throws {
        let e = try #require(Self.examples([
            "   C: B04 SELECT INBOX (QRESYNC (67890007 1:29997 (5000,7500 15000,",
            "      22500)))",
        ]).first)
        #expect(e.lines[0].joinings.first == "B04 SELECT INBOX (QRESYNC (67890007 1:29997 (5000,7500 15000,22500)))")
        #expect(e.lines[0].joinings.contains("B04 SELECT INBOX (QRESYNC (67890007 1:29997 (5000,7500 15000, 22500)))"))
    }

    @Test("elisions: a line of dots, S: ..., [...] inside a line")
    func elisions() throws {
        let e = try #require(Self.examples([
            "   S: * 100 FETCH (MODSEQ (303181230852))",
            "      ...",
            "   S: ...",
            "   S: * VANISHED (EARLIER) 1:2,[...],",
            "      9:10",
            "   S: a106 OK done",
        ]).first)
        #expect(e.lines.map(\.kind) == [.server, .elision, .elision, .server, .server])
        #expect(e.lines.map(\.isElided) == [false, true, true, true, false])
        #expect(e.hasElision)
    }

    @Test("prose between runs starts a new example; captions before and after are kept")
    func captions() {
        let found = Self.examples([
            "   Example 9:", "",
            "   C: a FETCH 1 (MODSEQ)", "   S: a OK done", "",
            "   Or the flag hasn't changed:", "",
            "   C: b NOOP", "   S: b OK done", "",
            "                                 Example 10", "",
            "      Example:    C: A202 EXPUNGE",
            "                  S: A202 OK expunged",
        ])
        #expect(found.count == 3)
        #expect(found.map(\.caption) == ["Example 9", "Example 9", nil])
        #expect(found.map(\.firstLine) == [5, 10, 15])
        #expect(found.last?.lines.first?.text == "A202 EXPUNGE")
    }

    @Test("a centred caption names the example above it (RFC 7162 layout)")
    func captionAfter() {
        let found = Self.examples(["   C: a NOOP", "   S: a OK done", "", "                                 Example 13"])
        #expect(found.map(\.caption) == ["Example 13"])
    }

    @Test("the multi-session layout: (Session N, ...) and prose naming the session")
    func sessions() throws {
        let e = try #require(Self.examples([
            "   (Session 1, authenticated as the user \"alex\".)  The user adds a flag:", "",
            "       C: A160 STORE 7 +FLAGS.SILENT (\\Deleted)", "       S: A160 OK Store completed", "",
            "   (Session 2, also authenticated as the user \"alex\".)  Changes in session 1 are reported:", "",
            "       C: C180 NOOP", "       S: C180 OK Noop completed", "",
            "   The user modifies a private flag in session 1...", "",
            "       C: A240 NOOP", "       S: A240 OK Noop completed", "",
            "                                 Example 14",
        ]).first)
        #expect(e.sessions == [1, 2])
        #expect(e.lines.map(\.session) == [1, 1, 2, 2, 1, 1])
        #expect(e.caption == "Example 14")
    }

    @Test("page furniture inside an example is removed and line numbers stay the document's")
    func pageBreak() throws {
        let e = try #require(Self.examples([
            "   C: A142 SELECT INBOX",
            "   S: * 172 EXISTS",
            "", "", "",
            "Melnikov & Cridland          Standards Track                   [Page 9]",
            "\u{0C}",
            "RFC 7162                IMAP CONDSTORE & QRESYNC                May 2014",
            "", "",
            "   S: * 1 RECENT",
            "   S: A142 OK [READ-WRITE] SELECT completed",
        ]).first)
        #expect(e.lines.count == 4)
        #expect(e.lines.map(\.line) == [3, 4, 13, 14])
    }

    @Test("annotations are cut off and placeholders are elisions")
    func annotations() throws {
        let e = try #require(Self.examples([
            "   S: * LIST () \"/\" ABC/DEF   <=== should do this",
            "   S: * ESEARCH (TAG \"A04\") UID PARTIAL (24000:24500 NIL)",
            "   // No results are present, this is beyond the end of the results.",
            "   S: (more expunges)",
            "   S: * OK [ALERT] \"a // b\" stays",
        ]).first)
        #expect(e.lines.map(\.text) == [
            "* LIST () \"/\" ABC/DEF", "* ESEARCH (TAG \"A04\") UID PARTIAL (24000:24500 NIL)", "(more expunges)",
            "* OK [ALERT] \"a // b\" stays",
        ])
        #expect(e.lines.map(\.kind) == [.server, .server, .elision, .server])
    }
}
