import Foundation
import SpecModel
import Testing

@testable import QResyncTool

/// The repository root: three levels up from this file (Tests/QResyncToolTests/ErrataTests.swift).
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let errataDirectory = repositoryRoot.appendingPathComponent("Errata")

private func loadCatalogue() throws -> ErrataCatalogue {
    try ErrataCatalogue.load(from: errataDirectory)
}

@Suite("Errata folder - RFC 4551, 5162 and 7162 errata and appendix changes")
struct ErrataFolderTests {
    /// Folder name and the RuleSwitch case it must name (issue 7: one folder per switch).
    static let folders: [(String, RuleSwitch)] = [
        ("RFC4551-3401", .unchangedSinceSpelling),
        ("RFC4551-3506", .modifiedGrammar),
        ("RFC4551-3509", .example5Corrected),
        ("RFC5162-1365", .qresyncOnlyAfterEnabled),
        ("RFC5162-1807", .uidInUnsolicitedFetch),
        ("RFC5162-1808", .noHighestModSeqOnClose),
        ("RFC5162-1809", .clientHighestModSeqRule),
        ("RFC5162-1810", .noLostChangesOrdering),
        ("RFC5162-3322", .vanishedOnlyAnnouncedUIDs),
        ("RFC7162-5055", .responseCodeTextInExamples),
        ("RFC7162-A1-modseq-63bit", .modSeq63Bit),
        ("RFC7162-B4-vanished-must", .vanishedMustReplaceExpunge),
        ("RFC7162-A3-highestmodseq-after-enabling", .highestModSeqOnlyAfterEnabling),
        ("RFC7162-A4-unchangedsince-all-modseqs", .unchangedSinceChecksAllModSeqs),
        ("RFC7162-B3-enable-order", .enableOrderEquivalence),
        ("RFC7162-B5-metadata", .metadataBumpsModSeq),
        ("RFC7162-3.2.11-closed-condstore-only", .closedForCondstoreOnly),
    ]

    /// Folders where no trace can have different verdicts under the two editions, and why. Every
    /// other folder must have a scenario whose verdicts differ.
    static let sameVerdicts: [String: String] = [
        "RFC4551-3401": "a typo in prose; both grammars spell the modifier correctly",
        "RFC4551-3506": "RFC 2060's set and RFC 3501's sequence-set describe the same strings",
        "RFC4551-3509": "corrects an example, not a rule",
        "RFC7162-5055": "corrects an example, not a rule",
        "RFC7162-A4-unchangedsince-all-modseqs": "the MUST NOT sentence is the same in both editions",
        "RFC7162-B3-enable-order": "RFC 5161 binds both editions; RFC 7162 only adds its own requirement ID",
    ]

    /// conforms, violates or inconclusive, ignoring which IDs are violated (each edition cites its
    /// own text for the same rule).
    static func kind(_ e: ScenarioExpectation?) -> String {
        switch e?.verdict {
        case .conforms: return "conforms"
        case .violates: return "violates"
        case .inconclusive: return "inconclusive"
        case nil: return "missing"
        }
    }

    /// Example corrections show the example as printed failing under the original text.
    static let exampleCorrections: Set<String> = ["RFC4551-3509", "RFC7162-5055"]

    @Test("Errata/ loads: every folder has valid front matter and parseable scenarios")
    func loads() throws {
        let catalogue = try loadCatalogue()
        #expect(catalogue.entries.map(\.id) == Self.folders.map(\.0).sorted())
    }

    @Test("every RuleSwitch case has exactly one folder", arguments: RuleSwitch.allCases)
    func oneFolderPerSwitch(_ ruleSwitch: RuleSwitch) throws {
        let matching = try loadCatalogue().entries.filter { $0.ruleSwitch == ruleSwitch }
        #expect(matching.count == 1, "\(ruleSwitch) is named by \(matching.map(\.id))")
    }

    @Test("every folder names its RuleSwitch case and agrees with its erratum", arguments: folders)
    func folderNamesSwitch(_ folder: String, _ ruleSwitch: RuleSwitch) throws {
        let entry = try #require(try loadCatalogue().entry(folder))
        #expect(entry.ruleSwitch == ruleSwitch)
        if let recorded = ruleSwitch.erratum {
            #expect(entry.rfc == recorded.rfc && entry.erratumID == recorded.id)
            #expect(folder == "RFC\(recorded.rfc)-\(recorded.id)")
        } else {
            #expect(entry.erratumID == nil && entry.status == .none && entry.rfc == 7162)
        }
    }

