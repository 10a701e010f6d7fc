import Testing
import IMAPWire
import SpecModel
@testable import Conformance

/// Conforming traces the closed world once misjudged: floors for mod-sequences that were above what
/// the RFC text asks (an arriving message against expunged ones, RFC 7162 §3.1; a flag's change
/// against a later MODSEQ of the message, §3.1, §3.1.12), and reselects across RENAME (open world).
@Suite("Checker - mod-sequence floors raise no false alarm")
struct ModSeqFloorNoFalseAlarmTests {
    typealias I = CheckerInvariantTests

    /// UID 3 gets \Deleted at MODSEQ 11; EXPUNGE removes UIDs 2 and 3 as `expunged` shows; UID 4
    /// is appended and fetched with MODSEQ `m`.
    static func expungeThenAppend(expunged: String, appendedModSeq m: Int) -> String {
        """

        C1: a1 UID STORE 3 +FLAGS (\\Deleted)
        S1: * 3 FETCH (UID 3 FLAGS (\\Deleted) MODSEQ (11))
        S1: a1 OK done
        C1: x1 EXPUNGE
        \(expunged)
        C1: ap APPEND INBOX {3}
        C1: abc
        S1: * 2 EXISTS
        S1: ap OK [APPENDUID 7 4] done
        C1: f2 UID FETCH 4 (FLAGS MODSEQ)
        S1: * 2 FETCH (UID 4 FLAGS () MODSEQ (\(m)))
        S1: f2 OK done
        """
    }

    /// CONDSTORE only: the top message (UID 3, MODSEQ 11 after \Deleted) is expunged; an APPEND's
    /// message is above every message still in the mailbox (UID 1, MODSEQ 5).
    @Test("R7162-3.1#D1: an appended message is above the messages still there, not above an expunged one (CONDSTORE, closed world)") func appendAfterExpungeCondstoreOnly() throws {
        let t = """
            C1: s1 SELECT INBOX (CONDSTORE)
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 4] next
            S1: * OK [HIGHESTMODSEQ 10] highest
            S1: s1 OK [READ-WRITE] selected
            C1: f1 UID FETCH 1:* (UID FLAGS MODSEQ)
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
            S1: * 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (7))
            S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))
            S1: f1 OK done
            """ + Self.expungeThenAppend(expunged: "S1: * 3 EXPUNGE\nS1: * 2 EXPUNGE\nS1: x1 OK done", appendedModSeq: 6)
        let r = try I.check(t, closedWorld: true)
        #expect(I.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
    }

    /// QRESYNC: the expunge raised HIGHESTMODSEQ to 12; the new message is above every message
    /// still there (UID 1 at 5), below the expunge's mod-sequence.
    @Test("R7162-3.1#D1: an appended message may be below an expunge's HIGHESTMODSEQ (QRESYNC, closed world)") func appendAfterExpungeQresync() throws {
        let t = I.qresyncSelect() + Self.expungeThenAppend(expunged: "S1: * VANISHED 2:3\nS1: x1 OK [HIGHESTMODSEQ 12] done", appendedModSeq: 11)
        let r = try I.check(t, closedWorld: true)
        #expect(I.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
    }

    /// Two pipelined +FLAGS STOREs of UID 3: \Seen changes at 11, \Flagged at 12. A later
    /// -FLAGS \Seen UNCHANGEDSINCE 11 may pass (\Seen's mod-sequence is 11, §3.1, §3.1.3).
    @Test("R7162-3.1.3#3: a pipelined later STORE's MODSEQ is not when an earlier one's flag changed (closed world)") func pipelinedStoresFlagFloor() throws {
        let t = I.qresyncSelect() + """

            C1: a1 UID STORE 3 +FLAGS (\\Seen)
            C1: a2 UID STORE 3 +FLAGS (\\Flagged)
            S1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))
            S1: * 3 FETCH (UID 3 FLAGS (\\Seen \\Flagged) MODSEQ (12))
            S1: a1 OK done
            S1: a2 OK done
            C1: a3 UID STORE 3 (UNCHANGEDSINCE 11) -FLAGS (\\Seen)
            S1: * 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (13))
            S1: a3 OK done
            """
        let r = try I.check(t, closedWorld: true)
        #expect(I.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
    }

