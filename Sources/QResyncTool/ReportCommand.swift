import Conformance
import Foundation
import IMAPTypes
import IMAPWire
import ReferenceServer
import SpecModel

/// `qresync report`: a conformance report for one server, one row per requirement of the registry
/// (issue 6). It fuzzes the server for several seeds and replays the errata scenarios, each trace
/// checked in the closed world, and gives each requirement a status: violated (a MUST broken),
/// deviated (a SHOULD), noted (a MAY), passed (the checker evaluated it and it held), not exercised
/// (the checker has a rule for it, but no response of the runs made it evaluate the rule), model
/// only (the reference model enforces it, no trace check cites it), not checkable (the registry's
/// reason), client rule, or other edition. Each failure names its evidence and, unless
/// `--no-shrink`, a shrunk counterexample file.
enum ReportCommand {
    static let help = """
        Usage: qresync report [--server URL|embedded] [--password-env VAR] [--fault NAME]
                              [--format md|json|html] [--seeds N] [--first-seed N] [--ops N]
                              [--edition E] [--counterexamples DIR] [--name NAME] [--shrink-seconds N]
                              [--no-shrink] [--no-errata]

        Fuzzes the server for --seeds seeds (default 3, from --first-seed, default 1) of --ops
        operations each (default 1000) and replays the errata scenarios (qresync errata run
        --server), checks every trace in the closed world, and prints one row per requirement of
        the registry: violated / deviated (SHOULD) / noted (MAY) / passed / not exercised / model
        only (no trace check cites it) / not checkable / client rule / other edition, with the
        evidence and a counterexample file for each failure (shrunk, written to --counterexamples,
        default ./qresync-report).

        Options:
          --server URL        imap://USER@HOST:PORT on loopback, or embedded (the default: the
                              reference server; --fault NAME injects one of qresync serve --faults)
          --password-env VAR  environment variable holding the password (default QRESYNC_SERVER_PASSWORD)
          --format F          md (default), json or html
          --edition E         rfc7162 (default) or rfc4551+5162
          --name NAME         what to call the server in the report and in file names (default: the URL)
          --shrink-seconds N  time limit for shrinking each finding (default 30)
          --no-shrink         keep each failing run whole instead of shrinking it
          --no-errata         fuzz only

        "passed" means the checker evaluated the requirement on at least one response of these runs
        and it held; it is evidence, not proof.

        Exit codes: 0 no violation, 1 a requirement violated, 64 usage, 69 server unreachable.

        """

    static var subcommand: QResyncCommandLine.Subcommand {
        .init(name: "report", summary: "per-requirement conformance report for a server", help: help, run: run)
    }

    enum Status: String, Encodable, CaseIterable {
        case violated, deviated, noted, passed
        case notExercised = "not exercised"
        case notCheckable = "not checkable"
        /// Enforced by the reference model (what the embedded server does); no trace check cites it.
        case modelOnly = "model only"
        case clientRule = "client rule"
        case otherEdition = "other edition"
    }

    /// Where a finding was seen.
    struct Evidence: Encodable, Equatable {
        var source: String
        var session: Int
        var line: Int
        var command: String?
        var expected: String
        var observed: [String]
        var counterexample: String?
    }

    struct Row: Encodable, Equatable {
        var id: String
        var section: String
        var level: String
        var summary: String
        var status: Status
        /// Root findings of this requirement across all runs.
        var findings: Int
        var evidence: Evidence?
        /// Why it cannot be checked, for `not checkable`.
        var reason: String?
    }

    /// What the runs showed: the requirements evaluated, and the findings per requirement.
    struct Tally {
        var exercised: Set<String> = []
        var counts: [String: Int] = [:]
        var severities: [String: Finding.Severity] = [:]
        var first: [String: Evidence] = [:]
        /// For a fuzz finding: the seed whose run showed it first.
        var firstSeed: [String: UInt64] = [:]