    @Test("every folder has a scenario, each with an expectation for both editions", arguments: folders.map(\.0))
    func scenariosHaveExpectations(_ folder: String) throws {
        let entry = try #require(try loadCatalogue().entry(folder))
        #expect(!entry.scenarios.isEmpty)
        for scenario in entry.scenarios {
            #expect(Set(scenario.expectations.keys) == Set(Edition.allCases), "\(scenario.fileName)")
        }
    }

    @Test("a scenario's verdicts differ between the editions, unless the folder is listed", arguments: folders.map(\.0))
    func verdictsDiffer(_ folder: String) throws {
        let entry = try #require(try loadCatalogue().entry(folder))
        let differs = entry.scenarios.contains {
            Self.kind($0.expectations[.rfc7162]) != Self.kind($0.expectations[.rfc4551And5162])
        }
        #expect(differs == (Self.sameVerdicts[folder] == nil), "\(folder): \(Self.sameVerdicts[folder] ?? "")")
        if Self.exampleCorrections.contains(folder) {
            let printed = entry.scenarios.contains {
                if case .violates = $0.expectations[.rfc4551And5162]?.verdict { return true }
                return false
            }
            #expect(printed, "\(folder) needs the example as printed, violating under the original text")
        }
    }

    @Test("violated IDs are listed in the front matter and belong to the edition", arguments: folders.map(\.0))
    func violatedIDsBelongToEdition(_ folder: String) throws {
        let entry = try #require(try loadCatalogue().entry(folder))
        for scenario in entry.scenarios {
            for (edition, expectation) in scenario.expectations {
                guard case .violates(let ids) = expectation.verdict else { continue }
                for id in ids {
                    #expect(entry.requirements.contains(id), "\(scenario.fileName): \(id) not in front matter")
                    let foreign = edition == .rfc7162 ? ["R4551-", "R5162-"] : ["R7162-"]
                    #expect(!foreign.contains { id.hasPrefix($0) }, "\(scenario.fileName): \(id) under \(edition)")
                }
            }
        }
    }

    @Test("every session starts with a greeting and logs in with the password \"***\"", arguments: folders.map(\.0))
    func sessionsStartFromGreeting(_ folder: String) throws {
        let entry = try #require(try loadCatalogue().entry(folder))
        for scenario in entry.scenarios {
            var seen: Set<Substring> = []
            for line in scenario.text.split(separator: "\n") where line.first == "C" || line.first == "S" {
                let session = line.dropFirst().prefix { $0.isNumber }
                if seen.insert(session).inserted {
                    #expect(
                        line.hasPrefix("S\(session): * OK ") || line.hasPrefix("S\(session): * PREAUTH "),
                        "\(scenario.fileName): session \(session) starts with \(line)")
                }
                if line.contains(" LOGIN ") && line.hasPrefix("C") {
                    #expect(line.hasSuffix(" \"***\""), "\(scenario.fileName): \(line)")
                }
            }
        }
    }

    static let specSources = repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/spec-sources")

    @Test(
        "every cited section and grammar rule exists in the RFC text (skipped without ../shared/spec-sources)",
        .enabled(if: FileManager.default.fileExists(atPath: specSources.path)), arguments: folders.map(\.0))
    func citationsExist(_ folder: String) throws {
        let entry = try #require(try loadCatalogue().entry(folder))
        for id in entry.requirements {
            let rfc = id.dropFirst().prefix { $0.isNumber }
            let url = Self.specSources.appendingPathComponent("rfc\(rfc).txt")
            let text = try String(contentsOf: url, encoding: .utf8)
            let lines = text.split(separator: "\n")
            let rest = id.dropFirst(1 + rfc.count + 1)
            if id.hasPrefix("R") {
                let section = rest.prefix { $0 != "#" }
                #expect(
                    lines.contains { $0.hasPrefix(section + ". ") }, "\(folder): no section \(section) in RFC \(rfc)")
            } else {
                let defined = lines.contains { $0.contains(rest + " ") && $0.contains("=") }
                #expect(defined, "\(folder): no rule \(rest) in RFC \(rfc)")
            }
        }
    }

    @Test("uncovered scenarios are exactly the METADATA ones")
    func uncovered() throws {
        let uncovered = try loadCatalogue().entries.flatMap { e in
            e.scenarios.filter { $0.uncovered != nil }.map { _ in e.id }
        }
        #expect(Set(uncovered) == ["RFC7162-B5-metadata"])
    }
}

