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

extension TraceFormat {
    /// A client's protocol log (MailKit, Horde, Thunderbird), read as the transcript it stands for.
    var isClientLog: Bool { self == .mailkit || self == .horde || self == .thunderbird }

    /// For a client's protocol log (`isClientLog`), the transcript it stands for, line for line;
    /// for the other formats the bytes as they are. A log that is not what its format says is an
    /// error naming the file.
    func clientLogTranscript(_ bytes: [UInt8], file f: String) throws -> [UInt8] {
        let converted: [UInt8]?
        let expected: String
        switch self {
        case .mailkit:
            converted = LogReaders.mailKitProtocolLog(bytes)
            expected = "a MailKit protocol log starts with a \"Connected to\" line"
        case .horde:
            do { converted = try LogReaders.hordeDebugLog(bytes, file: f) } catch { throw TraceInput.LoadError(description: error.description) }
            expected = "a Horde debug log starts with a line of dashes or \">> \" lines"
        case .thunderbird:
            converted = LogReaders.thunderbirdIMAPLog(bytes)
            expected = "a Thunderbird IMAP log has SendData and CreateNewLineFromSocket lines (MOZ_LOG=IMAP:5)"
        case .transcript, .jsonl, .dovecotRawlog, .cyrusTelemetry:
            return bytes
        }
        guard let converted else { throw TraceInput.LoadError(description: "\(f):1: \(expected)") }
        return converted
    }
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
            let detected = format ?? detect(f, bytes)
            switch detected {
            case .transcript:
                out.append(try transcript(bytes, file: f))
            case .mailkit, .horde, .thunderbird:
                out.append(try transcript(try detected.clientLogTranscript(bytes, file: f), file: f))
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
