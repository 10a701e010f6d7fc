import IMAPTypes
import SpecModel

/// What the checker knows of one session: its state (RFC 3501 §3), which extensions are on,
/// its view of the selected mailbox, the commands in progress and the HIGHESTMODSEQ a correct
/// client would hold (RFC 7162 §6).
struct SessionTracker {
    enum Phase { case notAuthenticated, authenticated, selected, loggedOut }

    let id: Int
    var phase: Phase = .notAuthenticated
    /// Capabilities the server advertised to this session, once seen.
    var capabilities: Set<Capability>? {
        didSet {
            advertisesCondstore = capabilities?.contains(.condstore) == true
            advertisesQResync = capabilities?.contains(.qresync) == true
        }
    }
    /// Whether a capability list with QRESYNC was judged (`Checker.advertised`).
    var capabilitiesJudged = false
    /// The last capability list of the authenticated state, and, from an ENABLE on, that list as
    /// it was when the ENABLE was sent, until the next list is compared with it or a command other
    /// than ENABLE, CAPABILITY or NOOP comes in between (RFC 5161 §3.1).
    var authenticatedCapabilities: Set<Capability>?
    var capabilitiesBeforeEnable: Set<Capability>?
    /// Whether `capabilities` list CONDSTORE and QRESYNC (asked on every FETCH line).
    private(set) var advertisesCondstore = false
    private(set) var advertisesQResync = false
    /// RFC 7162 §3.1: certainly CONDSTORE-aware, after an enabling command the server accepted.
    var condstoreAware = false
    /// An enabling command was issued but not (yet) accepted: a rejected one (BAD, NO) may or may
    /// not have counted, since §3.1 says "issues" without saying what a failure does. Rules that
    /// depend on awareness wait for certainty.
    var condstoreMaybe = false
    /// Every extension an ENABLED response listed so far on this connection (RFC 5161).
    var enabledSoFar: Set<Capability> = []
    /// The server's responses follow RFC 9051 rather than RFC 3501 (RFC 9051 §7.2.2): it listed
    /// IMAP4rev2 without IMAP4rev1, or an ENABLED response listed IMAP4rev2. Never turned off.
    var imap4rev2 = false
    /// The client sent ENABLE QRESYNC.
    var qresyncRequested = false
    /// The server answered ENABLED QRESYNC (RFC 5162 erratum 1365).
    var qresyncConfirmed = false
    /// The trace starts in the middle of the session (`Checker.resume`): whether QRESYNC was
    /// enabled before is unknown, so rules that need it off do not apply until an ENABLE is seen.
    var qresyncUnknown = false
    var view: MailboxView?
    /// What earlier selections of this session reported of mod-sequences, by mailbox (see
    /// `replaceView(with:)`).
    var earlierModSeqs: [MailboxName: EarlierModSeqs] = [:]
    /// The user logged in (LOGIN, AUTHENTICATE PLAIN), when the trace shows it; the user a LOGIN or
    /// AUTHENTICATE in progress names. Mailbox names are the user's (`TruthTable`).
    var user: String?
    var userLoggingIn: String?
    /// True after a SELECT/EXAMINE answered BAD: RFC 3501 §6.3.1 deselects on failure, but a BAD
    /// may leave the old mailbox selected (servers differ; RFC 7162 §3.2.5 only says the new one is
    /// not selected), so nothing about the selection is judged until the next one.
    var selectionUnknown = false
    /// True after a NOTIFY SET the server accepted, until a NOTIFY NONE (RFC 5465): the client asked
    /// for unsolicited notifications, EXPUNGE and VANISHED for the selected mailbox among them,
    /// whether a command is in progress or not ("the meaning of a message number can change at any
    /// time"; SELECTED-DELAYED defers them, not parsed here). The rules on when an EXPUNGE may be
    /// sent (RFC 3501 §7.4.1, RFC 7162 §3.2.10.2) are not judged while it holds.
    var notifying = false
    var inFlight: [InFlightCommand] = []
    var clientHighestModSeq: ClientHighestModSeq
    /// True once a command ran IDLE and no DONE has been seen.
    var idling = false

