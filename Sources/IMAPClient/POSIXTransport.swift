#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A TCP connection over Glibc sockets, RFC 3501 §2.1, to loopback only.
///
/// Every wait is bounded by a deadline, so a silent or vanished server ends in a timeout, never a
/// hang: connecting and sending are non-blocking (`MSG_DONTWAIT`) and wait in `poll(2)`; receiving
/// blocks in `recv(2)` under a receive timeout (`SO_RCVTIMEO`) no longer than the time left, which
/// is one system call per reply instead of a `poll(2)` and a `recv(2)`. `EINTR` is retried,
/// `SIGPIPE` is avoided with `MSG_NOSIGNAL`. `close()` shuts the socket down (waking a blocked
/// `receive` in another thread); the descriptor itself is released when the transport is
/// deallocated, so its number cannot be reused while another thread still waits on it.
///
/// This project never sends traffic anywhere but the local machine: any host that is not
/// `localhost`, an IPv4 address in 127.0.0.0/8 or `::1` is refused before a socket exists.
public final class POSIXTransport: Transport {
    public let host: String
    public let port: UInt16
    private let fd: Int32
    private let isClosed = Mutex(false)
    /// The read buffer, allocated once (a fresh 64 KiB per read cost a clear and page faults on
    /// every reply), and whether the last read filled it.
    private let receiveState = Mutex(ReceiveState())

    private struct ReceiveState {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var lastFilledBuffer = false
        /// The socket's receive timeout as last set (`SO_RCVTIMEO`); nil before the first.
        var timeout: Duration?
    }

    /// How much later than its deadline a receive may give up: the receive timeout is set again
    /// only when the time left differs from the timeout set by more than this, which saves a
    /// `setsockopt(2)` per reply when every deadline is the same time from now.
    static let receiveTimeoutSlack = Duration.milliseconds(20)

    /// Connects to `host:port`, failing after `connectTimeout`.
    public init(host: String, port: UInt16, connectTimeout: Duration) throws(TransportError) {
        let address = try Self.loopbackAddress(host)
        self.host = host
        self.port = port
        let deadline = ContinuousClock.now + connectTimeout
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = Glibc.socket(family, socketType, 0)
        guard fd >= 0 else { throw Self.osError("socket", "\(host):\(port)") }
        do {
            try Self.connect(fd, address: address, port: port, deadline: deadline, name: "\(host):\(port)")
        } catch {
            Glibc.close(fd)
            throw error
        }
        var one: Int32 = 1
        // Commands are small and answered one at a time: do not let Nagle delay them.
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        // From here on receiving blocks (under SO_RCVTIMEO); sending passes MSG_DONTWAIT.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.fd = fd
    }

    deinit { Glibc.close(fd) }

