import Foundation
import Testing
import IMAPTypes
import IMAPWire
import ReferenceServer
import SpecModel

/// A server for one test, reached in process or over TCP on 127.0.0.1; `finish()` stops it.
private final class Harness {
    let server: ReferenceServer
    let listener: TCPListener?
    let route: Route

    init(_ route: Route, _ configuration: ReferenceServer.Configuration = ReferenceServer.Configuration(latitude: Latitude())) {
        self.route = route
        server = ReferenceServer(configuration)
        listener = route == .tcp ? try! server.listen() : nil
    }

    func client(_ options: ParseOptions = .strict) -> RawIMAPClient {
        RawIMAPClient.connect(route, server, listener: listener, responseOptions: options)
    }

    func finish() {
        if let listener { listener.stop() } else { server.stop() }
    }
}

/// The tagged line of a response list.
private func tagged(_ lines: [String]) -> String { lines.last ?? "" }

@Suite("Reference server - IMAP over both transports")
struct ReferenceServerTests {
    @Test("greeting carries the capabilities (RFC 3501 §7.1.1) and CAPABILITY repeats them", arguments: Route.allCases)
    func greeting(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let c = h.client()
        let caps = ServerIdentity.capabilities(MailStore.allCapabilities).map(\.spelling).joined(separator: " ")
        #expect(c.next() == "* OK [CAPABILITY \(caps)] qresync reference server ready")
        #expect(c.run("a", "CAPABILITY") == ["* CAPABILITY \(caps)", "a OK done"])
        #expect(c.unparsable.isEmpty)
    }

    @Test("LOGIN, ENABLE QRESYNC, SELECT (CONDSTORE) with HIGHESTMODSEQ (RFC 7162 §3.1.8, §3.2.3)", arguments: Route.allCases)
    func loginEnableSelect(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let c = h.client()
        _ = c.next()
        #expect(c.run("a", "LOGIN test wrong").last?.hasPrefix("a NO ") == true)
        #expect(c.run("b", "LOGIN test testpass").last?.hasPrefix("b OK [CAPABILITY ") == true)
        #expect(c.run("c", "ENABLE QRESYNC") == ["* ENABLED QRESYNC", "c OK enabled"])
        let select = c.run("d", "SELECT INBOX (CONDSTORE)")
        #expect(select.contains("* OK [HIGHESTMODSEQ 1] highest"))
        #expect(tagged(select) == "d OK [READ-WRITE] selected")
        #expect(c.unparsable.isEmpty)
    }

