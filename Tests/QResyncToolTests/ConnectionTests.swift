import Foundation
import IMAPClient
import IMAPTypes
import IMAPWire
import Testing

/// A connection to a fake server running `steps`, with short deadlines.
private func connect(_ steps: [FakeIMAPServer.Step], prefix: String = "a", timeout: Duration = .seconds(2))
    -> (Connection, FakeIMAPServer) {
    let server = FakeIMAPServer(steps)
    let connection = Connection(transport: server.client,
                                options: .init(tagPrefix: Tag(prefix)!, timeout: timeout))
    return (connection, server)
}

private func text(_ event: TraceEvent) -> String { String(decoding: event.bytes, as: UTF8.self) }

private let greeting = FakeIMAPServer.Step.send("* OK [CAPABILITY IMAP4rev1] ready\r\n")

@Suite("Connection - tags, literals, completion (RFC 3501 §2.2, §7.5)")
struct ConnectionCommandTests {
    @Test("tags are the prefix and a counter", arguments: ["a", "x", "Q."])
    func tags(prefix: String) throws {
        let (c, server) = connect([
            greeting,
            .expect("\(prefix)1 NOOP"), .send("* 3 EXISTS\r\n\(prefix)1 OK noop done\r\n"),
            .expect("\(prefix)2 CAPABILITY"),
            .send("* CAPABILITY IMAP4rev1 IDLE\r\n\(prefix)2 OK done\r\n"),
        ], prefix: prefix)
        let g = try c.readGreeting()
        #expect(g.status == .ok)
        #expect(c.capabilities == [.imap4rev1])
        let noop = try c.execute(.noop)
        #expect(noop.tag.rawValue == "\(prefix)1")
        #expect(noop.untagged == [.untagged(.exists(3))])
        #expect(noop.tagged == .init(status: .ok, text: ResponseText(text: "noop done")))
        #expect(noop.lines.map(\.direction) == [.client, .server, .server])
        #expect(noop.usedLeniencies.isEmpty)
        #expect(noop.strictErrors.isEmpty)
        let cap = try c.capability()
        #expect(cap.tag.rawValue == "\(prefix)2")
        #expect(c.capabilities == [.imap4rev1, .idle])
        #expect(server.problems == [])
    }

    @Test("a NO completion is a result, not an error")
    func noIsAResult() throws {
        let (c, server) = connect([greeting, .expect("a1 SELECT nothere"), .send("a1 NO [NONEXISTENT] no such mailbox\r\n")])
        _ = try c.readGreeting()
        let r = try c.execute(.select(MailboxName(bytes: Array("nothere".utf8)), []))
        #expect(r.tagged.status == .no)
        #expect(r.tagged.text.code == .nonExistent)
        #expect(!r.isOK)
        #expect(server.problems == [])
    }

    @Test("a synchronising literal waits for the continuation request")
    func synchronisingLiteral() throws {
        let (c, server) = connect([
            greeting,
            .expect("a1 APPEND INBOX {5}"), .expectSilence(.milliseconds(100)),
            .send("+ go ahead\r\n"), .expect("hello"), .send("a1 OK [APPENDUID 7 1] appended\r\n"),
        ])
        _ = try c.readGreeting()
        let r = try c.execute(.append(.inbox, flags: nil, date: nil, message: Array("hello".utf8)))
        #expect(r.isOK)
        #expect(server.problems == [])
        // The command is one unit, recorded once complete: after the "+" it waited for.
        #expect(r.lines.map(text) == ["+ go ahead\r\n", "a1 APPEND INBOX {5}\r\nhello\r\n", "a1 OK [APPENDUID 7 1] appended\r\n"])
        #expect(r.lines.map(\.direction) == [.server, .client, .server])
        #expect(zip(r.lines, r.lines.dropFirst()).allSatisfy { $0.time! <= $1.time! })
    }

