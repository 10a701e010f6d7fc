import IMAPTypes

/// What a command produced: untagged responses in order, then the tagged completion.
public struct CommandOutcome: Hashable, Sendable {
    public var untagged: [UntaggedResponse]
    public var status: TaggedStatus
    public var code: ResponseCode?
    public var text: String

    public init(untagged: [UntaggedResponse] = [], status: TaggedStatus, code: ResponseCode? = nil, text: String) {
        self.untagged = untagged
        self.status = status
        self.code = code
        self.text = text
    }

    static func bad(_ text: String) -> CommandOutcome { CommandOutcome(status: .bad, text: text) }
    static func no(_ text: String) -> CommandOutcome { CommandOutcome(status: .no, text: text) }
}

/// The reference model of a CONDSTORE and QRESYNC server: every mailbox, every session, and each
/// command as a transition (guard -> effect -> frame) that returns the responses a conforming server
/// sends, with the server's latitude (`Latitude`) as an explicit choice. The reference server
/// serves it over IMAP; property tests run `checkInvariants()` after every step.
public struct MailStore: Sendable {
    public var latitude: Latitude

    /// PERMANENTFLAGS (RFC 3501 §7.1): the system flags, and `\*` unless the latitude drops keywords.
    var permanentFlags: [PermanentFlag] {
        Flag.storableSystemFlags.map { .flag($0) } + (latitude.keepsKeywords ? [.wildcard] : [])
    }

    /// What a STORE keeps of `permanentFlags`.
    var keptFlags: KeptFlags { KeptFlags(permanentFlags) }
    /// The text the model follows where the editions differ (`RuleSwitch`).
    public var edition: Edition = .rfc7162
    var rng: SplitMix64
    public internal(set) var mailboxes: [MailboxName: Mailbox] = [:]
    public internal(set) var sessions: [Int: ServerSession] = [:]
    /// Mailboxes that answer NOMODSEQ (RFC 7162 §3.1.2.2) when created.
    public var noModSeqMailboxes: Set<MailboxName> = []
    /// Whether QRESYNC is offered (RFC 7162 §3.2). Without it this is a CONDSTORE-only server: QRESYNC
    /// is neither advertised nor enabled, so no session ever uses it.
    public var offersQResync = true
    /// Test-only deviations (`InjectedFault`); empty for the conforming model.
    public var injectedFaults: Set<InjectedFault> = []
    public let user: String
    public let password: String
    var nextUIDValidity: UInt32
    var nextSessionID = 1

    public init(latitude: Latitude = Latitude(), seed: UInt64 = 0, user: String = "test", password: String = "testpass",
                mailboxes: [MailboxName] = [.inbox], noModSeqMailboxes: Set<MailboxName> = []) {
        self.latitude = latitude
        self.rng = SplitMix64(seed: seed)
        self.user = user
        self.password = password
        self.noModSeqMailboxes = noModSeqMailboxes
        var validitySource = SplitMix64(seed: seed ^ 0x5EED)
        nextUIDValidity = UInt32(truncatingIfNeeded: validitySource.next() % 1_000_000) + 1
        for m in mailboxes { _ = createMailbox(m) }
    }

    // MARK: - Sessions

    /// Opens a session and returns its id (the greeting is the server's business).
    public mutating func openSession() -> Int {
        let id = nextSessionID
        nextSessionID += 1
        sessions[id] = ServerSession(id: id)
        return id
    }

    public mutating func closeSession(_ id: Int) { sessions[id] = nil }

    // MARK: - Mailboxes

    @discardableResult
    mutating func createMailbox(_ name: MailboxName) -> Bool {
        guard mailboxes[name] == nil else { return false }
        mailboxes[name] = Mailbox(name: name, uidValidity: nextUIDValidity, initialModSeq: latitude.initialModSeq,
                                  persistentModSeq: !noModSeqMailboxes.contains(name))
        nextUIDValidity &+= 1 + UInt32(rng.below(5))
        if nextUIDValidity == 0 { nextUIDValidity = 1 }
        return true
    }

    /// A new mod-sequence for `mailbox`, above everything it holds (RFC 7162 §3.1), with a gap
    /// drawn from the latitude; nil when the 63-bit space is exhausted.
    mutating func allocateModSeq(_ mailbox: MailboxName) -> UInt64? {
        guard let highest = mailboxes[mailbox]?.highestModSeq else { return nil }
        let gap = latitude.maxGap == 0 ? 0 : rng.below(latitude.maxGap + 1)
        let (v, overflow) = highest.addingReportingOverflow(1 + gap)
        guard !overflow, v <= ModSeq.max else { return nil }
        mailboxes[mailbox]!.highestModSeq = v
        return v
    }

    // MARK: - Changes seen by other sessions

    /// Records a flag change of `uid` for every other session with `mailbox` selected.
    /// (Sessions are changed in place: a copy would copy their pending sets on every change.)
    mutating func notifyFlagChange(_ mailbox: MailboxName, uid: UInt32, except: Int?) {
        for id in Array(sessions.keys) where id != except {
            guard let sel = sessions[id]!.selection, sel.mailbox == mailbox, sel.announced.contains(uid) else { continue }
            sessions[id]!.selection!.pendingFlags.insert(uid)
        }
    }

    /// Records an expunge for every session that still has the message in its sequence, the
    /// acting one included (it is told by its own command's responses).
    mutating func notifyExpunge(_ mailbox: MailboxName, uids: UIDSet, modSeq: UInt64) {
        for id in Array(sessions.keys) {
            guard let announced = sessions[id]!.selection?.announced, sessions[id]!.selection!.mailbox == mailbox else { continue }
            for u in uids where announced.contains(u) {
                sessions[id]!.selection!.pendingExpunges[u] = modSeq
                sessions[id]!.selection!.pendingFlags.remove(u)
            }
        }
    }

