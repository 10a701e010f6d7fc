import Foundation
import IMAPTypes
import IMAPWire
import Conformance

/// `qresync parse [--lenient] [--json] FILE|-`: reads a transcript (or raw server bytes), frames
/// it and parses every unit with the strict parsers, printing each item or a precise error.
enum ParseCommand {
    static let subcommand = QResyncCommandLine.Subcommand(
        name: "parse", summary: "parse a transcript strictly and print every unit", help: help, run: run)

    static let help = """
        Usage: qresync parse [--lenient] [--json] FILE|-

        Reads FILE (or standard input for "-"), a transcript in the qresync trace format or raw
        server bytes, and parses every unit with the strict RFC 7162 / RFC 3501 grammar: server
        units as responses, client units as commands. Prints one line per unit: source line,
        session and direction (S1, C2, ...), what it is, and its canonical re-encoding; or, for a
        unit outside the grammar, the line and column, the ABNF rule, what it expected and what it
        found.

        Transcript format: lines "C:" / "S:" with an optional session number ("C1:", "S12:"), one
        optional space, then the content. Literal payload lines carry the prefix too and are joined
        with CRLF; a line starting with whitespace continues the previous one (joined with one
        space); "#" comments, "!" annotations and blank lines are ignored. Input whose first
        meaningful line has no prefix is read as raw server bytes.

        Options:
          --lenient   accept what real servers send outside the grammar (each tolerance used is
                      named in the output): response code without text (RFC 7162 erratum 5055),
                      empty response text, bare LF, 64-bit mod-sequences (RFC 4551), trailing space
          --json      print one JSON object per unit instead of text
          -h, --help  show this help

        Exit status: 0 when every unit parses, 64 when any does not, the file cannot be read or
        read as a transcript, or the arguments are wrong.

        """