    init(id: Int, edition: Edition) {
        self.id = id
        clientHighestModSeq = ClientHighestModSeq(followsErratum1809: RuleSwitch.clientHighestModSeqRule.isOn(in: edition))
    }

    /// The MODSEQ values a session was told for the messages of one mailbox in its earlier
    /// selections, under one UIDVALIDITY: the highest for each UID. A UID names the same message
    /// while UIDVALIDITY stays (RFC 3501 §2.3.1.1) and a message's mod-sequence never goes back
    /// (RFC 7162 §3.1), so each is a floor for what a later selection may report of that UID.
    struct EarlierModSeqs {
        var uidValidity: UInt32
        var byUID: [UInt32: UInt64] = [:]

        /// The higher of the two values for each UID.
        mutating func merge(_ other: [UInt32: UInt64]) {
            for (u, m) in other where m > byUID[u] ?? 0 { byUID[u] = m }
        }

        /// `mine` (of `name`'s mailbox) with what `view` was told of it merged in, when the view
        /// has mod-sequences and a UIDVALIDITY (another UIDVALIDITY starts afresh); nil if empty.
        static func adding(_ view: MailboxView, to mine: EarlierModSeqs?) -> EarlierModSeqs? {
            guard let uv = view.uidValidity, !view.noModSeq else { return mine }
            var kept = mine.flatMap { $0.uidValidity == uv ? $0 : nil } ?? EarlierModSeqs(uidValidity: uv)
            for slot in view.slots { if let u = slot.uid, let m = slot.modSeq { kept.byUID[u] = Swift.max(kept.byUID[u] ?? 0, m) } }
            return kept.byUID.isEmpty ? mine : kept
        }
    }

    /// Another session's command that may change mailboxes completed while these were in progress.
    mutating func markOverlapped() {
        for i in inFlight.indices { inFlight[i].overlapped = true }
    }

    /// Ends the current selection, if any, and makes `next` the view: what the old view was told
    /// of mod-sequences is kept in `earlierModSeqs` (a NOMODSEQ selection or one without
    /// UIDVALIDITY tells nothing that can be tied to a later one).
    mutating func replaceView(with next: MailboxView?) {
        if let old = view { earlierModSeqs[old.mailbox] = EarlierModSeqs.adding(old, to: earlierModSeqs[old.mailbox]) }
        view = next
    }

    /// Takes on what another session of the user was told of `name`'s mod-sequences: with the
    /// same UIDVALIDITY, the higher of the two for each UID; else this session's own, when it has
    /// some (which UIDVALIDITY is current is not known here).
    mutating func adopt(_ other: EarlierModSeqs, for name: MailboxName) {
        guard var mine = earlierModSeqs[name] else {
            earlierModSeqs[name] = other
            return
        }
        guard mine.uidValidity == other.uidValidity else { return }
        mine.merge(other.byUID)
        earlierModSeqs[name] = mine
    }

    /// What this session was told of mod-sequences so far: its ended selections', and the current
    /// one's.
    var toldModSeqs: [MailboxName: EarlierModSeqs] {
        var out = earlierModSeqs
        if let v = view { out[v.mailbox] = EarlierModSeqs.adding(v, to: out[v.mailbox]) }
        return out
    }

    /// What earlier selections reported for the mailbox of `view`, when they had its UIDVALIDITY.
    func earlierModSeqs(for view: MailboxView) -> [UInt32: UInt64]? {
        guard let uv = view.uidValidity, !view.noModSeq, let e = earlierModSeqs[view.mailbox], e.uidValidity == uv else { return nil }
        return e.byUID
    }

