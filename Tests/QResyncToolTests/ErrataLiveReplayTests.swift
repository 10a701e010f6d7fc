import Foundation
import Conformance
import IMAPTypes
import IMAPWire
import Testing
import ReferenceServer
import SpecModel
@testable import QResyncTool

/// Issue 7: `qresync errata run --server` replays each scenario's client side against a server and
/// says which text of each erratum the server follows.
@Suite("Errata scenarios replayed against a server")
struct ErrataLiveReplayTests {
    static func catalogue() throws -> ErrataCatalogue {
        try ErrataCatalogue.load(from: ErrataRunTests.root.appendingPathComponent("Errata"))
    }

    /// The per-erratum reading against the embedded reference server with `fault`.
    static func readings(fault: ServerFault?, ids: [String]) throws -> [String: String] {
        let catalogue = try catalogue()
        var server = FuzzServer()
        server.fault = fault
        var result: [String: String] = [:]
        for id in ids {
            let e = try #require(catalogue.entry(id))
            let outcomes = e.scenarios.enumerated().filter { $0.element.uncovered == nil }.map { i, sc in
                ErrataLiveReplay.replay(sc, of: e, index: i + 1, endpoint: .init(server: server), traceDirectory: nil).0
            }
            for o in outcomes { #expect(o.reading != .failed, "\(id)/\(o.scenario): \(o.reason ?? "")") }
            result[id] = ErrataLiveReplay.reading(of: outcomes)
        }
        return result
    }

    @Test("the reference server follows the corrected text where a scenario separates the texts")
    func referenceServerFollowsRFC7162() throws {
        let r = try Self.readings(fault: nil, ids: ["RFC5162-1808", "RFC7162-A3-highestmodseq-after-enabling", "RFC5162-1810", "RFC5162-1807"])
        #expect(r["RFC5162-1808"] == "follows the corrected text (RFC 7162)")
        #expect(r["RFC7162-A3-highestmodseq-after-enabling"] == "follows the corrected text (RFC 7162)")
        for (id, reading) in r { #expect(!reading.contains("original") && !reading.contains("neither"), "\(id): \(reading)") }
    }

    /// Each named fault that reinstates an original text is read as following that text.
    @Test("a fault that restores an original text is read as the original", arguments: [
        (ServerFault.highestModSeqOnClose, "RFC5162-1808"),
        (ServerFault.fetchWithoutUID, "RFC5162-1807"),
        (ServerFault.expungeInsteadOfVanished, "RFC7162-B4-vanished-must"),
        (ServerFault.modSeq64Bit, "RFC7162-A1-modseq-63bit"),
    ])
    func faultReadsAsOriginal(fault: ServerFault, erratum: String) throws {
        let r = try Self.readings(fault: fault, ids: [erratum])
        #expect(r[erratum] == "follows the original text", "\(fault.rawValue): \(r[erratum] ?? "-")")
    }

    @Test("the command line: --server embedded runs every scenario and exits 1 with a fault that restores an original text")
    func commandLine() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("errata-live-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        var clean = StandardStreams.captured
        let errata = ErrataRunTests.root.appendingPathComponent("Errata").path
        let code = QResyncCommandLine.run(["errata", "run", "--server", "embedded", "--out", out.path, "--errata", errata], streams: &clean)
        #expect(code == 0, "\(clean.stderrText)")
        #expect(clean.stdoutText.contains("RFC5162-1808: follows the corrected text (RFC 7162)"))
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(written.count >= 30, "one transcript per replayed scenario, found \(written.count)")

        var faulty = StandardStreams.captured
        let faultCode = QResyncCommandLine.run(["errata", "run", "RFC5162-1808", "--server", "embedded", "--fault", "highestmodseq-on-close",
                                                "--out", out.path, "--errata", errata, "--json"], streams: &faulty)
        #expect(faultCode == 1)
        #expect(faulty.stdoutText.contains("\"RFC5162-1808\" : \"follows the original text\""))

        var bad = StandardStreams.captured
        #expect(QResyncCommandLine.run(["errata", "run", "--server", "imap://u@10.0.0.1:143", "--errata", errata], streams: &bad) == 64)
        #expect(bad.stderrText.contains("not a loopback address"))
        var noServer = StandardStreams.captured
        #expect(QResyncCommandLine.run(["errata", "run", "--fault", "highestmodseq-on-close", "--errata", errata], streams: &noServer) == 64)
    }

    // MARK: - Rewriting client lines

    static func rewriter() -> ScenarioRewriter {
        var r = ScenarioRewriter()
        r.mailboxes = ["INBOX": "qrerrata-1-1", "Archive": "qrerrata-1-2"]
        r.values.uidValidities = [3857529045: 77]
        r.values.pairModSeq(20, 4)
        r.values.pairModSeq(22, 6)
        return r
    }

    @Test("client lines carry the live mailbox, UIDVALIDITY and mod-sequences", arguments: [
        ("SELECT INBOX (QRESYNC (3857529045 20 1:3))", "SELECT qrerrata-1-1 (QRESYNC (77 4 1:3))"),
        ("select inbox (CONDSTORE)", "select qrerrata-1-1 (CONDSTORE)"),
        ("UID FETCH 1:* (FLAGS) (CHANGEDSINCE 22 VANISHED)", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE 6 VANISHED)"),
        ("STORE 2 (UNCHANGEDSINCE 21) +FLAGS (\\Flagged)", "STORE 2 (UNCHANGEDSINCE 5) +FLAGS (\\Flagged)"),
        ("STORE 1 (UNCHANGESINCE 12) +FLAGS (\\Flagged)", "STORE 1 (UNCHANGESINCE 1) +FLAGS (\\Flagged)"),
        ("SEARCH MODSEQ \"/flags/\\\\draft\" all 25", "SEARCH MODSEQ \"/flags/\\\\draft\" all 9"),
        ("FETCH 1:3 (UID MODSEQ) 20", "FETCH 1:3 (UID MODSEQ) 20"),
        ("COPY 1 \"Archive\"", "COPY 1 \"qrerrata-1-2\""),
        ("STORE 1 (UNCHANGEDSINCE 0) +FLAGS (\\Seen)", "STORE 1 (UNCHANGEDSINCE 0) +FLAGS (\\Seen)"),
        ("STATUS Drafts (HIGHESTMODSEQ)", "STATUS Drafts (HIGHESTMODSEQ)"),
    ])
    func rewrite(scenario: String, live: String) {
        let out = Self.rewriter().rewrite(Array(scenario.utf8))
        #expect(String(decoding: out, as: UTF8.self) == live)
    }

    @Test("an unpaired mod-sequence keeps its distance from the nearest paired one")
    func modSeqMapping() {
        let r = Self.rewriter().values
        #expect(r.modSeq(20) == 4)
        #expect(r.modSeq(21) == 5)
        #expect(r.modSeq(30) == 14)
        #expect(r.modSeq(19) == 3)
        #expect(r.modSeq(2) == 1)
        #expect(r.modSeq(0) == 0)
        #expect(r.modSeq(UInt64.max) == UInt64.max)
        #expect(r.modSeq(1 << 63) == 1 << 63)
        #expect(r.modSeq(ModSeq.max) == ModSeq.max - 16)
        #expect(ValueCorrespondence().modSeq(12) == 12)
    }

    @Test("pairs come from the responses the scenario shows and the server sent for one command")
    func learning() throws {
        func responses(_ lines: [String]) throws -> [ServerResponse] {
            try lines.map { try ResponseParser.parse(Array(($0 + "\r\n").utf8), options: .lenient).value }
        }
        var r = ValueCorrespondence()
        r.learn(first: .init(try responses(["* 3 FETCH (UID 3 MODSEQ (23))", "* OK [HIGHESTMODSEQ 20] x", "a1 OK [HIGHESTMODSEQ 25] done"])),
                second: .init(try responses(["* OK [HIGHESTMODSEQ 4] x", "* 3 FETCH (MODSEQ (7) UID 3)", "a1 OK [HIGHESTMODSEQ 9] done"])))
        #expect(r.modSeq(23) == 7)
        #expect(r.modSeq(20) == 4)
        #expect(r.modSeq(25) == 9)
    }
}
