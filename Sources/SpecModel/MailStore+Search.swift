import IMAPTypes

extension MailStore {
    // MARK: - SEARCH

    /// RFC 3501 §6.4.4 with RFC 7162 §3.1.5 (MODSEQ: mod-sequence >= value; entry names ignored,
    /// since the model keeps one mod-sequence per message, §3.1.5's MUST), §3.1.6 (the highest
    /// mod-sequence appended to a non-empty result) and §3.1.10 / RFC 4731 (ESEARCH).
    mutating func search(_ sc: SearchCommand, uid: Bool, tag: Tag?, _ id: Int) -> CommandOutcome {
        let sel = sessions[id]!.selection!
        let mentionsModSeq = sc.keys.contains { $0.usesModSeq }
        if mentionsModSeq, sel.noModSeq { return .bad("no mod-sequences in this mailbox") }
        if sc.returnOptions?.contains(.save) == true { return .no("SEARCH RETURN (SAVE) is not modelled") }
        let mb = mailboxes[sel.mailbox]!
        var hits: [(number: UInt32, modSeq: UInt64)] = []
        for n in 1...max(1, sel.count) where n <= sel.count {
            guard let u = sel.uid(atSequence: n), let i = mb.index(ofUID: u) else { continue }
            var ok = true
            for k in sc.keys {
                guard let r = evaluate(k, mb: mb, index: i, seq: UInt32(n), sel: sel) else {
                    return .no("that search key is not modelled")
                }
                if !r { ok = false; break }
            }
            if ok { hits.append((uid ? u : UInt32(n), mb.messages[i].modSeq)) }
        }
        if mentionsModSeq {
            var s = sessions[id]!
            s.condstoreEnabled = true
            sessions[id] = s
        }
        var untagged: [UntaggedResponse] = []
        if let options = sc.returnOptions {
            let opts = options.isEmpty ? [SearchReturnOption.all] : options
            var data: [ESearchReturnData] = []
            if !hits.isEmpty {
                let minHit = hits.min { $0.number < $1.number }!, maxHit = hits.max { $0.number < $1.number }!
                if opts.contains(.min) { data.append(.min(minHit.number)) }
                if opts.contains(.max) { data.append(.max(maxHit.number)) }
                if opts.contains(.all) { data.append(.all(SequenceSet(UIDSet(hits.map(\.number)).ranges))) }
            }
            if opts.contains(.count) { data.append(.count(UInt32(hits.count))) }
            if mentionsModSeq, !hits.isEmpty {
                // RFC 4731 §3.2: MIN or MAX alone report that message's mod-sequence; MIN and MAX
                // together the larger of the two; otherwise the highest of all matches.
                let value: UInt64
                if opts.contains(.all) || opts.contains(.count) {
                    value = hits.map(\.modSeq).max()!
                } else if opts.contains(.min), opts.contains(.max) {
                    value = max(hits.min { $0.number < $1.number }!.modSeq, hits.max { $0.number < $1.number }!.modSeq)
                } else if opts.contains(.min) {
                    value = hits.min { $0.number < $1.number }!.modSeq
                } else {
                    value = hits.max { $0.number < $1.number }!.modSeq
                }
                data.append(.modSeq(ModSeq(value)!))
            }
            untagged.append(.esearch(ESearchResponse(correlator: tag, isUID: uid, returnData: data)))
        } else {
            let top = mentionsModSeq ? hits.map(\.modSeq).max().flatMap { ModSeq($0) } : nil
            untagged.append(.search(hits.map(\.number), modSeq: top))
        }
        var outcome = CommandOutcome(untagged: untagged, status: .ok, text: "searched")
        if mentionsModSeq { enabling(&outcome, id) }
        return outcome
    }

    /// Evaluates one search key for the message at `index`; nil for keys the model does not hold
    /// data for (dates, sizes, text).
    func evaluate(_ key: SearchKey, mb: Mailbox, index i: Int, seq: UInt32, sel: ServerSession.Selection) -> Bool? {
        let flags = mb.flags(at: i)
        switch key {
        case .all: return true
        case .answered: return flags.contains(.answered)
        case .deleted: return flags.contains(.deleted)
        case .draft: return flags.contains(.draft)
        case .flagged: return flags.contains(.flagged)
        case .seen: return flags.contains(.seen)
        case .unanswered: return !flags.contains(.answered)
        case .undeleted: return !flags.contains(.deleted)
        case .undraft: return !flags.contains(.draft)
        case .unflagged: return !flags.contains(.flagged)
        case .unseen: return !flags.contains(.seen)
        case .recent, .new: return false
        case .old: return true
        case .keyword(let f): return flags.contains(f)
        case .unkeyword(let f): return !flags.contains(f)
        case .sequenceSet(let set): return set.resolved(largest: UInt32(sel.count))?.contains(seq)
        case .uid(let set): return set.resolved(largest: sel.announced.max ?? 0)?.contains(mb.messages[i].uid)
        case .modSeq(_, let v): return mb.messages[i].modSeq >= v.rawValue
        case .not(let k): return evaluate(k, mb: mb, index: i, seq: seq, sel: sel).map { !$0 }
        case .or(let a, let b):
            guard let x = evaluate(a, mb: mb, index: i, seq: seq, sel: sel),
                  let y = evaluate(b, mb: mb, index: i, seq: seq, sel: sel) else { return nil }
            return x || y
        case .and(let ks):
            for k in ks {
                guard let r = evaluate(k, mb: mb, index: i, seq: seq, sel: sel) else { return nil }
                if !r { return false }
            }
            return true
        default:
            return nil
        }
    }