    public func send(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(TransportError) {
        try checkOpen("send")
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { p in
                Glibc.send(fd, p.baseAddress! + sent, p.count - sent, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if n > 0 {
                sent += n
                continue
            }
            let e = errno
            switch e {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                try Self.wait(fd, for: Int16(POLLOUT), deadline: deadline, operation: "send",
                              detail: "the server took \(sent) of \(bytes.count) bytes")
            default:
                throw TransportError(operation: "send", errno: e, detail: Self.message(e))
            }
        }
    }

    public func receive(deadline: ContinuousClock.Instant) throws(TransportError) -> [UInt8] {
        try checkOpen("receive")
        return try receiveState.withLock { (state: inout ReceiveState) throws(TransportError) -> [UInt8] in
            // A reply is rarely there the moment it is asked for, so the first read blocks, unless
            // the last one filled the buffer (more is likely queued): that one only looks.
            var blocking = !state.lastFilledBuffer
            while true {
                if blocking {
                    let left = deadline - ContinuousClock.now
                    guard left > .zero else {
                        throw TransportError.timedOut("receive", detail: "no data from the server before the deadline")
                    }
                    if state.timeout.map({ left - $0 > Self.receiveTimeoutSlack || $0 - left > Self.receiveTimeoutSlack }) ?? true {
                        try Self.setReceiveTimeout(fd, left)
                        state.timeout = left
                    }
                }
                let flags = blocking ? Int32(0) : Int32(MSG_DONTWAIT)
                let n = state.buffer.withUnsafeMutableBytes { p in Glibc.recv(fd, p.baseAddress!, p.count, flags) }
                if n > 0 {
                    state.lastFilledBuffer = n == state.buffer.count
                    return Array(state.buffer[..<n])
                }
                state.lastFilledBuffer = false
                if n == 0 {
                    try checkOpen("receive")
                    return []
                }
                let e = errno
                switch e {
                case EINTR:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    // Nothing queued, or the receive timeout ran out: wait (again) for what is left.
                    blocking = true
                default:
                    throw TransportError(operation: "receive", errno: e, detail: Self.message(e))
                }
            }
        }
    }

    public func close() {
        isClosed.withLock { closed in
            guard !closed else { return }
            closed = true
            _ = shutdown(fd, Int32(SHUT_RDWR))
        }
    }

    private func checkOpen(_ operation: String) throws(TransportError) {
        if isClosed.withLock({ $0 }) {
            throw TransportError(operation: operation, errno: EBADF, detail: "the transport is closed")
        }
    }

    // MARK: - Loopback addresses

    /// A loopback address: IPv4 in 127.0.0.0/8 or IPv6 `::1`.
    enum LoopbackAddress: Hashable, Sendable {
        case v4(UInt32)   // network byte order
        case ipv6Loopback

        var isIPv6: Bool { self == .ipv6Loopback }
    }

    /// The loopback address `host` names, or an error without touching the network: no name is
    /// resolved (`localhost` is 127.0.0.1 by definition here), so nothing leaves the machine.
    static func loopbackAddress(_ host: String) throws(TransportError) -> LoopbackAddress {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.lowercased() == "localhost" { return .v4(UInt32(0x7F00_0001).bigEndian) }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1, UInt32(bigEndian: v4.s_addr) >> 24 == 127 {
            return .v4(v4.s_addr)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes == [UInt8](repeating: 0, count: 15) + [1] { return .ipv6Loopback }
        }
        throw TransportError(
            operation: "connect",
            detail: "refusing host \"\(host)\": only loopback (127.0.0.0/8, ::1, localhost) is allowed")
    }

    // MARK: - Socket calls

    private static func connect(_ fd: Int32, address: LoopbackAddress, port: UInt16,
                                deadline: ContinuousClock.Instant, name: String) throws(TransportError) {
        let r: Int32
        switch address {
        case .v4(let addr):
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_port = port.bigEndian
            sa.sin_addr.s_addr = addr
            r = withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .ipv6Loopback:
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = port.bigEndian
            sa.sin6_addr = in6addr_loopback
            r = withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        if r == 0 { return }
        let e = errno
        // A non-blocking connect interrupted by a signal goes on in the background, like
        // EINPROGRESS (POSIX connect(2)); both finish when the socket becomes writable.
        guard e == EINPROGRESS || e == EINTR else {
            throw TransportError(operation: "connect", errno: e, detail: "\(name): \(message(e))")
        }
        try wait(fd, for: Int16(POLLOUT), deadline: deadline, operation: "connect",
                 detail: "\(name) did not accept the connection before the deadline")
        var soError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length) == 0 else {
            throw osError("connect", name)
        }
        if soError != 0 {
            throw TransportError(operation: "connect", errno: soError, detail: "\(name): \(message(soError))")
        }
    }

    /// Sets the socket's receive timeout to `duration` (at least a millisecond: zero means none).
    private static func setReceiveTimeout(_ fd: Int32, _ duration: Duration) throws(TransportError) {
        let (seconds, attoseconds) = max(duration, .milliseconds(1)).components
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        guard setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            throw osError("receive", "setting the receive timeout")
        }
    }

    /// Polls until `events` (or an error or hang-up, which the next call reports) or the deadline.
    private static func wait(_ fd: Int32, for events: Int16, deadline: ContinuousClock.Instant,
                             operation: String, detail: String) throws(TransportError) {
        while true {
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            let r = poll(&pfd, 1, deadline.pollMilliseconds)
            if r > 0 { return }
            if r < 0 {
                let e = errno
                if e == EINTR { continue }
                throw TransportError(operation: operation, errno: e, detail: message(e))
            }
            if ContinuousClock.now >= deadline { throw TransportError.timedOut(operation, detail: detail) }
        }
    }

    private static func osError(_ operation: String, _ name: String) -> TransportError {
        let e = errno
        return TransportError(operation: operation, errno: e, detail: "\(name): \(message(e))")
    }

    private static func message(_ e: Int32) -> String { String(cString: strerror(e)) }
}