    @Test("APPEND with a synchronising literal gets a continuation first; LITERAL+ gets none (RFC 3501 §7.5, RFC 7888)",
          arguments: Route.allCases)
    func appendLiterals(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let c = h.client()
        c.login()
        c.send("a APPEND INBOX (\\Seen) {5}\r\n")
        #expect(c.next() == "+ Ready for literal")
        c.send("hello\r\n")
        let uidValidity = h.server.withStore { $0.mailboxes[.inbox]!.uidValidity }
        #expect(c.responses(to: "a") == ["a OK [APPENDUID \(uidValidity) 1] appended"])
        c.send("b APPEND INBOX {6+}\r\nworld!\r\n")
        #expect(c.next() == "b OK [APPENDUID \(uidValidity) 2] appended")
        c.run("s", "SELECT INBOX")
        #expect(c.run("f", "FETCH 1:2 (FLAGS BODY.PEEK[])") == [
            "* 1 FETCH (FLAGS (\\Seen) BODY[] \"hello\")", "* 2 FETCH (FLAGS () BODY[] \"world!\")", "f OK fetched",
        ])
        #expect(c.unparsable.isEmpty)
    }

    @Test("one continuation request per synchronising literal, {0} included (RFC 3501 §7.5)", arguments: Route.allCases)
    func literalPerContinuation(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let c = h.client()
        _ = c.next()
        c.send("a LOGIN {4}\r\n")
        #expect(c.next() == "+ Ready for literal")
        c.send("test {8}\r\n")
        #expect(c.next() == "+ Ready for literal")
        c.send("testpass\r\n")
        #expect(c.next()?.hasPrefix("a OK [CAPABILITY ") == true)
        c.send("b APPEND INBOX {0}\r\n")
        #expect(c.next() == "+ Ready for literal")
        c.send("\r\n")
        #expect(c.next()?.hasPrefix("b OK [APPENDUID ") == true)
        // A client that sends the literal without waiting gets no continuation (RFC 3501 §7.5);
        // only the pipe guarantees that the server reads the literal together with its line.
        if route == .inProcess {
            c.send("c APPEND INBOX {2}\r\nhi\r\n")
            #expect(c.next()?.hasPrefix("c OK [APPENDUID ") == true)
        }
    }

    @Test("AUTHENTICATE PLAIN with and without an initial response (RFC 4616, RFC 4959)", arguments: Route.allCases)
    func authenticatePlain(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let good = Data("\0test\0testpass".utf8).base64EncodedString()
        let bad = Data("\0test\0nope".utf8).base64EncodedString()
        let c = h.client()
        _ = c.next()
        #expect(c.run("a", "AUTHENTICATE PLAIN \(bad)").last?.hasPrefix("a NO ") == true)
        c.send("b AUTHENTICATE PLAIN\r\n")
        #expect(c.next() == "+ ")
        c.send("*\r\n")
        #expect(c.next()?.hasPrefix("b BAD AUTHENTICATE cancelled") == true)
        c.send("c AUTHENTICATE PLAIN\r\n")
        #expect(c.next() == "+ ")
        c.send(good + "\r\n")
        #expect(c.next()?.hasPrefix("c OK [CAPABILITY ") == true)
        let d = h.client()
        _ = d.next()
        #expect(d.run("d", "AUTHENTICATE PLAIN \(good)").last?.hasPrefix("d OK ") == true)
        #expect(d.run("e", "AUTHENTICATE CRAM-MD5").last?.hasPrefix("e NO ") == true)
    }

    @Test("STORE UNCHANGEDSINCE answers MODIFIED for the message changed since (RFC 7162 §3.1.3)", arguments: Route.allCases)
    func unchangedSince(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let c = h.client()
        c.login()
        for tag in ["a1", "a2"] { c.run(tag, "APPEND INBOX {1+}\r\nx") }
        c.run("s", "SELECT INBOX (CONDSTORE)")
        #expect(c.run("t", "STORE 2 +FLAGS (\\Seen)") == ["* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (4))", "t OK stored"])
        #expect(c.run("u", "STORE 1:2 (UNCHANGEDSINCE 3) +FLAGS.SILENT (\\Flagged)") == [
            "* 1 FETCH (UID 1 MODSEQ (5))", "* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (4))",
            "u OK [MODIFIED 2] conditional store failed",
        ])
        #expect(c.unparsable.isEmpty)
    }

    @Test("two connections share the store: a change in one is seen in the other on NOOP (RFC 3501 §6.1.2)",
          arguments: Route.allCases)
    func noopSeesOtherSession(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let a = h.client(), b = h.client()
        a.login()
        b.login()
        a.run("a1", "APPEND INBOX {1+}\r\nx")
        a.run("a2", "SELECT INBOX (CONDSTORE)")
        b.run("b1", "SELECT INBOX")
        b.run("b2", "STORE 1 +FLAGS (\\Answered)")
        b.run("b3", "APPEND INBOX {1+}\r\ny")
        #expect(a.run("a3", "NOOP") == ["* 2 EXISTS", "* 1 FETCH (UID 1 FLAGS (\\Answered) MODSEQ (3))", "a3 OK done"])
        #expect(a.run("a4", "NOOP") == ["a4 OK done"])
    }

    @Test("IDLE pushes another session's changes until DONE (RFC 2177)", arguments: Route.allCases)
    func idlePush(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let a = h.client(), b = h.client()
        a.login()
        b.login()
        a.run("a1", "ENABLE QRESYNC")
        a.run("a2", "APPEND INBOX {1+}\r\nx")
        a.run("a3", "SELECT INBOX")
        a.send("a4 IDLE\r\n")
        #expect(a.next() == "+ idling")
        b.run("b1", "SELECT INBOX")
        b.run("b2", "STORE 1 +FLAGS (\\Deleted)")
        #expect(a.next() == "* 1 FETCH (UID 1 FLAGS (\\Deleted) MODSEQ (3))")
        b.run("b3", "EXPUNGE")
        #expect(a.next() == "* VANISHED 1")
        h.server.withStore { _ = $0.deliver(to: .inbox, flags: [.flagged]) }
        #expect(a.next() == "* 1 EXISTS")
        a.send("DONE\r\n")
        #expect(a.next() == "a4 OK IDLE terminated")
        #expect(a.run("a5", "NOOP") == ["a5 OK done"])
        #expect(a.unparsable.isEmpty)
    }

    @Test("IDLE needs authentication and ends only with DONE; AUTHENTICATE only before login", arguments: Route.allCases)
    func idleAndAuthenticateStates(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let c = h.client()
        _ = c.next()
        #expect(c.run("a", "IDLE") == ["a BAD not authenticated"])
        c.run("b", "LOGIN test testpass")
        #expect(c.run("c", "AUTHENTICATE PLAIN").last?.hasPrefix("c BAD AUTHENTICATE is valid only before") == true)
        c.send("d IDLE\r\n")
        #expect(c.next() == "+ idling")
        c.send("e NOOP\r\n")
        #expect(c.next() == "d BAD idle at byte 0: expected DONE (RFC 2177 section 3)")
        c.send("DONE\r\n")
        #expect(c.next() == "* BAD DONE outside IDLE (RFC 2177 section 3)")
        #expect(c.run("f", "NOOP") == ["f OK done"])
        #expect(c.unparsable.isEmpty)
    }

    @Test("malformed input gets BAD naming the rule, and the connection goes on", arguments: Route.allCases)
    func malformed(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let c = h.client()
        c.login()
        c.run("s", "SELECT INBOX")
        let cases: [(String, String)] = [
            ("a FETCH 1 (FLAGS) (CHANGEDSINCE 0)", "a BAD mod-sequence-value at byte 32: expected a mod-sequence of at least 1"),
            ("b STORE 1 (UNCHANGEDSINCE 9223372036854775808) +FLAGS (\\Seen)", "b BAD mod-sequence-valzer at byte 26"),
            ("c FROBNICATE", "c BAD "),
            ("nonsense", "* BAD command at byte 8"),
            ("d SELECT", "d BAD "),
        ]
        for (line, prefix) in cases {
            c.send(line + "\r\n")
            let reply = c.next()
            #expect(reply?.hasPrefix(prefix) == true, "\(line) -> \(reply ?? "nothing")")
        }
        c.send("e NOOP\nf NOOP\r\n")  // a bare LF (RFC 3501 §2.2)
        #expect(c.next()?.hasPrefix("e BAD CRLF at byte ") == true)
        #expect(c.next() == "f OK done")
        #expect(c.run("g", "NOOP") == ["g OK done"])
        #expect(c.unparsable.isEmpty)
    }

    @Test("over-long literals and lines are refused (RFC 7889 TOOBIG); a LITERAL+ one ends the connection",
          arguments: Route.allCases)
    func limits(route: Route) {
        let h = Harness(route, ReferenceServer.Configuration(
            latitude: Latitude(), parseOptions: ParseOptions(maxLineLength: 200, maxLiteralSize: 1024)))
        defer { h.finish() }
        let c = h.client()
        c.login()
        c.send("a APPEND INBOX {5000}\r\n")
        #expect(c.next()?.hasPrefix("a BAD [TOOBIG] literal at byte ") == true)
        #expect(c.run("b", "NOOP") == ["b OK done"])
        c.send("c APPEND INBOX {1024}\r\n")
        #expect(c.next() == "+ Ready for literal")
        c.send(String(repeating: "z", count: 1024) + "\r\n")
        #expect(c.next()?.hasPrefix("c OK [APPENDUID ") == true)
        c.send("d NOOP " + String(repeating: "x", count: 300) + "\r\n")
        #expect(c.next()?.hasPrefix("d BAD line at byte ") == true)
        #expect(c.run("e", "NOOP") == ["e OK done"])
        c.send("f APPEND INBOX {5000+}\r\n")
        #expect(c.next()?.hasPrefix("f BAD [TOOBIG] literal") == true)
        #expect(c.next()?.hasPrefix("* BYE ") == true)
        #expect(c.next() == nil)
        #expect(c.ended)
    }

    @Test("LOGOUT: BYE, tagged OK, then the end of the stream (RFC 3501 §6.1.3)", arguments: Route.allCases)
    func logout(route: Route) {
        let h = Harness(route)
        defer { h.finish() }
        let c = h.client()
        c.login()
        #expect(c.run("z", "LOGOUT") == ["* BYE logging out", "z OK done"])
        #expect(c.next() == nil)
        #expect(c.ended)
    }

    @Test("the same seed gives the same latitude and the same transcript")
    func seeded() {
        func transcript(_ seed: UInt64) -> [String] {
            let h = Harness(.inProcess, ReferenceServer.Configuration(seed: seed))
            defer { h.finish() }
            let c = h.client()
            c.login()
            var lines = c.run("a", "STATUS INBOX (UIDVALIDITY HIGHESTMODSEQ)")
            for i in 0..<4 { lines += c.run("p\(i)", "APPEND INBOX {1+}\r\nx") }
            lines += c.run("s", "SELECT INBOX (CONDSTORE)")
            lines += c.run("t", "STORE 1:4 +FLAGS (\\Seen)")
            return lines
        }
        #expect(transcript(42) == transcript(42))
        #expect(transcript(42) != transcript(43))
        let latitudes = Set((1...20).map { ReferenceServer(ReferenceServer.Configuration(seed: $0)).latitude })
        #expect(latitudes.count > 1)
    }
}

