import Testing
import SpecModel
@testable import Conformance

/// RFC examples replayed: mid-session starts, elisions as open-world gaps, and the example-level
/// checks (UID arithmetic, the closed-world conditional STORE). Each row is an example as an RFC
/// would print it; `violations` are the requirement IDs expected, in order.
@Suite("Example replay - RFC examples as traces")
struct ExampleReplayTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var lines: [String]
        var violations: [String]
        var notes: [String] = []
        var testDescription: String { name }
    }

    static func replay(_ lines: [String], edition: Edition = .rfc7162) throws -> ExampleReplay {
        let examples = ExampleExtractor.examples(ofText: (["3.  Examples", ""] + lines.map { "   " + $0 }).joined(separator: "\n"))
        try #require(examples.count == 1)
        return ExampleReplay.replay(examples[0], edition: edition)
    }

    static let cases: [Case] = [
        Case(name: "mid-session STORE * answered for message 50: the mailbox holds 50 messages",
             lines: ["C: a104 STORE * (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)",
                     "S: * 50 FETCH (MODSEQ (12111230047))", "S: a104 OK Store (conditional) completed"],
             violations: []),
        Case(name: "mid-session EXPUNGE answered by VANISHED of UIDs never shown: they may be any of the messages",
             lines: ["C: B202 EXPUNGE", "S: * VANISHED 405,407,410,425", "S: B202 OK [HIGHESTMODSEQ 20010715194045319] expunged"],
             violations: []),
        Case(name: "SELECT QRESYNC mid-session, before any ENABLE is shown: QRESYNC may have been enabled",
             lines: ["C: A03 SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211))", "S: * OK [CLOSED] x",
                     "S: * 100 EXISTS", "S: * OK [UIDVALIDITY 67890007] UIDVALIDITY", "S: A03 OK [READ-WRITE] mailbox selected"],
             violations: []),
        Case(name: "a second SELECT without CLOSED: its EXISTS sizes the new mailbox (RFC 5162 §3.1's B04)",
             lines: ["C: A04 SELECT INBOX", "S: * 10 EXISTS", "S: * OK [UIDVALIDITY 1] x", "S: A04 OK done",
                     "C: B04 SELECT INBOX", "S: * 12 EXISTS", "S: * OK [UIDVALIDITY 1] x", "S: * 11 FETCH (UID 11 FLAGS ())",
                     "S: B04 OK done"],
             violations: []),
        Case(name: "mid-session: a VANISHED shows QRESYNC on, so a later EXPUNGE response breaks R7162-3.2.10.2#1",
             lines: ["C: A1 UID EXPUNGE 3", "S: * VANISHED 3", "S: A1 OK done", "C: A2 EXPUNGE", "S: * 1 EXPUNGE", "S: A2 OK done"],
             violations: ["R7162-3.2.10.2#1"]),
        Case(name: "UID arithmetic: message 3 cannot have UID 2 (R3501-2.3.1.1#8)",
             lines: ["C: a FETCH 3 (UID)", "S: * 3 FETCH (UID 2)", "S: a OK done"],
             violations: ["R3501-2.3.1.1#8"]),
        Case(name: "UID arithmetic: VANISHED (EARLIER) leaves no room below UID 6 (R3501-2.3.1.1#8)",
             lines: ["C: A142 SELECT INBOX (QRESYNC (3857529045 20010715194032001 1:198))", "S: * 172 EXISTS",
                     "S: * VANISHED (EARLIER) 1:5", "S: * 2 FETCH (UID 6 MODSEQ (20010715205008000))", "S: A142 OK done"],
             violations: ["R3501-2.3.1.1#8"]),
        Case(name: "UID arithmetic: UIDNEXT leaves no room above (R3501-2.3.1.1#8)",
             lines: ["C: A1 SELECT INBOX", "S: * 10 EXISTS", "S: * OK [UIDNEXT 12] x", "S: * 5 FETCH (UID 9 FLAGS ())", "S: A1 OK done"],
             violations: ["R3501-2.3.1.1#8"]),
        Case(name: "closed world: a conditional STORE that changed known flags owes a FETCH (R7162-3.1.3#2)",
             lines: ["C: f FETCH 1 (FLAGS)", "S: * 1 FETCH (FLAGS ())", "S: f OK done",
                     "C: a STORE 1 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen)", "S: a OK done"],
             violations: ["R7162-3.1.3#2"]),
        Case(name: "closed world: STORE 1 reporting a new mod-sequence for message 50 only (R7162-3.1.3#2, erratum 3509)",
             lines: ["C: c101 STORE 1 (UNCHANGEDSINCE 12121230045) -FLAGS.SILENT (\\Deleted)",
                     "S: * OK [HIGHESTMODSEQ 12111230047] x", "S: * 50 FETCH (MODSEQ (12111230048))", "S: c101 OK done"],
             violations: ["R7162-3.1.3#2"]),
        Case(name: "closed world: flags unknown, the STORE may have changed nothing: a note, not a violation",
             lines: ["C: a STORE 1 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen)", "S: a OK done"],
             violations: [], notes: ["R7162-3.1.3#2"]),
        Case(name: "open world across an elision: the missing FETCH may be in the gap",
             lines: ["C: f FETCH 1 (FLAGS)", "S: * 1 FETCH (FLAGS ())", "S: f OK done",
                     "C: a STORE 1:3 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen)", "S: * 3 FETCH (MODSEQ (7))", "...", "S: a OK done"],
             violations: []),
    ]

    @Test("examples as RFCs print them", arguments: cases)
    func replay(_ c: Case) throws {
        let r = try Self.replay(c.lines)
        #expect(r.findings.map(\.requirementID) == c.violations, "\(r.findings)")
        #expect(r.outcome == (c.violations.isEmpty ? .consistent : .inconsistent))
        #expect(r.remarks.filter { $0.severity == .note && $0.requirementID != ExampleReplay.exampleRemark }.map(\.requirementID) == c.notes)
    }

    @Test("a one-sided snippet is not replayed")
    func oneSided() throws {
        let r = try Self.replay(["S: * VANISHED 1", "S: * VANISHED 3"])
        if case .notReplayed = r.outcome {} else { Issue.record("\(r.outcome)") }
    }

    @Test("findings carry the document's line and session")
    func placement() throws {
        let r = try Self.replay(["C: a FETCH 3 (UID)", "S: * 3 FETCH (UID 2)", "S: a OK done"])
        #expect(r.findings.map(\.line) == [4])
        #expect(r.findings.map(\.session) == [1])
    }
}