    @Test("a refused literal is not sent and the completion is the result")
    func refusedLiteral() throws {
        let (c, server) = connect([
            greeting,
            .expect("a1 APPEND INBOX {5}"), .send("* 2 EXISTS\r\na1 NO [TOOBIG] too big\r\n"),
            .expectSilence(.milliseconds(150)),
        ])
        _ = try c.readGreeting()
        let r = try c.execute(.append(.inbox, flags: nil, date: nil, message: Array("hello".utf8)))
        #expect(r.tagged.status == .no)
        #expect(r.untagged == [.untagged(.exists(2))])
        // The unit cut short is recorded as sent, before the completion that refused it.
        #expect(r.lines.map(text) == ["* 2 EXISTS\r\n", "a1 APPEND INBOX {5}\r\n", "a1 NO [TOOBIG] too big\r\n"])
        #expect(server.problems == [])
    }

    @Test("with LITERAL+ advertised, literals are non-synchronising (RFC 7888)")
    func literalPlus() throws {
        let (c, server) = connect([
            .send("* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\n"),
            .expect("a1 APPEND INBOX {5+}"), .expect("hello"), .send("a1 OK appended\r\n"),
        ])
        _ = try c.readGreeting()
        let r = try c.execute(.append(.inbox, flags: nil, date: nil, message: Array("hello".utf8)))
        #expect(r.isOK)
        #expect(r.lines.map(text) == ["a1 APPEND INBOX {5+}\r\nhello\r\n", "a1 OK appended\r\n"])
        #expect(server.problems == [])
    }

    @Test("useLiteralPlus and useSASLIR off: continuation requests even when the server advertises both")
    func extensionsOff() throws {
        let server = FakeIMAPServer([
            .send("* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR] ready\r\n"),
            .expect("a1 AUTHENTICATE PLAIN"), .send("+ \r\n"), .expect(ConnectionAuthenticationTests.b64("\0u\0p")),
            .send("a1 OK in\r\n"),
            .expect("a2 APPEND INBOX {2}"), .expectSilence(.milliseconds(100)), .send("+ go\r\n"), .expect("hi"),
            .send("a2 OK appended\r\n"),
        ])
        let c = Connection(transport: server.client,
                           options: .init(timeout: .seconds(2), useLiteralPlus: false, useSASLIR: false))
        _ = try c.readGreeting()
        #expect(try c.authenticatePlain(user: "u", password: "p").isOK)
        #expect(try c.execute(.append(.inbox, flags: nil, date: nil, message: Array("hi".utf8))).isOK)
        #expect(server.problems == [])
    }

    @Test("a greeting of BYE refuses the session")
    func byeGreeting() throws {
        let (c, _) = connect([.send("* BYE [UNAVAILABLE] go away\r\n")])
        #expect {
            _ = try c.readGreeting()
        } throws: { error in
            guard let e = error as? ConnectionError, case .refused(let t) = e.kind else { return false }
            return t.text == "go away"
        }
    }

    @Test("responses split across many writes are reassembled, literals included")
    func splitWrites() throws {
        let pieces = ["* 1 FE", "TCH (UID 7 BODY[] {1", "2}\r\nhello", "\r\nworld)", "\r", "\na1 OK", " done\r\n"]
        let (c, server) = connect([greeting, .expect("a1 NOOP")]
            + pieces.flatMap { [FakeIMAPServer.Step.send($0), .pause(.milliseconds(20))] })
        _ = try c.readGreeting()
        let r = try c.execute(.noop)
        #expect(r.isOK)
        #expect(r.untagged == [.untagged(.fetch(SequenceNumber(1)!, [
            .uid(UID(7)!), .bodySection(name: "BODY", section: "", origin: nil, data: Array("hello\r\nworld".utf8)),
        ]))])
        #expect(r.lines.map(text) == ["a1 NOOP\r\n", "* 1 FETCH (UID 7 BODY[] {12}\r\nhello\r\nworld)\r\n", "a1 OK done\r\n"])
        #expect(server.problems == [])
    }

    @Test("a greeting that needs a leniency reports it and the strict error")
    func lenientGreeting() throws {
        let (c, _) = connect([.send("* OK [CAPABILITY IMAP4rev1 IDLE]\r\n")])
        let g = try c.readGreeting()
        #expect(g.usedLeniencies == [.responseCodeWithoutText])
        #expect(g.strictErrors.count == 1)
        #expect(c.capabilities == [.imap4rev1, .idle])
    }

    @Test("a lenient parse is used and reported when the strict one fails")
    func lenientFallback() throws {
        let (c, server) = connect([greeting, .expect("a1 NOOP"), .send("a1 OK\r\n")])
        _ = try c.readGreeting()
        let r = try c.execute(.noop)
        #expect(r.isOK)
        #expect(r.usedLeniencies == [.emptyResponseText])
        #expect(c.usedLeniencies == [.emptyResponseText])
        #expect(r.strictErrors.count == 1)
        #expect(r.strictErrors.first?.offset == 5)   // "a1 OK" ends where the strict grammar wants SP text
        #expect(server.problems == [])
    }
}