@Suite("Reference server - TCP listener")
struct TCPListenerTests {
    @Test("only loopback addresses are accepted", arguments: ["0.0.0.0", "192.168.1.1", "::1", "example.org", ""])
    func refusesNonLoopback(host: String) {
        let server = ReferenceServer()
        #expect(throws: ListenError.notLoopback(host)) { try server.listen(host: host) }
    }

    @Test("binds to 127.0.0.1 or localhost on an ephemeral port", arguments: ["127.0.0.1", "localhost", "127.0.0.2"])
    func loopback(host: String) throws {
        let listener = try ReferenceServer().listen(host: host)
        defer { listener.stop() }
        #expect(listener.port != 0)
        #expect(listener.host.hasPrefix("127.0.0."))
    }

    @Test("stop() closes the listening socket and every connection, even one in IDLE")
    func stopReleasesEverything() throws {
        let server = ReferenceServer(ReferenceServer.Configuration(latitude: Latitude()))
        let listener = try server.listen()
        let port = listener.port
        let c = RawIMAPClient.connect(.tcp, server, listener: listener)
        c.login()
        c.send("i IDLE\r\n")
        #expect(c.next() == "+ idling")
        #expect(serverSockets(port: port).contains { $0 != 0 })
        listener.stop()
        #expect(c.next() == nil)
        #expect(c.ended)
        // /proc/net/tcp lists a socket without a descriptor with inode 0: after stop() no socket
        // on the server's port is held by a descriptor (no leaked fds).
        #expect(serverSockets(port: port).allSatisfy { $0 == 0 })
        let late = TestSocket(port: port)
        #expect(late.receive(timeout: .milliseconds(200)) == [])
    }
}