    /// QRESYNC is on: under RFC 7162 only once the server confirmed it (erratum 1365); under RFC
    /// 5162 once the client asked.
    func qresyncOn(_ options: CheckOptions) -> Bool {
        options.on(.qresyncOnlyAfterEnabled) ? qresyncConfirmed : (qresyncRequested || qresyncConfirmed)
    }

    /// The client certainly never asked for QRESYNC (RFC 5161 §1: until then the server cannot
    /// send its responses): no ENABLE QRESYNC, no ENABLED listing it, and the history is known.
    var qresyncNeverRequested: Bool {
        !qresyncRequested && !qresyncConfirmed && !enabledSoFar.contains(.qresync) && !qresyncUnknown && !clientUsedQResync
    }
    /// The client sent the QRESYNC select parameter or the VANISHED fetch modifier: it showed it
    /// knows QRESYNC's responses, even without ENABLE (the server should have refused them).
    var clientUsedQResync = false

    /// A session recorded from the middle (`qresyncUnknown`) shows QRESYNC on: the server sent
    /// VANISHED, or accepted the QRESYNC select parameter or the VANISHED fetch modifier, which
    /// only an enabled session gets (RFC 7162 §3.2.3, §3.2.5, §3.2.6, §3.2.10).
    mutating func qresyncShownOn() {
        guard qresyncUnknown else { return }
        qresyncUnknown = false
        qresyncRequested = true
        qresyncConfirmed = true
        condstoreAware = true
    }

    /// QRESYNC is certainly off: not on, and the session's history is known.
    func qresyncOff(_ options: CheckOptions) -> Bool { !qresyncOn(options) && !qresyncUnknown }

    /// Whether the server is known to implement QRESYNC (advertised, or confirmed by ENABLED).
    var serverHasQResync: Bool { qresyncConfirmed || advertisesQResync }

    /// The server listed its capabilities in the authenticated state without CONDSTORE or QRESYNC:
    /// the extension is present only in a server that lists it (RFC 7162 §3.1.1), so no command
    /// enables it and no mod-sequence rule binds the server (RFC 4466 §2.5 asks it to reject the
    /// modifiers, a rule outside this registry). A list seen only before login says nothing.
    var serverLacksCondstore: Bool {
        guard let caps = authenticatedCapabilities else { return false }
        return !caps.contains(.condstore) && !caps.contains(.qresync) && !qresyncConfirmed
    }

    /// Whether the server is known to implement CONDSTORE (RFC 7162 §3.2.3: QRESYNC implies it).
    var serverHasCondstore: Bool {
        serverHasQResync || advertisesCondstore
    }

    /// Whether findings are suppressed: a command the checker could not parse is in progress, or
    /// the selection is unknown and the response concerns it.
    /// An unparsed command that changes nothing (`UnparsedCommand.stateNeutral`, as
    /// LIST ... RETURN (STATUS ...)) leaves its answers judged: a STATUS response is held to RFC
    /// 7162 §3.1.7 whichever command brought it.
    var judging: Bool {
        inFlight.isEmpty || inFlight[currentIndex].unparsed?.stateNeutral ?? true
    }

