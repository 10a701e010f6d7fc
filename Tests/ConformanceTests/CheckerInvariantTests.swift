import Testing
import IMAPTypes
import IMAPWire
import SpecModel
@testable import Conformance

/// Teeth for the RFC 7162 §3 requirements the checker cites (`Citation`) that had no test of
/// their own: each bad transcript breaks exactly one requirement and the checker reports exactly
/// that ID; its conforming twin draws no violation. Test names carry the requirement ID (STYLE.md
/// habit 11).
@Suite("Checker - RFC 7162 §3 invariants, each caught by its own trace")
struct CheckerInvariantTests {
    static func login(_ session: Int, capabilities: String = "IMAP4rev1 ENABLE CONDSTORE QRESYNC UIDPLUS MOVE ESEARCH") -> String {
        """
        S\(session): * OK [CAPABILITY \(capabilities)] ready
        C\(session): l\(session) LOGIN test "***"
        S\(session): l\(session) OK logged in
        """
    }

    static func check(_ body: String, closedWorld: Bool = false, capabilities: String? = nil) throws -> CheckReport {
        let greeting = capabilities.map { login(1, capabilities: $0) } ?? login(1)
        let trace = try TranscriptReader.read(greeting + "\n" + body, file: "test")
        var c = TraceChecker(options: CheckOptions(closedWorld: closedWorld))
        c.check(trace)
        return c.report
    }

    static func ids(_ r: CheckReport) -> Set<String> { Set(r.rootFindings.filter { $0.severity == .violation }.map(\.requirementID)) }

    /// Two QRESYNC sessions on INBOX (`qresyncSelect`); session 2 sets \Answered on UID 1 at
    /// MODSEQ 11, which session 1 has not been told of.
    static var answeredByOtherSession: String {
        login(2) + "\n" + qresyncSelect(1) + "\n" + qresyncSelect(2) + """

            C2: b1 STORE 1 +FLAGS (\\Answered)
            S2: * 1 FETCH (UID 1 FLAGS (\\Answered) MODSEQ (11))
            S2: b1 OK [HIGHESTMODSEQ 11] stored
            """
    }

    /// `qresyncSelect(n)` with `OK [PERMANENTFLAGS (flags)]` in the SELECT's answer.
    static func qresyncSelect(_ n: Int, permanentFlags flags: String) -> String {
        qresyncSelect(n).replacingOccurrences(of: "S\(n): * OK [UIDVALIDITY 7] valid",
                                              with: "S\(n): * OK [PERMANENTFLAGS (\(flags))] p\nS\(n): * OK [UIDVALIDITY 7] valid")
    }

    /// Session `n` enables QRESYNC and selects INBOX holding UIDs 1 to 3 (UID 2 \Deleted).
    static func qresyncSelect(_ n: Int = 1) -> String {
        """
        C\(n): e\(n) ENABLE QRESYNC
        S\(n): * ENABLED QRESYNC
        S\(n): e\(n) OK enabled
        C\(n): s\(n) SELECT INBOX
        S\(n): * 3 EXISTS
        S\(n): * OK [UIDVALIDITY 7] valid
        S\(n): * OK [UIDNEXT 4] next
        S\(n): * OK [HIGHESTMODSEQ 10] highest
        S\(n): s\(n) OK [READ-WRITE] selected
        C\(n): f\(n) UID FETCH 1:* (UID FLAGS MODSEQ)
        S\(n): * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
        S\(n): * 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (7))
        S\(n): * 3 FETCH (UID 3 FLAGS () MODSEQ (10))
        S\(n): f\(n) OK done
        """
    }

    /// Session 1 enables QRESYNC, selects INBOX holding UIDs 1, 2 and 4 (MODSEQ 4, 6 and 10; UID 2
    /// \\Seen) and fetches them.
    static let qresyncInboxUIDs124 = """
        C1: e1 ENABLE QRESYNC
        S1: * ENABLED QRESYNC
        S1: e1 OK enabled
        C1: s1 SELECT INBOX
        S1: * 3 EXISTS
        S1: * OK [UIDVALIDITY 7] valid
        S1: * OK [UIDNEXT 5] next
        S1: * OK [HIGHESTMODSEQ 10] highest
        S1: s1 OK [READ-WRITE] selected
        C1: f0 FETCH 1:3 (UID FLAGS MODSEQ)
        S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (4))
        S1: * 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (6))
        S1: * 3 FETCH (UID 4 FLAGS () MODSEQ (10))
        S1: f0 OK done
        """

    /// Session 1 selects INBOX (CONDSTORE), a mailbox without mod-sequences.
    static let noModSeqSelect = """
        C1: a2 SELECT INBOX (CONDSTORE)
        S1: * 2 EXISTS
        S1: * OK [UIDVALIDITY 7] valid
        S1: * OK [UIDNEXT 3] next
        S1: * OK [NOMODSEQ] no mod-sequences
        S1: a2 OK [READ-WRITE] selected
        """

    @Test("R6851-4.4#4 in the open world: a MOVE whose COPYUID shows messages moved reports HIGHESTMODSEQ when QRESYNC is on (Dovecot 2.3.19)")
    func moveReportsHighestModSeqOpenWorld() throws {
        func move(_ answer: String, select: String = Self.qresyncSelect()) throws -> Set<String> {
            Self.ids(try Self.check(select + "\nC1: m1 UID MOVE 1 Archive\n" + answer))
        }
        let copyUID = "S1: * OK [COPYUID 9 1 5] moved\nS1: * VANISHED 1\n"
        #expect(try move(copyUID + "S1: m1 OK done") == ["R6851-4.4#4"])
        #expect(try move(copyUID + "S1: m1 OK [HIGHESTMODSEQ 11] done").isEmpty)
        #expect(try move(copyUID + "S1: * OK [HIGHESTMODSEQ 11] highest\nS1: m1 OK done").isEmpty)
        // Without COPYUID the open world cannot tell whether this command moved anything.
        #expect(try move("S1: * VANISHED 1\nS1: m1 OK done").isEmpty)
        // Without QRESYNC, RFC 6851 §4.4 does not apply.
        let condstore = Self.qresyncSelect().replacingOccurrences(of: "ENABLE QRESYNC", with: "ENABLE CONDSTORE")
            .replacingOccurrences(of: "ENABLED QRESYNC", with: "ENABLED CONDSTORE")
        #expect(try move("S1: * OK [COPYUID 9 1 5] moved\nS1: * 1 EXPUNGE\nS1: m1 OK done", select: condstore).isEmpty)
        // Two MOVEs pipelined (RFC 6851 §3.3): an untagged HIGHESTMODSEQ is the first one's only,
        // so the second, which moved a message too, still owes one.
        let two = "C1: m2 UID MOVE 3 Archive\n" + copyUID + "S1: * OK [HIGHESTMODSEQ 11] highest\nS1: m1 OK done\n"
            + "S1: * OK [COPYUID 9 3 6] moved\nS1: * VANISHED 3\n"
        #expect(try move(two + "S1: m2 OK done") == ["R6851-4.4#4"])
        #expect(try move(two + "S1: m2 OK [HIGHESTMODSEQ 12] done").isEmpty)
    }

    @Test("R5161-3.1#3: a QRESYNC server may decline ENABLE CONDSTORE alone (RFC 7162 §3.2.3); the client is then not CONDSTORE-aware")
    func enableCondstoreAloneDeclined() throws {
        let body = """
            C1: e1 ENABLE CONDSTORE
            S1: * ENABLED
            S1: e1 OK enabled
            C1: s1 SELECT INBOX
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 5] next
            S1: s1 OK [READ-WRITE] selected
            C1: n1 NOOP
            S1: * 1 FETCH (FLAGS (\\Seen))
            S1: n1 OK done
            """
        #expect(Self.ids(try Self.check(body)).isEmpty)
        #expect(Self.ids(try Self.check(body, closedWorld: true)).isEmpty)
        // A CONDSTORE server without QRESYNC has no such latitude.
        let condstoreOnly = try Self.check(body, capabilities: "IMAP4rev1 ENABLE CONDSTORE UIDPLUS")
        #expect(Self.ids(condstoreOnly).isSuperset(of: ["R5161-3.1#3", "R7162-3.1.2#1", "R7162-3.1#7"]))
    }

    @Test("R7162-3.2.4#1 and R7162-3.1#7: a FETCH of BODY[] sets no \\Seen on a message that has it or in an EXAMINEd mailbox, so its answer is exempt")
    func bodyFetchWithoutSeenChange() throws {
        func fetch(_ n: Int, examine: Bool = false) throws -> Set<String> {
            var select = Self.qresyncSelect()
            if examine {
                select = select.replacingOccurrences(of: "SELECT INBOX", with: "EXAMINE INBOX")
                    .replacingOccurrences(of: "[READ-WRITE]", with: "[READ-ONLY]")
            }
            return Self.ids(try Self.check(select + """

                C1: g1 FETCH 3 (FLAGS)
                S1: * 3 FETCH (FLAGS (\\Seen))
                S1: g1 OK done
                C1: b1 FETCH \(n) (BODY[])
                S1: * \(n) FETCH (BODY[] {5}
                S1: hello)
                S1: b1 OK done
                """))
        }
        #expect(try fetch(3).isEmpty)
        #expect(try fetch(1, examine: true).isEmpty)
        // A SELECT the server answers READ-ONLY is read-only too (RFC 3501 §6.3.1).
        let readOnly = try Self.check(Self.qresyncSelect().replacingOccurrences(of: "[READ-WRITE]", with: "[READ-ONLY]")
            + "\nC1: b1 FETCH 1 (BODY[])\nS1: * 1 FETCH (BODY[] {5}\nS1: hello)\nS1: b1 OK done")
        #expect(Self.ids(readOnly).isEmpty, "\(readOnly.rootFindings.map(\.expected))")
        // Message 1 has no \\Seen: BODY[] sets it, a flag change whose FETCH carries UID and MODSEQ.
        #expect(try fetch(1) == ["R7162-3.1#7", "R7162-3.2.4#1"])
    }

    @Test("R3501-9#2: RFC 9051's optional text (`a1 OK `, `* OK [UIDNEXT 4] `) is grammatical once the session speaks IMAP4rev2, not before; the SP stays required")
    func rev2EmptyText() throws {
        let select = """
            C1: s1 SELECT INBOX
            S1: * 0 EXISTS
            S1: * OK [UIDVALIDITY 7] 
            S1: * OK [UIDNEXT 1] 
            S1: * LIST () "/" INBOX
            S1: s1 OK [READ-WRITE] 
            C1: n1 NOOP
            S1: n1 OK 
            """
        func grammarFindings(_ capabilities: String, _ body: String) throws -> [Int] {
            try Self.check(body, capabilities: capabilities).findings.filter { $0.requirementID == "R3501-9#2" }.map(\.line)
        }
        // IMAP4rev2 alone: RFC 9051 binds the server from the greeting on (RFC 9051 §7.2.2).
        #expect(try grammarFindings("IMAP4rev2 ENABLE", select).isEmpty)
        // Both listed: RFC 3501 until ENABLE IMAP4rev2, then RFC 9051.
        #expect(try grammarFindings("IMAP4rev1 IMAP4rev2 ENABLE", select).count == 4)
        let enabled = "C1: e1 ENABLE IMAP4rev2\nS1: * ENABLED IMAP4rev2\nS1: e1 OK \n" + select
        #expect(try grammarFindings("IMAP4rev1 IMAP4rev2 ENABLE", enabled).isEmpty)
        // No SP before the empty text, or none after the code: outside RFC 9051's grammar too.
        let noSP = select.replacingOccurrences(of: "n1 OK ", with: "n1 OK").replacingOccurrences(of: "[UIDNEXT 1] ", with: "[UIDNEXT 1]")
        #expect(try grammarFindings("IMAP4rev2 ENABLE", noSP).count == 2)
    }

    @Test("R3501-9#2: RFC 9051's 63-bit RFC822.SIZE (a message over 4 GB) is grammatical in an IMAP4rev2 session, not in an IMAP4rev1 one")
    func rev2LargeSize() throws {
        let body = """
            C1: s1 SELECT INBOX
            S1: * 1 EXISTS
            S1: * OK [UIDVALIDITY 7] ok
            S1: * OK [UIDNEXT 2] ok
            S1: s1 OK [READ-WRITE] done
            C1: f1 FETCH 1 (RFC822.SIZE)
            S1: * 1 FETCH (RFC822.SIZE 5000000000)
            S1: f1 OK done
            """
        func grammarLines(_ capabilities: String) throws -> [Int] {
            try Self.check(body, capabilities: capabilities).findings.filter { $0.requirementID == "R3501-9#2" }.map(\.line)
        }
        #expect(try grammarLines("IMAP4rev2 ENABLE").isEmpty)
        #expect(try grammarLines("IMAP4rev1 ENABLE").count == 1)
    }

    @Test("R7162-3.1.10#1: in an IMAP4rev2 session a SEARCH MODSEQ without RETURN is an extended SEARCH (RFC 9051 §6.4.4): its ESEARCH carries MODSEQ")
    func rev2SearchModSeqESearch() throws {
        func ids(_ answer: String, capabilities: String = "IMAP4rev2 ENABLE CONDSTORE QRESYNC ESEARCH") throws -> Set<String> {
            Self.ids(try Self.check(Self.qresyncSelect() + """

                C1: q1 UID SEARCH MODSEQ 6
                \(answer)
                S1: q1 OK done
                """, capabilities: capabilities))
        }
        #expect(try ids("S1: * ESEARCH (TAG \"q1\") UID ALL 2:3 MODSEQ 10").isEmpty)
        #expect(try ids("S1: * ESEARCH (TAG \"q1\") UID ALL 2:3") == ["R7162-3.1.10#1"])
        // No match: no MODSEQ is due.
        #expect(try ids("S1: * ESEARCH (TAG \"q1\") UID").isEmpty)
    }

