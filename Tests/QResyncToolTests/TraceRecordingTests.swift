#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Conformance
import IMAPClient
import IMAPTypes
import IMAPWire
import Testing

/// A recorded-style event on line 1.
private func event(_ session: Int, _ direction: TraceEvent.Direction, _ time: Double, _ bytes: [UInt8]) -> TraceEvent {
    TraceEvent(session: session, direction: direction, bytes: bytes, line: 1, time: time)
}

@Suite("jsonl traces and transcripts")
struct TraceRecordingTests {
    static let samples: [[UInt8]] = [
        Array("a1 NOOP\r\n".utf8),
        Array("* OK \"quoted\" back\\slash\ttab\r\n".utf8),
        Array("* 1 FETCH (BODY[] {6}\r\nh\u{e9}!\r\n)\r\n".utf8),   // valid UTF-8 é
        [0x2A, 0x20, 0xE9, 0xFF, 0x80, 0xC3, 0x0D, 0x0A],          // invalid UTF-8 bytes
        [0x00, 0x01, 0x1F, 0x7F, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80], // controls, surrogate, > U+10FFFF
        Array("\u{1F600} \u{20AC}\r\n".utf8),                       // 4- and 3-byte UTF-8
        [],
    ]

    @Test("encode then decode gives back every byte", arguments: samples)
    func roundTrip(data: [UInt8]) throws {
        let unit = event(3, .server, 1.25, data)
        let line = TraceJSONL.encode(unit)
        #expect(!line.contains("\n"))
        #expect(try TraceJSONL.decode(Array(line.utf8)).events == [unit])
    }

