import Foundation
import ReferenceServer
import SpecModel

/// `qresync errata list [--json]` and `qresync errata show ID`: the catalogue of every erratum of
/// RFC 4551, 5162 and 7162 and every RFC 7162 appendix change, read from `Errata/`.
enum ErrataCommand {
    static let subcommand = QResyncCommandLine.Subcommand(
        name: "errata",
        summary: "list or show the errata of RFC 4551, 5162 and 7162 (Errata/)",
        help: help,
        run: { arguments, streams in run(arguments, streams: &streams) })

    static let help = """
        Usage: qresync errata list [--json] [--errata DIR]
               qresync errata show ID [--errata DIR]
               qresync errata run [ID...] [--errata DIR]
               qresync errata run [ID...] --server URL|embedded [--password-env VAR] [--fault NAME]
                                  [--out DIR] [--json] [--errata DIR]

        Lists the errata of RFC 4551, 5162 and 7162 and the RFC 7162 appendix changes, one folder
        each in Errata/ (found in the current directory or a parent, or given with --errata), or
        shows one folder's README.md and its scenario traces.

        list     table of ID, RFC, section, type, status, rule switch and summary
                 (--json: the same, plus requirements and scenario expectations, as JSON)
        show ID  the README.md and every scenario-*.txt of the folder ID
        run [ID...]  replay the scenarios through the checker under both editions and compare each
                 verdict with the scenario's expectation (exit 1 when one differs)

        run --server URL  replay the client side of each scenario against a server on loopback
                 (imap://USER@HOST:PORT, password from --password-env VAR, default
                 QRESYNC_SERVER_PASSWORD) in fresh mailboxes, judge the recorded trace under
                 both editions and say per erratum whether the server follows the corrected
                 text, the original one, both or neither. `--server embedded` replays against
                 the reference server (with --fault NAME, one of qresync serve --faults).
                 --out DIR keeps each recorded transcript (default ./qresync-errata).
                 Exit 0 when no scenario shows the original text or neither, 1 when one does,
                 2 when a replay failed or was inconclusive, 69 when the server is unreachable.

        Exit codes: 0 done, 64 usage error, unknown ID or malformed Errata/ file (file:line).

        """

