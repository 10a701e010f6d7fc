import IMAPTypes

extension MailStore {
    /// Everything the reference model implements (RFC 7162 §3.2.2, §3.2.3: QRESYNC needs ENABLE;
    /// CONDSTORE advertised too, as §3.2.2 recommends).
    public static let allCapabilities: [Capability] = [
        .imap4rev1, .enable, .condstore, .qresync, .uidplus, .move, .idle, .literalPlus, .esearch, .unselect,
    ]

    /// The capabilities this server advertises: all, or all but QRESYNC for a CONDSTORE-only one.
    public var capabilities: [Capability] {
        offersQResync ? Self.allCapabilities : Self.allCapabilities.filter { $0 != .qresync }
    }

    /// Runs one command for `sessionID`: guard, effect, and the responses a conforming server
    /// sends, pending notifications included where the command may carry them.
    public mutating func execute(_ command: Command, tag: Tag? = nil, session sessionID: Int) -> CommandOutcome {
        guard let s = sessions[sessionID] else { return .bad("no such session") }
        let needsAuth: Bool = {
            switch command {
            case .capability, .noop, .logout, .login, .authenticate: return false
            default: return true
            }
        }()
        if needsAuth, !s.authenticated { return .bad("not authenticated") }
        var outcome: CommandOutcome
        var allowExpunge = true
        switch command {
        case .capability:
            outcome = CommandOutcome(untagged: [.capability(capabilities)], status: .ok, text: "done")
        case .noop, .check, .idle:
            outcome = CommandOutcome(status: .ok, text: "done")
        case .logout:
            sessions[sessionID]?.selection = nil
            return CommandOutcome(untagged: [.condition(.bye, ResponseText(text: "logging out"))], status: .ok, text: "done")
        case .login(let user, let password):
            guard !s.authenticated else { return .bad("already authenticated") }
            guard user == self.user, password == self.password else { return .no("[AUTHENTICATIONFAILED] wrong user or password") }
            sessions[sessionID]?.authenticated = true
            outcome = CommandOutcome(status: .ok, code: .capability(capabilities), text: "logged in")
        case .authenticate:
            return .no("use LOGIN")
        case .enable(let caps):
            outcome = enable(caps, sessionID)
        case .select(let name, let params):
            outcome = select(name, params, readOnly: false, sessionID)
        case .examine(let name, let params):
            outcome = select(name, params, readOnly: true, sessionID)
        case .create(let name):
            outcome = createMailbox(name) ? CommandOutcome(status: .ok, text: "created")
                : CommandOutcome(status: .no, code: .alreadyExists, text: "exists")
        case .delete(let name):
            outcome = delete(name)
        case .rename:
            outcome = .no("RENAME is not modelled")
        case .list:
            outcome = list()
        case .status(let name, let atts):
            outcome = status(name, atts, sessionID)
        case .append(let name, let flags, _, let message):
            outcome = append(name, flags: flags ?? [], message: message, sessionID)
        default:
            guard s.selection != nil else { return .bad("no mailbox selected") }
            switch command {
            case .close, .unselect:
                return close(expunging: command == .close, sessionID)
            case .expunge:
                outcome = expunge(within: nil, sessionID)
            case .uidExpunge(let set):
                outcome = expunge(within: set, sessionID)
            case .fetch(let set, let items, let mods, let uid):
                outcome = fetch(set, items, mods, uid: uid, sessionID)
                allowExpunge = uid
            case .store(let set, let mods, let action, let uid):
                outcome = store(set, mods, action, uid: uid, sessionID)
                allowExpunge = uid
            case .search(let sc, let uid):
                outcome = search(sc, uid: uid, tag: tag, sessionID)
                allowExpunge = false
            case .copy(let set, let dest, let uid):
                outcome = copy(set, to: dest, uid: uid, move: false, sessionID)
            case .move(let set, let dest, let uid):
                outcome = copy(set, to: dest, uid: uid, move: true, sessionID)
            default:
                return .bad("unsupported command")
            }
        }
        // Notifications: NOOP and IDLE always; other commands when the latitude says so.
        if outcome.status != .bad, sessions[sessionID]?.selection != nil {
            let always: Bool = {
                switch command {
                case .noop, .idle, .check: return true
                default: return false
                }
            }()
            if always || latitude.notificationTiming == .anyCommand {
                // During a UID command every FETCH carries UID (RFC 3501 §6.4.8).
                let uidCommand: Bool = {
                    switch command {
                    case .fetch(_, _, _, let u), .store(_, _, _, let u), .search(_, let u), .copy(_, _, let u), .move(_, _, let u): return u
                    case .uidExpunge: return true
                    default: return false
                    }
                }()
                outcome.untagged += pendingResponses(sessionID, allowExpunge: allowExpunge, withUID: uidCommand)
            }
        }
        guardUndeliveredChanges(&outcome, sessionID)
        return outcome
    }

