import Foundation
import Glibc
import Synchronization
import Testing
import ReferenceServer
@testable import QResyncTool

/// Issue 5, robustness: a server that drops the connection, stops answering or sends garbage in
/// the middle of a run ends `qresync fuzz` with a clear error or finding and the trace so far;
/// never a hang or a crash. The server is the reference server on a loopback port whose
/// connections turn bad after a number of bytes.
@Suite("Fuzzer - a server that misbehaves mid-run", .serialized)
struct FuzzRobustnessTests {
    enum Misbehaviour: String, CaseIterable, Sendable {
        case drop, silence, garbage
    }

    /// The reference server's connection, until `after` bytes were written; then it misbehaves.
    final class TurningStream: ServerStream, @unchecked Sendable {
        let inner: SocketStream
        let misbehaviour: Misbehaviour
        let after: Int
        private let written = Mutex(0)

        init(_ inner: SocketStream, _ misbehaviour: Misbehaviour, after: Int) {
            self.inner = inner
            self.misbehaviour = misbehaviour
            self.after = after
        }

        func read(timeout: Duration) throws(ServerStreamError) -> ServerStreamRead { try inner.read(timeout: timeout) }

        func write(_ bytes: [UInt8]) throws(ServerStreamError) {
            let total = written.withLock { $0 += bytes.count; return $0 }
            guard total > after else { return try inner.write(bytes) }
            switch misbehaviour {
            case .drop:
                inner.close()
                throw ServerStreamError(operation: "write", detail: "dropped on purpose")
            case .silence:
                return
            case .garbage:
                try inner.write(Array("* 1 FETCH (((\u{1}\u{2}garbage\r\n)) BAD\r\n".utf8))
            }
        }

        func close() { inner.close() }
    }

    /// A loopback listener serving the reference server through `TurningStream`s.
    final class Listener: @unchecked Sendable {
        let fd: Int32
        let port: UInt16
        let server: ReferenceServer
        private let stopping = Atomic<Bool>(false)

        init(_ misbehaviour: Misbehaviour, after: Int) throws {
            server = ReferenceServer(.init(user: "test", password: "testpass", seed: 5, mailboxes: [.inbox]))
            let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let bound = withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            try #require(bound == 0 && listen(sock, 16) == 0)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &length) }
            }
            fd = sock
            port = UInt16(bigEndian: sin.sin_port)
            Thread { [self] in
                while !stopping.load(ordering: .acquiring) {
                    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    guard poll(&p, 1, 50) > 0 else { continue }
                    let client = accept(fd, nil, nil)
                    guard client >= 0 else { continue }
                    server.start(TurningStream(SocketStream(descriptor: client), misbehaviour, after: after))
                }
            }.start()
        }

        func stop() {
            stopping.store(true, ordering: .releasing)
            server.stop()
            _ = Glibc.close(fd)
        }
    }

    @Test("the run ends with the trace so far and a clear error, exit 1 or 2, never a hang", arguments: Misbehaviour.allCases)
    func misbehaving(_ misbehaviour: Misbehaviour) throws {
        let listener = try Listener(misbehaviour, after: 30_000)
        defer { listener.stop() }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("robust-\(misbehaviour.rawValue)-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        setenv("QRESYNC_ROBUSTNESS_PASSWORD", "testpass", 1)
        var io = StandardStreams.captured
        let start = ContinuousClock.now
        let code = QResyncCommandLine.run(["fuzz", "--server", "imap://test@127.0.0.1:\(listener.port)", "--password-env",
                                           "QRESYNC_ROBUSTNESS_PASSWORD", "--seed", "9", "--ops", "2000", "--keep-going",
                                           "--out", out.path], streams: &io)
        let elapsed = ContinuousClock.now - start
        // A violation (garbage is a grammar finding) or an inconclusive end; 69 only if nothing ran.
        #expect(code == 1 || code == 2, "exit \(code): \(io.stdoutText) \(io.stderrText)")
        #expect(io.stdoutText.contains("the run ended early") || io.stdoutText.contains("violation"), "\(io.stdoutText)")
        #expect(elapsed < .seconds(60))
        // The trace so far is kept, and the report says where.
        let trace = out.appendingPathComponent("seed-9.jsonl")
        let text = try String(contentsOf: trace, encoding: .utf8)
        #expect(text.split(separator: "\n").count > 10)
        #expect(io.stdoutText.contains("trace: \(trace.path)"))
        // RFC 3501 §3.4: a server that hangs up without an untagged BYE breaks R3501-3.4#2.
        #expect(io.stdoutText.contains("R3501-3.4#2") == (misbehaviour == .drop), "\(io.stdoutText)")
    }
}