        mutating func add(_ report: CheckReport, source: String, seed: UInt64? = nil, trace: String? = nil) {
            exercised.formUnion(report.exercised)
            for f in report.rootFindings {
                counts[f.requirementID, default: 0] += 1
                severities[f.requirementID] = min(severities[f.requirementID] ?? f.severity, f.severity)
                if first[f.requirementID] == nil {
                    first[f.requirementID] = Evidence(source: source, session: f.session, line: f.line, command: f.command,
                                                      expected: f.expected, observed: f.observed, counterexample: trace)
                    if let seed { firstSeed[f.requirementID] = seed }
                }
            }
        }
    }

    /// One row per registry requirement (pure).
    static func rows(_ tally: Tally, edition: Edition) -> [Row] {
        // The requirements the other edition's text states: RFC 4551/5162 ones under RFC 7162,
        // and the RFC 7162 ones that a rule switch replaces under the original texts.
        let replaced = Set(RuleSwitch.allCases.filter { !$0.isOn(in: edition) }.flatMap(\.requirementIDs))
        return Registry.all.map { r in
            var row = Row(id: r.id, section: "RFC \(r.rfc) §\(r.section)", level: r.level.rawValue, summary: r.summary,
                          status: .notExercised, findings: tally.counts[r.id] ?? 0, evidence: tally.first[r.id])
            let otherEdition = edition == .rfc7162 ? (r.rfc == 4551 || r.rfc == 5162) : replaced.contains(r.id)
            // A requirement the checker holds through others (`Requirement.checkedAs`) shares
            // their findings and their exercise.
            let heldAs = r.checkedAs.filter { tally.severities[$0] != nil }
            if tally.severities[r.id] == nil, !heldAs.isEmpty, !otherEdition {
                row.findings = heldAs.reduce(0) { $0 + (tally.counts[$1] ?? 0) }
                row.evidence = tally.first[heldAs[0]]
            }
            if let severity = tally.severities[r.id] ?? (otherEdition ? nil : heldAs.compactMap({ tally.severities[$0] }).min()) {
                switch severity {
                case .violation: row.status = .violated
                case .deviation: row.status = .deviated
                case .note: row.status = .noted
                }
            } else if otherEdition {
                row.status = .otherEdition
            } else if case .notCheckable(let reason) = r.enforcement {
                row.status = .notCheckable
                row.reason = reason
            } else if r.binds == .client {
                row.status = .clientRule
            } else if tally.exercised.contains(r.id) || r.checkedAs.contains(where: tally.exercised.contains) {
                row.status = .passed
            } else if !Citation.all.contains(r.id), !r.checkedAs.contains(where: Citation.all.contains) {
                row.status = .modelOnly
            }
            return row
        }
    }

    // MARK: - Rendering

    static func counts(_ rows: [Row]) -> [(Status, Int)] {
        Status.allCases.map { s in (s, rows.filter { $0.status == s }.count) }.filter { $0.1 > 0 }
    }

