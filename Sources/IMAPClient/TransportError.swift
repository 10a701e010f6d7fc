/// A transport failure with its place: the operation that failed and the errno (0 when the failure
/// is not an OS error, e.g. a timeout or the peer closing the connection).
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
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
