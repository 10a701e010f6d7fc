import IMAPTypes
import IMAPWire

/// Feeds trace events to the `Checker`: parses each unit strictly, falls back to the lenient
/// grammar to keep going (reporting the tolerance as a grammar finding), and tells the checker
/// what could not be parsed at all. Every server line is consumed: parsed and judged, or reported.
public struct TraceChecker {
    public private(set) var checker: Checker
    /// Sessions waiting for the answer to an AUTHENTICATE continuation.
    private var authenticating: Set<Int> = []

    public init(options: CheckOptions = CheckOptions()) { checker = Checker(options: options) }

    /// A checker for a recorded trace whose sessions may start in the middle (an excerpt, a log
    /// that starts after login; `SessionStart`): each such session resumed with its history
    /// unknown, a response's tail cut where the record starts taken out of `trace`, and a closed
    /// world turned open (it rebuilds each mailbox from the start of every session). The notes
    /// say what was done, for the user.
    public static func forRecord(_ trace: inout Trace, options: CheckOptions) -> (TraceChecker, notes: [String]) {
        var notes: [String] = []
        var midway = SessionStart.midway(trace)
        let fragments = SessionStart.leadingFragments(trace, sessions: Set(midway.map(\.session)))
        if !fragments.isEmpty {
            notes.append("\(fragments.count) line(s) before the first response the record shows are the tail of one it cut"
                         + " (a literal's end): skipped")
            trace = Trace(events: trace.events.enumerated().filter { !fragments.contains($0.offset) }.map(\.element))
            midway = SessionStart.midway(trace)
        }
        var options = options
        if !midway.isEmpty, options.closedWorld {
            options.closedWorld = false
            notes.append("session \(midway.map { String($0.session) }.joined(separator: ", "))"
                         + " starts in the middle (no greeting or login): checked in the open world")
        }
        var tc = TraceChecker(options: options)
        for m in midway {
            switch m.selection {
            case .none: tc.resume(session: m.session, selectedCount: nil)
            case .unknown: tc.resume(session: m.session, selectedCount: nil, selectionUnknown: true)
            case .atLeast(let n): tc.resume(session: m.session, selectedCount: n, countIsLowerBound: true)
            }
            if let tag = m.inProgressTag { tc.commandInProgress(session: m.session, tag: tag) }
        }
        return (tc, notes)
    }

    /// The trace starts in the middle of session `session` (see `Checker.resume`).
    public mutating func resume(session: Int, selectedCount: Int?, countIsLowerBound: Bool = false, selectionUnknown: Bool = false) {
        checker.resume(session: session, selectedCount: selectedCount, countIsLowerBound: countIsLowerBound, selectionUnknown: selectionUnknown)
    }

    /// Command `tag` of session `session` is in progress but its exchange is partly elided (an RFC
    /// example's "..."): its responses are followed, not judged.
    public mutating func commandElided(session: Int, tag: String, line: Int) {
        checker.clientUnparsed(session: session, line: line, tag: tag, UnparsedCommand(reason: "its exchange is partly elided"))
    }

    /// Command `tag` of session `session` was in progress when the record starts (an excerpt that
    /// begins with its responses): followed, not judged.
    public mutating func commandInProgress(session: Int, tag: String) {
        checker.clientUnparsed(session: session, line: 0, tag: tag, UnparsedCommand(reason: "the record starts in the middle of its exchange"))
    }

    public mutating func check(_ trace: Trace) {
        for e in trace.events { consume(e) }
    }

