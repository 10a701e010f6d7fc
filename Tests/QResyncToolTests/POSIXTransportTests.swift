#if canImport(Glibc)
import Glibc
#endif
import Foundation
import IMAPClient
import Testing

/// A listening TCP socket on 127.0.0.1 with an ephemeral port, made for one test.
private final class LoopbackListener: Sendable {
    let fd: Int32
    let port: UInt16

    init(backlog: Int32 = 4) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TransportError(operation: "socket", errno: errno, detail: "test listener") }
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        sa.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, backlog) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else {
            close(fd)
            throw TransportError(operation: "bind", errno: errno, detail: "test listener")
        }
        self.fd = fd
        port = UInt16(bigEndian: sa.sin_port)
    }

    /// Accepts one connection on a thread, hands it to `body`, then closes it.
    func serveOnce(_ body: @escaping @Sendable (Int32) -> Void) {
        let fd = self.fd
        Thread {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            body(client)
            close(client)
        }.start()
    }

    deinit { close(fd) }
}

@Suite("POSIXTransport - loopback sockets with deadlines")
struct POSIXTransportTests {
    @Test("a greeting is received, then the end of stream when the server closes")
    func greetingThenClose() throws {
        let listener = try LoopbackListener()
        listener.serveOnce { fd in
            let greeting = Array("* OK [CAPABILITY IMAP4rev1] hello\r\n".utf8)
            _ = greeting.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }
        let connection = try Connection.open(host: "127.0.0.1", port: listener.port, options: .init(timeout: .seconds(2)))
        #expect(connection.greeting?.status == .ok)
        #expect(connection.greeting?.text.text == "hello")
        #expect(throws: ConnectionError.self) { _ = try connection.execute(.noop) }
        #expect(connection.recorder.events.first.map { String(decoding: $0.bytes, as: UTF8.self) } == "* OK [CAPABILITY IMAP4rev1] hello\r\n")
    }

