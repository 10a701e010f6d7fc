import IMAPTypes
import IMAPWire
import SpecModel

/// Where a fuzzing run sends its commands: the model in process, the reference server, or a
/// live server. Each call returns the units exchanged, as they would be recorded.
public protocol FuzzTarget {
    /// Opens session `session` and returns the server's greeting (and any units before a command).
    mutating func connect(session: Int) throws -> [ExchangedUnit]
    /// Sends one command on `session` and returns the client unit followed by every server unit up
    /// to and including the tagged completion.
    mutating func send(_ command: TaggedCommand, session: Int) throws -> [ExchangedUnit]
    /// Closes the session's connection.
    mutating func disconnect(session: Int)
}

/// One unit a target exchanged, as recorded, with the server response when the target's own
/// client already parsed the unit with the checker's options (strict, then lenient), so that
/// the checker does not parse the same bytes twice. Nil means the checker parses `event.bytes`.
public struct ExchangedUnit: Sendable {
    public var event: TraceEvent
    public var response: Parsed<ServerResponse>?

    public init(_ event: TraceEvent, response: Parsed<ServerResponse>? = nil) {
        self.event = event
        self.response = response
    }
}

/// A failure of the target itself (connection lost, no answer), not of the protocol: it ends the
/// run with the trace so far.
public struct TargetError: Error, CustomStringConvertible, Sendable {
    public var session: Int
    public var reason: String
    /// Units received before the failure.
    public var partial: [TraceEvent]
    /// The server closed the connection (RFC 3501 §3.4 asks an untagged BYE before that).
    public var serverClosed: Bool

    public init(session: Int, reason: String, partial: [TraceEvent] = [], serverClosed: Bool = false) {
        self.session = session
        self.reason = reason
        self.partial = partial
        self.serverClosed = serverClosed
    }

    public var description: String { "session \(session): \(reason)" }
}

/// The reference model (`MailStore`) driven directly, each command encoded and each response
/// encoded as they would travel on the wire: the fastest target, and the one the checker's
/// no-false-alarm tests use.
public struct ModelTarget: FuzzTarget {
    public private(set) var store: MailStore
    var ids: [Int: Int] = [:]

    public init(store: MailStore) { self.store = store }

    // The checker parses every unit this target encodes, so that the encoder and the parser stay
    // in the loop of the no-false-alarm tests.
    public mutating func connect(session: Int) throws -> [ExchangedUnit] {
        ids[session] = store.openSession()
        let greeting = ServerResponse.untagged(.condition(.ok, ResponseText(code: .capability(store.capabilities), text: "ready")))
        return [ExchangedUnit(TraceEvent(session: session, direction: .server, bytes: ResponseEncoder.encode(greeting), line: 0))]
    }

    public mutating func send(_ command: TaggedCommand, session: Int) throws -> [ExchangedUnit] {
        guard let id = ids[session] else { throw TargetError(session: session, reason: "not connected") }
        var out = [ExchangedUnit(TraceEvent(session: session, direction: .client, bytes: CommandEncoder.encode(.command(command)), line: 0))]
        let outcome = store.execute(command.command, tag: command.tag, session: id)
        for u in outcome.untagged {
            out.append(ExchangedUnit(TraceEvent(session: session, direction: .server, bytes: ResponseEncoder.encode(.untagged(u)), line: 0)))
        }
        let tagged = ServerResponse.tagged(command.tag, outcome.status, ResponseText(code: outcome.code, text: outcome.text))
        out.append(ExchangedUnit(TraceEvent(session: session, direction: .server, bytes: ResponseEncoder.encode(tagged), line: 0)))
        return out
    }

    public mutating func disconnect(session: Int) {
        if let id = ids[session] { store.closeSession(id) }
        ids[session] = nil
    }
}
