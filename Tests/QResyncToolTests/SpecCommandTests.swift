import Foundation
import Testing
@testable import QResyncTool
import SpecModel

@Suite("qresync spec - catalogue and coverage")
struct SpecCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ arguments: [String]) -> (Int32, StandardStreams) {
        var s = StandardStreams.captured
        let code = QResyncCommandLine.run(arguments, streams: &s)
        return (code, s)
    }

    struct GoldenCase: Sendable, CustomTestStringConvertible {
        var file: String
        var arguments: [String]
        var testDescription: String { file }
    }

    static let goldens: [GoldenCase] = [
        GoldenCase(file: "Spec/catalogue.md", arguments: ["spec", "catalogue"]),
        GoldenCase(file: "Spec/coverage.md", arguments: ["spec", "coverage", "--tests", root.appendingPathComponent("Tests").path]),
    ]

    @Test("committed Spec files equal freshly generated output", arguments: goldens)
    func golden(_ g: GoldenCase) throws {
        let (code, streams) = Self.run(g.arguments)
        #expect(code == 0)
        let committed = try? String(contentsOf: Self.root.appendingPathComponent(g.file), encoding: .utf8)
        let command = "swift run qresync " + g.arguments.prefix(2).joined(separator: " ") + " > " + g.file
        #expect(committed == streams.stdoutText, "\(g.file) is stale or missing; regenerate it with: \(command)")
    }

    @Test("spec --help documents both reports and exits 0")
    func help() {
        let (code, s) = Self.run(["spec", "--help"])
        #expect(code == 0)
        #expect(s.stdoutText.contains("qresync spec catalogue [--json]"))
        #expect(s.stdoutText.contains("qresync spec coverage [--json] [--tests DIR]"))
        #expect(QResyncCommandLine.usage().contains("spec"))
    }

    struct UsageCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let usageErrors: [UsageCase] = [
        UsageCase(arguments: ["spec"], message: "expected 'catalogue', 'coverage' or 'validate'"),
        UsageCase(arguments: ["spec", "list"], message: "expected 'catalogue', 'coverage' or 'validate'"),
        UsageCase(arguments: ["spec", "catalogue", "--yaml"], message: "unknown option '--yaml'"),
        UsageCase(arguments: ["spec", "catalogue", "--tests", "x"], message: "unknown option '--tests'"),
        UsageCase(arguments: ["spec", "coverage", "--tests"], message: "--tests needs a directory"),
        UsageCase(arguments: ["spec", "coverage", "--tests", "/nonexistent/qresync-tests"], message: "cannot read /nonexistent/qresync-tests"),
    ]

    @Test("usage errors exit 64 and say what was wrong", arguments: usageErrors)
    func usageError(_ c: UsageCase) {
        let (code, s) = Self.run(c.arguments)
        #expect(code == 64)
        #expect(s.stderrText.contains(c.message))
        #expect(s.stdoutText.isEmpty)
    }

    struct CiteCase: Sendable, CustomTestStringConvertible {
        var name: String
        var ids: [String]
        var testDescription: String { name }
    }

    static let cites: [CiteCase] = [
        CiteCase(name: "R7162-3.2.7#3: tagged OK carries HIGHESTMODSEQ", ids: ["R7162-3.2.7#3"]),
        CiteCase(name: "ends a sentence R7162-3.1.3#4.", ids: ["R7162-3.1.3#4"]),
        CiteCase(name: "two (R7162-3.1#1, R3501-7.4.1#1) and a repeat R7162-3.1#1", ids: ["R7162-3.1#1", "R3501-7.4.1#1"]),
        CiteCase(name: "suffix R7162-3.1.3#4b and lower case R7162-3.2.11#L1", ids: ["R7162-3.1.3#4b", "R7162-3.2.11#L1"]),
        CiteCase(name: "XR7162-3.1#1 is glued to a word", ids: []),
        CiteCase(name: "R7162-3.1 has no ordinal, R7162-3.1#0 a bad one", ids: []),
        CiteCase(name: "R7162-3.1.3#10 is not R7162-3.1.3#1", ids: ["R7162-3.1.3#10", "R7162-3.1.3#1"]),
    ]

    @Test("IDs are found in display names as whole tokens", arguments: cites)
    func citedIDs(_ c: CiteCase) {
        #expect(SpecCommand.citedIDs(in: c.name) == c.ids)
    }

    /// Source text with test attributes; "@" and "Test(" are split so this file cites nothing.
    static let at = "@" + "Test("

    @Test("test attributes are read from Swift source, escapes undone, unnamed tests ignored")
    func testCitations() {
        let source = """
            \(Self.at)"R7162-3.2.8#3: no \\"HIGHESTMODSEQ\\" on CLOSE")
            func a() {}
            \(Self.at)
                "spans lines R7162-3.1#1", arguments: [1, 2])
            func b(_ x: Int) {}
            \(Self.at))
            func c() {}
            \(Self.at)"no ID here")
            func d() {}
            """
        let found = SpecCommand.testCitations(inSource: source, file: "X/ATests.swift")
        #expect(found.map(\.displayName) == ["R7162-3.2.8#3: no \"HIGHESTMODSEQ\" on CLOSE", "spans lines R7162-3.1#1"])
        #expect(found.map(\.ids) == [["R7162-3.2.8#3"], ["R7162-3.1#1"]])
        #expect(found.allSatisfy { $0.file == "X/ATests.swift" })
    }

    @Test("coverage lists citing tests per requirement and flags unregistered IDs")
    func coverageOfDirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qresync-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = "\(Self.at)\"R7162-3.2.7#3 and R7162-99#1\")\nfunc t() {}\n"
        try source.write(to: dir.appendingPathComponent("Sub/ExpungeTests.swift"), atomically: true, encoding: .utf8)
        try "\(Self.at)\"R7162-3.2.7#3\")".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let (code, s) = Self.run(["spec", "coverage", "--tests", dir.path])
        #expect(code == 0)
        #expect(s.stdoutText.contains("| R7162-3.2.7#3 | MUST | checkerInvariant | `Sub/ExpungeTests.swift`: R7162-3.2.7#3 and R7162-99#1 |"))
        #expect(s.stdoutText.contains("## Cited IDs that are not registered"))
        #expect(s.stdoutText.contains("| R7162-99#1 |"))
        #expect(s.stdoutText.contains("tested: 1; enforced and tested: 1."))

        let (jsonCode, j) = Self.run(["spec", "coverage", "--json", "--tests", dir.path])
        #expect(jsonCode == 0)
        let object = try JSONSerialization.jsonObject(with: Data(j.stdoutText.utf8)) as? [String: Any]
        let summary = object?["summary"] as? [String: Any]
        #expect(summary?["section3MustLevelTested"] as? Int == 1)
        #expect(summary?["requirements"] as? Int == Registry.all.count)
        #expect((object?["unknownCitedIDs"] as? [String: Any])?.keys.sorted() == ["R7162-99#1"])
    }

    @Test("catalogue JSON holds every requirement with its fields")
    func catalogueJSON() throws {
        let (code, s) = Self.run(["spec", "catalogue", "--json"])
        #expect(code == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(s.stdoutText.utf8)) as? [[String: Any]])
        #expect(array.count == Registry.all.count)
        #expect(array.map { $0["id"] as? String } == Registry.all.map(\.id))
        let closeRule = try #require(array.first { $0["id"] as? String == "R7162-3.2.8#3" })
        #expect(closeRule["level"] as? String == "MUST NOT")
        #expect(closeRule["severity"] as? String == "violation")
        #expect(closeRule["fingerprint"] as? String == Registry.requirement("R7162-3.2.8#3")?.fingerprint)
        let lowerCase = try #require(array.first { $0["id"] as? String == "R7162-3.2.11#L1" })
        #expect(lowerCase["lowerCase"] as? Bool == true)
    }

    @Test("catalogue Markdown has one table per section and one row per requirement")
    func catalogueMarkdown() {
        let text = SpecCommand.catalogueMarkdown(Registry.all)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| R") && $0.dropFirst(3).first?.isNumber == true }
        #expect(rows.count == Registry.all.count)
        let sections = Set(Registry.all.map { "\($0.rfc) §\($0.section)" })
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("### RFC ") }
        #expect(headings.count == sections.count)
    }
}
