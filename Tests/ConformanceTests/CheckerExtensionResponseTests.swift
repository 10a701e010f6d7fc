import Testing
import IMAPWire
import SpecModel
@testable import Conformance

/// Responses of extensions a client asked for (SORT, THREAD, ESEARCH PARTIAL, ID, NAMESPACE, FETCH
/// EMAILID, ...) reach the checker parsed, not as a grammar violation of a conforming server
/// (R3501-9#2), and the CONDSTORE/QRESYNC rules around them still bite.
@Suite("Checker - responses of other extensions (RFC 5256, RFC 4466, RFC 3501 §7)")
struct CheckerExtensionResponseTests {
    typealias T = CheckerInvariantTests

    static func findings(_ body: String) throws -> [Finding] {
        try T.check(T.qresyncSelect() + "\n" + body).rootFindings
    }

    @Test("R3501-9#2: SORT with (MODSEQ n), THREAD, ESEARCH PARTIAL, ID, NAMESPACE and FETCH EMAILID draw no finding")
    func conformingServer() throws {
        let body = """
            C1: a1 SORT (DATE) UTF-8 ALL
            S1: * SORT 3 2 (MODSEQ 10)
            S1: a1 OK sorted
            C1: a2 THREAD REFERENCES UTF-8 ALL
            S1: * THREAD (2)(3 6 (4 23)(44 7 96))
            S1: a2 OK threaded
            C1: a3 SEARCH RETURN (PARTIAL 1:10) MODSEQ 1
            S1: * ESEARCH (TAG "a3") PARTIAL (1:10 2:3) MODSEQ 10
            S1: a3 OK searched
            C1: a4 ID ("name" "test")
            S1: * ID ("name" "Dovecot")
            S1: a4 OK id
            C1: a5 NAMESPACE
            S1: * NAMESPACE (("" "/")) NIL NIL
            S1: a5 OK namespace
            C1: a6 UID FETCH 1:3 (UID EMAILID THREADID MODSEQ)
            S1: * 1 FETCH (UID 1 EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9) MODSEQ (5))
            S1: * 3 FETCH (X-GM-MSGID 1278455344230334865 UID 3 MODSEQ (10))
            S1: a6 OK fetched
            C1: a7 NOOP
            S1: * 1 FETCH (UID 1 SAVEDATE "01-Jan-2020 00:00:00 +0000" PREVIEW "hi" FLAGS (\\Seen) MODSEQ (11))
            S1: a7 OK done
            """
        let found = try Self.findings(body)
        #expect(found.isEmpty, "\(found.map { "\($0.requirementID) line \($0.line): \($0.expected)" })")
    }

    @Test("R3501-9#2 still catches a malformed SORT, THREAD, extension response or FETCH item", arguments: [
        "C1: a1 SORT (DATE) UTF-8 ALL\nS1: * SORT 3 2 (MODSEQ 10\nS1: a1 OK sorted",
        "C1: a1 THREAD REFERENCES UTF-8 ALL\nS1: * THREAD (1 (2))\nS1: a1 OK threaded",
        "C1: a1 ID NIL\nS1: * ID (\"name\" \"Dovecot\"\nS1: a1 OK id",
        "C1: a1 UID FETCH 1 (UID EMAILID)\nS1: * 1 FETCH (UID 1 EMAILID M6d99ac3275bb4e)\nS1: a1 OK fetched",
    ])
    func malformed(_ body: String) throws {
        #expect(Set(try Self.findings(body).map(\.requirementID)) == ["R3501-9#2"])
    }

    /// Session 1 enables QRESYNC and UIDONLY (RFC 9586) and selects INBOX holding UIDs 1 to 3.
    static let uidOnlySelect = """
        C1: e1 ENABLE QRESYNC UIDONLY
        S1: * ENABLED QRESYNC UIDONLY
        S1: e1 OK enabled
        C1: s1 SELECT INBOX
        S1: * 3 EXISTS
        S1: * OK [UIDVALIDITY 7] valid
        S1: * OK [UIDNEXT 4] next
        S1: * OK [HIGHESTMODSEQ 10] highest
        S1: s1 OK [READ-WRITE] selected
        """