    @Test("STATUS with RFC 9051 §6.3.11's DELETED and SIZE is understood: a trace with it was inconclusive")
    func statusDeletedSize() throws {
        let status = """
            C1: t1 STATUS INBOX (MESSAGES DELETED SIZE HIGHESTMODSEQ)
            S1: * STATUS INBOX (MESSAGES 3 DELETED 1 SIZE 4096 HIGHESTMODSEQ 10)
            S1: t1 OK done
            """
        let r = try Self.check(status, capabilities: "IMAP4rev2 ENABLE CONDSTORE QRESYNC")
        #expect(r.findings.isEmpty, "\(r.findings.map(\.expected))")
        #expect(r.verdict == .conforms)
    }

    @Test("R7162-3.2.4#1 and R3501-9#2: FETCH BINARY (RFC 9051 §6.4.5) is understood: BINARY.PEEK's literal8 answer is exempt and grammatical, BINARY without .PEEK sets \\Seen like BODY[]")
    func binaryFetch() throws {
        func fetch(_ item: String) throws -> CheckReport {
            try Self.check(Self.qresyncSelect() + """

                C1: b1 FETCH 1 (\(item)[1] BINARY.SIZE[1])
                S1: * 1 FETCH (BINARY[1] ~{3}
                S1: a\u{0}c BINARY.SIZE[1] 3)
                S1: b1 OK done
                """, capabilities: "IMAP4rev2 ENABLE CONDSTORE QRESYNC UIDPLUS MOVE ESEARCH")
        }
        let peek = try fetch("BINARY.PEEK")
        #expect(peek.findings.isEmpty, "\(peek.findings.map(\.expected))")
        #expect(peek.verdict == .conforms)
        // Message 1 has no \\Seen: BINARY[1] sets it, a flag change whose FETCH carries UID and MODSEQ.
        #expect(Self.ids(try fetch("BINARY")) == ["R7162-3.1#7", "R7162-3.2.4#1"])
    }

    @Test("R5161-3.2#D1, R7162-3.1.5#3, R7162-3.1.10#1 with pipelined commands (RFC 3501 §5.5): ENABLED, SEARCH and ESEARCH answer the ENABLE or SEARCH in progress, not the NOOP sent after it; an ESEARCH's TAG names its command")
    func pipelinedResponsesByKind() throws {
        func ids(_ body: String, capabilities: String = "IMAP4rev1 ENABLE CONDSTORE QRESYNC ESEARCH") throws -> Set<String> {
            Set(try Self.check(body, capabilities: capabilities).rootFindings.map(\.requirementID))
        }
        // ENABLE then NOOP without waiting: the ENABLED answers the ENABLE.
        let enable = """
            C1: e1 ENABLE CONDSTORE
            C1: n1 NOOP
            S1: * ENABLED CONDSTORE
            S1: e1 OK enabled
            S1: n1 OK done
            """
        #expect(try ids(enable).isEmpty)
        // A MODSEQ search's result without (MODSEQ n), arriving once a NOOP was sent after it.
        func search(_ answer: String) -> String {
            Self.qresyncSelect() + "\nC1: q1 UID SEARCH MODSEQ 6\nC1: n1 NOOP\n\(answer)\nS1: q1 OK done\nS1: n1 OK done"
        }
        #expect(try ids(search("S1: * SEARCH 2 3")) == ["R7162-3.1.5#3"])
        #expect(try ids(search("S1: * SEARCH 2 3 (MODSEQ 10)")).isEmpty)
        // Two searches in progress: ESEARCH's TAG says which one it answers.
        let two = Self.qresyncSelect() + """

            C1: q1 UID SEARCH RETURN (ALL) MODSEQ 6
            C1: q2 UID SEARCH RETURN (ALL) UNDELETED
            S1: * ESEARCH (TAG "q2") UID ALL 1:3
            S1: * ESEARCH (TAG "q1") UID ALL 2:3
            S1: q1 OK done
            S1: q2 OK done
            """
        #expect(try ids(two) == ["R7162-3.1.10#1"])
        #expect(try ids(two.replacingOccurrences(of: "ALL 2:3", with: "ALL 2:3 MODSEQ 10")).isEmpty)
    }

