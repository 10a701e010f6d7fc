import IMAPWire

extension LogReaders {
    /// Thunderbird's IMAP protocol log (`MOZ_LOG=IMAP:5`, before Thunderbird 55 `NSPR_LOG_MODULES=imap:5`),
    /// the log Thunderbird's bug reports ask for. Each protocol line is one log line
    /// `[log prefix]: [I/IMAP ]<instance>:<host>:<state>:<what>: <data>` (nsImapProtocol::Log):
    /// `SendData` for what the client wrote, `CreateNewLineFromSocket` for each line it read,
    /// literal lines included; the instance (a pointer) names the connection. Returns it as a
    /// transcript with the same number of lines: the k-th instance's lines become session k's, the
    /// log's other lines comments, and its redactions turned back into protocol the checker can
    /// read:
    /// - `Logging suppressed for this command (it probably contained authentication information)`
    ///   in place of a command: `LOGIN "***" "***"` with the tag the server's next unanswered tagged
    ///   response shows (the user is not known, so such sessions count as one user), or, inside an
    ///   `AUTHENTICATE` exchange, a PLAIN response for user `***`; a `+` continuation the server sent
    ///   while a suppressed login was in progress becomes a comment;
    /// - a line exactly `truncatedLength` bytes long (Thunderbird cuts its log lines there) becomes
    ///   a comment, not a malformed line the server never sent, and so do the server lines after
    ///   it up to the next response (the rest of what was cut: a literal's lines).
    /// - a suppressed entry where a literal's content is due (APPEND's message, which Thunderbird
    ///   does not log either): that many filler bytes (above `fillerLimit`, that many with the
    ///   announced size changed to match); the CRLF that ends the command, written on its own,
    ///   a comment.
    /// A line without a log prefix right after a `SendData` line continues what the client wrote
    /// (a command or literal with line breaks). Nil when no line has a `SendData` or
    /// `CreateNewLineFromSocket` entry.
    public static func thunderbirdIMAPLog(_ data: [UInt8]) -> [UInt8]? {
        let lines = logLines(data)
        var out: [[UInt8]] = []
        out.reserveCapacity(lines.count)
        var sessions: [String: Int] = [:]
        var states: [Int: ThunderbirdSession] = [:]
        var lastClientSession: Int?
        var sawEntry = false
        for line in lines {
            guard let entry = ThunderbirdEntry(line) else {
                if let k = lastClientSession, !line.isEmpty, !isLogLine(line) {
                    // What the client wrote went on past a line break: the same unit's next line.
                    out.append(transcriptPrefix(UInt8(ascii: "C"), session: k) + [0x20] + Array(line))
                } else {
                    out.append(line.isEmpty ? [] : Array("# ".utf8) + line)
                }
                continue
            }
            sawEntry = true
            let k: Int
            if let known = sessions[entry.instance] {
                k = known
            } else {
                k = sessions.count + 1
                sessions[entry.instance] = k
            }
            var state = states[k] ?? ThunderbirdSession()
            defer { states[k] = state }
            let content = Array(entry.data)
            if content.count == truncatedLength {
                out.append(Array("# (cut at \(truncatedLength) bytes by the log) ".utf8) + line)
                lastClientSession = nil
                if !entry.isClient { state.afterCut = true }
                continue
            }
            if !entry.isClient, state.afterCut {
                // The lines of a literal the cut line announced, and the line that goes on after
                // it: up to the next response (untagged, continuation, or a command's tagged one).
                let word = firstWord(content) ?? []
                if word == Array("*".utf8) || content.first == UInt8(ascii: "+") || state.pending.contains(word) {
                    state.afterCut = false
                } else {
                    out.append(Array("# (the rest of a response cut by the log) ".utf8) + line)
                    continue
                }
            }
            if entry.isClient {
                lastClientSession = k
                if content.isEmpty {
                    // The CRLF that ends a command after its literal, written on its own.
                    out.append(Array("# ".utf8) + line)
                    continue
                }
                if content.elementsEqual(suppressedLogin) {
                    if var n = state.literal, let announcer = state.announcer {
                        // A literal's content (APPEND's message), not logged: n filler bytes.
                        if n > fillerLimit, let shrunk = announcing(n, as: fillerLimit, out[announcer]) {
                            out[announcer] = shrunk
                            n = fillerLimit
                        }
                        out.append(transcriptPrefix(UInt8(ascii: "C"), session: k) + [0x20] + [UInt8](repeating: UInt8(ascii: "x"), count: n))
                        state.literal = nil
                    } else if state.authenticating != nil {
                        out.append(transcriptPrefix(UInt8(ascii: "C"), session: k) + [0x20] + Base64.encode([0] + Array("***".utf8) + [0] + Array("***".utf8)))
                    } else {
                        state.suppressed = out.count
                        out.append(Array("# ".utf8) + line)
                    }
                    continue
                }
                if state.literal == nil, let tag = firstWord(content) {
                    state.pending.insert(tag)
                    let words = String(decoding: content, as: UTF8.self).split(separator: " ")
                    if words.count >= 2, words[1].uppercased() == "AUTHENTICATE" { state.authenticating = tag }
                }
                state.literal = announcedLiteral(content)
                state.announcer = out.count
                out.append(transcriptPrefix(UInt8(ascii: "C"), session: k) + [0x20] + content)
                continue
            }
            lastClientSession = nil
            if let tag = firstWord(content), tag != Array("*".utf8), tag != Array("+".utf8) {
                if state.pending.remove(tag) == nil {
                    // The answer to the suppressed command (no command of the record has its tag).
                    if let at = state.suppressed {
                        out[at] = transcriptPrefix(UInt8(ascii: "C"), session: k) + [0x20] + tag + Array(" LOGIN \"***\" \"***\"".utf8)
                    }
                    state.suppressed = nil
                }
                // An AUTHENTICATE ends with its own tagged response, not another command's.
                if state.authenticating == tag { state.authenticating = nil }
            } else if state.suppressed != nil, content.first == UInt8(ascii: "+") {
                out.append(Array("# (a continuation of the suppressed login) ".utf8) + line)
                continue
            }
            out.append(transcriptPrefix(UInt8(ascii: "S"), session: k) + [0x20] + content)
        }
        guard sawEntry else { return nil }
        return Array(out.joined(separator: [0x0A])) + (data.last == 0x0A ? [0x0A] : [])
    }