    /// Session 1 stores `store` on UID 3 (its FETCH, `ownFetch`, if any, shows \Seen at 11);
    /// before its OK it is told of session 2's \Flagged at 12; then its conditional -FLAGS
    /// (\Seen) with UNCHANGEDSINCE 11 succeeds.
    static func storeThenOtherSessionFlagged(_ store: String, ownFetch: String?) -> String {
        I.login(2) + "\n" + I.qresyncSelect(1) + "\n" + I.qresyncSelect(2) + "\n" + """
            C1: a1 UID STORE 3 \(store)

            """ + (ownFetch.map { $0 + "\n" } ?? "") + """
            C2: b1 UID STORE 3 +FLAGS (\\Flagged)
            S2: * 3 FETCH (UID 3 FLAGS (\\Seen \\Flagged) MODSEQ (12))
            S2: b1 OK done
            S1: * 3 FETCH (UID 3 FLAGS (\\Seen \\Flagged) MODSEQ (12))
            S1: a1 OK done
            C1: a3 UID STORE 3 (UNCHANGEDSINCE 11) -FLAGS (\\Seen)
            S1: * 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (13))
            S1: a3 OK done
            """
    }

    /// Session 1 sets \Seen at 11; before its OK it is told of session 2's \Flagged at 12.
    @Test("R7162-3.1.3#3: another session's change reported before the tagged OK is not when this STORE's flag changed (closed world)") func unsolicitedFetchDuringStoreFlagFloor() throws {
        let t = Self.storeThenOtherSessionFlagged("+FLAGS (\\Seen)", ownFetch: "S1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))")
        let r = try I.check(t, closedWorld: true)
        #expect(I.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
    }

    /// Session 1's .SILENT STORE sets \Seen at 11; the only FETCH it sees is session 2's \Flagged at 12.
    @Test("R7162-3.1.3#3: a .SILENT STORE's flag changed below the only MODSEQ the session saw (closed world)") func silentStoreOtherSessionFetchFlagFloor() throws {
        let t = Self.storeThenOtherSessionFlagged("+FLAGS.SILENT (\\Seen)", ownFetch: nil)
        let r = try I.check(t, closedWorld: true)
        #expect(I.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
    }

    /// RENAME INBOX/other: a mailbox renamed away, a new one created under the old name (new UIDVALIDITY).
    @Test("R7162-3.1#4, R7162-3.1.2.1#D1: a name RENAMEd away and created again is another mailbox") func renameThenRecreate() throws {
        let t = """
            C1: e1 ENABLE QRESYNC
            S1: * ENABLED QRESYNC
            S1: e1 OK enabled
            C1: s1 SELECT Foo
            S1: * 1 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 2] next
            S1: * OK [HIGHESTMODSEQ 50] highest
            S1: s1 OK [READ-WRITE] selected
            C1: f1 UID FETCH 1:* (UID FLAGS MODSEQ)
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (50))
            S1: f1 OK done
            C1: u1 UNSELECT
            S1: u1 OK done
            C1: r1 RENAME Foo Bar
            S1: r1 OK done
            C1: c1 CREATE Foo
            S1: c1 OK done
            C1: s2 SELECT Foo
            S1: * 0 EXISTS
            S1: * OK [UIDVALIDITY 8] valid
            S1: * OK [UIDNEXT 1] next
            S1: * OK [HIGHESTMODSEQ 1] highest
            S1: s2 OK [READ-WRITE] selected
            C1: s3 SELECT Bar
            S1: * OK [CLOSED] closed
            S1: * 1 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 2] next
            S1: * OK [HIGHESTMODSEQ 50] highest
            S1: s3 OK [READ-WRITE] selected
            """
        for cw in [false, true] {
            let r = try I.check(t, closedWorld: cw)
            #expect(I.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
        }
    }

    /// The earlier view of UID 1 was pending an expunge (another agent removed it); the later
    /// selection does not hold UID 1 though its count is the same.
    @Test("R7162-3.1.2.1#D1: a reselect bounds HIGHESTMODSEQ only by messages it shows are there") func reselectAfterExpungeNewMessage() throws {
        let t = I.qresyncSelect() + """

            C1: u1 UNSELECT
            S1: u1 OK done
            C1: s2 SELECT INBOX
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 5] next
            S1: * OK [HIGHESTMODSEQ 12] highest
            S1: s2 OK [READ-WRITE] selected
            C1: f2 UID FETCH 1:* (UID FLAGS MODSEQ)
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
            S1: * 2 FETCH (UID 3 FLAGS () MODSEQ (10))
            S1: * 3 FETCH (UID 4 FLAGS () MODSEQ (12))
            S1: f2 OK done
            """
        let r = try I.check(t)
        #expect(I.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
    }
}