    @Test("encode then decode gives back every byte of every value in any order (runs copied whole, escapes between)")
    func roundTripAllBytes() throws {
        var data = (0...255).map { UInt8($0) }
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<8192 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Mostly printable text, with quotes, backslashes, controls and high bytes between.
            let r = UInt8(truncatingIfNeeded: x >> 33)
            data.append(r < 200 ? 0x20 + r % 0x5F : r)
        }
        let unit = event(2, .client, 0.75, data)
        #expect(try TraceJSONL.decode(Array(TraceJSONL.encode(unit).utf8)).events == [unit])
    }

    @Test("invalid UTF-8 bytes are \\u00XX escapes, valid UTF-8 stays itself")
    func escapes() {
        let unit = event(1, .client, 0.5, [0x41, 0xE9, 0xC3, 0xA9, 0x0D, 0x0A])
        #expect(TraceJSONL.encode(unit) == "{\"session\":1,\"dir\":\"C\",\"t\":0.5,\"data\":\"A\\u00e9\u{e9}\\r\\n\"}")
    }

    @Test("the example in TraceJSONL's documentation decodes as documented")
    func documentedExample() throws {
        let trace = try TraceJSONL.decode(Array(#"{"session":1,"dir":"C","t":0.000125,"data":"a1 NOOP\r\n"}"#.utf8))
        #expect(trace.events == [event(1, .client, 0.000125, Array("a1 NOOP\r\n".utf8))])
    }

    @Test("malformed lines are errors with their line number",
          arguments: ["{\"session\":1,\"dir\":\"C\",\"t\":0}", "{\"session\":0,\"dir\":\"C\",\"t\":0,\"data\":\"\"}",
                      "{\"session\":1,\"dir\":\"X\",\"t\":0,\"data\":\"\"}", "{\"session\":1,\"dir\":\"C\",\"t\":0,\"data\":\"\\q\"}",
                      "{\"session\":1,\"dir\":\"C\",\"t\":0,\"data\":\"\"} x", "{\"session\":1,\"session\":1,\"dir\":\"C\",\"t\":0,\"data\":\"\"}",
                      "[1]", "{\"session\":1,\"dir\":\"C\",\"t\":-1,\"data\":\"\"}", "{\"session\":1,\"dir\":\"C\",\"t\":0,\"data\":\"\\ud800\"}"])
    func malformed(line: String) {
        let good = "{\"session\":1,\"dir\":\"S\",\"t\":0,\"data\":\"* OK\\r\\n\"}"
        #expect {
            _ = try TraceJSONL.decode(Array((good + "\n" + line + "\n").utf8))
        } throws: { ($0 as? TraceError)?.line == 2 }
    }

    @Test("a recorded session survives the jsonl round trip, in the file and in memory")
    func recordedSessionRoundTrip() throws {
        let path = NSTemporaryDirectory() + "qresync-trace-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = try TraceRecorder(path: path)
        let server = FakeIMAPServer([
            .send("* OK [CAPABILITY IMAP4rev1] ready\r\n"),
            .expect("a1 APPEND INBOX {3}"), .send("+ go\r\n"), .expect("\u{e9}!"),
            .send("a1 OK done\r\n"), .expect("a2 NOOP"), .sendBytes(Array("* 1 FETCH (BODY[] {2}\r\n".utf8) + [0xFF, 0xFE] + Array(")\r\na2 OK\r\n".utf8)),
        ])
        let c = Connection(transport: server.client, recorder: recorder, options: .init(timeout: .seconds(2)))
        _ = try c.readGreeting()
        _ = try c.execute(.append(.inbox, flags: nil, date: nil, message: Array("\u{e9}!".utf8)))
        _ = try c.execute(.noop)
        #expect(server.problems == [])
        let units = recorder.events
        #expect(units.count == 7)
        #expect(units.allSatisfy { $0.session == c.session })
        #expect(try TraceJSONL.decode(Array(recorder.jsonl.utf8)).events == units)
        let file = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try TraceJSONL.decode(Array(file.utf8)).events == units)
        #expect(units.map(\.line) == Array(1...7))
        // Every byte the server sent is in the recording, in order.
        let serverBytes = units.filter { $0.direction == .server }.flatMap(\.bytes)
        #expect(serverBytes == Array("* OK [CAPABILITY IMAP4rev1] ready\r\n+ go\r\na1 OK done\r\n* 1 FETCH (BODY[] {2}\r\n".utf8)
                + [0xFF, 0xFE] + Array(")\r\na2 OK\r\n".utf8))
    }

    @Test("a trace file that cannot be opened is an error with its errno")
    func unopenableFile() {
        #expect {
            _ = try TraceRecorder(path: "/nonexistent-qresync-dir/trace.jsonl")
        } throws: { ($0 as? TransportError)?.errno == ENOENT }
    }

    @Test("a failed write to the trace file is reported, and recording to memory goes on",
          .enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
    func failedWrite() throws {
        let recorder = try TraceRecorder(path: "/dev/full")
        recorder.record(session: 1, direction: .client, data: Array("a1 NOOP\r\n".utf8))
        recorder.record(session: 1, direction: .server, data: Array("a1 OK\r\n".utf8))
        #expect(recorder.fileError?.errno == ENOSPC)
        #expect(recorder.events.count == 2)
    }

    @Test("sessions sharing a recorder are numbered 1, 2, ...")
    func sessionNumbers() {
        let recorder = TraceRecorder()
        let a = Connection(transport: InProcessTransport.makePair().0, recorder: recorder)
        let b = Connection(transport: InProcessTransport.makePair().0, recorder: recorder)
        #expect(a.session == 1)
        #expect(b.session == 2)
    }

    @Test("the example in Transcript's documentation is what render gives")
    func documentedTranscript() {
        let units = [
            event(1, .server, 0, Array("* OK ready\r\n".utf8)),
            event(1, .client, 0.1, Array("a1 APPEND INBOX {5}\r\nhello\r\n".utf8)),
            event(1, .server, 0.2, Array("a1 OK done\r\n".utf8)),
        ]
        #expect(Transcript.renderText(units) == "S1: * OK ready\nC1: a1 APPEND INBOX {5}\nC1: hello\nS1: a1 OK done\n")
    }

    @Test("the transcript prefixes every line, literal payload lines included")
    func transcript() {
        let units = [
            event(1, .client, 0, Array("a1 APPEND INBOX {12}\r\nline1\r\nline2\r\n".utf8)),
            event(1, .server, 0.1, Array("+ go\r\n".utf8)),
            event(2, .server, 0.2, [0x2A, 0x20, 0xE9, 0x0D, 0x0A]),
        ]
        #expect(Transcript.render(units) == Array("C1: a1 APPEND INBOX {12}\nC1: line1\nC1: line2\nS1: + go\nS2: * ".utf8) + [0xE9, 0x0A])
        #expect(Transcript.renderText(units) == "C1: a1 APPEND INBOX {12}\nC1: line1\nC1: line2\nS1: + go\nS2: * \u{FFFD}\n")
    }

    @Test("the Conformance transcript reader reads a rendered recording back into the same units")
    func transcriptReaderAgrees() throws {
        let server = FakeIMAPServer([
            .send("* OK [CAPABILITY IMAP4rev1] ready\r\n"),
            .expect("a1 APPEND INBOX {12}"), .send("+ go\r\n"), .expect("Subject: x"), .expect(""),
            .send("* 3 EXISTS\r\na1 OK done\r\n"),
            .expect("a2 UID FETCH 1:* (UID BODY.PEEK[])"),
            .sendBytes(Array("* 1 FETCH (UID 4 BODY[] {7}\r\n".utf8) + [0x61, 0xE9, 0x0D, 0x0A, 0x62, 0xFF, 0x63] + Array(")\r\na2 OK\r\n".utf8)),
        ])
        let c = Connection(transport: server.client, options: .init(timeout: .seconds(2)))
        _ = try c.readGreeting()
        _ = try c.execute(.append(.inbox, flags: nil, date: nil, message: Array("Subject: x\r\n".utf8)))
        _ = try c.execute(.fetch(.ranges([SequenceRange(.number(1), .star)]), [.uid, .bodySection(peek: true, section: "", partial: nil)], [], uid: true))
        #expect(server.problems == [])
        let units = c.recorder.events
        let trace = try TranscriptReader.read(Transcript.render(units))
        #expect(trace.events.map(\.bytes) == units.map(\.bytes))
        #expect(trace.events.map(\.session) == units.map(\.session))
        #expect(trace.events.map { $0.direction == .client } == units.map { $0.direction == .client })
    }
}

