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
        return try frame(lines, session: session, file: file)
    }

    /// Cyrus's per-session telemetry log: blocks that start with `<time<` (client) or `>time>`
    /// (server) at the beginning of a line; a block runs until the next marker, so literals and
    /// several responses written at once stay together. A first line of dashes is a header.
    public static func cyrusTelemetry(_ data: [UInt8], session: Int, file: String) throws(TraceError) -> [TraceEvent] {
        var lines: [TimedLine] = []
        var n = 0
        var current: TimedLine?
        for raw in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
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
        // A block's trailing empty line comes from the split; drop the extra CRLF.
        for i in lines.indices where lines[i].bytes.suffix(4) == [0x0D, 0x0A, 0x0D, 0x0A] { lines[i].bytes.removeLast(2) }
        return try frame(lines, session: session, file: file)
    }

    /// Frames each direction's byte stream into units, each stamped with the time and line of the
    /// piece it starts in.
    static func frame(_ lines: [TimedLine], session: Int, file: String) throws(TraceError) -> [TraceEvent] {
        var events: [TraceEvent] = []
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
                        events.append(TraceEvent(session: session, direction: dir, bytes: u, line: origin.line, time: origin.time))
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
        return events.sorted { a, b in
            if a.time != b.time { return (a.time ?? 0) < (b.time ?? 0) }
            if a.direction != b.direction { return a.direction == .client }
            return a.line < b.line
        }
    }

    /// Interleaves several sessions' units by time (a stable merge: equal times keep the order of
    /// `sessions`).
    public static func merge(_ sessions: [[TraceEvent]]) -> Trace {
        var all: [(Int, TraceEvent)] = []
        for s in sessions { for e in s { all.append((all.count, e)) } }
        all.sort { a, b in (a.1.time ?? 0, a.0) < (b.1.time ?? 0, b.0) }
        return Trace(events: all.map(\.1))
    }
}
