import IMAPTypes
import IMAPWire
import SpecModel

/// The trace checker: replays each session's commands and responses through the model and reports
/// every server line no conforming server could have sent, citing the requirement it breaks.
///
/// It is incremental (the fuzzer feeds it online) and works on parsed values; `TraceChecker`
/// turns trace events into these calls. Latitude is modelled, not guessed: a rule fires only when
/// the trace proves the server had no legal choice. In the open world (the default) other agents
/// may act unseen, so only what the session itself shows counts.
public struct Checker {
    public let options: CheckOptions
    public private(set) var findings: [Finding] = []
    /// Rules the client broke (RFC 7162 binds clients too): reported beside the server's
    /// findings, never counted in the verdict, which judges the server.
    public private(set) var clientFindings: [Finding] = []
    /// The root causes among `findings` (what `CheckReport.rootFindings` will count), kept as
    /// findings arrive so that a progress line need not group them after every operation.
    public private(set) var rootFindingCount = 0
    private var rootKeys: Set<String> = []
    /// Whether any finding is a violation.
    public private(set) var hasViolation = false
    /// Why the verdict cannot be "conforms" even without findings.
    public private(set) var inconclusiveReasons: [String] = []
    /// The rules evaluated on at least one response (see `checking(_:)`); the grammar and the
    /// mod-sequence range are evaluated on every server line, so any line checked exercises them.
    public var exercised: Set<String> {
        serverLinesChecked > 0 ? evaluated.union([Citation.grammar, Citation.modSeqRange]) : evaluated
    }
    private var evaluated: Set<String> = []
    /// The representations of IDs already in `evaluated`, by a cheap hash of them (see `checking`).
    private var recentlyEvaluated = [(UInt64, UInt64)](repeating: (0, 0), count: 1024)
    var sessions: [Int: SessionTracker] = [:]
    /// True while a response is processed that must not be judged (see `SessionTracker.judging`).
    var suppressing = false
    /// Closed world only: the ground truth of each mailbox.
    var truth = TruthTable()
    /// Closed world only: for each mailbox (and its UIDVALIDITY), the highest HIGHESTMODSEQ any
    /// session's correct client would have cached (RFC 7162 §6): a client that resumes above it
    /// did not follow §6.
    var cachedByClients: [MailboxName: (uidValidity: UInt32, modSeq: UInt64)] = [:]
    /// What the ended selections of each user's sessions were told of mod-sequences, by mailbox
    /// (the user's mailbox names are the user's own): a message's mod-sequence never goes back
    /// (RFC 7162 §3.1), whichever session of the user reports it, so a later selection of another
    /// session starts from it too. Sessions whose user is not named share nothing.
    var userModSeqs: [String: [MailboxName: SessionTracker.EarlierModSeqs]] = [:]
    public private(set) var serverLinesChecked = 0

    public init(options: CheckOptions = CheckOptions()) { self.options = options }

    public var verdict: Verdict {
        if findings.contains(where: { $0.severity == .violation }) { return .violates }
        if !inconclusiveReasons.isEmpty { return .inconclusive(inconclusiveReasons) }
        return .conforms
    }

    /// Every finding arrives here.
    private mutating func add(_ f: Finding) {
        findings.append(f)
        if rootKeys.insert(f.rootKey).inserted { rootFindingCount += 1 }
        if f.severity == .violation { hasViolation = true }
    }

    mutating func noteInconclusive(_ reason: String) {
        if !inconclusiveReasons.contains(reason) { inconclusiveReasons.append(reason) }
    }

    mutating func report(_ id: String, _ severity: Finding.Severity, session: Int, line: Int,
                         command: String?, expected: String, observed: [String]) {
        if suppressing { return }
        add(Finding(requirementID: id, severity: severity, session: session, line: line,
                                command: command, expected: expected, observed: observed))
    }

    /// A server line as the trace holds it: its display text is made only when a finding quotes it
    /// (most lines raise none).
    struct ServerLine {
        let bytes: [UInt8]
        var text: String { TraceChecker.display(bytes) }
    }

    /// Where a finding is: session, trace line, the command answered and the lines at fault. The
    /// label is put together only when a finding needs it (most lines raise none).
    struct Place {
        let session: Int
        let line: Int
        private let tag: Tag?
        private let commandName: String?
        let observed: [ServerLine]

        init(session: Int, line: Int, tag: Tag?, commandName: String?, observed: [ServerLine]) {
            self.session = session
            self.line = line
            self.tag = tag
            self.commandName = commandName
            self.observed = observed
        }

        /// The command answered, as "tag NAME".
        var command: String? { tag.map { "\($0) \(commandName ?? "")" } }
    }

    /// The conditional STORE rules as the edition states them: RFC 7162 §3.1.3, or RFC 4551 §3.2
    /// under the original texts (the same rules, numbered in their own section).
    var unchangedSinceMustFail: String {
        options.edition == .rfc7162 ? Citation.unchangedSinceMustFail : Citation.rfc4551UnchangedSinceMustFail
    }
    var unchangedSinceFetchEvenIfSilent: String {
        options.edition == .rfc7162 ? Citation.unchangedSinceFetchEvenIfSilent : Citation.rfc4551UnchangedSinceFetchEvenIfSilent
    }
    var modifiedListsFailures: String {
        options.edition == .rfc7162 ? Citation.modifiedListsFailures : Citation.rfc4551ModifiedListsFailures
    }

    /// Records that the rules `ids` were evaluated on a response (whether or not they held), for
    /// `CheckReport.exercised`: what a conformance report can call passed rather than not exercised.
    ///
    /// Called for most server lines with the same few constants, so a repeat is recognised by the
    /// string's two-word representation before `evaluated` hashes it: identical representations
    /// are equal strings (the converse need not hold, which only costs a hash). A thousand slots:
    /// with 64, hot IDs shared slots and each such call hashed its string.
    mutating func checking(_ id: String) {
        let bits = unsafeBitCast(id, to: (UInt64, UInt64).self)
        let slot = Int(truncatingIfNeeded: ((bits.0 ^ bits.1) &* 0x9E37_79B9_7F4A_7C15) >> 54)
        if recentlyEvaluated[slot] == bits { return }
        evaluated.insert(id)
        recentlyEvaluated[slot] = bits
    }

