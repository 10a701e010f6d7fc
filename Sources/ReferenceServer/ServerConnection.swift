import Foundation
import IMAPTypes
import IMAPWire
import SpecModel

/// The server's side of one connection: frames the client's bytes (RFC 3501 §2.2, with the
/// continuation request of §7.5 before each synchronising literal), parses each command, runs it
/// through `ReferenceServer.execute` and writes the responses. Malformed input gets a BAD naming
/// the rule and the connection goes on wherever the stream can be resynchronised. Used by one
/// thread only.
final class ServerConnection {
    let server: ReferenceServer
    let stream: any ServerStream
    let session: Int
    private var framer: Framer
    /// The bytes given to `framer` that it has not returned in a unit yet (the unit being
    /// assembled), kept to find the tag and the next line after a framing error.
    private var unconsumed: [UInt8] = []
    /// Bytes given to `framer` since it was made: the stream offset it counts from.
    private var appended = 0
    /// The value of `appended` when the last continuation request for a literal was sent.
    private var continuedAt: Int?
    /// After a line too long for the limits: input is dropped up to the next LF.
    private var discardingLine = false
    private var open = true

    init(server: ReferenceServer, stream: any ServerStream, session: Int) {
        self.server = server
        self.stream = stream
        self.session = session
        framer = Framer(direction: .client, options: server.parseOptions)
    }

    /// What `nextUnit` found.
    private enum Input {
        case unit([UInt8])
        /// Input that cannot be framed; `fatal` when the stream cannot be resynchronised.
        case malformed(Tag?, WireError, fatal: Bool)
        case timedOut
        case closed
    }

    // MARK: - The command loop

    func run() {
        send(.untagged(.condition(.ok, ResponseText(code: .capability(server.capabilities),
                                                    text: ServerIdentity.greetingText))))
        while open {
            switch nextUnit(timeout: .seconds(1)) {
            case .unit(let unit): handle(unit)
            case .malformed(let tag, let error, let fatal): refuse(tag, error, fatal: fatal)
            case .timedOut: continue
            case .closed: open = false
            }
        }
    }

    private func handle(_ unit: [UInt8]) {
        let message: ClientMessage
        do {
            message = try CommandParser.parse(unit, options: server.parseOptions).value
        } catch {
            send(bad(Self.tag(in: unit), error.description))
            return
        }
        switch message {
        case .idleDone, .authenticationData:
            send(bad(nil, "DONE outside IDLE (RFC 2177 section 3)"))
        case .command(let tc):
            switch tc.command {
            case .authenticate(let mechanism, let initial): authenticate(tc.tag, mechanism, initial)
            case .idle: idle(tc.tag)
            case .logout:
                respond(tc.tag, server.execute(.logout, tag: tc.tag, session: session))
                open = false
            default:
                respond(tc.tag, server.execute(tc.command, tag: tc.tag, session: session))
            }
        }
    }

    /// BAD for input that could not be framed; BYE and the end when it cannot be skipped.
    private func refuse(_ tag: Tag?, _ error: WireError, fatal: Bool) {
        var code: ResponseCode?
        if error.rule == "literal" { code = .other(name: "TOOBIG", arguments: nil) }  // RFC 7889 §4
        let text = ResponseText(code: code, text: Self.printable(error.description))
        send(tag.map { .tagged($0, .bad, text) } ?? .untagged(.condition(.bad, text)))
        if fatal {
            send(.untagged(.condition(.bye, ResponseText(text: "cannot find the next command"))))
            open = false
        }
    }

    // MARK: - AUTHENTICATE PLAIN (RFC 3501 §6.2.2, RFC 4616, RFC 4959)