    static func run(_ arguments: [String], _ streams: inout StandardStreams) -> Int32 {
        var lenient = false, json = false
        var path: String?
        for a in arguments {
            switch a {
            case "--lenient": lenient = true
            case "--json": json = true
            case "-": path = path == nil ? a : ""
            default:
                if a.hasPrefix("-") {
                    streams.err("qresync parse: unknown option '\(a)'\n\n" + help)
                    return QResyncCommandLine.ExitCode.usage
                }
                path = path == nil ? a : ""
            }
        }
        guard let path, !path.isEmpty else {
            streams.err("qresync parse: give exactly one FILE (or - for standard input)\n\n" + help)
            return QResyncCommandLine.ExitCode.usage
        }
        let source: [UInt8]
        if path == "-" {
            source = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                streams.err("qresync parse: cannot read '\(path)'\n")
                return QResyncCommandLine.ExitCode.usage
            }
            source = Array(data)
        }
        return parse(source, file: path == "-" ? "<stdin>" : path, lenient: lenient, json: json, streams: &streams)
    }

    static func parse(_ source: [UInt8], file: String, lenient: Bool, json: Bool, streams: inout StandardStreams) -> Int32 {
        let options: ParseOptions = lenient ? .lenient : .strict
        let trace: Trace
        do {
            trace = try TranscriptReader.read(source, file: file, options: options)
        } catch {
            streams.err("qresync parse: \(error)\n")
            return QResyncCommandLine.ExitCode.usage
        }
        var out = ""
        out.reserveCapacity(1 << 16)
        var failures = 0
        for event in trace.events {
            let who = (event.direction == .client ? "C" : "S") + String(event.session)
            do throws(WireError) {
                let (kind, canonical, used) = try describe(event, options: options)
                if json {
                    out += "{\"line\":\(event.line),\"session\":\(event.session),\"direction\":\"\(event.direction.rawValue)\",\"ok\":true,"
                    out += "\"kind\":\(jsonString(kind)),\"canonical\":\(jsonString(canonical)),\"leniencies\":["
                    out += used.sorted().map { jsonString($0.rawValue) }.joined(separator: ",") + "]}\n"
                } else {
                    out += "\(file):\(event.line): \(who) \(kind): \(printable(canonical))"
                    if !used.isEmpty { out += "  [lenient: " + used.sorted().map(\.rawValue).joined(separator: ", ") + "]" }
                    out += "\n"
                }
            } catch {
                failures += 1
                let (line, column) = TranscriptReader.locate(offset: error.offset, in: event, source: source)
                if json {
                    out += "{\"line\":\(event.line),\"session\":\(event.session),\"direction\":\"\(event.direction.rawValue)\",\"ok\":false,"
                    out += "\"error\":{\"rule\":\(jsonString(error.rule)),\"offset\":\(error.offset),\"line\":\(line),\"column\":\(column),"
                    out += "\"expected\":\(jsonString(error.expected)),\"found\":\(jsonString(error.found))},"
                    out += "\"unit\":\(jsonString(String(decoding: event.bytes, as: UTF8.self)))}\n"
                } else {
                    out += "\(file):\(line):\(column): \(who) error: \(error.rule): expected \(error.expected), found \(error.found)\n"
                    out += "    in: \(printable(event.bytes))\n"
                }
            }
            if out.utf8.count >= 1 << 16 {
                streams.out(out)
                out = ""
            }
        }
        if !json {
            out += "\(trace.events.count) unit(s), \(trace.events.count - failures) parsed, \(failures) error(s)\n"
        }
        streams.out(out)
        return failures == 0 ? QResyncCommandLine.ExitCode.conforms : QResyncCommandLine.ExitCode.usage
    }

    /// What the unit is, its canonical encoding and the tolerances its parse used.
    static func describe(_ event: TraceEvent, options: ParseOptions) throws(WireError) -> (String, [UInt8], Set<Leniency>) {
        switch event.direction {
        case .server:
            let parsed = try ResponseParser.parse(event.bytes, options: options)
            return (kind(of: parsed.value), ResponseEncoder.encode(parsed.value), parsed.usedLeniencies)
        case .client:
            let parsed = try CommandParser.parse(event.bytes, options: options)
            return (kind(of: parsed.value), CommandEncoder.encode(parsed.value), parsed.usedLeniencies)
        }
    }

    static func kind(of message: ClientMessage) -> String {
        switch message {
        case .command(let c): return "command \(c.command.name)"
        case .idleDone: return "DONE"
        case .authenticationData: return "authentication data"
        }
    }

    static func kind(of response: ServerResponse) -> String {
        switch response {
        case .continuation: return "continuation request"
        case .tagged(_, let status, _): return "tagged \(status.rawValue)"
        case .untagged(let u):
            switch u {
            case .condition(let status, _): return "untagged \(status.rawValue)"
            case .capability: return "CAPABILITY"
            case .enabled: return "ENABLED"
            case .flags: return "FLAGS"
            case .list(let entry): return entry.isLSUB ? "LSUB" : "LIST"
            case .exists: return "EXISTS"
            case .recent: return "RECENT"
            case .expunge: return "EXPUNGE"
            case .fetch: return "FETCH"
            case .search: return "SEARCH"
            case .esearch: return "ESEARCH"
            case .status: return "STATUS"
            case .vanished: return "VANISHED"
            case .vanishedEarlier: return "VANISHED (EARLIER)"
            }
        }
    }

    /// The bytes without the final CRLF, control characters escaped, long units shortened.
    static func printable(_ bytes: [UInt8]) -> String {
        var body = bytes[...]
        if body.last == 0x0A { body = body.dropLast() }
        if body.last == 0x0D { body = body.dropLast() }
        var s = ""
        for scalar in String(decoding: body.prefix(400), as: UTF8.self).unicodeScalars {
            switch scalar.value {
            case 0x0D: s += "\\r"
            case 0x0A: s += "\\n"
            case 0x09: s += "\\t"
            case 0..<0x20, 0x7F: s += "\\x" + String(scalar.value, radix: 16)
            default: s.unicodeScalars.append(scalar)
            }
        }
        if body.count > 400 { s += "... (\(body.count) bytes)" }
        return s
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func jsonString(_ bytes: [UInt8]) -> String { jsonString(String(decoding: bytes, as: UTF8.self)) }
}