    /// `checking` for several requirements (without the array a variadic parameter allocates).
    mutating func checking(_ first: String, _ second: String, _ third: String? = nil) {
        checking(first)
        checking(second)
        if let third { checking(third) }
    }

    mutating func violation(at p: Place, _ id: String, _ expected: String) {
        report(id, .violation, session: p.session, line: p.line, command: p.command, expected: expected, observed: p.observed.map(\.text))
    }

    /// The command must have been rejected with a tagged BAD.
    mutating func expectBAD(at p: Place, status: TaggedStatus, _ id: String, _ why: String) {
        checking(id)
        if status != .bad { violation(at: p, id, "tagged BAD: \(why)") }
    }

    /// The session's tracker, taken out of the table so that mutating it does not copy its view
    /// (copy-on-write); every caller puts it back.
    private mutating func tracker(_ id: Int) -> SessionTracker {
        sessions.removeValue(forKey: id) ?? SessionTracker(id: id, edition: options.edition)
    }

    /// Starts judging session `session` in the middle, as an RFC example does: its history is
    /// unknown. The session is authenticated; with `selectedCount`, a mailbox holding that many
    /// messages (UIDs, flags and mod-sequences unknown) is selected. Whether a CONDSTORE enabling
    /// command was issued or QRESYNC enabled earlier is unknown, so the rules that depend on
    /// either being off wait for the session to show it (RFC 7162 §3.1, §3.2.3). Open world
    /// only: nothing is known of other sessions either.
    /// With `countIsLowerBound`, the mailbox may hold more messages than `selectedCount` (a
    /// transcript excerpt shows only the numbers it touches) until an EXISTS says how many. With
    /// `selectionUnknown` (and no count), whether a mailbox is selected is not known either (the
    /// record starts at a SELECT/EXAMINE): nothing about the old selection is judged.
    public mutating func resume(session: Int, selectedCount: Int?, countIsLowerBound: Bool = false, selectionUnknown: Bool = false) {
        var s = SessionTracker(id: session, edition: options.edition)
        s.phase = .authenticated
        s.condstoreMaybe = true
        s.qresyncUnknown = true
        if let n = selectedCount {
            var view = MailboxView(mailbox: .inbox, readOnly: false)
            _ = view.exists(UInt32(clamping: n))
            view.countUnknown = countIsLowerBound
            s.view = view
            s.phase = .selected
        } else if selectionUnknown {
            s.selectionUnknown = true
        }
        sessions[session] = s
    }

    // MARK: - Client side

    /// A client message was sent on session `session` at trace line `line`.
    public mutating func client(_ message: ClientMessage, session: Int, line: Int) {
        var s = tracker(session)
        defer { sessions[session] = s }
        if case .authenticationData(let data) = message, s.userLoggingIn == nil,
           case .authenticate(let mechanism, nil)? = s.inFlight.last?.command {
            s.userLoggingIn = saslUser(mechanism: mechanism, data)
        }
        guard case .command(let tc) = message else { return }
        var cmd = InFlightCommand(tag: tc.tag, command: tc.command, line: line)
        cmd.wasCondstoreAware = s.condstoreAware
        cmd.mayHaveBeenCondstoreAware = s.condstoreAware || s.condstoreMaybe
        if cmd.isCondstoreEnabling, !s.serverLacksCondstore {
            cmd.firstEnablingWithMailbox = !s.condstoreAware && !s.condstoreMaybe && !cmd.isSelect && s.view != nil
            s.condstoreMaybe = true
        }
        clientRules(tc, s, line: line)
        for name in tc.command.mailboxNames where truth.use(name, by: s.user) {
            cachedByClients[name] = nil
        }
        // A read-only selection stores nothing, not even for itself (RFC 3501 §6.3.2).
        if case .store(_, _, let action, _) = tc.command, let view = s.view, !view.readOnly, !view.keptFlags.keepsAll,
           action.kind == .replace || action.flags.contains(where: view.keptFlags.mayDrop) {
            s.view?.storedOwnFlags = true
        }
        // RFC 5161 §3.1: a CAPABILITY right after ENABLE lists what one before it listed. The list
        // before is the last one when ENABLE is sent; another command in between ends the rule.
        switch tc.command {
        case .enable: s.capabilitiesBeforeEnable = s.capabilitiesBeforeEnable ?? s.authenticatedCapabilities
        case .capability, .noop: break
        default: s.capabilitiesBeforeEnable = nil
        }
        switch tc.command {
        case .enable(let caps) where caps.contains(.qresync):
            s.qresyncRequested = true
            s.qresyncUnknown = false
        case .select(let name, let params), .examine(let name, let params):
            // What the user's other sessions were told of this mailbox before this selection
            // began holds for it too (its view starts now).
            if let user = s.user, let shared = userModSeqs[user]?[name] { s.adopt(shared, for: name) }
            // A mailbox the checker does not follow may be selected: responses before CLOSED are
            // its, but whether CLOSED is due is not known.
            cmd.hadSelectedMailbox = s.view != nil || s.selectionUnknown
            cmd.previousSelectionUnknown = s.view == nil && s.selectionUnknown
            cmd.reselectsSameMailbox = s.view?.mailbox == name
            var isExamine = false
            if case .examine = tc.command { isExamine = true }
            cmd.newView = MailboxView(mailbox: name, readOnly: isExamine)
            for p in params { if case .qresync(let q) = p { cmd.qresync = q; s.clientUsedQResync = true } }
        case .fetch(_, _, let mods, _) where mods.contains(.vanished):
            s.clientUsedQResync = true
        case .idle:
            s.idling = true
        case .login(let user, _):
            s.userLoggingIn = user
        case .authenticate(let mechanism, let initial):
            s.userLoggingIn = initial.flatMap { saslUser(mechanism: mechanism, $0) }
        default:
            break
        }
        if options.closedWorld { startClosedWorld(&cmd, s) }
        noteConcurrentExpunges(&cmd)
        s.inFlight.append(cmd)
    }