    // MARK: - ENABLE, SELECT, STATUS, LIST, DELETE

    mutating func enable(_ caps: [Capability], _ id: Int) -> CommandOutcome {
        guard sessions[id]?.selection == nil else { return .bad("ENABLE is valid only in the authenticated state") }
        var enabled: [Capability] = []
        var s = sessions[id]!
        if caps.contains(.condstore), !s.condstoreEnabled {
            enabled.append(.condstore)
        }
        // A CONDSTORE-only server does not know QRESYNC: it enables nothing for it (RFC 5161 §3.1:
        // ENABLED lists only what was enabled).
        let qresync = caps.contains(.qresync) && offersQResync
        if qresync, !s.qresyncEnabled {
            enabled.append(.qresync)
            s.qresyncEnabled = true
        }
        if caps.contains(.condstore) || qresync { s.condstoreEnabled = true }
        sessions[id] = s
        return CommandOutcome(untagged: [.enabled(enabled)], status: .ok, text: "enabled")
    }

    mutating func select(_ name: MailboxName, _ params: [SelectParameter], readOnly: Bool, _ id: Int) -> CommandOutcome {
        var s = sessions[id]!
        var qresync: QResyncParameters?
        for p in params { if case .qresync(let q) = p { qresync = q } }
        if qresync != nil, !s.qresyncEnabled {
            s.selection = nil
            sessions[id] = s
            return .bad("QRESYNC was not enabled")
        }
        var untagged: [UntaggedResponse] = []
        if s.selection != nil { untagged.append(.condition(.ok, ResponseText(code: .closed, text: "previous mailbox closed"))) }
        s.selection = nil
        guard let mb = mailboxes[name] else {
            sessions[id] = s
            return CommandOutcome(untagged: untagged, status: .no, code: .nonExistent, text: "no such mailbox")
        }
        if !params.isEmpty { s.condstoreEnabled = true }
        let uids = mb.uids
        s.selection = ServerSession.Selection(
            mailbox: name, readOnly: readOnly, uidValidity: mb.uidValidity, noModSeq: !mb.persistentModSeq,
            announced: uids, announcedMaxUID: mb.messages.last?.uid ?? 0, reportedHighestModSeq: s.condstoreEnabled)
        sessions[id] = s
        let flags: [Flag] = Flag.storableSystemFlags
        untagged.append(.flags(flags))
        untagged.append(.condition(.ok, ResponseText(code: .permanentFlags(permanentFlags), text: "limited")))
        untagged.append(.exists(UInt32(mb.messages.count)))
        untagged.append(.recent(0))
        untagged.append(.condition(.ok, ResponseText(code: .uidValidity(UIDValidity(unchecked: mb.uidValidity)), text: "UIDs valid")))
        untagged.append(.condition(.ok, ResponseText(code: .uidNext(UID(unchecked: mb.uidNext)), text: "predicted next UID")))
        // RFC 7162 §3.1.2: after a CONDSTORE enabling command; RFC 4551 §3.1: on every SELECT.
        if s.condstoreEnabled || !RuleSwitch.highestModSeqOnlyAfterEnabling.isOn(in: edition) {
            if mb.persistentModSeq {
                untagged.append(.condition(.ok, ResponseText(code: .highestModSeq(highestModSeqValue(mb)), text: "highest")))
            } else {
                untagged.append(.condition(.ok, ResponseText(code: .noModSeq, text: "no mod-sequences here")))
            }
        }
        if let q = qresync, q.uidValidity.rawValue == mb.uidValidity, mb.persistentModSeq {
            untagged += resynchronise(mb, q, id)
        }
        return CommandOutcome(untagged: untagged, status: .ok, code: readOnly ? .readOnly : .readWrite, text: "selected")
    }

