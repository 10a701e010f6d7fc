import Foundation
import Testing
@testable import QResyncTool

/// `qresync spec validate`: arguments, exit codes and the two renderings.
@Suite("qresync spec validate - command line")
struct SpecValidateCommandTests {
    static func run(_ arguments: [String]) -> (Int32, StandardStreams) {
        var s = StandardStreams.captured
        let code = QResyncCommandLine.run(arguments, streams: &s)
        return (code, s)
    }

    /// A one-section draft holding `example` (C:/S: lines), written to a fresh directory with no
    /// base grammar next to it.
    static func draft(_ example: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qresync-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = (["Internet-Draft", "", "3.  Examples", "", "   An example.", ""] + example.map { "   " + $0 } + [""])
            .joined(separator: "\n")
        let file = dir.appendingPathComponent("draft-test.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static let consistent = [
        "C: A1 FETCH 1:2 (UID)", "S: * 1 FETCH (UID 10)", "S: * 2 FETCH (UID 20)", "S: A1 OK done",
    ]
    static let wrongVanished = consistent + ["C: A2 EXPUNGE", "S: * VANISHED 15", "S: A2 OK done"]

    @Test("usage errors and unreadable files exit 64", arguments: [
        ["spec", "validate"],
        ["spec", "validate", "--bogus", "x.txt"],
        ["spec", "validate", "--edition", "rfc9999", "x.txt"],
        ["spec", "validate", "/nonexistent/draft.txt"],
        ["spec", "validate", "a.txt", "b.txt"],
    ])
    func usage(_ arguments: [String]) {
        let (code, s) = Self.run(arguments)
        #expect(code == 64)
        #expect(s.stdoutText.isEmpty)
        #expect(!s.stderrText.isEmpty)
    }

    @Test("an empty or binary file is no document: exit 64, saying why and where; text with nothing to validate says so; examples before the first heading count")
    func notText() throws {
        let dir = FileManager.default.temporaryDirectory
        let empty = dir.appendingPathComponent("empty-\(getpid()).txt"), binary = dir.appendingPathComponent("binary-\(getpid()).txt")
        defer { try? FileManager.default.removeItem(at: empty); try? FileManager.default.removeItem(at: binary) }
        try Data("\n  \n".utf8).write(to: empty)
        try Data([0x52, 0x46, 0x43, 0x00, 0x01, 0x02]).write(to: binary)
        let (e, es) = Self.run(["spec", "validate", empty.path])
        #expect(e == 64 && es.stderrText.contains("the file is empty"), "\(es.stderrText)")
        let (b, bs) = Self.run(["spec", "validate", binary.path])
        #expect(b == 64 && bs.stderrText.contains("a NUL byte at offset 3"), "\(bs.stderrText)")
        // Text with nothing to validate says so.
        try Data("A memo.\nNo protocol here.\n".utf8).write(to: empty)
        let (m, ms) = Self.run(["spec", "validate", empty.path])
        #expect(m == 0 && ms.stdoutText.contains("Nothing to validate"), "\(ms.stdoutText)")
        // A few sentences outside the registry's sections are listed, not only counted.
        try Data("3.  Rules\n\n   A server MUST send the frobnicator first.\n".utf8).write(to: empty)
        let (_, us) = Self.run(["spec", "validate", empty.path])
        #expect(us.stdoutText.contains("UNREGISTERED") && us.stdoutText.contains("frobnicator"), "\(us.stdoutText)")
        // Examples before the first section heading (a memo without numbered sections) are replayed.
        try Data(("A memo.\n\n" + Self.wrongVanished.map { "   " + $0 }.joined(separator: "\n") + "\n").utf8).write(to: empty)
        let (f, fs) = Self.run(["spec", "validate", empty.path])
        #expect(f == 1 && fs.stdoutText.contains("example at §0, line 3: INCONSISTENT"), "\(fs.stdoutText)")
    }

    @Test("a consistent draft exits 0; the same draft with a VANISHED no message can have exits 1 (R7162-3.2.10.2#3)")
    func exitCodes() throws {
        let (good, goodOut) = Self.run(["spec", "validate", try Self.draft(Self.consistent)])
        #expect(good == 0, "\(goodOut.stdoutText)")
        #expect(goodOut.stdoutText.contains("consistent (closed world)"))
        #expect(goodOut.stdoutText.contains("Model: the commands of 1 examples run against the reference model: 1 reproduced"))
        #expect(goodOut.stdoutText.contains("model: 1 command run against the reference model, reproduced"))
        let (bad, badOut) = Self.run(["spec", "validate", try Self.draft(Self.wrongVanished)])
        #expect(bad == 1)
        #expect(badOut.stdoutText.contains("INCONSISTENT"))
        #expect(badOut.stdoutText.contains("line 12: R7162-3.2.10.2#3"))
    }

    @Test("--json: one object whose summary agrees with the exit code and names the finding's line")
    func json() throws {
        let (code, s) = Self.run(["spec", "validate", "--json", try Self.draft(Self.wrongVanished)])
        #expect(code == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["exitCode"] as? Int == 1)
        #expect(summary["inconsistent"] as? Int == 1)
        let examples = try #require(object["examples"] as? [[String: Any]])
        let findings = try #require(examples.first?["findings"] as? [[String: Any]])
        #expect(findings.first?["requirement"] as? String == "R7162-3.2.10.2#3")
        #expect(findings.first?["line"] as? Int == 12)
        #expect(examples.first?["section"] as? String == "3")
        // The example's command answered by the model: accepted, as the draft shows.
        let model = try #require(examples.first?["model"] as? [String: Any])
        #expect(model["reproduced"] as? Bool == true)
        #expect((model["steps"] as? [[String: Any]])?.first?["modelStatus"] as? String == "OK")
        #expect(summary["modelReproduced"] as? Int == 1)
        let grammar = try #require(object["grammar"] as? [[String: Any]])
        #expect(grammar.count == Self.wrongVanished.count)
        #expect(grammar.allSatisfy { $0["breaksGrammar"] as? Bool == false })
    }

    @Test("--edition rfc4551+5162 judges by the original texts")
    func edition() throws {
        let (_, s) = Self.run(["spec", "validate", "--json", "--edition", "rfc4551+5162", try Self.draft(Self.consistent)])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout)) as? [String: Any])
        #expect(object["edition"] as? String == "rfc4551+5162")
    }

    @Test("spec --help documents validate")
    func help() {
        let (code, s) = Self.run(["spec", "--help"])
        #expect(code == 0)
        #expect(s.stdoutText.contains("qresync spec validate [--edition E] [--against RFC] [--json] [--base DIR] FILE"))
    }

    @Test("a draft related to no registered RFC is compared with none unless --against names one")
    func against() throws {
        let file = try Self.draft(Self.consistent)
        let (code, s) = Self.run(["spec", "validate", file])
        #expect(code == 0)
        #expect(s.stdoutText.contains("requirements compared with no registry"))
        #expect(s.stdoutText.contains(" 0 removed"))
        let (chosenCode, chosen) = Self.run(["spec", "validate", "--json", "--against", "7162", file])
        #expect(chosenCode == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(chosen.stdout)) as? [String: Any])
        #expect(object["registryRFC"] as? Int == 7162)
        #expect(object["registryRelation"] as? String == "chosen")
        let counts = (object["summary"] as? [String: Any])?["normative"] as? [String: Int]
        #expect((counts?["removed"] ?? 0) > 100)
        let (badCode, bad) = Self.run(["spec", "validate", "--against", "9999", file])
        #expect(badCode == 64)
        #expect(bad.stderrText.contains("--against takes a registered RFC"))
    }
}