    /// A SELECT sent while another session may expunge, or a command that may expunge sent while
    /// another session's SELECT is in progress: that SELECT's counts may include a message gone by
    /// the time of its VANISHED (EARLIER) (`InFlightCommand.concurrentExpunge`).
    private mutating func noteConcurrentExpunges(_ cmd: inout InFlightCommand) {
        if cmd.isSelect, sessions.values.contains(where: { $0.inFlight.contains(where: \.mayExpunge) }) {
            cmd.concurrentExpunge = true
        }
        guard cmd.mayExpunge else { return }
        for id in sessions.keys where sessions[id]!.inFlight.contains(where: \.isSelect) {
            for i in sessions[id]!.inFlight.indices where sessions[id]!.inFlight[i].isSelect {
                sessions[id]!.inFlight[i].concurrentExpunge = true
            }
        }
    }

    /// A client line that could not be parsed: its responses are tracked (so that the session's
    /// view stays right) but not judged. If the server accepted it, the trace cannot show
    /// conformance for that command.
    mutating func clientUnparsed(session: Int, line: Int, tag: String?, _ command: UnparsedCommand) {
        var s = tracker(session)
        defer { sessions[session] = s }
        guard let t = tag.flatMap(Tag.init) else {
            noteInconclusive("session \(session) line \(line): client line not understood (\(command.reason))")
            return
        }
        var cmd = InFlightCommand(tag: t, command: .noop, line: line)
        cmd.unparsed = command
        noteConcurrentExpunges(&cmd)
        s.inFlight.append(cmd)
    }

    /// An unparsed SELECT/EXAMINE was answered. RFC 3501 §6.3.1: an OK selects the mailbox it
    /// names, whose size and UIDs the checker did not follow; a NO leaves no mailbox selected; a
    /// BAD may leave the old one selected (`completeSelect`). After OK or BAD nothing about the
    /// selection is judged until the next SELECT/EXAMINE or CLOSE (`selectionUnknown`): the
    /// messages a FETCH or EXPUNGE names are those of a mailbox the checker does not know.
    mutating func unparsedSelectCompleted(status: TaggedStatus, _ s: inout SessionTracker) {
        let hadView = s.view != nil
        leaveSelection(&s)
        switch status {
        case .ok:
            s.selectionUnknown = true
            s.phase = .selected
        case .bad:
            if hadView { s.selectionUnknown = true }
        default:
            if s.phase == .selected { s.phase = .authenticated }
        }
    }

    /// The session's view is gone (its mailbox closed, or one the checker cannot follow selected):
    /// changes it was not yet told of are no longer owed to it (closed world).
    mutating func leaveSelection(_ s: inout SessionTracker) {
        if let old = s.view?.mailbox { truth[old]?.pendingFlags[s.id] = nil }
        s.replaceView(with: nil)
    }

    /// RFC 7162 §4 (updating RFC 2683 §3.2.1.5): a client should keep its command lines to about
    /// 8,192 octets, quoted strings included, literals not. A deviation of the client.
    mutating func clientLineLength(_ octets: Int, _ tc: TaggedCommand, session: Int, line: Int) {
        checking(Citation.clientLineLength)
        // "Approximately": up to a tenth more is still about 8,192.
        guard octets > Self.recommendedLineLength + Self.recommendedLineLength / 10 else { return }
        clientFindings.append(Finding(requirementID: Citation.clientLineLength, severity: .deviation, session: session, line: line,
                                      command: "\(tc.tag) \(tc.command.name)",
                                      expected: "a command line of about \(Self.recommendedLineLength) octets at most, literals not counted "
                                          + "(this one has \(octets))", observed: []))
    }

    static let recommendedLineLength = 8_192

    /// The rules RFC 7162 sets for the client's own commands. The server's answer to a command
    /// that breaks one is judged separately (a tagged BAD where the RFC asks for one).
    private mutating func clientRules(_ tc: TaggedCommand, _ s: SessionTracker, line: Int) {
        func broke(_ id: String, _ expected: String) {
            clientFindings.append(Finding(requirementID: id, severity: .violation, session: s.id, line: line,
                                          command: "\(tc.tag) \(tc.command.name)", expected: expected, observed: []))
        }
        var usesQResync = false
        switch tc.command {
        case .select(let name, let params), .examine(let name, let params):
            for p in params {
                guard case .qresync(let q) = p else { continue }
                usesQResync = true
                // RFC 7162 §6 (erratum 1809): the cached value is the HIGHESTMODSEQ code, even when a
                // FETCH with it showed a higher MODSEQ. RFC 5162 §5 took the higher MODSEQ, which
                // the original edition's client view does too.
                if options.on(.clientHighestModSeqRule), let held = cachedByClients[name], held.uidValidity == q.uidValidity.rawValue {
                    checking(Citation.clientCachesHighestModSeqCode)
                    if q.modSeq.rawValue > held.modSeq {
                        broke(Citation.clientCachesHighestModSeqCode,
                              "a resynchronisation from at most \(held.modSeq), the highest HIGHESTMODSEQ a client following RFC 7162 §6 "
                                  + "could have cached for \(name), not \(q.modSeq)")
                    }
                }
                checking(Citation.clientSeqMatchAscending)
                if let m = q.sequenceMatch, !m.knownSequenceSet.isAscending || !m.knownUIDSet.isAscending {
                    broke(Citation.clientSeqMatchAscending, "seq-match-data with both sets in ascending order")
                }
            }
        case .fetch(_, _, let mods, _) where mods.contains(.vanished):
            usesQResync = true
            checking(Citation.clientVanishedWithChangedSince)
            if !mods.contains(where: { if case .changedSince = $0 { return true }; return false }) {
                broke(Citation.clientVanishedWithChangedSince, "the VANISHED modifier only together with CHANGEDSINCE")
            }
        default:
            break
        }
        if usesQResync, !s.qresyncUnknown {
            checking(Citation.clientEnablesQResync)
            if !s.qresyncRequested { broke(Citation.clientEnablesQResync, "ENABLE QRESYNC before QRESYNC parameters or the VANISHED modifier") }
        }
    }

