import IMAPTypes

extension MailStore {
    // MARK: - Resolving sets against the session's view

    /// The UIDs a command's set names, in the set's order with duplicates removed, or a BAD text:
    /// message numbers beyond the count are an error (RFC 3501 §9 `seq-number`), UIDs that do not
    /// exist are ignored (RFC 3501 §6.4.8).
    func targets(_ set: SequenceSet, uid: Bool, _ sel: ServerSession.Selection) -> Result<[UInt32], CommandError> {
        guard case .ranges(let ranges) = set else { return .failure(CommandError(status: .no, text: "$ is not supported")) }
        var out: [UInt32] = []
        var seen = Set<UInt32>()
        let count = UInt32(sel.count)
        let largestUID = sel.announced.max ?? 0
        for r in ranges {
            if uid {
                let c = r.resolved(largest: largestUID)
                for u in sel.announced.intersection(UIDSet(ranges: [c])) where seen.insert(u).inserted { out.append(u) }
            } else {
                let c = r.resolved(largest: count)
                guard c.lowerBound >= 1, c.upperBound <= count else {
                    return .failure(CommandError(status: .bad, text: "no message \(c.upperBound) (there are \(count))"))
                }
                for n in c {
                    if let u = sel.uid(atSequence: Int(n)), seen.insert(u).inserted { out.append(u) }
                }
            }
        }
        return .success(out)
    }

    struct CommandError: Error {
        var status: TaggedStatus
        var text: String
    }

    // MARK: - APPEND, external delivery

    mutating func append(_ name: MailboxName, flags: [Flag], message: [UInt8], _ id: Int) -> CommandOutcome {
        guard let (uv, uid) = deliver(to: name, flags: flags, body: message) else {
            return CommandOutcome(status: .no, code: mailboxes[name] == nil ? .tryCreate : nil, text: "cannot append")
        }
        return CommandOutcome(status: .ok, code: .appendUID(UIDValidity(unchecked: uv), UIDSet([uid])), text: "appended")
    }

    /// A new message arrives in `name` (APPEND, COPY or an external agent): the next UID and a
    /// mod-sequence above every other in the mailbox (RFC 7162 §3.1). Returns UIDVALIDITY and UID.
    public mutating func deliver(to name: MailboxName, flags: [Flag], body: [UInt8] = []) -> (UInt32, UInt32)? {
        guard mailboxes[name] != nil, mailboxes[name]!.uidNext < UInt32.max, let modSeq = allocateModSeq(name) else { return nil }
        return mailboxes[name]!.append(modSeq: modSeq, flags: FlagSet(flags.filter { $0.kind != .recent }), body: body)
    }

    /// An external agent changes the flags of `uid` in `name` (RFC 7162 §3.1 "an external agent").
    public mutating func externalStore(_ name: MailboxName, uid: UInt32, _ action: StoreAction) {
        guard let i = mailboxes[name]?.index(ofUID: uid), let old = mailboxes[name]?.flags(at: i),
              action.changes(old), let modSeq = allocateModSeq(name) else { return }
        applyFlags(name, at: i, action.apply(to: old), modSeq: modSeq)
        notifyFlagChange(name, uid: uid, except: nil)
    }

    /// Message `i` of `name` takes the flags `new` and, with `modSeq`, that mod-sequence (without
    /// one, `InjectedFault.modSeqNotBumped`). While the server avoids spurious MODIFIED, the flags
    /// that change are recorded with it (`Mailbox.recordFlagChange`).
    mutating func applyFlags(_ name: MailboxName, at i: Int, _ new: FlagSet, modSeq: UInt64?) {
        if let m = modSeq {
            if latitude.avoidsSpuriousModified { mailboxes[name]!.recordFlagChange(at: i, to: new, modSeq: m) }
            mailboxes[name]!.messages[i].modSeq = m
        }
        mailboxes[name]!.setFlags(at: i, new)
    }

    /// An external agent expunges `uids` from `name`.
    public mutating func externalExpunge(_ name: MailboxName, uids: UIDSet) {
        guard let present = mailboxes[name]?.presentUIDs(within: uids) else { return }
        _ = expungeMessages(name, uids: present)
    }

