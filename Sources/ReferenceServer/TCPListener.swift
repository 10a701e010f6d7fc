import Dispatch
import Foundation
import Glibc
import Synchronization

/// Why the server could not listen.
public enum ListenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The address is not an IPv4 loopback address: the reference server never listens where
    /// another machine could reach it.
    case notLoopback(String)
    /// A system call failed.
    case system(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .notLoopback(let host):
            return "refusing to listen on \(host): only loopback addresses (127.0.0.0/8, localhost) are allowed"
        case .system(let operation, let errno):
            return "\(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        }
    }
}

/// A TCP listener on the loopback interface that hands each accepted connection to a
/// `ReferenceServer` thread. `stop()` stops accepting, closes the listening socket and every
/// connection, and returns when all their threads have ended.
public final class TCPListener: Sendable {
    public let server: ReferenceServer
    /// The bound address, dotted quad.
    public let host: String
    /// The bound port (the one the kernel chose when 0 was asked for).
    public let port: UInt16
    private let fd: Int32
    private let stopping = Atomic<Bool>(false)
    private let acceptor = DispatchGroup()

    init(server: ReferenceServer, host: String, port: UInt16) throws(ListenError) {
        guard let address = Self.loopbackAddress(host) else { throw .notLoopback(host) }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system(operation: "socket", errno: errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        sin.sin_addr = address
        let bound = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let e = errno
            _ = Glibc.close(fd)
            throw .system(operation: bound == 0 ? "listen" : "bind", errno: e)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &actual.sin_addr, &text, socklen_t(text.count))
        self.server = server
        self.fd = fd
        self.port = UInt16(bigEndian: actual.sin_port)
        self.host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        acceptor.enter()
        Thread { [self] in
            acceptLoop()
            acceptor.leave()
        }.start()
    }

    /// `host` as an IPv4 address when it is a loopback one: 127.0.0.0/8 or "localhost".
    static func loopbackAddress(_ host: String) -> in_addr? {
        var address = in_addr()
        let name = host.lowercased() == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, name, &address) == 1 else { return nil }
        return UInt32(bigEndian: address.s_addr) >> 24 == 127 ? address : nil
    }

    private func acceptLoop() {
        while !stopping.load(ordering: .acquiring) {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 50) > 0 else { continue }
            let client = accept(fd, nil, nil)
            guard client >= 0 else {
                usleep(10_000)  // e.g. EMFILE: the socket stays readable, so do not spin
                continue
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            var one: Int32 = 1
            _ = setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            server.start(SocketStream(descriptor: client))
        }
    }

    /// Stops accepting, closes the listening socket and the server's connections, and waits for
    /// every thread. Idempotent.
    public func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        acceptor.wait()
        _ = Glibc.close(fd)
        server.stop()
    }
}

extension ReferenceServer {
    /// Listens on `host:port` (port 0: one the kernel chooses, see `TCPListener.port`); only
    /// loopback addresses are accepted.
    public func listen(host: String = "127.0.0.1", port: UInt16 = 0) throws(ListenError) -> TCPListener {
        try TCPListener(server: self, host: host, port: port)
    }
}
