#if canImport(Glibc)
import Glibc
#endif
import IMAPTypes
import IMAPWire

/// Why a session could not go on, with the evidence: what the client was waiting for and every
/// byte received from the server during the exchange that failed (a partial unit included).
public struct ConnectionError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The transport failed (send, receive, connect), other than a timeout.
        case transport(TransportError)
        /// The deadline passed with no complete answer.
        case timedOut
        /// The server closed the connection (end of stream). `insideUnit` when it stopped in the
        /// middle of a line or literal.
        case closedByServer(insideUnit: Bool)
        /// Bytes that neither the strict nor the lenient parser accepts (the lenient parser's
        /// error), or a stream that cannot be framed into units.
        case unparseable(WireError)
        /// A well-formed response that has no place here, e.g. a continuation request when no
        /// literal or authentication data was pending, or a tag the client did not send.
        case unexpected(ServerResponse)
        /// The greeting was `* BYE` (RFC 3501 §7.1.5): the server refuses the session.
        case refused(ResponseText)
    }

    public var kind: Kind

    /// Whether the server closed the connection: end of stream, or a reset or broken pipe (on
    /// loopback only the peer causes those).
    public var serverClosed: Bool {
        switch kind {
        case .closedByServer: return true
        case .transport(let t): return t.errno == ECONNRESET || t.errno == EPIPE
        default: return false
        }
    }
    /// What the client was doing, e.g. "the tagged response to a3".
    public var waitingFor: String
    /// The server's bytes of the failed exchange: those received and not yet read as responses
    /// when it began, then every byte received during it.
    public var received: [UInt8]

    public init(kind: Kind, waitingFor: String, received: [UInt8]) {
        self.kind = kind
        self.waitingFor = waitingFor
        self.received = received
    }

    public var description: String {
        let what: String
        switch kind {
        case .transport(let e): what = "transport failure: \(e)"
        case .timedOut: what = "timed out"
        case .closedByServer(let inside): what = inside ? "the server closed the connection inside a response" : "the server closed the connection"
        case .unparseable(let e): what = "unparseable server bytes: \(e)"
        case .unexpected(let r):
            what = "unexpected response \"\(String(decoding: ResponseEncoder.encode(r).dropLast(2), as: UTF8.self))\""
        case .refused(let text): what = "the server refused the session: \(text.text)"
        }
        return "\(what) while waiting for \(waitingFor) (\(received.count) bytes received)"
    }
}
