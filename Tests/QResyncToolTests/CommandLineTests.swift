import Foundation
import Testing
import Conformance
@testable import QResyncTool

@Suite("qresync command line")
struct CommandLineTests {
    @Test("no arguments and unknown commands exit 64 with usage on stderr")
    func usage() {
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run([], streams: &s) == 64)
        #expect(s.stderrText.contains("Usage: qresync"))
        var t = StandardStreams.captured
        #expect(QResyncCommandLine.run(["frobnicate"], streams: &t) == 64)
        #expect(t.stderrText.contains("unknown command 'frobnicate'"))
    }

    @Test("qresync check detects a MailKit protocol log and checks each connection as a session; --format mailkit on anything else is refused with the line")
    func checkMailKitLog() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mailkit-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("imap.log"), other = dir.appendingPathComponent("t.txt")
        // The second connection's SELECT reports a HIGHESTMODSEQ of 0, which no server may send
        // (RFC 7162 §3.1: mod-sequences are positive).
        try """
            Connected to imaps://imap.example.org:993/\r
            S: * OK [CAPABILITY IMAP4rev1 CONDSTORE] ready\r
            C: A00000000 LOGIN ******** ********\r
            S: A00000000 OK logged in\r
            Connected to imaps://imap.example.org:993/\r
            S: * OK [CAPABILITY IMAP4rev1 CONDSTORE] ready\r
            C: B00000000 LOGIN ******** ********\r
            S: B00000000 OK logged in\r
            C: B00000001 SELECT INBOX (CONDSTORE)\r
            S: * 0 EXISTS\r
            S: * OK [HIGHESTMODSEQ 0] x\r
            S: B00000001 OK [READ-WRITE] selected\r

            """.write(to: log, atomically: true, encoding: .utf8)
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run(["check", log.path], streams: &s) == 1, "\(s.stdoutText) \(s.stderrText)")
        #expect(s.stdoutText.contains("session 2") && s.stdoutText.contains("\(log.path):11"), "\(s.stdoutText)")
        try "S: * OK ready\r\n".write(to: other, atomically: true, encoding: .utf8)
        var t = StandardStreams.captured
        #expect(QResyncCommandLine.run(["check", "--format", "mailkit", other.path], streams: &t) != 0)
        #expect(t.stderrText.contains("\(other.path):1: a MailKit protocol log starts with a \"Connected to\" line"), "\(t.stderrText)")
    }

    @Test("qresync check detects a Horde debug log (Nextcloud Mail) and names the line of the file")
    func checkHordeLog() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("horde-\(getpid()).log")
        defer { try? FileManager.default.removeItem(at: log) }
        // VANISHED (EARLIER) names every UID below 5, yet message 3 has UID 5 (RFC 3501 §2.3.1.1).
        try """
            ------------------------------
            >> Connection to: imap://mail.example.org/
            S: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC AUTH=PLAIN SASL-IR] ready
            C: 1 AUTHENTICATE PLAIN [INITIAL CLIENT RESPONSE (username: alice)]
            S: 1 OK Logged in
            C: 2 ENABLE QRESYNC
            S: * ENABLED QRESYNC
            S: 2 OK Enabled
            C: 3 SELECT INBOX (QRESYNC (7 10 1:5))
            S: * 3 EXISTS
            S: * OK [UIDVALIDITY 7] ok
            S: * OK [HIGHESTMODSEQ 12] ok
            S: * VANISHED (EARLIER) 1:4
            S: * 3 FETCH (UID 5 FLAGS () MODSEQ (12))
            S: 3 OK [READ-WRITE] selected

            """.write(to: log, atomically: true, encoding: .utf8)
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run(["check", "--closed-world", log.path], streams: &s) == 1, "\(s.stdoutText) \(s.stderrText)")
        #expect(s.stdoutText.contains("R3501-2.3.1.1#8") && s.stdoutText.contains("\(log.path):14 session 1"), "\(s.stdoutText)")
    }

    @Test("qresync check detects a Thunderbird IMAP log (MOZ_LOG=IMAP:5) and names the line of the file")
    func checkThunderbirdLog() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("thunderbird-\(getpid()).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let p = "2025-10-09 14:44:09.100000 UTC - [Parent 4242: IMAP]: I/IMAP 0x7f3a1c000800:imap.example.org"
        // CHANGEDSINCE 12 answered with a message whose MODSEQ is 12 (RFC 7162 §3.1.4.1: greater than).
        try """
            \(p):NA:CreateNewLineFromSocket: * OK [CAPABILITY IMAP4rev1 CONDSTORE AUTH=PLAIN] ready
            \(p):NA:SendData: Logging suppressed for this command (it probably contained authentication information)
            \(p):NA:CreateNewLineFromSocket: 1 OK Logged in
            \(p):A:SendData: 2 select "INBOX" (CONDSTORE)
            \(p):S-INBOX:CreateNewLineFromSocket: * 3 EXISTS
            \(p):S-INBOX:CreateNewLineFromSocket: * OK [UIDVALIDITY 7] ok
            \(p):S-INBOX:CreateNewLineFromSocket: * OK [HIGHESTMODSEQ 12] ok
            \(p):S-INBOX:CreateNewLineFromSocket: 2 OK [READ-WRITE] selected
            \(p):S-INBOX:SendData: 3 UID fetch 1:* (FLAGS) (CHANGEDSINCE 12)
            \(p):S-INBOX:CreateNewLineFromSocket: * 3 FETCH (UID 5 FLAGS () MODSEQ (12))
            \(p):S-INBOX:CreateNewLineFromSocket: 3 OK Fetch completed

            """.write(to: log, atomically: true, encoding: .utf8)
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run(["check", log.path], streams: &s) == 1, "\(s.stdoutText) \(s.stderrText)")
        #expect(s.stdoutText.contains("R7162-3.1.4.1#D1") && s.stdoutText.contains("\(log.path):10 session 1"), "\(s.stdoutText)")
        // qresync parse reads the same log as its transcript.
        var parsed = StandardStreams.captured
        #expect(QResyncCommandLine.run(["parse", log.path], streams: &parsed) == 0, "\(parsed.stderrText)")
        #expect(parsed.stdoutText.contains("\(log.path):2: C1 command LOGIN"), "\(parsed.stdoutText)")
    }

    @Test("qresync check resumes a session recorded from the middle (an excerpt): its history is unknown, so no rule that needs QRESYNC off applies, and a closed world falls back to the open one")
    func checkExcerpt() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("excerpt-\(getpid()).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        // QRESYNC was enabled before the excerpt starts: the VANISHED modifier is legal.
        try """
            C: a5 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 6 VANISHED)
            S: * VANISHED (EARLIER) 4
            S: * 2 FETCH (UID 3 FLAGS () MODSEQ (10))
            S: a5 OK done

            """.write(to: file, atomically: true, encoding: .utf8)
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run(["check", "--closed-world", file.path], streams: &s) == 0, "\(s.stdoutText)")
        #expect(s.stderrText.contains("session 1 starts in the middle (no greeting or login): checked in the open world"), "\(s.stderrText)")
        #expect(s.stdoutText.contains("open world"))
        // Still judged: VANISHED (EARLIER) after the command's first FETCH (RFC 7162 §3.2.6).
        try """
            C: a5 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 6 VANISHED)
            S: * 2 FETCH (UID 3 FLAGS () MODSEQ (10))
            S: * VANISHED (EARLIER) 4
            S: a5 OK done

            """.write(to: file, atomically: true, encoding: .utf8)
        var t = StandardStreams.captured
        #expect(QResyncCommandLine.run(["check", file.path], streams: &t) == 1)
        #expect(t.stdoutText.contains("R7162-3.2.6#5"), "\(t.stdoutText)")
        // A transcript that leaves out only the greeting starts at the beginning.
        #expect(SessionStart.isBeginning([.client("a1 LOGIN u p")]) && SessionStart.isBeginning([.server("* OK [CAPABILITY IMAP4rev1] hi")]))
        #expect(!SessionStart.isBeginning([.client("a1 SELECT INBOX")]) && !SessionStart.isBeginning([.server("* OK [HIGHESTMODSEQ 4] x")]))
        // Commands valid in every state say nothing; the first other one decides.
        #expect(SessionStart.isBeginning([.client("a1 CAPABILITY"), .server("* CAPABILITY IMAP4rev1"), .client("a2 LOGIN u p")]))
        #expect(!SessionStart.isBeginning([.client("a1 NOOP"), .server("a1 OK"), .client("a2 FETCH 1 (FLAGS)")]))
    }

    static let excerpts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/excerpts")

    /// Excerpts of conforming sessions as people paste them: the verdict each gets (2 where the
    /// record starts inside a command's exchange, whose effects are then not judged).
    static let excerptVerdicts: [(String, Int32)] = [
        ("store-then-vanished.txt", 0), ("starts-with-exists.txt", 0), ("inside-idle.txt", 2), ("starts-with-noop.txt", 0),
        ("select-fetch-before-closed.txt", 0), ("starts-inside-literal.txt", 2), ("thunderbird-cut-literal.log", 0),
    ]

    @Test("qresync check on excerpts of conforming sessions: the message count is a lower bound, a SELECT may close an unseen mailbox, responses before the first command answer one in progress, a literal's cut tail is skipped", arguments: excerptVerdicts)
    func excerptVerdict(_ file: String, _ exit: Int32) {
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run(["check", Self.excerpts.appendingPathComponent(file).path], streams: &s) == exit, "\(s.stdoutText)")
        #expect(!s.stdoutText.contains("VIOLATION"), "\(s.stdoutText)")
    }

    @Test("--help exits 0 and lists exit codes")
    func help() {
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run(["--help"], streams: &s) == 0)
        #expect(s.stdoutText.contains("Exit codes"))
    }
}
