import Testing
import IMAPTypes
import IMAPWire
import SpecModel
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

    @Test("R7162-4#L1: a command line longer than about 8,192 octets, literals not counted, is the client's deviation")
    func longCommandLine() throws {
        let session = Self.resync(seqMatch: "(1 1)")
        // Every other UID up to 6,000: about 11,000 octets of UID set.
        let longSet = stride(from: 1, through: 6_000, by: 2).map(String.init).joined(separator: ",")
        let bad = try Self.check(session + "\nC1: f1 UID FETCH \(longSet) (FLAGS)\nS1: f1 OK done")
        #expect(Self.clientIDs(bad) == ["R7162-4#L1"])
        #expect(bad.clientFindings.first?.severity == .deviation)
        #expect(bad.verdict == .conforms)
        // The same set as ranges is short.
        #expect(try Self.check(session + "\nC1: f1 UID FETCH 1:6000 (FLAGS)\nS1: f1 OK done").clientFindings.isEmpty)
        #expect(bad.exercised.contains("R7162-4#L1"))
    }

    @Test("a literal's contents do not count towards the command line (RFC 7162 §4)")
    func literalsNotCounted() {
        let body = String(repeating: "x", count: 9_000)
        let unit = Array("a1 APPEND INBOX {9000+}\r\n\(body)\r\n".utf8)
        #expect(TraceChecker.octetsOutsideLiterals(unit) == "a1 APPEND INBOX {9000+}".utf8.count)
        let quoted = Array("a1 SELECT \"\(body)\"\r\n".utf8)
        #expect(TraceChecker.octetsOutsideLiterals(quoted) == 9_000 + 12)
        #expect(TraceChecker.octetsOutsideLiterals(Array("a1 NOOP\r\n".utf8)) == 7)
        #expect(TraceChecker.octetsOutsideLiterals(Array("}\r\n".utf8)) == 1)
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

/// RFC 5161 §3.1 and RFC 7162 §3.2.3 (Appendix B item 3): a successful ENABLE turns on what the
/// server supports, in either order of QRESYNC and CONDSTORE.
@Suite("Checker - ENABLE turns on every supported extension it names (RFC 5161 §3.1)")
struct EnableRuleTests {
    static func enable(_ args: String, _ enabled: String, edition: Edition = .rfc7162, before: String = "") throws -> CheckReport {
        let trace = try TranscriptReader.read(CheckerInvariantTests.login(1) + "\n" + before + """
            C1: e1 ENABLE \(args)
            S1: * ENABLED\(enabled.isEmpty ? "" : " " + enabled)
            S1: e1 OK enabled
            """, file: "test")
        var c = TraceChecker(options: CheckOptions(edition: edition))
        c.check(trace)
        return c.report
    }

    static func ids(_ r: CheckReport) -> Set<String> { CheckerInvariantTests.ids(r) }

    @Test("R5161-3.1#3 and R7162-3.2.3#2: ENABLE CONDSTORE QRESYNC that enables only CONDSTORE on a QRESYNC server")
    func qresyncIgnoredInSecondPlace() throws {
        #expect(Self.ids(try Self.enable("CONDSTORE QRESYNC", "CONDSTORE")) == ["R5161-3.1#3", "R7162-3.2.3#2"])
        // RFC 5162 did not state the equivalence; RFC 5161 already required the extension on.
        #expect(Self.ids(try Self.enable("CONDSTORE QRESYNC", "CONDSTORE", edition: .rfc4551And5162)) == ["R5161-3.1#3"])
        #expect(Self.ids(try Self.enable("QRESYNC", "")) == ["R5161-3.1#3"])
    }

    @Test("R5161-3.1#3: either order, QRESYNC alone (CONDSTORE implied) and a repeated ENABLE conform")
    func conformingAnswers() throws {
        #expect(Self.ids(try Self.enable("CONDSTORE QRESYNC", "CONDSTORE QRESYNC")).isEmpty)
        #expect(Self.ids(try Self.enable("QRESYNC CONDSTORE", "QRESYNC")).isEmpty)
        #expect(Self.ids(try Self.enable("QRESYNC", "QRESYNC")).isEmpty)
        // An extension the server does not advertise may be left out.
        #expect(Self.ids(try Self.enable("X-UNKNOWN CONDSTORE", "CONDSTORE")).isEmpty)
        // Enabled before: each ENABLED SHOULD list only what its own ENABLE turned on.
        let earlier = """
            C1: e0 ENABLE QRESYNC
            S1: * ENABLED QRESYNC
            S1: e0 OK enabled

            """
        #expect(Self.ids(try Self.enable("QRESYNC", "", before: earlier)).isEmpty)
    }

    @Test("R5161-3.1#8: a CAPABILITY right after ENABLE lists what the one before it listed")
    func capabilitiesUnchanged() throws {
        // LOGIN's OK lists the authenticated state's capabilities (the greeting's are of the
        // state before); `enabled` is ENABLE's tagged OK, `rest` what follows it.
        func run(enabled: String = "S1: e1 OK enabled", _ rest: String) throws -> Set<String> {
            let trace = try TranscriptReader.read("""
                S1: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready
                C1: l1 LOGIN test "***"
                S1: l1 OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] logged in
                C1: e1 ENABLE QRESYNC
                S1: * ENABLED QRESYNC
                \(enabled)
                \(rest)
                """, file: "test")
            var c = TraceChecker()
            c.check(trace)
            return Self.ids(c.report)
        }
        func capability(_ list: String) -> String { "C1: c1 CAPABILITY\nS1: * CAPABILITY \(list)\nS1: c1 OK done" }
        #expect(try run(capability("IMAP4rev1 ENABLE CONDSTORE QRESYNC X-ENABLED-QRESYNC")) == ["R5161-3.1#8"])
        #expect(try run(capability("IMAP4rev1 ENABLE CONDSTORE")).contains("R5161-3.1#8"))
        #expect(try run(capability("imap4rev1 QRESYNC CONDSTORE ENABLE")).isEmpty)
        // A list in ENABLE's own answer is already "after".
        #expect(try run(enabled: "S1: e1 OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC X-MORE] enabled", "") == ["R5161-3.1#8"])
        // Another command in between ends the rule.
        let status = "C1: s1 STATUS INBOX (MESSAGES)\nS1: * STATUS INBOX (MESSAGES 0)\nS1: s1 OK done\n"
        #expect(try !run(status + capability("IMAP4rev1 ENABLE CONDSTORE QRESYNC X-MORE")).contains("R5161-3.1#8"))
    }
}

/// RFC 7162 §6 (erratum 1809): the client caches the HIGHESTMODSEQ code, not a higher MODSEQ.
@Suite("Checker - a client resumes from what RFC 7162 §6 lets it cache")
struct ClientCacheRuleTests {
    /// Session 1 is told HIGHESTMODSEQ 20 with a FETCH of MODSEQ 23 (an expunge at 22 is still
    /// pending), then the client resumes as session 2 from `resumeFrom`.
    static func trace(resumeFrom: Int, edition: Edition) throws -> CheckReport {
        let text = CheckerInvariantTests.login(1) + "\n" + CheckerInvariantTests.qresyncSelect(1) + """

            C1: a4 FETCH 3 (UID FLAGS MODSEQ)
            S1: * OK [HIGHESTMODSEQ 10] pending
            S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (12))
            S1: a4 OK done
            S2: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready
            C2: l2 LOGIN test "***"
            S2: l2 OK logged in
            C2: e2 ENABLE QRESYNC
            S2: * ENABLED QRESYNC
            S2: e2 OK enabled
            C2: s2 SELECT INBOX (QRESYNC (7 \(resumeFrom)))
            S2: s2 NO not now
            """
        var c = TraceChecker(options: CheckOptions(edition: edition, closedWorld: true))
        c.check(try TranscriptReader.read(text, file: "test"))
        return c.report
    }

    @Test("R7162-6#5: resuming from the higher MODSEQ instead of the HIGHESTMODSEQ code is the client's fault")
    func higherModSeqIsNotCached() throws {
        #expect(try Self.trace(resumeFrom: 12, edition: .rfc7162).clientFindings.map(\.requirementID) == ["R7162-6#5"])
        #expect(try Self.trace(resumeFrom: 10, edition: .rfc7162).clientFindings.isEmpty)
        // RFC 5162 §5 told the client to take the higher MODSEQ.
        #expect(try Self.trace(resumeFrom: 12, edition: .rfc4551And5162).clientFindings.isEmpty)
    }
}
