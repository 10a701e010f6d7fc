import Foundation
import IMAPWire
import SpecModel

/// A malformed file in `Errata/`: which file, which line (1-based) and why, the same place-carrying
/// error as a malformed trace (`TraceError`). `qresync errata` reports it as `file:line: reason`
/// and exits 64.
public typealias ErrataError = TraceError

/// One folder of `Errata/`: an erratum of RFC 4551, 5162 or 7162, or a change RFC 7162 lists in its
/// Appendix A/B (or makes in its text) without an erratum ID. The front matter of its README.md
/// names the `RuleSwitch` case that carries the difference into the model.
public struct Erratum: Hashable, Sendable {
    /// The erratum record's type on rfc-editor.org; `unknown` where the record was not retrieved.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case technical = "Technical"
        case editorial = "Editorial"
        case unknown
    }

    /// The erratum record's status on rfc-editor.org; `unknown` where the record was not retrieved,
    /// `none` for a change that has no erratum record (an RFC 7162 appendix or text change).
    public enum Status: String, Hashable, Sendable, CaseIterable {
        case verified = "Verified"
        case rejected = "Rejected"
        case reported = "Reported"
        case heldForDocumentUpdate = "Held for Document Update"
        case unknown
        case none
    }

    /// The folder name, e.g. `RFC5162-1808` or `RFC7162-B4-vanished-must`.
    public var id: String
    /// The RFC the erratum is filed against, or 7162 for a change recorded only in RFC 7162.
    public var rfc: Int
    /// The erratum ID; nil for an appendix or text change (`erratum: none`).
    public var erratumID: Int?
    public var section: String
    public var kind: Kind
    public var status: Status
    public var ruleSwitch: RuleSwitch
    /// Requirement IDs (`R7162-3.2.8#3`) and grammar rule IDs (`G3501-resp-text`) involved.
    public var requirements: [String]
    public var summary: String
    /// Why no scenario's verdict differs between the editions, for an erratum whose scenarios
    /// agree (an editorial fix, a grammar the project reads the same way under both): the
    /// optional `agreement` front-matter key after `summary`.
    public var agreement: String?
    /// The whole README.md, front matter included.
    public var readme: String
    /// The `scenario-*.txt` files, sorted by file name.
    public var scenarios: [ErrataScenario]
}

/// What a scenario expects under one edition: a verdict and an optional note in parentheses.
public struct ScenarioExpectation: Hashable, Sendable {
    /// Three-valued, as the checker's verdicts are (STYLE.md habit 8).
    public enum Verdict: Hashable, Sendable {
        case conforms
        case violates([String])
        case inconclusive
    }

    public var verdict: Verdict
    public var note: String?

    /// The verdict as written after `# expect <edition>:` (without the note).
    public var verdictText: String {
        switch verdict {
        case .conforms: return "conforms"
        case .inconclusive: return "inconclusive"
        case .violates(let ids): return "violates " + ids.joined(separator: ", ")
        }
    }
}

/// One `scenario-*.txt` trace: its header (title, an expectation per edition, the world mode, and
/// optionally why the model cannot run it) and the full text.
public struct ErrataScenario: Hashable, Sendable {
    /// `closed-world`: every session that touches the mailbox is in the trace.
    public enum Mode: String, Hashable, Sendable, CaseIterable {
        case closedWorld = "closed-world"
        case openWorld = "open-world"
    }

    public var fileName: String
    public var title: String
    public var expectations: [Edition: ScenarioExpectation]
    public var mode: Mode
    /// Set when the scenario uses protocol the model does not cover (e.g. METADATA).
    public var uncovered: String?
    public var text: String
}

/// The `Errata/` folder read from disk. Parsing is pure (`Erratum.parse`, `ErrataScenario.parse`);
/// only `load(from:)` touches the file system.
public struct ErrataCatalogue: Hashable, Sendable {
    /// Sorted by ID.
    public var entries: [Erratum]

    public init(entries: [Erratum]) { self.entries = entries.sorted { $0.id < $1.id } }

    /// The entry with this ID, compared case-insensitively.
    public func entry(_ id: String) -> Erratum? {
        entries.first { $0.id.lowercased() == id.lowercased() }
    }

