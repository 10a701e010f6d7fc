import Testing
import SpecModel
@testable import Conformance

/// The model reproduces the RFC examples (issue 3: same operations, a conforming outcome): each
/// example's client side run against the reference model, every command accepted unless the
/// example shows it refused, and the model's answers conforming (closed world).
@Suite("Example model runs - the model answers each RFC example's commands")
struct ExampleModelRunTests {
    static func examples(rfc: Int) -> [DocumentExample] {
        guard let text = SpecSources.text(rfc: rfc) else { return [] }
        return ExampleExtractor.examples(in: NormativeText.numberedSections(NormativeText.numberedLines(text)))
    }

    static func run(_ lines: [String]) throws -> ExampleModelRun {
        let examples = ExampleExtractor.examples(ofText: (["3.  Examples", ""] + lines.map { "   " + $0 }).joined(separator: "\n"))
        try #require(examples.count == 1)
        return try #require(ExampleModelRun.run(examples[0], edition: .rfc7162))
    }

    @Test("RFC 7162, 4551 and 5162: the model reproduces every example with commands, under the RFC's edition",
          .enabled(if: SpecSources.available, SpecSources.skipNote), arguments: [7162, 4551, 5162])
    func rfcExamples(rfc: Int) throws {
        let edition = DraftValidation.edition(forRFC: rfc)
        let runs = Self.examples(rfc: rfc).compactMap { ExampleModelRun.run($0, edition: edition) }
        #expect(runs.count >= (rfc == 7162 ? 40 : 10))
        for r in runs {
            #expect(r.reproduces, "\(r.example.name): refused \(r.refused.map(\.text)), unreadable \(r.unreadable), findings \(r.findings.map(\.expected))")
            #expect(r.clientFindings.isEmpty, "\(r.example.name): \(r.clientFindings.map(\.requirementID))")
        }
        // Example 14 of RFC 7162: three sessions, ten commands, each run in its own session.
        if rfc == 7162, let r = runs.first(where: { $0.example.caption == "Example 14" }) {
            #expect(r.steps.count == 10)
            #expect(Set(r.steps.map(\.session)) == [1, 2, 3])
            #expect(r.steps.allSatisfy { $0.model == .ok })
        }
    }

    @Test("a mid-session example gets a selected mailbox as large as its numbers, and QRESYNC when it uses it")
    func setup() throws {
        let r = try Self.run([
            "C: a7 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)",
            "S: * VANISHED (EARLIER) 300:310,405,411",
            "S: a7 OK done",
        ])
        #expect(r.messages == 500)
        #expect(r.steps.map(\.model) == [.ok])
        #expect(r.reproduces)
    }

    @Test("literals: several in one command (RFC 3501 §7.5's LOGIN), and APPEND data over several lines")
    func literals() throws {
        let login = try Self.run([
            "C: A001 LOGIN {11}",
            "S: + Ready for additional command text",
            "C: FRED FOOBAR {7}",
            "S: + Ready for additional command text",
            "C: fat man",
            "S: A001 OK LOGIN completed",
        ])
        #expect(login.unreadable.isEmpty)
        #expect(login.steps.map(\.model) == [.ok])
        let append = try Self.run([
            "C: A003 APPEND saved-messages (\\Seen) {30}",
            "S: + Ready for literal data",
            "C: Subject: afternoon meeting",
            "C:",
            "C: Hello Joe",
            "S: A003 OK APPEND completed",
            "C: A004 NOOP",
            "S: A004 OK done",
        ])
        #expect(append.unreadable.isEmpty)
        #expect(append.steps.map(\.text) == ["A003 APPEND saved-messages (\\Seen) {30}", "A004 NOOP"])
        #expect(append.steps.map(\.model) == [.ok, .ok])
    }

    @Test("a command the model refuses where the example shows it accepted is reported (VANISHED without CHANGEDSINCE, RFC 7162 §3.2.6)")
    func refused() throws {
        let r = try Self.run([
            "C: a8 UID FETCH 1:* (FLAGS) (VANISHED)",
            "S: a8 OK done",
        ])
        #expect(r.refused.map(\.line) == [3])
        #expect(!r.reproduces)
    }

    @Test("a status the example owes to history it does not show is listed, not held against the model")
    func differentStatus() throws {
        let r = try Self.run([
            "C: a9 STORE 1 (UNCHANGEDSINCE 9000000000) +FLAGS (\\Seen)",
            "S: a9 NO [MODIFIED 1] failed",
        ])
        #expect(r.differentStatus.map(\.shown) == [.no])
        #expect(r.reproduces)
    }
}
