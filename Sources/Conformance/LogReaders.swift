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