    /// Reads every sub-folder of `directory` that holds a README.md or a scenario file.
    public static func load(from directory: URL) throws(ErrataError) -> ErrataCatalogue {
        let fm = FileManager.default
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ErrataError(file: directory.path, line: 0, reason: "cannot read the errata folder")
        }
        var entries: [Erratum] = []
        for name in names.sorted() {
            let folder = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue
            }
            let readmePath = folder.appendingPathComponent("README.md")
            let displayReadme = name + "/README.md"
            guard let readme = try? String(contentsOf: readmePath, encoding: .utf8) else {
                throw ErrataError(file: displayReadme, line: 0, reason: "missing or unreadable README.md")
            }
            let files = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasPrefix("scenario-") && $0.hasSuffix(".txt") }
                .sorted()
            var scenarios: [ErrataScenario] = []
            for file in files {
                let display = name + "/" + file
                guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                else {
                    throw ErrataError(file: display, line: 0, reason: "unreadable scenario file")
                }
                scenarios.append(try ErrataScenario.parse(text, fileName: file, display: display))
            }
            entries.append(try Erratum.parse(readme: readme, folder: name, scenarios: scenarios))
        }
        return ErrataCatalogue(entries: entries)
    }

    /// The `Errata` folder: `explicit` if given, else the first `Errata` directory found in
    /// `start` or one of its parents.
    public static func locate(explicit: String?, from start: URL) -> URL? {
        let fm = FileManager.default
        func isDirectory(_ url: URL) -> Bool {
            var flag: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
        }
        if let explicit {
            let url = URL(fileURLWithPath: explicit, relativeTo: start).standardizedFileURL
            return isDirectory(url) ? url : nil
        }
        var current = start.standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent("Errata")
            if isDirectory(candidate) { return candidate }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }
}

extension Erratum {
    /// The front-matter keys, in the order README.md must give them.
    public static let frontMatterKeys = [
        "id", "rfc", "erratum", "section", "type", "status", "switch", "requirements", "summary",
    ]

