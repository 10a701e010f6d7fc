#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Records every framed unit of one or more sessions, in the order they are completed (a client
/// unit with a synchronising literal after the continuation request it waited for), to memory
/// and optionally to a `jsonl` file (`TraceJSONL`), one line written per unit as it happens.
/// Thread-safe: connections on different threads may share one recorder.
///
/// The recorder stores what it is given; `Connection` gives it units with passwords already
/// masked (LOGIN's password as `"***"`, AUTHENTICATE PLAIN's as base64 of `\0user\0***`).
public final class TraceRecorder: Sendable {
    private struct State {
        var units: [TraceUnit] = []
        var sessions = 0
        var fileError: TransportError?
    }

    private let start = ContinuousClock.now
    private let state = Mutex(State())
    private let fd: Int32?

    /// A recorder that keeps the units in memory only.
    public init() { fd = nil }

    /// A recorder that also writes each unit to `path` (created or truncated).
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

    /// Records `data` as one unit completed now, and returns the recorded unit.
    @discardableResult
    public func record(session: Int, direction: TraceUnit.Direction, data: [UInt8]) -> TraceUnit {
        let elapsed = ContinuousClock.now - start
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let unit = TraceUnit(session: session, direction: direction, time: Double(max(0, micros)) / 1e6, data: data)
        state.withLock { s in
            s.units.append(unit)
            guard let fd, s.fileError == nil else { return }
            let line = Array((TraceJSONL.encode(unit) + "\n").utf8)
            var written = 0
            while written < line.count {
                let n = line.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
                if n > 0 {
                    written += n
                } else if errno != EINTR {
                    let e = errno
                    s.fileError = TransportError(operation: "write trace", errno: e, detail: String(cString: strerror(e)))
                    return
                }
            }
        }
        return unit
    }

    /// Every unit recorded so far, in recording order.
    public var units: [TraceUnit] { state.withLock { $0.units } }

    /// The first failure writing the trace file, if any (recording to memory goes on regardless).
    public var fileError: TransportError? { state.withLock { $0.fileError } }

    /// The recording as `jsonl` text.
    public var jsonl: String { TraceJSONL.encode(units) }

    /// The recording as a `C1:`/`S1:` transcript for display (`Transcript.renderText`).
    public var transcript: String { Transcript.renderText(units) }
}
