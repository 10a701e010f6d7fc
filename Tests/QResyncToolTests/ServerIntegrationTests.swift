import Foundation
import Testing
import SpecModel
@testable import Conformance
@testable import QResyncTool

/// Issue 6: Dovecot and Cyrus, started by Tests/Servers/with-servers.sh, fuzzed for fixed seeds.
/// Every violation must be one recorded in Tests/Servers/<server>.md; a new one fails the test
/// until someone triages it, so a regression in the model or a change in the server is seen.
@Suite("Real servers - fuzzed on loopback")
struct ServerIntegrationTests {
    /// The findings triaged for each server version (Tests/Servers/dovecot.md, cyrus.md).
    static let recorded: [String: Set<String>] = [
        "dovecot": ["R7162-3.2.4#1", "R6851-4.4#4", "R5161-3.1#4"],
        "cyrus": ["R7162-3.2.4#1", "R3501-9#2", "R6851-4.4#4", "R7162-3.2#3", "R7162-3.1#7", "R7162-3.1#8", "R5161-3.1#4"],
    ]

    static func server(_ name: String) -> FuzzServer? {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["QRESYNC_\(name.uppercased())_URL"], var s = FuzzServer.parse(url) else { return nil }
        s.password = env["QRESYNC_SERVER_PASSWORD"] ?? "testpass"
        return s
    }

    @Test("every violation found is one recorded for the server", arguments: ["dovecot", "cyrus"])
    func fuzz(name: String) throws {
        guard var server = Self.server(name) else {
            print("skipped: set QRESYNC_\(name.uppercased())_URL (run Tests/Servers/with-servers.sh swift test)")
            return
        }
        var found: Set<String> = []
        for seed in [UInt64(11), 12, 13] {
            server.seed = seed
            let mailboxes = server.mailboxes(count: 2, seed: seed)
            let target = try server.makeTarget(mailboxes: mailboxes)
            defer { server.cleanUp(mailboxes: mailboxes) }
            var runner = FuzzRunner(target: target, configuration: FuzzConfiguration(seed: seed, operations: 400, mailboxes: mailboxes,
                                                                                      user: server.user, password: server.password))
            let r = runner.run(stopAtFirstViolation: false)
            #expect(r.targetError == nil, "\(name) seed \(seed): \(r.targetError?.description ?? "")")
            for f in r.report.rootFindings where f.severity == .violation {
                found.insert(f.requirementID)
                #expect(Self.recorded[name]!.contains(f.requirementID),
                        "\(name) seed \(seed): new finding \(f.requirementID) line \(f.line): \(f.expected) \(f.observed.first ?? "")")
            }
        }
        print("\(name): findings \(found.sorted())")
    }

    /// The errata scenarios whose replay separates the texts on each server version, and the text
    /// the server follows (Tests/Servers/errata-results.md); the others read "not distinguished".
    static let errataReadings: [String: [String: String]] = [
        "dovecot": ["RFC5162-1808": "follows the corrected text (RFC 7162)",
                    "RFC7162-A3-highestmodseq-after-enabling": "follows the corrected text (RFC 7162)"],
        "cyrus": ["RFC5162-1808": "follows the corrected text (RFC 7162)", "RFC5162-1810": "follows the original text"],
    ]

    @Test("the errata scenarios read on each server as recorded", arguments: ["dovecot", "cyrus"])
    func errata(name: String) throws {
        guard let server = Self.server(name) else {
            print("skipped: set QRESYNC_\(name.uppercased())_URL (run Tests/Servers/with-servers.sh swift test)")
            return
        }
        let catalogue = try ErrataLiveReplayTests.catalogue()
        var decisive: [String: String] = [:]
        var index = 0
        for e in catalogue.entries {
            var outcomes: [ErrataLiveReplay.ScenarioOutcome] = []
            for sc in e.scenarios where sc.uncovered == nil {
                index += 1
                let o = ErrataLiveReplay.replay(sc, of: e, index: index, endpoint: .init(server: server), traceDirectory: nil).0
                #expect(o.reading != .failed, "\(name) \(e.id)/\(sc.fileName): \(o.reason ?? "")")
                outcomes.append(o)
            }
            let reading = ErrataLiveReplay.reading(of: outcomes)
            if !reading.hasPrefix("not distinguished"), !outcomes.isEmpty { decisive[e.id] = reading }
        }
        #expect(decisive == Self.errataReadings[name]!, "\(name): \(decisive)")
    }

    /// Each shrunk counterexample committed with the server's report (Tests/Servers/counterexamples/
    /// report) still shows its finding when replayed against the server: a recorded finding that
    /// disappears (a fixed server, a changed checker) fails here.
    @Test("every recorded counterexample still reproduces on the server", arguments: [("dovecot", "Dovecot-"), ("cyrus", "Cyrus-")])
    func counterexamplesReproduce(name: String, prefix: String) throws {
        guard Self.server(name) != nil, let url = ProcessInfo.processInfo.environment["QRESYNC_\(name.uppercased())_URL"] else {
            print("skipped: set QRESYNC_\(name.uppercased())_URL (run Tests/Servers/with-servers.sh swift test)")
            return
        }
        let directory = ErrataRunTests.root.appendingPathComponent("Tests/Servers/counterexamples/report")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".counterexample.txt") }.sorted()
        #expect(!files.isEmpty)
        for file in files {
            let path = directory.appendingPathComponent(file).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            // "# finding: R6851-4.4#4 violation (...)"
            let header = try #require(text.split(separator: "\n").first { $0.hasPrefix("# finding: ") })
            let words = header.split(separator: " ")
            let (id, severity) = (String(words[2]), String(words[3]))
            var io = StandardStreams.captured
            let code = QResyncCommandLine.run(["replay", path, "--server", url, "--password-env", "QRESYNC_SERVER_PASSWORD"], streams: &io)
            #expect(io.stdoutText.contains("\(severity.uppercased()) \(id) "), "\(file): \(io.stdoutText.prefix(600))")
            if severity == "violation" { #expect(code == 1, "\(file): exit \(code)") }
        }
    }
}