    /// Parses README.md's front matter: `---`, the nine `key: value` lines in order, an optional
    /// `agreement:` line, `---`.
    /// `folder` must equal the `id`; the erratum must agree with `RuleSwitch.erratum`.
    public static func parse(readme: String, folder: String, scenarios: [ErrataScenario]) throws(ErrataError)
        -> Erratum
    {
        let file = folder + "/README.md"
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        guard lines.first == "---" else {
            throw ErrataError(file: file, line: 1, reason: "front matter must start with a '---' line")
        }
        var values: [String: (value: String, line: Int)] = [:]
        var index = 1
        for key in frontMatterKeys {
            guard index < lines.count, lines[index] != "---" else {
                throw ErrataError(file: file, line: index + 1, reason: "missing front-matter key '\(key)'")
            }
            let line = lines[index]
            guard let colon = line.firstIndex(of: ":") else {
                throw ErrataError(file: file, line: index + 1, reason: "expected 'key: value', found '\(line)'")
            }
            let found = String(line[..<colon])
            guard found == key else {
                throw ErrataError(
                    file: file, line: index + 1, reason: "expected front-matter key '\(key)', found '\(found)'")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else {
                throw ErrataError(file: file, line: index + 1, reason: "empty value for '\(key)'")
            }
            values[key] = (value, index + 1)
            index += 1
        }
        var agreement: String?
        if index < lines.count, lines[index].hasPrefix("agreement:") {
            let text = lines[index].dropFirst("agreement:".count).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { throw ErrataError(file: file, line: index + 1, reason: "empty value for 'agreement'") }
            agreement = text
            index += 1
        }
        guard index < lines.count, lines[index] == "---" else {
            throw ErrataError(file: file, line: index + 1, reason: "front matter must end with a '---' line")
        }
        func value(_ key: String) -> (value: String, line: Int) { values[key]! }

        let id = value("id")
        guard id.value == folder else {
            throw ErrataError(file: file, line: id.line, reason: "id '\(id.value)' differs from the folder name")
        }
        let rfc = value("rfc")
        guard let rfcNumber = Int(rfc.value), [4551, 5162, 7162].contains(rfcNumber) else {
            throw ErrataError(file: file, line: rfc.line, reason: "rfc must be 4551, 5162 or 7162")
        }
        let erratum = value("erratum")
        let erratumID: Int?
        if erratum.value == "none" {
            erratumID = nil
        } else if let n = Int(erratum.value), n > 0 {
            erratumID = n
        } else {
            throw ErrataError(file: file, line: erratum.line, reason: "erratum must be a number or 'none'")
        }
        let type = value("type")
        guard let kind = Kind(rawValue: type.value) else {
            throw ErrataError(file: file, line: type.line, reason: "type must be Technical, Editorial or unknown")
        }
        let statusValue = value("status")
        guard let status = Status(rawValue: statusValue.value) else {
            let allowed = Status.allCases.map(\.rawValue).joined(separator: ", ")
            throw ErrataError(file: file, line: statusValue.line, reason: "status must be one of: \(allowed)")
        }
        let switchValue = value("switch")
        guard let ruleSwitch = RuleSwitch(rawValue: switchValue.value) else {
            throw ErrataError(
                file: file, line: switchValue.line, reason: "'\(switchValue.value)' is not a RuleSwitch case")
        }
        guard (erratumID == nil) == (status == .none) else {
            throw ErrataError(
                file: file, line: statusValue.line, reason: "status is 'none' exactly when erratum is 'none'")
        }
        let consistent: Bool
        if let recorded = ruleSwitch.erratum {
            consistent = recorded.rfc == rfcNumber && recorded.id == erratumID
        } else {
            consistent = erratumID == nil
        }
        if !consistent {
            let wanted = ruleSwitch.erratum.map { "RFC \($0.rfc) erratum \($0.id)" } ?? "no erratum ('erratum: none')"
            throw ErrataError(
                file: file, line: erratum.line, reason: "switch \(ruleSwitch.rawValue) records \(wanted)")
        }
        let requirementsValue = value("requirements")
        let requirements = requirementsValue.value.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for requirement in requirements where !isRequirementID(requirement) {
            throw ErrataError(
                file: file, line: requirementsValue.line,
                reason: "'\(requirement)' is not a requirement ID (R7162-3.2.8#3) or grammar ID (G3501-resp-text)")
        }
        return Erratum(
            id: id.value, rfc: rfcNumber, erratumID: erratumID, section: value("section").value, kind: kind,
            status: status, ruleSwitch: ruleSwitch, requirements: requirements, summary: value("summary").value,
            agreement: agreement, readme: readme, scenarios: scenarios)
    }

    /// `R<rfc>-<section>#<n>` or `R<rfc>-<section>#L<n>` (a requirement, STYLE.md habit 5), or
    /// `G<rfc>-<abnf-rule>` (a line the named ABNF rule rejects).
    public static func isRequirementID(_ s: String) -> Bool {
        func digits(_ t: Substring) -> Bool { !t.isEmpty && t.allSatisfy { $0.isASCII && $0.isNumber } }
        if s.hasPrefix("G") {
            let body = s.dropFirst()
            guard let dash = body.firstIndex(of: "-") else { return false }
            let rule = body[body.index(after: dash)...]
            return digits(body[..<dash]) && !rule.isEmpty
                && rule.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard s.hasPrefix("R") else { return false }
        let body = s.dropFirst()
        guard let dash = body.firstIndex(of: "-"), let hash = body.firstIndex(of: "#"), dash < hash else {
            return false
        }
        let section = body[body.index(after: dash)..<hash]
        var number = body[body.index(after: hash)...]
        if number.hasPrefix("L") { number = number.dropFirst() }
        let sectionOK = section.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(digits)
        return digits(body[..<dash]) && sectionOK && digits(number)
    }
}

extension ErrataScenario {
    /// Parses a scenario: header comments (`# scenario:`, `# expect <edition>:`, `# mode:`,
    /// optionally `# uncovered:`) before the first transcript line; then `C<n>: ` / `S<n>: ` lines,
    /// `#` comments and blank lines. The IMAP on each line is the checker's business, not this one's.
    public static func parse(_ text: String, fileName: String, display: String) throws(ErrataError)
        -> ErrataScenario
    {
        func failure(_ line: Int, _ reason: String) -> ErrataError {
            ErrataError(file: display, line: line, reason: reason)
        }
        var title: String?
        var expectations: [Edition: ScenarioExpectation] = [:]
        var mode: Mode?
        var uncovered: String?
        var inHeader = true
        var transcriptLines = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let number = offset + 1
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                guard inHeader else { continue }
                let comment = line.dropFirst().trimmingCharacters(in: .whitespaces)
                if let rest = comment.strip(prefix: "scenario:") {
                    guard title == nil else { throw failure(number, "second '# scenario:' line") }
                    guard !rest.isEmpty else { throw failure(number, "empty scenario title") }
                    title = rest
                } else if let rest = comment.strip(prefix: "expect ") {
                    guard let colon = rest.firstIndex(of: ":") else {
                        throw failure(number, "expected '# expect <edition>: <verdict>'")
                    }
                    let name = String(rest[..<colon])
                    guard let edition = Edition(rawValue: name) else {
                        throw failure(number, "unknown edition '\(name)' (rfc7162 or rfc4551+5162)")
                    }
                    guard expectations[edition] == nil else {
                        throw failure(number, "second expectation for \(name)")
                    }
                    let verdict = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    expectations[edition] = try parseExpectation(verdict, display: display, line: number)
                } else if let rest = comment.strip(prefix: "mode:") {
                    guard mode == nil else { throw failure(number, "second '# mode:' line") }
                    guard let m = Mode(rawValue: rest) else {
                        throw failure(number, "mode must be closed-world or open-world")
                    }
                    mode = m
                } else if let rest = comment.strip(prefix: "uncovered:") {
                    guard !rest.isEmpty else { throw failure(number, "empty '# uncovered:' reason") }
                    uncovered = rest
                }
                continue
            }
            inHeader = false
            guard isTranscriptLine(line) else {
                throw failure(number, "expected 'C<n>: ', 'S<n>: ', '#' or a blank line")
            }
            transcriptLines += 1
        }
        guard let title else { throw failure(1, "missing '# scenario:' header") }
        for edition in Edition.allCases where expectations[edition] == nil {
            throw failure(1, "missing '# expect \(edition.rawValue):' header")
        }
        guard let mode else { throw failure(1, "missing '# mode:' header") }
        guard transcriptLines > 0 else { throw failure(1, "no transcript lines") }
        return ErrataScenario(
            fileName: fileName, title: title, expectations: expectations, mode: mode, uncovered: uncovered,
            text: text)
    }