    // MARK: - COPY, MOVE

    /// RFC 3501 §6.4.7, RFC 4315 (COPYUID) and RFC 6851 §4.4 (MOVE with QRESYNC: the source's
    /// mod-sequence is incremented, the moved UIDs reported as VANISHED, HIGHESTMODSEQ in an OK).
    mutating func copy(_ set: SequenceSet, to dest: MailboxName, uid: Bool, move: Bool, _ id: Int) -> CommandOutcome {
        let s = sessions[id]!
        let sel = s.selection!
        guard mailboxes[dest] != nil else { return CommandOutcome(status: .no, code: .tryCreate, text: "no such mailbox") }
        if move, sel.readOnly { return .no("mailbox is read-only") }
        let list: [UInt32]
        switch targets(set, uid: uid, sel) {
        case .success(let t): list = t
        case .failure(let e): return CommandOutcome(status: e.status, text: e.text)
        }
        let present = list.filter { mailboxes[sel.mailbox]!.index(ofUID: $0) != nil }.sorted()
        let persistentModSeq = mailboxes[sel.mailbox]!.persistentModSeq
        if present.count != list.count { return .no("some messages were expunged") }
        guard !present.isEmpty else { return CommandOutcome(status: .ok, text: "nothing to copy") }
        var destUIDs: [UInt32] = []
        var destValidity: UInt32 = 0
        for u in present {
            let i = mailboxes[sel.mailbox]!.index(ofUID: u)!
            let flags = mailboxes[sel.mailbox]!.flags(at: i)
            guard let (uv, nu) = deliver(to: dest, flags: Array(flags), body: mailboxes[sel.mailbox]!.bodies[u] ?? []) else {
                return .no("cannot copy")
            }
            destValidity = uv
            destUIDs.append(nu)
        }
        let code = ResponseCode.copyUID(UIDValidity(unchecked: destValidity), source: UIDSet(present).ranges,
                                        destination: UIDSet(destUIDs).ranges)
        guard move else { return CommandOutcome(status: .ok, code: code, text: "copied") }
        var untagged: [UntaggedResponse] = [.condition(.ok, ResponseText(code: code, text: "moved"))]
        let modSeq = expungeMessages(sel.mailbox, uids: UIDSet(present))
        untagged += pendingResponses(id, allowExpunge: true, withUID: uid)
        var outcome = CommandOutcome(untagged: untagged, status: .ok, text: "moved")
        if s.qresyncEnabled, persistentModSeq, let m = modSeq { outcome.code = .highestModSeq(ModSeq(m)!) }
        return outcome
    }

    // MARK: - Erratum 1810

    /// RFC 7162 §3.2 (erratum 1810): while changes wait for a command that may report them, the
    /// HIGHESTMODSEQ a client computes (§6) must stay below the mod-sequence of each: of a delayed
    /// expunge, and of a message whose flags another session changed since this one was told
    /// ("the client doesn't lose any changes in case of connectivity loss"; a resynchronisation
    /// with CHANGEDSINCE that value would never return them). If this command's MODSEQ data or codes
    /// would lift it that far, the last HIGHESTMODSEQ the client sees is set just below the lowest
    /// undelivered change. A FETCH of this command naming a message's UID and FLAGS delivers its
    /// flag change.
    mutating func guardUndeliveredChanges(_ outcome: inout CommandOutcome, _ id: Int) {
        guard let sel = sessions[id]?.selection, outcome.status != .bad else { return }
        var lowest = sel.pendingExpunges.values.min() ?? UInt64.max
        if !sel.pendingFlags.isEmpty, let mb = mailboxes[sel.mailbox] {
            var delivered = UIDSet()
            for case .fetch(_, let attrs) in outcome.untagged {
                var uid: UInt32?, flags = false
                for a in attrs {
                    if case .uid(let u) = a { uid = u.rawValue } else if case .flags = a { flags = true }
                }
                if let u = uid, flags { delivered.insert(u) }
            }
            if !delivered.isEmpty { sessions[id]!.selection!.pendingFlags = sel.pendingFlags.subtracting(delivered) }
            for u in sessions[id]!.selection!.pendingFlags {
                if let i = mb.index(ofUID: u) { lowest = min(lowest, mb.messages[i].modSeq) }
            }
        }
        guard lowest != UInt64.max, let safe = ModSeq(lowest - 1) else { return }
        var sent: UInt64 = 0
        for u in outcome.untagged {
            switch u {
            case .fetch(_, let attrs):
                for a in attrs { if case .modSeq(let m) = a { sent = max(sent, m.rawValue) } }
            case .condition(_, let rt):
                if case .highestModSeq(let m)? = rt.code { sent = max(sent, m.rawValue) }
            default: break
            }
        }
        if case .highestModSeq(let m)? = outcome.code { sent = max(sent, m.rawValue) }
        guard sent >= lowest else { return }
        if outcome.code == nil || { if case .highestModSeq? = outcome.code { return true }; return false }() {
            outcome.code = .highestModSeq(safe)
        } else {
            outcome.untagged.append(.condition(.ok, ResponseText(code: .highestModSeq(safe), text: "changes delayed")))
        }
    }
}

extension SearchKey {
    /// Whether the key uses RFC 7162's MODSEQ criterion anywhere.
    public var usesModSeq: Bool {
        switch self {
        case .modSeq: return true
        case .not(let k): return k.usesModSeq
        case .or(let a, let b): return a.usesModSeq || b.usesModSeq
        case .and(let ks): return ks.contains { $0.usesModSeq }
        default: return false
        }
    }
}