    @Test("RFC 9586 §3.3: after ENABLE UIDONLY, UIDFETCH is judged as the FETCH of that UID, open and closed world")
    func uidFetchAfterUIDOnly() throws {
        let body = Self.uidOnlySelect + """

            C1: f1 UID FETCH 1:* (FLAGS MODSEQ)
            S1: * 1 UIDFETCH (FLAGS () MODSEQ (5))
            S1: * 3 UIDFETCH (FLAGS (\\Seen) MODSEQ (10))
            S1: * 2 UIDFETCH (FLAGS (\\Deleted) MODSEQ (9))
            S1: f1 OK fetched
            C1: a1 UID STORE 3 +FLAGS (\\Flagged)
            S1: * 3 UIDFETCH (FLAGS (\\Seen \\Flagged) MODSEQ (11))
            S1: a1 OK stored
            """
        for closedWorld in [false, true] {
            let r = try T.check(body, closedWorld: closedWorld)
            #expect(r.verdict == .conforms, "closed world \(closedWorld): \(r.rootFindings.map { "\($0.requirementID) line \($0.line)" })")
        }
        // The same data without MODSEQ in an unsolicited UIDFETCH is caught as in a FETCH.
        let missing = Self.uidOnlySelect + "\nC1: a7 NOOP\nS1: * 1 UIDFETCH (FLAGS (\\Seen))\nS1: a7 OK done"
        #expect(T.ids(try T.check(missing)) == ["R7162-3.1#7"])
    }

    @Test("R3501-9#2: UIDFETCH before the client enabled UIDONLY is no response of the session (RFC 9586 §3.3)")
    func uidFetchWithoutUIDOnly() throws {
        let body = "C1: a1 UID FETCH 3 (FLAGS)\nS1: * 3 UIDFETCH (FLAGS (\\Seen))\nS1: a1 OK fetched"
        #expect(Set(try Self.findings(body).map(\.requirementID)) == ["R3501-9#2"])
    }

    @Test("SORT and THREAD (RFC 5256) without MODSEQ leave the verdict conclusive; with MODSEQ they stay unknown", arguments: [
        ("C1: a1 UID SORT (REVERSE DATE) UTF-8 ALL\nS1: * SORT 3 1\nS1: a1 OK sorted", true),
        ("C1: a1 THREAD REFERENCES UTF-8 SEEN\nS1: * THREAD (1)(3)\nS1: a1 OK threaded", true),
        ("C1: a1 uid thread ORDEREDSUBJECT US-ASCII ALL\nS1: * THREAD (1 3)\nS1: a1 OK threaded", true),
        ("C1: a1 SORT (DATE) UTF-8 MODSEQ 5\nS1: * SORT 3 (MODSEQ 10)\nS1: a1 OK sorted", false),
        ("C1: a1 UID SORT (ARRIVAL) UTF-8 SUBJECT modseq\nS1: * SORT 1\nS1: a1 OK sorted", false),
        ("C1: a1 UID SORTX (ARRIVAL) UTF-8 ALL\nS1: a1 OK sorted", false),
    ])
    func sortAndThread(_ body: String, _ conclusive: Bool) throws {
        let r = try T.check(T.qresyncSelect() + "\n" + body)
        #expect(r.rootFindings.isEmpty)
        #expect((r.verdict == .conforms) == conclusive, "\(r.verdict)")
    }

    @Test("a finding answering an unparsed command names that command as sent, not NOOP")
    func unparsedCommandLabel() throws {
        let body = "C1: a1 UID SEARCH RETURN (PARTIAL 1:2) ALL\nS1: * 1 FETCH (UID 1 FLAGS (\\Seen))\nS1: a1 OK searched"
            + "\nC1: a2 SETMETADATA INBOX (/private/comment NIL)\nS1: * 2 FETCH (UID 2 FLAGS (\\Seen))\nS1: a2 OK set"
        let found = try Self.findings(body)
        #expect(found.map(\.command) == ["a2 SETMETADATA"])
        #expect(found.map(\.requirementID) == ["R7162-3.1#7"])
    }

    @Test("R7162-3.1#7: an unsolicited FETCH with an extension item but no MODSEQ is still caught")
    func extensionItemDoesNotHideMissingModSeq() throws {
        let body = "C1: a7 NOOP\nS1: * 1 FETCH (UID 1 EMAILID (M6d99ac3275bb4e) FLAGS (\\Seen))\nS1: a7 OK done"
        #expect(Set(try Self.findings(body).map(\.requirementID)) == ["R7162-3.1#7"])
    }
}