@Suite("Errata front matter and scenario headers - parsing")
struct ErrataParsingTests {
    static let goodFrontMatter = """
        ---
        id: RFC5162-1808
        rfc: 5162
        erratum: 1808
        section: 3.4
        type: unknown
        status: unknown
        switch: noHighestModSeqOnClose
        requirements: R5162-3.4#3, R7162-3.2.8#3
        summary: CLOSE carries no HIGHESTMODSEQ
        ---

        # Text
        """

    @Test("a well-formed front matter parses")
    func good() throws {
        let e = try Erratum.parse(readme: Self.goodFrontMatter, folder: "RFC5162-1808", scenarios: [])
        #expect(e.rfc == 5162 && e.erratumID == 1808 && e.section == "3.4")
        #expect(e.kind == .unknown && e.status == .unknown && e.ruleSwitch == .noHighestModSeqOnClose)
        #expect(e.requirements == ["R5162-3.4#3", "R7162-3.2.8#3"])
    }

    /// (replace this, with this, in folder, expected line, reason fragment)
    static let malformed: [(String, String, String, Int, String)] = [
        ("---\nid:", "--\nid:", "RFC5162-1808", 1, "must start with a '---'"),
        ("rfc: 5162\n", "", "RFC5162-1808", 3, "expected front-matter key 'rfc'"),
        ("rfc: 5162", "rfc: 3501", "RFC5162-1808", 3, "rfc must be 4551, 5162 or 7162"),
        ("erratum: 1808", "erratum: 18x8", "RFC5162-1808", 4, "erratum must be a number"),
        ("erratum: 1808", "erratum: 1809", "RFC5162-1808", 4, "records RFC 5162 erratum 1808"),
        ("type: unknown", "type: technical", "RFC5162-1808", 6, "type must be"),
        ("status: unknown", "status: Accepted", "RFC5162-1808", 7, "status must be one of"),
        ("status: unknown", "status: none", "RFC5162-1808", 7, "status is 'none' exactly when"),
        ("switch: noHighestModSeqOnClose", "switch: closeRule", "RFC5162-1808", 8, "is not a RuleSwitch case"),
        ("R5162-3.4#3,", "R5162-3.4-3,", "RFC5162-1808", 9, "is not a requirement ID"),
        ("summary: CLOSE carries no HIGHESTMODSEQ", "summary:", "RFC5162-1808", 10, "empty value"),
        ("summary: CLOSE carries no HIGHESTMODSEQ\n---", "summary: x\nextra: y", "RFC5162-1808", 11,
         "must end with a '---'"),
        ("id: RFC5162-1808", "id: RFC5162-1809", "RFC5162-1808", 2, "differs from the folder name"),
        ("id: RFC5162-1808", "ID RFC5162-1808", "RFC5162-1808", 2, "expected 'key: value'"),
    ]

