import Foundation
import Glibc
import IMAPTypes
import IMAPWire
import ReferenceServer

/// One direction of an in-memory byte pipe: what is written comes out in order; closing it is
/// the end of the stream for the reader.
final class BytePipe: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var closed = false

    func write(_ data: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        bytes += data
        condition.broadcast()
        return true
    }

    /// Bytes, [] at the end of the stream, nil when nothing came within `timeout`.
    func read(timeout: Duration) -> [UInt8]? {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while bytes.isEmpty, !closed {
            if !condition.wait(until: deadline) { return nil }
        }
        let out = bytes
        bytes = []
        return out
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The server's end of an in-memory connection.
final class PipeServerEnd: ServerStream {
    let fromClient: BytePipe
    let toClient: BytePipe

    init(fromClient: BytePipe, toClient: BytePipe) {
        self.fromClient = fromClient
        self.toClient = toClient
    }

    func read(timeout: Duration) throws(ServerStreamError) -> ServerStreamRead {
        guard let b = fromClient.read(timeout: timeout) else { return .timedOut }
        return b.isEmpty ? .endOfStream : .bytes(b)
    }

    func write(_ bytes: [UInt8]) throws(ServerStreamError) {
        guard toClient.write(bytes) else { throw ServerStreamError(operation: "write", detail: "closed") }
    }

    func close() {
        fromClient.close()
        toClient.close()
    }
}

/// How a test reaches the server.
enum Route: String, CaseIterable, Sendable, CustomStringConvertible {
    case inProcess = "in-process"
    case tcp = "TCP 127.0.0.1"
    var description: String { rawValue }
}

/// A deliberately dumb IMAP client for the tests: it writes the bytes it is given and splits
/// what comes back into response units (checking each against the strict response grammar),
/// without the IMAPClient module.
final class RawIMAPClient {
    private let sendBytes: ([UInt8]) -> Bool
    private let receive: (Duration) -> [UInt8]?
    private let shutdown: () -> Void
    private var framer = Framer(direction: .server)
    let responseOptions: ParseOptions
    /// Units that did not parse as responses, with the reason.
    private(set) var unparsable: [String] = []
    private(set) var ended = false

    init(send: @escaping ([UInt8]) -> Bool, receive: @escaping (Duration) -> [UInt8]?, close: @escaping () -> Void,
         responseOptions: ParseOptions) {
        sendBytes = send
        self.receive = receive
        shutdown = close
        self.responseOptions = responseOptions
    }

    /// A client connected to `server` by `route`; for TCP, `listener` must be listening.
    static func connect(_ route: Route, _ server: ReferenceServer, listener: TCPListener?,
                        responseOptions: ParseOptions = .strict) -> RawIMAPClient {
        switch route {
        case .inProcess:
            let up = BytePipe(), down = BytePipe()
            server.start(PipeServerEnd(fromClient: up, toClient: down))
            return RawIMAPClient(send: { up.write($0) }, receive: { down.read(timeout: $0) },
                                 close: { up.close(); down.close() }, responseOptions: responseOptions)
        case .tcp:
            let socket = TestSocket(port: listener!.port)
            return RawIMAPClient(send: { socket.send($0) }, receive: { socket.receive(timeout: $0) },
                                 close: { socket.close() }, responseOptions: responseOptions)
        }
    }

    func send(_ text: String) { _ = sendBytes(Array(text.utf8)) }

    func close() { shutdown() }

    /// The next response unit as text (CRLF removed), or nil at the end of the stream or after
    /// `timeout` without one.
    func next(timeout: Duration = .seconds(5)) -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let unit = try? framer.next() {
                do {
                    _ = try ResponseParser.parse(unit, options: responseOptions)
                } catch {
                    unparsable.append("\(String(decoding: unit, as: UTF8.self)): \(error)")
                }
                return String(decoding: unit.dropLast(2), as: UTF8.self)
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return nil }
            guard let bytes = receive(left) else { return nil }
            if bytes.isEmpty {
                ended = true
                return nil
            }
            framer.append(bytes)
        }
    }

    /// Every unit up to and including the tagged response for `tag`.
    func responses(to tag: String, timeout: Duration = .seconds(5)) -> [String] {
        var out: [String] = []
        while let line = next(timeout: timeout) {
            out.append(line)
            if line.hasPrefix(tag + " ") { break }
        }
        return out
    }

    /// Sends `tag command` and returns the responses up to its tagged one.
    @discardableResult
    func run(_ tag: String, _ command: String) -> [String] {
        send("\(tag) \(command)\r\n")
        return responses(to: tag)
    }

    /// Reads the greeting and logs in.
    func login(user: String = "test", password: String = "testpass") {
        _ = next()
        run("L", "LOGIN \(user) \(password)")
    }
}

/// A blocking TCP client socket to 127.0.0.1 with timeouts, written here rather than taken from
/// IMAPClient so that the server is tested by code that shares nothing with it.
final class TestSocket: @unchecked Sendable {
    private let fd: Int32

    init(port: UInt16) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        sin.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        _ = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    deinit { Glibc.close(fd) }

    func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    func receive(timeout: Duration) -> [UInt8]? {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000 + 1)
        guard poll(&p, 1, ms) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n <= 0 ? [] : Array(buffer[..<n])
    }

    func close() { _ = shutdown(fd, Int32(SHUT_RDWR)) }
}
