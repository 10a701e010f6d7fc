import Conformance
import Foundation
import IMAPWire
import SpecModel

/// The report of `qresync spec validate` for people (grouped by section) and for programs (JSON).
/// Pure: findings are data (STYLE.md habit 8), the words are chosen here.
enum SpecValidateRendering {
    /// At most this many sentences outside the registry's sections are listed one by one.
    static let unregisteredListed = 12

    // MARK: - Text

    static func text(_ r: DraftValidation, file: String) -> String {
        var s = "qresync spec validate: \(file) ("
        s += r.rfc.map { "RFC \($0)" } ?? "Internet-Draft"
        s += "; edition \(r.edition.rawValue); " + comparison(r) + ")\n\n"
        s += summary(r)

        var sections: [String] = []
        func note(_ section: String) { if !sections.contains(section) { sections.append(section) } }
        for e in r.examples { note(e.example.section) }
        for l in r.grammarLines where l.breaksGrammar || l.strict != nil { note(l.section) }
        // Sentences in sections the registry does not cover are listed when they are few (a
        // document compared with no registry has nothing but those).
        let listUnregistered = r.normative.count(.unregistered) <= Self.unregisteredListed
        for e in r.normative.entries where e.change != .unchanged && (e.change != .unregistered || listUnregistered) || e.notCheckable != nil {
            note(e.section)
        }
        sections.sort { NormativeDiffOrder.key($0).lexicographicallyPrecedes(NormativeDiffOrder.key($1)) }

        for section in sections {
            s += "\n§\(section)\n"
            for e in r.examples where e.example.section == section {
                s += "  \(e.example.name): "
                switch e.outcome {
                case .consistent: s += "consistent (\(e.mode.rawValue))\n"
                case .inconsistent: s += "INCONSISTENT (\(e.mode.rawValue))\n"
                case .notReplayed(let why): s += "not replayed: \(why)\n"
                }
                for f in e.findings { s += finding(f, multiSession: e.example.sessions.count > 1) }
                for f in e.remarks { s += "    remark: " + finding(f, multiSession: e.example.sessions.count > 1).dropFirst(4) }
                if let m = e.modelRun { s += modelRun(m) }
            }
            for l in r.grammarLines where l.section == section && (l.breaksGrammar || l.strict != nil) {
                s += "  grammar, line \(l.line.line): \(l.line.kind == .client ? "C" : "S"): \(l.line.text)\n"
                switch l.abnf {
                case .breaks(let column): s += "    BREAKS the document's ABNF at column \(column)\n"
                case .notChecked(let why): s += "    the document's ABNF: not checked, \(why)\n"
                case .matches: s += "    the document's ABNF accepts it\n"
                }
                if let e = l.strict {
                    s += l.strictCounts && !{ if case .breaks = l.abnf { return true }; return false }() ? "    BREAKS the strict grammar: " : "    strict parser: "
                    s += "rule \(e.rule) at column \(e.offset + 1): expected \(e.expected), found \(e.found)"
                    s += l.strictCounts ? "\n" : " (not counted: \(strictExcuse(l)))\n"
                }
            }
            for e in r.normative.entries where e.section == section {
                switch e.change {
                case .unchanged where e.notCheckable == nil:
                    continue
                case .unregistered where !listUnregistered:
                    continue
                default:
                    s += "  normative: " + normative(e) + "\n"
                }
            }
        }
        if !r.grammarRemarks.isEmpty {
            s += "\nFormal syntax" + (r.formalSyntaxSection.map { " (§\($0))" } ?? "") + "\n"
            for g in r.grammarRemarks {
                s += "  " + (g.line.map { "line \($0): " } ?? "") + (g.rule.isEmpty ? "" : "\(g.rule): ") + g.detail + "\n"
            }
        }
        return s
    }

