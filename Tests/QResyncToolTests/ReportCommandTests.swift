import Foundation
import Testing
import Conformance
import IMAPWire
import SpecModel
@testable import QResyncTool

/// Issue 6: `qresync report`, one row per registry requirement for one server.
@Suite("qresync report - per-requirement conformance")
struct ReportCommandTests {
    static let closeWithCode = """
        S1: * OK [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready
        C1: a1 LOGIN test "***"
        S1: a1 OK logged in
        C1: a2 ENABLE QRESYNC
        S1: * ENABLED QRESYNC
        S1: a2 OK enabled
        C1: a3 SELECT INBOX
        S1: * 2 EXISTS
        S1: * OK [UIDVALIDITY 7] valid
        S1: * OK [UIDNEXT 3] next
        S1: * OK [HIGHESTMODSEQ 10] highest
        S1: a3 OK [READ-WRITE] selected
        C1: a4 UID FETCH 1:* (FLAGS MODSEQ)
        S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
        S1: * 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (10))
        S1: a4 OK done
        C1: a5 CLOSE
        S1: a5 OK [HIGHESTMODSEQ 11] closed
        """

    static func tally(edition: Edition) throws -> ReportCommand.Tally {
        var checker = TraceChecker(options: CheckOptions(edition: edition, closedWorld: true))
        checker.check(try TranscriptReader.read(closeWithCode, file: "close.txt"))
        var tally = ReportCommand.Tally()
        tally.add(checker.report, source: "close.txt", trace: "close.txt")
        return tally
    }

    @Test("each requirement gets the status its evidence gives it")
    func statuses() throws {
        let rows = ReportCommand.rows(try Self.tally(edition: .rfc7162), edition: .rfc7162)
        #expect(rows.count == Registry.all.count)
        func row(_ id: String) -> ReportCommand.Row? { rows.first { $0.id == id } }
        #expect(row("R7162-3.2.8#3")?.status == .violated)
        #expect(row("R7162-3.2.8#3")?.evidence?.line == 18)
        #expect(row("R7162-3.2.8#3")?.evidence?.observed.first == "a5 OK [HIGHESTMODSEQ 11] closed")
        #expect(row("R3501-9#2")?.status == .passed)
        #expect(row("R7162-3.1.5#3")?.status == .notExercised, "no SEARCH MODSEQ was sent")
        #expect(row("R5162-3.4#3")?.status == .otherEdition)
        #expect(row("R7162-3.1#6")?.status == .notCheckable)
        #expect(row("R7162-3.1#6")?.reason?.isEmpty == false)
        #expect(rows.contains { $0.status == .clientRule })
        #expect(rows.contains { $0.status == .modelOnly })
        for r in rows where r.status == .passed { #expect(r.findings == 0) }

        // Under the original texts RFC 5162's rule applies and the trace keeps it; RFC 7162's
        // replaced rule is the other edition's.
        let original = ReportCommand.rows(try Self.tally(edition: .rfc4551And5162), edition: .rfc4551And5162)
        #expect(original.first { $0.id == "R7162-3.2.8#3" }?.status == .otherEdition)
        #expect(original.first { $0.id == "R5162-3.4#3" }?.status == .passed)
    }

    @Test("markdown, HTML and JSON carry the same rows; HTML escapes the evidence")
    func renderings() throws {
        let rows = ReportCommand.rows(try Self.tally(edition: .rfc7162), edition: .rfc7162)
        let md = ReportCommand.markdown(rows, server: "test", runs: "one trace")
        #expect(md.contains("### R7162-3.2.8#3 (RFC 7162 §3.2.8, MUST NOT): violated, 1 time"))
        #expect(md.components(separatedBy: "\n").filter { $0.hasPrefix("| R") && !$0.hasPrefix("| Requirement") }.count == Registry.all.count)
        let html = ReportCommand.html(rows, server: "<test>", runs: "one trace")
        #expect(html.contains("&lt;test&gt;") && !html.contains("<test>"))
        #expect(html.components(separatedBy: "<tr class=").count - 1 == Registry.all.count)
        let json = ReportCommand.json(rows, server: "test", runs: "one trace")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["requirements"] as? [Any])?.count == Registry.all.count)
        #expect((object["counts"] as? [String: Int])?["violated"] == 1)
    }

    @Test("against the embedded server: a clean run violates nothing; a fault is violated with a shrunk counterexample")
    func embedded() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        var clean = StandardStreams.captured
        let code = QResyncCommandLine.run(["report", "--seeds", "1", "--ops", "300", "--no-errata", "--format", "json",
                                           "--counterexamples", out.path], streams: &clean)
        #expect(code == 0, "\(clean.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(clean.stdout)) as? [String: Any])
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts["violated"] == nil)
        #expect((counts["passed"] ?? 0) >= 20)

        var faulty = StandardStreams.captured
        let faultCode = QResyncCommandLine.run(["report", "--fault", "highestmodseq-on-close", "--seeds", "1", "--ops", "800",
                                                "--no-errata", "--counterexamples", out.path], streams: &faulty)
        #expect(faultCode == 1)
        #expect(faulty.stdoutText.contains("### R7162-3.2.8#3"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let ce = try #require(files.first { $0.hasSuffix("R7162-3.2.8_3.counterexample.txt") })
        let text = try String(contentsOf: out.appendingPathComponent(ce), encoding: .utf8)
        let ops = text.components(separatedBy: "\n").filter { $0.hasPrefix("#op ") }.count
        #expect(ops >= 1 && ops <= 12, "shrunk to \(ops) operations")

        var bad = StandardStreams.captured
        #expect(QResyncCommandLine.run(["report", "--format", "pdf"], streams: &bad) == 64)
        #expect(QResyncCommandLine.run(["report", "--server", "imap://u@192.0.2.1:143"], streams: &bad) == 64)
    }
}
