import Foundation
import IMAPTypes
import IMAPWire

/// One IMAP session from the client side, RFC 3501 §2.2 and §5.5 (one command at a time): reads
/// the greeting, tags commands, sends literals (RFC 3501 §7.5 continuation, or RFC 7888 LITERAL+
/// when advertised), collects untagged responses until the tagged completion, and records every
/// unit sent and received in a `TraceRecorder` session.
///
/// Every wait is bounded by `Options.timeout`. A server that sends bytes the parsers cannot read,
/// closes the connection or stops answering ends the session with a `ConnectionError` that holds
/// the bytes received; the transport is closed and every later call fails with the same error.
/// Responses are parsed strictly first and leniently (`ParseOptions.lenient`) when that fails;
/// the tolerances needed and the strict parser's errors are reported in the `CommandResult`.
///
/// Not thread-safe: use a connection from one thread at a time (the recorder may be shared).
public final class Connection {
    public struct Options: Hashable, Sendable {
        /// Tags are this prefix followed by 1, 2, ...: "a1", "a2", ...
        public var tagPrefix: Tag
        /// The longest wait for the greeting, for each command's completion, and for each
        /// continuation request.
        public var timeout: Duration
        /// Framing limits (line length, literal size, nesting) and the framer's tolerances; the
        /// default frames leniently so that the lenient parser gets a chance.
        public var framing: ParseOptions
        /// Send non-synchronising literals when the server advertises LITERAL+ (RFC 7888); when
        /// false, every literal waits for a continuation request.
        public var useLiteralPlus: Bool
        /// Send AUTHENTICATE's initial response on the command line when the server advertises
        /// SASL-IR (RFC 4959); when false, it always follows a continuation request.
        public var useSASLIR: Bool

        public init(tagPrefix: Tag = Tag("a")!, timeout: Duration = .seconds(10), framing: ParseOptions = .lenient,
                    useLiteralPlus: Bool = true, useSASLIR: Bool = true) {
            self.tagPrefix = tagPrefix
            self.timeout = timeout
            self.framing = framing
            self.useLiteralPlus = useLiteralPlus
            self.useSASLIR = useSASLIR
        }
    }

    /// The server greeting, RFC 3501 §7.1 (`greeting = "*" SP (resp-cond-auth / resp-cond-bye)`)
    /// when it is OK or PREAUTH.
    public struct Greeting: Hashable, Sendable {
        public var status: UntaggedStatus
        public var text: ResponseText
        /// The greeting as recorded.
        public var lines: [TraceEvent]
        public var usedLeniencies: Set<Leniency>
        /// Why the strict parser refused the greeting, when only the lenient one accepted it.
        public var strictErrors: [WireError]
    }

    public let transport: any Transport
    public let recorder: TraceRecorder
    /// This connection's session number in `recorder`.
    public let session: Int
    public let options: Options
    /// The capabilities last announced (greeting or response code `CAPABILITY`, or a
    /// `* CAPABILITY` response).
    public private(set) var capabilities: Set<Capability> = []
    /// Every tolerance the server's responses needed so far.
    public private(set) var usedLeniencies: Set<Leniency> = []
    /// The greeting, once `readGreeting()` has read it.
    public private(set) var greeting: Greeting?

    private var framer: Framer
    /// `options.framing`'s limits with no tolerance, and with every tolerance.
    private let strictParsing: ParseOptions
    private let lenientParsing: ParseOptions
    private var tagCount = 0
    private var failure: ConnectionError?
    /// Bytes received and not yet returned by the framer as units: `unframed[unframedStart...]`.
    private var unframed: [UInt8] = []
    private var unframedStart = 0
    private var exchange = Exchange()

    /// The state of the greeting or command being run.
    private struct Exchange {
        /// The server's bytes of this exchange: those not yet framed when it began, then every
        /// byte received during it.
        var received: [UInt8] = []
        var lines: [TraceEvent] = []
        var untagged: [ServerResponse] = []
        var leniencies: Set<Leniency> = []
        var strictErrors: [WireError] = []
        /// Each server unit parsed, with its line in `recorder`, in the order of the lines.
        var parsed: [(line: Int, response: Parsed<ServerResponse>)] = []
        /// A client unit being sent, piece by piece when it has synchronising literals. Units are
        /// recorded in the order they are completed (the order of IMAPWire's `Trace`):
        /// this one once its last piece is sent or it is abandoned, so a continuation
        /// request it waited for is recorded before it.
        var pendingClient: PendingClientUnit?
    }

