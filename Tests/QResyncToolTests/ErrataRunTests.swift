import Foundation
import Testing
import SpecModel
@testable import QResyncTool

/// Issue 7: `qresync errata run` replays every scenario through the checker under both editions.
@Suite("Errata scenarios against the checker")
struct ErrataRunTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every scenario verdict is as its erratum expects")
    func verdicts() throws {
        let catalogue = try ErrataCatalogue.load(from: Self.root.appendingPathComponent("Errata"))
        var differing: Set<String> = []
        var compared = 0
        for e in catalogue.entries {
            for sc in e.scenarios where sc.uncovered == nil {
                for (edition, exp) in sc.expectations {
                    compared += 1
                    let (actual, _) = ErrataRunner.verdict(of: sc, edition: edition)
                    if !ErrataRunner.meets(actual, exp.verdict) { differing.insert("\(e.id)/\(sc.fileName)/\(edition.rawValue)") }
                }
            }
        }
        #expect(compared >= 60)
        #expect(differing.isEmpty, "differing: \(differing.sorted())")
    }

    @Test("the two editions give different verdicts where the technical errata say they should")
    func editionsDisagree() throws {
        let catalogue = try ErrataCatalogue.load(from: Self.root.appendingPathComponent("Errata"))
        for id in ["RFC5162-1807", "RFC5162-1365", "RFC5162-1808", "RFC5162-1809", "RFC7162-A1-modseq-63bit",
                   "RFC7162-A3-highestmodseq-after-enabling", "RFC7162-B3-enable-order", "RFC7162-B4-vanished-must"] {
            let e = try #require(catalogue.entry(id))
            let verdicts = Edition.allCases.map { ed in e.scenarios.map { ErrataRunner.verdict(of: $0, edition: ed).1 } }
            #expect(verdicts[0] != verdicts[1], "\(id): both editions give \(verdicts[0])")
        }
    }

    @Test("an erratum whose editions agree on every scenario says why (agreement), and only such an erratum")
    func agreementsExplained() throws {
        let catalogue = try ErrataCatalogue.load(from: Self.root.appendingPathComponent("Errata"))
        for e in catalogue.entries where e.scenarios.contains(where: { $0.uncovered == nil }) {
            let run = e.scenarios.filter { $0.uncovered == nil }
            let verdicts = Edition.allCases.map { ed in run.map { ErrataRunner.verdict(of: $0, edition: ed).1 } }
            let agree = verdicts[0] == verdicts[1]
            #expect(agree == (e.agreement != nil), "\(e.id): editions \(agree ? "agree" : "disagree"), agreement \(e.agreement ?? "none")")
        }
    }
}