    // MARK: - Server side

    /// The server closed `session`'s connection after trace line `line`: RFC 3501 §3.4 allows it
    /// only after an untagged BYE giving the reason (a BYE, also LOGOUT's, sets the phase).
    public mutating func serverClosed(session: Int, line: Int) {
        var s = tracker(session)
        defer { sessions[session] = s }
        checking(Citation.closeOnlyAfterBye)
        if s.phase != .loggedOut {
            // RFC 9051 §3.4 softened the rule to SHOULD NOT: a deviation in an IMAP4rev2 session.
            report(Citation.closeOnlyAfterBye, s.imap4rev2 ? .deviation : .violation, session: session, line: line,
                   command: s.currentLabel,
                   expected: "an untagged BYE giving the reason before the server closes the connection"
                       + (s.imap4rev2 ? " (RFC 9051 §3.4: SHOULD NOT close without one)" : ""), observed: [])
        }
        s.phase = .loggedOut
        s.inFlight = []
    }

    /// A server line that does not parse under the grammar (RFC 3501 §9, RFC 7162 §7).
    public mutating func serverUnparsed(session: Int, line: Int, text: String, error: WireError) {
        serverLinesChecked += 1
        let s = sessions[session] ?? SessionTracker(id: session, edition: options.edition)
        let id = error.rule.hasPrefix("mod-sequence") ? Citation.modSeqRange : Citation.grammar
        add(Finding(requirementID: id, severity: .violation, session: session, line: line, command: s.currentLabel,
                                expected: "a response the grammar accepts (\(error))", observed: [text], rule: error.rule))
    }

    /// The ABNF rule a tolerance steps outside of.
    static func rule(of leniency: Leniency) -> String {
        switch leniency {
        case .responseCodeWithoutText, .emptyResponseText: return "resp-text"
        case .bareLF: return "CRLF"
        case .modSeq64Bit: return "mod-sequence-value"
        case .trailingSpace: return "SP"
        case .searchModSeqWithoutResults: return "mailbox-data"
        case .size63Bit: return "number"
        }
    }

    /// Whether a capability list makes the server's responses RFC 9051's: "If IMAP4rev1
    /// capability is not advertised, server responses MUST conform to this document" (RFC 9051
    /// §7.2.2; with both listed, only once the client enables IMAP4rev2).
    static func listsOnlyIMAP4rev2(_ caps: [Capability]) -> Bool {
        caps.contains(.imap4rev2) && !caps.contains(.imap4rev1)
    }

    /// Whether a tolerance the line needed is RFC 9051's grammar: `resp-text = ["[" resp-text-code
    /// "]" SP] [text]` (RFC 9051 §9, Appendix E item 23) makes the text optional, so `a1 OK ` and
    /// `* OK [UIDNEXT 4] ` are grammatical. The SP before the empty text is still required
    /// (`resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text`, and SP after the code), so a line
    /// that ends right after OK or after the code's "]" is not.
    static func rev2EmptyText(_ l: Leniency, _ bytes: [UInt8]) -> Bool {
        guard l == .emptyResponseText || l == .responseCodeWithoutText else { return false }
        var end = bytes.count
        if end > 0, bytes[end - 1] == 0x0A { end -= 1 }
        if end > 0, bytes[end - 1] == 0x0D { end -= 1 }
        return end > 0 && bytes[end - 1] == 0x20
    }

    /// A parsed server response, with the tolerances its parse needed.
    public mutating func server(_ response: ServerResponse, session: Int, line: Int, bytes: [UInt8],
                                leniencies: Set<Leniency> = []) {
        serverLinesChecked += 1
        var s = tracker(session)
        serverLine(response, &s, line: line, bytes: bytes, leniencies: leniencies)
        sessions[session] = consume s
    }