    /// `conforms`, `inconclusive` or `violates ID[, ID...]`, each optionally followed by ` (note)`.
    static func parseExpectation(_ s: String, display: String, line: Int) throws(ErrataError)
        -> ScenarioExpectation
    {
        var body = s
        var note: String?
        if let open = s.firstIndex(of: "(") {
            guard s.hasSuffix(")") else {
                throw ErrataError(file: display, line: line, reason: "a note must be '(...)' at the end of the line")
            }
            note = String(s[s.index(after: open)..<s.index(before: s.endIndex)])
            body = s[..<open].trimmingCharacters(in: .whitespaces)
        }
        switch body {
        case "conforms": return ScenarioExpectation(verdict: .conforms, note: note)
        case "inconclusive": return ScenarioExpectation(verdict: .inconclusive, note: note)
        default:
            guard let list = body.strip(prefix: "violates ") else {
                throw ErrataError(
                    file: display, line: line,
                    reason: "verdict must be conforms, violates <ID>[, <ID>...] or inconclusive")
            }
            let ids = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for id in ids where !Erratum.isRequirementID(id) {
                throw ErrataError(file: display, line: line, reason: "'\(id)' is not a requirement or grammar ID")
            }
            return ScenarioExpectation(verdict: .violates(ids), note: note)
        }
    }

    /// `C<n>: ` or `S<n>: ` with n a positive session number.
    static func isTranscriptLine(_ line: String) -> Bool {
        guard let first = line.first, first == "C" || first == "S" else { return false }
        let rest = line.dropFirst()
        let session = rest.prefix { $0.isASCII && $0.isNumber }
        guard !session.isEmpty, session.first != "0" else { return false }
        return rest.dropFirst(session.count).hasPrefix(": ")
    }
}

extension String {
    /// The rest after `prefix`, trimmed, or nil when the string does not start with it.
    fileprivate func strip(prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) : nil
    }
}
