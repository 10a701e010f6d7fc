import Glibc
import Synchronization

/// A connected TCP socket as a `ServerStream`. `close()` shuts the socket down, which ends a
/// `read` blocked in another thread; the descriptor itself is released when the stream is
/// deallocated, so that it is never closed while another thread may still use it.
public final class SocketStream: ServerStream {
    private let fd: Int32
    private let isShut = Atomic<Bool>(false)

    /// Takes ownership of a connected socket descriptor.
    public init(descriptor: Int32) { fd = descriptor }

    deinit { _ = Glibc.close(fd) }

    public func read(timeout: Duration) throws(ServerStreamError) -> ServerStreamRead {
        if isShut.load(ordering: .acquiring) { return .endOfStream }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&p, 1, Self.milliseconds(timeout))
        if ready < 0 {
            if errno == EINTR { return .timedOut }
            throw ServerStreamError(operation: "poll", errno: errno, detail: "cannot wait for the client")
        }
        if ready == 0 { return .timedOut }
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 {
            if errno == EINTR || errno == EAGAIN { return .timedOut }
            if errno == ECONNRESET { return .endOfStream }
            throw ServerStreamError(operation: "recv", errno: errno, detail: "cannot read from the client")
        }
        if n == 0 { return .endOfStream }
        return .bytes(Array(buffer[..<n]))
    }

    public func write(_ bytes: [UInt8]) throws(ServerStreamError) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ServerStreamError(operation: "send", errno: errno, detail: "cannot write to the client")
            }
            sent += n
        }
    }

    public func close() {
        guard !isShut.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = shutdown(fd, Int32(SHUT_RDWR))
    }

    /// A duration as poll(2)'s milliseconds, rounded up.
    static func milliseconds(_ d: Duration) -> Int32 {
        let (s, atto) = d.components
        return Int32(clamping: max(0, s * 1000 + (atto + 999_999_999_999_999) / 1_000_000_000_000_000))
    }
}