    // MARK: - CLOSE, UNSELECT, EXPUNGE, UID EXPUNGE

    /// RFC 7162 §3.2.8: CLOSE expunges silently; the mod-sequence is incremented and remembered,
    /// and the tagged OK carries no HIGHESTMODSEQ. RFC 5162 §3.4 (before erratum 1808) required it
    /// once QRESYNC was on.
    mutating func close(expunging: Bool, _ id: Int) -> CommandOutcome {
        let s = sessions[id]!
        let sel = s.selection!
        var modSeq: UInt64?
        if expunging, !sel.readOnly, let deleted = mailboxes[sel.mailbox]?.deletedUIDs(among: nil) {
            modSeq = expungeMessages(sel.mailbox, uids: deleted)
        }
        sessions[id]!.selection = nil
        var outcome = CommandOutcome(status: .ok, text: "closed")
        if !RuleSwitch.noHighestModSeqOnClose.isOn(in: edition), s.qresyncEnabled, !sel.noModSeq, let m = modSeq {
            outcome.code = .highestModSeq(ModSeq(m)!)
        }
        return outcome
    }

    /// RFC 7162 §3.2.7 and §3.2.9: removes the \Deleted messages (of `set` for UID EXPUNGE),
    /// reports them before the tagged OK, which carries the new HIGHESTMODSEQ once QRESYNC is on.
    mutating func expunge(within set: SequenceSet?, _ id: Int) -> CommandOutcome {
        let s = sessions[id]!
        let sel = s.selection!
        guard !sel.readOnly else { return .no("mailbox is read-only") }
        guard let persistentModSeq = mailboxes[sel.mailbox]?.persistentModSeq else { return .no("mailbox vanished") }
        var candidates: [UInt32]?
        if let set {
            switch targets(set, uid: true, sel) {
            case .success(let uids): candidates = uids
            case .failure(let e): return CommandOutcome(status: e.status, text: e.text)
            }
        }
        let deleted = mailboxes[sel.mailbox]!.deletedUIDs(among: candidates)
        let modSeq = expungeMessages(sel.mailbox, uids: deleted, bump: !injectedFaults.contains(.expungeKeepsHighestModSeq))
        var outcome = CommandOutcome(untagged: pendingResponses(id, allowExpunge: true, withUID: set != nil), status: .ok, text: "expunged")
        if let m = modSeq, persistentModSeq, s.qresyncEnabled || (s.condstoreEnabled && rng.chance(1, in: 2)) {
            outcome.code = .highestModSeq(ModSeq(m)!)
        }
        return outcome
    }

    // MARK: - FETCH