    private struct PendingClientUnit {
        var sent: [UInt8] = []
        var masked: [UInt8]?
    }

    public init(transport: any Transport, recorder: TraceRecorder = TraceRecorder(), options: Options = Options()) {
        self.transport = transport
        self.recorder = recorder
        self.options = options
        self.session = recorder.startSession()
        self.framer = Framer(direction: .server, options: options.framing)
        var strict = options.framing
        strict.leniencies = []
        self.strictParsing = strict
        var lenient = options.framing
        lenient.leniencies = Set(Leniency.allCases)
        self.lenientParsing = lenient
    }

    /// Connects over TCP to `host:port` (loopback only, see `POSIXTransport`) within
    /// `options.timeout` and reads the greeting.
    public static func open(host: String, port: UInt16, recorder: TraceRecorder = TraceRecorder(),
                            options: Options = Options()) throws(ConnectionError) -> Connection {
        let transport: POSIXTransport
        do {
            transport = try POSIXTransport(host: host, port: port, connectTimeout: options.timeout)
        } catch {
            throw ConnectionError(kind: error.isTimeout ? .timedOut : .transport(error),
                                  waitingFor: "the connection to \(host):\(port)", received: [])
        }
        let connection = Connection(transport: transport, recorder: recorder, options: options)
        _ = try connection.readGreeting()
        return connection
    }

    // MARK: - Commands

    /// Reads the greeting. Fails with `.refused` on `* BYE`.
    public func readGreeting() throws(ConnectionError) -> Greeting {
        try inExchange { () throws(ConnectionError) -> Greeting in
            let response = try nextResponse(deadline: .now + options.timeout, waitingFor: "the greeting")
            switch response {
            case .untagged(.condition(let status, let text)) where status == .ok || status == .preauth:
                let greeting = Greeting(status: status, text: text, lines: exchange.lines,
                                        usedLeniencies: exchange.leniencies, strictErrors: exchange.strictErrors)
                self.greeting = greeting
                return greeting
            case .untagged(.condition(.bye, let text)):
                throw failure(.refused(text), "the greeting")
            default:
                throw failure(.unexpected(response), "the greeting")
            }
        }
    }

    /// Runs `command` to its tagged completion. A NO or BAD completion is a result, not an error.
    /// Passwords are masked in the recording as by `login` and `authenticatePlain`. Commands that
    /// expect a continuation request other than for a literal (IDLE, AUTHENTICATE without an
    /// initial response) need `idle(for:until:)` and `authenticatePlain(user:password:)`; here the
    /// `+` ends the session with `.unexpected`.
    public func execute(_ command: Command) throws(ConnectionError) -> CommandResult {
        try run(command)
    }

    /// Sends `text` (a command line without its tag and CRLF, possibly one the grammar rejects)
    /// under the next tag, exactly as given, and runs it to its tagged completion. For replaying a
    /// recorded client line verbatim, malformed ones included (a `BAD` is a result). Synchronising
    /// literals (`{n}` at a line end) wait for the continuation request as in `execute(_:)`.
    public func executeVerbatim(_ text: [UInt8]) throws(ConnectionError) -> CommandResult {
        let tag = nextTag()
        let bytes = Array(tag.rawValue.utf8) + [0x20] + text + [0x0D, 0x0A]
        let name = String(decoding: text.prefix { $0 != 0x20 }, as: UTF8.self)
        return try commandExchange(tag) { () throws(ConnectionError) -> CommandResult.Completion in
            let deadline = ContinuousClock.now + options.timeout
            if let done = try sendUnit(bytes, masked: nil, tag: tag, deadline: deadline) { return done }
            return try collectUntilTagged(tag, deadline: deadline, waitingFor: "the tagged response to \(tag) \(name)")
        }
    }

    /// `CAPABILITY`, RFC 3501 §6.1.1; `capabilities` is updated from the response.
    public func capability() throws(ConnectionError) -> CommandResult {
        try run(.capability)
    }

    /// `LOGIN`, RFC 3501 §6.2.3. Recorded with the password replaced by `"***"`.
    public func login(user: String, password: String) throws(ConnectionError) -> CommandResult {
        try run(.login(user: user, password: password))
    }

