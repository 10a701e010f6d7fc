import IMAPWire

/// Readers for server-side protocol logs. Each turns one session's log into framed units with
/// times; `merge(_:)` interleaves several sessions by time into one multi-session trace.
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
            } else if line.count >= 2, line[line.startIndex] == UInt8(ascii: "C") || line[line.startIndex] == UInt8(ascii: "S"),
                      line[line.startIndex + 1] == UInt8(ascii: ":") {
                let content = line.dropFirst(2)
                out.append(line[line.startIndex])
                out += Array(String(session).utf8)
                out.append(UInt8(ascii: ":"))
                out += line[line.startIndex] == UInt8(ascii: "C") ? unredactedLogin(content) : Array(content)
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
