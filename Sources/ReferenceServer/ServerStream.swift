/// One connection's byte stream as the reference server sees it: a TCP socket (`SocketStream`)
/// or, in process, whatever a test or a client transport bridges to it. The protocol is this
/// small so that an adapter over another module's transport stays a few lines.
///
/// Implementations are safe to share between threads: `close()` may be called from any thread
/// and ends a `read` blocked in another (which then returns `.endOfStream` or fails).
public protocol ServerStream: AnyObject, Sendable {
    /// The next bytes from the client (at least one), `.endOfStream` once the client closed its
    /// side, or `.timedOut` when nothing arrived within `timeout`.
    func read(timeout: Duration) throws(ServerStreamError) -> ServerStreamRead

    /// Sends all of `bytes` to the client, or fails.
    func write(_ bytes: [UInt8]) throws(ServerStreamError)

    /// Closes both directions. Idempotent.
    func close()
}

/// What one `ServerStream.read` produced.
public enum ServerStreamRead: Hashable, Sendable {
    case bytes([UInt8])
    case endOfStream
    case timedOut
}

/// A stream failure with its place: the operation and the errno (0 when it is not an OS error).
public struct ServerStreamError: Error, Hashable, Sendable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32
    public var detail: String

    public init(operation: String, errno: Int32 = 0, detail: String) {
        self.operation = operation
        self.errno = errno
        self.detail = detail
    }

    public var description: String {
        errno == 0 ? "\(operation): \(detail)" : "\(operation): \(detail) (errno \(errno))"
    }
}