    /// HIGHESTMODSEQ of a mailbox as reported (RFC 7162 §3.1.2.1): never 0, since a mailbox starts
    /// at the latitude's initial value (at least 1).
    func highestModSeqValue(_ mb: Mailbox) -> ModSeq { ModSeq(mb.highestModSeq)! }

    /// RFC 7162 §3.2.5.1 and §3.2.5.2: VANISHED (EARLIER) for expunges since the client's
    /// mod-sequence, then FETCH (UID FLAGS MODSEQ) for messages changed since then, within the
    /// known UIDs (all of 1:UIDNEXT-1 when absent).
    func resynchronise(_ mb: Mailbox, _ q: QResyncParameters, _ id: Int) -> [UntaggedResponse] {
        let s = sessions[id]!
        let sel = s.selection!
        let maxUID = mb.uidNext > 1 ? mb.uidNext - 1 : 0
        let known = q.knownUIDs?.resolved(largest: maxUID) ?? (maxUID > 0 ? UIDSet(ranges: [1...maxUID]) : UIDSet())
        var vanished = reportVanished(mb, since: q.modSeq.rawValue, within: known)
        // seq-match-data: the highest matching pair tells which expunges the client already knows.
        if latitude.honourSequenceMatch, let smd = q.sequenceMatch,
           let seqs = smd.knownSequenceSet.resolved(largest: UInt32(sel.count)).map(Array.init),
           let uids = smd.knownUIDSet.resolved(largest: maxUID).map(Array.init), seqs.count == uids.count {
            var covered: UInt32 = 0
            for (n, u) in zip(seqs, uids) where sel.uid(atSequence: Int(n)) == u { covered = max(covered, u) }
            if covered > 0 { vanished.remove(1...covered) }
        }
        var out: [UntaggedResponse] = []
        if !vanished.isEmpty { out.append(.vanishedEarlier(vanished)) }
        for (i, m) in mb.messages.enumerated() where known.contains(m.uid) && m.modSeq > q.modSeq.rawValue {
            out.append(.fetch(SequenceNumber(unchecked: UInt32(i + 1)), fetchAttributes(mb, index: i, uid: true, flags: true, modSeq: true)))
        }
        return out
    }

    /// The VANISHED (EARLIER) set for `within` since `modSeq`, as the latitude reports it.
    func reportVanished(_ mb: Mailbox, since modSeq: UInt64, within set: UIDSet) -> UIDSet {
        switch latitude.vanishedEarlier {
        case .exact: return mb.expungedSince(modSeq, within: set)
        case .everyMissingUID: return mb.missingUIDs(within: set)
        }
    }