    @Test("malformed front matter is an error with its line", arguments: malformed)
    func malformedFrontMatter(_ old: String, _ new: String, _ folder: String, _ line: Int, _ reason: String) {
        let text = Self.goodFrontMatter.replacingOccurrences(of: old, with: new)
        #expect(text != Self.goodFrontMatter)
        do {
            _ = try Erratum.parse(readme: text, folder: folder, scenarios: [])
            Issue.record("accepted: \(new)")
        } catch {
            #expect(error.file == folder + "/README.md")
            #expect(error.line == line, "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    static let goodScenario = """
        # scenario: t
        # expect rfc7162: violates R7162-3.2.8#3, G3501-resp-text (a note)
        # expect rfc4551+5162: conforms
        # mode: open-world
        S1: * PREAUTH Ready
        C1: a1 LOGOUT
        # a comment later on: ignored
        # expect rfc7162: not a header any more

        S1: * BYE Bye
        S1: a1 OK Done
        """

    @Test("a well-formed scenario parses")
    func goodScenario() throws {
        let s = try ErrataScenario.parse(Self.goodScenario, fileName: "scenario-t.txt", display: "X/scenario-t.txt")
        #expect(s.title == "t" && s.mode == .openWorld && s.uncovered == nil)
        #expect(
            s.expectations[.rfc7162]
                == ScenarioExpectation(verdict: .violates(["R7162-3.2.8#3", "G3501-resp-text"]), note: "a note"))
        #expect(s.expectations[.rfc4551And5162] == ScenarioExpectation(verdict: .conforms, note: nil))
    }

    /// (replace this, with this, expected line, reason fragment)
    static let badScenarios: [(String, String, Int, String)] = [
        ("# scenario: t\n", "", 1, "missing '# scenario:'"),
        ("# expect rfc4551+5162: conforms\n", "", 1, "missing '# expect rfc4551+5162:'"),
        ("# mode: open-world", "# mode: world", 4, "mode must be"),
        ("# mode: open-world\n", "", 1, "missing '# mode:'"),
        ("rfc4551+5162: conforms", "rfc4551: conforms", 3, "unknown edition 'rfc4551'"),
        ("rfc4551+5162: conforms", "rfc4551+5162: fine", 3, "verdict must be"),
        ("rfc4551+5162: conforms", "rfc4551+5162: violates MUST", 3, "'MUST' is not a requirement"),
        ("rfc4551+5162: conforms", "rfc4551+5162: conforms (open", 3, "a note must be"),
        ("# expect rfc4551+5162: conforms", "# expect rfc7162: conforms", 3, "second expectation"),
        ("C1: a1 LOGOUT", "C: a1 LOGOUT", 6, "expected 'C<n>: '"),
        ("C1: a1 LOGOUT", "C0: a1 LOGOUT", 6, "expected 'C<n>: '"),
        ("S1: * BYE Bye", "  S1: * BYE Bye", 10, "expected 'C<n>: '"),
    ]

    @Test("malformed scenarios are errors with their line", arguments: badScenarios)
    func badScenario(_ old: String, _ new: String, _ line: Int, _ reason: String) {
        let text = Self.goodScenario.replacingOccurrences(of: old, with: new)
        #expect(text != Self.goodScenario)
        do {
            _ = try ErrataScenario.parse(text, fileName: "scenario-t.txt", display: "X/scenario-t.txt")
            Issue.record("accepted: \(new)")
        } catch {
            #expect(error.file == "X/scenario-t.txt")
            #expect(error.line == line, "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    static let ids: [(String, Bool)] = [
        ("R7162-3.2.8#3", true), ("R7162-3.2.11#L1", true), ("R5162-5#4", true), ("G3501-resp-text", true),
        ("R7162-3.2.8", false), ("R7162-#3", false), ("R7162-3..2#1", false), ("R-3.1#1", false),
        ("R7162-3.1#L", false), ("G3501-", false), ("G-resp-text", false), ("X7162-3.1#1", false),
        ("R7162-3.1#1x", false), ("G3501-resp text", false),
    ]

    @Test("requirement and grammar IDs", arguments: ids)
    func requirementIDs(_ id: String, _ valid: Bool) {
        #expect(Erratum.isRequirementID(id) == valid)
    }
}

@Suite("qresync errata - list and show")
struct ErrataCommandTests {
    private func run(_ arguments: [String]) -> (Int32, StandardStreams) {
        var streams = StandardStreams.captured
        let code = QResyncCommandLine.run(arguments, streams: &streams)
        return (code, streams)
    }

    @Test("errata is a registered subcommand")
    func registered() {
        #expect(QResyncCommandLine.subcommands.map(\.name).contains("errata"))
        let (code, s) = run(["errata", "--help"])
        #expect(code == 0 && s.stdoutText.contains("qresync errata list"))
    }

    @Test("list prints one row per folder with RFC, section, type, status, switch and summary")
    func list() throws {
        let (code, s) = run(["errata", "list", "--errata", errataDirectory.path])
        #expect(code == 0)
        let lines = s.stdoutText.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID ") == true)
        #expect(lines.count == ErrataFolderTests.folders.count + 1)
        let catalogue = try loadCatalogue()
        for entry in catalogue.entries {
            let row = try #require(lines.first { $0.hasPrefix(entry.id + " ") })
            for cell in [String(entry.rfc), entry.section, entry.kind.rawValue, entry.status.rawValue,
                entry.ruleSwitch.rawValue, entry.summary]
            {
                #expect(row.contains(cell), "\(entry.id) row lacks \(cell)")
            }
        }
    }

    @Test("list --json carries every entry with its switch and scenario expectations")
    func listJSON() throws {
        let (code, s) = run(["errata", "list", "--json", "--errata", errataDirectory.path])
        #expect(code == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(s.stdoutText.utf8)) as? [[String: Any]])
        #expect(array.count == ErrataFolderTests.folders.count)
        let close = try #require(array.first { $0["id"] as? String == "RFC5162-1808" })
        #expect(close["switch"] as? String == "noHighestModSeqOnClose")
        #expect(close["erratum"] as? Int == 1808)
        #expect(close["source"] as? String == "RFC 5162 erratum 1808")
        let scenarios = try #require(close["scenarios"] as? [[String: Any]])
        let silent = try #require(scenarios.first { $0["file"] as? String == "scenario-close-silent.txt" })
        let expect = silent["expect"] as? [String: String]
        #expect(expect == ["rfc7162": "conforms", "rfc4551+5162": "violates R5162-3.4#3"])
        let appendix = try #require(array.first { $0["id"] as? String == "RFC7162-B4-vanished-must" })
        #expect(appendix["erratum"] == nil, "no erratum: the key is absent")
    }

    @Test("show prints the README and every scenario; IDs match case-insensitively")
    func show() throws {
        let (code, s) = run(["errata", "show", "rfc5162-1808", "--errata", errataDirectory.path])
        #expect(code == 0)
        let entry = try #require(try loadCatalogue().entry("RFC5162-1808"))
        #expect(s.stdoutText.hasPrefix(entry.readme))
        for scenario in entry.scenarios {
            #expect(s.stdoutText.contains("==> RFC5162-1808/\(scenario.fileName) <==\n" + scenario.text))
        }
    }

    @Test("usage errors and unknown IDs exit 64", arguments: [
        ["errata"], ["errata", "run", "RFC0000-1"], ["errata", "show"], ["errata", "list", "extra"],
        ["errata", "show", "RFC5162-1808", "--json"], ["errata", "list", "--frobnicate"],
        ["errata", "list", "--errata"],
    ])
    func usage(_ arguments: [String]) {
        let (code, s) = run(arguments)
        #expect(code == 64)
        #expect(!s.stderrText.isEmpty)
    }

    @Test("an unknown ID and a missing folder exit 64 with a clear message")
    func unknown() {
        let (code, s) = run(["errata", "show", "RFC9999-1", "--errata", errataDirectory.path])
        #expect(code == 64 && s.stderrText.contains("no erratum 'RFC9999-1'"))
        let (code2, s2) = run(["errata", "list", "--errata", "/nonexistent/Errata"])
        #expect(code2 == 64 && s2.stderrText.contains("cannot find /nonexistent/Errata"))
    }

    @Test("malformed front matter on disk exits 64 naming the file and line")
    func malformedOnDisk() throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("errata-test-\(UInt64.random(in: 0...UInt64.max))")
        let folder = base.appendingPathComponent("Errata/RFC5162-1808")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let text = ErrataParsingTests.goodFrontMatter.replacingOccurrences(of: "type: unknown", with: "type: ?")
        try text.write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let (code, s) = run(["errata", "list", "--errata", base.appendingPathComponent("Errata").path])
        #expect(code == 64)
        #expect(s.stderrText.contains("Errata/RFC5162-1808/README.md:6: type must be"), "\(s.stderrText)")
    }

    @Test("the Errata folder is found from a subdirectory of the repository")
    func locate() {
        let start = repositoryRoot.appendingPathComponent("Errata/RFC5162-1808")
        let found = ErrataCatalogue.locate(explicit: nil, from: start)
        #expect(found?.standardizedFileURL.path == errataDirectory.standardizedFileURL.path)
        #expect(ErrataCatalogue.locate(explicit: nil, from: URL(fileURLWithPath: "/")) == nil)
    }
}