    /// `AUTHENTICATE PLAIN`, RFC 3501 §6.2.2 and RFC 4616, with the initial response on the
    /// command line when the server advertises SASL-IR (RFC 4959), else after the continuation
    /// request. Recorded with the password replaced by `***` inside the base64.
    public func authenticatePlain(user: String, password: String) throws(ConnectionError) -> CommandResult {
        let secret = Self.base64(Array("\0\(user)\0\(password)".utf8))
        if options.useSASLIR, capabilities.contains(Capability("SASL-IR")!) {
            return try run(.authenticate(mechanism: "PLAIN", initialResponse: secret))
        }
        let tag = nextTag()
        let waitingFor = "the tagged response to \(tag) AUTHENTICATE"
        return try commandExchange(tag) { () throws(ConnectionError) -> CommandResult.Completion in
            let deadline = ContinuousClock.now + options.timeout
            let command = ClientMessage.command(TaggedCommand(tag: tag, command: .authenticate(mechanism: "PLAIN", initialResponse: nil)))
            if let done = try sendUnit(CommandEncoder.encode(command), masked: nil, tag: tag, deadline: deadline) { return done }
            if let done = try awaitContinuation(tag: tag, deadline: deadline, waitingFor: "the continuation request of \(tag) AUTHENTICATE") {
                return done
            }
            _ = try sendUnit(CommandEncoder.encode(.authenticationData(secret)),
                             masked: CommandEncoder.encode(.authenticationData(Self.maskedPlain(secret))),
                             tag: tag, deadline: deadline)
            return try collectUntilTagged(tag, deadline: deadline, waitingFor: waitingFor)
        }
    }

    /// `IDLE`, RFC 2177: sends IDLE, waits for the continuation request, collects untagged
    /// responses for `duration` or until `stop` returns true for one, sends `DONE` and waits for
    /// the tagged completion. If the server refuses IDLE (or ends it with a completion), that
    /// completion is the result.
    public func idle(for duration: Duration, until stop: (ServerResponse) -> Bool = { _ in false })
        throws(ConnectionError) -> CommandResult {
        let tag = nextTag()
        let waitingFor = "the tagged response to \(tag) IDLE"
        return try commandExchange(tag) { () throws(ConnectionError) -> CommandResult.Completion in
            let command = ClientMessage.command(TaggedCommand(tag: tag, command: .idle))
            let deadline = ContinuousClock.now + options.timeout
            if let done = try sendUnit(CommandEncoder.encode(command), masked: nil, tag: tag, deadline: deadline) { return done }
            if let done = try awaitContinuation(tag: tag, deadline: deadline, waitingFor: "the continuation request of \(tag) IDLE") {
                return done
            }
            let idleEnd = ContinuousClock.now + duration
            idling: while true {
                let response: ServerResponse
                do throws(ConnectionError) {
                    response = try nextResponse(deadline: idleEnd, waitingFor: "untagged responses during \(tag) IDLE")
                } catch {
                    if error.kind == .timedOut { break idling }
                    throw error
                }
                switch response {
                case .untagged:
                    exchange.untagged.append(response)
                    if stop(response) { break idling }
                case .tagged(let t, let status, let text) where t == tag:
                    return .init(status: status, text: text)
                case .tagged, .continuation:
                    throw failure(.unexpected(response), waitingFor)
                }
            }
            let doneDeadline = ContinuousClock.now + options.timeout
            _ = try sendUnit(CommandEncoder.encode(.idleDone), masked: nil, tag: tag, deadline: doneDeadline)
            return try collectUntilTagged(tag, deadline: doneDeadline, waitingFor: waitingFor)
        }
    }

    /// `LOGOUT`, RFC 3501 §6.1.3; the transport is closed afterwards.
    /// Closes the connection without LOGOUT (a client that vanishes).
    public func close() { transport.close() }

    public func logout() throws(ConnectionError) -> CommandResult {
        defer { transport.close() }
        return try run(.logout)
    }

    // MARK: - Exchanges

    private func run(_ command: Command) throws(ConnectionError) -> CommandResult {
        let tag = nextTag()
        let literalPlus = options.useLiteralPlus && capabilities.contains(.literalPlus)
        let bytes = CommandEncoder.encode(.command(TaggedCommand(tag: tag, command: command)), literalPlus: literalPlus)
        let maskedBytes = Self.masked(command).map {
            CommandEncoder.encode(.command(TaggedCommand(tag: tag, command: $0)), literalPlus: literalPlus)
        }
        let waitingFor = "the tagged response to \(tag) \(command.name)"
        return try commandExchange(tag) { () throws(ConnectionError) -> CommandResult.Completion in
            let deadline = ContinuousClock.now + options.timeout
            if let done = try sendUnit(bytes, masked: maskedBytes, tag: tag, deadline: deadline) { return done }
            return try collectUntilTagged(tag, deadline: deadline, waitingFor: waitingFor)
        }
    }

