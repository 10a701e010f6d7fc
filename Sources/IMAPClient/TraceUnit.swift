/// One framed unit on the wire, as recorded: a line with its literals inline and its CRLF (or,
/// for a client command cut short by a refused synchronising literal, the bytes actually sent).
public struct TraceUnit: Hashable, Sendable {
    /// Who sent the unit.
    public enum Direction: String, Hashable, Sendable, CaseIterable {
        case client = "C"
        case server = "S"
    }

    /// Session number, 1-based, unique within a recording.
    public var session: Int
    public var direction: Direction
    /// Seconds since the recording started.
    public var time: Double
    public var data: [UInt8]

    public init(session: Int, direction: Direction, time: Double, data: [UInt8]) {
        self.session = session
        self.direction = direction
        self.time = time
        self.data = data
    }
}

/// A malformed line of a `jsonl` trace: the 1-based line, the byte column and the reason.
public struct TraceFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var reason: String

    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "line \(line), column \(column): \(reason)" }
}
