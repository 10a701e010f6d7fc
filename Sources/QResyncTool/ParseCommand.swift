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
        meaningful line has no prefix is read as raw server bytes. A MailKit, Horde or Thunderbird
        protocol log (see qresync check --help) is read as the transcript it stands for.

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
        // A client's protocol log (as `qresync check` detects it) is read as the transcript it
        // stands for, line for line.
        var source = source
        do {
            source = try TraceInput.detect(file, source).clientLogTranscript(source, file: file)
        } catch {
            streams.err("qresync parse: \(error)\n")
            return QResyncCommandLine.ExitCode.usage
        }
        let trace: Trace
        do {
            trace = try TranscriptReader.read(source, file: file, options: options)
        } catch {
            streams.err("qresync parse: \(error)\n")
            return QResyncCommandLine.ExitCode.usage
        }
        var out = Output()
        var failures = 0
        var index: TranscriptSource?
        for event in trace.events {
            let who = (event.direction == .client ? "C" : "S") + String(event.session)
            do throws(WireError) {
                let (kind, canonical, used) = try describe(event, options: options)
                if json {
                    out.write("{\"line\":\(event.line),\"session\":\(event.session),\"direction\":\"\(event.direction.rawValue)\",\"ok\":true,\"kind\":")
                    out.json(kind.utf8)
                    out.write(",\"canonical\":")
                    out.json(canonical)
                    out.write(",\"leniencies\":[" + used.sorted().map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]}\n")
                } else {
                    out.write("\(file):\(event.line): \(who) \(kind): ")
                    out.printable(canonical)
                    if !used.isEmpty { out.write("  [lenient: " + used.sorted().map(\.rawValue).joined(separator: ", ") + "]") }
                    out.write("\n")
                }
            } catch {
                failures += 1
                if index == nil { index = TranscriptSource(source) }
                let (line, column) = index!.locate(offset: error.offset, in: event)
                if json {
                    out.write("{\"line\":\(event.line),\"session\":\(event.session),\"direction\":\"\(event.direction.rawValue)\",\"ok\":false,")
                    out.write("\"error\":{\"rule\":")
                    out.json(error.rule.utf8)
                    out.write(",\"offset\":\(error.offset),\"line\":\(line),\"column\":\(column),\"expected\":")
                    out.json(error.expected.utf8)
                    out.write(",\"found\":")
                    out.json(error.found.utf8)
                    out.write("},\"unit\":")
                    out.json(event.bytes)
                    out.write("}\n")
                } else {
                    out.write("\(file):\(line):\(column): \(who) error: \(error.rule): expected \(error.expected), found \(error.found)\n    in: ")
                    out.printable(event.bytes)
                    out.write("\n")
                }
            }
            if out.bytes.count >= 1 << 16 { out.flush(to: &streams) }
        }
        if !json {
            out.write("\(trace.events.count) unit(s), \(trace.events.count - failures) parsed, \(failures) error(s)\n")
        }
        out.flush(to: &streams)
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
            case .uidFetch: return "UIDFETCH"
            case .search: return "SEARCH"
            case .esearch: return "ESEARCH"
            case .status: return "STATUS"
            case .vanished: return "VANISHED"
            case .vanishedEarlier: return "VANISHED (EARLIER)"
            case .sort: return "SORT"
            case .thread: return "THREAD"
            case .other(let name, _): return name.uppercased()
            }
        }
    }
}

/// The output of `qresync parse`, built as bytes and written in 64 KiB pieces.
struct Output {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 17) }

    mutating func write(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func flush(to streams: inout StandardStreams) {
        streams.out(String(decoding: bytes, as: UTF8.self))
        bytes.removeAll(keepingCapacity: true)
    }

    /// A unit without its final CRLF, control characters escaped, cut after 400 bytes.
    mutating func printable(_ unit: [UInt8]) {
        var end = unit.count
        if end > 0, unit[end - 1] == 0x0A { end -= 1 }
        if end > 0, unit[end - 1] == 0x0D { end -= 1 }
        for b in unit[0..<Swift.min(end, 400)] {
            switch b {
            case 0x0D: write("\\r")
            case 0x0A: write("\\n")
            case 0x09: write("\\t")
            case 0..<0x20, 0x7F: write("\\x" + String(b, radix: 16))
            default: bytes.append(b)
            }
        }
        if end > 400 { write("... (\(end) bytes)") }
    }

    /// A JSON string; bytes that are not UTF-8 become U+FFFD.
    mutating func json<C: Collection>(_ text: C) where C.Element == UInt8 {
        guard !text.contains(where: { $0 >= 0x80 }) else {
            jsonASCIIOrUTF8(Array(String(decoding: text, as: UTF8.self).utf8))
            return
        }
        jsonASCIIOrUTF8(text)
    }

    private mutating func jsonASCIIOrUTF8<C: Collection>(_ text: C) where C.Element == UInt8 {
        bytes.append(UInt8(ascii: "\""))
        for b in text {
            switch b {
            case UInt8(ascii: "\""): write("\\\"")
            case UInt8(ascii: "\\"): write("\\\\")
            case 0x0A: write("\\n")
            case 0x0D: write("\\r")
            case 0x09: write("\\t")
            case 0..<0x20:
                write("\\u00")
                bytes.append(hex(b >> 4))
                bytes.append(hex(b & 0xF))
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10 }
}
