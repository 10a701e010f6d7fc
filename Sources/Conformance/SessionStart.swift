import IMAPTypes
import IMAPWire

/// Where a recorded session starts: at its beginning (the greeting, or a command of the
/// not-authenticated state, RFC 3501 §3.1, when the greeting was left out) or in the middle (an
/// excerpt, an RFC example, a server log that starts after login). A session that starts in the
/// middle has an unknown history: what it enabled, selected and was told before is not on the
/// record, so the checker resumes it (`Checker.resume`) rather than judge it as a new connection.
public enum SessionStart {
    /// A protocol line, from a trace or a document example.
    public enum Line {
        case client(String)
        case server(String)
        case elision

        init(_ line: DocumentExample.Line) {
            switch line.kind {
            case .client: self = .client(line.text)
            case .server: self = .server(line.text)
            case .elision: self = .elision
            }
        }

        init(_ event: TraceEvent) {
            var bytes = event.bytes.prefix(4096)
            if bytes.last == 0x0A { bytes = bytes.dropLast() }
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            let text = String(decoding: bytes, as: UTF8.self)
            self = event.direction == .client ? .client(text) : .server(text)
        }
    }

    /// A server greeting (RFC 3501 §7.1): "* PREAUTH", "* BYE", or "* OK" with text or a
    /// CAPABILITY code; "* OK [HIGHESTMODSEQ 1]" is a response in the middle of a session.
    public static func isGreeting(_ text: String) -> Bool {
        let u = text.uppercased()
        if u.hasPrefix("* PREAUTH") || u.hasPrefix("* BYE") { return true }
        guard u.hasPrefix("* OK ") else { return false }
        let rest = u.dropFirst(5)
        return !rest.hasPrefix("[") || rest.hasPrefix("[CAPABILITY ")
    }

    /// Commands a connection may begin with (RFC 3501 §6.1, §6.2; ID, RFC 2971, any state).
    static let openingCommands: Set<String> = ["CAPABILITY", "NOOP", "LOGOUT", "STARTTLS", "AUTHENTICATE", "LOGIN", "ID"]

    /// Whether a session whose first recorded line is `first` starts at its beginning: a greeting,
    /// or a command a connection may begin with (the greeting left out of a transcript).
    public static func isBeginning(_ first: Line) -> Bool {
        switch first {
        case .server(let text): return isGreeting(text)
        case .client(let text):
            let words = text.split(separator: " ", maxSplits: 2)
            return words.count >= 2 && openingCommands.contains(words[1].uppercased())
        case .elision: return false
        }
    }

    /// The sessions of `trace` that start in the middle, each with the number of messages its
    /// first lines need selected (nil when it selects, enables or logs in before it touches any).
    public static func midway(_ trace: Trace) -> [(session: Int, selectedCount: Int?)] {
        var firstLines: [Int: [Line]] = [:]
        var order: [Int] = []
        for e in trace.events {
            if firstLines[e.session] == nil { order.append(e.session) }
            if firstLines[e.session, default: []].count < 4096 { firstLines[e.session, default: []].append(Line(e)) }
        }
        return order.compactMap { session in
            guard let lines = firstLines[session], let first = lines.first, !isBeginning(first) else { return nil }
            return (session, selectedCount(lines))
        }
    }

    /// The number of messages a resumed stretch needs selected, or nil when it selects (or
    /// enables, or logs in) before it touches any message.
    static func selectedCount(_ lines: [Line]) -> Int? {
        var need = 0
        var removed = 0
        var touches = false
        scan: for line in lines {
            switch line {
            case .client(let text):
                guard let parsed = try? CommandParser.parse(Array(text.utf8) + [0x0D, 0x0A], options: .lenient),
                      case .command(let tc) = parsed.value else { continue }
                switch tc.command {
                case .select, .examine, .enable, .login, .authenticate, .close, .unselect, .logout, .create,
                     .delete, .rename, .list:
                    break scan
                case .store(let set, _, _, false), .fetch(let set, _, _, false), .copy(let set, _, false),
                     .move(let set, _, false):
                    touches = true
                    if case .ranges(let rs) = set {
                        for r in rs {
                            for b in [r.first, r.last] { if case .number(let n) = b { need = max(need, Int(n) + removed) } }
                        }
                    }
                case .store, .fetch, .copy, .move, .search, .expunge, .uidExpunge, .check, .idle:
                    touches = true
                default:
                    continue
                }
            case .server(let text):
                guard let parsed = try? ResponseParser.parse(Array(text.utf8) + [0x0D, 0x0A], options: .lenient),
                      case .untagged(let u) = parsed.value else { continue }
                switch u {
                case .fetch(let n, _):
                    touches = true
                    need = max(need, Int(n.rawValue) + removed)
                case .expunge(let n):
                    touches = true
                    need = max(need, Int(n.rawValue) + removed)
                    removed += 1
                case .vanished(let uids):
                    touches = true
                    removed += uids.count
                    need = max(need, removed)
                case .exists:
                    break scan
                default:
                    continue
                }
            case .elision:
                continue
            }
        }
        return touches ? need : nil
    }
}
