import Conformance
import IMAPWire
import SpecModel

/// `qresync errata run`: replays each erratum's scenarios through the checker under both editions
/// and compares the verdicts with the scenario's `# expect` lines (issue 7).
enum ErrataRunner {
    struct Outcome {
        var erratum: String
        var scenario: String
        var edition: Edition
        var expected: String
        var actual: String
        var matches: Bool
    }

    /// The checker's verdict for a scenario under `edition`, as an expect line would write it.
    static func verdict(of scenario: ErrataScenario, edition: Edition) -> (ScenarioExpectation.Verdict?, String) {
        let trace: Trace
        do { trace = try TranscriptReader.read(scenario.text, file: scenario.fileName) } catch {
            return (nil, "unreadable: \(error)")
        }
        var checker = TraceChecker(options: CheckOptions(edition: edition, closedWorld: scenario.mode == .closedWorld))
        checker.check(trace)
        let report = checker.report
        // Errata bind clients too (1809): a rule the client broke counts in a scenario's verdict.
        let ids = report.rootFindings.filter { $0.severity == .violation }.map { f in
            f.rule.map { "\(f.requirementID)[\($0)]" } ?? f.requirementID
        } + report.clientFindings.map(\.requirementID)
        if !ids.isEmpty { return (.violates(ids), "violates " + ids.joined(separator: ", ")) }
        if case .inconclusive(let r) = report.verdict { return (.inconclusive, "inconclusive (\(r.first ?? ""))") }
        return (.conforms, "conforms")
    }

    /// Whether an actual verdict meets the expectation. A grammar expectation `G3501-resp-text`
    /// is met by a grammar finding on that ABNF rule.
    static func meets(_ actual: ScenarioExpectation.Verdict?, _ expected: ScenarioExpectation.Verdict) -> Bool {
        switch (actual, expected) {
        case (.conforms?, .conforms), (.inconclusive?, .inconclusive): return true
        case (.violates(let got)?, .violates(let want)):
            // The listed IDs are the places the RFC states the rule (it restates some); the checker
            // cites one of them.
            return want.contains { w in
                if w.hasPrefix("G"), let dash = w.firstIndex(of: "-") {
                    let rule = String(w[w.index(after: dash)...])
                    return got.contains { $0.hasSuffix("[\(rule)]") }
                }
                return got.contains { $0 == w || $0.hasPrefix(w + "[") }
            }
        default: return false
        }
    }

    static func run(_ catalogue: ErrataCatalogue, ids: [String], _ io: inout StandardStreams) -> Int32 {
        var outcomes: [Outcome] = []
        var notRun: [(String, String, String)] = []
        for e in catalogue.entries where ids.isEmpty || ids.contains(e.id) {
            for sc in e.scenarios {
                if let why = sc.uncovered {
                    notRun.append((e.id, sc.fileName, why))
                    continue
                }
                for edition in Edition.allCases {
                    guard let exp = sc.expectations[edition] else { continue }
                    let (actual, text) = verdict(of: sc, edition: edition)
                    outcomes.append(Outcome(erratum: e.id, scenario: sc.fileName, edition: edition, expected: exp.verdictText,
                                            actual: text, matches: meets(actual, exp.verdict)))
                }
            }
        }
        var lines = ["ERRATUM  SCENARIO  EDITION  EXPECTED  ACTUAL  RESULT"]
        for o in outcomes {
            lines.append("\(o.erratum)  \(o.scenario)  \(o.edition.rawValue)  \(o.expected)  \(o.actual)  \(o.matches ? "as expected" : "DIFFERS")")
        }
        for (e, s, why) in notRun { lines.append("\(e)  \(s)  -  -  not run: \(why)  -") }
        io.out(lines.joined(separator: "\n") + "\n")
        // Per erratum: do the two editions disagree, as the erratum says they should?
        var summary: [String] = []
        for e in catalogue.entries where ids.isEmpty || ids.contains(e.id) {
            let mine = outcomes.filter { $0.erratum == e.id }
            guard !mine.isEmpty else { continue }
            let disagree = Set(mine.filter { $0.edition == .rfc7162 }.map(\.actual)) != Set(mine.filter { $0.edition == .rfc4551And5162 }.map(\.actual))
            let ok = mine.allSatisfy(\.matches)
            summary.append("\(e.id): \(ok ? "as expected" : "differs from expectation"); editions \(disagree ? "disagree" : "agree") (\(e.kind.rawValue))"
                           + (disagree ? "" : ": " + (e.agreement ?? "no reason given")))
        }
        io.out("\n" + summary.joined(separator: "\n") + "\n")
        let failed = outcomes.filter { !$0.matches }.count
        io.out("\n\(outcomes.count - failed) of \(outcomes.count) scenario verdicts as expected, \(notRun.count) scenarios not run\n")
        return failed == 0 ? 0 : 1
    }
}
