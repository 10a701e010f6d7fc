import Foundation
import Testing
import IMAPWire
import SpecModel
@testable import Conformance

/// Teeth: each transcript breaks one requirement and the checker reports exactly that ID; its
/// conforming twin draws no finding. Test names carry the requirement ID (STYLE.md habit 11).
@Suite("Checker - each requirement caught by its own trace")
struct CheckerRequirementTests {
    static let greeting = """
        S1: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC UIDPLUS MOVE] ready
        C1: a1 LOGIN test "***"
        S1: a1 OK logged in
        """

    static func check(_ body: String, closedWorld: Bool = false, edition: Edition = .rfc7162) throws -> CheckReport {
        let trace = try TranscriptReader.read(greeting + "\n" + body, file: "test")
        var c = TraceChecker(options: CheckOptions(edition: edition, closedWorld: closedWorld))
        c.check(trace)
        return c.report
    }

    static func ids(_ r: CheckReport) -> Set<String> { Set(r.rootFindings.filter { $0.severity == .violation }.map(\.requirementID)) }

    static let qresyncSelect = """
        C1: a2 ENABLE QRESYNC
        S1: * ENABLED QRESYNC
        S1: a2 OK enabled
        C1: a3 SELECT INBOX
        S1: * 3 EXISTS
        S1: * OK [UIDVALIDITY 7] valid
        S1: * OK [UIDNEXT 4] next
        S1: * OK [HIGHESTMODSEQ 10] highest
        S1: a3 OK [READ-WRITE] selected
        C1: a4 UID FETCH 1:* (UID FLAGS MODSEQ)
        S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
        S1: * 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (7))
        S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))
        S1: a4 OK done
        """