    private func authenticate(_ tag: Tag, _ mechanism: String, _ initial: String?) {
        guard mechanism.uppercased() == "PLAIN" else {
            send(.tagged(tag, .no, ResponseText(text: "unsupported mechanism \(Self.printable(mechanism))")))
            return
        }
        guard !server.isAuthenticated(session) else {
            send(bad(tag, "AUTHENTICATE is valid only before authentication (RFC 3501 section 6.2.2)"))
            return
        }
        var response: String
        if let initial {
            response = initial == "=" ? "" : initial  // RFC 4959 §3: "=" is an empty initial response
        } else {
            send(.continuation(.base64("")))
            guard let line = awaitUnit() else { return }
            switch line {
            case .unit(let unit):
                do {
                    guard case .authenticationData(let text) = try CommandParser.parseAuthenticationData(unit, options: server.parseOptions).value else {
                        return
                    }
                    response = text
                } catch {
                    send(bad(tag, error.description))
                    return
                }
            case .malformed(_, let error, let fatal):
                refuse(tag, error, fatal: fatal)
                return
            case .timedOut, .closed:
                return
            }
            if response == "*" {
                send(bad(tag, "AUTHENTICATE cancelled (RFC 3501 section 6.2.2)"))
                return
            }
        }
        guard let decoded = Data(base64Encoded: response) else {
            send(bad(tag, "base64 at byte 0: expected the base64 of a PLAIN message (RFC 4616 section 2)"))
            return
        }
        let parts = Array(decoded).split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            send(bad(tag, "message at byte 0: expected authzid NUL authcid NUL passwd (RFC 4616 section 2)"))
            return
        }
        let authzid = String(decoding: parts[0], as: UTF8.self)
        let user = String(decoding: parts[1], as: UTF8.self)
        let password = String(decoding: parts[2], as: UTF8.self)
        guard authzid.isEmpty || authzid == user else {
            send(.tagged(tag, .no, ResponseText(code: .other(name: "AUTHORIZATIONFAILED", arguments: nil),
                                                text: "cannot act as another user")))
            return
        }
        respond(tag, server.execute(.login(user: user, password: password), tag: tag, session: session))
    }

    // MARK: - IDLE (RFC 2177)

    private func idle(_ tag: Tag) {
        var seen = server.changeCount
        let first = server.execute(.idle, tag: tag, session: session)
        guard first.status == .ok else {
            respond(tag, first)
            return
        }
        send(.continuation(.text(ResponseText(text: "idling"))))
        sendUntagged(first.untagged)
        while open {
            let input = nextUnit(timeout: server.configuration.idlePollInterval)
            let now = server.changeCount
            if now != seen {
                seen = now
                sendUntagged(server.execute(.idle, tag: nil, session: session).untagged)
            }
            switch input {
            case .unit(let unit):
                if case .idleDone? = try? CommandParser.parse(unit, options: server.parseOptions).value {
                    var done = server.execute(.idle, tag: tag, session: session)
                    done.text = "IDLE terminated"
                    respond(tag, done)
                } else {
                    send(bad(tag, "idle at byte 0: expected DONE (RFC 2177 section 3)"))
                }
                return
            case .malformed(_, let error, let fatal):
                refuse(tag, error, fatal: fatal)
                return
            case .timedOut:
                continue
            case .closed:
                open = false
            }
        }
    }

    // MARK: - Input

    /// Waits for the next complete input unit.
    private func awaitUnit() -> Input? {
        while open {
            let input = nextUnit(timeout: .seconds(1))
            if case .timedOut = input { continue }
            if case .closed = input { open = false }
            return input
        }
        return nil
    }

    /// The next framed unit, reading at most once (for up to `timeout`); `.timedOut` when the
    /// bytes read do not complete one.
    private func nextUnit(timeout: Duration) -> Input {
        if let input = takeUnit() { return input }
        let read: ServerStreamRead
        do {
            read = try stream.read(timeout: timeout)
        } catch {
            return .closed
        }
        switch read {
        case .bytes(let bytes):
            feed(bytes[...])
            return takeUnit() ?? .timedOut
        case .timedOut:
            return .timedOut
        case .endOfStream:
            return .closed
        }
    }

    /// A unit already framed, or nil. Sends the continuation request a synchronising literal
    /// waits for (RFC 3501 §7.5) once per literal; a LITERAL+ literal (RFC 7888) needs none.
    private func takeUnit() -> Input? {
        do {
            if let unit = try framer.next() {
                unconsumed.removeFirst(unit.count)
                return .unit(unit)
            }
        } catch {
            return resynchronise(after: error)
        }
        if framer.pendingSynchronizingLiteral != nil, continuedAt != appended {
            continuedAt = appended
            send(.continuation(.text(ResponseText(text: "Ready for literal"))))
        }
        return nil
    }

    private func feed(_ bytes: ArraySlice<UInt8>) {
        var bytes = bytes
        if discardingLine {
            guard let lf = bytes.firstIndex(of: 0x0A) else { return }
            discardingLine = false
            bytes = bytes[(lf + 1)...]
        }
        framer.append(bytes)
        unconsumed.append(contentsOf: bytes)
        appended += bytes.count
    }

    /// After a framing error: the unit's tag (when it has one) for the BAD, and a fresh framer
    /// that starts after the LF ending the offending line. An over-long line without its LF yet
    /// is dropped as it arrives. A LITERAL+ literal beyond the limit is fatal: its bytes are
    /// already on the way and cannot be told from commands (RFC 7888 §4).
    private func resynchronise(after error: WireError) -> Input {
        let tag = Self.tag(in: unconsumed)
        let index = max(0, min(unconsumed.count, error.offset - (appended - unconsumed.count)))
        let rest = unconsumed[index...]
        let nonSynchronising = error.rule == "literal"
            && rest.drop { $0 >= 0x30 && $0 <= 0x39 }.starts(with: Array("+}".utf8))
        framer = Framer(direction: .client, options: server.parseOptions)
        appended = 0
        continuedAt = nil
        let lf = rest.firstIndex(of: 0x0A)
        let after = lf.map { Array(unconsumed[($0 + 1)...]) } ?? []
        unconsumed = []
        if lf == nil { discardingLine = true }
        feed(after[...])
        return .malformed(tag, error, fatal: nonSynchronising)
    }

    // MARK: - Output

    private func respond(_ tag: Tag, _ outcome: CommandOutcome) {
        var bytes: [UInt8] = []
        for u in outcome.untagged { bytes += ResponseEncoder.encode(.untagged(u)) }
        bytes += ResponseEncoder.encode(.tagged(tag, outcome.status, ResponseText(code: outcome.code, text: outcome.text)))
        write(bytes)
    }

    private func sendUntagged(_ responses: [UntaggedResponse]) {
        guard !responses.isEmpty else { return }
        write(responses.flatMap { ResponseEncoder.encode(.untagged($0)) })
    }

    private func send(_ response: ServerResponse) { write(ResponseEncoder.encode(response)) }

    private func write(_ bytes: [UInt8]) {
        guard open else { return }
        do { try stream.write(bytes) } catch { open = false }
    }

    private func bad(_ tag: Tag?, _ reason: String) -> ServerResponse {
        let text = ResponseText(text: Self.printable(reason))
        return tag.map { .tagged($0, .bad, text) } ?? .untagged(.condition(.bad, text))
    }

    /// The tag a unit starts with, when it has a well-formed one followed by SP (RFC 3501 §9).
    static func tag<C: Collection>(in unit: C) -> Tag? where C.Element == UInt8 {
        guard let sp = unit.firstIndex(of: 0x20) else { return nil }
        return Tag(String(decoding: unit[unit.startIndex..<sp], as: UTF8.self))
    }

    /// `text` (RFC 3501 §9 `TEXT-CHAR`) that cannot be read as a response code: printable ASCII.
    static func printable(_ s: String) -> String {
        var out = String(s.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
        if out.hasPrefix("[") { out = "(" + out.dropFirst() }
        if out.isEmpty { out = "?" }
        return out
    }
}