    @Test("R5161-3.2#D1: what an ENABLED answering an ENABLE the checker could not parse turns on counts as enabled before the next ENABLE")
    func enabledByUnparsedEnable() throws {
        let r = try Self.check("""
            C1: e0 ENABLE CONDSTORE "x"
            S1: * ENABLED CONDSTORE
            S1: e0 OK enabled
            C1: e1 ENABLE UTF8=ACCEPT
            S1: * ENABLED UTF8=ACCEPT CONDSTORE
            S1: e1 OK enabled
            """, capabilities: "IMAP4rev1 ENABLE CONDSTORE UTF8=ACCEPT")
        #expect(!r.rootFindings.contains { $0.requirementID == "R5161-3.2#D1" }, "\(r.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.1.5#3, R7162-3.1.10#1, R5161-3.2#D1 with several possible producers in progress (RFC 3501 §5.5): an untagged SEARCH, ESEARCH without TAG or ENABLED that another SEARCH, an unparsed command or another ENABLE may have produced is held to no command")
    func pipelinedResponsesUndetermined() throws {
        func ids(_ body: String, capabilities: String = "IMAP4rev1 ENABLE CONDSTORE QRESYNC ESEARCH") throws -> Set<String> {
            Set(try Self.check(body, capabilities: capabilities).rootFindings.map(\.requirementID))
        }
        // An unparsed SEARCH, then a MODSEQ search and a NOOP: the plain result is the unparsed one's.
        let unparsed = Self.qresyncSelect() + """

            C1: u1 SEARCH X-NOT-A-KEY 7
            C1: q1 SEARCH MODSEQ 6
            C1: n1 NOOP
            S1: * SEARCH 1
            S1: u1 OK done
            S1: * SEARCH 2 3 (MODSEQ 10)
            S1: q1 OK done
            S1: n1 OK done
            """
        #expect(try ids(unparsed).isEmpty)
        // Likewise an ESEARCH without TAG (an unparsed UID SORT RETURN, RFC 5267, answers with one).
        let esearch = Self.qresyncSelect() + """

            C1: u1 UID SORT RETURN (COUNT) (DATE) UTF-8 X-NOT-A-KEY
            C1: q1 SEARCH RETURN (COUNT) MODSEQ 6
            C1: n1 NOOP
            S1: * ESEARCH UID COUNT 1
            S1: u1 OK done
            S1: * ESEARCH (TAG "q1") COUNT 2 MODSEQ 10
            S1: q1 OK done
            S1: n1 OK done
            """
        #expect(try ids(esearch).isEmpty)
        // A UID SEARCH without MODSEQ and a MODSEQ search pipelined: the server may answer either first.
        let two = Self.qresyncSelect() + """

            C1: q1 UID SEARCH ALL
            C1: q2 SEARCH MODSEQ 6
            S1: * SEARCH 1 2 3
            S1: q1 OK done
            S1: * SEARCH 2 3 (MODSEQ 10)
            S1: q2 OK done
            """
        #expect(try ids(two).isEmpty)
        // Two ENABLEs pipelined: ENABLED QRESYNC may be the first one's.
        let enables = """
            C1: e1 ENABLE QRESYNC
            C1: e2 ENABLE UTF8=ACCEPT
            S1: * ENABLED QRESYNC
            S1: e1 OK enabled
            S1: e2 OK enabled
            """
        #expect(try ids(enables).isEmpty)
    }

    @Test("R7162-3.2.4#1, R7162-3.2.10.2#5, R7162-3.2.10#2 and R7162-3.1.4.1#D2 with pipelined commands (RFC 3501 §5.5): a response may answer any command in progress")
    func pipelinedCommands() throws {
        let body = """
            \(Self.qresyncInboxUIDs124)
            C1: f1 FETCH 1 (FLAGS)
            C1: n1 NOOP
            S1: * 1 FETCH (FLAGS ())
            S1: f1 OK done
            S1: n1 OK done
            C1: n2 NOOP
            C1: f2 FETCH 1 (FLAGS)
            S1: * VANISHED 4
            S1: n2 OK done
            S1: * 1 FETCH (FLAGS ())
            S1: f2 OK done
            C1: u3 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5 VANISHED)
            C1: n3 NOOP
            S1: * VANISHED (EARLIER) 3
            S1: * 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (6))
            S1: u3 OK done
            S1: n3 OK done
            """
        for closed in [false, true] {
            let r = try Self.check(body, closedWorld: closed)
            #expect(Self.ids(r).isEmpty, "closed world \(closed): \(r.rootFindings.map(\.expected))")
        }
        // Two UID FETCH VANISHED pipelined: the first one's FETCH does not count as the second's,
        // whose VANISHED (EARLIER) then still comes before its first FETCH (R7162-3.2.6#5).
        let twice = try Self.check(Self.qresyncSelect() + """

            C1: u1 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 6 VANISHED)
            C1: u2 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 6 VANISHED)
            S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))
            S1: u1 OK done
            S1: * VANISHED (EARLIER) 5
            S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))
            S1: u2 OK done
            """)
        #expect(Self.ids(twice).isEmpty, "\(twice.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.2.11#1 and R7162-3.2.5.1#3: responses before OK [CLOSED] (a FETCH, FLAGS, EXISTS) relate to the mailbox closed, not to the one being selected")
    func responsesBeforeClosed() throws {
        let body = """
            \(Self.qresyncInboxUIDs124)
            C1: s2 SELECT Other (QRESYNC (9 100))
            S1: * 2 FETCH (UID 2 FLAGS (\\Seen \\Flagged) MODSEQ (12))
            S1: * FLAGS (\\Seen \\Flagged \\Deleted $Junk)
            S1: * 4 EXISTS
            S1: * OK [CLOSED] x
            S1: * FLAGS (\\Seen \\Flagged \\Deleted)
            S1: * 2 EXISTS
            S1: * OK [UIDVALIDITY 8] valid
            S1: * OK [UIDNEXT 3] next
            S1: * OK [HIGHESTMODSEQ 4] highest
            S1: s2 OK [READ-WRITE] selected
            """
        for closed in [false, true] {
            let r = try Self.check(body, closedWorld: closed)
            #expect(Self.ids(r).isEmpty, "closed world \(closed): \(r.rootFindings.map(\.expected))")
        }
        // A server that must send CLOSED may send FLAGS as an update of the old mailbox before it.
        let flagsFirst = body.replacingOccurrences(of: "S1: * 2 FETCH (UID 2 FLAGS (\\Seen \\Flagged) MODSEQ (12))\nS1: * FLAGS (\\Seen \\Flagged \\Deleted $Junk)",
                                                   with: "S1: * FLAGS (\\Seen \\Flagged \\Deleted $Junk)\nS1: * 2 FETCH (UID 2 FLAGS (\\Seen \\Flagged) MODSEQ (12))")
        #expect(flagsFirst != body)
        for closed in [false, true] {
            let r = try Self.check(flagsFirst, closedWorld: closed)
            #expect(Self.ids(r).isEmpty, "FLAGS first, closed world \(closed): \(r.rootFindings.map(\.expected))")
        }
        // Without the CLOSED, the missing response code is still found.
        let missing = try Self.check(body.replacingOccurrences(of: "S1: * OK [CLOSED] x\n", with: ""))
        #expect(Self.ids(missing).contains("R7162-3.2.11#1"))
    }

    @Test("R7162-3.1.2#1, R3501-2.3.1.2#D1 and R7162-3.2.11#1: commands sent after a SELECT without waiting (RFC 3501 §5.5) run after it, so the untagged data before its OK is the SELECT's")
    func pipelinedAfterSelect() throws {
        let r = try Self.check("""
            C1: e1 ENABLE QRESYNC
            S1: * ENABLED QRESYNC
            S1: e1 OK enabled
            C1: s1 SELECT INBOX
            C1: f1 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1)
            C1: q1 UID SEARCH UNSEEN
            S1: * 2 EXISTS
            S1: * OK [UIDVALIDITY 5] valid
            S1: * OK [UIDNEXT 3] next
            S1: * OK [HIGHESTMODSEQ 9] highest
            S1: s1 OK [READ-WRITE] selected
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (4))
            S1: * 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (9))
            S1: f1 OK done
            S1: * SEARCH 1
            S1: q1 OK done
            C1: s2 EXAMINE Other
            C1: s3 SELECT Third
            C1: f2 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 40 VANISHED)
            S1: * OK [CLOSED] closed
            S1: * 1 EXISTS
            S1: * OK [UIDVALIDITY 6] valid
            S1: * OK [UIDNEXT 2] next
            S1: * OK [HIGHESTMODSEQ 3] highest
            S1: s2 OK [READ-ONLY] examined
            S1: * OK [CLOSED] closed
            S1: * 4 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 10] next
            S1: * OK [HIGHESTMODSEQ 44] highest
            S1: s3 OK [READ-WRITE] selected
            S1: * VANISHED (EARLIER) 3
            S1: * 4 FETCH (UID 9 FLAGS () MODSEQ (44))
            S1: f2 OK done
            C1: n1 NOOP
            S1: * VANISHED 9
            S1: n1 OK done
            """)
        #expect(r.rootFindings.isEmpty, "\(r.rootFindings.map(\.requirementID))")
        // The second SELECT closes the mailbox the first opened, even though none was selected
        // when both were sent: CLOSED is due.
        let noClosed = try Self.check("""
            C1: s1 SELECT INBOX
            C1: s2 SELECT Other
            S1: * 2 EXISTS
            S1: * OK [UIDVALIDITY 5] valid
            S1: s1 OK [READ-WRITE] selected
            S1: * 1 EXISTS
            S1: * OK [UIDVALIDITY 6] valid
            S1: s2 OK [READ-WRITE] selected
            """)
        #expect(Self.ids(noClosed) == ["R7162-3.2.11#1"])
    }

    @Test("R7162-3.2.11#1: no CLOSED is due for a SELECT pipelined after CLOSE, nor for a SELECT of the mailbox already selected (\"on another mailbox\")")
    func closedNotDue() throws {
        let other = """
            S1: * FLAGS (\\Seen \\Deleted)
            S1: * 2 EXISTS
            S1: * OK [UIDVALIDITY 8] valid
            S1: * OK [UIDNEXT 3] next
            S1: * OK [HIGHESTMODSEQ 4] highest
            S1: s2 OK [READ-WRITE] selected
            """
        let pipelined = try Self.check(Self.qresyncSelect() + "\nC1: c1 CLOSE\nC1: s2 SELECT Other\nS1: c1 OK closed\n" + other)
        #expect(Self.ids(pipelined).isEmpty, "\(pipelined.rootFindings.map(\.expected))")
        let same = other.replacingOccurrences(of: "UIDVALIDITY 8", with: "UIDVALIDITY 7").replacingOccurrences(of: "2 EXISTS", with: "3 EXISTS")
            .replacingOccurrences(of: "UIDNEXT 3", with: "UIDNEXT 4").replacingOccurrences(of: "HIGHESTMODSEQ 4", with: "HIGHESTMODSEQ 10")
        let reselect = try Self.check(Self.qresyncSelect() + "\nC1: s2 SELECT INBOX\n" + same)
        #expect(Self.ids(reselect).isEmpty, "\(reselect.rootFindings.map(\.expected))")
        // Another mailbox, not pipelined after CLOSE: CLOSED is due.
        let due = try Self.check(Self.qresyncSelect() + "\nC1: s2 SELECT Other\n" + other)
        #expect(Self.ids(due) == ["R7162-3.2.11#1"])
    }

    @Test("R7162-3.2.11#1: an unsolicited OK [CLOSED] deselects (RFC 9051 §3, transition (6)), so a later SELECT of another mailbox owes no CLOSED")
    func unsolicitedClosedDeselects() throws {
        let other = """
            C1: s2 SELECT Other
            S1: * FLAGS (\\Seen \\Deleted)
            S1: * 2 EXISTS
            S1: * OK [UIDVALIDITY 8] valid
            S1: * OK [UIDNEXT 3] next
            S1: * LIST () "/" Other
            S1: * OK [HIGHESTMODSEQ 4] highest
            S1: s2 OK [READ-WRITE] selected
            """
        let unsolicited = "C1: n1 NOOP\nS1: * OK [CLOSED] mailbox deleted by another session\nS1: n1 OK done\n"
        let rev2 = "IMAP4rev2 ENABLE CONDSTORE QRESYNC UIDPLUS MOVE ESEARCH"
        for closed in [false, true] {
            let r = try Self.check(Self.qresyncSelect() + "\n" + unsolicited + other, closedWorld: closed, capabilities: rev2)
            #expect(Self.ids(r).isEmpty, "closed world \(closed): \(r.rootFindings.map(\.expected))")
        }
        // Without it the INBOX is still selected and the SELECT of Other closes it: CLOSED is due.
        let due = try Self.check(Self.qresyncSelect() + "\nC1: n1 NOOP\nS1: n1 OK done\n" + other, capabilities: rev2)
        #expect(Self.ids(due) == ["R7162-3.2.11#1"])
    }

    @Test("R7162-3.1.3#4 closed world: flags changed by a session that is not CONDSTORE-aware (a STORE on messages it cannot name, a FETCH of BODY[] setting \\Seen) leave the mod-sequence unknown, not as it was")
    func unseenChangesWidenModSeq() throws {
        // Session 1 knows UID 4 at MODSEQ 10; session 2, not CONDSTORE-aware, then sets \\Seen on it.
        let before = """
            C2: l2 LOGIN test "***"
            S2: l2 OK logged in
            \(Self.qresyncInboxUIDs124)
            C2: s2 SELECT INBOX
            S2: * 3 EXISTS
            S2: * OK [UIDVALIDITY 7] valid
            S2: * OK [UIDNEXT 5] next
            S2: s2 OK [READ-WRITE] selected
            """
        let after = """
            C1: a3 STORE 3 (UNCHANGEDSINCE 10) +FLAGS (\\Flagged)
            S1: * 3 FETCH (UID 4 FLAGS (\\Seen) MODSEQ (11))
            S1: a3 OK [MODIFIED 3] failed
            """
        let changes = [
            ("a UID STORE on messages session 2 cannot name", """
                C2: b0 UID SEARCH UNSEEN
                S2: * SEARCH 1 4
                S2: b0 OK done
                C2: b1 UID STORE 4 +FLAGS.SILENT (\\Seen)
                S2: b1 OK done
                """),
            ("BODY[] answered with FLAGS", "C2: b1 FETCH 3 (UID BODY[])\nS2: * 3 FETCH (UID 4 BODY[] {5}\nS2: hello FLAGS (\\Seen))\nS2: b1 OK done"),
            ("BODY[] answered without FLAGS", "C2: b1 FETCH 3 (UID BODY[])\nS2: * 3 FETCH (UID 4 BODY[] {5}\nS2: hello)\nS2: b1 OK done"),
        ]
        for (name, change) in changes {
            let r = try CheckerInvariantTests.check([before, change, after].joined(separator: "\n"), closedWorld: true)
            #expect(Self.ids(r).isEmpty, "\(name): \(r.rootFindings.map(\.expected))")
        }
    }

    @Test("R7162-3.1.3#3 and R7162-3.1.3#6: a server that lists neither CONDSTORE nor QRESYNC is bound by no mod-sequence rule, even when it ignores UNCHANGEDSINCE (pymap 0.36.7)")
    func serverWithoutCondstore() throws {
        // The list after login is what counts (Dovecot lists CONDSTORE only then).
        let body = """
            C1: c0 CAPABILITY
            S1: * CAPABILITY IMAP4rev1 UIDPLUS MOVE IDLE
            S1: c0 OK done
            C1: s1 SELECT INBOX (CONDSTORE)
            S1: * 2 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 3] next
            S1: s1 OK [READ-WRITE] selected
            C1: a1 UID STORE 1 (UNCHANGEDSINCE 0) FLAGS ($Junk)
            S1: * 1 FETCH (FLAGS ($Junk) UID 1)
            S1: a1 OK stored
            C1: a2 STORE 2 (UNCHANGEDSINCE 1) -FLAGS.SILENT (\\Seen)
            S1: a2 OK stored
            C1: n1 NOOP
            S1: * 1 FETCH (FLAGS ($Junk \\Seen))
            S1: n1 OK done
            """
        let plain = "IMAP4rev1 UIDPLUS MOVE IDLE"
        for closed in [false, true] {
            let r = try Self.check(body, closedWorld: closed, capabilities: plain)
            #expect(Self.ids(r).isEmpty, "closed world \(closed): \(r.rootFindings.map(\.expected))")
        }
        // The same answers from a server that lists CONDSTORE break its rules.
        let condstore = body.replacingOccurrences(of: "* CAPABILITY IMAP4rev1 UIDPLUS", with: "* CAPABILITY IMAP4rev1 CONDSTORE UIDPLUS")
        #expect(!Self.ids(try Self.check(condstore, closedWorld: true, capabilities: plain)).isEmpty)
    }

    @Test("R3501-3.4#1 and R3501-3.4#2: LOGOUT gets an untagged BYE before its OK; a close the client sees without BYE breaks RFC 3501 §3.4 (RFC 9051's SHOULD NOT: a deviation)")
    func byeBeforeClose() throws {
        #expect(Self.ids(try Self.check("C1: o1 LOGOUT\nS1: * BYE logging out\nS1: o1 OK done")).isEmpty)
        #expect(Self.ids(try Self.check("C1: o1 LOGOUT\nS1: o1 OK done")) == ["R3501-3.4#1"])
        func closed(_ body: String, capabilities: String = "IMAP4rev1 ENABLE CONDSTORE QRESYNC") throws -> CheckReport {
            var c = TraceChecker()
            let trace = try TranscriptReader.read(Self.login(1, capabilities: capabilities) + "\n" + body, file: "test")
            c.check(trace)
            c.serverClosed(session: 1, afterLine: trace.events.count)
            return c.report
        }
        #expect(Self.ids(try closed("C1: n1 NOOP\nS1: * BYE idle too long")).isEmpty)
        #expect(Self.ids(try closed("C1: n1 NOOP")) == ["R3501-3.4#2"])
        // RFC 9051 §3.4 says SHOULD NOT: in an IMAP4rev2 session the close is a deviation.
        let rev2 = try closed("C1: n1 NOOP", capabilities: "IMAP4rev2 ENABLE CONDSTORE QRESYNC")
        #expect(Self.ids(rev2).isEmpty)
        #expect(rev2.rootFindings.map { "\($0.requirementID) \($0.severity)" } == ["R3501-3.4#2 deviation"])
    }

    @Test("Commands the checker does not parse: NAMESPACE, ID and extended LIST leave the verdict conclusive; an unparsed FETCH does not")
    func unparsedCommands() throws {
        let login = """
            C1: a2 ID ("name" "Thunderbird" "version" "128.0")
            S1: * ID ("name" "Dovecot")
            S1: a2 OK ID completed
            C1: a3 NAMESPACE
            S1: * NAMESPACE (("" "/")) NIL NIL
            S1: a3 OK Namespace completed
            C1: a4 LIST (SUBSCRIBED) "" "*" RETURN (SPECIAL-USE)
            S1: * LIST (\\Subscribed) "/" INBOX
            S1: a4 OK List completed
            """
        #expect(try Self.check(login).verdict == .conforms)
        // Their answers are still judged: LIST-STATUS (RFC 5819) brings STATUS responses, held to
        // RFC 7162 §3.1.7 (a NOMODSEQ mailbox's HIGHESTMODSEQ is 0).
        let listStatus = try Self.check("""
            C1: a4 LIST "" "*" RETURN (STATUS (HIGHESTMODSEQ))
            S1: * LIST () "/" INBOX
            S1: * STATUS INBOX (HIGHESTMODSEQ 5)
            S1: a4 OK List completed
            """)
        #expect(listStatus.verdict == .conforms)
        let noModSeq = try Self.check("""
            C1: s1 EXAMINE Archive (CONDSTORE)
            S1: * 1 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 2] next
            S1: * OK [NOMODSEQ] none
            S1: s1 OK [READ-ONLY] examined
            C1: c1 CLOSE
            S1: c1 OK closed
            C1: a4 LIST "" "*" RETURN (STATUS (HIGHESTMODSEQ))
            S1: * LIST () "/" Archive
            S1: * STATUS Archive (HIGHESTMODSEQ 5)
            S1: a4 OK List completed
            """, closedWorld: true)
        #expect(Self.ids(noModSeq) == ["R7162-3.1.7#1"])
        // A FETCH the parser cannot read may set \Seen or change what the session knows.
        let fetch = try Self.check(login + "\n" + Self.qresyncSelect() + """

            C1: a5 UID FETCH 1:* (FLAGS ANNOTATION (/comment value))
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5) ANNOTATION (/comment (value NIL)))
            S1: a5 OK done
            """)
        guard case .inconclusive(let why) = fetch.verdict else {
            Issue.record("an unparsed FETCH: \(fetch.verdict)")
            return
        }
        #expect(why.count == 1 && why[0].contains("line"))
    }

    @Test("R3501-2.3.1.2#D1: a SELECT the checker cannot parse (an RFC 4466 select-param it does not know, `*` in known-uids) selects a mailbox it does not know; its messages are not judged against no mailbox",
          arguments: ["SELECT Other (UTF8)", "EXAMINE Other (ANNOTATE)", "SELECT Other (QRESYNC (1 2 1:*))"])
    func unparsedSelect(_ select: String) throws {
        let r = try Self.check(Self.qresyncSelect() + """

            C1: u1 \(select)
            S1: * OK [CLOSED] closed
            S1: * 10 EXISTS
            S1: * OK [UIDVALIDITY 1] valid
            S1: * OK [UIDNEXT 40] next
            S1: * OK [HIGHESTMODSEQ 100] highest
            S1: u1 OK [READ-WRITE] selected
            C1: u2 NOOP
            S1: * 10 FETCH (UID 31 FLAGS () MODSEQ (100))
            S1: * 9 EXPUNGE
            S1: u2 OK done
            """)
        #expect(Self.ids(r).isEmpty)
        guard case .inconclusive(let why) = r.verdict else {
            Issue.record("an unparsed SELECT accepted: \(r.verdict)")
            return
        }
        #expect(why.count == 1)
        // A NO leaves no mailbox selected (RFC 3501 §6.3.1): a FETCH then is judged again.
        let refused = try Self.check(Self.qresyncSelect() + """

            C1: u1 \(select)
            S1: u1 NO no such mailbox
            C1: u2 NOOP
            S1: * 10 FETCH (UID 31 FLAGS () MODSEQ (100))
            S1: u2 OK done
            """)
        #expect(Self.ids(refused) == ["R3501-2.3.1.2#D1"])
    }

    @Test("R7162-3.1#7: a FETCH of read-only extension items (X-GM-MSGID, EMAILID...) is understood and judged: it made the trace inconclusive")
    func extensionFetchItems() throws {
        let fetch = Self.qresyncSelect() + """

            C1: x1 UID FETCH 1:* (UID FLAGS MODSEQ X-GM-MSGID EMAILID)
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5) X-GM-MSGID 1278455344230334865 EMAILID (M6d99ac3275bb4e))
            S1: x1 OK done
            """
        #expect(try Self.check(fetch).verdict == .conforms)
        // Judged like any FETCH: an unsolicited FETCH without MODSEQ during it is still caught.
        let bad = try Self.check(fetch.replacingOccurrences(of: "S1: x1 OK done", with: "S1: * 2 FETCH (UID 2 FLAGS (\\Seen))\nS1: x1 OK done"))
        #expect(Self.ids(bad) == ["R7162-3.1#7"])
    }

    @Test("R7162-3.1#4, closed world: a SELECT of the mailbox already selected owes no CLOSED, so its PERMANENTFLAGS belongs to the new selection (a kept-keyword STORE that changes nothing was a false violation)")
    func reselectKeepsPermanentFlags() throws {
        func trace(_ permanent: String, _ stores: String) throws -> Set<String> {
            let select = """
                S1: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
                S1: * OK [PERMANENTFLAGS (\(permanent))] limited
                S1: * 1 EXISTS
                S1: * OK [UIDVALIDITY 7] valid
                S1: * OK [UIDNEXT 2] next
                """
            return Self.ids(try Self.check("""
                C1: s0 SELECT INBOX
                \(select)
                S1: s0 OK [READ-WRITE] selected
                C1: s1 SELECT INBOX (CONDSTORE)
                \(select)
                S1: * OK [HIGHESTMODSEQ 5] highest
                S1: s1 OK [READ-WRITE] selected
                C1: f1 UID FETCH 1 (FLAGS MODSEQ)
                S1: * 1 FETCH (UID 1 FLAGS ($Junk) MODSEQ (5))
                S1: f1 OK done
                \(stores)
                """, closedWorld: true))
        }
        let systemOnly = "\\Answered \\Flagged \\Deleted \\Seen \\Draft"
        // $Junk is not in PERMANENTFLAGS: the server may ignore its removal (RFC 3501 §7.1).
        let ignoredRemoval = """
            C1: t1 UID STORE 1 FLAGS (\\Seen)
            S1: * 1 FETCH (UID 1 FLAGS ($Junk \\Seen) MODSEQ (6))
            S1: t1 OK stored
            C1: t2 UID STORE 1 FLAGS (\\Seen)
            S1: * 1 FETCH (UID 1 FLAGS ($Junk \\Seen) MODSEQ (6))
            S1: t2 OK stored
            """
        #expect(try trace(systemOnly, ignoredRemoval).isEmpty)
        // With \* the keyword lasts: setting it again after its removal is a change that needs a
        // new mod-sequence. Without \* it may last for the session only (a note, not a violation).
        let keywordBack = """
            C1: t1 UID STORE 1 FLAGS (\\Seen)
            S1: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (6))
            S1: t1 OK stored
            C1: t2 UID STORE 1 +FLAGS ($Junk)
            S1: * 1 FETCH (UID 1 FLAGS ($Junk \\Seen) MODSEQ (6))
            S1: t2 OK stored
            """
        #expect(try trace(systemOnly + " \\*", keywordBack) == ["R7162-3.1#4"])
        #expect(try trace(systemOnly, keywordBack).isEmpty)
    }

    // MARK: - §3.1 CONDSTORE

    static let modSeqCommands = [
        "FETCH 1:2 (FLAGS) (CHANGEDSINCE 1)", "UID FETCH 1:2 (FLAGS) (CHANGEDSINCE 1)", "FETCH 1 (MODSEQ)",
        "SEARCH MODSEQ 1", "UID SEARCH NOT MODSEQ 5", "STORE 1 (UNCHANGEDSINCE 9) +FLAGS (\\Seen)",
    ]

    @Test("R7162-3.1.2.2#2: a NOMODSEQ mailbox that accepts CHANGEDSINCE, MODSEQ or UNCHANGEDSINCE", arguments: modSeqCommands)
    func noModSeqRejects(_ command: String) throws {
        let bad = try Self.check(Self.noModSeqSelect + "\nC1: a3 \(command)\nS1: a3 OK done")
        #expect(Self.ids(bad) == ["R7162-3.1.2.2#2"])
        let good = try Self.check(Self.noModSeqSelect + "\nC1: a3 \(command)\nS1: a3 BAD no mod-sequences here")
        #expect(Self.ids(good).isEmpty)
        #expect(good.exercised.contains("R7162-3.1.2.2#2"))
    }

    @Test("R7162-3.1.3#2: a conditional STORE that changed a message without a FETCH carrying MODSEQ (closed world)")
    func conditionalStoreFetch() throws {
        let store = Self.qresyncSelect() + "\nC1: a5 STORE 1 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen)"
        let bad = try Self.check(store + "\nS1: a5 OK done", closedWorld: true)
        #expect(Self.ids(bad) == ["R7162-3.1.3#2"])
        let good = try Self.check(store + "\nS1: * 1 FETCH (UID 1 MODSEQ (11))\nS1: a5 OK done", closedWorld: true)
        #expect(Self.ids(good).isEmpty)
    }

    @Test("R7162-3.1#8: STATUS (HIGHESTMODSEQ) commands pipelined (RFC 3501 §5.5) with a mailbox selected: the untagged HIGHESTMODSEQ before the first one's OK answers it, whichever command is the latest")
    func pipelinedFirstEnablingCommand() throws {
        let select = """
            C1: s1 SELECT INBOX
            S1: * 5 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 6] next
            S1: s1 OK [READ-WRITE] selected
            C1: t1 STATUS Trash (HIGHESTMODSEQ MESSAGES)
            C1: t2 STATUS Sent (HIGHESTMODSEQ MESSAGES)
            S1: * STATUS Trash (HIGHESTMODSEQ 5 MESSAGES 1)
            """
        let rest = """

            S1: t1 OK done
            S1: * STATUS Sent (HIGHESTMODSEQ 6 MESSAGES 1)
            S1: t2 OK done
            """
        #expect(Self.ids(try Self.check(select + "\nS1: * OK [HIGHESTMODSEQ 20] highest" + rest)).isEmpty)
        #expect(Self.ids(try Self.check(select + rest)) == ["R7162-3.1#8"])
    }

    @Test("R7162-3.1.3#2 closed world: conditional STOREs pipelined (RFC 3501 §5.5): the FETCH with MODSEQ may answer any STORE in progress that targets the message")
    func pipelinedConditionalStores() throws {
        let stores = Self.qresyncSelect() + """

            C1: a5 UID STORE 1 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen)
            C1: a6 UID STORE 3 (UNCHANGEDSINCE 10) +FLAGS.SILENT (\\Seen)
            C1: a7 UID STORE 2 +FLAGS.SILENT (\\Flagged)
            S1: * 1 FETCH (UID 1 MODSEQ (11))
            S1: a5 OK done
            S1: * 3 FETCH (UID 3 MODSEQ (12))
            S1: a6 OK done
            """
        let good = try Self.check(stores + "\nS1: * 2 FETCH (UID 2 MODSEQ (13))\nS1: a7 OK done", closedWorld: true)
        #expect(Self.ids(good).isEmpty)
        // Still judged: a pipelined conditional STORE whose change no FETCH reported.
        let bad = try Self.check(stores.replacingOccurrences(of: "S1: * 3 FETCH (UID 3 MODSEQ (12))\n", with: "")
                                     + "\nS1: a7 OK done", closedWorld: true)
        #expect(Self.ids(bad) == ["R7162-3.1.3#2"])
    }

    @Test("R7162-3.1.4.1#D1: FETCH CHANGEDSINCE answering for a message whose mod-sequence is not above the value (closed world)")
    func changedSinceOnlyNewer() throws {
        let fetch = Self.qresyncSelect() + "\nC1: a5 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 7)"
        let bad = try Self.check(fetch + """

            S1: * 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (7))
            S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))
            S1: a5 OK done
            """, closedWorld: true)
        #expect(Self.ids(bad) == ["R7162-3.1.4.1#D1"])
        let good = try Self.check(fetch + "\nS1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))\nS1: a5 OK done", closedWorld: true)
        #expect(Self.ids(good).isEmpty)
        #expect(good.exercised.contains("R7162-3.1.4.1#D1"))
    }

    @Test("R7162-3.1.4.1#D1, open world: FETCH CHANGEDSINCE answering for a message whose MODSEQ is not above the value nor above the HIGHESTMODSEQ its selection began with (no news either)")
    func changedSinceNoNewsOpenWorld() throws {
        let select = """
            C1: a1 SELECT INBOX (CONDSTORE)
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [HIGHESTMODSEQ 12] highest
            S1: a1 OK [READ-WRITE] selected
            """
        // A client resynchronising right after SELECT: it was told no flags yet.
        let resync = select + "\nC1: a2 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12)\n"
        #expect(Self.ids(try Self.check(resync + "S1: * 3 FETCH (UID 5 FLAGS () MODSEQ (12))\nS1: a2 OK done")) == ["R7162-3.1.4.1#D1"])
        #expect(Self.ids(try Self.check(resync + "S1: * 3 FETCH (UID 5 FLAGS () MODSEQ (4))\nS1: a2 OK done")) == ["R7162-3.1.4.1#D1"])
        // A change made after the SELECT (by a session the trace does not show) is news.
        #expect(Self.ids(try Self.check(resync + "S1: * 3 FETCH (UID 5 FLAGS (\\Seen) MODSEQ (13))\nS1: a2 OK done")).isEmpty)
        // CHANGEDSINCE 4: MODSEQ 9 is above it, whatever the selection began with.
        let older = select + "\nC1: a2 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 4)\n"
        #expect(Self.ids(try Self.check(older + "S1: * 3 FETCH (UID 5 FLAGS () MODSEQ (9))\nS1: a2 OK done")).isEmpty)
        // Flags other than those the session was shown: news of a change, whose MODSEQ is judged
        // as a flag change's (R7162-3.1#4), not as an answer to CHANGEDSINCE.
        let shown = select + """

            C1: a2 FETCH 3 (UID FLAGS)
            S1: * 3 FETCH (UID 5 FLAGS ())
            S1: a2 OK done
            C1: a3 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12)
            S1: * 3 FETCH (UID 5 FLAGS (\\Seen) MODSEQ (11))
            S1: a3 OK done
            """
        #expect(!Self.ids(try Self.check(shown)).contains("R7162-3.1.4.1#D1"))
        // Pipelined with a FETCH without CHANGEDSINCE (RFC 3501 §5.5): it may answer that one.
        let pipelined = select + """

            C1: a2 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12)
            C1: a3 FETCH 3 (UID FLAGS MODSEQ)
            S1: * 3 FETCH (UID 5 FLAGS () MODSEQ (12))
            S1: a2 OK done
            S1: a3 OK done
            """
        #expect(Self.ids(try Self.check(pipelined)).isEmpty)
        // Closed world: another session's STORE that changed nothing may be broadcast as a FETCH
        // of the unchanged state (RFC 3501 §7.4.2), during the CHANGEDSINCE too.
        let noOp = Self.qresyncSelect(1) + "\n" + Self.qresyncSelect(2)
            + "\nC2: b5 UID STORE 1 -FLAGS (\\Seen)\nS2: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))\nS2: b5 OK done\n"
            + "C1: a5 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 7)\nS1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))\nS1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))\nS1: a5 OK done"
        #expect(!Self.ids(try Self.check(noOp, closedWorld: true)).contains("R7162-3.1.4.1#D1"))
        // A message outside the set: an unsolicited FETCH, not an answer.
        let outside = select + "\nC1: a2 UID FETCH 1:4 (FLAGS) (CHANGEDSINCE 12)\nS1: * 3 FETCH (UID 5 FLAGS () MODSEQ (12))\nS1: a2 OK done"
        #expect(!Self.ids(try Self.check(outside)).contains("R7162-3.1.4.1#D1"))
    }

    @Test("R7162-3.1#2 and R7162-3.1#3, closed world: each STORE gets its own mod-sequence, and a session's later STORE a higher one; one STORE may give several messages the same")
    func storesGetTheirOwnModSeqs() throws {
        let one = Self.qresyncSelect() + "\nC1: a5 UID STORE 1 +FLAGS (\\Flagged)\nS1: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))\nS1: a5 OK done\n"
        func second(_ m: Int) -> String { one + "C1: a6 UID STORE 3 +FLAGS (\\Flagged)\nS1: * 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (\(m)))\nS1: a6 OK done" }
        #expect(Self.ids(try Self.check(second(11), closedWorld: true)) == ["R7162-3.1#3"])
        #expect(Self.ids(try Self.check(second(12), closedWorld: true)).isEmpty)
        // Another session's STORE with the value session 1's got.
        let two = Self.qresyncSelect(1) + "\n" + Self.qresyncSelect(2)
            + "\nC1: a5 UID STORE 1 +FLAGS (\\Flagged)\nS1: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))\nS1: a5 OK done\n"
            + "C2: b5 UID STORE 3 +FLAGS (\\Flagged)\nS2: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))\n"
        #expect(Self.ids(try Self.check(two + "S2: * 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (11))\nS2: b5 OK done", closedWorld: true)) == ["R7162-3.1#2"])
        #expect(Self.ids(try Self.check(two + "S2: * 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (12))\nS2: b5 OK done", closedWorld: true)).isEmpty)
        // Overlapping: session 1's no-op STORE is answered with the MODSEQ session 2's STORE,
        // completed meanwhile (RFC 3501 §5.5), gave the message: not session 1's own value.
        let overlap = Self.qresyncSelect(1) + "\n" + Self.qresyncSelect(2)
            + "\nC1: a5 UID STORE 3 -FLAGS (\\Flagged)\nC2: b5 UID STORE 3 +FLAGS (\\Seen)\nS2: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))\n"
            + "S2: b5 OK done\nS1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK done"
        #expect(Self.ids(try Self.check(overlap, closedWorld: true)).isEmpty)
        // One STORE of two messages: one operation, one value.
        let both = Self.qresyncSelect() + "\nC1: a5 UID STORE 1,3 +FLAGS (\\Flagged)\nS1: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))\n"
            + "S1: * 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (11))\nS1: a5 OK done"
        #expect(Self.ids(try Self.check(both, closedWorld: true)).isEmpty)
    }

    @Test("R7162-3.2.5.1#3, closed world: a QRESYNC select reports the flag changes a STORE made after the client's mod-sequence, within its known UIDs")
    func resyncReportsFlagChanges() throws {
        let store = Self.qresyncSelect(1) + "\nC1: a5 UID STORE 3 +FLAGS (\\Flagged)\nS1: * 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (11))\nS1: a5 OK done\n"
        func resync(_ known: String, _ fetch: String) -> String {
            store + """
                C2: e2 ENABLE QRESYNC
                S2: * ENABLED QRESYNC
                S2: e2 OK enabled
                C2: s2 SELECT INBOX (QRESYNC (7 10\(known)))
                S2: * 3 EXISTS
                S2: * OK [UIDVALIDITY 7] valid
                S2: * OK [UIDNEXT 4] next
                S2: * OK [HIGHESTMODSEQ 11] highest
                \(fetch)S2: s2 OK [READ-WRITE] selected
                """
        }
        #expect(Self.ids(try Self.check(resync(" 1:3", ""), closedWorld: true)) == ["R7162-3.2.5.1#3"])
        #expect(Self.ids(try Self.check(resync("", ""), closedWorld: true)) == ["R7162-3.2.5.1#3"])
        #expect(Self.ids(try Self.check(resync(" 1:3", "S2: * 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (11))\n"), closedWorld: true)).isEmpty)
        // Outside the known UIDs the client named: not owed (the server should report only those).
        #expect(Self.ids(try Self.check(resync(" 1:2", ""), closedWorld: true)).isEmpty)
    }

    @Test("R7162-3.1.5#D1, R7162-3.1.5#D2 and R7162-3.1.5#3, closed world: a MODSEQ search is inclusive, finds every message at the value or above, and returns the highest of those it returns")
    func modSeqSearchMatches() throws {
        let search = Self.qresyncSelect() + "\nC1: a5 SEARCH MODSEQ 7\n"
        func ids(_ answer: String, closed: Bool = true) throws -> Set<String> {
            Self.ids(try Self.check(search + answer + "\nS1: a5 OK done", closedWorld: closed))
        }
        #expect(try ids("S1: * SEARCH 2 3 (MODSEQ 10)").isEmpty)
        #expect(try ids("S1: * SEARCH 3 (MODSEQ 10)") == ["R7162-3.1.5#D2"])
        #expect(try ids("S1: * SEARCH 1 2 3 (MODSEQ 10)") == ["R7162-3.1.5#D1"])
        // The open world does not know the messages did not change since.
        #expect(try ids("S1: * SEARCH 3 (MODSEQ 10)", closed: false).isEmpty)
        // The value is that of the messages returned, not the mailbox's.
        let notThree = Self.qresyncSelect() + "\nC1: a5 SEARCH MODSEQ 6 NOT UID 3\n"
        #expect(Self.ids(try Self.check(notThree + "S1: * SEARCH 2 (MODSEQ 10)\nS1: a5 OK done", closedWorld: true)) == ["R7162-3.1.5#3"])
        #expect(Self.ids(try Self.check(notThree + "S1: * SEARCH 2 (MODSEQ 7)\nS1: a5 OK done", closedWorld: true)).isEmpty)
        // Another session's change session 1 was not told of yet: it may be answered from its view
        // (Dovecot 2.3.19 does, seeds 982 and 983); once told, not.
        let other = Self.qresyncSelect(1) + "\n" + Self.qresyncSelect(2)
            + "\nC2: b5 UID STORE 1 +FLAGS (\\Flagged)\nS2: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))\nS2: b5 OK done\n"
        let untold = other + "C1: a6 SEARCH MODSEQ 11\nS1: * SEARCH\nS1: a6 OK done"
        #expect(Self.ids(try Self.check(untold, closedWorld: true)).isEmpty)
        let told = other + "C1: a6 NOOP\nS1: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))\nS1: a6 OK done\nC1: a7 SEARCH MODSEQ 11\nS1: * SEARCH\nS1: a7 OK done"
        #expect(Self.ids(try Self.check(told, closedWorld: true)) == ["R7162-3.1.5#D2"])
    }

    @Test("R6851-3.3#1, closed world: a MOVE that shows \\Deleted set on a message it moves (done as COPY, STORE, EXPUNGE)")
    func moveSetsNoDeleted() throws {
        let move = Self.qresyncSelect() + "\nC1: a5 UID MOVE 1 Trash\nS1: * OK [COPYUID 9 1 1] moved\n"
        let deleted = move + "S1: * 1 FETCH (UID 1 FLAGS (\\Deleted) MODSEQ (11))\nS1: * VANISHED 1\nS1: a5 OK [HIGHESTMODSEQ 12] done"
        #expect(Self.ids(try Self.check(deleted, closedWorld: true)) == ["R6851-3.3#1"])
        // The open world: another session may have set it meanwhile.
        #expect(!Self.ids(try Self.check(deleted)).contains("R6851-3.3#1"))
        #expect(Self.ids(try Self.check(move + "S1: * VANISHED 1\nS1: a5 OK [HIGHESTMODSEQ 12] done", closedWorld: true)).isEmpty)
        // UID 2 had \Deleted already.
        let had = Self.qresyncSelect() + "\nC1: a5 UID MOVE 2 Trash\nS1: * OK [COPYUID 9 2 1] moved\n"
            + "S1: * 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (7))\nS1: * VANISHED 2\nS1: a5 OK [HIGHESTMODSEQ 12] done"
        #expect(!Self.ids(try Self.check(had, closedWorld: true)).contains("R6851-3.3#1"))
    }

    @Test("R7162-3.1.3#13, closed world: a message named twice in a conditional STORE does not fail its second occurrence after passing the first; named once, the MODIFIED is R7162-3.1.3#4")
    func duplicateInConditionalStore() throws {
        func store(_ set: String) -> String {
            Self.qresyncSelect() + "\nC1: a5 STORE \(set) (UNCHANGEDSINCE 5) +FLAGS (\\Flagged)\nS1: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))\nS1: a5 OK [MODIFIED 1] partly"
        }
        #expect(Self.ids(try Self.check(store("1,1"), closedWorld: true)) == ["R7162-3.1.3#13"])
        #expect(Self.ids(try Self.check(store("1"), closedWorld: true)) == ["R7162-3.1.3#4"])
    }

    @Test("R7162-3.1#4, open world, across sessions of one user: a message's MODSEQ in a later selection is not below what another session was told before it began")
    func modSeqNeverBackAcrossSessions() throws {
        let first = Self.qresyncSelect(1) + "\nC1: o1 LOGOUT\nS1: * BYE bye\nS1: o1 OK done\n"
        func second(_ user: String) -> String {
            """
            S2: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready
            C2: l2 LOGIN \(user) "***"
            S2: l2 OK logged in
            """ + "\n" + Self.qresyncSelect(2).replacingOccurrences(of: "S2: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))", with: "S2: * 3 FETCH (UID 3 FLAGS () MODSEQ (8))")
                .replacingOccurrences(of: "[HIGHESTMODSEQ 10]", with: "[HIGHESTMODSEQ 8]")
        }
        // Session 1 (user test) saw UID 3 at 10; session 2 of the same user sees it at 8.
        #expect(Self.ids(try Self.check(first + second("test"))).contains("R7162-3.1#4"))
        // Another user's INBOX is another mailbox.
        #expect(Self.ids(try Self.check(first + second("other"))).isEmpty)
    }

    @Test("TraceChecker.forRecord: an excerpt is resumed (count a lower bound, QRESYNC perhaps on), its cut literal tail dropped, a closed world turned open, with notes")
    func excerptForRecord() throws {
        var trace = try TranscriptReader.read("""
            S: tail of a body)
            S: a4 OK done
            C: a5 UID EXPUNGE 7
            S: * VANISHED 7
            S: a5 OK done
            """)
        let (checker, notes) = TraceChecker.forRecord(&trace, options: CheckOptions(closedWorld: true))
        var c = checker
        c.check(trace)
        #expect(trace.events.count == 4)
        #expect(notes.count == 2 && notes[1].contains("checked in the open world"), "\(notes)")
        #expect(c.report.findings.filter { $0.severity == .violation }.isEmpty, "\(c.report.findings)")
        // The same lines judged as a whole connection: VANISHED to a client never seen enabling QRESYNC.
        var whole = TraceChecker(options: CheckOptions())
        whole.check(try TranscriptReader.read("C: a5 UID EXPUNGE 7\nS: * VANISHED 7\nS: a5 OK done"))
        #expect(!whole.report.findings.filter { $0.severity == .violation }.isEmpty)
    }

    @Test("R7162-3.1.10#1: ESEARCH for a MODSEQ search with matches but no MODSEQ")
    func esearchModSeq() throws {
        let search = Self.qresyncSelect() + "\nC1: a5 SEARCH RETURN (ALL) MODSEQ 6"
        let bad = try Self.check(search + "\nS1: * ESEARCH (TAG \"a5\") ALL 2:3\nS1: a5 OK done")
        #expect(Self.ids(bad) == ["R7162-3.1.10#1"])
        let good = try Self.check(search + "\nS1: * ESEARCH (TAG \"a5\") ALL 2:3 MODSEQ 10\nS1: a5 OK done")
        #expect(Self.ids(good).isEmpty)
        // No match: no MODSEQ is due.
        let empty = try Self.check(Self.qresyncSelect() + "\nC1: a5 SEARCH RETURN (COUNT) MODSEQ 60\nS1: * ESEARCH (TAG \"a5\") COUNT 0\nS1: a5 OK done")
        #expect(Self.ids(empty).isEmpty)
    }

    // MARK: - §3.2 QRESYNC

    @Test("R7162-3.2#3: a HIGHESTMODSEQ the client would hold passes an expunge it was not told of (closed world)")
    func noLostChanges() throws {
        let prefix = Self.login(2) + "\n" + Self.qresyncSelect(1) + "\n" + Self.qresyncSelect(2) + """

            C2: b1 EXPUNGE
            S2: * VANISHED 2
            S2: b1 OK [HIGHESTMODSEQ 11] expunged
            C2: b2 STORE 1 +FLAGS (\\Seen)
            S2: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (12))
            S2: b2 OK stored
            C1: a5 FETCH 1 (FLAGS)
            S1: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (12))
            """
        let suffix = "\nC1: a6 NOOP\nS1: * VANISHED 2\nS1: a6 OK done"
        // The client takes MODSEQ 12 as its HIGHESTMODSEQ (RFC 7162 §6) while UID 2's expunge (11) is still untold.
        let bad = try Self.check(prefix + "\nS1: a5 OK done" + suffix, closedWorld: true)
        #expect(Self.ids(bad) == ["R7162-3.2#3"])
        // A HIGHESTMODSEQ below the delayed expunge keeps the client safe (RFC 7162 §3.2, §6).
        let good = try Self.check(prefix + "\nS1: a5 OK [HIGHESTMODSEQ 10] done" + suffix, closedWorld: true)
        #expect(Self.ids(good).isEmpty)
        #expect(good.exercised.contains("R7162-3.2#3"))
    }

    @Test("R7162-3.2#3: a HIGHESTMODSEQ the client would hold passes another session's flag change it was not told of (closed world)")
    func noLostFlagChanges() throws {
        let prefix = Self.answeredByOtherSession + "\nC1: a5 NOOP"
        // UID 1 changed at 11; a client holding 11 would never be told (CHANGEDSINCE 11 leaves it out).
        let bad = try Self.check(prefix + "\nS1: a5 OK [HIGHESTMODSEQ 11] done", closedWorld: true)
        #expect(Self.ids(bad) == ["R7162-3.2#3"], "\(bad.rootFindings.map(\.expected))")
        // Told first, or a HIGHESTMODSEQ below the change: nothing is lost.
        let told = try Self.check(prefix + "\nS1: * 1 FETCH (UID 1 FLAGS (\\Answered) MODSEQ (11))\nS1: a5 OK [HIGHESTMODSEQ 11] done", closedWorld: true)
        #expect(Self.ids(told).isEmpty, "\(told.rootFindings.map(\.expected))")
        let below = try Self.check(prefix + "\nS1: a5 OK done", closedWorld: true)
        #expect(Self.ids(below).isEmpty, "\(below.rootFindings.map(\.expected))")
        #expect(below.exercised.contains("R7162-3.2#3"))
        // §6: with no HIGHESTMODSEQ code the client takes the highest MODSEQ FETCH data item, here
        // its own STORE's 12, which passes UID 1's change at 11 just as well.
        let stored = prefix.replacingOccurrences(of: "C1: a5 NOOP", with: "C1: a5 STORE 3 +FLAGS (\\Seen)")
        let viaFetch = try Self.check(stored + "\nS1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (12))\nS1: a5 OK done", closedWorld: true)
        #expect(Self.ids(viaFetch) == ["R7162-3.2#3"], "\(viaFetch.rootFindings.map(\.expected))")
        let capped = try Self.check(stored + "\nS1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (12))\nS1: a5 OK [HIGHESTMODSEQ 10] done", closedWorld: true)
        #expect(Self.ids(capped).isEmpty, "\(capped.rootFindings.map(\.expected))")
    }

    @Test("R3501-2.3.1.1#8, closed world: after a QRESYNC SELECT's VANISHED (EARLIER), message n needs n-1 unnamed UIDs below its own unless something could expunge meanwhile")
    func vanishedEarlierLeavesRoomForMessageNumbers() throws {
        func select(_ fetch: String) -> String {
            """
            C1: e1 ENABLE QRESYNC
            S1: * ENABLED QRESYNC
            S1: e1 OK enabled
            C1: s1 SELECT INBOX (QRESYNC (7 10 1:5))
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 6] next
            S1: * OK [HIGHESTMODSEQ 12] highest
            S1: * VANISHED (EARLIER) 2,4
            \(fetch)
            S1: s1 OK [READ-WRITE] selected
            """
        }
        // UIDs 1 and 3 are left below 5: message 3 can be UID 5.
        let fits = try Self.check(select("S1: * 3 FETCH (UID 5 FLAGS () MODSEQ (12))"), closedWorld: true)
        #expect(Self.ids(fits).isEmpty, "\(fits.rootFindings.map(\.expected))")
        #expect(fits.exercised.contains("R3501-2.3.1.1#8"))
        // Only UID 1 is left below 3: message 3 cannot be UID 3, so UID 2 (named) is still there.
        let named = try Self.check(select("S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (12))"), closedWorld: true)
        #expect(Self.ids(named) == ["R3501-2.3.1.1#8"], "\(named.rootFindings.map(\.expected))")
        // In the open world, or with another session's EXPUNGE in progress meanwhile, UID 2 may have
        // gone after the EXISTS counted it: named by VANISHED (EARLIER) and still message 2 until a
        // plain VANISHED (RFC 7162 §3.2.10, review).
        let open = try Self.check(select("S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (12))"))
        #expect(Self.ids(open).isEmpty, "\(open.rootFindings.map(\.expected))")
        let concurrent = Self.login(2) + "\nC2: x1 SELECT INBOX\nS2: * 3 EXISTS\nS2: x1 OK [READ-WRITE] selected\nC2: x2 EXPUNGE\n"
            + select("S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (12))") + "\nS2: x2 OK expunged"
        let racing = try Self.check(concurrent, closedWorld: true)
        #expect(!Self.ids(racing).contains("R3501-2.3.1.1#8"), "\(racing.rootFindings.map(\.expected))")
        #expect(UIDSet([2, 4, 5, 9]).count(in: 1...4) == 2 && UIDSet([2, 4, 5, 9]).count(in: 0...0) == 0
                && UIDSet(ranges: [3...8]).count(in: 1...5) == 3 && UIDSet(ranges: [3...8]).count(in: 1...99) == 6
                && UIDSet(ranges: [4_294_967_290...4_294_967_295]).count(in: 4_294_967_294...4_294_967_295) == 2)
    }

    @Test("R7162-3.2#3: a read-only selection (PERMANENTFLAGS ()) is owed the flag changes that last for the read-write ones (closed world)")
    func noLostFlagChangesReadOnly() throws {
        func trace(writerKeeps: String, writerFirst: Bool = false) -> String {
            let examine = Self.qresyncSelect(1, permanentFlags: "")
                .replacingOccurrences(of: "s1 SELECT INBOX", with: "s1 EXAMINE INBOX")
                .replacingOccurrences(of: "s1 OK [READ-WRITE]", with: "s1 OK [READ-ONLY]")
            let select = Self.qresyncSelect(2, permanentFlags: writerKeeps)
            return Self.login(2) + "\n" + (writerFirst ? select + "\n" + examine : examine + "\n" + select) + """

                C2: b1 STORE 1 +FLAGS (\\Answered)
                S2: * 1 FETCH (UID 1 FLAGS (\\Answered) MODSEQ (11))
                S2: b1 OK [HIGHESTMODSEQ 11] stored
                C1: a5 NOOP
                S1: a5 OK [HIGHESTMODSEQ 11] done
                """
        }
        // \Answered lasts for the writer, so the reader holding 11 has lost it, whichever selected first.
        for writerFirst in [false, true] {
            let lost = try Self.check(trace(writerKeeps: "\\Answered \\Seen \\*", writerFirst: writerFirst), closedWorld: true)
            #expect(Self.ids(lost) == ["R7162-3.2#3"], "writer first \(writerFirst): \(lost.rootFindings.map(\.expected))")
            // Kept for the writer's session only (RFC 3501 §7.1): nothing the reader could be owed.
            let sessionOnly = try Self.check(trace(writerKeeps: "\\Seen", writerFirst: writerFirst), closedWorld: true)
            #expect(Self.ids(sessionOnly).isEmpty, "writer first \(writerFirst): \(sessionOnly.rootFindings.map(\.expected))")
        }
        // A first writer that keeps only \Answered and \Seen sets \Draft for itself alone; another
        // writer sets and clears \Answered. The reader has lost nothing that lasts (review: the
        // first selection's PERMANENTFLAGS were not counted).
        let draftForItself = Self.login(3) + "\n" + Self.qresyncSelect(3, permanentFlags: "\\Answered \\Seen")
            + "\n" + trace(writerKeeps: "\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*").replacingOccurrences(of: "C1: a5 NOOP", with: """
                C3: c1 STORE 1 +FLAGS (\\Draft)
                S3: * 1 FETCH (UID 1 FLAGS (\\Draft) MODSEQ (5))
                S3: c1 OK stored for this session only
                C2: b2 STORE 1 -FLAGS (\\Answered)
                S2: * 1 FETCH (UID 1 FLAGS () MODSEQ (12))
                S2: b2 OK [HIGHESTMODSEQ 12] stored
                C1: a5 NOOP
                """).replacingOccurrences(of: "S1: a5 OK [HIGHESTMODSEQ 11] done", with: "S1: a5 OK [HIGHESTMODSEQ 12] done")
        let none = try Self.check(draftForItself, closedWorld: true)
        #expect(!Self.ids(none).contains("R7162-3.2#3"), "\(none.rootFindings.map(\.expected))")
    }

    @Test("Closed world: a STORE a read-only selection sends sets no flag of its own, and a SEARCH MODSEQ may be answered from its view before another session's change is reported (Dovecot, live)")
    func readOnlyStoreThenSearchFromView() throws {
        let examine = Self.qresyncSelect(1, permanentFlags: "")
            .replacingOccurrences(of: "s1 SELECT INBOX", with: "s1 EXAMINE INBOX")
            .replacingOccurrences(of: "s1 OK [READ-WRITE]", with: "s1 OK [READ-ONLY]")
        let r = try Self.check(Self.login(2) + "\n" + examine + "\n" + Self.qresyncSelect(2) + """

            C1: a1 STORE 1 +FLAGS ($Junk)
            S1: a1 OK Store ignored with read-only mailbox
            C2: b1 STORE 1 +FLAGS (\\Seen)
            S2: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (11))
            S2: b1 OK [HIGHESTMODSEQ 11] stored
            C1: a2 SEARCH MODSEQ 1
            S1: * SEARCH 1 2 3 (MODSEQ 10)
            S1: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (11))
            S1: a2 OK done
            """, closedWorld: true)
        #expect(!Self.ids(r).contains("R7162-3.1.5#3"), "\(r.rootFindings.map(\.expected))")
        #expect(r.exercised.contains("R7162-3.1.5#3"))
    }

    @Test("Closed world: a flag a session sets outside its PERMANENTFLAGS may be its own alone (RFC 3501 §7.1); another session clearing it changes nothing")
    func sessionOnlyFlagIsNotTheMailboxs() throws {
        let keepsLess = Self.qresyncSelect(3, permanentFlags: "\\Answered \\Seen")
        let trace = Self.login(2) + "\n" + Self.login(3) + "\n" + Self.qresyncSelect(2) + "\n" + keepsLess + """

            C3: c1 STORE 1 +FLAGS (\\Flagged)
            S3: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (5))
            S3: c1 OK stored for this session only
            C2: b1 STORE 1 -FLAGS (\\Flagged)
            S2: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
            S2: b1 OK [HIGHESTMODSEQ 10] stored
            """
        let r = try Self.check(trace, closedWorld: true)
        #expect(Self.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
        // The same with \Flagged kept by session 3: it lasts, and clearing it is a change.
        let lasting = trace.replacingOccurrences(of: "(\\Answered \\Seen)] p", with: "(\\Answered \\Flagged \\Seen)] p")
            .replacingOccurrences(of: "FLAGS (\\Flagged) MODSEQ (5)", with: "FLAGS (\\Flagged) MODSEQ (11)")
            .replacingOccurrences(of: "b1 OK [HIGHESTMODSEQ 10]", with: "b1 OK [HIGHESTMODSEQ 11]")
        let kept = try Self.check(lasting, closedWorld: true)
        #expect(kept.rootFindings.contains { $0.requirementID == "R7162-3.1#4" && $0.observed.first?.contains("FLAGS () MODSEQ (5)") == true },
                "\(kept.rootFindings.map { "\($0.requirementID) \($0.observed)" })")
    }