    @Test("R7162-3.2.10.2#1: EXPUNGE instead of VANISHED once QRESYNC is enabled")
    func vanishedInsteadOfExpunge() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 EXPUNGE\nS1: * 2 EXPUNGE\nS1: a5 OK [HIGHESTMODSEQ 11] done")
        #expect(Self.ids(bad) == ["R7162-3.2.10.2#1"])
        let good = try Self.check(Self.qresyncSelect + "\nC1: a5 EXPUNGE\nS1: * VANISHED 2\nS1: a5 OK [HIGHESTMODSEQ 11] done")
        #expect(good.findings.isEmpty)
        // Under RFC 5162 it was a SHOULD: a deviation, not a violation.
        let old = try Self.check(Self.qresyncSelect + "\nC1: a5 EXPUNGE\nS1: * 2 EXPUNGE\nS1: a5 OK done", edition: .rfc4551And5162)
        #expect(Self.ids(old).isEmpty && old.rootFindings.contains { $0.requirementID == "R5162-3.6#2" && $0.severity == .deviation })
    }

    @Test("R7162-3.2.10.2#3: VANISHED for a UID the session cannot see")
    func vanishedInvisible() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 NOOP\nS1: * VANISHED 9\nS1: a5 OK done")
        #expect(Self.ids(bad) == ["R7162-3.2.10.2#3"])
    }

    @Test("R7162-3.2.10.2#5: VANISHED while answering FETCH")
    func vanishedTiming() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 FETCH 1 (FLAGS)\nS1: * VANISHED 2\nS1: a5 OK done")
        #expect(Self.ids(bad) == ["R7162-3.2.10.2#5"])
        let good = try Self.check(Self.qresyncSelect + "\nC1: a5 UID FETCH 1 (FLAGS)\nS1: * VANISHED 2\nS1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))\nS1: a5 OK done")
        #expect(Self.ids(good).isEmpty)
    }

    @Test("R7162-3.2.4#1: unsolicited FETCH without UID after a CONDSTORE enabling command")
    func uidInFetch() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 NOOP\nS1: * 1 FETCH (FLAGS (\\Seen) MODSEQ (12))\nS1: a5 OK done")
        #expect(Self.ids(bad) == ["R7162-3.2.4#1"])
    }

    @Test("R3501-6.4.8#1: a UID FETCH answered without UID; an update without UID before the answer, or after an answer from the session's view, is not one")
    func uidInUIDCommand() throws {
        // A CONDSTORE-only server, so that R7162-3.2.4#1 (UID in every FETCH) does not apply.
        let select = Self.qresyncSelect
            .replacingOccurrences(of: "C1: a2 ENABLE QRESYNC\nS1: * ENABLED QRESYNC\nS1: a2 OK enabled\n", with: "")
            .replacingOccurrences(of: "C1: a3 SELECT INBOX", with: "C1: a3 SELECT INBOX (CONDSTORE)")
        let condstoreOnly = """
            S1: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE UIDPLUS] ready
            C1: a1 LOGIN test "***"
            S1: a1 OK logged in
            """ + "\n" + select
        func check(_ body: String) throws -> Set<String> {
            let trace = try TranscriptReader.read(condstoreOnly + "\n" + body, file: "test")
            var c = TraceChecker(options: CheckOptions())
            c.check(trace)
            return Self.ids(c.report)
        }
        // The answer to message 1 has no UID.
        #expect(try check("C1: a5 UID FETCH 1 (FLAGS)\nS1: * 1 FETCH (FLAGS () MODSEQ (5))\nS1: a5 OK done") == ["R3501-6.4.8#1"])
        // An update first, then the answer with the UID.
        #expect(try check("C1: a5 UID FETCH 1 (FLAGS)\nS1: * 1 FETCH (FLAGS (\\Seen) MODSEQ (11))\nS1: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK done").isEmpty)
        // CHANGEDSINCE 5 and message 1 known at 5: the server may answer from the session's view
        // (nothing above 5) and tell of another session's change after it, as an update.
        #expect(try check("C1: a5 UID FETCH 1 (FLAGS) (CHANGEDSINCE 5)\nS1: * 1 FETCH (FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK done").isEmpty)
        // A plain .SILENT UID STORE answers with no FETCH: one during it is an update.
        #expect(try check("C1: a5 UID STORE 1 FLAGS.SILENT (\\Seen)\nS1: * 1 FETCH (FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK done").isEmpty)
        #expect(try check("C1: a5 UID STORE 1 FLAGS (\\Seen)\nS1: * 1 FETCH (FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK done") == ["R3501-6.4.8#1"])
        // A BAD answers nothing; a message that failed UNCHANGEDSINCE (in MODIFIED) is owed no answer;
        // `4:*` may not name UID 3 (a UID the session was not told of may be the largest).
        #expect(try check("C1: a5 UID FETCH 1 (FLAGS) (VANISHED)\nS1: * 1 FETCH (FLAGS (\\Seen) MODSEQ (11))\nS1: a5 BAD no").isEmpty)
        #expect(try check("C1: a5 UID STORE 1 (UNCHANGEDSINCE 4) +FLAGS (\\Seen)\nS1: * 1 FETCH (FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK [MODIFIED 1] failed").isEmpty)
        #expect(try check("C1: a5 UID FETCH 4:* (FLAGS)\nS1: * 3 FETCH (FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK done").isEmpty)
        // Message 3 was known at 10, above CHANGEDSINCE 9: its answer was due and has no UID.
        #expect(try check("C1: a5 UID FETCH 3 (FLAGS) (CHANGEDSINCE 9)\nS1: * 3 FETCH (FLAGS () MODSEQ (10))\nS1: a5 OK done") == ["R3501-6.4.8#1"])
    }

    @Test("R7162-3.1#7: unsolicited FETCH without MODSEQ after a CONDSTORE enabling command")
    func modSeqInFetch() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 NOOP\nS1: * 1 FETCH (UID 1 FLAGS (\\Seen))\nS1: a5 OK done")
        #expect(Self.ids(bad) == ["R7162-3.1#7"])
    }

    @Test("R7162-3.1#7: a FETCH inside a SELECT/EXAMINE after a CONDSTORE enabling command carries MODSEQ, unless the mailbox is NOMODSEQ (told after it)")
    func modSeqInSelectFetch() throws {
        func select(_ params: String, _ code: String) -> String {
            """
            S1: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready
            C1: a1 LOGIN u p
            S1: a1 OK done
            C1: a2 ENABLE QRESYNC
            S1: * ENABLED QRESYNC
            S1: a2 OK done
            C1: a3 SELECT INBOX\(params)
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 77] ok
            S1: * 3 FETCH (UID 3 FLAGS (\\Seen))
            S1: * OK \(code) ok
            S1: a3 OK [READ-WRITE] selected
            """
        }
        #expect(Self.ids(try Self.check(select(" (QRESYNC (77 5))", "[HIGHESTMODSEQ 10]"))) == ["R7162-3.1#7"])
        #expect(Self.ids(try Self.check(select("", "[HIGHESTMODSEQ 10]"))) == ["R7162-3.1#7"])
        #expect(Self.ids(try Self.check(select("", "[NOMODSEQ]"))).isEmpty)
        #expect(Self.ids(try Self.check(select("", "[HIGHESTMODSEQ 10]").replacingOccurrences(of: "FLAGS (\\Seen))", with: "FLAGS (\\Seen) MODSEQ (9))"))).isEmpty)
    }

    @Test("R5161-3.1#4: a successful ENABLE is answered with an untagged ENABLED, which may list nothing")
    func enableAnsweredWithEnabled() throws {
        let login = "S1: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready\nC1: a1 LOGIN u p\nS1: a1 OK done\nC1: a2 ENABLE QRESYNC\n"
        #expect(Self.ids(try Self.check(login + "S1: a2 OK enabled")) == ["R5161-3.1#4"])
        #expect(Self.ids(try Self.check(login + "S1: * ENABLED QRESYNC\nS1: a2 OK enabled")).isEmpty)
        #expect(Self.ids(try Self.check(login.replacingOccurrences(of: "ENABLE QRESYNC\n", with: "ENABLE X-NONE\n") + "S1: * ENABLED\nS1: a2 OK enabled")).isEmpty)
        #expect(Self.ids(try Self.check(login + "S1: a2 NO not now")).isEmpty)
        // Two pipelined: which one an ENABLED answers is not determined, so neither is judged.
        let two = login + "C1: a3 ENABLE CONDSTORE\nS1: * ENABLED QRESYNC\nS1: a2 OK enabled\nS1: a3 OK enabled"
        #expect(!Self.ids(try Self.check(two)).contains("R5161-3.1#4"))
    }

    @Test("R5161-1#D1: no VANISHED, with or without EARLIER, to a client that did not enable QRESYNC; after ENABLE QRESYNC it is the form required; R5162-1#5 under the original texts")
    func vanishedOnlyAfterEnable() throws {
        func session(_ enable: String) -> String {
            """
            S1: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC UIDPLUS] ready
            C1: a1 LOGIN u p
            S1: a1 OK done
            \(enable)C1: a3 SELECT INBOX
            S1: * 2 EXISTS
            S1: * OK [UIDVALIDITY 7] ok
            S1: * OK [HIGHESTMODSEQ 9] ok
            S1: a3 OK [READ-WRITE] selected
            C1: a4 UID EXPUNGE 2
            S1: * VANISHED 2
            S1: a4 OK [HIGHESTMODSEQ 10] done
            """
        }
        #expect(Self.ids(try Self.check(session(""))) == ["R5161-1#D1"])
        #expect(Self.ids(try Self.check(session("C1: a2 ENABLE CONDSTORE\nS1: * ENABLED CONDSTORE\nS1: a2 OK done\n"))) == ["R5161-1#D1"])
        #expect(Self.ids(try Self.check(session("C1: a2 ENABLE QRESYNC\nS1: * ENABLED QRESYNC\nS1: a2 OK done\n"))).isEmpty)
        // VANISHED (EARLIER) to a CONDSTORE client's UID FETCH CHANGEDSINCE.
        let earlier = session("C1: a2 ENABLE CONDSTORE\nS1: * ENABLED CONDSTORE\nS1: a2 OK done\n")
            .replacingOccurrences(of: "C1: a4 UID EXPUNGE 2\nS1: * VANISHED 2\nS1: a4 OK [HIGHESTMODSEQ 10] done",
                                  with: "C1: a4 UID FETCH 1:2 (FLAGS) (CHANGEDSINCE 5)\nS1: * VANISHED (EARLIER) 3\nS1: a4 OK done")
        #expect(Self.ids(try Self.check(earlier)) == ["R5161-1#D1"])
        // A client that sent the QRESYNC select parameter knows VANISHED: only the acceptance of
        // the parameter without ENABLE is the server's fault.
        let param = session("").replacingOccurrences(of: "C1: a3 SELECT INBOX", with: "C1: a3 SELECT INBOX (QRESYNC (7 5))")
            .replacingOccurrences(of: "S1: * OK [HIGHESTMODSEQ 9] ok", with: "S1: * OK [HIGHESTMODSEQ 9] ok\nS1: * VANISHED (EARLIER) 5")
        #expect(Self.ids(try Self.check(param)) == ["R7162-3.2.5#1"])
        // Judged by the original texts, the rule is RFC 5162's.
        #expect(Self.ids(try Self.check(param, edition: .rfc4551And5162)) == ["R5162-1#5"])
    }

    @Test("R7162-3.1.5#3 and R7162-3.1.10#1 in every world: the mod-sequence a MODSEQ search returns is not below the criterion every returned message meets")
    func searchModSeqNotBelowCriterion() throws {
        let search = Self.qresyncSelect + "\nC1: a5 SEARCH MODSEQ 7\n"
        #expect(Self.ids(try Self.check(search + "S1: * SEARCH 2 3 (MODSEQ 6)\nS1: a5 OK done")) == ["R7162-3.1.5#3"])
        #expect(Self.ids(try Self.check(search + "S1: * SEARCH 2 3 (MODSEQ 10)\nS1: a5 OK done")).isEmpty)
        // Under OR, a criterion binds no returned message.
        let or = Self.qresyncSelect + "\nC1: a5 SEARCH OR MODSEQ 7 SEEN\nS1: * SEARCH 1 (MODSEQ 5)\nS1: a5 OK done"
        #expect(!Self.ids(try Self.check(or)).contains("R7162-3.1.5#3"))
        let esearch = Self.qresyncSelect + "\nC1: a5 SEARCH RETURN (COUNT) MODSEQ 7\nS1: * ESEARCH (TAG \"a5\") COUNT 2 MODSEQ 6\nS1: a5 OK done"
        #expect(Self.ids(try Self.check(esearch)) == ["R7162-3.1.10#1"])
    }

    @Test("R7162-3.1#4: a flag change with the same MODSEQ")
    func flagChangeBumps() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 NOOP\nS1: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (5))\nS1: a5 OK done")
        #expect(Self.ids(bad) == ["R7162-3.1#4"])
        let lower = try Self.check(Self.qresyncSelect + "\nC1: a5 NOOP\nS1: * 3 FETCH (UID 3 FLAGS () MODSEQ (9))\nS1: a5 OK done")
        #expect(Self.ids(lower) == ["R7162-3.1#4"])
    }

    @Test("R7162-3.2.7#3: no HIGHESTMODSEQ in the OK of an EXPUNGE that removed messages (closed world)")
    func expungeHighestModSeq() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 EXPUNGE\nS1: * VANISHED 2\nS1: a5 OK done", closedWorld: true)
        #expect(Self.ids(bad) == ["R7162-3.2.7#3"])
    }

    @Test("R7162-3.2.6#5: VANISHED (EARLIER) after a FETCH of the same UID FETCH")
    func vanishedEarlierOrder() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 6 VANISHED)\nS1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))\nS1: * VANISHED (EARLIER) 4\nS1: a5 OK done")
        #expect(Self.ids(bad) == ["R7162-3.2.6#5"])
    }

    @Test("R7162-3.2.6#2: UID FETCH VANISHED before ENABLE QRESYNC is accepted")
    func vanishedNeedsQResync() throws {
        let bad = try Self.check("""
            C1: a2 SELECT INBOX (CONDSTORE)
            S1: * 1 EXISTS
            S1: * OK [HIGHESTMODSEQ 3] highest
            S1: a2 OK selected
            C1: a3 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)
            S1: a3 OK done
            """)
        #expect(Self.ids(bad) == ["R7162-3.2.6#2"])
    }

    @Test("R7162-3.1.2#1: SELECT (CONDSTORE) without HIGHESTMODSEQ or NOMODSEQ")
    func selectHighestModSeq() throws {
        let bad = try Self.check("C1: a2 SELECT INBOX (CONDSTORE)\nS1: * 1 EXISTS\nS1: a2 OK selected")
        #expect(Self.ids(bad) == ["R7162-3.1.2#1"])
        // RFC 7162 requires it only after an enabling command; RFC 4551 on every SELECT.
        let plain = "C1: a2 SELECT INBOX\nS1: * 1 EXISTS\nS1: a2 OK selected"
        #expect(Self.ids(try Self.check(plain)).isEmpty)
        #expect(Self.ids(try Self.check(plain, edition: .rfc4551And5162)) == ["R4551-3.1#1"])
    }

    @Test("R7162-3.2.11#1: SELECT of another mailbox without OK [CLOSED]")
    func closed() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 SELECT Other\nS1: * 0 EXISTS\nS1: * OK [HIGHESTMODSEQ 1] h\nS1: a5 OK selected")
        #expect(Self.ids(bad) == ["R7162-3.2.11#1"])
    }

    @Test("R7162-3.1.3#4: MODIFIED lists a message outside the STORE's set")
    func modifiedSubset() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 STORE 1 (UNCHANGEDSINCE 4) +FLAGS (\\Seen)\nS1: a5 OK [MODIFIED 3] failed")
        #expect(Self.ids(bad) == ["R7162-3.1.3#4"])
    }

    @Test("R7162-3.1.5#3: SEARCH MODSEQ with results but no (MODSEQ n)")
    func searchModSeq() throws {
        let bad = try Self.check(Self.qresyncSelect + "\nC1: a5 SEARCH MODSEQ 6\nS1: * SEARCH 2 3\nS1: a5 OK done")
        #expect(Self.ids(bad) == ["R7162-3.1.5#3"])
    }

    @Test("R3501-9#2 and R7162-3.1#1: grammar and the 63-bit range")
    func grammar() throws {
        let big = try Self.check(Self.qresyncSelect + "\nC1: a5 NOOP\nS1: * 1 FETCH (UID 1 FLAGS () MODSEQ (9223372036854775808))\nS1: a5 OK done")
        #expect(Self.ids(big).contains("R7162-3.1#1"))
        let empty = try Self.check(Self.qresyncSelect + "\nC1: a5 SEARCH MODSEQ 99\nS1: * SEARCH (MODSEQ 1)\nS1: a5 OK done")
        #expect(Self.ids(empty) == ["R3501-9#2"])
        #expect(empty.rootFindings.first?.rule == "mailbox-data")
    }

    @Test("R7162-3.2.8#3 and R5162-3.4#3: HIGHESTMODSEQ on a CLOSE that expunged, forbidden now, required by RFC 5162 (erratum 1808)")
    func closeHighestModSeq() throws {
        let withCode = Self.qresyncSelect + "\nC1: a5 CLOSE\nS1: a5 OK [HIGHESTMODSEQ 11] closed"
        let plain = Self.qresyncSelect + "\nC1: a5 CLOSE\nS1: a5 OK closed"
        #expect(Self.ids(try Self.check(withCode, closedWorld: true)) == ["R7162-3.2.8#3"])
        #expect(Self.ids(try Self.check(plain, closedWorld: true)).isEmpty)
        #expect(Self.ids(try Self.check(withCode, closedWorld: true, edition: .rfc4551And5162)).isEmpty)
        #expect(Self.ids(try Self.check(plain, closedWorld: true, edition: .rfc4551And5162)) == ["R5162-3.4#3"])
        // Nothing was certainly expunged (no \Deleted message): neither edition judges the code.
        let clean = Self.qresyncSelect.replacingOccurrences(of: "FLAGS (\\Deleted)", with: "FLAGS ()")
        #expect(Self.ids(try Self.check(clean + "\nC1: a5 CLOSE\nS1: a5 OK closed", closedWorld: true, edition: .rfc4551And5162)).isEmpty)
    }

    @Test("R3501-2.3.1.1#2: with EXISTS equal to UIDNEXT - 1, message n has UID n")
    func denseUIDs() throws {
        let select = """
            C1: a2 SELECT INBOX
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 4] next
            S1: a2 OK [READ-WRITE] selected
            """
        let wrong = try Self.check(select + "\nC1: a3 FETCH 2 (UID)\nS1: * 2 FETCH (UID 3)\nS1: a3 OK done")
        #expect(Self.ids(wrong) == ["R3501-2.3.1.1#2"])
        let right = try Self.check(select + "\nC1: a3 FETCH 2 (UID)\nS1: * 2 FETCH (UID 2)\nS1: a3 OK done")
        #expect(Self.ids(right).isEmpty)
        // With a gap (UIDNEXT 5) nothing is inferred: UID 3 for message 2 is possible.
        let gap = try Self.check(select.replacingOccurrences(of: "UIDNEXT 4", with: "UIDNEXT 5")
                                 + "\nC1: a3 FETCH 2 (UID)\nS1: * 2 FETCH (UID 3)\nS1: a3 OK done")
        #expect(Self.ids(gap).isEmpty)
    }

    @Test("a rule is exercised when the checker evaluated it, found or not")
    func exercisedRules() throws {
        let search = try Self.check(Self.qresyncSelect + "\nC1: a5 SEARCH MODSEQ 6\nS1: * SEARCH 2 3 (MODSEQ 10)\nS1: a5 OK done")
        #expect(search.exercised.contains("R7162-3.1.5#3"))
        #expect(search.rootFindings.isEmpty)
        let noSearch = try Self.check(Self.qresyncSelect)
        #expect(!noSearch.exercised.contains("R7162-3.1.5#3"))
        #expect(noSearch.exercised.contains("R3501-9#2"))
        #expect(noSearch.exercised.isSubset(of: Citation.all))
    }

    @Test("Citation.all lists every ID Citation declares, and each is a registry requirement")
    func citationsComplete() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Conformance/Citation.swift"), encoding: .utf8)
        let declared = Set(source.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("static let"), let open = line.firstIndex(of: "\""), let close = line.lastIndex(of: "\""), open < close
            else { return nil }
            return String(line[line.index(after: open)..<close])
        })
        #expect(declared.count >= 40)
        #expect(declared == Citation.all)
        for id in Citation.all { #expect(Registry.requirement(id) != nil, "\(id) is not in the registry") }
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/real")

    static let realExpectations: [(String, Set<String>)] = [
        ("dovecot/condstore.txt", ["R7162-3.2.4#1"]), ("dovecot/qresync.txt", []), ("dovecot/bad-inputs.txt", ["R5161-3.1#4"]),
        ("cyrus/condstore.txt", ["R7162-3.2.4#1", "R3501-9#2"]), ("cyrus/qresync.txt", ["R6851-4.4#4"]), ("cyrus/bad-inputs.txt", ["R5161-3.1#4"]),
    ]

    @Test("recorded Dovecot and Cyrus transcripts: every finding is one triaged in Tests/Servers", arguments: realExpectations)
    func realTranscripts(_ file: String, _ expected: Set<String>) throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent(file), encoding: .utf8)
        var c = TraceChecker()
        c.check(try TranscriptReader.read(text, file: file))
        #expect(Self.ids(c.report) == expected)
    }
}
