import IMAPWire

/// Readers for protocol logs. The server-side ones (Dovecot rawlog, Cyrus telemetry) turn one
/// session's log into framed units with times, which `merge(_:)` interleaves by time into one
/// multi-session trace; the client-side ones (MailKit, Horde) become transcripts line for line.
public enum LogReaders {
    /// One line of a log: the direction, the time and the bytes (CRLF appended).
    struct TimedLine {
        var direction: TraceEvent.Direction
        var time: Double
        var bytes: [UInt8]
        var line: Int
        /// Position in the session's chronological order of pieces.
        var order = 0
    }

    /// Dovecot's `rawlog -t` output (rawlog_dir): a `.in` file (client to server) and a `.out`
    /// file (server to client), each line `<unix time> <protocol line>`; literal lines carry a
    /// timestamp too. Returns the session's units in time order.
    public static func dovecotRawlog(input: [UInt8], output: [UInt8], session: Int, file: String) throws(TraceError) -> [TraceEvent] {
        var lines: [TimedLine] = []
        for (data, dir, name) in [(input, TraceEvent.Direction.client, file + ".in"), (output, .server, file + ".out")] {
            var n = 0
            for raw in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
                n += 1
                var l = Array(raw)
                if l.last == 0x0D { l.removeLast() }
                if l.isEmpty { continue }
                guard let space = l.firstIndex(of: 0x20), let t = Double(String(decoding: l[..<space], as: UTF8.self)) else {
                    throw TraceError(file: name, line: n, reason: "a rawlog line starts with a Unix time and a space")
                }
                lines.append(TimedLine(direction: dir, time: t, bytes: Array(l[(space + 1)...]) + [0x0D, 0x0A], line: n))
            }
        }
        // Two files: chronological order comes from the microsecond times (client first on a tie,
        // since a response cannot precede what it answers).
        lines = lines.enumerated().sorted { a, b in
            (a.element.time, a.element.direction == .client ? 0 : 1, a.offset) < (b.element.time, b.element.direction == .client ? 0 : 1, b.offset)
        }.map(\.element)
        return try frame(lines, session: session, file: file)
    }

    /// Cyrus's per-session telemetry log: blocks that start with `<time<` (client) or `>time>`
    /// (server) at the beginning of a line; a block runs until the next marker, so literals and
    /// several responses written at once stay together. A first line of dashes is a header.
    public static func cyrusTelemetry(_ data: [UInt8], session: Int, file: String) throws(TraceError) -> [TraceEvent] {
        var lines: [TimedLine] = []
        var n = 0
        var current: TimedLine?
        var rows = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        if data.last == 0x0A { rows.removeLast() }
        for raw in rows {
            n += 1
            var l = Array(raw)
            if l.last == 0x0D { l.removeLast() }
            if let marker = l.first, marker == UInt8(ascii: "<") || marker == UInt8(ascii: ">"),
               let close = l.dropFirst().firstIndex(of: marker), close > 1,
               let t = Double(String(decoding: l[1..<close], as: UTF8.self)) {
                if let c = current { lines.append(c) }
                current = TimedLine(direction: marker == UInt8(ascii: "<") ? .client : .server, time: t,
                                    bytes: Array(l[(close + 1)...]) + [0x0D, 0x0A], line: n)
            } else if current != nil {
                current!.bytes += l + [0x0D, 0x0A]
            } else if !l.isEmpty, !l.starts(with: Array("-----".utf8)) {
                throw TraceError(file: file, line: n, reason: "telemetry text before the first <time< or >time> marker")
            }
        }
        if let c = current { lines.append(c) }
        return try frame(lines, session: session, file: file)
    }

    /// Frames each direction's byte stream into units, each stamped with the time and line of the
    /// piece it starts in. `lines` is in the session's chronological order (for telemetry, the
    /// file's order: its times have one-second resolution); the units keep that order.
    static func frame(_ pieces: [TimedLine], session: Int, file: String) throws(TraceError) -> [TraceEvent] {
        var lines = pieces
        for i in lines.indices { lines[i].order = i }
        var events: [(order: Int, event: TraceEvent)] = []
        for dir in [TraceEvent.Direction.client, .server] {
            var framer = Framer(direction: dir == .client ? .client : .server, options: .lenient)
            // The unit being assembled started in this piece.
            var start: TimedLine?
            for piece in lines where piece.direction == dir {
                if !framer.hasPartialUnit { start = piece }
                framer.append(piece.bytes)
                do throws(WireError) {
                    while let u = try framer.next() {
                        let origin = start ?? piece
                        events.append((origin.order, TraceEvent(session: session, direction: dir, bytes: u, line: origin.line, time: origin.time)))
                        start = framer.hasPartialUnit ? piece : nil
                    }
                } catch {
                    throw TraceError(file: file, line: piece.line, reason: "cannot frame: \(error)")
                }
            }
            do throws(WireError) { try framer.finish() } catch {
                throw TraceError(file: file, line: start?.line ?? 0, reason: "the log ends inside a unit: \(error)")
            }
        }
        return events.sorted { $0.order < $1.order }.map(\.event)
    }

    /// The direction byte (`C` or `S`) of a client log's `C:`/`S:` line, nil for any other line.
    static func logDirection(_ line: ArraySlice<UInt8>) -> UInt8? {
        guard line.count >= 2, line[line.startIndex + 1] == UInt8(ascii: ":"),
              line[line.startIndex] == UInt8(ascii: "C") || line[line.startIndex] == UInt8(ascii: "S") else { return nil }
        return line[line.startIndex]
    }

    /// The transcript prefix of `direction`'s line in `session`: `C2:`, `S2:`.
    static func transcriptPrefix(_ direction: UInt8, session: Int) -> [UInt8] {
        [direction] + Array(String(session).utf8) + [UInt8(ascii: ":")]
    }

    /// MailKit's `ProtocolLogger` output (the protocol log MailKit's issue template asks for): a
    /// `Connected to <uri>` line for each connection, then every line written or read with the
    /// prefix `C: ` or `S: `. Returns it as a transcript with the same lines: the k-th connection's
    /// lines become session k's (`Ck:`, `Sk:`), the `Connected to` lines comments, and a redacted
    /// LOGIN argument (`********`, MailKit's AuthenticationSecretDetector) a quoted string, so the
    /// command still parses. Nil when the first line that is not blank is not a `Connected to` line.
    public static func mailKitProtocolLog(_ data: [UInt8]) -> [UInt8]? {
        let connected = Array("Connected to ".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(data.count + data.count / 8)
        var session = 0
        var start = 0
        while start < data.count {
            var end = start
            while end < data.count, data[end] != 0x0A { end += 1 }
            let line = data[start..<end]
            let blank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if line.starts(with: connected) {
                session += 1
                out += Array("# ".utf8) + line
            } else if session == 0 {
                guard blank else { return nil }
                out += line
            } else if let d = logDirection(line) {
                let content = line.dropFirst(2)
                out += transcriptPrefix(d, session: session)
                out += d == UInt8(ascii: "C") ? unredactedLogin(content) : Array(content)
            } else {
                out += line
            }
            if end < data.count { out.append(0x0A) }
            start = end + 1
        }
        return session == 0 ? nil : out
    }

    /// A client line `tag LOGIN user password` with either argument redacted as `********` (not an
    /// astring): the redaction quoted.
    static func unredactedLogin(_ content: ArraySlice<UInt8>) -> [UInt8] {
        var text = String(decoding: content, as: UTF8.self)
        let cr = text.hasSuffix("\r")
        if cr { text.removeLast() }
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let tag = words.first == "" ? 1 : 0  // the space after "C:"
        guard words.count == tag + 4, words[tag + 1].uppercased() == "LOGIN",
              words[(tag + 2)...].contains("********") else { return Array(content) }
        for k in (tag + 2)...(tag + 3) where words[k] == "********" { words[k] = "\"********\"" }
        return Array((words.joined(separator: " ") + (cr ? "\r" : "")).utf8)
    }

    /// The debug log of Horde's IMAP client (Horde_Imap_Client, which Nextcloud Mail and Horde IMP
    /// write and users paste into bug reports): `C: ` and `S: ` lines, `>> ` information lines (a
    /// `>> Connection to:` line for each connection), a line of dashes for each new log. Returns it
    /// as a transcript with the same number of lines: the k-th connection's lines become session
    /// k's, information lines comments, and the redactions the log makes turned back into protocol
    /// the checker can read:
    /// - `AUTHENTICATE PLAIN [INITIAL CLIENT RESPONSE (username: u)]`: the initial response for user
    ///   `u` with the password masked (RFC 4616, RFC 4959), so the user is known;
    /// - `[LITERAL DATA: n bytes]` in place of a literal's content: n filler bytes (the content is
    ///   not logged; a mod-sequence check never needs it; above `fillerLimit` that many, with the
    ///   announced size changed to match), with the line after it, which goes on from the end of
    ///   the literal, joined to it (a comment keeps its place).
    /// Nil when the log shows neither a dash line nor a `>> ` line before its first `C:`/`S:` line.
    /// Several PHP processes may write one log file at once, their lines interleaved with no mark
    /// of whose they are; Horde numbers a connection's commands 1, 2, 3..., so a command whose tag
    /// is not the one after its connection's last shows it (or lines left out of an excerpt), and
    /// is an error naming the line: such lines cannot be given to the right session.
    public static func hordeDebugLog(_ data: [UInt8], file: String = "<input>") throws(TraceError) -> [UInt8]? {
        let lines = logLines(data)
        func isDashes(_ l: ArraySlice<UInt8>) -> Bool { l.count >= 10 && l.allSatisfy { $0 == UInt8(ascii: "-") } }
        func isInfo(_ l: ArraySlice<UInt8>) -> Bool { l.starts(with: Array(">> ".utf8)) || l.elementsEqual(Array(">>".utf8)) }
        guard let first = lines.firstIndex(where: { logDirection($0) != nil }),
              lines[..<first].contains(where: { isDashes($0) || isInfo($0) }) else { return nil }
        var out: [[UInt8]] = []
        var session = 0
        var lastTag: Int?
        var i = 0
        while i < lines.count {
            let line = lines[i]
            defer { i += 1 }
            if isDashes(line) || isInfo(line) {
                if line.starts(with: Array(">> Connection to:".utf8)) {
                    session += 1
                    lastTag = nil
                }
                out.append(Array("# ".utf8) + line)
                continue
            }
            guard let d = logDirection(line) else {
                out.append(Array(line))
                continue
            }
            let prefix = transcriptPrefix(d, session: max(session, 1))
            var content = Array(line.dropFirst(2))
            if d == UInt8(ascii: "C") {
                content = unredactedPlain(content)
                let first = content.drop { $0 == 0x20 }.prefix { $0 != 0x20 }
                if !first.isEmpty, first.count < 10, first.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let tag = Int(String(decoding: first, as: UTF8.self)) {
                    if let last = lastTag, tag != last + 1 {
                        throw TraceError(file: file, line: i + 1, reason: "command tag \(tag) where this connection's next is \(last + 1):"
                                         + " the log interleaves several connections (processes writing one log) or leaves lines out;"
                                         + " cut it into one complete file per connection")
                    }
                    lastTag = tag
                }
            }
            if var n = literalPlaceholder(content) {
                // A large literal stands in as `fillerLimit` bytes, its announced size changed to
                // match: its content is not logged, and a log of many large bodies would otherwise
                // be rebuilt at full size in memory.
                if n > fillerLimit, let last = out.last, let shrunk = announcing(n, as: fillerLimit, last) {
                    out[out.count - 1] = shrunk
                    n = fillerLimit
                }
                // The literal's bytes, then what the next line of the same direction goes on with.
                var joined = [UInt8](repeating: UInt8(ascii: "x"), count: n)
                // After "S: " a line that goes on from the literal starts with the protocol's own
                // bytes (" BODY[2] ...", ")"); one that starts with a tag is a new command (the
                // literal ended an APPEND).
                let next = i + 1 < lines.count ? lines[i + 1].dropFirst(2) : []
                let rest = next.first == 0x20 ? next.dropFirst() : next
                if i + 1 < lines.count, logDirection(lines[i + 1]) == d, literalPlaceholder(Array(next)) == nil,
                   rest.isEmpty || rest.first == 0x20 || rest.first == UInt8(ascii: ")") {
                    joined += rest
                    out.append(prefix + [0x20] + joined)
                    out.append(Array("# (joined to the line above: it goes on after the literal)".utf8))
                    i += 1
                } else {
                    out.append(prefix + [0x20] + joined)
                }
                continue
            }
            out.append(prefix + content)
        }
        return Array(out.joined(separator: [0x0A])) + (data.last == 0x0A ? [0x0A] : [])
    }

    /// The lines of a log, without their LF or CRLF.
    static func logLines(_ data: [UInt8]) -> [ArraySlice<UInt8>] {
        TranscriptReader.splitLines(data).map { data[$0.start..<$0.end] }
    }

    /// The most filler bytes a Horde literal stand-in becomes.
    static let fillerLimit = 1 << 16

    /// `line` with the literal size `{n}` (or `{n+}`) it ends with announced as `{k}`; nil when it
    /// does not end with that size.
    static func announcing(_ n: Int, as k: Int, _ line: [UInt8]) -> [UInt8]? {
        for plus in ["", "+"] {
            let form = Array("{\(n)\(plus)}".utf8)
            if line.count >= form.count, line.suffix(form.count).elementsEqual(form) {
                return Array(line.dropLast(form.count)) + Array("{\(k)\(plus)}".utf8)
            }
        }
        return nil
    }

    /// `[LITERAL DATA: n bytes]`, Horde's stand-in for a literal's content: n.
    static func literalPlaceholder(_ content: [UInt8]) -> Int? {
        let text = String(decoding: content, as: UTF8.self).drop { $0 == " " }
        guard text.hasPrefix("[LITERAL DATA: "), text.hasSuffix(" bytes]") else { return nil }
        return Int(text.dropFirst("[LITERAL DATA: ".count).dropLast(" bytes]".count)).flatMap { $0 >= 0 && $0 <= 1 << 26 ? $0 : nil }
    }

    /// `tag AUTHENTICATE PLAIN [INITIAL CLIENT RESPONSE (username: u)]`: the initial response
    /// `\0u\0***` in base64, as the client sent it but for the password.
    static func unredactedPlain(_ content: [UInt8]) -> [UInt8] {
        let marker = Array(" [INITIAL CLIENT RESPONSE (username: ".utf8)
        guard content.count > marker.count + 2, content.suffix(2).elementsEqual(Array(")]".utf8)),
              let at = content.indices.first(where: { content[$0...].starts(with: marker) }),
              String(decoding: content[..<at], as: UTF8.self).uppercased().hasSuffix(" AUTHENTICATE PLAIN") else { return content }
        let user = content[(at + marker.count)..<(content.count - 2)]
        return Array(content[..<at]) + [0x20] + Base64.encode([0] + Array(user) + [0] + Array("***".utf8))
    }

    /// Interleaves several sessions' units by time, keeping each session's own order: a k-way
    /// merge that always takes the earliest next unit (ties go to the lower session index).
    public static func merge(_ sessions: [[TraceEvent]]) -> Trace {
        var next = Array(repeating: 0, count: sessions.count)
        var out: [TraceEvent] = []
        while true {
            var best: Int?
            for k in sessions.indices where next[k] < sessions[k].count {
                let t = sessions[k][next[k]].time ?? 0
                if best == nil || t < (sessions[best!][next[best!]].time ?? 0) { best = k }
            }
            guard let b = best else { return Trace(events: out) }
            out.append(sessions[b][next[b]])
            next[b] += 1
        }
    }
}