@Suite("InProcessTransport and shared recorders across threads")
struct InProcessTransportTests {
    @Test("bytes arrive in order; close is an end of stream for the peer and a failed send")
    func pairSemantics() throws {
        let (a, b) = InProcessTransport.makePair()
        try a.send(Array("one ".utf8), deadline: .now + .seconds(1))
        try a.send(Array("two".utf8), deadline: .now + .seconds(1))
        #expect(try b.receive(deadline: .now + .seconds(1)) == Array("one two".utf8))
        a.close()
        #expect(try b.receive(deadline: .now + .seconds(1)) == [])
        #expect {
            try b.send([1], deadline: .now + .seconds(1))
        } throws: { ($0 as? TransportError)?.errno == EPIPE }
        #expect(throws: TransportError.self) { _ = try a.receive(deadline: .now + .seconds(1)) }
    }

    @Test("a receive waits for data sent later from another thread, and times out without it")
    func receiveWaits() throws {
        let (a, b) = InProcessTransport.makePair()
        Thread {
            Thread.sleep(forTimeInterval: 0.05)
            try? a.send([42], deadline: .now + .seconds(1))
        }.start()
        #expect(try b.receive(deadline: .now + .seconds(2)) == [42])
        let start = ContinuousClock.now
        #expect {
            _ = try b.receive(deadline: start + .milliseconds(100))
        } throws: { ($0 as? TransportError)?.isTimeout == true }
        #expect(ContinuousClock.now - start >= .milliseconds(100))
    }

    @Test("threads recording into one recorder lose nothing and keep each session's order")
    func concurrentRecording() async {
        let recorder = TraceRecorder()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let session = recorder.startSession()
                    for i in 0..<100 {
                        recorder.record(session: session, direction: .client, data: Array("\(i)".utf8))
                    }
                }
            }
        }
        let units = recorder.events
        #expect(units.count == 400)
        for session in 1...4 {
            let mine = units.filter { $0.session == session }.map { String(decoding: $0.bytes, as: UTF8.self) }
            #expect(mine == (0..<100).map(String.init))
        }
    }
}