    @Test("a server that never writes is a read timeout within the deadline")
    func readTimeout() throws {
        let listener = try LoopbackListener()
        listener.serveOnce { _ in Thread.sleep(forTimeInterval: 3) }
        let transport = try POSIXTransport(host: "localhost", port: listener.port, connectTimeout: .seconds(2))
        let start = ContinuousClock.now
        #expect {
            _ = try transport.receive(deadline: start + .milliseconds(200))
        } throws: { ($0 as? TransportError)?.isTimeout == true }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(200))
        #expect(elapsed < .seconds(2))
    }

    @Test("each receive keeps its own deadline, shorter or longer than the last (the receive timeout follows it)")
    func receiveDeadlinesChange() throws {
        let listener = try LoopbackListener()
        listener.serveOnce { fd in
            Thread.sleep(forTimeInterval: 0.4)
            _ = Glibc.send(fd, "a", 1, 0)
            Thread.sleep(forTimeInterval: 3)
        }
        let transport = try POSIXTransport(host: "127.0.0.1", port: listener.port, connectTimeout: .seconds(2))
        var start = ContinuousClock.now
        #expect {
            _ = try transport.receive(deadline: start + .milliseconds(100))
        } throws: { ($0 as? TransportError)?.isTimeout == true }
        // A longer deadline outlasts the short timeout set for the last receive.
        #expect(try transport.receive(deadline: .now + .seconds(3)) == Array("a".utf8))
        #expect(ContinuousClock.now - start >= .milliseconds(350))
        // A shorter deadline again after a long one ends on time.
        start = ContinuousClock.now
        #expect {
            _ = try transport.receive(deadline: start + .milliseconds(150))
        } throws: { ($0 as? TransportError)?.isTimeout == true }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("a server that never reads is a send timeout once the socket buffers are full")
    func sendTimeout() throws {
        let listener = try LoopbackListener()
        listener.serveOnce { _ in Thread.sleep(forTimeInterval: 2) }
        let transport = try POSIXTransport(host: "127.0.0.1", port: listener.port, connectTimeout: .seconds(2))
        let start = ContinuousClock.now
        #expect {
            try transport.send([UInt8](repeating: 0x41, count: 64 << 20), deadline: start + .milliseconds(300))
        } throws: { ($0 as? TransportError)?.isTimeout == true }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("close() from another thread wakes a blocked receive")
    func closeWakesReceive() throws {
        let listener = try LoopbackListener()
        listener.serveOnce { _ in Thread.sleep(forTimeInterval: 1.5) }
        let transport = try POSIXTransport(host: "127.0.0.1", port: listener.port, connectTimeout: .seconds(2))
        Thread {
            Thread.sleep(forTimeInterval: 0.1)
            transport.close()
        }.start()
        let start = ContinuousClock.now
        #expect(throws: TransportError.self) { _ = try transport.receive(deadline: start + .seconds(5)) }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("a server that vanishes (reset) is an error on receive and on send, without SIGPIPE")
    func vanishedServer() throws {
        let listener = try LoopbackListener()
        listener.serveOnce { fd in
            // SO_LINGER with a zero timeout: close() sends RST, as when a server process dies.
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            // Reset only once the client's connect has surely completed.
            Thread.sleep(forTimeInterval: 0.2)
        }
        let transport = try POSIXTransport(host: "127.0.0.1", port: listener.port, connectTimeout: .seconds(2))
        let start = ContinuousClock.now
        #expect {
            _ = try transport.receive(deadline: start + .seconds(2))
        } throws: { ($0 as? TransportError)?.errno == ECONNRESET }
        #expect(ContinuousClock.now - start < .milliseconds(1500))
        // Sending into the dead connection fails (EPIPE) instead of killing the process.
        var failure: TransportError?
        for _ in 0..<10 where failure == nil {
            do { try transport.send(Array("a1 NOOP\r\n".utf8), deadline: .now + .seconds(1)) } catch { failure = error }
        }
        #expect(failure?.errno == EPIPE || failure?.errno == ECONNRESET)
    }

    @Test("a connect the server never completes times out within the connect timeout")
    func connectTimeout() throws {
        // A listener that never accepts, with the smallest backlog: once its queue is full the
        // kernel drops further SYNs, so the next connect is never answered.
        let listener = try LoopbackListener(backlog: 0)
        var held: [POSIXTransport] = []
        var timeout: TransportError?
        var elapsed: Duration = .zero
        for _ in 0..<8 where timeout == nil {
            let start = ContinuousClock.now
            do {
                held.append(try POSIXTransport(host: "127.0.0.1", port: listener.port, connectTimeout: .milliseconds(300)))
            } catch {
                timeout = error
                elapsed = ContinuousClock.now - start
            }
        }
        #expect(timeout?.isTimeout == true)
        #expect(timeout?.operation == "connect")
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(2))
    }

    @Test("connecting to a closed port fails with ECONNREFUSED")
    func refusedPort() throws {
        let port: UInt16
        do {
            let listener = try LoopbackListener()
            port = listener.port
        }   // closed again here: nothing listens on the port
        #expect {
            _ = try POSIXTransport(host: "127.0.0.1", port: port, connectTimeout: .seconds(2))
        } throws: { error in
            guard let e = error as? TransportError else { return false }
            return e.operation == "connect" && e.errno == ECONNREFUSED
        }
    }

    @Test("Connection.open reports an unreachable or refused host as a transport error")
    func openFailures() throws {
        let port: UInt16
        do { port = try LoopbackListener().port }
        for host in ["127.0.0.1", "192.0.2.1"] {
            #expect {
                _ = try Connection.open(host: host, port: port, options: .init(timeout: .seconds(2)))
            } throws: { error in
                guard let e = error as? ConnectionError, case .transport(let t) = e.kind else { return false }
                return t.operation == "connect" && (host == "127.0.0.1" ? t.errno == ECONNREFUSED : t.errno == 0)
            }
        }
    }

    @Test("hosts outside loopback are refused before any socket exists",
          arguments: ["192.0.2.1", "10.0.0.1", "0.0.0.0", "example.com", "localhost.example.com", "::ffff:127.0.0.1",
                      "::", "128.0.0.1", "127.1", "", "[::2]"])
    func nonLoopbackRefused(host: String) {
        let start = ContinuousClock.now
        #expect {
            _ = try POSIXTransport(host: host, port: 143, connectTimeout: .seconds(5))
        } throws: { error in
            guard let e = error as? TransportError else { return false }
            return e.operation == "connect" && e.errno == 0 && e.detail.contains("only loopback")
        }
        // No connection attempt, no name resolution: the refusal is immediate.
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("loopback spellings are accepted", arguments: ["127.0.0.1", "127.255.255.254", "localhost", "LOCALHOST", "::1", "[::1]"])
    func loopbackAccepted(host: String) throws {
        let port: UInt16
        do { port = try LoopbackListener().port }
        // Nothing listens: a refused connection proves the host passed the loopback check.
        #expect {
            _ = try POSIXTransport(host: host, port: port, connectTimeout: .seconds(2))
        } throws: { error in
            guard let e = error as? TransportError else { return false }
            return e.errno == ECONNREFUSED || e.errno == EADDRNOTAVAIL || e.errno == ENETUNREACH || e.errno == EAFNOSUPPORT
        }
    }
}