    /// Runs the exchange of the command tagged `tag`; `body` returns its completion.
    private func commandExchange(_ tag: Tag, _ body: () throws(ConnectionError) -> CommandResult.Completion)
        throws(ConnectionError) -> CommandResult {
        try inExchange { () throws(ConnectionError) -> CommandResult in
            let completion = try body()
            return CommandResult(tag: tag, untagged: exchange.untagged, tagged: completion, lines: exchange.lines,
                                 usedLeniencies: exchange.leniencies, strictErrors: exchange.strictErrors)
        }
    }

    /// Runs one exchange (the greeting or a command). On failure: records what was sent and
    /// received, closes the transport and remembers the error.
    private func inExchange<T>(_ body: () throws(ConnectionError) -> T) throws(ConnectionError) -> T {
        if let failure { throw failure }
        // Bytes received earlier and not yet framed belong to this exchange's answer.
        exchange = Exchange(received: Array(unframed[unframedStart...]))
        do {
            return try body()
        } catch {
            flushPendingClient()
            if framer.hasPartialUnit, unframedStart < unframed.count {
                record(.server, Array(unframed[unframedStart...]))
            }
            var error = error
            error.received = exchange.received
            failure = error
            transport.close()
            throw error
        }
    }

    private func failure(_ kind: ConnectionError.Kind, _ waitingFor: String) -> ConnectionError {
        ConnectionError(kind: kind, waitingFor: waitingFor, received: exchange.received)
    }

    private func nextTag() -> Tag {
        tagCount += 1
        // A tag prefix followed by digits is a tag: digits are ASTRING-CHARs (RFC 3501 §9).
        return Tag(options.tagPrefix.rawValue + String(tagCount))!
    }

    /// Sends one client unit: in one write, or piece by piece after each continuation request
    /// when it has synchronising literals (RFC 3501 §7.5). Returns the tagged completion when the
    /// server answered before the unit was complete (a refused literal), nil otherwise.
    private func sendUnit(_ bytes: [UInt8], masked: [UInt8]?, tag: Tag,
                          deadline: ContinuousClock.Instant) throws(ConnectionError) -> CommandResult.Completion? {
        let pieces = CommandEncoder.splitAtSynchronizingLiterals(bytes)
        exchange.pendingClient = PendingClientUnit(masked: masked)
        defer { flushPendingClient() }
        for (index, piece) in pieces.enumerated() {
            if index > 0, let done = try awaitContinuation(tag: tag, deadline: deadline,
                                                           waitingFor: "the continuation request for a literal of \(tag)") {
                return done
            }
            do {
                try transport.send(Array(piece), deadline: deadline)
            } catch {
                throw failure(error.isTimeout ? .timedOut : .transport(error), "the server to take the bytes of \(tag)")
            }
            exchange.pendingClient?.sent.append(contentsOf: piece)
        }
        return nil
    }

    /// Waits for `+`, collecting untagged responses. Returns the completion when the command's
    /// tagged response comes instead.
    private func awaitContinuation(tag: Tag, deadline: ContinuousClock.Instant,
                                   waitingFor: String) throws(ConnectionError) -> CommandResult.Completion? {
        while true {
            let response = try nextResponse(deadline: deadline, waitingFor: waitingFor)
            switch response {
            case .continuation:
                return nil
            case .untagged:
                exchange.untagged.append(response)
            case .tagged(let t, let status, let text) where t == tag:
                return .init(status: status, text: text)
            case .tagged:
                throw failure(.unexpected(response), waitingFor)
            }
        }
    }

    private func collectUntilTagged(_ tag: Tag, deadline: ContinuousClock.Instant,
                                    waitingFor: String) throws(ConnectionError) -> CommandResult.Completion {
        while true {
            let response = try nextResponse(deadline: deadline, waitingFor: waitingFor)
            switch response {
            case .untagged:
                exchange.untagged.append(response)
            case .tagged(let t, let status, let text) where t == tag:
                return .init(status: status, text: text)
            case .tagged, .continuation:
                throw failure(.unexpected(response), waitingFor)
            }
        }
    }

