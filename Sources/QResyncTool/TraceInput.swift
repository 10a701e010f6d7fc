import Conformance
import Foundation
import IMAPWire

/// The trace formats `qresync check` reads (issue 4): detected from the files unless named.
enum TraceFormat: String, CaseIterable {
    case transcript
    case jsonl
    case dovecotRawlog = "dovecot-rawlog"
    case cyrusTelemetry = "cyrus-telemetry"
    case mailkit
    case horde
    case thunderbird
}

/// A trace loaded from files: its name for reports, the events, and the source text when the
/// format can be annotated.
struct TraceInput {
    var name: String
    var trace: Trace
    var text: String?

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let d = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "\(path): cannot read the file")
        }
        return Array(d)
    }

    static func detect(_ path: String, _ bytes: [UInt8]) -> TraceFormat {
        if path.hasSuffix(".in") || path.hasSuffix(".out") { return .dovecotRawlog }
        let head = String(decoding: bytes.prefix(64), as: UTF8.self)
        if head.hasPrefix("{") { return .jsonl }
        if head.drop(while: { $0.isWhitespace }).hasPrefix("Connected to ") { return .mailkit }
        if head.hasPrefix("------------------------------") || head.hasPrefix(">> ") { return .horde }
        if head.hasPrefix("----------") || head.range(of: #"^[<>][0-9]+[<>]"#, options: .regularExpression) != nil {
            return .cyrusTelemetry
        }
        let start = String(decoding: bytes.prefix(8192), as: UTF8.self)
        if start.contains(":SendData: ") || start.contains(":CreateNewLineFromSocket: ") { return .thunderbird }
        return .transcript
    }

    /// A transcript (or a client log turned into one, line for line) as a trace, with its text.
    static func transcript(_ bytes: [UInt8], file: String) throws -> TraceInput {
        do {
            return TraceInput(name: file, trace: try TranscriptReader.read(bytes, file: file), text: String(decoding: bytes, as: UTF8.self))
        } catch { throw LoadError(description: error.description) }
    }

    /// Loads `files`: transcripts and JSONL files are one trace each; rawlog pairs and telemetry
    /// logs are one session each, merged by time into a single trace.
    static func load(_ files: [String], format: TraceFormat?) throws -> [TraceInput] {
        var out: [TraceInput] = []
        var rawlogs: [String: (input: [UInt8]?, output: [UInt8]?)] = [:]
        var telemetry: [(String, [UInt8])] = []
        for f in files {
            let bytes = try read(f)
            switch format ?? detect(f, bytes) {
            case .transcript:
                out.append(try transcript(bytes, file: f))
            case .mailkit:
                guard let converted = LogReaders.mailKitProtocolLog(bytes) else {
                    throw LoadError(description: "\(f):1: a MailKit protocol log starts with a \"Connected to\" line")
                }
                out.append(try transcript(converted, file: f))
            case .horde:
                let converted: [UInt8]?
                do { converted = try LogReaders.hordeDebugLog(bytes, file: f) } catch { throw LoadError(description: error.description) }
                guard let converted else {
                    throw LoadError(description: "\(f):1: a Horde debug log starts with a line of dashes or \">> \" lines")
                }
                out.append(try transcript(converted, file: f))
            case .thunderbird:
                guard let converted = LogReaders.thunderbirdIMAPLog(bytes) else {
                    throw LoadError(description: "\(f):1: a Thunderbird IMAP log has SendData and CreateNewLineFromSocket lines (MOZ_LOG=IMAP:5)")
                }
                out.append(try transcript(converted, file: f))
            case .jsonl:
                do {
                    out.append(TraceInput(name: f, trace: try TraceJSONL.decode(bytes, file: f), text: nil))
                } catch { throw LoadError(description: error.description) }
            case .dovecotRawlog:
                let base = f.hasSuffix(".in") ? String(f.dropLast(3)) : f.hasSuffix(".out") ? String(f.dropLast(4)) : f
                var pair = rawlogs[base] ?? (nil, nil)
                if f.hasSuffix(".in") { pair.input = bytes } else { pair.output = bytes }
                rawlogs[base] = pair
            case .cyrusTelemetry:
                telemetry.append((f, bytes))
            }
        }
        if !rawlogs.isEmpty {
            var sessions: [[TraceEvent]] = []
            for (i, base) in rawlogs.keys.sorted().enumerated() {
                let pair = rawlogs[base]!
                guard let input = pair.input, let output = pair.output else {
                    throw LoadError(description: "\(base): a Dovecot rawlog needs both \(base).in and \(base).out")
                }
                do {
                    sessions.append(try LogReaders.dovecotRawlog(input: input, output: output, session: i + 1, file: base))
                } catch { throw LoadError(description: error.description) }
            }
            out.append(TraceInput(name: rawlogs.keys.sorted().joined(separator: "+"), trace: LogReaders.merge(sessions), text: nil))
        }
        if !telemetry.isEmpty {
            var sessions: [[TraceEvent]] = []
            for (i, (f, bytes)) in telemetry.enumerated() {
                do { sessions.append(try LogReaders.cyrusTelemetry(bytes, session: i + 1, file: f)) } catch {
                    throw LoadError(description: error.description)
                }
            }
            out.append(TraceInput(name: telemetry.map(\.0).joined(separator: "+"), trace: LogReaders.merge(sessions), text: nil))
        }
        return out
    }
}