    /// `server(_:session:line:bytes:leniencies:)` on the session's tracker, taken out of the table
    /// (put back after, without a `defer`, so that the tracker moves instead of being copied).
    private mutating func serverLine(_ response: ServerResponse, _ s: inout SessionTracker, line: Int, bytes: [UInt8],
                                     leniencies: Set<Leniency>) {
        let session = s.id
        let text = ServerLine(bytes: bytes)
        if s.phase == .loggedOut, s.inFlight.isEmpty {
            // A new connection under the same session number (a reconnect): nothing carries over.
            leaveSelection(&s)
            s = SessionTracker(id: session, edition: options.edition)
        }
        // A line that itself lists IMAP4rev2 alone (the greeting, LOGIN's OK) is an IMAP4rev2 response.
        let rev2 = s.imap4rev2 || (!leniencies.isEmpty && response.listedCapabilities.map(Self.listsOnlyIMAP4rev2) == true)
        for l in leniencies.isEmpty ? [] : leniencies.sorted() {
            if rev2, Self.rev2EmptyText(l, bytes) || l == .size63Bit { continue }
            // RFC 4551 allowed 64-bit mod-sequences; RFC 7162 §3.1 narrowed them to 63 bits.
            let id = l == .modSeq64Bit ? Citation.modSeqRange : Citation.grammar
            let severity: Finding.Severity = l == .modSeq64Bit && !options.on(.modSeq63Bit) ? .note : .violation
            add(Finding(requirementID: id, severity: severity, session: session, line: line, command: s.currentLabel,
                                    expected: "strict grammar; this line needed the \(l.rawValue) tolerance",
                                    observed: [text.text], rule: Self.rule(of: l)))
        }
        s.modifyCurrent { $0.evidence.append(text) }
        switch response {
        case .continuation:
            return
        case .untagged(let u):
            // Without CLOSED, the first response that only a new selection sends marks the boundary
            // (RFC 7162 §3.2.11); the missing CLOSED itself is judged at completion.
            var smaller = false
            if case .exists(let n) = u, let old = s.view { smaller = Int(n) < old.count }
            let closedDue = s.serverHasQResync || (s.serverHasCondstore && options.on(.closedForCondstoreOnly))
            s.modifyCurrent { c in
                guard c.isSelect, c.hadSelectedMailbox, !c.sawClosed else { return }
                // No CLOSED is due for a SELECT of the mailbox already selected (§3.2.11: "on
                // another mailbox"), so there FLAGS and PERMANENTFLAGS mark the boundary too.
                if u.opensSelection(closedDue: closedDue && !c.reselectsSameMailbox) || smaller {
                    c.sawClosed = true
                    c.closedImplicitly = true
                    if !smaller, let n = c.existsBeforeBoundary { _ = c.newView?.exists(n) }
                } else if case .exists(let n) = u {
                    c.existsBeforeBoundary = n
                }
            }
            suppressing = !s.judging || (!s.hasView && s.selectionUnknown && u.concernsSelection)
            defer { suppressing = false }
            untagged(u, &s, line: line, text: text)
        case .tagged(let tag, let status, let rt):
            if case .highestModSeq(let v) = rt.code { s.clientHighestModSeq.sawHighestModSeqCode(v.rawValue) }
            // RFC 3501 §7.1: a CAPABILITY response code (as in LOGIN's tagged OK, RFC 3501 §6.2.3)
            // lists the capabilities from now on, as an untagged CAPABILITY would.
            if case .capability(let caps) = rt.code {
                // LOGIN's or AUTHENTICATE's OK lists the capabilities of the authenticated state.
                let authenticating = s.inFlight.last(where: { $0.tag == tag }).map {
                    switch $0.command { case .login, .authenticate: return status == .ok; default: return false }
                } ?? false
                advertised(caps, &s, line: line, text: text, authenticated: authenticating)
            }
            guard let i = s.inFlight.lastIndex(where: { $0.tag == tag }) else { return }
            let cmd = s.inFlight.remove(at: i)
            if let unparsed = cmd.unparsed {
                if unparsed.selects { unparsedSelectCompleted(status: status, &s) }
                if let set = unparsed.notifies, status == .ok { s.notifying = set }
                if status == .ok, !unparsed.stateNeutral {
                    noteInconclusive("session \(s.id) line \(cmd.line): the server accepted a command the checker could not follow (\(unparsed.reason)); its effects were not judged")
                }
                s.clientHighestModSeq.tagged()
                return
            }
            complete(cmd, status: status, text: rt, &s, line: line)
            s.clientHighestModSeq.tagged()
            if options.closedWorld, let v = s.clientHighestModSeq.value, let view = s.view, let uv = view.uidValidity {
                let held = cachedByClients[view.mailbox]
                if !truth.ambiguous.contains(view.mailbox) {
                    cachedByClients[view.mailbox] = (uv, held?.uidValidity == uv ? max(held!.modSeq, v) : v)
                }
            }
        }
    }

    /// The server listed its capabilities (untagged CAPABILITY or a CAPABILITY response code). A
    /// QRESYNC server implements ENABLE and lists it (RFC 7162 §3.2.3, R7162-3.2.3#1), and should
    /// list CONDSTORE too (§3.2.2, R7162-3.2.2#1). Judged once per session, on the first list with
    /// QRESYNC in the authenticated state: before login a server may list less (RFC 3501 §7.2.1
    /// lets the list change), and ENABLE is a command of the authenticated state (RFC 5161 §3.1).
    private mutating func advertised(_ caps: [Capability], _ s: inout SessionTracker, line: Int, text: ServerLine,
                                     authenticated: Bool = false) {
        s.capabilities = Set(caps)
        if Self.listsOnlyIMAP4rev2(caps) { s.imap4rev2 = true }
        if authenticated || s.phase != .notAuthenticated {
            // RFC 5161 §3.1: ENABLE does not change the list; the first list after it is the one before.
            if let before = s.capabilitiesBeforeEnable {
                checking(Citation.enableKeepsCapabilities)
                if Set(caps) != before {
                    report(Citation.enableKeepsCapabilities, .violation, session: s.id, line: line, command: s.currentLabel,
                           expected: "the capabilities listed before ENABLE: "
                               + before.map(\.description).sorted().joined(separator: " "), observed: [text.text])
                }
                s.capabilitiesBeforeEnable = nil
            }
            s.authenticatedCapabilities = Set(caps)
        }
        guard caps.contains(.qresync), !s.capabilitiesJudged, authenticated || s.phase != .notAuthenticated else { return }
        s.capabilitiesJudged = true
        checking(Citation.qresyncListsEnable, Citation.qresyncListsCondstore)
        if !caps.contains(.enable) {
            report(Citation.qresyncListsEnable, .violation, session: s.id, line: line, command: s.currentLabel,
                   expected: "ENABLE among the capabilities of a server that lists QRESYNC", observed: [text.text])
        }
        if !caps.contains(.condstore) {
            report(Citation.qresyncListsCondstore, .deviation, session: s.id, line: line, command: s.currentLabel,
                   expected: "CONDSTORE among the capabilities of a server that lists QRESYNC (a SHOULD)", observed: [text.text])
        }
    }

    // MARK: - Untagged responses