    /// Removes the messages with the given UIDs, increments the per-mailbox mod-sequence and
    /// remembers it with the UIDs (RFC 7162 §3.2, §3.2.7, §3.2.8, §3.2.9), expiring old records
    /// beyond the latitude's limit (§5.3). With `bump` false (`InjectedFault.expungeKeepsHighestModSeq`)
    /// the expunge is remembered with the current value instead.
    mutating func expungeMessages(_ mailbox: MailboxName, uids: UIDSet, bump: Bool = true) -> UInt64? {
        guard !uids.isEmpty, mailboxes[mailbox] != nil else { return nil }
        mailboxes[mailbox]!.removeMessages(uids)
        guard let modSeq = bump ? allocateModSeq(mailbox) : mailboxes[mailbox]!.highestModSeq else { return nil }
        mailboxes[mailbox]!.rememberExpunge(ExpungeRecord(uids: uids, modSeq: modSeq), limit: latitude.expungeHistoryLimit)
        notifyExpunge(mailbox, uids: uids, modSeq: modSeq)
        return modSeq
    }

    /// The FETCH data of the message at index `i`: UID, FLAGS and MODSEQ as asked.
    func fetchAttributes(_ mb: Mailbox, index i: Int, uid: Bool, flags: Bool, modSeq: Bool) -> [FetchAttribute] {
        var a: [FetchAttribute] = []
        if uid { a.append(.uid(UID(unchecked: mb.messages[i].uid))) }
        if flags { a.append(.flags(mb.flags(at: i).sorted { $0.key < $1.key })) }
        if modSeq, let m = ModSeq(mb.messages[i].modSeq) { a.append(.modSeq(m)) }
        return a
    }

    /// What a session has not been told yet: new messages (EXISTS), flag changes (FETCH) and, when
    /// `allowExpunge`, expunges (VANISHED once QRESYNC is on, else EXPUNGE). Expunges that must wait
    /// are covered by `guardUndeliveredChanges` (RFC 7162 §3.2, erratum 1810).
    mutating func pendingResponses(_ sessionID: Int, allowExpunge: Bool, withUID: Bool = false,
                                   expungesOnly: Bool = false) -> [UntaggedResponse] {
        guard let qresyncEnabled = sessions[sessionID]?.qresyncEnabled, let condstoreEnabled = sessions[sessionID]?.condstoreEnabled,
              var sel = sessions[sessionID]!.selection, mailboxes[sel.mailbox] != nil else { return [] }
        // The selection is taken out while it changes, so that its sets are not copied.
        sessions[sessionID]!.selection = nil
        defer { sessions[sessionID]!.selection = sel }
        let mb = mailboxes[sel.mailbox]!
        var out: [UntaggedResponse] = []
        if allowExpunge, !sel.pendingExpunges.isEmpty {
            let gone = UIDSet(sel.pendingExpunges.keys)
            if qresyncEnabled, !sel.noModSeq {
                out.append(.vanished(gone))
                sel.announced = sel.announced.subtracting(gone)
            } else {
                for u in gone.reversed() {
                    if let n = sel.sequenceNumber(of: u), let sn = SequenceNumber(n) { out.append(.expunge(sn)) }
                    sel.announced.remove(u)
                }
            }
            sel.pendingExpunges = [:]
        }
        if expungesOnly { return out }
        // Messages are in UID order: the new ones are the tail above the last announced UID.
        let firstFresh = mb.firstIndex(ofUIDAbove: sel.announcedMaxUID)
        if firstFresh < mb.messages.count {
            for i in firstFresh..<mb.messages.count { sel.announced.insert(mb.messages[i].uid) }
            sel.announcedMaxUID = mb.messages[mb.messages.count - 1].uid
            out.append(.exists(UInt32(sel.count)))
        }
        for u in sel.pendingFlags {
            guard let i = mb.index(ofUID: u), let n = sel.sequenceNumber(of: u), let sn = SequenceNumber(n) else { continue }
            let withModSeq = condstoreEnabled && !sel.noModSeq
            out.append(.fetch(sn, fetchAttributes(mb, index: i, uid: condstoreEnabled || withUID, flags: true, modSeq: withModSeq)))
        }
        sel.pendingFlags = UIDSet()
        return out
    }

    /// Checks every invariant of every mailbox and session; returns a description of each broken one.
    public func checkInvariants() -> [String] {
        var problems: [String] = []
        for (name, mb) in mailboxes { problems += mb.checkInvariants().map { "\(name): \($0)" } }
        for (id, s) in sessions {
            if s.qresyncEnabled, !s.condstoreEnabled { problems.append("session \(id): QRESYNC without CONDSTORE") }
            guard let sel = s.selection else { continue }
            guard let mb = mailboxes[sel.mailbox] else {
                problems.append("session \(id): selected mailbox \(sel.mailbox) does not exist")
                continue
            }
            let present = mb.uids
            for u in sel.announced where !present.contains(u) && sel.pendingExpunges[u] == nil {
                problems.append("session \(id): announced UID \(u) neither present nor pending expunge")
            }
            for u in sel.pendingExpunges.keys where !sel.announced.contains(u) {
                problems.append("session \(id): pending expunge \(u) not announced")
            }
            if !sel.pendingFlags.isSubset(of: sel.announced) { problems.append("session \(id): pending flags outside view") }
            if sel.announcedMaxUID >= mb.uidNext { problems.append("session \(id): announced beyond UIDNEXT") }
        }
        return problems
    }
}