    mutating func fetch(_ set: SequenceSet, _ items: [FetchItem], _ mods: [FetchModifier], uid: Bool, _ id: Int) -> CommandOutcome {
        var s = sessions[id]!
        let sel = s.selection!
        var changedSince: UInt64?
        for m in mods { if case .changedSince(let v) = m { changedSince = v.rawValue } }
        let vanished = mods.contains(.vanished)
        if vanished {
            // RFC 7162 §3.2.6.
            if !uid { return .bad("VANISHED is a UID FETCH modifier") }
            if changedSince == nil { return .bad("VANISHED needs CHANGEDSINCE") }
            if !s.qresyncEnabled { return .bad("QRESYNC was not enabled") }
        }
        if sel.noModSeq, changedSince != nil || items.contains(.modSeq) { return .bad("no mod-sequences in this mailbox") }
        let unsupported = items.contains {
            switch $0 {
            case .all, .full, .envelope, .body, .bodyStructure, .binary, .binarySize, .extensionItem: return true
            case .bodySection(_, let section, _): return !section.isEmpty
            default: return false
            }
        }
        if unsupported { return .no("that FETCH item is not modelled") }
        let list: [UInt32]
        switch targets(set, uid: uid, sel) {
        case .success(let t): list = t
        case .failure(let e): return CommandOutcome(status: e.status, text: e.text)
        }
        let enablesCondstore = items.contains(.modSeq) || changedSince != nil
        if enablesCondstore { s.condstoreEnabled = true; sessions[id] = s }
        var untagged: [UntaggedResponse] = []
        if vanished {
            // VANISHED may be sent during a UID command (§3.2.10.2): announce pending expunges first,
            // so that VANISHED (EARLIER) never names a message still in the session's view.
            // Expunges only: every VANISHED (EARLIER) precedes every FETCH (§3.2.6).
            untagged += pendingResponses(id, allowExpunge: true, expungesOnly: true)
            let maxUID = mailboxes[sel.mailbox]!.uidNext - 1
            let named = set.resolved(largest: sessions[id]!.selection!.announced.max ?? maxUID) ?? UIDSet()
            let gone = reportVanished(mailboxes[sel.mailbox]!, since: changedSince!, within: named)
            if !gone.isEmpty { untagged.append(.vanishedEarlier(gone)) }
        }
        let wantFlags = items.contains { $0 == .flags || $0 == .fast }
        let wantModSeq = items.contains(.modSeq) || changedSince != nil
        let setsSeen = items.contains { $0.setsSeen } && !sel.readOnly
        var someGone = false
        for u in list {
            let current = sessions[id]!.selection!
            // Announced as gone by this command (VANISHED or EXPUNGE above): the session knows, and
            // a UID set naming a UID that no longer exists is not an error (RFC 3501 §6.4.8).
            guard let n = current.sequenceNumber(of: u) else { continue }
            // Still in the session's view but expunged by another session: RFC 2180 §4.1.2's NO.
            guard let i = mailboxes[sel.mailbox]!.index(ofUID: u) else {
                someGone = true
                continue
            }
            if let m = changedSince, mailboxes[sel.mailbox]!.messages[i].modSeq <= m { continue }
            var seenNow = false
            if setsSeen, !mailboxes[sel.mailbox]!.flags(at: i).contains(.seen), let modSeq = allocateModSeq(sel.mailbox) {
                var f = mailboxes[sel.mailbox]!.flags(at: i)
                f.insert(.seen)
                applyFlags(sel.mailbox, at: i, f, modSeq: modSeq)
                notifyFlagChange(sel.mailbox, uid: u, except: id)
                seenNow = true
            }
            let mb = mailboxes[sel.mailbox]!
            let condstore = sessions[id]!.condstoreEnabled && !sel.noModSeq
            // RFC 7162 §3.2.4: a FETCH that set \Seen carries UID and MODSEQ once CONDSTORE is on.
            var attrs = fetchAttributes(mb, index: i, uid: uid || items.contains(.uid) || (seenNow && condstore),
                                        flags: wantFlags || seenNow, modSeq: wantModSeq || (seenNow && condstore))
            for item in items {
                switch item {
                case .internalDate, .fast: attrs.append(.internalDate("01-Jan-2026 00:00:00 +0000"))
                default: break
                }
                switch item {
                case .rfc822Size, .fast: attrs.append(.rfc822Size(UInt64(mb.bodies[u]?.count ?? 0)))
                case .bodySection(_, let section, let partial):
                    let body = mb.bodies[u] ?? []
                    var data = body
                    if let p = partial {
                        let start = min(Int(p.lowerBound), body.count)
                        let end = min(body.count, start + Int(p.upperBound - p.lowerBound) + 1)
                        data = Array(body[start..<end])
                    }
                    attrs.append(.bodySection(name: "BODY", section: section, origin: partial?.lowerBound, data: data))
                case .rfc822: attrs.append(.bodySection(name: "RFC822", section: "", origin: nil, data: mb.bodies[u] ?? []))
                case .rfc822Header: attrs.append(.bodySection(name: "RFC822.HEADER", section: "", origin: nil, data: []))
                case .rfc822Text: attrs.append(.bodySection(name: "RFC822.TEXT", section: "", origin: nil, data: mb.bodies[u] ?? []))
                default: break
                }
            }
            untagged.append(.fetch(SequenceNumber(unchecked: UInt32(n)), attrs))
        }
        var outcome = CommandOutcome(untagged: untagged, status: someGone ? .no : .ok,
                                     text: someGone ? "some messages were expunged" : "fetched")
        if enablesCondstore { enabling(&outcome, id) }
        return outcome
    }

    // MARK: - STORE