@Suite("Connection - IDLE (RFC 2177)")
struct ConnectionIdleTests {
    @Test("IDLE collects pushes until the condition, then DONE")
    func idleUntil() throws {
        let (c, server) = connect([
            greeting,
            .expect("a1 IDLE"), .send("+ idling\r\n"), .pause(.milliseconds(50)), .send("* 4 EXISTS\r\n"),
            .expect("DONE"), .send("a1 OK IDLE terminated\r\n"),
        ])
        _ = try c.readGreeting()
        let start = ContinuousClock.now
        let r = try c.idle(for: .seconds(5)) { $0 == .untagged(.exists(4)) }
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(r.isOK)
        #expect(r.untagged == [.untagged(.exists(4))])
        #expect(r.lines.map(text) == ["a1 IDLE\r\n", "+ idling\r\n", "* 4 EXISTS\r\n", "DONE\r\n", "a1 OK IDLE terminated\r\n"])
        #expect(server.problems == [])
    }

    @Test("IDLE for a duration sends DONE when it is over")
    func idleDuration() throws {
        let (c, server) = connect([
            greeting, .expect("a1 IDLE"), .send("+ idling\r\n"),
            .expectSilence(.milliseconds(100)), .expect("DONE"), .send("a1 OK done\r\n"),
        ])
        _ = try c.readGreeting()
        let start = ContinuousClock.now
        let r = try c.idle(for: .milliseconds(250))
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(250))
        #expect(elapsed < .seconds(3))
        #expect(r.isOK)
        #expect(r.untagged.isEmpty)
        #expect(server.problems == [])
    }

    @Test("a refused IDLE returns the completion without DONE")
    func idleRefused() throws {
        let (c, server) = connect([greeting, .expect("a1 IDLE"), .send("a1 BAD no IDLE here\r\n"), .expectSilence(.milliseconds(150))])
        _ = try c.readGreeting()
        let r = try c.idle(for: .seconds(1))
        #expect(r.tagged.status == .bad)
        #expect(server.problems == [])
    }
}