    /// The next response: framed, recorded, parsed strictly and then leniently.
    private func nextResponse(deadline: ContinuousClock.Instant, waitingFor: String) throws(ConnectionError) -> ServerResponse {
        while true {
            let unit: [UInt8]?
            do {
                unit = try framer.next()
            } catch {
                throw failure(.unparseable(error), waitingFor)
            }
            if let unit {
                unframedStart += unit.count
                if unframedStart == unframed.count {
                    unframed.removeAll(keepingCapacity: true)
                    unframedStart = 0
                } else if unframedStart >= 1 << 16 {
                    unframed.removeFirst(unframedStart)
                    unframedStart = 0
                }
                let parsed: Parsed<ServerResponse>
                do throws(ConnectionError) {
                    parsed = try parse(unit, waitingFor: waitingFor)
                } catch {
                    record(.server, unit)
                    throw error
                }
                // A completion ends a client unit still waiting for a continuation request: the
                // unit (cut short) is recorded before the completion that refused it.
                if case .tagged = parsed.value { flushPendingClient() }
                exchange.parsed.append((record(.server, unit), parsed))
                return parsed.value
            }
            let bytes: [UInt8]
            do {
                bytes = try transport.receive(deadline: deadline)
            } catch {
                throw failure(error.isTimeout ? .timedOut : .transport(error), waitingFor)
            }
            if bytes.isEmpty { throw failure(.closedByServer(insideUnit: framer.hasPartialUnit), waitingFor) }
            exchange.received.append(contentsOf: bytes)
            unframed.append(contentsOf: bytes)
            framer.append(bytes)
        }
    }

    private func parse(_ unit: [UInt8], waitingFor: String) throws(ConnectionError) -> Parsed<ServerResponse> {
        let parsed: Parsed<ServerResponse>
        do {
            parsed = try ResponseParser.parse(unit, options: strictParsing)
        } catch let strictError {
            do {
                parsed = try ResponseParser.parse(unit, options: lenientParsing)
            } catch {
                throw failure(.unparseable(error), waitingFor)
            }
            exchange.strictErrors.append(strictError)
        }
        if !parsed.usedLeniencies.isEmpty {
            exchange.leniencies.formUnion(parsed.usedLeniencies)
            usedLeniencies.formUnion(parsed.usedLeniencies)
        }
        noteCapabilities(parsed.value)
        return parsed
    }

    /// The server units of the last greeting or command this connection parsed, with their line
    /// in `recorder`, ascending: a checker reading the recording can take these instead of parsing
    /// the bytes again. Each parse is strict, or lenient (`ParseOptions.lenient` tolerances, listed in
    /// `usedLeniencies`) when the strict parser refused the unit; a unit neither parser read is
    /// not among them.
    public var lastExchangeParsedUnits: [(line: Int, response: Parsed<ServerResponse>)] { exchange.parsed }

    private func noteCapabilities(_ response: ServerResponse) {
        let code: ResponseCode?
        switch response {
        case .untagged(.capability(let list)):
            capabilities = Set(list)
            return
        case .untagged(.condition(_, let text)), .tagged(_, _, let text):
            code = text.code
        default:
            code = nil
        }
        if case .capability(let list) = code { capabilities = Set(list) }
    }

    // MARK: - Recording

    /// Records a unit and returns its line in `recorder`.
    @discardableResult
    private func record(_ direction: TraceEvent.Direction, _ data: [UInt8]) -> Int {
        let event = recorder.record(session: session, direction: direction, data: data)
        exchange.lines.append(event)
        return event.line
    }

    private func flushPendingClient() {
        guard let pending = exchange.pendingClient else { return }
        exchange.pendingClient = nil
        if !pending.sent.isEmpty { record(.client, pending.masked ?? pending.sent) }
    }

    // MARK: - Masking

    /// `command` as recorded when it carries a secret: LOGIN with the password `"***"`,
    /// AUTHENTICATE's initial response masked by `maskedPlain`. Nil when nothing needs masking.
    static func masked(_ command: Command) -> Command? {
        switch command {
        case .login(let user, _):
            return .login(user: user, password: "***")
        case .authenticate(let mechanism, let response?):
            return .authenticate(mechanism: mechanism, initialResponse: maskedPlain(response))
        default:
            return nil
        }
    }

    /// A SASL PLAIN response (RFC 4616 §2: `[authzid] NUL authcid NUL passwd`, base64) with the
    /// password replaced by `***`; base64 of `***` for anything that is not such a response.
    static func maskedPlain(_ response: String) -> String {
        if response.isEmpty || response == "=" { return response }   // RFC 4959 §3: empty response
        guard let decoded = Data(base64Encoded: response) else { return base64(Array("***".utf8)) }
        let parts = Array(decoded).split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return base64(Array("***".utf8)) }
        return base64(Array(parts[0]) + [0] + Array(parts[1]) + [0] + Array("***".utf8))
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
