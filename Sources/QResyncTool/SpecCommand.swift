import Foundation
import SpecModel

/// `qresync spec`: the requirement catalogue and the coverage report (STYLE.md habit 5, review
/// checklist "the coverage report is regenerated"). The renderers are pure; only `run` and
/// `scanTests(directory:)` touch the file system.
enum SpecCommand {
    static let subcommand = QResyncCommandLine.Subcommand(
        name: "spec",
        summary: "requirement catalogue, coverage report, draft validation",
        help: help,
        run: { arguments, streams in run(arguments, &streams) }
    )

    static let help = """
        qresync spec: the requirement registry, every check's single source of truth.

        Usage: qresync spec catalogue [--json]
               qresync spec coverage [--json] [--tests DIR]
               qresync spec validate [--edition E] [--against RFC] [--json] [--base DIR] FILE

        catalogue  Every registered requirement (RFC 7162 sections 3-6 and the RFC 3501, 4315,
                   4551, 5161, 5162 and 6851 rules the model relies on), as Markdown tables by
                   section: ID, level, binds, observability, enforcement, summary, fingerprint.
        coverage   Per requirement: its enforcement and the tests whose @Test display names
                   contain its ID; then a summary: the MUST-level requirements of RFC 7162
                   section 3 enforced and tested, every SHOULD and MAY with its handling, every
                   requirement that no trace can check with the reason.
        validate   A plain-text RFC or Internet-Draft (page furniture and all) judged as a whole,
                   grouped by section:
                   - examples: every C:/S: exchange (wrapped lines joined, "..." and "[...]"
                     elisions, "(Session N, ...)" layouts) replayed through the checker, open
                     world across elisions and for examples that start mid-session; each
                     inconsistency with its requirement and document line;
                   - grammar: every example line against the strict parser and against the
                     document's own ABNF (its Formal Syntax section) loaded over RFC 5234's core
                     rules, RFC 3501 and RFC 4466 and the RFCs it mentions (from --base DIR, else
                     the document's directory, else $QRESYNC_SPEC_SOURCES); rules no command or
                     response reaches, base rules redefined with "=" instead of "=/";
                   - normative statements: each BCP 14 sentence against the registry (same
                     fingerprint: unchanged or moved; changed, new, removed), and those the
                     registry marks not checkable. The registry compared with is the document's
                     own RFC, else the registered RFC it obsoletes, else the one it updates (its
                     header's Obsoletes:/Updates:; an update removes nothing); any other document
                     is compared with none unless --against RFC names one.
                   --edition E overrides the edition (RFC 4551 and 5162 default to rfc4551+5162,
                   anything else to rfc7162); FILE may be "-" for standard input.

        Options:
          --json       JSON instead of Markdown.
          --tests DIR  Where to look for Swift test files (default: ./Tests, else the Tests
                       directory of the package this tool was built from).

        IDs read "R" + RFC + "-" + section + "#" + n: the n-th sentence with an upper-case
        BCP 14 keyword in that section ("R7162-3.2.7#3"); "#L1" marks a plainly meant lower-case
        requirement, "#4b" a second entry for one sentence.
        The committed Spec/catalogue.md and Spec/coverage.md are this command's output:
          swift run qresync spec catalogue > Spec/catalogue.md
          swift run qresync spec coverage > Spec/coverage.md

        Exit codes: 0 done (validate: no inconsistent example and no line breaking the
        grammar), 1 (validate only) an inconsistent example or a line breaking the grammar,
        64 usage, unreadable file or tests directory.

        """

