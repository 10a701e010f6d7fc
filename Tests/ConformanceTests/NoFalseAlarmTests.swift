import Testing
import IMAPTypes
import SpecModel
@testable import Conformance

/// Issue 4's first promise: traces the model produces under random server choices conform. Any
/// finding here is a model or checker bug.
@Suite("No false alarms - model traces under random latitude conform")
struct NoFalseAlarmTests {
    static func run(seed: UInt64, edition: Edition, operations: Int) -> FuzzResult {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9)
        var store = MailStore(latitude: Latitude.random(using: &rng), seed: seed, mailboxes: [.inbox, MailboxName("Archive")],
                              noModSeqMailboxes: rng.chance(1, in: 5) ? [MailboxName("Archive")] : [])
        store.edition = edition
        var runner = FuzzRunner(target: ModelTarget(store: store),
                                configuration: FuzzConfiguration(seed: seed, operations: operations, sessions: 3, edition: edition))
        return runner.run(stopAtFirstViolation: false)
    }

    static func describe(_ r: FuzzResult) -> String {
        guard let f = r.report.rootFindings.first else { return "" }
        let lo = max(0, f.line - 12), hi = min(r.events.count, f.line + 1)
        let context = r.events[lo..<hi].map { e in "\(e.line) \(e.direction == .client ? "C" : "S")\(e.session): " + String(decoding: e.bytes.dropLast(2), as: UTF8.self) }
        return "seed \(r.configuration.seed): \(f.requirementID) line \(f.line): \(f.expected)\n" + context.joined(separator: "\n")
    }

    @Test("rfc7162: 1,000 seeds x 200 operations, 3 sessions, 2 mailboxes", arguments: [Edition.rfc7162, .rfc4551And5162])
    func conforms(edition: Edition) {
        var failures = 0
        for seed in UInt64(0)..<1000 {
            let r = Self.run(seed: seed, edition: edition, operations: 200)
            if !r.report.findings.isEmpty {
                failures += 1
                if failures <= 3 { Issue.record(Comment(rawValue: Self.describe(r))) }
            }
            #expect(r.targetError == nil)
        }
        #expect(failures == 0)
    }
}
