/// One framed unit of a recorded IMAP session: a command or a response line with its literals
/// inline and its final CRLF, as `Framer` cuts the stream (RFC 3501 §2.2, §4.3).
public struct TraceEvent: Hashable, Sendable {
    /// Who sent the unit.
    public enum Direction: String, Hashable, Sendable {
        case client, server
    }

    /// The connection the unit belongs to (1 when the trace does not number sessions).
    public var session: Int
    public var direction: Direction
    /// One framed unit, CRLF included.
    public var bytes: [UInt8]
    /// The 1-based source line where the unit starts.
    public var line: Int
    /// Seconds since the start of the recording, when the source records times.
    public var time: Double?

    public init(session: Int, direction: Direction, bytes: [UInt8], line: Int, time: Double? = nil) {
        self.session = session
        self.direction = direction
        self.bytes = bytes
        self.line = line
        self.time = time
    }
}

/// A recorded exchange: the units of every session in the order they were completed. A client
/// unit that waited for a continuation request (`+`) comes after that request, because it is
/// complete only once its literal has been sent.
public struct Trace: Hashable, Sendable {
    public var events: [TraceEvent]

    public init(events: [TraceEvent] = []) { self.events = events }
}

/// A trace that cannot be read: where (file and 1-based line) and why.
public struct TraceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(reason)" }
}
