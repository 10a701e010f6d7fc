import IMAPWire
import SpecModel

/// The outcome of checking a trace: findings (each tied to its root cause), the verdict, and
/// renderings for people (`text`), programs (`json`) and the trace itself (`annotate`).
public struct CheckReport: Sendable {
    public var findings: [Finding]
    public var verdict: Verdict
    public var serverLinesChecked: Int
    public var edition: Edition
    public var closedWorld: Bool
    /// The requirements the checker evaluated on at least one response: with no finding, passed.
    public var exercised: Set<String>

    /// Rules the client broke: shown beside the findings, not part of the verdict.
    public var clientFindings: [Finding]

    public init(_ checker: Checker) {
        findings = CheckReport.groupRootCauses(checker.findings)
        clientFindings = checker.clientFindings
        verdict = checker.verdict
        serverLinesChecked = checker.serverLinesChecked
        edition = checker.options.edition
        closedWorld = checker.options.closedWorld
        exercised = checker.exercised
    }

    /// A finding follows from an earlier one when it breaks the same requirement in the same
    /// session: the server repeating one behaviour is one root cause with one headline, and the
    /// repeats are listed under it.
    static func groupRootCauses(_ findings: [Finding]) -> [Finding] {
        var out = findings
        var first: [String: Int] = [:]
        for i in out.indices {
            let key = out[i].rootKey
            if let j = first[key] { out[i].rootCause = j } else { first[key] = i }
        }
        return out
    }

    /// Findings that are headlines (not consequences of an earlier one).
    public var rootFindings: [Finding] { findings.filter { $0.rootCause == nil } }

    /// Counts by requirement ID of root findings.
    public var countsByRequirement: [(String, Int)] {
        var c: [String: Int] = [:]
        for f in rootFindings { c[f.requirementID, default: 0] += 1 }
        return c.sorted { $0.key < $1.key }
    }

    /// The human-readable report.
    public func text(source: String) -> String {
        var s = ""
        for (i, f) in findings.enumerated() {
            if let root = f.rootCause {
                s += "    (also #\(root + 1)) line \(f.line): \(f.expected)\n"
                continue
            }
            let r = Registry.requirement(f.requirementID)
            s += "#\(i + 1) \(f.severity.rawValue.uppercased()) \(f.requirementID)"
            if let r { s += " (RFC \(r.rfc) §\(r.section), \(r.level.rawValue))" }
            s += "\n    \(source):\(f.line) session \(f.session)"
            if let c = f.command { s += ", answering \(c)" }
            s += "\n"
            if let r { s += "    rule: \(r.summary)\n" }
            if let rule = f.rule { s += "    grammar rule: \(rule)\n" }
            s += "    expected: \(f.expected)\n"
            for o in f.observed.prefix(8) { s += "    observed: \(o)\n" }
            if f.observed.count > 8 { s += "    observed: ... \(f.observed.count - 8) more lines\n" }
        }
        if !clientFindings.isEmpty {
            s += "\nThe client broke \(clientFindings.count == 1 ? "a rule" : "rules") of its own (not counted against the server):\n"
            for f in clientFindings {
                s += "  \(f.requirementID) \(source):\(f.line) session \(f.session), \(f.command ?? "")"
                if let r = Registry.requirement(f.requirementID) { s += " (RFC \(r.rfc) §\(r.section)): \(r.summary)" }
                s += "\n"
            }
        }
        s += "\n" + summaryLine(source: source) + "\n"
        if case .inconclusive(let reasons) = verdict {
            for r in reasons { s += "  inconclusive: \(r)\n" }
        }
        return s
    }

    public func summaryLine(source: String) -> String {
        let v: String
        switch verdict {
        case .conforms: v = "conforms"
        case .violates: v = "violates"
        case .inconclusive: v = "inconclusive"
        }
        let roots = rootFindings
        let counts = Finding.Severity.allCases.map { sev in "\(roots.filter { $0.severity == sev }.count) \(sev.rawValue)s" }
        return "\(source): \(v) - \(counts.joined(separator: ", ")); \(serverLinesChecked) server lines checked "
            + "(\(edition.rawValue), \(closedWorld ? "closed" : "open") world)"
    }

    /// The report as one JSON object.
    public func json(source: String) -> String {
        var items: [String] = []
        for (i, f) in findings.enumerated() {
            var fields = [
                "\"index\":\(i + 1)", "\"requirement\":\(JSON.string(f.requirementID))",
                "\"severity\":\(JSON.string(f.severity.rawValue))", "\"session\":\(f.session)", "\"line\":\(f.line)",
                "\"expected\":\(JSON.string(f.expected))",
                "\"observed\":[\(f.observed.map(JSON.string).joined(separator: ","))]",
            ]
            if let c = f.command { fields.append("\"command\":\(JSON.string(c))") }
            if let r = f.rule { fields.append("\"grammarRule\":\(JSON.string(r))") }
            if let root = f.rootCause { fields.append("\"rootCause\":\(root + 1)") }
            if let r = Registry.requirement(f.requirementID) {
                fields.append("\"section\":\(JSON.string("RFC \(r.rfc) §\(r.section)"))")
                fields.append("\"summary\":\(JSON.string(r.summary))")
            }
            items.append("{" + fields.joined(separator: ",") + "}")
        }
        let clientItems = clientFindings.map { f in
            "{\"requirement\":\(JSON.string(f.requirementID)),\"session\":\(f.session),\"line\":\(f.line),"
                + "\"command\":\(JSON.string(f.command ?? "")),\"expected\":\(JSON.string(f.expected))}"
        }
        var reasons: [String] = []
        let verdictName: String
        switch verdict {
        case .conforms: verdictName = "conforms"
        case .violates: verdictName = "violates"
        case .inconclusive(let r): verdictName = "inconclusive"; reasons = r
        }
        return "{\"source\":\(JSON.string(source)),\"verdict\":\"\(verdictName)\",\"edition\":\"\(edition.rawValue)\","
            + "\"closedWorld\":\(closedWorld),\"serverLinesChecked\":\(serverLinesChecked),"
            + "\"inconclusive\":[\(reasons.map(JSON.string).joined(separator: ","))],"
            + "\"findings\":[\(items.joined(separator: ","))],"
            + "\"clientFindings\":[\(clientItems.joined(separator: ","))]}"
    }

    /// The transcript with `!` lines under each offending unit (after its last line), so the result
    /// is itself a valid input (readers ignore `!` lines).
    public func annotate(_ text: String, events: [TraceEvent]) -> String {
        var notes: [Int: [String]] = [:]
        let lastLine: [Int: Int] = Dictionary(events.map { e in
            (e.line, e.line + max(0, e.bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count - 2))
        }, uniquingKeysWith: { a, _ in a })
        for f in rootFindings {
            notes[lastLine[f.line] ?? f.line, default: []].append("! \(f.requirementID) \(f.severity.rawValue): \(f.expected)")
        }
        var out: [String] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            out.append(String(line))
            if let n = notes[i + 1] { out += n }
        }
        return out.joined(separator: "\n")
    }
}

/// JSON string escaping (RFC 8259 §7) for the renderers.
enum JSON {
    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
