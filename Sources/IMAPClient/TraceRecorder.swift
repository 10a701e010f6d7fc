#if canImport(Glibc)
import Glibc
#endif
import IMAPWire
import Synchronization

/// Records every framed unit of one or more sessions as `TraceEvent`s, in the order they are
/// completed (the `Trace` order: a client unit with a synchronising literal comes after the
/// continuation request it waited for), to memory and optionally to a `jsonl` file
/// (`TraceJSONL`), one line written per unit as it happens. The n-th event has `line` n, its line
/// in the `jsonl` text. Thread-safe: connections on different threads may share one recorder.
///
/// The recorder stores what it is given; `Connection` gives it units with passwords already
/// masked (LOGIN's password as `"***"`, AUTHENTICATE PLAIN's as base64 of `\0user\0***`).
public final class TraceRecorder: Sendable {
    private struct State {
        var events: [TraceEvent] = []
        var sessions = 0
        var fileError: TransportError?
    }

    private let start = ContinuousClock.now
    private let state = Mutex(State())
    private let fd: Int32?

    /// A recorder that keeps the events in memory only.
    public init() { fd = nil }

    /// A recorder that also writes each event to `path` (created or truncated).
    public init(path: String) throws(TransportError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let e = errno
            throw TransportError(operation: "open trace", errno: e, detail: "\(path): \(String(cString: strerror(e)))")
        }
        self.fd = fd
    }

    deinit {
        if let fd { close(fd) }
    }

    /// A new session number: 1, 2, ...
    public func startSession() -> Int {
        state.withLock { s in
            s.sessions += 1
            return s.sessions
        }
    }

    /// Records `data` as one unit completed now, and returns the recorded event.
    @discardableResult
    public func record(session: Int, direction: TraceEvent.Direction, data: [UInt8]) -> TraceEvent {
        let elapsed = (ContinuousClock.now - start).components
        let micros = elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000
        return state.withLock { s in
            let event = TraceEvent(session: session, direction: direction, bytes: data, line: s.events.count + 1,
                                   time: Double(max(0, micros)) / 1e6)
            s.events.append(event)
            if let fd, s.fileError == nil {
                s.fileError = Self.write(TraceJSONL.encode(event) + "\n", to: fd)
            }
            return event
        }
    }

    /// Every event recorded so far, in recording order.
    public var events: [TraceEvent] { state.withLock { $0.events } }

    /// The recording as a `Trace`.
    public var trace: Trace { Trace(events: events) }

    /// The first failure writing the trace file, if any (recording to memory goes on regardless).
    public var fileError: TransportError? { state.withLock { $0.fileError } }

    /// The recording as `jsonl` text.
    public var jsonl: String { TraceJSONL.encode(events) }

    /// The recording as a `C1:`/`S1:` transcript for display (`Transcript.renderText`).
    public var transcript: String { Transcript.renderText(events) }

    private static func write(_ text: String, to fd: Int32) -> TransportError? {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n > 0 {
                written += n
            } else if errno != EINTR {
                let e = errno
                return TransportError(operation: "write trace", errno: e, detail: String(cString: strerror(e)))
            }
        }
        return nil
    }
}