    static func run(_ arguments: [String], _ streams: inout StandardStreams) -> Int32 {
        if arguments.first == "validate" { return SpecValidateCommand.run(Array(arguments.dropFirst()), &streams) }
        guard let mode = arguments.first, mode == "catalogue" || mode == "coverage" else {
            streams.err("qresync spec: expected 'catalogue', 'coverage' or 'validate'\n\n" + help)
            return QResyncCommandLine.ExitCode.usage
        }
        var json = false
        var testsDirectory: String? = nil
        var rest = arguments.dropFirst()
        while let a = rest.popFirst() {
            switch a {
            case "--json":
                json = true
            case "--tests" where mode == "coverage":
                guard let d = rest.popFirst() else {
                    streams.err("qresync spec coverage: --tests needs a directory\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                testsDirectory = d
            default:
                streams.err("qresync spec \(mode): unknown option '\(a)'\n\n" + help)
                return QResyncCommandLine.ExitCode.usage
            }
        }
        if mode == "catalogue" {
            streams.out(json ? catalogueJSON(Registry.all) : catalogueMarkdown(Registry.all))
            return QResyncCommandLine.ExitCode.conforms
        }
        guard let directory = testsDirectory.map({ URL(fileURLWithPath: $0, isDirectory: true) }) ?? defaultTestsDirectory()
        else {
            streams.err("qresync spec coverage: no Tests directory found; give one with --tests DIR\n")
            return QResyncCommandLine.ExitCode.usage
        }
        let citations: [TestCitation]
        do {
            citations = try scanTests(directory: directory)
        } catch {
            streams.err("qresync spec coverage: cannot read \(directory.path): \(error.localizedDescription)\n")
            return QResyncCommandLine.ExitCode.usage
        }
        let report = Coverage(requirements: Registry.all, citations: citations)
        streams.out(json ? coverageJSON(report) : coverageMarkdown(report))
        return QResyncCommandLine.ExitCode.conforms
    }

    // MARK: - Tests and their citations

    /// One `@Test` whose display name cites requirement IDs.
    struct TestCitation: Hashable, Sendable, Codable {
        /// The file, relative to the scanned tests directory.
        var file: String
        var displayName: String
        var ids: [String]
    }

    /// ./Tests when it exists, else the Tests directory of the package this file was built in.
    static func defaultTestsDirectory() -> URL? {
        let fm = FileManager.default
        let here = URL(fileURLWithPath: fm.currentDirectoryPath, isDirectory: true).appendingPathComponent("Tests")
        if fm.fileExists(atPath: here.path) { return here }
        let built = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests")
        return fm.fileExists(atPath: built.path) ? built : nil
    }

    /// Every citing `@Test` in the Swift files under `directory`, files in path order.
    static func scanTests(directory: URL) throws -> [TestCitation] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: directory.path])
        }
        let base = directory.standardizedFileURL.path
        var files: [String] = []
        if let e = fm.enumerator(atPath: base) {
            for case let relative as String in e where relative.hasSuffix(".swift") { files.append(relative) }
        }
        var result: [TestCitation] = []
        for relative in files.sorted() {
            let source = try String(contentsOfFile: base + "/" + relative, encoding: .utf8)
            result += testCitations(inSource: source, file: relative)
        }
        return result
    }

    /// The `@Test("display name" ...)` attributes of one Swift source whose names cite IDs.
    static func testCitations(inSource source: String, file: String) -> [TestCitation] {
        var result: [TestCitation] = []
        var rest = Substring(source)
        while let at = rest.range(of: "@Test(") {
            rest = rest[at.upperBound...]
            let afterSpace = rest.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" })
            guard afterSpace.first == "\"", let name = stringLiteral(afterSpace) else { continue }
            let ids = citedIDs(in: name)
            if !ids.isEmpty { result.append(TestCitation(file: file, displayName: name, ids: ids)) }
        }
        return result
    }

    /// The contents of the Swift string literal at the start of `s` (escapes `\"` and `\\` undone).
    static func stringLiteral(_ s: Substring) -> String? {
        var out = ""
        var i = s.index(after: s.startIndex)
        while i < s.endIndex {
            let c = s[i]
            if c == "\n" { return nil }
            if c == "\"" { return out }
            if c == "\\" {
                i = s.index(after: i)
                guard i < s.endIndex else { return nil }
                out.append(s[i])
            } else {
                out.append(c)
            }
            i = s.index(after: i)
        }
        return nil
    }

    /// The well-formed requirement IDs in a display name, in order, without repeats.
    static func citedIDs(in text: String) -> [String] {
        let chars = Array(text)
        var ids: [String] = []
        var i = 0
        func isTokenChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "#" || c == "-") }
        while i < chars.count {
            let boundary = i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber)
            guard chars[i] == "R", boundary else {
                i += 1
                continue
            }
            var j = i
            while j < chars.count, isTokenChar(chars[j]) { j += 1 }
            var token = String(chars[i..<j])
            while let last = token.last, last == "." || last == "-" { token.removeLast() }
            if Requirement.parseID(token) != nil, !ids.contains(token) { ids.append(token) }
            i = max(j, i + 1)
        }
        return ids
    }

    // MARK: - Coverage

    /// The coverage of the registry by the tests.
    struct Coverage {
        struct Row {
            var requirement: Requirement
            var tests: [TestCitation]
        }

        var rows: [Row]
        /// Cited IDs that no requirement has, with the citing tests.
        var unknown: [(id: String, tests: [TestCitation])]

        init(requirements: [Requirement], citations: [TestCitation]) {
            rows = requirements.map { r in Row(requirement: r, tests: citations.filter { $0.ids.contains(r.id) }) }
            let known = Set(requirements.map(\.id))
            var unknownIDs: [String] = []
            for c in citations { for id in c.ids where !known.contains(id) && !unknownIDs.contains(id) { unknownIDs.append(id) } }
            unknown = unknownIDs.sorted().map { id in (id, citations.filter { $0.ids.contains(id) }) }
        }

        /// RFC 7162 section 3 requirements of level MUST, MUST NOT, REQUIRED, SHALL, SHALL NOT.
        var section3Musts: [Row] {
            rows.filter { $0.requirement.rfc == 7162 && $0.requirement.section.hasPrefix("3") && $0.requirement.severity == .violation }
        }
    }

    static func isEnforced(_ r: Requirement) -> Bool {
        if case .notCheckable = r.enforcement { return false }
        return true
    }

    // MARK: - Rendering

    static func levelText(_ r: Requirement) -> String {
        r.spelling == .upperCase ? r.level.rawValue : r.level.rawValue.lowercased() + " (lower case)"
    }

    static func enforcementText(_ r: Requirement) -> String {
        if case .notCheckable(let reason) = r.enforcement { return "notCheckable: " + reason }
        return r.checkedAs.isEmpty ? r.enforcement.kind : "\(r.enforcement.kind) (as \(r.checkedAs.joined(separator: ", ")))"
    }

    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func rfcs(_ requirements: [Requirement]) -> [Int] {
        var seen: [Int] = []
        for r in requirements where !seen.contains(r.rfc) { seen.append(r.rfc) }
        return seen
    }

    /// Counts by RFC and level, as a Markdown table.
    static func countsTable(_ requirements: [Requirement]) -> String {
        let levels = Requirement.Level.allCases.filter { l in requirements.contains { $0.level == l } }
        var s = "| RFC | " + levels.map(\.rawValue).joined(separator: " | ") + " | of which lower case | total |\n"
        s += "|---|" + String(repeating: "---|", count: levels.count + 2) + "\n"
        for rfc in rfcs(requirements) {
            let rs = requirements.filter { $0.rfc == rfc }
            s += "| \(rfc) | " + levels.map { l in String(rs.filter { $0.level == l }.count) }.joined(separator: " | ")
            s += " | \(rs.filter { $0.spelling == .lowerCasePlainlyMeant }.count) | \(rs.count) |\n"
        }
        s += "| all | " + levels.map { l in String(requirements.filter { $0.level == l }.count) }.joined(separator: " | ")
        s += " | \(requirements.filter { $0.spelling == .lowerCasePlainlyMeant }.count) | \(requirements.count) |\n"
        return s
    }

    static func catalogueMarkdown(_ requirements: [Requirement]) -> String {
        var s = """
            # Requirement catalogue

            Generated by `qresync spec catalogue` from `Sources/SpecModel/Registry+*.swift`; do not edit.
            Summaries are our own words. A fingerprint is the 64-bit FNV-1a hash of the RFC sentence with
            white space collapsed (`NormativeText.fingerprint`); a test checks each one against the RFC text.
            Levels in lower case are statements plainly meant as requirements though not written in capitals
            (IDs with an `L` ordinal).


            """
        s += countsTable(requirements)
        for rfc in rfcs(requirements) {
            s += "\n## RFC \(rfc)\n"
            var section: String? = nil
            for r in requirements where r.rfc == rfc {
                if r.section != section {
                    section = r.section
                    s += "\n### RFC \(rfc) §\(r.section)\n\n"
                    s += "| ID | Level | Binds | Observability | Enforcement | Summary | Fingerprint |\n"
                    s += "|---|---|---|---|---|---|---|\n"
                }
                s += "| \(r.id) | \(levelText(r)) | \(r.binds.rawValue) | \(r.observability.rawValue) | "
                s += "\(cell(enforcementText(r))) | \(cell(r.summary)) | `\(r.fingerprint)` |\n"
            }
        }
        return s
    }

    static func testsText(_ tests: [TestCitation]) -> String {
        tests.isEmpty ? "-" : tests.map { "`\($0.file)`: \(cell($0.displayName))" }.joined(separator: "<br>")
    }

    static func coverageMarkdown(_ c: Coverage) -> String {
        let musts = c.section3Musts
        let enforced = musts.filter { isEnforced($0.requirement) }
        let tested = musts.filter { !$0.tests.isEmpty }
        let both = musts.filter { isEnforced($0.requirement) && !$0.tests.isEmpty }
        let citing = Set(c.rows.flatMap(\.tests) + c.unknown.flatMap(\.tests))
        var s = """
            # Requirement coverage

            Generated by `qresync spec coverage`; do not edit. A test covers a requirement when its `@Test`
            display name contains the requirement's ID.

            ## Summary

            - Requirements: \(c.rows.count); tests citing at least one ID: \(citing.count).
            - RFC 7162 §3 MUST-level (MUST, MUST NOT, REQUIRED, SHALL, and plainly meant lower-case must): \(musts.count); enforced (model rule, \
            checker invariant or grammar): \(enforced.count); tested: \(tested.count); enforced and tested: \(both.count).
            - RFC 7162 §3 MUST-level enforced but not yet tested: \(enforced.count - both.count).

            """
        if !c.unknown.isEmpty {
            s += "\n## Cited IDs that are not registered\n\n| ID | Tests |\n|---|---|\n"
            for u in c.unknown { s += "| \(u.id) | \(testsText(u.tests)) |\n" }
        }
        s += "\n## RFC 7162 §3 MUST-level requirements\n\n| ID | Level | Enforcement | Tests |\n|---|---|---|---|\n"
        for row in musts {
            s += "| \(row.requirement.id) | \(levelText(row.requirement)) | \(row.requirement.enforcement.kind) | \(testsText(row.tests)) |\n"
        }
        s += "\n## SHOULD and MAY: how each is handled\n\n"
        s += "A deviation from a SHOULD is reported as a deviation, never a violation; a MAY is a note.\n\n"
        s += "| ID | Level | Handling | Tests |\n|---|---|---|---|\n"
        for row in c.rows where row.requirement.severity != .violation {
            s += "| \(row.requirement.id) | \(levelText(row.requirement)) | \(cell(enforcementText(row.requirement))) | \(testsText(row.tests)) |\n"
        }
        s += "\n## Not checkable from a trace\n\n| ID | Level | Reason |\n|---|---|---|\n"
        for row in c.rows {
            if case .notCheckable(let reason) = row.requirement.enforcement {
                s += "| \(row.requirement.id) | \(levelText(row.requirement)) | \(cell(reason)) |\n"
            }
        }
        s += "\n## All requirements\n\n| ID | Level | Enforcement | Tests |\n|---|---|---|---|\n"
        for row in c.rows {
            s += "| \(row.requirement.id) | \(levelText(row.requirement)) | \(row.requirement.enforcement.kind) | \(testsText(row.tests)) |\n"
        }
        return s
    }

    // MARK: - JSON

    struct RequirementJSON: Codable {
        var id: String
        var rfc: Int
        var section: String
        var ordinal: Int
        var level: String
        var lowerCase: Bool
        var severity: String
        var binds: String
        var observability: String
        var enforcement: String
        var notCheckableReason: String?
        var summary: String
        var fingerprint: String

        init(_ r: Requirement) {
            id = r.id
            rfc = r.rfc
            section = r.section
            ordinal = r.ordinal
            level = r.level.rawValue
            lowerCase = r.spelling == .lowerCasePlainlyMeant
            severity = r.severity.rawValue
            binds = r.binds.rawValue
            observability = r.observability.rawValue
            enforcement = r.enforcement.kind
            if case .notCheckable(let reason) = r.enforcement { notCheckableReason = reason }
            summary = r.summary
            fingerprint = r.fingerprint
        }
    }

    struct CoverageJSON: Codable {
        struct Entry: Codable {
            var requirement: RequirementJSON
            var tests: [TestCitation]
        }

        struct Summary: Codable {
            var requirements: Int
            var section3MustLevel: Int
            var section3MustLevelEnforced: Int
            var section3MustLevelTested: Int
            var section3MustLevelEnforcedAndTested: Int
        }

        var summary: Summary
        var requirements: [Entry]
        var unknownCitedIDs: [String: [TestCitation]]
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
    }

    static func catalogueJSON(_ requirements: [Requirement]) -> String {
        encode(requirements.map(RequirementJSON.init))
    }

    static func coverageJSON(_ c: Coverage) -> String {
        let musts = c.section3Musts
        let summary = CoverageJSON.Summary(
            requirements: c.rows.count,
            section3MustLevel: musts.count,
            section3MustLevelEnforced: musts.filter { isEnforced($0.requirement) }.count,
            section3MustLevelTested: musts.filter { !$0.tests.isEmpty }.count,
            section3MustLevelEnforcedAndTested: musts.filter { isEnforced($0.requirement) && !$0.tests.isEmpty }.count
        )
        var unknown: [String: [TestCitation]] = [:]
        for u in c.unknown { unknown[u.id] = u.tests }
        return encode(CoverageJSON(
            summary: summary,
            requirements: c.rows.map { CoverageJSON.Entry(requirement: RequirementJSON($0.requirement), tests: $0.tests) },
            unknownCitedIDs: unknown
        ))
    }
}