    private mutating func untagged(_ u: UntaggedResponse, _ s: inout SessionTracker, line: Int, text: ServerLine) {
        let p = Place(session: s.id, line: line, tag: s.withCurrent { $0.tag }, commandName: s.withCurrent { $0.name },
                      observed: [text])
        switch u {
        case .condition(let status, let rt):
            if status == .preauth { s.phase = .authenticated }
            if status == .bye { s.phase = .loggedOut }
            switch rt.code {
            case .capability(let caps)?:
                advertised(caps, &s, line: line, text: text)
            case .highestModSeq(let v)?:
                s.clientHighestModSeq.sawHighestModSeqCode(v.rawValue)
                // A MOVE's may come untagged (RFC 6851 §4.4) with commands pipelined after it
                // (§3.3): it is the earliest MOVE's still waiting for one, and a MOVE in progress
                // after that one does not get it too; any other command in progress does.
                let waitingMove = s.inFlight.firstIndex { $0.isMove && $0.sawHighestModSeqCode == nil }
                if let i = waitingMove { s.inFlight[i].sawHighestModSeqCode = v.rawValue }
                if waitingMove == nil || s.withCurrent({ !$0.isMove }) == true { s.modifyCurrent { $0.sawHighestModSeqCode = v.rawValue } }
                // With commands pipelined (RFC 3501 §5.5) it may answer any in progress: it is the
                // HIGHESTMODSEQ a first CONDSTORE enabling command owes (R7162-3.1#8) whichever
                // command is the latest.
                for i in s.inFlight.indices where s.inFlight[i].firstEnablingWithMailbox && s.inFlight[i].sawHighestModSeqCode == nil {
                    s.inFlight[i].sawHighestModSeqCode = v.rawValue
                }
                s.updateActiveView { $0.sawHighestModSeq = true }
            case .noModSeq?:
                s.modifyCurrent { $0.sawNoModSeq = true }
                s.updateActiveView { $0.noModSeq = true }
            case .closed? where !s.everyInFlight({ !$0.isSelect }) || s.view == nil:
                s.modifyCurrent { c in
                    guard c.isSelect else { return }
                    // A boundary inferred before (from FLAGS, which may also be an update of the
                    // old mailbox, RFC 3501 §7.2.6) was wrong: everything before CLOSED relates to
                    // the mailbox closed (RFC 7162 §3.2.11), so the new view starts here.
                    if c.closedImplicitly, let v = c.newView {
                        c.closedImplicitly = false
                        c.newView = MailboxView(mailbox: v.mailbox, readOnly: v.readOnly)
                    }
                    c.sawClosed = true
                }
            case .closed?:
                // An unsolicited CLOSED, no SELECT/EXAMINE in progress: the server closed the
                // selected mailbox and the session is back in the authenticated state (RFC 9051
                // §3, transition (6) "unsolicited CLOSED response code"), as after CLOSE. A later
                // SELECT closes nothing, so no CLOSED is due for it (RFC 7162 §3.2.11).
                leaveSelection(&s)
                s.selectionUnknown = false
                if s.phase == .selected { s.phase = .authenticated }
            case .copyUID(_, _, let destination)?:
                // Untagged only for MOVE (RFC 6851 §4.3); COPY's comes with its completion.
                if let i = s.answering(\.isMove) {
                    s.inFlight[i].copiedCount = destination.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 }
                }
            case .uidValidity(let v)?:
                s.updateActiveView { $0.uidValidity = v.rawValue }
            case .uidNext(let v)?:
                s.updateActiveView { $0.reportedUIDNext(v.rawValue) }
            case .permanentFlags(let flags)?:
                s.updateActiveView { $0.keptFlags = KeptFlags(flags) }
            default:
                break
            }
        case .capability(let caps):
            advertised(caps, &s, line: line, text: text)
        case .enabled(let caps):
            if let i = s.answering(\.isEnable), !s.inFlight[i].unknown {
                s.inFlight[i].enabledListed = (s.inFlight[i].enabledListed ?? []).union(caps)
            } else {
                // Which ENABLE turned them on is not determined (or it is one the checker could
                // not parse): none is judged on them, and a later ENABLED may repeat them (RFC
                // 5161 §3.1).
                s.enabledSoFar.formUnion(caps)
                for i in s.inFlight.indices where s.inFlight[i].isEnable { s.inFlight[i].mayHaveGotEnabled = true }
            }
            if caps.contains(.imap4rev2) { s.imap4rev2 = true }
            if caps.contains(.qresync), s.qresyncRequested { s.qresyncConfirmed = true }
            if caps.contains(.qresync) || caps.contains(.condstore) { s.condstoreAware = true }
        case .exists(let n):
            var shrank = false
            s.updateActiveView { shrank = !$0.exists(n) }
            checking(Citation.existsNeverShrinks)
            if shrank {
                violation(at: p, Citation.existsNeverShrinks,
                          "EXISTS never below the message count the session knows (\(s.activeView?.count ?? 0))")
            }
        case .status(let name, let values):
            // In a closed world with sessions taking turns, STATUS shows the current size.
            statusHighestModSeq(name, values, s, at: p)
            if options.closedWorld {
                for v in values { if case .messages(let n) = v { truth[name]?.count = Int(n) } }
            }
        case .recent, .flags, .list:
            break
        case .expunge(let n):
            expungeTiming(&s, at: p, vanished: false)
            if s.qresyncOn(options), s.activeView?.noModSeq == false {
                checking(options.on(.vanishedMustReplaceExpunge) ? Citation.vanishedInsteadOfExpunge : Citation.rfc5162VanishedShould)
                if options.on(.vanishedMustReplaceExpunge) {
                    violation(at: p, Citation.vanishedInsteadOfExpunge, "VANISHED instead of EXPUNGE once QRESYNC is enabled")
                } else {
                    report(Citation.rfc5162VanishedShould, .deviation, session: s.id, line: line, command: p.command,
                           expected: "VANISHED instead of EXPUNGE once QRESYNC is enabled (RFC 5162: SHOULD)",
                           observed: [text.text])
                }
            }
            checking(Citation.messageNumberInRange)
            var inRange = true
            var removed: MailboxView.Slot?
            if s.activeView == nil { inRange = false }
            s.updateActiveView { $0.reach(Int(n.rawValue)); removed = $0.expunge(n); inRange = removed != nil }
            if options.closedWorld, let r = removed {
                if let u = r.uid {
                    expungeAnnounced([u], &s)
                } else if let view = s.activeView, var t = truth[view.mailbox] {
                    s.modifyCurrent { $0.expungesAnnounced += 1 }
                    // Which message went is unknown: so is the size, and any message this session
                    // cannot account for may be the one (forgotten, to stay sound).
                    t.count = nil
                    let known = Set(view.knownUIDs)
                    let holders = sessionsSelecting(view.mailbox, except: s.id)
                    for u in t.messages.keys where !known.contains(u) { t.forget(u, heldBy: holders) }
                    truth[view.mailbox] = t
                }
            }
            if !inRange {
                violation(at: p, Citation.messageNumberInRange,
                          "an EXPUNGE for a message number within the count (\(s.activeView?.count ?? 0))")
            }
        case .vanished(let uids):
            vanishedNeedsQResync(s, at: p)
            // (A SELECT in progress is judged as it began; its QRESYNC parameter tells at the end.)
            if s.everyInFlight({ !$0.isSelect }) { s.qresyncShownOn() }
            expungeTiming(&s, at: p, vanished: true)
            // An expunge announced to a QRESYNC session: the form the rule demands was used.
            if s.qresyncOn(options), options.on(.vanishedMustReplaceExpunge) { checking(Citation.vanishedInsteadOfExpunge) }
            checking(options.on(.vanishedOnlyAnnouncedUIDs) ? Citation.vanishedOnlyVisibleUIDs : Citation.rfc5162VanishedOnlyNewUIDs)
            var invisible = UIDSet()
            if s.activeView == nil {
                invisible = uids
            } else {
                s.updateActiveView { view in invisible = view.vanish(uids: uids) }
                if options.closedWorld {
                    // UIDs neither the session nor the truth knows of are left out: a VANISHED may
                    // name 2^32-1 of them, and nothing is learnt from those.
                    var announced = uids.subtracting(invisible)
                    if let t = s.activeView.flatMap({ truth[$0.mailbox] }) {
                        for u in t.messages.keys where invisible.contains(u) { announced.insert(u) }
                        for u in t.maybeGone.keys where invisible.contains(u) { announced.insert(u) }
                    }
                    expungeAnnounced(Array(announced), &s)
                }
            }
            if !invisible.isEmpty {
                let shown = invisible.description
                if options.on(.vanishedOnlyAnnouncedUIDs) {
                    violation(at: p, Citation.vanishedOnlyVisibleUIDs,
                              "VANISHED only for messages visible to the session; \(shown) cannot be one")
                } else {
                    report(Citation.rfc5162VanishedOnlyNewUIDs, .deviation, session: s.id, line: line, command: p.command,
                           expected: "VANISHED only for UIDs not already reported (RFC 5162: SHOULD); \(shown)",
                           observed: [text.text])
                }
            }
        case .vanishedEarlier(let uids):
            vanishedEarlier(uids, &s, at: p)
            if s.everyInFlight({ !$0.isSelect }) { s.qresyncShownOn() }
        case .fetch(let n, let attributes):
            fetch(n, attributes, &s, at: p)
        case .uidFetch(let uid, let attributes):
            uidFetch(uid, attributes, &s, at: p)
        case .search(let numbers, let modSeq):
            let asked = s.answering(\.isSearch)
            if let i = asked, case .search(let sc, let uid) = s.inFlight[i].command,
               sc.returnOptions == nil, sc.keys.contains(where: { $0.usesModSeq }), !numbers.isEmpty {
                checking(Citation.searchModSeqAppended)
                if modSeq == nil {
                    violation(at: p, Citation.searchModSeqAppended,
                              "a non-empty SEARCH result for a MODSEQ search ends with (MODSEQ n)")
                } else {
                    searchModSeqAboveCriterion(sc.keys, reported: modSeq!.rawValue, id: Citation.searchModSeqAppended, at: p)
                    if Self.modSeqCriteriaWithoutEntry(sc.keys) {
                        searchModSeqValue(numbers: numbers, uid: uid, reported: modSeq!.rawValue, complete: true, id: Citation.searchModSeqAppended, s, at: p)
                    }
                }
            }
            if let i = asked, s.inFlight.count == 1, case .search(let sc, let uid) = s.inFlight[i].command, sc.returnOptions == nil {
                modSeqSearchMatches(sc.keys, numbers: numbers, uid: uid, s, at: p)
            }
        case .esearch(let e):
            // An extended SEARCH (RFC 7162 §3.1.10): one with RETURN, or in an IMAP4rev2 session any
            // SEARCH (RFC 9051 §6.4.4: without result options ALL is assumed, answered by ESEARCH).
            // Its TAG names the command (RFC 4731 §3.1); without one, as `* SEARCH`.
            let asked = e.correlator.map { t in s.inFlight.firstIndex { $0.tag == t } }
                ?? s.answering(\.isSearch)
            if let i = asked, case .search(let sc, _) = s.inFlight[i].command,
               sc.returnOptions != nil || s.imap4rev2, sc.keys.contains(where: { $0.usesModSeq }) {
                let nonEmpty = e.returnData.contains {
                    switch $0 {
                    case .min, .max, .all: return true
                    case .count(let n): return n > 0
                    // Another extension's data (PARTIAL, ...) is not read: it proves nothing either way.
                    case .modSeq, .other: return false
                    }
                }
                let hasModSeq = e.returnData.contains { if case .modSeq = $0 { return true }; return false }
                if nonEmpty { checking(Citation.esearchModSeq) }
                if nonEmpty, !hasModSeq {
                    violation(at: p, Citation.esearchModSeq, "ESEARCH for a MODSEQ search with a non-empty result carries MODSEQ")
                } else if hasModSeq {
                    if nonEmpty, case .modSeq(let m)? = e.returnData.first(where: { if case .modSeq = $0 { return true }; return false }) {
                        searchModSeqAboveCriterion(sc.keys, reported: m.rawValue, id: Citation.esearchModSeq, at: p)
                    }
                    if Self.modSeqCriteriaWithoutEntry(sc.keys) { esearchModSeqValue(e, s, at: p) }
                }
                // ALL lists every match: which messages matched is judged as for SEARCH.
                if s.inFlight.count == 1, case .all(let set)? = e.returnData.first(where: { if case .all = $0 { return true }; return false }),
                   let all = set.resolved(largest: UInt32.max), all.count(in: 1...UInt32.max) <= 100_000 {
                    modSeqSearchMatches(sc.keys, numbers: Array(all), uid: e.isUID, s, at: p)
                }
            }
        case .sort, .thread:
            // Answers to SORT and THREAD, commands the checker does not parse (so never judged).
            break
        case .other:
            // Another extension's response (ID, NAMESPACE, QUOTA, ...): nothing RFC 7162 rules on.
            break
        }
    }

    /// RFC 3501 §7.4.1 and RFC 7162 §3.2.10.2: when EXPUNGE and VANISHED may be sent.
    private mutating func expungeTiming(_ s: inout SessionTracker, at p: Place, vanished: Bool) {
        // NOTIFY SET: the client asked for them at any time (`SessionTracker.notifying`).
        if s.notifying { return }
        let what = vanished ? "VANISHED" : "EXPUNGE"
        let id = vanished ? Citation.vanishedTiming : Citation.expungeTiming
        checking(id)
        if vanished { checking(Citation.vanishedNotInSeqSearch) }
        guard let c = s.current else {
            violation(at: p, id, "no \(what) when no command is in progress")
            return
        }
        // Pipelined commands: the response may be sent while answering any of them.
        guard s.everyInFlight({ vanished ? $0.forbidsVanished : $0.forbidsExpunge }) else { return }
        if case .search(_, true) = c.command {
            violation(at: p, Citation.vanishedNotInSeqSearch, "no VANISHED during a UID SEARCH with message numbers in its criteria")
        } else {
            violation(at: p, id, "no \(what) while answering \(c.command.name)")
        }
    }

    /// RFC 5161 §1: a server "cannot send those unsolicited responses until they know that the
    /// clients support such extensions"; VANISHED is QRESYNC's (RFC 7162 §3.2.10), which a client
    /// asks for with ENABLE QRESYNC (§3.2.3); RFC 9051 §7 says the same of IMAP4rev2 servers.
    /// False when the response was judged so.
    @discardableResult
    private mutating func vanishedNeedsQResync(_ s: SessionTracker, at p: Place) -> Bool {
        checking(Citation.noResponseBeforeEnabled)
        guard s.qresyncNeverRequested else { return true }
        violation(at: p, Citation.noResponseBeforeEnabled, "no VANISHED to a client that did not enable QRESYNC (it expects EXPUNGE)")
        return false
    }

    private mutating func vanishedEarlier(_ uids: UIDSet, _ s: inout SessionTracker, at p: Place) {
        guard vanishedNeedsQResync(s, at: p) else { return }
        checking(Citation.vanishedNotEarlier, Citation.vanishedEarlierBeforeFetch)
        // The command it answers: with several pipelined (RFC 3501 §5.5), the earliest that may
        // send it and still answers (a server runs them in order): a SELECT/EXAMINE (QRESYNC) that
        // closes a mailbox answers for the new one only after CLOSED (RFC 7162 §3.2.11), so a
        // VANISHED (EARLIER) before it is an earlier UID FETCH's. With none, the last command.
        let producers = s.inFlight.indices.filter { i in
            let c = s.inFlight[i]
            if c.isSelect, c.qresync != nil { return true }
            if case .fetch(_, _, let mods, true) = c.command, mods.contains(.vanished) { return true }
            return false
        }
        let answering = producers.first { i in !s.inFlight[i].isSelect || s.inFlight[i].sawClosed || !s.inFlight[i].hadSelectedMailbox }
            ?? producers.first ?? s.inFlight.count - 1
        guard answering >= 0 else {
            violation(at: p, Citation.vanishedNotEarlier, "VANISHED (EARLIER) only in answer to SELECT/EXAMINE (QRESYNC) or UID FETCH (VANISHED)")
            return
        }
        var c = s.inFlight[answering]
        var allowed = false
        if c.isSelect, let q = c.qresync {
            allowed = true
            if let v = c.newView {
                checking(Citation.uidValidityMismatchIgnoresParameters, Citation.noModSeqIgnoresParameters)
                if let uv = v.uidValidity, uv != q.uidValidity.rawValue {
                    violation(at: p, Citation.uidValidityMismatchIgnoresParameters,
                              "no VANISHED (EARLIER) when the client's UIDVALIDITY \(q.uidValidity) does not match \(uv)")
                } else if v.noModSeq {
                    violation(at: p, Citation.noModSeqIgnoresParameters, "no VANISHED (EARLIER) for a NOMODSEQ mailbox")
                }
            }
        } else if case .fetch(_, _, let mods, true) = c.command, mods.contains(.vanished) {
            allowed = true
        }
        if !allowed {
            violation(at: p, Citation.vanishedNotEarlier, "VANISHED (EARLIER) only in answer to SELECT/EXAMINE (QRESYNC) or UID FETCH (VANISHED)")
        } else if c.sawFetch {
            violation(at: p, Citation.vanishedEarlierBeforeFetch, "every VANISHED (EARLIER) before the command's first FETCH")
        }
        c.vanishedEarlier = c.vanishedEarlier.union(uids)
        s.inFlight[answering] = c
        // A server may work on pipelined commands at once (RFC 3501 §5.5): what it reported may
        // be any producer's, so each counts it as reported (completeness is judged leniently).
        for i in producers where i != answering && (!s.inFlight[i].isSelect || s.inFlight[i].sawClosed || !s.inFlight[i].hadSelectedMailbox) {
            s.inFlight[i].vanishedEarlier = s.inFlight[i].vanishedEarlier.union(uids)
        }
        if allowed { vanishedEarlierNamesExisting(uids, c, s, at: p) }
    }
}

extension ServerResponse {
    /// The capabilities the response lists: an untagged CAPABILITY or a CAPABILITY response code.
    var listedCapabilities: [Capability]? {
        switch self {
        case .untagged(.capability(let caps)): return caps
        case .untagged(.condition(_, let rt)), .tagged(_, _, let rt):
            if case .capability(let caps)? = rt.code { return caps }
            return nil
        default: return nil
        }
    }
}