    /// The example's commands as the model answered them: a line, then what stands out.
    static func modelRun(_ m: ExampleModelRun) -> String {
        var s = "    model: \(m.steps.count) command\(m.steps.count == 1 ? "" : "s") run against the reference model, "
        s += m.reproduces ? "reproduced" : "NOT REPRODUCED"
        s += " (\(m.messages) message\(m.messages == 1 ? "" : "s") in each mailbox)\n"
        for step in m.refused { s += "      line \(step.line): the model answered BAD: \(step.text)\n" }
        if !m.unreadable.isEmpty {
            s += "      not run, outside the model's command subset: line\(m.unreadable.count == 1 ? "" : "s") "
                + m.unreadable.map(String.init).joined(separator: ", ") + "\n"
        }
        for f in m.findings { s += "      the model's answer breaks \(f.requirementID): \(f.expected)\n" }
        let refused = Set(m.refused.map(\.line))
        for step in m.differentStatus where !refused.contains(step.line) {
            s += "      line \(step.line): the model answered \(step.model.rawValue), the example shows "
                + "\(step.shown!.rawValue) (history the example does not show, or an earlier status)\n"
        }
        return s
    }

    static func strictExcuse(_ l: ExampleGrammar.LineCheck) -> String {
        if case .notChecked(let why) = l.abnf, why.hasPrefix("the loaded grammars define no") { return "outside the grammars loaded" }
        if case .matches = l.abnf { return "the document's ABNF accepts it" }
        return "the strict parser covers the CONDSTORE/QRESYNC subset; only its resp-text rule counts on its own"
    }