    /// Where the command the current responses belong to is in `inFlight`: the earliest
    /// SELECT/EXAMINE in progress, else the latest command. A command sent after a SELECT/EXAMINE
    /// without waiting (RFC 3501 §5.5, e.g. a UID FETCH, which names no message numbers) works on
    /// the mailbox being selected, so the server executes it after the SELECT/EXAMINE completes
    /// ("it MUST execute commands to completion in the order given by the client"): until then
    /// the untagged responses are the SELECT/EXAMINE's (EXISTS, HIGHESTMODSEQ, CLOSED...).
    var currentIndex: Int {
        inFlight.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count - 1 {
                if b[i].isSelect { return i }
                i += 1
            }
            return b.count - 1
        }
    }

    /// The command the current responses belong to (`currentIndex`). A copy: on the path of
    /// every response, read it in place with `withCurrent` instead.
    var current: InFlightCommand? {
        get { inFlight.isEmpty ? nil : inFlight[currentIndex] }
        set {
            guard let v = newValue, !inFlight.isEmpty else { return }
            inFlight[currentIndex] = v
        }
    }

    /// Reads the command in progress in place: copying it would retain every set and table it
    /// holds, once for each response line.
    func withCurrent<R>(_ body: (borrowing InFlightCommand) -> R) -> R? {
        guard !inFlight.isEmpty else { return nil }
        // Borrowed: an owned argument would copy the command (every set it grows) on each call.
        return body(inFlight[currentIndex])
    }

    /// The label of the command in progress ("tag NAME"), for findings.
    var currentLabel: String? { withCurrent { $0.label } }

    /// Whether every command in progress satisfies `body`. With several pipelined (RFC 3501 §5.5),
    /// an untagged response may answer any of them, so a rule that depends on the command it
    /// answers holds only when it holds for each.
    func everyInFlight(_ body: (InFlightCommand) -> Bool) -> Bool {
        inFlight.withUnsafeBufferPointer { $0.allSatisfy(body) }
    }

    /// Mutates the command in progress in place (through `current` every mutation would copy its
    /// growing sets: copy-on-write).
    mutating func modifyCurrent(_ body: (inout InFlightCommand) -> Void) {
        guard !inFlight.isEmpty else { return }
        body(&inFlight[currentIndex])
    }

    /// The command in progress that untagged data only one kind of command produces (SEARCH,
    /// ENABLED, MOVE's untagged COPYUID) answers: the one command in progress that `produces`
    /// it, whatever was sent after it without waiting (RFC 3501 §5.5). With none, the current
    /// command (`currentIndex`). Nil when which one is not determined: several commands in
    /// progress produce it (a server "MAY begin processing another command before processing the
    /// current command to completion", §5.5, so a SEARCH pipelined after a UID SEARCH may answer
    /// first), or a command the checker could not parse is in progress besides the one that
    /// does (an unparsed SEARCH, SORT with RETURN, ... may have produced it).
    func answering(_ produces: (InFlightCommand) -> Bool) -> Int? {
        guard !inFlight.isEmpty else { return nil }
        var found: Int?
        for i in inFlight.indices where inFlight[i].unknown || produces(inFlight[i]) {
            guard found == nil else { return nil }
            found = i
        }
        return found ?? currentIndex
    }

    /// Whether untagged data now applies to the view a SELECT/EXAMINE in progress is building:
    /// the old mailbox was closed (CLOSED seen, or no mailbox was selected).
    private var buildingNewView: Bool {
        withCurrent { $0.isSelect && ($0.sawClosed || !$0.hadSelectedMailbox) } ?? false
    }

    /// The view untagged data applies to now: during a SELECT, the new mailbox's once the old one
    /// was closed, else the old one.
    var activeView: MailboxView? {
        buildingNewView ? inFlight[currentIndex].newView : view
    }

    /// Reads the active view in place.
    func withActiveView<R>(_ body: (MailboxView) -> R) -> R? {
        if buildingNewView {
            let i = currentIndex
            return inFlight.withUnsafeBufferPointer { b in
                guard case .some(let v) = b[i].newView else { return nil }
                return body(v)
            }
        }
        guard case .some(let v) = view else { return nil }
        return body(v)
    }

    /// Mutates the active view in place (no copy of its slots).
    mutating func updateActiveView(_ body: (inout MailboxView) -> Void) {
        // `case .some` tests without copying the view (`!= nil` copied it on every response).
        if buildingNewView {
            let i = currentIndex
            if case .some = inFlight[i].newView {
                body(&inFlight[i].newView!)
                return
            }
        }
        if case .some = view { body(&view!) }
    }

    /// Whether a mailbox view is held, tested without copying it.
    var hasView: Bool {
        if case .some = view { return true }
        return false
    }
}