/// Inodes of the sockets in /proc/net/tcp whose local port is `port`.
private func serverSockets(port: UInt16) -> [UInt64] {
    guard let table = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8) else { return [] }
    return table.split(separator: "\n").dropFirst().compactMap { line in
        let fields = line.split(separator: " ")
        guard fields.count > 9, let local = fields[1].split(separator: ":").last,
              UInt16(local, radix: 16) == port else { return nil }
        return UInt64(fields[9])
    }
}

/// One fault's observable deviation: the same script against a conforming server and against
/// one with the fault, compared on the probe command's responses.
struct FaultScenario: Sendable, CustomStringConvertible {
    var fault: ServerFault
    var qresync = false
    var steps: [String] = []
    var external: (@Sendable (inout MailStore) -> Void)?
    var probe: String
    /// Compare only the probe's lines containing this text.
    var only: String?
    var conforming: [String]
    var faulty: [String]

    var description: String { "\(fault.rawValue) (\(fault.requirementID))" }

    /// Every scenario runs on INBOX after three APPENDs (UIDs 1-3, mod-sequences 2-4 with the
    /// default latitude: one mod-sequence per command, no gaps, INBOX created at 1) and
    /// SELECT INBOX (CONDSTORE).
    static let all: [FaultScenario] = [
        FaultScenario(fault: .modSeqNotBumped, probe: "STORE 1 +FLAGS (\\Flagged)",
                      conforming: ["* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (5))", "p OK stored"],
                      faulty: ["* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (2))", "p OK stored"]),
        FaultScenario(fault: .changedSinceInclusive, probe: "FETCH 1:* (FLAGS) (CHANGEDSINCE 3)",
                      conforming: ["* 3 FETCH (FLAGS () MODSEQ (4))", "p OK fetched"],
                      faulty: ["* 2 FETCH (FLAGS () MODSEQ (3))", "* 3 FETCH (FLAGS () MODSEQ (4))", "p OK fetched"]),
        FaultScenario(fault: .unchangedSinceIgnored, steps: ["STORE 1 +FLAGS (\\Seen)"],
                      probe: "STORE 1 (UNCHANGEDSINCE 2) +FLAGS (\\Flagged)",
                      conforming: ["* 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (5))", "p OK [MODIFIED 1] conditional store failed"],
                      faulty: ["* 1 FETCH (UID 1 FLAGS (\\Flagged \\Seen) MODSEQ (6))", "p OK stored"]),
        FaultScenario(fault: .expungeKeepsHighestModSeq, qresync: true, steps: ["STORE 1 +FLAGS (\\Deleted)"], probe: "EXPUNGE",
                      conforming: ["* VANISHED 1", "p OK [HIGHESTMODSEQ 6] expunged"],
                      faulty: ["* VANISHED 1", "p OK [HIGHESTMODSEQ 5] expunged"]),
        FaultScenario(fault: .expungeInsteadOfVanished, qresync: true, steps: ["STORE 2:3 +FLAGS (\\Deleted)"], probe: "EXPUNGE",
                      conforming: ["* VANISHED 2:3", "p OK [HIGHESTMODSEQ 6] expunged"],
                      faulty: ["* 3 EXPUNGE", "* 2 EXPUNGE", "p OK [HIGHESTMODSEQ 6] expunged"]),
        FaultScenario(fault: .vanishedEarlierIncomplete, qresync: true, steps: ["STORE 2:3 +FLAGS (\\Deleted)", "EXPUNGE"],
                      probe: "UID FETCH 1:10 (FLAGS) (CHANGEDSINCE 4 VANISHED)",
                      conforming: ["* VANISHED (EARLIER) 2:3", "p OK fetched"],
                      faulty: ["* VANISHED (EARLIER) 2", "p OK fetched"]),
        FaultScenario(fault: .missingClosed, probe: "SELECT Archive", only: "CLOSED",
                      conforming: ["* OK [CLOSED] previous mailbox closed"], faulty: []),
        FaultScenario(fault: .fetchWithoutUID, external: { $0.externalStore(.inbox, uid: 1, StoreAction(.add, flags: [.flagged])) },
                      probe: "NOOP",
                      conforming: ["* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (5))", "p OK done"],
                      faulty: ["* 1 FETCH (FLAGS (\\Flagged) MODSEQ (5))", "p OK done"]),
        FaultScenario(fault: .highestModSeqOnClose, probe: "CLOSE",
                      conforming: ["p OK closed"], faulty: ["p OK [HIGHESTMODSEQ 4] closed"]),
        FaultScenario(fault: .modSeq64Bit, probe: "STATUS INBOX (HIGHESTMODSEQ)",
                      conforming: ["* STATUS INBOX (HIGHESTMODSEQ 4)", "p OK status"],
                      faulty: ["* STATUS INBOX (HIGHESTMODSEQ 9223372036854775811)", "p OK status"]),
    ]