    /// RFC 3501 §6.4.6 with RFC 7162 §3.1.3: UNCHANGEDSINCE per message, MODIFIED for the failures,
    /// a FETCH with MODSEQ for every success even with .SILENT, and no new mod-sequence for a STORE
    /// that changes nothing (§3.1, §3.1.11) unless the latitude says otherwise.
    mutating func store(_ set: SequenceSet, _ mods: [StoreModifier], _ action: StoreAction, uid: Bool, _ id: Int) -> CommandOutcome {
        var s = sessions[id]!
        let sel = s.selection!
        var unchangedSince: UInt64?
        for m in mods { if case .unchangedSince(let v) = m { unchangedSince = v.rawValue } }
        if sel.noModSeq, unchangedSince != nil { return .bad("no mod-sequences in this mailbox") }
        guard !sel.readOnly else { return .no("mailbox is read-only") }
        if action.flags.contains(.recent) { return .bad("\\Recent cannot be stored") }
        let list: [UInt32]
        switch targets(set, uid: uid, sel) {
        case .success(let t): list = t
        case .failure(let e): return CommandOutcome(status: e.status, text: e.text)
        }
        if unchangedSince != nil { s.condstoreEnabled = true; sessions[id] = s }
        let condstore = sessions[id]!.condstoreEnabled && !sel.noModSeq
        // UID with every FETCH once CONDSTORE is on (RFC 7162 §3.2.4), NOMODSEQ mailboxes included.
        let withUID = uid || sessions[id]!.condstoreEnabled
        var commandModSeq: UInt64?
        var untagged: [UntaggedResponse] = []
        var failed: [UInt32] = []
        var someGone = false
        let kept = keptFlags
        for u in list {
            guard let i = mailboxes[sel.mailbox]!.index(ofUID: u), let n = sel.sequenceNumber(of: u) else {
                someGone = true
                continue
            }
            let old = mailboxes[sel.mailbox]!.flags(at: i)
            if let limit = unchangedSince, !injectedFaults.contains(.unchangedSinceIgnored),
               mailboxes[sel.mailbox]!.messages[i].modSeq > limit,
               !latitude.avoidsSpuriousModified || action.kind == .replace
                || action.flags.contains(where: { mailboxes[sel.mailbox]!.latestChangeBound(of: $0, at: i) > limit }) {
                failed.append(uid ? u : UInt32(n))
                if latitude.fetchForFailedUnchangedSince {
                    untagged.append(.fetch(SequenceNumber(unchecked: UInt32(n)),
                                           fetchAttributes(mailboxes[sel.mailbox]!, index: i, uid: withUID, flags: true, modSeq: condstore)))
                }
                continue
            }
            // A flag outside PERMANENTFLAGS is ignored (RFC 3501 §7.1).
            let new = action.apply(to: old, kept: kept)
            let changed = new != old
            if changed || latitude.noOpStoreBumps {
                var bumped: UInt64?
                if !injectedFaults.contains(.modSeqNotBumped) {
                    let modSeq: UInt64?
                    if latitude.allocation == .perCommand, let c = commandModSeq { modSeq = c } else { modSeq = allocateModSeq(sel.mailbox) }
                    guard let m = modSeq else { return .no("mod-sequences exhausted") }
                    commandModSeq = m
                    bumped = m
                }
                applyFlags(sel.mailbox, at: i, new, modSeq: bumped)
                if changed { notifyFlagChange(sel.mailbox, uid: u, except: id) }
            }
            if !action.silent || unchangedSince != nil {
                untagged.append(.fetch(SequenceNumber(unchecked: UInt32(n)),
                                       fetchAttributes(mailboxes[sel.mailbox]!, index: i, uid: withUID,
                                                       flags: !action.silent, modSeq: condstore)))
            }
        }
        var outcome = CommandOutcome(untagged: untagged, status: someGone && latitude.modifiedInNo ? .no : .ok,
                                     text: failed.isEmpty ? "stored" : "conditional store failed")
        if !failed.isEmpty {
            outcome.code = .modified(SequenceSet(UIDSet(failed).ranges))
        }
        if unchangedSince != nil { enabling(&outcome, id) }
        return outcome
    }
}