    /// Checks one event; for a server line, returns the response as parsed (strictly, else
    /// leniently), or nil when it does not parse at all. `parsed` is the server line as a client
    /// already parsed it with the same options (`ParseOptions.strict`, then `.lenient`), taken
    /// instead of parsing the bytes again.
    @discardableResult
    public mutating func consume(_ e: TraceEvent, parsed: Parsed<ServerResponse>? = nil) -> ServerResponse? {
        switch e.direction {
        case .client:
            if authenticating.contains(e.session), (try? CommandParser.parse(e.bytes)) == nil {
                // A line answering an AUTHENTICATE continuation (RFC 3501 §6.2.2).
                if (try? CommandParser.parseAuthenticationData(e.bytes, options: .lenient)) != nil { return nil }
            }
            do throws(WireError) {
                let parsed: Parsed<ClientMessage>
                do throws(WireError) { parsed = try CommandParser.parse(e.bytes) } catch { parsed = try CommandParser.parse(e.bytes, options: .lenient) }
                if case .command(let tc) = parsed.value, case .authenticate = tc.command { authenticating.insert(e.session) }
                checker.client(parsed.value, session: e.session, line: e.line)
                if case .command(let tc) = parsed.value {
                    checker.clientLineLength(TraceChecker.octetsOutsideLiterals(e.bytes), tc, session: e.session, line: e.line)
                }
            } catch {
                let (tag, command) = UnparsedCommand.read(e.bytes, reason: error.description)
                checker.clientUnparsed(session: e.session, line: e.line, tag: tag, command)
            }
            return nil
        case .server:
            let response: Parsed<ServerResponse>
            if let parsed {
                response = parsed
            } else {
                do throws(WireError) {
                    response = try ResponseParser.parse(e.bytes)
                } catch {
                    guard let lenient = try? ResponseParser.parse(e.bytes, options: .lenient) else {
                        checker.serverUnparsed(session: e.session, line: e.line, text: TraceChecker.display(e.bytes), error: error)
                        return nil
                    }
                    response = lenient
                }
            }
            if case .tagged = response.value { authenticating.remove(e.session) }
            checker.server(response.value, session: e.session, line: e.line, bytes: e.bytes, leniencies: response.usedLeniencies)
            return response.value
        }
    }

    /// A live client saw the server close session `session`'s connection after trace line `line`
    /// (a trace file does not record closes).
    public mutating func serverClosed(session: Int, afterLine line: Int) {
        checker.serverClosed(session: session, line: line)
    }

    /// The report: findings grouped by root cause, and the verdict.
    public var report: CheckReport { CheckReport(checker) }

    /// The octets of a client unit's command line, literals' contents and the final CRLF left out
    /// (RFC 7162 §4 counts quoted strings but not literals). A literal is `{n}` or `{n+}` at the end
    /// of a line, its n octets following the CRLF.
    static func octetsOutsideLiterals(_ bytes: [UInt8]) -> Int {
        var count = 0
        var lineStart = 0
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A else { i += 1; continue }
            count += i - lineStart
            // The end of a line: its literal's octets, when it announces one, are not counted.
            var size = 0
            if let (digits, _) = Framer.literalAnnouncement(endOf: bytes[lineStart..<i]), digits.count <= 18 {
                for d in bytes[digits] { size = size * 10 + Int(d - 0x30) }
            }
            i += 2 + size
            lineStart = i
        }
        return count + max(0, bytes.count - lineStart)
    }

    /// A unit as one printable line: CRLF dropped, literal line breaks shown as "\r\n", other
    /// control bytes escaped.
    static func display(_ bytes: [UInt8]) -> String {
        var b = bytes[...]
        if b.last == 0x0A { b = b.dropLast() }
        if b.last == 0x0D { b = b.dropLast() }
        // Most lines are printable ASCII throughout: taken as they are, without escaping byte by byte.
        let printable = b.withUnsafeBufferPointer { p in
            var all = true
            for byte in p where byte < 0x20 || byte > 0x7E { all = false; break }
            return all
        }
        if printable { return String(decoding: b, as: UTF8.self) }
        var s = ""
        s.reserveCapacity(b.count)
        for byte in b {
            switch byte {
            case 0x0D: s += "\\r"
            case 0x0A: s += "\\n"
            case 0x20...0x7E: s.unicodeScalars.append(Unicode.Scalar(byte))
            default: s += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return s
    }
}