@Suite("Connection - LOGIN and AUTHENTICATE PLAIN with masked recording (RFC 3501 §6.2, RFC 4616, RFC 4959)")
struct ConnectionAuthenticationTests {
    static func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }

    @Test("LOGIN sends the password and records \"***\"")
    func login() throws {
        let (c, server) = connect([greeting, .expect("a1 LOGIN alice s3cret"), .send("a1 OK [CAPABILITY IMAP4rev1 CONDSTORE] in\r\n")])
        _ = try c.readGreeting()
        let r = try c.login(user: "alice", password: "s3cret")
        #expect(r.isOK)
        #expect(c.capabilities == [.imap4rev1, .condstore])
        #expect(text(r.lines[0]) == "a1 LOGIN alice \"***\"\r\n")
        #expect(!c.recorder.jsonl.contains("s3cret"))
        #expect(!c.recorder.transcript.contains("s3cret"))
        #expect(server.lines == ["a1 LOGIN alice s3cret"])
        #expect(server.problems == [])
    }

    @Test("secrets sent through execute(_:) are masked too", arguments: [
        (Command.login(user: "carol", password: "pw1"), "a1 LOGIN carol pw1", "a1 LOGIN carol \"***\""),
        (Command.authenticate(mechanism: "PLAIN", initialResponse: b64("authz\0carol\0pw1")),
         "a1 AUTHENTICATE PLAIN \(b64("authz\0carol\0pw1"))", "a1 AUTHENTICATE PLAIN \(b64("authz\0carol\0***"))"),
        (Command.authenticate(mechanism: "X-TOKEN", initialResponse: b64("pw1")),
         "a1 AUTHENTICATE X-TOKEN \(b64("pw1"))", "a1 AUTHENTICATE X-TOKEN \(b64("***"))"),
    ])
    func executeMasks(command: Command, sent: String, recorded: String) throws {
        let (c, server) = connect([greeting, .expect(sent), .send("a1 OK in\r\n")])
        _ = try c.readGreeting()
        let r = try c.execute(command)
        #expect(r.lines.map(text) == [recorded + "\r\n", "a1 OK in\r\n"])
        #expect(!c.recorder.jsonl.contains("pw1") && !c.recorder.jsonl.contains(Self.b64("pw1")))
        #expect(server.problems == [])
    }

    @Test("a LOGIN password sent as a literal is masked too")
    func loginLiteral() throws {
        let (c, server) = connect([
            greeting, .expect("a1 LOGIN alice {7}"), .send("+ ok\r\n"), .expect("pässwd"), .send("a1 OK in\r\n"),
        ])
        _ = try c.readGreeting()
        let r = try c.login(user: "alice", password: "pässwd")
        #expect(r.isOK)
        #expect(r.lines.map(text) == ["+ ok\r\n", "a1 LOGIN alice \"***\"\r\n", "a1 OK in\r\n"])
        #expect(!c.recorder.jsonl.contains("p\\u00e4sswd") && !c.recorder.jsonl.contains("pässwd"))
        #expect(server.problems == [])
    }

    @Test("AUTHENTICATE PLAIN with SASL-IR sends the initial response on the command line")
    func plainInitialResponse() throws {
        let (c, server) = connect([
            .send("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n"),
            .expect("a1 AUTHENTICATE PLAIN \(Self.b64("\0bob\0hunter2"))"), .send("a1 OK authenticated\r\n"),
        ])
        _ = try c.readGreeting()
        let r = try c.authenticatePlain(user: "bob", password: "hunter2")
        #expect(r.isOK)
        #expect(r.lines.map(text) == ["a1 AUTHENTICATE PLAIN \(Self.b64("\0bob\0***"))\r\n", "a1 OK authenticated\r\n"])
        #expect(!c.recorder.jsonl.contains(Self.b64("\0bob\0hunter2")))
        #expect(server.problems == [])
    }

    @Test("AUTHENTICATE PLAIN without SASL-IR answers the continuation request")
    func plainContinuation() throws {
        let (c, server) = connect([
            greeting, .expect("a1 AUTHENTICATE PLAIN"), .send("+ \r\n"),
            .expect(Self.b64("\0bob\0hunter2")), .send("a1 OK authenticated\r\n"),
        ])
        _ = try c.readGreeting()
        let r = try c.authenticatePlain(user: "bob", password: "hunter2")
        #expect(r.isOK)
        #expect(r.lines.map(text) == ["a1 AUTHENTICATE PLAIN\r\n", "+ \r\n", "\(Self.b64("\0bob\0***"))\r\n", "a1 OK authenticated\r\n"])
        #expect(!c.recorder.jsonl.contains(Self.b64("\0bob\0hunter2")))
        #expect(server.problems == [])
    }
}

@Suite("Connection - misbehaving servers end in errors, never hangs")
struct ConnectionFailureTests {
    @Test("garbage from the server is an unparseable error with the bytes received")
    func garbage() throws {
        let (c, _) = connect([greeting, .expect("a1 NOOP"), .send("* 1 EXISTS\r\nthis is not IMAP\r\n")])
        _ = try c.readGreeting()
        do throws(ConnectionError) {
            _ = try c.execute(.noop)
            Issue.record("garbage was accepted")
        } catch {
            guard case .unparseable = error.kind else {
                Issue.record("wrong kind \(error.kind)")
                return
            }
            #expect(String(decoding: error.received, as: UTF8.self) == "* 1 EXISTS\r\nthis is not IMAP\r\n")
            #expect(error.waitingFor.contains("a1"))
        }
        // The session is over: later calls fail with the same error and send nothing.
        #expect(throws: ConnectionError.self) { _ = try c.execute(.noop) }
        #expect(c.recorder.events.last.map(text) == "this is not IMAP\r\n")
    }