    static func summary(_ r: DraftValidation) -> String {
        let replayed = r.examples.filter { if case .notReplayed = $0.outcome { return false }; return true }
        var s = "Examples: \(r.examples.count) found, \(replayed.count) replayed: "
        s += "\(replayed.count - r.inconsistentExamples.count) consistent, \(r.inconsistentExamples.count) inconsistent; "
        s += "\(r.examples.count - replayed.count) one-sided snippets not replayed.\n"
        let runs = r.examples.compactMap(\.modelRun)
        s += "Model: the commands of \(runs.count) examples run against the reference model: \(runs.filter(\.reproduces).count) reproduced"
        s += " (every command accepted as shown, answers conforming), \(runs.filter { !$0.reproduces }.count) not.\n"
        let abnfChecked = r.grammarLines.filter { if case .notChecked = $0.abnf { return false }; return true }
        s += "Grammar: \(r.grammarLines.count) example lines; \(abnfChecked.count) checked against the document's ABNF"
        if r.baseGrammars.isEmpty {
            s += " (no base grammar found: give --base DIR holding rfc3501.txt)"
        } else {
            s += " over \(r.baseGrammars.joined(separator: ", "))"
        }
        s += ": \(r.linesBreakingGrammar.count) break it; the strict parser rejects \(r.grammarLines.filter { $0.strict != nil }.count)."
        s += " The document defines \(r.documentRules) ABNF rules" + (r.grammarRemarks.isEmpty ? ".\n" : "; \(r.grammarRemarks.count) remarks below.\n")
        let n = r.normative
        s += "Normative statements: " + NormativeDiff.Change.allCases.map { "\(n.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        s += "; \(n.entries.filter { $0.notCheckable != nil }.count) registered as not checkable from a trace.\n"
        if r.examples.isEmpty, r.documentRules == 0, n.entries.isEmpty {
            s += "Nothing to validate: no protocol example (C:/S: lines), ABNF rule or normative (BCP 14) statement was found.\n"
        }
        s += r.exitCode == 0 ? "Verdict: no inconsistent example, no line breaks the grammar.\n"
            : "Verdict: \(r.inconsistentExamples.count) inconsistent examples, \(r.linesBreakingGrammar.count) lines breaking the grammar.\n"
        return s
    }

    /// Which registry the normative statements were compared with, and why.
    static func comparison(_ r: DraftValidation) -> String {
        guard let rfc = r.registryRFC else {
            return "requirements compared with no registry: the document neither is, obsoletes nor updates a registered RFC"
                + " (--against RFC chooses one)"
        }
        switch r.registryRelation {
        case .itself, .unrelated: return "requirements compared with the registry of RFC \(rfc)"
        case .obsoletes: return "requirements compared with the registry of RFC \(rfc), which it obsoletes"
        case .updates: return "requirements compared with the registry of RFC \(rfc), which it updates (none counted as removed)"
        case .chosen: return "requirements compared with the registry of RFC \(rfc), as --against asks"
        }
    }

    static func finding(_ f: Finding, multiSession: Bool) -> String {
        var s = "    line \(f.line)"
        if multiSession { s += " (session \(f.session))" }
        if f.requirementID != ExampleReplay.exampleRemark {
            s += ": \(f.requirementID)"
            if let req = Registry.requirement(f.requirementID) { s += " (RFC \(req.rfc) §\(req.section), \(req.level.rawValue))" }
        }
        s += ": expected \(f.expected)"
        if let o = f.observed.first { s += "; observed \(o)" }
        return s + "\n"
    }

    static func normative(_ e: NormativeDiff.Entry) -> String {
        var s = "\(e.change.rawValue.uppercased())"
        if let id = e.requirementID { s += " \(id)" }
        if let d = e.documentID, d != e.requirementID { s += e.requirementID == nil ? " \(d)" : " (now \(d))" }
        if let p = e.previousLevel { s += " \(p.rawValue) -> \(e.level.rawValue)" } else { s += " \(e.level.rawValue)" }
        if let l = e.line { s += ", line \(l)" }
        if let t = e.text, e.change != .moved { s += ": \"\(t)\"" }
        if let why = e.notCheckable { s += " [not checkable from a trace: \(why)]" }
        return s
    }

    // MARK: - JSON

    struct ReportJSON: Encodable {
        struct Summary: Encodable {
            var examples: Int
            var replayed: Int
            var consistent: Int
            var inconsistent: Int
            /// Examples whose commands ran against the reference model, and how many it reproduced.
            var modelRuns: Int
            var modelReproduced: Int
            var exampleLines: Int
            var linesCheckedAgainstABNF: Int
            var linesBreakingGrammar: Int
            var linesRejectedByStrictParser: Int
            var normative: [String: Int]
            var exitCode: Int32
        }

        struct FindingJSON: Encodable {
            var requirement: String?
            var severity: String
            var session: Int
            var line: Int
            var expected: String
            var observed: [String]
        }

        struct ExampleJSON: Encodable {
            var section: String
            var caption: String?
            var line: Int
            var sessions: [Int]
            var elided: Bool
            var mode: String
            var outcome: String
            var notReplayedReason: String?
            var findings: [FindingJSON]
            var remarks: [FindingJSON]
            var model: ModelRunJSON?
        }

        /// `ExampleModelRun`: the example's commands answered by the reference model.
        struct ModelRunJSON: Encodable {
            struct StepJSON: Encodable {
                var line: Int
                var session: Int
                var command: String
                var exampleStatus: String?
                var modelStatus: String
            }

            var reproduced: Bool
            var messages: Int
            var steps: [StepJSON]
            var unreadableLines: [Int]
            var findings: [FindingJSON]
        }

        struct LineJSON: Encodable {
            var section: String
            var line: Int
            var direction: String
            var text: String
            /// The document's ABNF rejects it, or the strict parser does at a rule that counts.
            var breaksGrammar: Bool
            var abnf: String
            var abnfColumn: Int?
            var abnfNotCheckedReason: String?
            var strictRule: String?
            var strictColumn: Int?
            var strictExpected: String?
        }

        struct RemarkJSON: Encodable {
            var kind: String
            var rule: String
            var line: Int?
            var detail: String
        }

        struct NormativeJSON: Encodable {
            var change: String
            var requirement: String?
            var documentID: String?
            var section: String
            var line: Int?
            var level: String
            var previousLevel: String?
            var fingerprint: String
            var previousFingerprint: String?
            var text: String?
            var notCheckable: String?
        }

        var file: String
        var rfc: Int?
        var edition: String
        var registryRFC: Int?
        var registryRelation: String
        var baseGrammars: [String]
        var formalSyntaxSection: String?
        var summary: Summary
        var examples: [ExampleJSON]
        var grammar: [LineJSON]
        var grammarRemarks: [RemarkJSON]
        var normative: [NormativeJSON]
    }

    static func json(_ r: DraftValidation, file: String) -> String {
        func f(_ x: Finding) -> ReportJSON.FindingJSON {
            .init(requirement: x.requirementID == ExampleReplay.exampleRemark ? nil : x.requirementID, severity: x.severity.rawValue,
                  session: x.session, line: x.line, expected: x.expected, observed: x.observed)
        }
        let examples = r.examples.map { e -> ReportJSON.ExampleJSON in
            var outcome = "consistent", reason: String? = nil
            switch e.outcome {
            case .consistent: break
            case .inconsistent: outcome = "inconsistent"
            case .notReplayed(let why): outcome = "notReplayed"; reason = why
            }
            return .init(section: e.example.section, caption: e.example.caption, line: e.example.firstLine, sessions: e.example.sessions,
                         elided: e.example.hasElision, mode: e.mode.rawValue, outcome: outcome, notReplayedReason: reason,
                         findings: e.findings.map(f), remarks: e.remarks.map(f), model: e.modelRun.map { m in
                             .init(reproduced: m.reproduces, messages: m.messages,
                                   steps: m.steps.map { .init(line: $0.line, session: $0.session, command: $0.text,
                                                              exampleStatus: $0.shown?.rawValue, modelStatus: $0.model.rawValue) },
                                   unreadableLines: m.unreadable, findings: m.findings.map(f))
                         })
        }
        let lines = r.grammarLines.map { l -> ReportJSON.LineJSON in
            var verdict = "matches", column: Int? = nil, why: String? = nil
            switch l.abnf {
            case .matches: break
            case .breaks(let c): verdict = "breaks"; column = c
            case .notChecked(let w): verdict = "notChecked"; why = w
            }
            return .init(section: l.section, line: l.line.line, direction: l.line.kind.rawValue, text: l.line.text,
                         breaksGrammar: l.breaksGrammar, abnf: verdict,
                         abnfColumn: column, abnfNotCheckedReason: why, strictRule: l.strict?.rule,
                         strictColumn: l.strict.map { $0.offset + 1 }, strictExpected: l.strict?.expected)
        }
        let replayed = r.examples.filter { if case .notReplayed = $0.outcome { return false }; return true }
        var counts: [String: Int] = [:]
        for c in NormativeDiff.Change.allCases { counts[c.rawValue] = r.normative.count(c) }
        let summary = ReportJSON.Summary(
            examples: r.examples.count, replayed: replayed.count, consistent: replayed.count - r.inconsistentExamples.count,
            inconsistent: r.inconsistentExamples.count, modelRuns: r.examples.compactMap(\.modelRun).count,
            modelReproduced: r.examples.compactMap(\.modelRun).filter(\.reproduces).count, exampleLines: r.grammarLines.count,
            linesCheckedAgainstABNF: r.grammarLines.filter { if case .notChecked = $0.abnf { return false }; return true }.count,
            linesBreakingGrammar: r.linesBreakingGrammar.count, linesRejectedByStrictParser: r.grammarLines.filter { $0.strict != nil }.count,
            normative: counts, exitCode: r.exitCode)
        let report = ReportJSON(
            file: file, rfc: r.rfc, edition: r.edition.rawValue, registryRFC: r.registryRFC,
            registryRelation: r.registryRelation.rawValue, baseGrammars: r.baseGrammars,
            formalSyntaxSection: r.formalSyntaxSection, summary: summary, examples: examples, grammar: lines,
            grammarRemarks: r.grammarRemarks.map { .init(kind: $0.kind.rawValue, rule: $0.rule, line: $0.line, detail: $0.detail) },
            normative: r.normative.entries.map {
                .init(change: $0.change.rawValue, requirement: $0.requirementID, documentID: $0.documentID, section: $0.section,
                      line: $0.line, level: $0.level.rawValue, previousLevel: $0.previousLevel?.rawValue, fingerprint: $0.fingerprint,
                      previousFingerprint: $0.previousFingerprint, text: $0.text, notCheckable: $0.notCheckable)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self) + "\n"
    }
}

/// Section numbers in document order ("3.2" before "3.10", "A.1" after "10").
enum NormativeDiffOrder {
    static func key(_ s: String) -> [Int] {
        s.split(separator: ".").map { part in Int(part) ?? (Int(part.first?.asciiValue ?? 0) + 1000) }
    }
}
