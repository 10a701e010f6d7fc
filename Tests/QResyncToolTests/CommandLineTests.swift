import Foundation
import Testing
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

    @Test("--help exits 0 and lists exit codes")
    func help() {
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run(["--help"], streams: &s) == 0)
        #expect(s.stdoutText.contains("Exit codes"))
    }
}