    static func markdown(_ rows: [Row], server: String, runs: String) -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var s = "# Conformance report: \(server)\n\n"
        s += "\(runs)\n\n"
        s += counts(rows).map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + "\n\n"
        let failures = rows.filter { [.violated, .deviated, .noted].contains($0.status) }
        if !failures.isEmpty {
            s += "## Findings\n\n"
            for r in failures {
                s += "### \(r.id) (\(r.section), \(r.level)): \(r.status.rawValue), \(r.findings) time\(r.findings == 1 ? "" : "s")\n\n"
                s += "\(r.summary)\n\n"
                if let e = r.evidence {
                    s += "- first seen: \(e.source), session \(e.session), trace line \(e.line)" + (e.command.map { ", answering `\($0)`" } ?? "") + "\n"
                    s += "- expected: \(e.expected)\n"
                    for o in e.observed.prefix(4) { s += "- observed: `\(o)`\n" }
                    if let c = e.counterexample { s += "- counterexample: `\(c)`\n" }
                }
                s += "\n"
            }
        }
        s += "## Every requirement\n\n| Requirement | Section | Level | Status | Summary |\n|---|---|---|---|---|\n"
        for r in rows {
            let status = r.status == .notCheckable ? "not checkable: \(r.reason ?? "")" : r.status.rawValue
            s += "| \(r.id) | \(r.section) | \(r.level) | \(cell(status)) | \(cell(r.summary)) |\n"
        }
        return s
    }

    static func html(_ rows: [Row], server: String, runs: String) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var s = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Conformance report: \(esc(server))</title>\n"
        s += "<style>td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}table{border-collapse:collapse}"
        s += ".violated{background:#fdd}.deviated{background:#ffd}.passed{background:#dfd}</style></head><body>\n"
        s += "<h1>Conformance report: \(esc(server))</h1>\n<p>\(esc(runs))</p>\n<p>"
        s += esc(counts(rows).map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")) + "</p>\n"
        s += "<table><tr><th>Requirement</th><th>Section</th><th>Level</th><th>Status</th><th>Summary</th><th>Evidence</th></tr>\n"
        for r in rows {
            let cls = r.status.rawValue.replacingOccurrences(of: " ", with: "-")
            var evidence = ""
            if let e = r.evidence {
                evidence = esc("\(e.source), session \(e.session), line \(e.line): expected \(e.expected); observed ")
                    + e.observed.prefix(3).map { "<code>\(esc($0))</code>" }.joined(separator: " ")
                if let c = e.counterexample { evidence += "<br>counterexample: <code>\(esc(c))</code>" }
            }
            let status = r.status == .notCheckable ? "not checkable: \(r.reason ?? "")" : r.status.rawValue
            s += "<tr class=\"\(cls)\"><td>\(esc(r.id))</td><td>\(esc(r.section))</td><td>\(esc(r.level))</td>"
            s += "<td>\(esc(status))</td><td>\(esc(r.summary))</td><td>\(evidence)</td></tr>\n"
        }
        return s + "</table>\n</body></html>\n"
    }

    static func json(_ rows: [Row], server: String, runs: String) -> String {
        struct Report: Encodable {
            var server: String
            var runs: String
            var counts: [String: Int]
            var requirements: [Row]
        }
        let report = Report(server: server, runs: runs,
                            counts: Dictionary(uniqueKeysWithValues: counts(rows).map { ($0.0.rawValue, $0.1) }), requirements: rows)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self) + "\n"
    }

    // MARK: - Running

    static func run(_ args: [String], _ io: inout StandardStreams) -> Int32 {
        var server = FuzzServer()
        var passwordVar = "QRESYNC_SERVER_PASSWORD"
        var format = "md", seeds = 3, firstSeed: UInt64 = 1, ops = 1000
        var edition = Edition.rfc7162
        var counterexamples = "qresync-report"
        var shrink = true, errata = true
        var name: String?
        var shrinkSeconds = 30
        var i = 0
        func value(_ name: String) -> String? {
            i += 1
            guard i < args.count else { io.err("qresync report: \(name) needs a value\n"); return nil }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--server":
                guard let v = value("--server") else { return 64 }
                switch server.withServerOption(v, allowEmbedded: true) {
                case .success(let s): server = s
                case .failure(let e): io.err("qresync report: \(e)\n"); return 64
                }
            case "--password-env": guard let v = value("--password-env") else { return 64 }; passwordVar = v
            case "--fault":
                guard let v = value("--fault"), let f = ServerFault(rawValue: v) else {
                    io.err("qresync report: unknown fault; qresync serve --faults lists them\n"); return 64
                }
                server.fault = f
            case "--format":
                guard let v = value("--format"), ["md", "json", "html"].contains(v) else { io.err("qresync report: --format takes md, json or html\n"); return 64 }
                format = v
            case "--seeds": guard let v = value("--seeds"), let n = Int(v), (1...1000).contains(n) else { io.err("qresync report: --seeds takes 1 to 1000\n"); return 64 }; seeds = n
            case "--first-seed": guard let v = value("--first-seed"), let n = UInt64(v) else { io.err("qresync report: --first-seed takes a number\n"); return 64 }; firstSeed = n
            case "--ops": guard let v = value("--ops"), let n = Int(v), n > 0 else { io.err("qresync report: --ops takes a positive number\n"); return 64 }; ops = n
            case "--edition":
                guard let v = value("--edition"), let e = Edition(rawValue: v) else { io.err("qresync report: --edition takes rfc7162 or rfc4551+5162\n"); return 64 }
                edition = e
            case "--counterexamples": guard let v = value("--counterexamples") else { return 64 }; counterexamples = v
            case "--name": guard let v = value("--name") else { return 64 }; name = v
            case "--shrink-seconds":
                guard let v = value("--shrink-seconds"), let n = Int(v), n > 0 else { io.err("qresync report: --shrink-seconds takes a positive number\n"); return 64 }
                shrinkSeconds = n
            case "--no-shrink": shrink = false
            case "--no-errata": errata = false
            default:
                io.err("qresync report: unknown option \(args[i])\n\n" + help)
                return 64
            }
            i += 1
        }
        if let e = server.completeOptions(passwordVariable: passwordVar) {
            io.err("qresync report: \(e)\n")
            return 64
        }
        let directory = URL(fileURLWithPath: counterexamples, isDirectory: true)
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            io.err("qresync report: cannot create \(directory.path): \(error.localizedDescription)\n")
            return 64
        }
        let label = name ?? server.url ?? "embedded reference server" + (server.fault.map { " with fault \($0.rawValue)" } ?? "")
        let slug = name.map { String($0.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "-" }) }
            ?? (server.url == nil ? "embedded" + (server.fault.map { "-\($0.rawValue)" } ?? "") : "\(server.host)-\(server.port)")

        var tally = Tally()
        var commands = 0
        let start = ContinuousClock.now
        for seed in firstSeed..<(firstSeed + UInt64(seeds)) {
            server.seed = seed
            let mailboxes = server.mailboxes(count: 2, seed: seed)
            let config = FuzzConfiguration(seed: seed, operations: ops, mailboxes: mailboxes, edition: edition,
                                           user: server.user, password: server.password)
            let target: ConnectionTarget
            do { target = try server.makeTarget(mailboxes: mailboxes) } catch {
                io.err("qresync report: \(error)\n")
                return QResyncCommandLine.ExitCode.unreachable
            }
            var runner = FuzzRunner(target: target, configuration: config)
            let result = runner.run(stopAtFirstViolation: false)
            server.cleanUp(mailboxes: mailboxes)
            commands += result.events.filter { $0.direction == .client }.count
            let before = Set(tally.first.keys)
            tally.add(result.report, source: "fuzz seed \(seed)", seed: seed)
            io.err("qresync report: seed \(seed): \(result.operations.count) operations, \(result.report.rootFindings.count) findings"
                   + (result.targetError.map { ", ended early: \($0)" } ?? "") + "\n")
            // Evidence for each requirement first seen in this run: a shrunk counterexample, or
            // the whole trace when shrinking is off or does not reproduce it.
            let new = Set(tally.first.keys).subtracting(before)
            var unshrunk = new
            if shrink {
                for id in new.sorted() {
                    if let path = counterexample(for: id, result: result, server: server, mailboxes: mailboxes,
                                                 directory: directory, slug: slug, timeLimit: .seconds(shrinkSeconds)) {
                        tally.first[id]?.counterexample = path
                        unshrunk.remove(id)
                    }
                }
            }
            if !unshrunk.isEmpty {
                let trace = directory.appendingPathComponent("\(slug)-seed-\(seed).jsonl")
                if (try? Data(TraceJSONL.bytes(result.events)).write(to: trace, options: .atomic)) != nil {
                    for id in unshrunk { tally.first[id]?.counterexample = relative(trace.path) }
                }
            }
        }
        var runs = "\(seeds) fuzz run\(seeds == 1 ? "" : "s") of \(ops) operations (seeds \(firstSeed)-\(firstSeed + UInt64(seeds) - 1)), "
            + "\(commands) commands"
        if errata {
            let catalogue: ErrataCatalogue?
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            catalogue = ErrataCatalogue.locate(explicit: nil, from: cwd).flatMap { try? ErrataCatalogue.load(from: $0) }
            if let catalogue {
                var replayed = 0, index = 0
                for e in catalogue.entries {
                    for sc in e.scenarios where sc.uncovered == nil {
                        index += 1
                        // The replay judged the trace under both editions already; its report for
                        // this edition is the one the tally takes.
                        let (outcome, trace, reports) = ErrataLiveReplay.replay(sc, of: e, index: index, endpoint: .init(server: server),
                                                                                traceDirectory: nil)
                        guard outcome.reading != .failed, let report = reports[edition] else { continue }
                        replayed += 1
                        // The recorded transcript is kept as evidence when it shows a finding.
                        var path: String?
                        if !report.rootFindings.isEmpty {
                            let file = directory.appendingPathComponent("\(slug)-\(e.id)--\(sc.fileName)")
                            if (try? Transcript.renderText(trace.events).write(to: file, atomically: true, encoding: .utf8)) != nil {
                                path = relative(file.path)
                            }
                        }
                        tally.add(report, source: "erratum \(e.id) \(sc.fileName)", trace: path)
                    }
                }
                runs += ", and \(replayed) errata scenarios replayed"
            } else {
                io.err("qresync report: no Errata directory here or above; errata scenarios skipped\n")
            }
        }
        let seconds = Double((ContinuousClock.now - start).components.seconds)
        runs += "; edition \(edition.rawValue), closed world, \(Int(seconds)) s."
        let rows = rows(tally, edition: edition)
        switch format {
        case "json": io.out(json(rows, server: label, runs: runs))
        case "html": io.out(html(rows, server: label, runs: runs))
        default: io.out(markdown(rows, server: label, runs: runs))
        }
        return rows.contains { $0.status == .violated } ? QResyncCommandLine.ExitCode.violations : QResyncCommandLine.ExitCode.conforms
    }

    /// `path` relative to the current directory when it lies below it (reports are committed).
    static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    /// Shrinks the run to one that still shows a finding of `id` (`FuzzServer.shrink`) and writes
    /// the counterexample file; nil when it cannot be reproduced.
    static func counterexample(for id: String, result: FuzzResult, server: FuzzServer, mailboxes: [MailboxName],
                               directory: URL, slug: String, timeLimit: Duration) -> String? {
        guard let shrunk = server.shrink(result, requirement: id, mailboxes: mailboxes, timeLimit: timeLimit),
              let finding = shrunk.run.report.findings.first(where: { $0.requirementID == id }) else { return nil }
        server.cleanUp(mailboxes: mailboxes)
        let path = relative(directory.appendingPathComponent("\(slug)-\(id.replacingOccurrences(of: "#", with: "_")).counterexample.txt").path)
        let replayCommand = "qresync replay \(path)" + (server.url.map { " --server \($0)" } ?? "")
        let ce = Counterexample(configuration: result.configuration, fault: server.fault?.rawValue, server: server.recordedName,
                                originalOperations: result.operations.count, operations: shrunk.run.operations, finding: finding,
                                events: shrunk.run.events)
        guard (try? ce.render(replayCommand: replayCommand).write(toFile: path, atomically: true, encoding: .utf8)) != nil else { return nil }
        return path
    }
}
