import IMAPClient
import ReferenceServer

/// The server's end of an IMAPClient `Transport` as a `ServerStream`, so the reference server can
/// be driven in process (ReferenceServer may not import IMAPClient; this is the thin bridge).
final class TransportServerStream: ServerStream {
    let transport: any Transport

    init(_ transport: any Transport) { self.transport = transport }

    func read(timeout: Duration) throws(ServerStreamError) -> ServerStreamRead {
        do {
            let bytes = try transport.receive(deadline: .now + timeout)
            return bytes.isEmpty ? .endOfStream : .bytes(bytes)
        } catch where error.isTimeout {
            return .timedOut
        } catch {
            throw ServerStreamError(operation: error.operation, errno: error.errno, detail: error.detail)
        }
    }

    func write(_ bytes: [UInt8]) throws(ServerStreamError) {
        do { try transport.send(bytes, deadline: .now + .seconds(30)) } catch {
            throw ServerStreamError(operation: error.operation, errno: error.errno, detail: error.detail)
        }
    }

    func close() { transport.close() }
}
