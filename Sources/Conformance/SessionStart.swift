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

    /// Commands that begin a connection's exchange (RFC 3501 §6.2), and commands valid in every
    /// state (§6.1; ID, RFC 2971), which say nothing of where the record starts.
    static let openingCommands: Set<String> = ["LOGIN", "AUTHENTICATE", "STARTTLS"]
    static let anyStateCommands: Set<String> = ["CAPABILITY", "NOOP", "ID", "LOGOUT"]

    /// The command name of a client line (`tag NAME ...`, `tag UID NAME ...`), upper-cased.
    static func commandName(_ text: String) -> String? {
        let words = text.split(separator: " ", maxSplits: 3)
        guard words.count >= 2 else { return nil }
        let name = words[1].uppercased()
        return name == "UID" && words.count >= 3 ? "UID " + words[2].uppercased() : name
    }

    /// Whether a session whose record is `lines` starts at its beginning: at a greeting, or (the
    /// greeting left out) with commands of the connection's start: LOGIN, AUTHENTICATE or
    /// STARTTLS, after any number of commands valid in every state. A record that starts with
    /// other server lines, or whose first other command needs a login, starts in the middle.
    public static func isBeginning(_ lines: [Line]) -> Bool {
        var commandSeen = false
        for line in lines {
            switch line {
            case .server(let text):
                if isGreeting(text) { return true }
                // A response to a command valid in every state sent before it; before any, a
                // response to something the record does not show.
                if !commandSeen { return false }
            case .client(let text):
                commandSeen = true
                guard let name = commandName(text) else { return false }
                if openingCommands.contains(name) { return true }
                if anyStateCommands.contains(name) { continue }
                return false
            case .elision:
                return false
            }
        }
        return true
    }

    /// What a session recorded from the middle had selected when its record starts.
    public enum Selection: Equatable {
        /// No mailbox (it enables, or logs in, before anything touches one).
        case none
        /// A mailbox may or may not be selected (the record starts at a SELECT/EXAMINE, or shows
        /// nothing either way).
        case unknown
        /// A mailbox holding at least this many messages.
        case atLeast(Int)
    }

    /// A session recorded from the middle: what it had selected, and the tag of a command in
    /// progress when the record starts (server lines, or an IDLE's DONE, come before the
    /// client's first command; the first tagged response with a tag no command of the record
    /// carries is that command's).
    public struct Resumption {
        public var session: Int
        public var selection: Selection
        public var inProgressTag: String?
    }

    /// The sessions of `trace` that start in the middle.
    public static func midway(_ trace: Trace) -> [Resumption] {
        var firstLines: [Int: [Line]] = [:]
        var order: [Int] = []
        for e in trace.events {
            if firstLines[e.session] == nil { order.append(e.session) }
            if firstLines[e.session, default: []].count < 4096 { firstLines[e.session, default: []].append(Line(e)) }
        }
        return order.compactMap { session in
            guard let lines = firstLines[session], !isBeginning(lines) else { return nil }
            return Resumption(session: session, selection: selection(lines), inProgressTag: inProgressTag(lines))
        }
    }

    /// The events of `trace` that are the tail of a response cut where the record starts: for each
    /// session in `sessions` (recorded from the middle), the server lines before its first client
    /// line that no grammar reads (a literal's last lines and what follows it), up to the first
    /// that parses.
    public static func leadingFragments(_ trace: Trace, sessions: Set<Int>) -> Set<Int> {
        var out: Set<Int> = []
        var done: Set<Int> = []
        for (i, e) in trace.events.enumerated() where sessions.contains(e.session) && !done.contains(e.session) {
            if e.direction == .server, (try? ResponseParser.parse(e.bytes, options: .lenient)) == nil {
                out.insert(i)
            } else {
                done.insert(e.session)
            }
        }
        return out
    }

    /// What `lines`, recorded from the middle of a session, show was selected when they start:
    /// a mailbox when the first thing they do needs one (a message number or UID, EXISTS, CLOSE),
    /// none when they enable or log in first, else unknown.
    static func selection(_ lines: [Line]) -> Selection {
        for line in lines {
            switch line {
            case .client(let text):
                guard let name = commandName(text) else { continue }
                switch name {
                case "ENABLE", "LOGIN", "AUTHENTICATE": return .none
                case "SELECT", "EXAMINE", "CREATE", "DELETE", "RENAME", "LIST", "LSUB", "STATUS", "APPEND", "LOGOUT":
                    return selectedCount(lines).map { .atLeast($0) } ?? .unknown
                case "FETCH", "STORE", "COPY", "MOVE", "SEARCH", "EXPUNGE", "CHECK", "CLOSE", "UNSELECT", "SORT", "THREAD",
                     "UID FETCH", "UID STORE", "UID COPY", "UID MOVE", "UID SEARCH", "UID EXPUNGE", "UID SORT", "UID THREAD":
                    return .atLeast(selectedCount(lines) ?? 0)
                default: continue
                }
            case .server(let text):
                let upper = text.uppercased()
                if upper.hasPrefix("* "), let word = upper.split(separator: " ").dropFirst().first, word.allSatisfy(\.isNumber) {
                    // "* n EXISTS", "* n FETCH", "* n EXPUNGE": a mailbox is selected.
                    return .atLeast(selectedCount(lines) ?? 0)
                }
                if upper.hasPrefix("* VANISHED") { return .atLeast(selectedCount(lines) ?? 0) }
            case .elision:
                continue
            }
        }
        return .unknown
    }

    /// The tag of a command in progress when `lines` start: when server lines (or a client line
    /// that is no command, an IDLE's DONE) come before the first command, the first tagged
    /// response whose tag no earlier command of the record carries.
    static func inProgressTag(_ lines: [Line]) -> String? {
        guard let first = lines.first else { return nil }
        if case .client(let text) = first, commandName(text) != nil { return nil }
        var sent: Set<String> = []
        for line in lines {
            switch line {
            case .client(let text):
                if let tag = text.split(separator: " ").first, commandName(text) != nil { sent.insert(String(tag)) }
            case .server(let text):
                guard let parsed = try? ResponseParser.parse(Array(text.utf8) + [0x0D, 0x0A], options: .lenient),
                      case .tagged(let tag, _, _) = parsed.value else { continue }
                return sent.contains(tag.rawValue) ? nil : tag.rawValue
            case .elision:
                continue
            }
        }
        return nil
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
