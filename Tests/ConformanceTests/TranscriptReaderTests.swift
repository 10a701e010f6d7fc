import Testing
import IMAPTypes
import IMAPWire
@testable import Conformance

@Suite("Transcript reader")
struct TranscriptReaderTests {
    static func units(_ trace: Trace) -> [String] {
        trace.events.map { "\($0.direction == .client ? "C" : "S")\($0.session)@\($0.line) " + String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test("prefixes, sessions, comments, annotations and blank lines")
    func basics() throws {
        let text = """
            # qresync trace v1
            C: a1 ENABLE QRESYNC

            S:* ENABLED QRESYNC
            ! an annotation
            S1: a1 OK done
            C2: b1 NOOP
            S12:  two spaces keep one
            """
        let trace = try TranscriptReader.read(text)
        #expect(Self.units(trace) == [
            "C1@2 a1 ENABLE QRESYNC\r\n", "S1@4 * ENABLED QRESYNC\r\n", "S1@6 a1 OK done\r\n",
            "C2@7 b1 NOOP\r\n", "S12@8  two spaces keep one\r\n",
        ])
    }

    @Test("literal payload lines join with CRLF, counted in the literal; other sessions may interleave")
    func literals() throws {
        let text = "C: a1 APPEND INBOX {7}\r\nS: + go\r\nC: ab\r\nS2: * 3 EXISTS\r\nC: cde\r\nS: a1 OK done\r\n" +
            "S: * 1 FETCH (BODY[] {4}\nS: wxyz UID 3)\nC: a2 APPEND INBOX {2+}\nC: hi\n"
        let trace = try TranscriptReader.read(text)
        #expect(Self.units(trace) == [
            "S1@2 + go\r\n", "S2@4 * 3 EXISTS\r\n", "C1@1 a1 APPEND INBOX {7}\r\nab\r\ncde\r\n", "S1@6 a1 OK done\r\n",
            "S1@7 * 1 FETCH (BODY[] {4}\r\nwxyz UID 3)\r\n", "C1@9 a2 APPEND INBOX {2+}\r\nhi\r\n",
        ])
        #expect(try ResponseParser.parse(trace.events[4].bytes).value
            == .untagged(.fetch(SequenceNumber(1)!, [.bodySection(name: "BODY", section: "", origin: nil, data: Array("wxyz".utf8)), .uid(UID(3)!)])))
    }

    @Test("wrapped lines continue with one space")
    func continuation() throws {
        let text = "S: * OK [HIGHESTMODSEQ 7] a long\n     explanation\n\tthat wraps\nS: a1 OK x\n"
        let trace = try TranscriptReader.read(text)
        #expect(Self.units(trace) == ["S1@1 * OK [HIGHESTMODSEQ 7] a long explanation that wraps\r\n", "S1@4 a1 OK x\r\n"])
    }

    @Test("raw server bytes when the first line has no prefix")
    func raw() throws {
        let text = "* OK ready\r\n* 1 FETCH (BODY[] {5}\r\nab\r\nc)\r\na1 OK done\r\n"
        let trace = try TranscriptReader.read(text)
        #expect(Self.units(trace) == ["S1@1 * OK ready\r\n", "S1@2 * 1 FETCH (BODY[] {5}\r\nab\r\nc)\r\n", "S1@5 a1 OK done\r\n"])
        #expect(throws: TraceError.self) { try TranscriptReader.read("* OK a\r\n* OK b\n") }
    }

    @Test("a transcript indented as a whole (pasted from an RFC) reads as if it were not; deeper lines continue, shallower ones do not")
    func margin() throws {
        let plain = "C: a1 FETCH 1 (FLAGS)\nS: * 1 FETCH (FLAGS (\\Seen)\n     MODSEQ (5))\n\n# note\nS: a1 OK done\n"
        let indented = plain.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "   " + $0 }.joined(separator: "\n")
        let source = Array(indented.utf8)
        let trace = try TranscriptReader.read(source)
        #expect(Self.units(trace) == Self.units(try TranscriptReader.read(plain)))
        #expect(Self.units(trace) == [
            "C1@1 a1 FETCH 1 (FLAGS)\r\n", "S1@2 * 1 FETCH (FLAGS (\\Seen) MODSEQ (5))\r\n", "S1@6 a1 OK done\r\n",
        ])
        // Columns count the margin: "a1" of line 1 is at column 7.
        #expect(TranscriptSource(source).locate(offset: 0, in: trace.events[0]) == (1, 7))
        // A line indented less than the margin is a line of its own, not a continuation.
        #expect(Self.units(try TranscriptReader.read("   C: a1 NOOP\n S: a1 OK\n")) == ["C1@1 a1 NOOP\r\n", "S1@2 a1 OK\r\n"])
    }

    @Test("malformed transcripts name the line", arguments: [
        ("C: a1 NOOP\nX: what\n", 2),
        ("   leading continuation\nS: a\n", 1),
        ("# c\nC: a1 APPEND INBOX {10}\nC: short\n", 2),
        ("S: * 1 FETCH (BODY[] {1}\nS: \n", 2),
        ("C: a1 NOOP\nS: * OK x\nS3 * OK y\n", 3),
        ("S: * 1 FETCH (BODY[] {99999999999}\n", 1),
    ])
    func errors(_ text: String, _ line: Int) {
        do {
            let trace = try TranscriptReader.read(text, file: "t.txt")
            Issue.record("read \(trace.events.count) events")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.file == "t.txt")
            #expect(!error.reason.isEmpty)
        }
    }

    @Test("locate maps a unit offset back to line and column")
    func locate() throws {
        let text = "# x\nC: a1 APPEND INBOX {7}\nS: + go\nC: ab\nC: cd)\n   more\nS: a1 OK\n"
        let source = Array(text.utf8)
        let trace = try TranscriptReader.read(source)
        let append = try #require(trace.events.first { $0.direction == .client })
        #expect(TranscriptSource(source).locate(offset: 0, in: append) == (2, 4))
        let ab = append.bytes.firstIndex(of: UInt8(ascii: "a"))!
        #expect(ab == 0)
        let b = Array(append.bytes).indices.first { append.bytes[$0] == UInt8(ascii: "b") }!
        #expect(TranscriptSource(source).locate(offset: b, in: append) == (4, 5))
        let paren = append.bytes.firstIndex(of: UInt8(ascii: ")"))!
        #expect(TranscriptSource(source).locate(offset: paren, in: append) == (5, 6))
        let m = append.bytes.firstIndex(of: UInt8(ascii: "m"))!
        #expect(TranscriptSource(source).locate(offset: m, in: append) == (6, 4))

        let go = try #require(trace.events.first { $0.direction == .server })
        #expect(TranscriptSource(source).locate(offset: go.bytes.count - 2, in: go) == (3, 8))

        let raw = Array("* OK a\r\n* 1 FETCH (BODY[] {3}\r\nx\r\n)\r\n".utf8)
        let rawTrace = try TranscriptReader.read(raw)
        #expect(TranscriptSource(raw).locate(offset: 26, in: rawTrace.events[1]) == (4, 1))
    }
}