    static func run(_ arguments: [String], streams: inout StandardStreams) -> Int32 {
        var positional: [String] = []
        var json = false
        var errataDirectory: String?
        var serverArgument: String?, passwordVariable = "QRESYNC_SERVER_PASSWORD", faultName: String?, outDirectory: String?
        var index = 0
        func value(_ name: String) -> String? {
            guard index + 1 < arguments.count else { return nil }
            index += 1
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--json":
                json = true
            case "--server", "--password-env", "--fault", "--out":
                guard let v = value(argument) else {
                    streams.err("qresync errata: \(argument) needs a value\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                switch argument {
                case "--server": serverArgument = v
                case "--password-env": passwordVariable = v
                case "--fault": faultName = v
                default: outDirectory = v
                }
            case "--errata":
                guard index + 1 < arguments.count else {
                    streams.err("qresync errata: --errata needs a directory\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                errataDirectory = arguments[index + 1]
                index += 1
            default:
                guard !argument.hasPrefix("-") else {
                    streams.err("qresync errata: unknown option '\(argument)'\n\n" + help)
                    return QResyncCommandLine.ExitCode.usage
                }
                positional.append(argument)
            }
            index += 1
        }
        let valid = (positional.first == "list" && positional.count == 1)
            || (positional.first == "show" && positional.count == 2 && !json)
            || (positional.first == "run" && (!json || serverArgument != nil))
        let liveOptions = serverArgument == nil && (faultName != nil || outDirectory != nil)
        guard valid, !liveOptions, serverArgument == nil || positional.first == "run" else {
            streams.err(liveOptions ? "qresync errata: --fault and --out go with run --server\n" : help)
            return QResyncCommandLine.ExitCode.usage
        }
        var endpoint: ErrataLiveReplay.Endpoint?
        if let serverArgument {
            var server = FuzzServer()
            if let faultName {
                guard let f = ServerFault(rawValue: faultName) else {
                    streams.err("qresync errata: --fault takes a fault of qresync serve --faults\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                server.fault = f
            }
            switch server.withServerOption(serverArgument, allowEmbedded: true) {
            case .success(let s): server = s
            case .failure(let e):
                streams.err("qresync errata: \(e)\n")
                return QResyncCommandLine.ExitCode.usage
            }
            if let e = server.completeOptions(passwordVariable: passwordVariable) {
                streams.err("qresync errata: \(e)\n")
                return QResyncCommandLine.ExitCode.usage
            }
            endpoint = ErrataLiveReplay.Endpoint(server: server)
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        guard let directory = ErrataCatalogue.locate(explicit: errataDirectory, from: cwd) else {
            let place = errataDirectory ?? "an Errata directory in \(cwd.path) or its parents"
            streams.err("qresync errata: cannot find \(place)\n")
            return QResyncCommandLine.ExitCode.usage
        }
        let catalogue: ErrataCatalogue
        do {
            catalogue = try ErrataCatalogue.load(from: directory)
        } catch {
            streams.err("qresync errata: \(directory.lastPathComponent)/\(error)\n")
            return QResyncCommandLine.ExitCode.usage
        }
        if positional[0] == "run" {
            let ids = Array(positional.dropFirst())
            if let unknown = ids.first(where: { catalogue.entry($0) == nil }) {
                streams.err("qresync errata: no erratum '\(unknown)'; 'qresync errata list' shows the IDs\n")
                return QResyncCommandLine.ExitCode.usage
            }
            guard let endpoint else { return ErrataRunner.run(catalogue, ids: ids, &streams) }
            let out = URL(fileURLWithPath: outDirectory ?? "qresync-errata", isDirectory: true)
            do { try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true) } catch {
                streams.err("qresync errata: cannot create \(out.path): \(error.localizedDescription)\n")
                return QResyncCommandLine.ExitCode.usage
            }
            return ErrataLiveReplay.run(catalogue, ids: ids, endpoint: endpoint, traceDirectory: out, json: json, &streams)
        }
        if positional[0] == "list" {
            streams.out(json ? renderJSON(catalogue) : renderTable(catalogue))
            return QResyncCommandLine.ExitCode.conforms
        }
        guard let entry = catalogue.entry(positional[1]) else {
            streams.err("qresync errata: no erratum '\(positional[1])'; 'qresync errata list' shows the IDs\n")
            return QResyncCommandLine.ExitCode.usage
        }
        streams.out(renderShow(entry))
        return QResyncCommandLine.ExitCode.conforms
    }

    /// The list as an aligned table, one row per folder.
    static func renderTable(_ catalogue: ErrataCatalogue) -> String {
        let header = ["ID", "RFC", "SECTION", "TYPE", "STATUS", "SWITCH", "SUMMARY"]
        let rows = catalogue.entries.map { e in
            [e.id, String(e.rfc), e.section, e.kind.rawValue, e.status.rawValue, e.ruleSwitch.rawValue, e.summary]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func render(_ row: [String]) -> String {
            var line = ""
            for (i, cell) in row.enumerated() {
                line += i == row.count - 1 ? cell : cell.padding(toLength: widths[i] + 1)
            }
            return line + "\n"
        }
        return ([header] + rows).map(render).joined()
    }

    /// README.md, then each scenario under a `==> folder/file <==` line.
    static func renderShow(_ entry: Erratum) -> String {
        var s = entry.readme.hasSuffix("\n") ? entry.readme : entry.readme + "\n"
        for scenario in entry.scenarios {
            s += "\n==> \(entry.id)/\(scenario.fileName) <==\n"
            s += scenario.text.hasSuffix("\n") ? scenario.text : scenario.text + "\n"
        }
        return s
    }

    private struct JSONEntry: Encodable {
        struct Scenario: Encodable {
            var file: String
            var title: String
            var mode: String
            var uncovered: String?
            var expect: [String: String]
        }
        var id: String
        var rfc: Int
        var erratum: Int?
        var section: String
        var type: String
        var status: String
        var `switch`: String
        var source: String
        var requirements: [String]
        var summary: String
        var scenarios: [Scenario]
    }

    /// The list as a JSON array (keys sorted, pretty-printed). Scenario expectations give the
    /// verdict only; the notes in parentheses are in the files (`show`). Absent values are omitted.
    static func renderJSON(_ catalogue: ErrataCatalogue) -> String {
        let entries = catalogue.entries.map { e in
            JSONEntry(
                id: e.id, rfc: e.rfc, erratum: e.erratumID, section: e.section, type: e.kind.rawValue,
                status: e.status.rawValue, switch: e.ruleSwitch.rawValue, source: e.ruleSwitch.source,
                requirements: e.requirements, summary: e.summary,
                scenarios: e.scenarios.map { s in
                    var expect: [String: String] = [:]
                    for (edition, expectation) in s.expectations {
                        expect[edition.rawValue] = expectation.verdictText
                    }
                    return .init(
                        file: s.fileName, title: s.title, mode: s.mode.rawValue, uncovered: s.uncovered,
                        expect: expect)
                })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        let data = try! encoder.encode(entries)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