    /// The probe's responses (as filtered) and the units the strict response grammar refused.
    func observe(faults: Set<ServerFault>) -> (lines: [String], unparsable: [String]) {
        let h = Harness(.inProcess, ReferenceServer.Configuration(latitude: Latitude(), faults: faults))
        defer { h.finish() }
        let c = h.client()
        c.login()
        if qresync { c.run("e", "ENABLE QRESYNC") }
        for i in 1...3 { c.run("a\(i)", "APPEND INBOX {1+}\r\n\(i)") }
        c.run("s", "SELECT INBOX (CONDSTORE)")
        for (i, step) in steps.enumerated() { c.run("t\(i)", step) }
        if let external { h.server.withStore { external(&$0) } }
        let lines = c.run("p", probe).filter { only.map($0.contains) ?? true }
        return (lines, c.unparsable)
    }
}

@Suite("Reference server - named faults")
struct ServerFaultTests {
    @Test("every fault has a scenario")
    func covered() {
        #expect(Set(FaultScenario.all.map(\.fault)) == Set(ServerFault.allCases))
    }

    @Test("each fault changes exactly the response it targets", arguments: FaultScenario.all)
    func deviation(_ scenario: FaultScenario) {
        let clean = scenario.observe(faults: [])
        #expect(clean.lines == scenario.conforming)
        #expect(clean.unparsable.isEmpty)
        let broken = scenario.observe(faults: [scenario.fault])
        #expect(broken.lines == scenario.faulty)
        // Only 64-bit mod-sequences leave RFC 7162 §7's grammar (R7162-3.1#1).
        #expect(broken.unparsable.isEmpty == (scenario.fault != .modSeq64Bit))
    }

