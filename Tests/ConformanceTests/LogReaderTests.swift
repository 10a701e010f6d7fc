import Foundation
import Testing
import IMAPWire
@testable import Conformance

@Suite("Protocol logs - Dovecot rawlog, Cyrus telemetry, MailKit, Horde, Thunderbird")
struct LogReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/real")

    static func load(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(path)))
    }

    @Test("telemetry keeps each session's own order (one-second timestamps tie)")
    func telemetryOrder() throws {
        let events = try LogReaders.cyrusTelemetry(Self.load("cyrus-telemetry/session1.log"), session: 1, file: "s1")
        let texts = events.map { String(decoding: $0.bytes, as: UTF8.self) }
        let enable = try #require(texts.firstIndex { $0.hasPrefix("A012 ENABLE") })
        let enabled = try #require(texts.firstIndex { $0.hasPrefix("* ENABLED") })
        let ok = try #require(texts.firstIndex { $0.hasPrefix("A012 OK") })
        #expect(enable < enabled && enabled < ok, "\(texts[max(0, enable - 2)...min(texts.count - 1, ok + 2)])")
        // Every unit is complete: a line (with literals) ending in CRLF.
        #expect(events.allSatisfy { $0.bytes.suffix(2) == [0x0D, 0x0A] })
    }

    @Test("rawlog pairs interleave client and server by time")
    func rawlogOrder() throws {
        let events = try LogReaders.dovecotRawlog(input: Self.load("dovecot-rawlog/session1.in"),
                                                  output: Self.load("dovecot-rawlog/session1.out"), session: 1, file: "s1")
        let texts = events.map { String(decoding: $0.bytes, as: UTF8.self) }
        var checked = 0
        for (i, e) in events.enumerated() where e.direction == .server && texts[i].hasPrefix("A") {
            let tag = String(texts[i].prefix { $0 != " " })
            // The log starts after LOGIN: skip completions whose command was never logged.
            guard let command = events.firstIndex(where: { $0.direction == .client && texts[events.firstIndex(of: $0)!].hasPrefix(tag + " ") })
            else { continue }
            #expect(command < i, "\(tag): completion before its command")
            checked += 1
        }
        #expect(checked > 20)
    }

    @Test("a MailKit protocol log: one session per connection, the same line numbers, redacted LOGIN arguments still parse")
    func mailKitProtocolLog() throws {
        let log = """
            Connected to imaps://imap.example.org:993/\r
            S: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready\r
            C: A00000000 LOGIN ******** ********\r
            S: A00000000 OK logged in\r
            C: A00000001 APPEND INBOX {5}\r
            S: + ready\r
            C: hi\r
            C: !\r
            S: A00000001 OK appended\r
            Connected to imaps://imap.example.org:993/\r
            S: * OK ready\r
            C: B00000000 LOGIN alice ********\r
            S: B00000000 OK logged in\r

            """
        let transcript = try #require(LogReaders.mailKitProtocolLog(Array(log.utf8)))
        let text = String(decoding: transcript, as: UTF8.self)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == log.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(text.contains("C1: A00000000 LOGIN \"********\" \"********\"\r") && text.contains("C2: B00000000 LOGIN alice \"********\"\r"))
        let trace = try TranscriptReader.read(transcript, file: "mk")
        #expect(Set(trace.events.map(\.session)) == [1, 2])
        // The literal's two lines are one unit of session 1; session 2 starts at line 11.
        #expect(trace.events.contains { $0.session == 1 && $0.bytes == Array("A00000001 APPEND INBOX {5}\r\nhi\r\n!\r\n".utf8) })
        #expect(trace.events.first { $0.session == 2 }?.line == 11)
        var c = TraceChecker(options: CheckOptions())
        c.check(trace)
        #expect(c.report.verdict == .conforms, "\(c.report.verdict)")
        // Anything else before the first connection: not a MailKit log.
        #expect(LogReaders.mailKitProtocolLog(Array("S: * OK ready\r\n".utf8)) == nil)
    }

    @Test("a Horde debug log: one session per connection, the same line numbers, AUTHENTICATE PLAIN's user and literals stood in for")
    func hordeDebugLog() throws {
        let log = """
            ------------------------------
            >> Thu, 09 Oct 2025 14:44:09 +0000
            >> Connection to: imap://mail.example.org/
            S: * OK [CAPABILITY IMAP4rev1 LITERAL+ ENABLE AUTH=PLAIN SASL-IR CONDSTORE] ready
            C: 1 AUTHENTICATE PLAIN [INITIAL CLIENT RESPONSE (username: alice)]
            S: 1 OK Logged in
            >> Command 1 took 0.0174 seconds.
            C: 2 SELECT INBOX
            S: * 1 EXISTS
            S: 2 OK [READ-WRITE] selected
            C: 3 UID FETCH 5 (BODY.PEEK[1] BODY.PEEK[1.MIME])
            S: * 1 FETCH (UID 5 BODY[1] {12}
            S: [LITERAL DATA: 12 bytes]
            S:  BODY[1.MIME] {7}
            S: [LITERAL DATA: 7 bytes]
            S: )
            S: 3 OK Completed
            ------------------------------
            >> Connection to: imap://mail.example.org/
            S: * OK ready

            """
        let transcript = try #require(try LogReaders.hordeDebugLog(Array(log.utf8)))
        let text = String(decoding: transcript, as: UTF8.self)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == log.split(separator: "\n", omittingEmptySubsequences: false).count)
        // RFC 4616: "\0alice\0***".
        #expect(text.contains("C1: 1 AUTHENTICATE PLAIN AGFsaWNlACoqKg==\n"))
        let trace = try TranscriptReader.read(transcript, file: "horde")
        #expect(Set(trace.events.map(\.session)) == [1, 2])
        #expect(trace.events.first { $0.session == 2 }?.line == 20)
        let body = "* 1 FETCH (UID 5 BODY[1] {12}\r\n" + String(repeating: "x", count: 12) + " BODY[1.MIME] {7}\r\n" + String(repeating: "x", count: 7) + ")\r\n"
        #expect(trace.events.contains { $0.bytes == Array(body.utf8) })
        var c = TraceChecker(options: CheckOptions())
        c.check(trace)
        #expect(c.report.verdict == .conforms, "\(c.report.verdict)")
        #expect(try LogReaders.hordeDebugLog(Array("S: * OK ready\n".utf8)) == nil)
        // A literal of 10 MB stands in as 64 KiB, its announced size changed to match.
        let big = try #require(try LogReaders.hordeDebugLog(Array(">> Connection to: x\nS: * 1 FETCH (BODY[] {10000000}\nS: [LITERAL DATA: 10000000 bytes]\nS: )\n".utf8)))
        #expect(big.count < 70_000)
        let bigTrace = try TranscriptReader.read(big, file: "big")
        #expect(bigTrace.events.first?.bytes.starts(with: Array("* 1 FETCH (BODY[] {65536}\r\n".utf8)) == true)
        // A client literal ends its APPEND: the next command is not joined to it.
        let append = try #require(try LogReaders.hordeDebugLog(Array(">> Connection to: x\nC: 1 APPEND INBOX {3+}\nC: [LITERAL DATA: 3 bytes]\nC: 2 NOOP\n".utf8)))
        #expect(String(decoding: append, as: UTF8.self) == "# >> Connection to: x\nC1: 1 APPEND INBOX {3+}\nC1: xxx\nC1: 2 NOOP\n")
        // Two processes writing one log: a command tagged 8 where the connection's next is 4.
        let interleaved = log.replacingOccurrences(of: "C: 3 UID FETCH", with: "C: 8 LOGOUT\nC: 3 UID FETCH")
        #expect(throws: TraceError.self) { try LogReaders.hordeDebugLog(Array(interleaved.utf8), file: "h") }
        do { _ = try LogReaders.hordeDebugLog(Array(interleaved.utf8), file: "h") } catch { #expect(error.line == 11 && error.reason.contains("interleaves")) }
        #expect(Base64.encode(Array("Ma".utf8)) == Array("TWE=".utf8) && Base64.encode(Array("Man".utf8)) == Array("TWFu".utf8))
    }

    @Test("a Thunderbird IMAP log: one session per protocol instance, the same line numbers, suppressed logins and APPEND data stood in for")
    func thunderbirdIMAPLog() throws {
        // Two instances: one in the MOZ_LOG form (Thunderbird 55 and later), one in the older
        // NSPR form; a line is logged with its CRLF, so an empty log line follows it.
        let p = "2025-10-09 14:44:09.100000 UTC - [Parent 4242: IMAP]: I/IMAP 0x7f3a1c000800:imap.example.org"
        let q = "1344[3f74b68]: 42a5818:imap.example.org"
        let log = """
            \(p):NA:CreateNewLineFromSocket: * OK [CAPABILITY IMAP4rev1 LITERAL+ ENABLE AUTH=PLAIN CONDSTORE] ready\r

            \(p):NA:SendData: Logging suppressed for this command (it probably contained authentication information)
            \(p):NA:CreateNewLineFromSocket: 1 OK Logged in\r

            2025-10-09 14:44:09.200000 UTC - [Parent 4242: IMAP]: I/IMAP 0x7f3a1c000800:imap.example.org:A:ProcessCurrentURL: entering
            \(p):A:SendData: 2 select "INBOX" (CONDSTORE)\r

            \(p):S-INBOX:CreateNewLineFromSocket: * 1 EXISTS\r
            \(p):S-INBOX:CreateNewLineFromSocket: * OK [UIDVALIDITY 7] x\r
            \(p):S-INBOX:CreateNewLineFromSocket: * OK [HIGHESTMODSEQ 40] x\r
            \(p):S-INBOX:CreateNewLineFromSocket: 2 OK [READ-WRITE] selected\r
            \(p):S-INBOX:SendData: 3 UID fetch 5 (UID MODSEQ BODY.PEEK[1])\r
            \(p):S-INBOX:CreateNewLineFromSocket: * 1 FETCH (UID 5 MODSEQ (40) BODY[1] {6}\r
            \(p):S-INBOX:CreateNewLineFromSocket: a\r
            \(p):S-INBOX:CreateNewLineFromSocket: \r
            \(p):S-INBOX:CreateNewLineFromSocket: b)\r
            \(p):S-INBOX:CreateNewLineFromSocket: 3 OK Fetch completed\r
            \(p):S-INBOX:SendData: 4 append "INBOX" (\\Seen) {5}\r
            \(p):S-INBOX:CreateNewLineFromSocket: + go ahead\r
            \(p):S-INBOX:SendData: Logging suppressed for this command (it probably contained authentication information)
            \(p):S-INBOX:SendData: \r

            \(p):S-INBOX:CreateNewLineFromSocket: * 2 EXISTS\r
            \(p):S-INBOX:CreateNewLineFromSocket: 4 OK [APPENDUID 7 6] Append completed\r
            \(q):NA:CreateNewLineFromSocket: * OK ready\r
            \(q):NA:SendData: 1 authenticate PLAIN\r
            \(q):NA:CreateNewLineFromSocket: + \r
            \(q):NA:SendData: Logging suppressed for this command (it probably contained authentication information)
            \(q):NA:CreateNewLineFromSocket: 1 OK done\r
            \(q):A:CreateNewLineFromSocket: * 3 FETCH (FLAGS (\(String(repeating: "a", count: 400 - 18))

            """
        let transcript = try #require(LogReaders.thunderbirdIMAPLog(Array(log.utf8)))
        let text = String(decoding: transcript, as: UTF8.self)
        #expect(transcript.filter { $0 == 0x0A }.count == log.utf8.filter { $0 == 0x0A }.count)
        #expect(text.contains("\nC1: 1 LOGIN \"***\" \"***\"\n"))
        // RFC 4616: "\0***\0***".
        #expect(text.contains("\nC2: ACoqKgAqKio=\n"))
        #expect(text.contains("\n# (cut at 400 bytes by the log) "))
        let trace = try TranscriptReader.read(transcript, file: "tb")
        #expect(Set(trace.events.map(\.session)) == [1, 2])
        #expect(trace.events.first { $0.session == 2 }?.line == 26)
        #expect(trace.events.contains { $0.bytes == Array("* 1 FETCH (UID 5 MODSEQ (40) BODY[1] {6}\r\na\r\n\r\nb)\r\n".utf8) })
        #expect(trace.events.contains { $0.bytes == Array("4 append \"INBOX\" (\\Seen) {5}\r\nxxxxx\r\n".utf8) })
        var c = TraceChecker(options: CheckOptions())
        c.check(trace)
        #expect(c.report.verdict == .conforms, "\(c.report.findings)")
        #expect(LogReaders.thunderbirdIMAPLog(Array("C: a1 NOOP\nS: a1 OK\n".utf8)) == nil)
        // The log prefix cut off, and "]: " in the server's data after the marker.
        let bare = try #require(LogReaders.thunderbirdIMAPLog(Array("0x7f:host:S-INBOX:CreateNewLineFromSocket: * OK [ALERT]: quota\n".utf8)))
        #expect(String(decoding: bare, as: UTF8.self) == "S1: * OK [ALERT]: quota\n")
    }

    @Test("malformed logs give an error with the line")
    func malformed() {
        #expect(throws: TraceError.self) {
            _ = try LogReaders.dovecotRawlog(input: Array("not-a-time A1 NOOP\n".utf8), output: [], session: 1, file: "x")
        }
        #expect(throws: TraceError.self) {
            _ = try LogReaders.cyrusTelemetry(Array("stray text\n".utf8), session: 1, file: "x")
        }
    }
}
