import Testing
import IMAPTypes
import IMAPWire
@testable import Conformance

/// The rules RFC 7162 §3.2 sets for the client: each broken by one command of an otherwise correct
/// session, reported as a client finding with that ID, and never counted against the server (the
/// verdict stays with the server's answers). Test names carry the requirement ID.
@Suite("Checker - the client's own rules (RFC 7162 §3.2.3, §3.2.5.2, §3.2.6)")
struct ClientRuleTests {
    static func check(_ body: String) throws -> CheckReport {
        let trace = try TranscriptReader.read(CheckerInvariantTests.login(1) + "\n" + body, file: "test")
        var c = TraceChecker()
        c.check(trace)
        return c.report
    }

    static func clientIDs(_ r: CheckReport) -> [String] { r.clientFindings.map(\.requirementID) }

    /// A QRESYNC SELECT of INBOX (UIDs 1 to 3) with the given seq-match-data, after ENABLE QRESYNC.
    static func resync(seqMatch: String) -> String {
        """
        C1: e1 ENABLE QRESYNC
        S1: * ENABLED QRESYNC
        S1: e1 OK enabled
        C1: s1 SELECT INBOX (QRESYNC (7 5 1:3 \(seqMatch)))
        S1: * 3 EXISTS
        S1: * OK [UIDVALIDITY 7] valid
        S1: * OK [UIDNEXT 4] next
        S1: * OK [HIGHESTMODSEQ 10] highest
        S1: s1 OK [READ-WRITE] selected
        """
    }

    @Test("R7162-3.2.5.2#2: seq-match-data out of ascending order is the client's fault, not the server's")
    func seqMatchAscending() throws {
        let bad = try Self.check(Self.resync(seqMatch: "(3,1 3,1)"))
        #expect(Self.clientIDs(bad) == ["R7162-3.2.5.2#2"])
        #expect(bad.verdict == .conforms)
        let good = try Self.check(Self.resync(seqMatch: "(1,3 1,3)"))
        #expect(good.clientFindings.isEmpty)
        // A range written high to low covers the same numbers, in order.
        #expect(try Self.check(Self.resync(seqMatch: "(1,3:2 1,3:2)")).clientFindings.isEmpty)
        #expect(bad.exercised.contains("R7162-3.2.5.2#2"))
    }

    @Test("R7162-3.2.3#4: QRESYNC parameters without ENABLE QRESYNC first; the server's BAD is judged apart")
    func enableBeforeQResync() throws {
        let bad = try Self.check("""
            C1: s1 SELECT INBOX (QRESYNC (7 5))
            S1: s1 BAD QRESYNC is not enabled
            """)
        #expect(Self.clientIDs(bad) == ["R7162-3.2.3#4"])
        #expect(bad.verdict == .conforms)
        let good = try Self.check(Self.resync(seqMatch: "(1 1)"))
        #expect(good.clientFindings.isEmpty)
    }

    @Test("R7162-3.2.6#3: the VANISHED modifier without CHANGEDSINCE")
    func vanishedNeedsChangedSince() throws {
        let session = Self.resync(seqMatch: "(1 1)")
        let bad = try Self.check(session + """

            C1: f1 UID FETCH 1:* (FLAGS) (VANISHED)
            S1: f1 BAD VANISHED needs CHANGEDSINCE
            """)
        #expect(Self.clientIDs(bad) == ["R7162-3.2.6#3"])
        #expect(bad.verdict == .conforms)
        let good = try Self.check(session + """

            C1: f1 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5 VANISHED)
            S1: f1 OK done
            """)
        #expect(good.clientFindings.isEmpty)
        #expect(good.verdict == .conforms)
    }

    @Test("client findings appear in the text and JSON reports, apart from the server's")
    func rendered() throws {
        let r = try Self.check(Self.resync(seqMatch: "(3,1 3,1)"))
        #expect(r.text(source: "t").contains("The client broke a rule of its own"))
        #expect(r.json(source: "t").contains("\"clientFindings\":[{\"requirement\":\"R7162-3.2.5.2#2\""))
        #expect(r.findings.isEmpty)
    }
}
