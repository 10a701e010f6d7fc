import Foundation
import IMAPClient
import Synchronization

/// A scripted IMAP responder for connection tests: runs its steps on its own thread over one end
/// of an `InProcessTransport` pair and records what the client sent and where it disagreed.
final class FakeIMAPServer: Sendable {
    enum Step: Sendable {
        /// Send these bytes (write `\r\n` explicitly).
        case send(String)
        /// Send raw bytes.
        case sendBytes([UInt8])
        /// Read one CRLF-terminated line and require it to equal the text (CRLF excluded).
        case expect(String)
        /// Require that the client sends nothing for this long (e.g. before a continuation).
        case expectSilence(Duration)
        /// Close the connection.
        case close
        /// Wait this long without reading or writing.
        case pause(Duration)
    }

    let client: InProcessTransport
    private let server: InProcessTransport
    private let state = Mutex<(lines: [String], problems: [String], finished: Bool)>(([], [], false))
    private let done = DispatchSemaphore(value: 0)

    init(_ steps: [Step]) {
        (client, server) = InProcessTransport.makePair()
        let server = self.server
        let thread = Thread { [self] in
            run(steps, on: server)
            state.withLock { $0.finished = true }
            done.signal()
        }
        thread.start()
    }

    /// The lines the server read, CRLF removed.
    var lines: [String] { state.withLock { $0.lines } }

    /// Disagreements between the script and the client; empty when the client followed it.
    /// Waits (up to 5 s) for the script to finish first.
    var problems: [String] {
        _ = done.wait(timeout: .now() + 5)
        return state.withLock { $0.finished ? $0.problems : $0.problems + ["script did not finish"] }
    }

    private func run(_ steps: [Step], on transport: InProcessTransport) {
        var buffer: [UInt8] = []
        for step in steps {
            switch step {
            case .send(let text):
                try? transport.send(Array(text.utf8), deadline: .now + .seconds(2))
            case .sendBytes(let bytes):
                try? transport.send(bytes, deadline: .now + .seconds(2))
            case .expect(let expected):
                guard let line = readLine(&buffer, transport, deadline: .now + .seconds(3)) else {
                    problem("expected \"\(expected)\", got nothing")
                    return
                }
                state.withLock { $0.lines.append(line) }
                if line != expected { problem("expected \"\(expected)\", got \"\(line)\"") }
            case .expectSilence(let duration):
                if !buffer.isEmpty {
                    problem("client sent \(buffer.count) bytes too early")
                } else if let bytes = try? transport.receive(deadline: .now + duration), !bytes.isEmpty {
                    problem("client sent \"\(String(decoding: bytes, as: UTF8.self))\" too early")
                    buffer.append(contentsOf: bytes)
                }
            case .close:
                transport.close()
            case .pause(let duration):
                Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
            }
        }
    }

    private func problem(_ text: String) {
        state.withLock { $0.problems.append(text) }
    }

    private func readLine(_ buffer: inout [UInt8], _ transport: InProcessTransport,
                          deadline: ContinuousClock.Instant) -> String? {
        while true {
            if let lf = buffer.firstIndex(of: 0x0A), lf > 0, buffer[lf - 1] == 0x0D {
                let line = String(decoding: buffer[..<(lf - 1)], as: UTF8.self)
                buffer.removeFirst(lf + 1)
                return line
            }
            guard let bytes = try? transport.receive(deadline: deadline), !bytes.isEmpty else { return nil }
            buffer.append(contentsOf: bytes)
        }
    }
}