    /// The length Thunderbird cuts a logged protocol line to (`%.400s`).
    static let truncatedLength = 400

    static let suppressedLogin = Array("Logging suppressed for this command (it probably contained authentication information)".utf8)

    /// The size `n` of a literal `{n}` or `{n+}` that `content` ends with.
    static func announcedLiteral(_ content: [UInt8]) -> Int? {
        guard content.last == UInt8(ascii: "}"), let open = content.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        var digits = content[(open + 1)..<(content.count - 1)]
        if digits.last == UInt8(ascii: "+") { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// The first space-delimited word of `content`, nil when empty.
    static func firstWord(_ content: [UInt8]) -> [UInt8]? {
        let word = content.prefix { $0 != 0x20 }
        return word.isEmpty ? nil : Array(word)
    }

    /// Whether `line` starts like a log line of its own (a log prefix closed by `]: ` near its
    /// start), not a piece of protocol data.
    static func isLogLine(_ line: ArraySlice<UInt8>) -> Bool {
        ThunderbirdEntry.logPrefixEnd(line) != nil
    }
}

/// One session's state while reading a Thunderbird log.
struct ThunderbirdSession {
    /// Tags of commands sent and not yet answered.
    var pending: Set<[UInt8]> = []
    /// The output line of a suppressed command whose tag is not known yet.
    var suppressed: Int?
    /// The tag of an `AUTHENTICATE` in progress (its responses are suppressed too).
    var authenticating: [UInt8]?
    /// The size of the literal the last client line announced, and that line's output index.
    var literal: Int?
    var announcer: Int?
    /// A server line was cut by the log: the lines that follow, up to the next response, belong to
    /// it (a literal's lines) and are left out too.
    var afterCut = false
}

/// A `SendData` or `CreateNewLineFromSocket` entry of a Thunderbird IMAP log line.
struct ThunderbirdEntry {
    var instance: String
    var isClient: Bool
    var data: ArraySlice<UInt8>

    static let send = Array(":SendData: ".utf8)
    static let receive = Array(":CreateNewLineFromSocket: ".utf8)

    init?(_ line: ArraySlice<UInt8>) {
        guard let (at, isClient) = Self.marker(line) else { return nil }
        // The log prefix ends before the marker (a "]: " in the data is the server's).
        var s = Self.logPrefixEnd(line[..<at]) ?? line.startIndex
        // Gecko's log level and module ("I/IMAP ", "D/IMAP ") since MOZ_LOG.
        if line[s..<at].count > 7, line[(s + 1)..<(s + 7)].elementsEqual(Array("/IMAP ".utf8)) { s += 7 }
        let instance = line[s..<at].prefix { $0 != UInt8(ascii: ":") }
        guard !instance.isEmpty, instance.count <= 24, !instance.contains(0x20) else { return nil }
        self.instance = String(decoding: instance, as: UTF8.self)
        self.isClient = isClient
        var d = line[(at + (isClient ? Self.send.count : Self.receive.count))...]
        while d.last == 0x0D || d.last == 0x0A { d = d.dropLast() }
        self.data = d
    }

    /// Where the first `SendData` or `CreateNewLineFromSocket` marker starts, and which it is.
    static func marker(_ line: ArraySlice<UInt8>) -> (Int, Bool)? {
        var i = line.startIndex
        while i < line.endIndex {
            if line[i] == UInt8(ascii: ":") {
                if line[i...].starts(with: send) { return (i, true) }
                if line[i...].starts(with: receive) { return (i, false) }
            }
            i += 1
        }
        return nil
    }

    /// The index after the first `]: ` within the line's first 120 bytes (the end of the log
    /// prefix: `1344[3f74b68]: `, `... - [Parent 12345: IMAP]: `), nil when there is none.
    static func logPrefixEnd(_ line: ArraySlice<UInt8>) -> Int? {
        let limit = Swift.min(line.endIndex, line.startIndex + 120)
        var i = line.startIndex
        while i + 3 <= limit {
            if line[i] == UInt8(ascii: "]"), line[i + 1] == UInt8(ascii: ":"), line[i + 2] == 0x20 { return i + 3 }
            i += 1
        }
        return nil
    }
}