    @Test("R7162-3.2#3: flags the client determined itself with a STORE of its own are what it knows (closed world)")
    func noLostFlagChangesOwnStore() throws {
        let answered = Self.answeredByOtherSession
        // RFC 3501 §6.4.6: after .SILENT the client has determined the flags itself. FLAGS replaces
        // UID 1's flags whatever they were, and +FLAGS of the flag already set leaves them as they
        // are: the client holds UID 1's flags at MODSEQ 12, and nothing is lost.
        for (store, modSeq) in [("FLAGS.SILENT (\\Seen)", 12), ("+FLAGS.SILENT (\\Answered)", 11)] {
            let own = try Self.check(answered + """

                C1: a5 STORE 1 (UNCHANGEDSINCE 20) \(store)
                S1: * 1 FETCH (UID 1 MODSEQ (\(modSeq)))
                S1: a5 OK done
                """, closedWorld: true)
            #expect(Self.ids(own).isEmpty, "\(store): \(own.rootFindings.map(\.expected))")
        }
        // +FLAGS of another flag leaves the client without \Answered.
        let lost = try Self.check(answered + """

            C1: a5 STORE 1 +FLAGS.SILENT (\\Seen)
            S1: * 1 FETCH (UID 1 MODSEQ (12))
            S1: a5 OK done
            """, closedWorld: true)
        #expect(Self.ids(lost) == ["R7162-3.2#3"], "\(lost.rootFindings.map(\.expected))")
        // The client's own \Seen, then another session's change undone: UID 1 has the flags the client determined.
        let undone = try Self.check(Self.login(2) + "\n" + Self.qresyncSelect(1) + "\n" + Self.qresyncSelect(2) + """

            C1: a5 STORE 1 +FLAGS.SILENT (\\Seen)
            S1: * 1 FETCH (UID 1 MODSEQ (11))
            S1: a5 OK done
            C2: b1 STORE 1 +FLAGS (\\Answered)
            S2: * 1 FETCH (UID 1 FLAGS (\\Answered \\Seen) MODSEQ (12))
            S2: b1 OK stored
            C2: b2 STORE 1 -FLAGS (\\Answered)
            S2: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (13))
            S2: b2 OK stored
            C1: a6 NOOP
            S1: a6 OK [HIGHESTMODSEQ 13] done
            """, closedWorld: true)
        #expect(Self.ids(undone).isEmpty, "\(undone.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.2#3: a message MODIFIED names was told to have changed (closed world)")
    func noLostFlagChangesModified() throws {
        let answered = Self.answeredByOtherSession
        // RFC 7162 §3.1.3, Example 9: MODIFIED without a FETCH of the message is allowed (one is
        // only RECOMMENDED); the client SHOULD then find out with FETCH or NOOP, and the NOOP tells it.
        for key in ["STORE 1,3", "UID STORE 1,3"] {
            let modified = """

                C1: a5 \(key) (UNCHANGEDSINCE 10) +FLAGS.SILENT (\\Seen)
                S1: * 3 FETCH (UID 3 MODSEQ (12))
                S1: a5 OK [MODIFIED 1] failed
                """
            let told = try Self.check(answered + modified + """

                C1: a6 NOOP
                S1: * 1 FETCH (UID 1 FLAGS (\\Answered) MODSEQ (11))
                S1: a6 OK done
                """, closedWorld: true)
            #expect(Self.ids(told).isEmpty, "\(key): \(told.rootFindings.map(\.expected))")
            // A NOOP that still says nothing of UID 1 leaves the client at 12 for good.
            let untold = try Self.check(answered + modified + "\nC1: a6 NOOP\nS1: a6 OK done", closedWorld: true)
            #expect(Self.ids(untold) == ["R7162-3.2#3"], "\(key): \(untold.rootFindings.map(\.expected))")
        }
    }

    @Test("R7162-3.2#3: pipelined STOREs of one message take effect in the order given (closed world)")
    func noLostFlagChangesPipelinedStores() throws {
        // RFC 3501 §5.5: the server runs them in order, so the second starts from the first's
        // (\Seen) and leaves (\Seen \Flagged), what the client determined: no \Answered to lose.
        let r = try Self.check(Self.login(2) + "\n" + Self.qresyncSelect(1) + "\n" + Self.qresyncSelect(2) + """

            C2: b1 STORE 1 +FLAGS (\\Answered)
            S2: * 1 FETCH (UID 1 FLAGS (\\Answered) MODSEQ (11))
            S2: b1 OK [HIGHESTMODSEQ 11] stored
            C1: a5 STORE 1 FLAGS.SILENT (\\Seen)
            C1: a6 STORE 1 +FLAGS.SILENT (\\Flagged)
            S1: * 1 FETCH (UID 1 MODSEQ (12))
            S1: a5 OK done
            S1: * 1 FETCH (UID 1 MODSEQ (13))
            S1: a6 OK done
            """, closedWorld: true)
        #expect(Self.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.2.5#3: resynchronisation data although the client's UIDVALIDITY does not match")
    func uidValidityMismatch() throws {
        func select(_ uidValidity: Int, fetch: Bool) -> String {
            """
            C1: e1 ENABLE QRESYNC
            S1: * ENABLED QRESYNC
            S1: e1 OK enabled
            C1: a3 SELECT INBOX (QRESYNC (\(uidValidity) 5))
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 4] next
            S1: * OK [HIGHESTMODSEQ 10] highest
            """ + (fetch ? "\nS1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))" : "") + "\nS1: a3 OK [READ-WRITE] selected"
        }
        #expect(Self.ids(try Self.check(select(99, fetch: true))) == ["R7162-3.2.5#3"])
        #expect(Self.ids(try Self.check(select(99, fetch: false))).isEmpty)
        #expect(Self.ids(try Self.check(select(7, fetch: true))).isEmpty)
    }

    @Test("R7162-3.2.5.1#2: resynchronisation data for a mailbox answered with NOMODSEQ")
    func noModSeqResync() throws {
        func select(fetch: Bool) -> String {
            """
            C1: e1 ENABLE QRESYNC
            S1: * ENABLED QRESYNC
            S1: e1 OK enabled
            C1: a3 SELECT INBOX (QRESYNC (7 5))
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 4] next
            S1: * OK [NOMODSEQ] no mod-sequences
            """ + (fetch ? "\nS1: * 3 FETCH (UID 3 FLAGS ())" : "") + "\nS1: a3 OK [READ-WRITE] selected"
        }
        #expect(Self.ids(try Self.check(select(fetch: true))) == ["R7162-3.2.5.1#2"])
        #expect(Self.ids(try Self.check(select(fetch: false))).isEmpty)
    }

    @Test("R7162-3.2.6#1: FETCH with the VANISHED modifier accepted")
    func vanishedOnFetch() throws {
        let fetch = Self.qresyncSelect() + "\nC1: a5 FETCH 1:3 (FLAGS) (CHANGEDSINCE 1 VANISHED)"
        #expect(Self.ids(try Self.check(fetch + "\nS1: a5 OK done")) == ["R7162-3.2.6#1"])
        #expect(Self.ids(try Self.check(fetch + "\nS1: a5 BAD VANISHED is a UID FETCH modifier")).isEmpty)
    }

    @Test("R7162-3.2.6#4: UID FETCH with VANISHED but without CHANGEDSINCE accepted")
    func vanishedNeedsChangedSince() throws {
        let fetch = Self.qresyncSelect() + "\nC1: a5 UID FETCH 1:3 (FLAGS) (VANISHED)"
        #expect(Self.ids(try Self.check(fetch + "\nS1: a5 OK done")) == ["R7162-3.2.6#4"])
        #expect(Self.ids(try Self.check(fetch + "\nS1: a5 BAD VANISHED needs CHANGEDSINCE")).isEmpty)
    }

    @Test("R7162-3.2.6#D1: UID FETCH (CHANGEDSINCE VANISHED) leaving out a UID expunged after the value (closed world)")
    func vanishedModifierReports() throws {
        let fetch = Self.qresyncSelect() + """

            C1: a5 EXPUNGE
            S1: * VANISHED 2
            S1: a5 OK [HIGHESTMODSEQ 11] expunged
            C1: a6 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 10 VANISHED)
            """
        let bad = try Self.check(fetch + "\nS1: a6 OK done", closedWorld: true)
        #expect(Self.ids(bad) == ["R7162-3.2.6#D1"])
        let good = try Self.check(fetch + "\nS1: * VANISHED (EARLIER) 2\nS1: a6 OK done", closedWorld: true)
        #expect(Self.ids(good).isEmpty)
        // Asked only since 11, UID 2's expunge is not news.
        let since11 = fetch.replacingOccurrences(of: "CHANGEDSINCE 10", with: "CHANGEDSINCE 11")
        #expect(Self.ids(try Self.check(since11 + "\nS1: a6 OK done", closedWorld: true)).isEmpty)
    }

    @Test("R7162-3.2.6#D1: an EXPUNGE of two messages may give each its own mod-sequence, the HIGHESTMODSEQ being the larger (closed world)")
    func vanishedModifierPerMessageExpunge() throws {
        let fetch = Self.qresyncSelect() + """

            C1: a5 STORE 3 +FLAGS (\\Deleted)
            S1: * 3 FETCH (UID 3 FLAGS (\\Deleted) MODSEQ (11))
            S1: a5 OK stored
            C1: a6 EXPUNGE
            S1: * VANISHED 2:3
            S1: a6 OK [HIGHESTMODSEQ 13] expunged
            C1: a7 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 12 VANISHED)
            """
        // Cyrus 3.6 does this: UID 2 at 12, UID 3 at 13, so only UID 3 is news since 12.
        let good = try Self.check(fetch + "\nS1: * VANISHED (EARLIER) 3\nS1: a7 OK done", closedWorld: true)
        #expect(Self.ids(good).isEmpty, "\(good.rootFindings.map(\.expected))")
        // Since 11 both expunges are news, whatever value each got (12 and 13, or 13 for both).
        let since11 = fetch.replacingOccurrences(of: "CHANGEDSINCE 12", with: "CHANGEDSINCE 11")
        let bad = try Self.check(since11 + "\nS1: * VANISHED (EARLIER) 3\nS1: a7 OK done", closedWorld: true)
        #expect(Self.ids(bad) == ["R7162-3.2.6#D1"])
    }

    @Test("R7162-3.1#D1: an appended message's first MODSEQ is above every mod-sequence the mailbox reported before (closed world)")
    func arrivalModSeq() throws {
        // The mailbox's highest is 10; APPEND adds UID 4.
        let prefix = Self.qresyncSelect() + """

            C1: ap APPEND INBOX {3}
            C1: abc
            S1: * 4 EXISTS
            S1: ap OK [APPENDUID 7 4] done
            C1: f2 UID FETCH 4 (FLAGS MODSEQ)
            """
        let low = try Self.check(prefix + "\nS1: * 4 FETCH (UID 4 FLAGS () MODSEQ (9))\nS1: f2 OK done", closedWorld: true)
        #expect(Self.ids(low) == ["R7162-3.1#D1"], "\(low.rootFindings.map(\.expected))")
        let above = try Self.check(prefix + "\nS1: * 4 FETCH (UID 4 FLAGS () MODSEQ (11))\nS1: f2 OK done", closedWorld: true)
        #expect(Self.ids(above).isEmpty, "\(above.rootFindings.map(\.expected))")
        #expect(above.exercised.contains("R7162-3.1#D1"))
    }

    @Test("R7162-3.1.3#3 and R7162-3.1.3#8: a conditional +FLAGS or -FLAGS fails only when a flag it names changed after the value; FLAGS when the message did (closed world)")
    func unchangedSincePerFlag() throws {
        // UID 3 has MODSEQ 10, above 9, from a change the trace does not show: which flag it was is unknown.
        let prefix = Self.login(2) + "\n" + Self.qresyncSelect(1) + "\n" + Self.qresyncSelect(2)
        let technique = try Self.check(prefix + """

            C1: a5 UID STORE 3 (UNCHANGEDSINCE 9) +FLAGS (\\Seen)
            S1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))
            S1: a5 OK done
            """, closedWorld: true)
        // RFC 7162 §3.1.3 asks servers to avoid MODIFIED for +FLAGS/-FLAGS when only other metadata
        // changed (§3.1.12), and a server may keep a mod-sequence per flag (§3.1): no violation.
        #expect(Self.ids(technique).isEmpty, "\(technique.rootFindings.map(\.expected))")
        let replace = try Self.check(prefix + """

            C1: a5 UID STORE 3 (UNCHANGEDSINCE 9) FLAGS (\\Seen)
            S1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))
            S1: a5 OK done
            """, closedWorld: true)
        #expect(Self.ids(replace) == ["R7162-3.1.3#3"], "\(replace.rootFindings.map(\.expected))")
        // Session 2 sets \Seen at 11; session 1, which knows 10, sets it conditionally on 10.
        let conflict = prefix + """

            C2: b1 UID STORE 3 +FLAGS (\\Seen)
            S2: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))
            S2: b1 OK done
            C1: a5 UID STORE 3 (UNCHANGEDSINCE 10) -FLAGS (\\Seen)
            """
        let lost = try Self.check(conflict + "\nS1: * 3 FETCH (UID 3 FLAGS () MODSEQ (12))\nS1: a5 OK done", closedWorld: true)
        #expect(Self.ids(lost) == ["R7162-3.1.3#3"], "\(lost.rootFindings.map(\.expected))")
        let failed = try Self.check(conflict + "\nS1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK [MODIFIED 3] failed", closedWorld: true)
        #expect(Self.ids(failed).isEmpty, "\(failed.rootFindings.map(\.expected))")
        // Another flag changed after the value: +FLAGS of \Flagged may still pass (§3.1.12).
        let other = try Self.check(conflict.replacingOccurrences(of: "-FLAGS (\\Seen)", with: "+FLAGS (\\Flagged)")
            + "\nS1: * 3 FETCH (UID 3 FLAGS (\\Seen \\Flagged) MODSEQ (12))\nS1: a5 OK done", closedWorld: true)
        #expect(Self.ids(other).isEmpty, "\(other.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.1.3#6: UNCHANGEDSINCE 0 with a system flag passed for a message still there (closed world)")
    func unchangedSinceZeroSystemFlag() throws {
        let store = Self.qresyncSelect() + "\nC1: a5 STORE 1:3 (UNCHANGEDSINCE 0) +FLAGS (\\Seen)\nS1: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (11))"
        let bad = try Self.check(store + "\nS1: a5 OK [MODIFIED 2:3] done", closedWorld: true)
        #expect(Self.ids(bad).contains("R7162-3.1.3#6"))
        let good = try Self.check(store.replacingOccurrences(of: "\nS1: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (11))", with: "")
            + "\nS1: a5 OK [MODIFIED 1:3] done", closedWorld: true)
        #expect(Self.ids(good).isEmpty, "\(good.rootFindings.map(\.expected))")
        // Open world: another agent may have expunged message 1 and the server answered from the
        // view (RFC 2180 §4.1), so the same lines are not judged.
        #expect(!Self.ids(try Self.check(store + "\nS1: a5 OK [MODIFIED 2:3] done")).contains("R7162-3.1.3#6"))
    }

    @Test("R7162-3.2.9#1: UID EXPUNGE that removed a message reports a HIGHESTMODSEQ not above the old one (closed world)")
    func uidExpungeIncrements() throws {
        let expunge = Self.qresyncSelect() + "\nC1: a5 UID EXPUNGE 1:3\nS1: * VANISHED 2"
        let bad = try Self.check(expunge + "\nS1: a5 OK [HIGHESTMODSEQ 10] expunged", closedWorld: true)
        #expect(Self.ids(bad) == ["R7162-3.2.9#1"])
        let good = try Self.check(expunge + "\nS1: a5 OK [HIGHESTMODSEQ 11] expunged", closedWorld: true)
        #expect(Self.ids(good).isEmpty)
    }

    @Test("R7162-3.2.9#3: no HIGHESTMODSEQ in the OK of a UID EXPUNGE that removed messages with QRESYNC on (closed world)")
    func uidExpungeHighestModSeq() throws {
        let expunge = Self.qresyncSelect() + "\nC1: a5 UID EXPUNGE 2\nS1: * VANISHED 2"
        let bad = try Self.check(expunge + "\nS1: a5 OK expunged", closedWorld: true)
        #expect(Self.ids(bad) == ["R7162-3.2.9#3"])
        let good = try Self.check(expunge + "\nS1: a5 OK [HIGHESTMODSEQ 11] expunged", closedWorld: true)
        #expect(Self.ids(good).isEmpty)
        #expect(good.exercised.contains("R7162-3.2.9#3"))
    }

    @Test("R7162-3.2.10#2: VANISHED (EARLIER) announcing an EXPUNGE's removal")
    func vanishedNotEarlier() throws {
        let expunge = Self.qresyncSelect() + "\nC1: a5 EXPUNGE"
        let bad = try Self.check(expunge + "\nS1: * VANISHED (EARLIER) 2\nS1: a5 OK [HIGHESTMODSEQ 11] expunged")
        #expect(Self.ids(bad) == ["R7162-3.2.10#2"])
        let noop = try Self.check(Self.qresyncSelect() + "\nC1: a5 NOOP\nS1: * VANISHED (EARLIER) 2\nS1: a5 OK done")
        #expect(Self.ids(noop) == ["R7162-3.2.10#2"])
        let good = try Self.check(expunge + "\nS1: * VANISHED 2\nS1: a5 OK [HIGHESTMODSEQ 11] expunged")
        #expect(Self.ids(good).isEmpty)
    }

    @Test("R7162-3.2.10.2#7: VANISHED during a UID SEARCH with message numbers in its criteria")
    func vanishedInSequenceSearch() throws {
        let bad = try Self.check(Self.qresyncSelect() + "\nC1: a5 UID SEARCH 1:3\nS1: * VANISHED 2\nS1: * SEARCH 1 3\nS1: a5 OK done")
        #expect(Self.ids(bad) == ["R7162-3.2.10.2#7"])
        let good = try Self.check(Self.qresyncSelect() + "\nC1: a5 UID SEARCH UID 1:3\nS1: * VANISHED 2\nS1: * SEARCH 1 3\nS1: a5 OK done")
        #expect(Self.ids(good).isEmpty)
    }

    @Test("R7162-3.2.11#L1: a CONDSTORE-only server closing a mailbox by SELECT without OK [CLOSED], no enabling command issued")
    func closedForCondstoreOnly() throws {
        let caps = "IMAP4rev1 CONDSTORE UIDPLUS"
        let first = "C1: a2 SELECT INBOX\nS1: * 1 EXISTS\nS1: * OK [UIDVALIDITY 7] valid\nS1: a2 OK [READ-WRITE] selected\nC1: a3 SELECT Other"
        let bad = try Self.check(first + "\nS1: * 0 EXISTS\nS1: * OK [UIDVALIDITY 9] valid\nS1: a3 OK [READ-WRITE] selected", capabilities: caps)
        #expect(Self.ids(bad) == ["R7162-3.2.11#L1"])
        let good = try Self.check(first + "\nS1: * OK [CLOSED] closed\nS1: * 0 EXISTS\nS1: * OK [UIDVALIDITY 9] valid\nS1: a3 OK [READ-WRITE] selected",
                                  capabilities: caps)
        #expect(Self.ids(good).isEmpty)
    }
}

/// RFC 7162 §3.2.2 and §3.2.3: what a server listing QRESYNC lists with it.
@Suite("Checker - the capabilities a QRESYNC server lists")
struct QResyncCapabilityTests {
    /// A session whose LOGIN completes with the given capability list (the greeting lists less).
    static func findings(_ capabilities: String) throws -> [Finding] {
        let trace = try TranscriptReader.read("""
            S1: * OK [CAPABILITY IMAP4rev1\(capabilities.contains("QRESYNC") ? " QRESYNC" : "")] ready
            C1: l1 LOGIN test "***"
            S1: l1 OK [CAPABILITY \(capabilities)] logged in
            """, file: "test")
        var c = TraceChecker()
        c.check(trace)
        return c.report.rootFindings
    }

    @Test("R7162-3.2.3#1: a list before login is not judged; an untagged CAPABILITY after login is")
    func onlyAuthenticatedLists() throws {
        // The greeting above lists QRESYNC alone: before login a server may list less.
        #expect(try Self.findings("IMAP4rev1 ENABLE CONDSTORE QRESYNC").isEmpty)
        let trace = try TranscriptReader.read("""
            S1: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready
            C1: l1 LOGIN test "***"
            S1: l1 OK logged in
            C1: c1 CAPABILITY
            S1: * CAPABILITY IMAP4rev1 CONDSTORE QRESYNC
            S1: c1 OK done
            """, file: "test")
        var c = TraceChecker()
        c.check(trace)
        #expect(c.report.rootFindings.map(\.requirementID) == ["R7162-3.2.3#1"])
    }

    @Test("R7162-3.2.3#1: QRESYNC without ENABLE among the capabilities")
    func enableListed() throws {
        let bad = try Self.findings("IMAP4rev1 CONDSTORE QRESYNC")
        #expect(bad.map(\.requirementID) == ["R7162-3.2.3#1"])
        #expect(bad.first?.severity == .violation)
        #expect(try Self.findings("IMAP4rev1 ENABLE CONDSTORE QRESYNC").isEmpty)
        // A server without QRESYNC owes neither.
        #expect(try Self.findings("IMAP4rev1 CONDSTORE").isEmpty)
    }

    @Test("R7162-3.2.2#1: QRESYNC without CONDSTORE is a deviation (a SHOULD)")
    func condstoreListed() throws {
        let f = try Self.findings("IMAP4rev1 ENABLE QRESYNC")
        #expect(f.map(\.requirementID) == ["R7162-3.2.2#1"])
        #expect(f.first?.severity == .deviation)
    }

    @Test("every checkedAs ID is a requirement the checker cites")
    func checkedAsCited() {
        let held = Registry.all.filter { !$0.checkedAs.isEmpty }
        #expect(held.count >= 10)
        for r in held {
            for id in r.checkedAs {
                #expect(Registry.requirement(id) != nil, "\(r.id) is held as unknown \(id)")
                #expect(Citation.all.contains(id), "\(r.id) is held as \(id), which the checker never cites")
            }
        }
    }
}

/// False alarms found on model traces and fixed: each trace conforms.
@Suite("Checker - model-generated situations that conform")
struct CheckerConformingTests {
    @Test("R7162-3.1#4: a STORE answered NO keeps the flags its own FETCH showed; the same STORE again changes nothing")
    func storeNoKeepsObservedFlags() throws {
        let r = try CheckerInvariantTests.check(CheckerInvariantTests.qresyncSelect() + """

            C1: x1 STORE 1 +FLAGS (\\Flagged)
            S1: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))
            S1: x1 NO some of the messages no longer exist
            C1: x2 STORE 1 +FLAGS (\\Flagged)
            S1: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))
            S1: x2 OK stored
            """, closedWorld: true)
        #expect(CheckerInvariantTests.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
        // The teeth: a real change in the second STORE with the old MODSEQ is still caught.
        let bad = try CheckerInvariantTests.check(CheckerInvariantTests.qresyncSelect() + """

            C1: x1 STORE 1 +FLAGS (\\Flagged)
            S1: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (11))
            S1: x1 NO some of the messages no longer exist
            C1: x2 STORE 1 +FLAGS (\\Seen)
            S1: * 1 FETCH (UID 1 FLAGS (\\Flagged \\Seen) MODSEQ (11))
            S1: x2 OK stored
            """, closedWorld: true)
        #expect(CheckerInvariantTests.ids(bad) == ["R7162-3.1#4"])
    }

    @Test("R7162-3.1#4: a message another session expunged, stored and fetched by sessions not yet told, is not brought back")
    func expungedMessageStaysGone() throws {
        let setup = CheckerInvariantTests.qresyncSelect(1) + "\n" + CheckerInvariantTests.login(2) + "\n" + CheckerInvariantTests.qresyncSelect(2)
            + "\n" + CheckerInvariantTests.login(3) + "\n" + CheckerInvariantTests.qresyncSelect(3) + """

            C1: m1 UID MOVE 3 Other
            S1: * OK [COPYUID 9 3 1] moved
            S1: * VANISHED 3
            S1: m1 OK [HIGHESTMODSEQ 11] done
            C2: t1 STORE 3 +FLAGS (\\Seen)
            S2: * 3 FETCH (UID 3 MODSEQ (12) FLAGS (\\Seen))
            S2: t1 OK [HIGHESTMODSEQ 10] stored
            """
        // Dovecot 2.3.19 answers a STORE on a message expunged since (RFC 2180 §4.2) as if it
        // had changed, and a third session still sees the message as it was when it went
        // (RFC 2180 §4.1): the STORE changed nothing that exists.
        let r = try CheckerInvariantTests.check(setup + """

            C3: u1 FETCH 3 (UID FLAGS MODSEQ)
            S3: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))
            S3: u1 OK done
            """, closedWorld: true)
        #expect(CheckerInvariantTests.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
        // The teeth: the same STORE on a message that still exists must show in the other sessions.
        let bad = try CheckerInvariantTests.check(setup.replacingOccurrences(of: "STORE 3 +FLAGS", with: "STORE 1 +FLAGS")
            .replacingOccurrences(of: "* 3 FETCH (UID 3 MODSEQ (12)", with: "* 1 FETCH (UID 1 MODSEQ (12)") + """

            C3: u1 FETCH 1 (UID FLAGS MODSEQ)
            S3: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
            S3: u1 OK done
            """, closedWorld: true)
        #expect(CheckerInvariantTests.ids(bad) == ["R7162-3.1#4"])
    }

    @Test("R7162-3.2.7#1: a message perhaps removed by another session's EXPUNGE, fetched from a view that still holds it, is not taken as still there")
    func perhapsExpungedMessageFetchedFromView() throws {
        let setup = CheckerInvariantTests.qresyncSelect(1) + "\n" + CheckerInvariantTests.login(2) + "\n" + CheckerInvariantTests.qresyncSelect(2)
            + "\n" + CheckerInvariantTests.login(3) + """

            C3: p1 APPEND INBOX (\\Deleted) {5+}
            C3: hello
            S3: p1 OK [APPENDUID 7 4] appended
            C2: n1 NOOP
            S2: * 4 EXISTS
            S2: * 4 FETCH (UID 4 FLAGS (\\Deleted) MODSEQ (11))
            S2: n1 OK done
            C1: x1 EXPUNGE
            S1: * VANISHED 2
            S1: x1 OK [HIGHESTMODSEQ 12] expunged
            """
        // Cyrus 3.6: session 1's EXPUNGE removed UID 4 too (RFC 3501 §6.4.3: every \Deleted
        // message), unseen by it; session 2 is still answered for it from its view, and its own
        // EXPUNGE then reports the removal, which raised nothing this time.
        let r = try CheckerInvariantTests.check(setup + """

            C2: f1 FETCH 4 (FLAGS)
            S2: * 4 FETCH (UID 4 FLAGS (\\Deleted) MODSEQ (11))
            S2: f1 OK done
            C2: x2 EXPUNGE
            S2: * VANISHED 2,4
            S2: x2 OK [HIGHESTMODSEQ 12] expunged
            """, closedWorld: true)
        #expect(CheckerInvariantTests.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
        // The teeth: without session 1's EXPUNGE, session 2's removes UID 4 and must raise the value.
        let bad = try CheckerInvariantTests.check(setup.replacingOccurrences(of: "C1: x1 EXPUNGE\nS1: * VANISHED 2\nS1: x1 OK [HIGHESTMODSEQ 12] expunged", with: "") + """

            C2: x2 EXPUNGE
            S2: * VANISHED 2,4
            S2: x2 OK [HIGHESTMODSEQ 11] expunged
            """, closedWorld: true)
        #expect(CheckerInvariantTests.ids(bad) == ["R7162-3.2.7#1"])
    }

    @Test("R7162-3.2.7#1 and R7162-3.2.5.1#3: EXPUNGE announcing a message without \\Deleted, and CLOSE on a view that lacks another session's \\Deleted (Dovecot 2.3.19)")
    func expungeAndCloseOnTheView() throws {
        let two = CheckerInvariantTests.qresyncSelect(1) + "\n" + CheckerInvariantTests.login(2) + "\n" + CheckerInvariantTests.qresyncSelect(2)
        // UID 1 has no \Deleted: this EXPUNGE cannot have removed it, so it went earlier, by
        // something no command shows; nothing is owed for its removal here.
        let announced = try CheckerInvariantTests.check(two + """

            C2: x1 EXPUNGE
            S2: * VANISHED 1
            S2: x1 OK [HIGHESTMODSEQ 10] expunged
            """, closedWorld: true)
        #expect(CheckerInvariantTests.ids(announced).isEmpty, "\(announced.rootFindings.map(\.expected))")
        // Session 2 closes before it is told of session 1's \Deleted on UID 1; a new session
        // still finds UID 1, with the flag.
        let closed = try CheckerInvariantTests.check(two + """

            C1: t1 STORE 1 +FLAGS (\\Deleted)
            S1: * 1 FETCH (UID 1 FLAGS (\\Deleted) MODSEQ (11))
            S1: t1 OK stored
            C2: c1 CLOSE
            S2: c1 OK closed
            """ + "\n" + CheckerInvariantTests.login(3) + """

            C3: e3 ENABLE QRESYNC
            S3: * ENABLED QRESYNC
            S3: e3 OK enabled
            C3: s3 SELECT INBOX (QRESYNC (7 10))
            S3: * 2 EXISTS
            S3: * OK [UIDVALIDITY 7] valid
            S3: * OK [UIDNEXT 4] next
            S3: * OK [HIGHESTMODSEQ 12] highest
            S3: * VANISHED (EARLIER) 2
            S3: * 1 FETCH (UID 1 FLAGS (\\Deleted) MODSEQ (11))
            S3: s3 OK [READ-WRITE] selected
            """, closedWorld: true)
        #expect(CheckerInvariantTests.ids(closed).isEmpty, "\(closed.rootFindings.map(\.expected))")
    }

    /// Session `n` logs in as `user` (by LOGIN, or by AUTHENTICATE PLAIN with its initial response
    /// in base64), enables QRESYNC and selects INBOX holding `uids` with MODSEQ `modSeqs`.
    static func userSelectsInbox(_ n: Int, login: String, uids: [Int], modSeqs: [Int], highest: Int) -> String {
        var lines = [
            "S\(n): * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC AUTH=PLAIN SASL-IR] ready",
            "C\(n): l\(n) \(login)",
            "S\(n): l\(n) OK logged in",
            "C\(n): e\(n) ENABLE QRESYNC",
            "S\(n): * ENABLED QRESYNC",
            "S\(n): e\(n) OK enabled",
            "C\(n): s\(n) SELECT INBOX",
            "S\(n): * \(uids.count) EXISTS",
            "S\(n): * OK [UIDVALIDITY 1] valid",
            "S\(n): * OK [UIDNEXT \(uids.max()! + 1)] next",
            "S\(n): * OK [HIGHESTMODSEQ \(highest)] highest",
            "S\(n): s\(n) OK [READ-WRITE] selected",
            "C\(n): f\(n) UID FETCH 1:* (UID FLAGS MODSEQ)",
        ]
        for (i, (u, m)) in zip(uids, modSeqs).enumerated() {
            lines.append("S\(n): * \(i + 1) FETCH (UID \(u) FLAGS () MODSEQ (\(m)))")
        }
        lines.append("S\(n): f\(n) OK done")
        return lines.joined(separator: "\n")
    }

    @Test("Closed world, RFC 3501 §5.1: the INBOX of two users is two mailboxes, even with the same UIDVALIDITY")
    func twoUsersTwoInboxes() throws {
        func trace(secondLogin: String) throws -> CheckReport {
            let text = Self.userSelectsInbox(1, login: "LOGIN alice \"***\"", uids: [1, 2], modSeqs: [5, 10], highest: 10) + "\n"
                + Self.userSelectsInbox(2, login: secondLogin, uids: [1, 2, 5], modSeqs: [1, 2, 3], highest: 3) + """

                C2: t2 UID STORE 1 +FLAGS (\\Flagged)
                S2: * 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (4))
                S2: t2 OK stored
                """
            var c = TraceChecker(options: CheckOptions(closedWorld: true))
            c.check(try TranscriptReader.read(text, file: "test"))
            return c.report
        }
        // bob by LOGIN, and bob by AUTHENTICATE PLAIN ("\0bob\0***" in base64), XOAUTH2
        // ("user=bob^Aauth=Bearer xyz^A^A") and OAUTHBEARER ("n,a=bob,^Aauth=Bearer xyz^A^A", RFC 7628).
        for login in ["LOGIN bob \"***\"", "AUTHENTICATE PLAIN AGJvYgAqKio=", "AUTHENTICATE XOAUTH2 dXNlcj1ib2IBYXV0aD1CZWFyZXIgeHl6AQE=",
                      "AUTHENTICATE OAUTHBEARER bixhPWJvYiwBYXV0aD1CZWFyZXIgeHl6AQE="] {
            let r = try trace(secondLogin: login)
            #expect(CheckerInvariantTests.ids(r).isEmpty, "\(login): \(r.rootFindings.map(\.expected))")
        }
        // The teeth: the same user's INBOX is one mailbox, whose HIGHESTMODSEQ cannot fall to 3
        // nor UID 1's MODSEQ go from 5 to 4.
        for login in ["LOGIN alice \"***\"", "AUTHENTICATE XOAUTH2 dXNlcj1hbGljZQFhdXRoPUJlYXJlciB4eXoBAQ=="] {
            let same = try trace(secondLogin: login)
            #expect(CheckerInvariantTests.ids(same) == ["R7162-3.1.2.1#D1", "R7162-3.1#4"], "\(login)")
        }
        // RFC 7628 §3.1: "," and "=" in the authzid are escaped as =2C and =3D.
        #expect(saslUser(mechanism: "oauthbearer", "bixhPWE9M0RiPTJDYywBYXV0aD1CZWFyZXIgeHl6AQE=") == "a=b,c")
        #expect(saslUser(mechanism: "CRAM-MD5", "AGJvYgAqKio=") == nil && saslUser(mechanism: "XOAUTH2", "not base64!") == nil)
    }
}