    mutating func status(_ name: MailboxName, _ atts: [StatusAttribute], _ id: Int) -> CommandOutcome {
        guard let mb = mailboxes[name] else { return CommandOutcome(status: .no, code: .nonExistent, text: "no such mailbox") }
        var values: [StatusAttributeValue] = []
        for a in atts {
            switch a {
            case .messages: values.append(.messages(UInt32(mb.messages.count)))
            case .recent: values.append(.recent(0))
            case .uidNext: values.append(.uidNext(UID(unchecked: mb.uidNext)))
            case .uidValidity: values.append(.uidValidity(UIDValidity(unchecked: mb.uidValidity)))
            case .unseen: values.append(.unseen(UInt32(mb.messages.indices.filter { !mb.flags(at: $0).contains(.seen) }.count)))
            case .highestModSeq:
                values.append(.highestModSeq(mb.persistentModSeq ? ModSeqOrZero(highestModSeqValue(mb)) : .zero))
            case .deleted:
                // RFC 9051 §6.3.11: the number of messages with the \Deleted flag set.
                values.append(.other(name: "DELETED", value: UInt64(mb.messages.indices.filter { mb.flags(at: $0).contains(.deleted) }.count)))
            case .size:
                // RFC 9051 §6.3.11: the total size of the mailbox in octets.
                values.append(.other(name: "SIZE", value: UInt64(mb.messages.indices.reduce(0) { $0 + (mb.bodies[mb.messages[$1].uid]?.count ?? 0) })))
            case .appendLimit:
                // RFC 7889 §3.1: NIL, no limit for this mailbox.
                values.append(.extensionValue(name: "APPENDLIMIT", value: Array("NIL".utf8)))
            case .mailboxID:
                // RFC 8474: the model keeps no object identifiers.
                return .no("MAILBOXID is not modelled")
            }
        }
        var outcome = CommandOutcome(untagged: [.status(name, values)], status: .ok, text: "status")
        if atts.contains(.highestModSeq) { enabling(&outcome, id) }
        return outcome
    }

    /// A CONDSTORE enabling command: the session becomes CONDSTORE-aware, and the first one with a
    /// mailbox selected reports its HIGHESTMODSEQ (RFC 7162 §3.1, R7162-3.1#8), untagged or in the
    /// tagged OK as the latitude chooses.
    mutating func enabling(_ outcome: inout CommandOutcome, _ id: Int) {
        guard var s = sessions[id] else { return }
        s.condstoreEnabled = true
        if var sel = s.selection, !sel.reportedHighestModSeq {
            sel.reportedHighestModSeq = true
            if sel.noModSeq {
                // §3.1 exempts a server that sent NOMODSEQ at selection; one that had no reason to
                // (no enabling command yet) says NOMODSEQ now, since it has no HIGHESTMODSEQ to give.
                outcome.untagged.insert(.condition(.ok, ResponseText(code: .noModSeq, text: "no mod-sequences here")), at: 0)
            } else if let mb = mailboxes[sel.mailbox] {
                let v = highestModSeqValue(mb)
                if latitude.highestModSeqInTaggedOK, outcome.status == .ok, outcome.code == nil {
                    outcome.code = .highestModSeq(v)
                } else {
                    outcome.untagged.insert(.condition(.ok, ResponseText(code: .highestModSeq(v), text: "highest")), at: 0)
                }
            }
            s.selection = sel
        }
        sessions[id] = s
    }

    func list() -> CommandOutcome {
        let entries = mailboxes.keys.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
            .map { UntaggedResponse.list(MailboxListEntry(attributes: [], delimiter: UInt8(ascii: "/"), name: $0)) }
        return CommandOutcome(untagged: entries, status: .ok, text: "listed")
    }

    mutating func delete(_ name: MailboxName) -> CommandOutcome {
        guard mailboxes[name] != nil else { return CommandOutcome(status: .no, code: .nonExistent, text: "no such mailbox") }
        if sessions.values.contains(where: { $0.selection?.mailbox == name }) { return .no("mailbox in use") }
        // RFC 7162 §5.3: the expunge history goes with the mailbox; a new one gets a new UIDVALIDITY.
        mailboxes[name] = nil
        return CommandOutcome(status: .ok, text: "deleted")
    }
}
