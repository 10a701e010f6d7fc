import Foundation
import Testing
@testable import QResyncTool

@Suite("qresync parse")
struct ParseCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/rfc7162-example-qresync.txt").path

    static func run(_ arguments: [String]) -> (Int32, StandardStreams) {
        var s = StandardStreams.captured
        let code = QResyncCommandLine.run(["parse"] + arguments, streams: &s)
        return (code, s)
    }

    static func parse(_ text: String, lenient: Bool = false, json: Bool = false) -> (Int32, String) {
        var s = StandardStreams.captured
        let code = ParseCommand.parse(Array(text.utf8), file: "t", lenient: lenient, json: json, streams: &s)
        return (code, s.stdoutText)
    }

    @Test("the shipped RFC 7162 transcript parses strictly, client and server units alike")
    func fixture() {
        let (code, s) = Self.run([Self.fixture])
        #expect(code == 0, "\(s.stdoutText)")
        #expect(s.stdoutText.contains("0 error(s)"))
        #expect(s.stdoutText.contains("S2 VANISHED (EARLIER): * VANISHED (EARLIER) 41,43:116,118,120:211,214:540"))
        #expect(s.stdoutText.contains("C1 command STORE"))
    }

    @Test("errors name line, column and rule, and exit 64; --lenient names the tolerance")
    func errors() {
        let (code, out) = Self.parse("S: * OK x\nS: * 1 FETCH (MODSEQ (0))\n")
        #expect(code == 64)
        #expect(out.contains("t:2:23: S1 error: mod-sequence-value"))
        let (strict, _) = Self.parse("S: a1 OK [CLOSED]\n")
        #expect(strict == 64)
        let (lenient, text) = Self.parse("S: a1 OK [CLOSED]\n", lenient: true)
        #expect(lenient == 0)
        #expect(text.contains("[lenient: response-code-without-text]"))
    }

    @Test("--json prints one JSON object per unit")
    func json() throws {
        let (code, out) = Self.parse("S: * 3 EXISTS\nC: a1 NOOP\nS: * 0 EXPUNGE\n", json: true)
        #expect(code == 64)
        let lines = out.split(separator: "\n")
        #expect(lines.count == 3)
        let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects[0]["ok"] as? Bool == true && objects[0]["kind"] as? String == "EXISTS")
        #expect(objects[1]["direction"] as? String == "client" && objects[1]["ok"] as? Bool == true)
        let error = try #require(objects[2]["error"] as? [String: Any])
        #expect(error["rule"] as? String == "nz-number" && error["column"] as? Int == 6 && error["line"] as? Int == 3)
    }

    @Test("usage errors exit 64 with a message", arguments: [
        (["--frobnicate", "x"], "unknown option '--frobnicate'"),
        ([], "give exactly one FILE"),
        (["a", "b"], "give exactly one FILE"),
        (["/nonexistent/trace.txt"], "cannot read '/nonexistent/trace.txt'"),
    ])
    func usage(_ arguments: [String], _ message: String) {
        let (code, s) = Self.run(arguments)
        #expect(code == 64)
        #expect(s.stderrText.contains(message))
    }

    @Test("--help documents every option")
    func help() {
        let (code, s) = Self.run(["--help"])
        #expect(code == 0)
        for option in ["--lenient", "--json", "FILE|-", "Exit status"] { #expect(s.stdoutText.contains(option)) }
    }

    @Test("an unreadable transcript is a usage error naming the line")
    func badTranscript() {
        var s = StandardStreams.captured
        let code = ParseCommand.parse(Array("C: a1 NOOP\nZ: x\n".utf8), file: "t", lenient: false, json: false, streams: &s)
        #expect(code == 64)
        #expect(s.stderrText.contains("t:2: expected a C: or S: prefix"))
    }
}