    @Test("modseq-64-bit: a client's 64-bit values are read back into the model (R7162-3.1#1)")
    func wideValuesRoundTrip() {
        let h = Harness(.inProcess, ReferenceServer.Configuration(latitude: Latitude(), faults: [.modSeq64Bit]))
        defer { h.finish() }
        let c = h.client(.lenient)
        c.login()
        for i in 1...3 { c.run("a\(i)", "APPEND INBOX {1+}\r\n\(i)") }
        #expect(c.run("s", "SELECT INBOX (CONDSTORE)").contains("* OK [HIGHESTMODSEQ 9223372036854775811] highest"))
        #expect(c.run("f", "FETCH 1:* (FLAGS) (CHANGEDSINCE 9223372036854775809)") == [
            "* 2 FETCH (FLAGS () MODSEQ (9223372036854775810))", "* 3 FETCH (FLAGS () MODSEQ (9223372036854775811))",
            "f OK fetched",
        ])
        #expect(c.run("u", "STORE 3 (UNCHANGEDSINCE 9223372036854775810) +FLAGS (\\Seen)").last
                == "u OK [MODIFIED 3] conditional store failed")
        #expect(c.run("v", "UID SEARCH MODSEQ 9223372036854775811") == ["* SEARCH 3 (MODSEQ 9223372036854775811)", "v OK searched"])
    }
}

@Suite("Reference server - malformed input never crashes or hangs")
struct ReferenceServerRobustnessTests {
    /// Commands to mutate; IDLE and AUTHENTICATE are left out because they change what the
    /// next line means.
    static let commands = [
        "a SELECT INBOX (QRESYNC (1 2 1:5 (1:3 1:3)))", "b FETCH 1:* (FLAGS MODSEQ) (CHANGEDSINCE 1 VANISHED)",
        "c UID STORE 1:2 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen $Junk)", "d APPEND INBOX (\\Seen) {5+}\r\nhello",
        "e UID SEARCH RETURN (MIN MAX ALL) MODSEQ \"/flags/\\\\draft\" all 4", "f ENABLE QRESYNC CONDSTORE",
        "g STATUS INBOX (HIGHESTMODSEQ UIDNEXT)", "h UID EXPUNGE 1:*", "i EXAMINE Archive (CONDSTORE)", "j NOOP",
    ]

    @Test("seeded mutations of valid commands: every probe afterwards is answered")
    func mutations() {
        let h = Harness(.inProcess, ReferenceServer.Configuration(
            latitude: Latitude(), parseOptions: ParseOptions(maxLineLength: 512, maxLiteralSize: 64)))
        defer { h.finish() }
        var rng = SplitMix64(seed: 0x5EED_0042)
        var c = h.client()
        c.login()
        var answered = 0, refused = 0, reconnects = 0
        let rounds = 300
        for _ in 0..<rounds {
            var bytes = Array(Self.commands[Int(rng.below(UInt64(Self.commands.count)))].utf8) + [0x0D, 0x0A]
            for _ in 0..<rng.below(4) where !bytes.isEmpty {
                let at = Int(rng.below(UInt64(bytes.count)))
                switch rng.below(4) {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.removeSubrange(at...)
                case 2: bytes.insert(contentsOf: Array("{\(rng.below(200))\(rng.chance(1, in: 2) ? "+" : "")}\r\n".utf8), at: at)
                default: bytes.insert([0x0A, 0x00, 0x0D][Int(rng.below(3))], at: at)
                }
            }
            // Padding longer than any allowed literal ends whatever the mutation left open.
            c.send(String(decoding: bytes, as: UTF8.self) + String(repeating: "x", count: 100) + "\r\nzz NOOP\r\n")
            let lines = c.responses(to: "zz")
            refused += lines.filter { $0.contains(" BAD ") }.count
            if lines.last?.hasPrefix("zz OK") == true {
                answered += 1
            } else {
                #expect(c.ended || lines.contains { $0.hasPrefix("* BYE") }, "no answer: \(lines)")
                reconnects += 1
                c.close()
                c = h.client()
                c.login()
            }
        }
        #expect(answered + reconnects == rounds)
        #expect(answered > rounds / 2)
        #expect(refused > rounds / 2)
    }
}
