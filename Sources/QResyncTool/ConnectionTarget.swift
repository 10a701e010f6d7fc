import Conformance
import IMAPClient
import IMAPTypes
import IMAPWire
import ReferenceServer

/// A fuzz target reached through `IMAPClient` connections: the reference server in process, or a
/// live server on loopback. Every unit is recorded; units carry the fuzz session's number.
public final class ConnectionTarget: FuzzTarget {
    enum Endpoint {
        case embedded(ReferenceServer)
        case tcp(host: String, port: UInt16)
    }

    let endpoint: Endpoint
    let recorder = TraceRecorder()
    let timeout: Duration
    private var connections: [Int: Connection] = [:]
    /// How many recorded units were already handed out: commands run one at a time, so every
    /// unit after it belongs to the session being served.
    private var taken = 0

    init(_ endpoint: Endpoint, timeout: Duration = .seconds(10)) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    /// The units recorded since the last call, numbered as the fuzz session.
    private func newUnits(_ session: Int) -> [TraceEvent] {
        let all = recorder.events
        defer { taken = all.count }
        return all[min(taken, all.count)...].map { e in
            var e = e
            e.session = session
            return e
        }
    }

    /// The units recorded since the last call, each server unit with the response `connection`
    /// parsed from it (its default options parse as the checker does: strict, then lenient).
    private func newUnits(_ session: Int, parsedBy connection: Connection) -> [ExchangedUnit] {
        let parsed = connection.lastExchangeParsedUnits
        var next = 0
        return newUnits(session).map { e in
            // Both ascend by line: one walk pairs them.
            while next < parsed.count, parsed[next].line < e.line { next += 1 }
            guard next < parsed.count, parsed[next].line == e.line else { return ExchangedUnit(e) }
            next += 1
            return ExchangedUnit(e, response: parsed[next - 1].response)
        }
    }

    public func connect(session: Int) throws -> [ExchangedUnit] {
        let prefix = Tag(FuzzConfiguration.tagPrefix(session))!
        let options = Connection.Options(tagPrefix: prefix, timeout: timeout)
        let transport = try endpoint.openTransport(timeout: timeout, session: session)
        let c = Connection(transport: transport, recorder: recorder, options: options)
        do {
            _ = try c.readGreeting()
            connections[session] = c
            return newUnits(session, parsedBy: c)
        } catch {
            throw TargetError(session: session, reason: "\(error)", partial: newUnits(session))
        }
    }

    public func send(_ command: TaggedCommand, session: Int) throws -> [ExchangedUnit] {
        guard let c = connections[session] else { throw TargetError(session: session, reason: "not connected") }
        do {
            if case .login(let user, let password) = command.command {
                _ = try c.login(user: user, password: password)
            } else {
                _ = try c.execute(command.command)
            }
            return newUnits(session, parsedBy: c)
        } catch {
            connections[session] = nil
            throw TargetError(session: session, reason: "\(error)", partial: newUnits(session),
                              serverClosed: error.serverClosed)
        }
    }

    public func disconnect(session: Int) {
        connections[session]?.close()
        connections[session] = nil
    }
}

extension ConnectionTarget.Endpoint {
    /// A new connection's transport: an in-process pair served by the reference server, or TCP
    /// to the loopback server within `timeout`.
    func openTransport(timeout: Duration, session: Int) throws(TargetError) -> any Transport {
        switch self {
        case .embedded(let server):
            let (client, end) = InProcessTransport.makePair()
            server.start(TransportServerStream(end))
            return client
        case .tcp(let host, let port):
            do { return try POSIXTransport(host: host, port: port, connectTimeout: timeout) } catch {
                throw TargetError(session: session, reason: "cannot connect to \(host):\(port): \(error)")
            }
        }
    }
}