    @Test("the server closing inside a response is an error with the partial bytes")
    func closedMidResponse() throws {
        let (c, _) = connect([greeting, .expect("a1 FETCH 1 (UID)"), .send("* 1 FETCH (UID 5"), .close])
        _ = try c.readGreeting()
        do throws(ConnectionError) {
            _ = try c.execute(.fetch(SequenceSet([1...1]), [.uid], [], uid: false))
            Issue.record("a truncated response was accepted")
        } catch {
            #expect(error.kind == .closedByServer(insideUnit: true))
            #expect(error.received == Array("* 1 FETCH (UID 5".utf8))
        }
        #expect(c.recorder.events.last.map(text) == "* 1 FETCH (UID 5")
    }

    @Test("the server closing inside a literal is an error")
    func closedMidLiteral() throws {
        let (c, _) = connect([greeting, .expect("a1 NOOP"), .send("* 1 FETCH (BODY[] {10}\r\nabc"), .close])
        _ = try c.readGreeting()
        #expect {
            _ = try c.execute(.noop)
        } throws: { ($0 as? ConnectionError)?.kind == .closedByServer(insideUnit: true) }
    }

    @Test("a literal larger than the framing limit is an error, not an allocation")
    func literalTooLarge() throws {
        let server = FakeIMAPServer([greeting, .expect("a1 NOOP"), .send("* 1 FETCH (BODY[] {99999999}\r\nabc")])
        var framing = ParseOptions.lenient
        framing.maxLiteralSize = 1000
        let c = Connection(transport: server.client, options: .init(timeout: .seconds(2), framing: framing))
        _ = try c.readGreeting()
        #expect {
            _ = try c.execute(.noop)
        } throws: { error in
            guard let e = error as? ConnectionError, case .unparseable(let w) = e.kind else { return false }
            return w.rule == "literal"
        }
    }

    @Test("a silent server is a timeout within the deadline")
    func silent() throws {
        let (c, server) = connect([greeting, .expect("a1 NOOP"), .pause(.seconds(3))], timeout: .milliseconds(200))
        _ = try c.readGreeting()
        let start = ContinuousClock.now
        #expect {
            _ = try c.execute(.noop)
        } throws: { ($0 as? ConnectionError)?.kind == .timedOut }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(200))
        #expect(elapsed < .seconds(2))
        #expect(server.problems == [])
    }

    @Test("no greeting is a timeout")
    func noGreeting() {
        let (c, _) = connect([.pause(.seconds(1))], timeout: .milliseconds(200))
        #expect {
            _ = try c.readGreeting()
        } throws: { ($0 as? ConnectionError)?.kind == .timedOut }
    }

    @Test("a response with a tag the client did not send is unexpected")
    func strangerTag() throws {
        let (c, _) = connect([greeting, .expect("a1 NOOP"), .send("zz9 OK who?\r\n")])
        _ = try c.readGreeting()
        #expect {
            _ = try c.execute(.noop)
        } throws: { error in
            guard let e = error as? ConnectionError, case .unexpected(.tagged(let t, _, _)) = e.kind else { return false }
            return t.rawValue == "zz9" && e.description.contains("\"zz9 OK who?\"")
        }
    }

    @Test("LOGOUT reads BYE and the completion, then closes")
    func logout() throws {
        let (c, server) = connect([greeting, .expect("a1 LOGOUT"), .send("* BYE bye\r\na1 OK done\r\n")])
        _ = try c.readGreeting()
        let r = try c.logout()
        #expect(r.untagged == [.untagged(.condition(.bye, ResponseText(text: "bye")))])
        #expect(throws: TransportError.self) { try c.transport.send([0x41], deadline: .now + .seconds(1)) }
        #expect(server.problems == [])
    }
}
