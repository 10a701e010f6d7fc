#if canImport(Glibc)
import Glibc
#endif

/// A transport failure with its place: the operation that failed and the errno (0 when the failure
/// is not an OS error, e.g. a refused non-loopback host). A deadline that passed is reported with
/// `ETIMEDOUT`, whether the OS or the transport's own clock noticed it.
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public var operation: String
    public var errno: Int32
    public var detail: String

    public init(operation: String, errno: Int32 = 0, detail: String) {
        self.operation = operation
        self.errno = errno
        self.detail = detail
    }

    /// A deadline passed before the operation could complete.
    public static func timedOut(_ operation: String, detail: String) -> TransportError {
        TransportError(operation: operation, errno: ETIMEDOUT, detail: detail)
    }

    /// Whether this is a passed deadline (`timedOut(_:detail:)` or the OS's ETIMEDOUT).
    public var isTimeout: Bool { errno == ETIMEDOUT }

    public var description: String {
        errno == 0 ? "\(operation): \(detail)" : "\(operation): \(detail) (errno \(errno))"
    }
}
