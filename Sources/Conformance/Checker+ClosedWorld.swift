import IMAPTypes
import SpecModel

/// Closed-world checking: every session touching the mailboxes is in the trace, so the checker
/// keeps the ground truth (`MailboxTruth`) and checks completeness too: what a command had to
/// report, not only what it reported.
extension Checker {
    /// Sessions other than `s` with `name` selected whose view holds `uid`: a change to a message
    /// a session was not yet told exists is no news to it (EXISTS will announce the message).
    func viewers(of name: MailboxName, except s: Int, holding uid: UInt32) -> [Int] {
        sessions.values.filter { $0.id != s && $0.view?.mailbox == name && $0.view?.index(ofUID: uid) != nil }.map(\.id)
    }

    /// The sessions other than `s` with `name` selected: any of them may hold a message in its view,
    /// known by UID or not.
    func sessionsSelecting(_ name: MailboxName, except s: Int) -> [Int] {
        sessions.values.filter { $0.id != s && $0.view?.mailbox == name }.map(\.id)
    }

    /// The UIDs a command's set names in the session's view (only those whose UID is known).
    func targetUIDs(_ set: SequenceSet, uid: Bool, _ view: MailboxView) -> [UInt32] {
        if uid {
            // `*` is the largest UID in use: certain only when the session knows every UID.
            if set.containsStar, !view.allUIDsKnown { return [] }
            guard let named = set.resolved(largest: view.knownUIDs.last ?? 0) else { return [] }
            return view.knownUIDs.filter { named.contains($0) }
        }
        guard let numbers = set.resolved(largest: UInt32(view.count)) else { return [] }
        return Self.inView(numbers, view).compactMap { view[sequence: Int($0)].uid }
    }

    /// Whether every message a set names in the view has a known UID.
    func targetsCertain(_ set: SequenceSet, uid: Bool, _ view: MailboxView) -> Bool {
        if view.allUIDsKnown { return true }
        if uid { return false }
        guard let numbers = set.resolved(largest: UInt32(view.count)) else { return false }
        return Self.inView(numbers, view).allSatisfy { view[sequence: Int($0)].uid != nil }
    }

    /// The message numbers of `numbers` within the view (a set like 1:4294967295 is cut to the
    /// view's size before anything walks it).
    static func inView(_ numbers: UIDSet, _ view: MailboxView) -> UIDSet {
        view.count == 0 ? UIDSet() : numbers.intersection(UIDSet(ranges: [1...UInt32(view.count)]))
    }

    /// Whether `set` names `n` more than once (a number in two of its ranges; `*` is not resolved).
    static func namesTwice(_ set: SequenceSet, _ n: UInt32) -> Bool {
        guard case .ranges(let rs) = set else { return false }
        return rs.filter { r in
            guard case .number(let a) = r.first, case .number(let b) = r.last else { return false }
            return Swift.min(a, b) <= n && n <= Swift.max(a, b)
        }.count > 1
    }

    /// Whether a response of the command in progress (`cmd`, else the session's current one) can
    /// be compared with the truth as it stands: no other session's command that may change
    /// mailboxes completed since it was sent, nor is one in progress (sessions in `sessions` are
    /// the others while one is being judged).
    func judgedAlone(_ s: SessionTracker, _ cmd: InFlightCommand? = nil) -> Bool {
        let overlapped = cmd?.overlapped ?? s.withCurrent { $0.overlapped } ?? false
        return !overlapped && sessions.values.allSatisfy { $0.id == s.id || $0.inFlight.allSatisfy { !$0.mutates } }
    }

    mutating func startClosedWorld(_ cmd: inout InFlightCommand, _ s: SessionTracker) {
        if let q = cmd.qresync, let name = cmd.newView?.mailbox, let t = truth[name] {
            // RFC 7162 §3.2.5.1: the flag changes since the client's mod-sequence are owed to a
            // QRESYNC select; those a STORE of the trace certainly made after it, to messages that
            // exist and for which the server itself reported a mod-sequence above it, are known (a
            // change left at a lower one breaks R7162-3.1#4, judged where it was reported).
            cmd.resyncOwed = t.messages.filter { u, m in
                t.expunged[u] == nil && t.maybeGone[u] == nil && m.reportedModSeq > q.modSeq.rawValue
                    && m.flagChangedAbove.values.contains { $0 >= q.modSeq.rawValue }
            }.map(\.key).sorted()
        }
        guard let view = s.view else { return }
        let t = truth[view.mailbox] ?? MailboxTruth()
        cmd.truthHighestAtStart = t.highestObserved
        cmd.pendingFlagsAtStart = t.pendingFlags[s.id] ?? []
        switch cmd.command {
        case .store(let set, _, _, let uid), .fetch(let set, _, _, let uid):
            cmd.targetUIDs = targetUIDs(set, uid: uid, view)
            for u in cmd.targetUIDs { cmd.truthBefore[u] = t.messages[u] }
            if case .fetch(_, let items, _, _) = cmd.command, items.contains(where: { $0.setsSeen }), !view.readOnly {
                // RFC 3501 §6.4.5: BODY[] and the like set \Seen, reported only as a SHOULD: a
                // target without it has flags and a mod-sequence unknown from now on (lower bound).
                let certain = targetsCertain(set, uid: uid, view)
                truth[view.mailbox]?.flagsMayHaveChanged { u, m in
                    (cmd.targetUIDSet.contains(u) || (!certain && (!uid || set.mayContain(u)))) && !m.certainlyHas(.seen)
                }
            }
            if case .store = cmd.command, !targetsCertain(set, uid: uid, view) {
                // Some targets cannot be named: their flags may have changed. Those of a UID
                // command are among the UIDs its set may name (RFC 3501 §6.4.8), wherever the
                // session's view places them; `*` may be any UID (the largest one the session
                // knows may be gone).
                truth[view.mailbox]?.flagsMayHaveChanged { u, _ in !cmd.targetUIDSet.contains(u) && (!uid || set.mayContain(u)) }
            }
        default:
            break
        }
    }

    /// A FETCH response in a closed world: flags and mod-sequences are the current truth.
    mutating func observeClosedWorld(uid u: UInt32, flags: FlagSet?, modSeq: UInt64?, in name: MailboxName,
                                     known slot: MailboxView.Slot, asked: FetchExpectations, _ s: inout SessionTracker, at p: Place) {
        // Taken out while mutated, so that the mutation does not copy it (copy-on-write).
        var t = truth.removeValue(forKey: name) ?? MailboxTruth()
        defer { truth[name] = t }
        let target = s.withCurrent { $0.targetUIDSet.contains(u) } ?? false
        // RFC 7162 §3.1.4.1: CHANGEDSINCE returns only messages changed after the value; a FETCH
        // with a lower MODSEQ is legal only as news of a change the session was not told about.
        // It is news when it tells the session something it did not know (other flags or a higher
        // MODSEQ than it last saw), whatever the truth recorded. This holds of an answer from the
        // session's view too, so it comes before the checks below. (CHANGEDSINCE is a FETCH
        // modifier: a STORE never gets here with one.)
        let news = slot.flags == nil || flags.map { !$0.equalsIgnoringRecent(slot.flags!) } == true
            || slot.modSeq.map { modSeq ?? 0 > $0 } ?? true
        if !asked.changedSince.isEmpty, modSeq != nil, target { checking(Citation.changedSinceOnlyNewer) }
        if !asked.changedSince.isEmpty, let m = modSeq, target, !news, !asked.changedSinceJudged,
           s.withCurrent({ !$0.pendingFlagsAtStart.contains(u) }) == true {
            for since in asked.changedSince where m <= since {
                violation(at: p, Citation.changedSinceOnlyNewer, "only messages with a mod-sequence above \(since) (UID \(u) has \(m))")
            }
        }
        // A message this trace showed expunged, in a session not told yet: the server answers from
        // that session's view (RFC 2180 §4.1), and a STORE to it (§4.2) changes nothing that
        // exists. Nothing is learnt of the mailbox, not even its MODSEQ, and the message is not
        // brought back.
        guard t.expunged[u] == nil else { return }
        if let holders = t.maybeGone[u] {
            // Perhaps gone: only a session whose view did not hold it then shows it still exists.
            guard !holders.contains(s.id) else { return }
            t.maybeGone[u] = nil
            if let line = t.reportedVanished.removeValue(forKey: u) {
                violation(at: p, Citation.vanishedEarlierOnlyGone,
                          "UID \(u) still exists, yet VANISHED (EARLIER) on line \(line) named it as no longer in the mailbox")
            }
        }
        if let m = modSeq { t.observe(modSeq: m) }
        // Whatever the branch below records of the message, the server reported this MODSEQ for it.
        defer { if let m = modSeq { t.reported(modSeq: m, of: u) } }
        // FETCH responses of a STORE for its own targets are judged when the STORE completes.
        // With commands pipelined (RFC 3501 §5.5) the response may answer any STORE in progress
        // that targets the message, not only the latest command.
        var answersStore = false
        for i in s.inFlight.indices {
            guard case .store = s.inFlight[i].command, s.inFlight[i].targetUIDSet.contains(u) else { continue }
            answersStore = true
            if let m = modSeq { s.inFlight[i].observedModSeqByUID[u] = m }
            if flags != nil { s.inFlight[i].observedFlagsOf.insert(u) }
        }
        if answersStore {
            if let f = flags {
                // Not known before: the value reported is what there is (a change is judged at completion).
                var msg = t.messages[u] ?? .init(flags: nil, modSeq: modSeq.map { .exactly($0) } ?? .unknown(limit: t.limit))
                msg.showed(f, keptBy: Self.keptForTruth(s))
                t.messages[u] = msg
                // The session now knows the message's current flags.
                t.pendingFlags[s.id]?.remove(u)
            }
            return
        }
        var msg = t.messages[u] ?? .init(flags: nil, modSeq: .unknown(limit: t.limit))
        if modSeq == nil, let f = flags, let known = msg.flags, !f.equalsIgnoringRecent(known) {
            // Flags changed that the trace did not show changing (a FETCH of BODY[] sets \Seen,
            // RFC 3501 §6.4.5), reported without MODSEQ: the mod-sequence may have risen, by an
            // unknown amount (what was known is a lower bound).
            msg.modSeq = msg.modSeq.mayHaveRisen(limit: t.limit)
        }
        if let m = modSeq {
            // A floor no later change raised is the message's arrival's (RFC 7162 §3.1).
            let arrival = msg.arrivedAbove.flatMap { $0 &+ 1 == msg.modSeq.min ? $0 : nil }
            checking(arrival == nil ? Citation.flagChangeUpdatesModSeq : Citation.arrivalModSeq)
            if m < msg.modSeq.min {
                if let a = arrival {
                    violation(at: p, Citation.arrivalModSeq,
                              "UID \(u) arrived while a message of the mailbox had mod-sequence \(a) or more (as reported, or above"
                              + " what was reported after a change of its flags, R7162-3.1#4), so its MODSEQ is above \(a), not \(m)")
                } else {
                    violation(at: p, Citation.flagChangeUpdatesModSeq,
                              "UID \(u) changed since its mod-sequence was last known, so its MODSEQ is above \(msg.modSeq.min &- 1), not \(m)")
                }
            }
            msg.modSeq = .exactly(m)
        }
        if let f = flags {
            msg.showed(f, keptBy: Self.keptForTruth(s))
            t.pendingFlags[s.id]?.remove(u)
        }
        t.messages[u] = msg
    }

    /// The session was told that these UIDs were expunged (EXPUNGE or VANISHED).
    mutating func expungeAnnounced(_ uids: [UInt32], _ s: inout SessionTracker) {
        s.modifyCurrent { $0.expungesAnnounced += uids.count }
        guard let name = s.activeView?.mailbox else { return }
        var t = truth.removeValue(forKey: name) ?? MailboxTruth()
        var fresh: [UInt32] = []
        for u in uids {
            t.pendingFlags[s.id]?.remove(u)
            t.reportedVanished[u] = nil
            if t.maybeGone.removeValue(forKey: u) != nil {
                // Gone at some earlier point the checker could not pin down.
                t.expunged[u] = .unknown(limit: t.limit)
            } else if t.expunged[u] == nil {
                fresh.append(u)
            }
        }
        if !fresh.isEmpty {
            // A first announcement answering this session's expunging command: it removed them now,
            // unless it cannot have: EXPUNGE and UID EXPUNGE remove only \Deleted messages (RFC 3501
            // §6.4.3, RFC 4315 §2.1), so one the truth knows without \Deleted went earlier, by
            // something the trace does not show (Dovecot 2.3.19 reports such a message, gone since
            // a MOVE into the same mailbox, on the next EXPUNGE).
            let removedByThis: (UInt32) -> Bool
            switch s.current?.command {
            case .expunge?, .uidExpunge?: removedByThis = { t.messages[$0]?.flags.map { $0.contains(.deleted) } ?? true }
            case .move?: removedByThis = { _ in true }
            default: removedByThis = { _ in false }
            }
            var byThis: [UInt32] = [], earlier: [UInt32] = []
            for u in fresh { if removedByThis(u) { byThis.append(u) } else { earlier.append(u) } }
            if !byThis.isEmpty {
                t.expunge(byThis, modSeq: t.freshModSeq())
                s.modifyCurrent { $0.newlyExpunged += byThis }
            }
            // Told later than it happened (another session's expunge the checker did not see
            // announced, or one no command shows): when is unknown.
            if !earlier.isEmpty { t.expunge(earlier, modSeq: .unknown(limit: t.limit)) }
        }
        truth[name] = t
    }

    /// The flags of what session `s`'s FETCH shows that are certainly the mailbox's: all of them
    /// unless the session sent a STORE that may have set or cleared flags outside its
    /// PERMANENTFLAGS for itself alone (RFC 3501 §7.1); then those its PERMANENTFLAGS keeps.
    static func keptForTruth(_ s: SessionTracker) -> KeptFlags {
        guard let view = s.activeView, view.storedOwnFlags else { return .all }
        return view.keptFlags
    }

    mutating func completeClosedWorld(_ cmd: InFlightCommand, status: TaggedStatus, code: ResponseCode?,
                                      _ s: inout SessionTracker, at p: Place) {
        // Leaving a mailbox (CLOSE, UNSELECT, another SELECT, LOGOUT) drops what the session was
        // owed there; a new selection starts owing nothing.
        switch cmd.command {
        case .close, .unselect, .logout, .select, .examine:
            if let old = s.view?.mailbox { truth[old]?.pendingFlags[s.id] = nil }
            if status == .ok, let new = cmd.newView {
                truth[new.mailbox]?.pendingFlags[s.id] = []
            }
        default:
            break
        }
        let taggedHighest: UInt64? = { if case .highestModSeq(let v)? = code { return v.rawValue }; return nil }()
        if case .fetch = cmd.command, status == .ok { changedSinceAnswersEvery(cmd, s, at: p) }
        switch cmd.command {
        case .select, .examine:
            guard status == .ok, let v = cmd.newView else { return }
            var t = truth[v.mailbox] ?? MailboxTruth()
            if let uv = v.uidValidity, let known = t.uidValidity, uv != known { t = MailboxTruth() }
            t.uidValidity = v.uidValidity
            // What a flag change lasts in: what every read-write selection keeps (the first one too).
            if !v.readOnly, code != .readOnly { t.lastingFlags = t.lastingFlags.map { $0.intersection(v.keptFlags) } ?? v.keptFlags }
            // Only what the selection said: a session that is not CONDSTORE-aware hears neither.
            if v.noModSeq { t.noModSeq = true } else if v.sawHighestModSeq { t.noModSeq = false }
            // Sessions take turns, so a selection shows the current size.
            t.count = v.count
            if judgedAlone(s, cmd) { selectHighestModSeq(cmd, t, at: p) }
            if let h = cmd.sawHighestModSeqCode { t.observe(modSeq: h) }
            truth[v.mailbox] = t
            // Judged only against one state of the truth (no other session's command overlapped).
            if let q = cmd.qresync, v.uidValidity == q.uidValidity.rawValue, !v.noModSeq, judgedAlone(s, cmd) {
                let maxUID = (v.uidNext ?? 1) > 1 ? v.uidNext! - 1 : 0
                let known = q.knownUIDs?.resolved(largest: maxUID) ?? (maxUID > 0 ? UIDSet(ranges: [1...maxUID]) : UIDSet())
                let covered = q.sequenceMatch?.knownUIDSet.resolved(largest: maxUID)?.max ?? 0
                requireReported(cmd, t, since: q.modSeq.rawValue, within: known, present: nil, coveredUpTo: covered,
                                citationVanished: Citation.resyncFetchHasUIDs, at: p)
                let unreported = cmd.resyncOwed.filter {
                    known.contains($0) && !cmd.fetchedUIDs.contains($0) && !cmd.vanishedEarlier.contains($0)
                        && t.expunged[$0] == nil && t.maybeGone[$0] == nil
                }
                if !unreported.isEmpty {
                    violation(at: p, Citation.resyncFetchHasUIDs,
                              "a FETCH for UIDs \(UIDSet(unreported)), whose flags changed after mod-sequence \(q.modSeq)")
                }
            }
        case .fetch(let set, _, let mods, true) where status == .ok:
            guard mods.contains(.vanished), let view = s.view else { return }
            var since: UInt64?
            for m in mods { if case .changedSince(let v) = m { since = v.rawValue } }
            guard let m = since, let t = truth[view.mailbox] else { return }
            // `*` is the largest UID in use, at least the highest the session knows: only what the
            // set certainly names is required.
            let named = set.certainlyNamed(largestKnown: view.largestKnownUID ?? 0) ?? UIDSet()
            // Only messages the session had been told of can be answered for (no FETCH may name a
            // message number the client does not know); expunges are reported for the whole set.
            // Judged only against one state of the truth (no other session's command overlapped).
            if judgedAlone(s, cmd) {
                requireReported(cmd, t, since: m, within: named, present: cmd.targetUIDSet, coveredUpTo: 0,
                                citationVanished: Citation.vanishedModifierReportsExpunged, at: p)
            }
        case .store(_, let mods, let action, let uid):
            completeStoreClosedWorld(cmd, mods: mods, action: action, uid: uid, status: status, code: code, &s, at: p)
        case .expunge, .uidExpunge, .move:
            if case .move = cmd.command, status == .ok { copied(cmd, code: code) }
            if status == .ok, let view = s.view, !view.readOnly, var t = truth[view.mailbox] {
                // EXPUNGE removes every \Deleted message, also those this session was not told of
                // (RFC 3501 §6.4.3); UID EXPUNGE those of its set (RFC 4315 §2.1).
                var named: UIDSet?
                if case .uidExpunge(let set) = cmd.command {
                    named = set.resolved(largest: max(view.knownUIDs.last ?? 0, t.messages.keys.max() ?? 0))
                }
                if case .move = cmd.command {} else {
                    let unseen = t.messages.filter { u, m in
                        view.index(ofUID: u) == nil && m.flags?.contains(.deleted) != false && (named?.contains(u) ?? true)
                    }.map(\.key)
                    // Messages the session was not told of may or may not be removed (when a
                    // server takes in a new arrival is latitude): unknown now.
                    let holders = sessionsSelecting(view.mailbox, except: s.id)
                    for u in unseen { t.forget(u, heldBy: holders) }
                    if !unseen.isEmpty { t.count = nil }
                    truth[view.mailbox] = t
                }
            }
            guard let name = s.view?.mailbox, var t = truth[name], !cmd.newlyExpunged.isEmpty, !t.noModSeq else { break }
            let isMove: Bool = { if case .move = cmd.command { return true }; return false }()
            let reported = taggedHighest ?? (isMove ? cmd.sawHighestModSeqCode : nil)
            let highestID = isMove ? Citation.moveHighestModSeq
                : { if case .uidExpunge = cmd.command { return Citation.uidExpungeHighestModSeq }; return Citation.expungeHighestModSeq }()
            if s.qresyncOn(options), status == .ok { checking(highestID) }
            if reported != nil, (t.pendingFlags[s.id] ?? []).isEmpty {
                checking(isMove ? Citation.moveIncrementsModSeq
                         : { if case .uidExpunge = cmd.command { return Citation.uidExpungeIncrementsModSeq }; return Citation.expungeIncrementsModSeq }())
            }
            if s.qresyncOn(options), status == .ok, reported == nil {
                let id = isMove ? Citation.moveHighestModSeq
                    : { if case .uidExpunge = cmd.command { return Citation.uidExpungeHighestModSeq }; return Citation.expungeHighestModSeq }()
                violation(at: p, id, "HIGHESTMODSEQ in the OK of a \(cmd.command.name) that removed messages (QRESYNC is on)")
            }
            if let h = reported {
                if h <= cmd.truthHighestAtStart, (t.pendingFlags[s.id] ?? []).isEmpty {
                    let id = isMove ? Citation.moveIncrementsModSeq
                        : { if case .uidExpunge = cmd.command { return Citation.uidExpungeIncrementsModSeq }; return Citation.expungeIncrementsModSeq }()
                    violation(at: p, id,
                              "the mailbox mod-sequence raised by the expunge: above \(cmd.truthHighestAtStart), not \(h)")
                }
                // The new HIGHESTMODSEQ is the largest expunge mod-sequence. A server may give each
                // message its own (RFC 7162 §3.2 ties a value to each expunged message; one value
                // per command or per message is latitude): with several, each is at most h.
                // Every removal the command announced counts, also those of messages whose UID the
                // session never learnt or that were perhaps gone already.
                for u in cmd.newlyExpunged {
                    let low = t.expunged[u]?.min ?? cmd.truthHighestAtStart + 1
                    t.expunged[u] = cmd.expungesAnnounced == 1 ? .exactly(h) : ModSeqKnowledge(min: low, max: Swift.max(h, low))
                }
                t.observe(modSeq: h)
            }
            truth[name] = t
        case .close where status == .ok:
            guard let view = s.view, !view.readOnly, var t = truth[view.mailbox] else { break }
            // \Deleted messages the session knew are gone. One it was not told of yet, or whose flags
            // are unknown, may or may not be (when a server takes in a new arrival is latitude):
            // forget it.
            // A \Deleted flag another session set and this one was not told of yet may not count:
            // Dovecot 2.3.19 closes on the session's view and leaves such a message. It may or
            // may not be gone (forgotten below, as a message with unknown flags is).
            let deleted = t.messages.filter {
                $0.value.certainlyHas(.deleted) && view.index(ofUID: $0.key) != nil && !cmd.pendingFlagsAtStart.contains($0.key)
            }.map(\.key)
            // Erratum 1808: whether the tagged OK of a CLOSE that removed messages reports the new
            // HIGHESTMODSEQ. RFC 7162 §3.2.8 forbids it; RFC 5162 §3.4 required it once QRESYNC
            // was on. Only a CLOSE that certainly removed a message (a \Deleted one the session
            // was told of; in the closed world nobody else cleared the flag) is judged.
            if !deleted.isEmpty, !t.noModSeq, !view.noModSeq {
                if options.on(.noHighestModSeqOnClose) {
                    checking(Citation.closeNoHighestModSeq)
                } else if s.qresyncOn(options) {
                    checking(Citation.rfc5162CloseHighestModSeq)
                }
                if options.on(.noHighestModSeqOnClose), taggedHighest != nil {
                    violation(at: p, Citation.closeNoHighestModSeq, "no HIGHESTMODSEQ in the tagged OK of a CLOSE that expunged messages")
                } else if !options.on(.noHighestModSeqOnClose), taggedHighest == nil, s.qresyncOn(options) {
                    violation(at: p, Citation.rfc5162CloseHighestModSeq,
                              "HIGHESTMODSEQ in the tagged OK of a CLOSE that expunged messages (QRESYNC is on)")
                }
            }
            // Forgotten: what may or may not be gone (unknown flags, \Deleted the session did not
            // know or in another session's view, or flags changed that the session was not told of:
            // its view may have had \Deleted).
            let removed = Set(deleted)
            let holders = sessionsSelecting(view.mailbox, except: s.id)
            for (u, m) in t.messages where !removed.contains(u)
                && (m.flags == nil || m.certainlyHas(.deleted) || (cmd.pendingFlagsAtStart.contains(u) && view.index(ofUID: u) != nil)) {
                t.forget(u, heldBy: holders)
            }
            t.expunge(deleted, modSeq: t.freshModSeq())
            truth[view.mailbox] = t
        case .append(let name, let flags, _, _) where status == .ok:
            var t = truth[name] ?? MailboxTruth()
            if let c = t.count { t.count = c + 1 }
            if case .appendUID(_, let uids)? = code, let u = uids.min {
                // Above the messages still in the mailbox, not above every value observed (RFC 7162
                // §3.1; an expunge's mod-sequence, §3.2, is no message's).
                let arrival = t.arrivalModSeq()
                t.messages[u] = .init(flags: FlagSet((flags ?? []).filter { $0.kind != .recent }), modSeq: arrival.knowledge)
                t.messages[u]?.arrivedAbove = arrival.above
            }
            truth[name] = t
        case .copy where status == .ok:
            copied(cmd, code: code)
        case .delete(let name) where status == .ok:
            truth[name] = nil
        case .rename(let from, let to) where status == .ok:
            // The old name is gone and the new one holds what it held: nothing carries over.
            truth[from] = nil
            truth[to] = nil
        default:
            break
        }
        // RFC 7162 §3.2 (erratum 1810): a client following §6 must never pass an expunge it was not told of.
        let changesSelection: Bool = {
            switch cmd.command {
            case .select, .examine, .close, .unselect, .logout: return true
            default: return false
            }
        }()
        if !changesSelection, s.qresyncOn(options), options.on(.noLostChangesOrdering), let view = s.view, let t = truth[view.mailbox],
           let h = s.clientHighestModSeqAfterTagged(code: code) {
            checking(Citation.noLostChanges)
            for u in view.knownUIDs {
                if let e = t.expunged[u], h >= e.max {
                    violation(at: p, Citation.noLostChanges,
                              "a HIGHESTMODSEQ below the unannounced expunge of UID \(u) (mod-sequence \(e)); the client would hold \(h)")
                    break
                }
            }
            if let (u, known, now, m) = Self.unannouncedFlagChange(view, t, s.id, coveredBy: h, toldChanged: Self.modifiedUIDs(cmd, code, view)) {
                violation(at: p, Citation.noLostChanges,
                          "a HIGHESTMODSEQ below the mod-sequence of UID \(u)'s flags \(now), which this session was not told of"
                              + " (it knows \(known)); at mod-sequence \(m) the client would hold \(h), and CHANGEDSINCE \(h) would not return them")
            }
        }
    }

    /// A message of the session's view whose flags changed through another session, with the change
    /// not reported to this one (its flags are not those the client holds: reported, or determined
    /// by its own STORE), while the message's mod-sequence is certainly at most `h`: a
    /// client holding HIGHESTMODSEQ `h` would never be told of it (RFC 7162 §3.2, R7162-3.2#3:
    /// "the client doesn't lose any changes in case of connectivity loss"; a resynchronisation
    /// returns only messages changed after `h`). Only certain cases: both flag sets known, different
    /// in what lasts (RFC 3501 §7.1), the message's mod-sequence known to be at most `h`, and the
    /// message not in `toldChanged`, those the completing command told the client had changed.
    /// What lasts is what the session's own PERMANENTFLAGS keeps; for a read-only selection, which
    /// can change none, what the read-write selections of the mailbox keep.
    static func unannouncedFlagChange(_ view: MailboxView, _ t: MailboxTruth, _ session: Int, coveredBy h: UInt64,
                                      toldChanged: Set<UInt32> = [])
        -> (uid: UInt32, known: FlagSet, now: FlagSet, modSeq: UInt64)? {
        guard let owed = t.pendingFlags[session], !owed.isEmpty else { return nil }
        let kept = view.readOnly ? t.lastingFlags ?? view.keptFlags : view.keptFlags
        for slot in view.slots {
            guard let u = slot.uid, owed.contains(u), !toldChanged.contains(u), let known = slot.clientFlags, let msg = t.messages[u], let now = msg.flags,
                  t.maybeGone[u] == nil, msg.modSeq.max <= h, msg.reportedModSeq > 0,
                  !known.sameLastingFlags(as: now, kept) else { continue }
            return (u, known, now, msg.modSeq.max)
        }
        return nil
    }

    /// The UIDs of the view a STORE's MODIFIED names (RFC 7162 §3.1.3): the client was told they
    /// changed, and "SHOULD try to figure out" how with FETCH or NOOP, since a server need not send
    /// their FETCH with the MODIFIED (it is only RECOMMENDED; Example 9 reports higher MODSEQ values
    /// of other messages without it).
    static func modifiedUIDs(_ cmd: InFlightCommand, _ code: ResponseCode?, _ view: MailboxView) -> Set<UInt32> {
        guard case .store(_, _, _, let uid) = cmd.command, let named = modified(code, uid: uid, in: view) else { return [] }
        if uid { return Set(view.knownUIDs.filter { named.contains($0) }) }
        return Set(inView(named, view).compactMap { view[sequence: Int($0)].uid })
    }

    /// A COPY or MOVE created messages in its destination: as many as its COPYUID names, or an
    /// unknown number without one.
    private mutating func copied(_ cmd: InFlightCommand, code: ResponseCode?) {
        guard case .copy(_, let dest, _) = cmd.command else {
            guard case .move(_, let dest, _) = cmd.command else { return }
            return add(cmd.copiedCount, to: dest)
        }
        var n: Int?
        if case .copyUID(_, _, let destination)? = code { n = destination.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 } }
        add(n ?? cmd.copiedCount, to: dest)
    }

    private mutating func add(_ n: Int?, to dest: MailboxName) {
        // The count is kept only where it is certain; the next SELECT or STATUS re-reads it.
        truth[dest]?.count = nil
    }

    /// Completeness of a resynchronisation (SELECT/EXAMINE QRESYNC or UID FETCH CHANGEDSINCE
    /// VANISHED): every expunge after `since` within `set` was reported.
    private mutating func requireReported(_ cmd: InFlightCommand, _ t: MailboxTruth, since: UInt64, within set: UIDSet,
                                          present: Set<UInt32>?, coveredUpTo: UInt32, citationVanished: String, at p: Place) {
        checking(citationVanished)
        // A UID still in the session's view when the command began is announced with a plain
        // VANISHED (now or later), not VANISHED (EARLIER): it is not required here.
        let missingVanished = t.expunged.filter { u, k in
            set.contains(u) && u > coveredUpTo && k.certainlyAbove(since) && !cmd.vanishedEarlier.contains(u)
                && !(present?.contains(u) ?? false)
        }.map(\.key)
        if !missingVanished.isEmpty {
            violation(at: p, citationVanished,
                      "VANISHED (EARLIER) for UIDs \(UIDSet(missingVanished)), expunged after mod-sequence \(since)")
        }
        // Changed messages missing from the answer are not judged: that needs certainty about
        // which messages exist, which the reconstruction does not yet always have (open work).
    }

    private mutating func completeStoreClosedWorld(_ cmd: InFlightCommand, mods: [StoreModifier], action: StoreAction, uid: Bool,
                                                   status: TaggedStatus, code: ResponseCode?, _ s: inout SessionTracker, at p: Place) {
        // Nothing changes a read-only (EXAMINEd) mailbox, whatever the STORE's status (RFC 3501 §6.3.2).
        guard status != .bad, let view = s.view, !view.readOnly, truth[view.mailbox] != nil else { return }
        var t = truth.removeValue(forKey: view.mailbox)!
        defer { truth[view.mailbox] = t }
        var unchanged: UInt64?
        for m in mods { if case .unchangedSince(let v) = m { unchanged = v.rawValue } }
        let modified = Self.modified(code, uid: uid, in: view) ?? UIDSet()
        var tookEffect: [UInt32] = []
        // The mod-sequences this STORE gave the messages it changed. What its FETCH showed is its
        // own only with no other command that may change messages overlapping it (another
        // session's, or a STORE of this session pipelined after it): else not recorded.
        var storeModSeqs: [UInt64] = []
        let alone = judgedAlone(s, cmd) && !s.inFlight.contains { if case .store = $0.command { return true }; return false }
        for u in cmd.targetUIDs {
            // Judged against what was known when the command began; a message unknown then (its
            // FETCH in this command is all there is) is not judged.
            guard t.expunged[u] == nil, t.maybeGone[u] == nil else { continue }
            let key: UInt32 = uid ? u : UInt32(view.index(ofUID: u).map { $0 + 1 } ?? 0)
            let failed = modified.contains(key)
            if status == .ok, !failed { tookEffect.append(u) }
            guard let before = cmd.truthBefore[u] else {
                // Not judged; but a +FLAGS or -FLAGS that took effect tells which of its flags the
                // message has now (a later CLOSE certainly removes it when that is \Deleted).
                if status == .ok, !failed, action.kind != .replace, t.messages[u]?.flags == nil {
                    var m = t.messages[u] ?? .init(flags: nil, modSeq: .unknown(limit: t.limit))
                    m.stored(action, kept: view.keptFlags)
                    t.messages[u] = m
                }
                continue
            }
            if let limit = unchanged, !s.serverLacksCondstore {
                checking(unchangedSinceMustFail, modifiedListsFailures)
                if !failed, status == .ok, s.condstoreAware { checking(unchangedSinceFetchEvenIfSilent) }
                // FLAGS replaces every flag, so the message's mod-sequence decides; +FLAGS and
                // -FLAGS affect only the flags they name, whose own mod-sequences a server may keep
                // (RFC 7162 §3.1, §3.1.12): only a change of one of those after the value is certain.
                let stale = action.kind == .replace ? before.modSeq.certainlyAbove(limit)
                    : before.someFlagChanged(action.flags, above: limit)
                if stale, !failed, status == .ok {
                    violation(at: p, unchangedSinceMustFail,
                              action.kind == .replace
                                  ? "UID \(u) (mod-sequence \(before.modSeq)) fails UNCHANGEDSINCE \(limit) and is listed in MODIFIED"
                                  : "UID \(u) fails UNCHANGEDSINCE \(limit): a flag it names changed at a mod-sequence above \(limit); it is listed in MODIFIED")
                    continue
                }
                if before.modSeq.certainlyAtMost(limit), failed {
                    // Named twice: it failed on a later occurrence after passing the first (§3.1.3).
                    if case .store(let set, _, _, _) = cmd.command, Self.namesTwice(set, key) {
                        checking(Citation.duplicateNotFailedAfterSuccess)
                        violation(at: p, Citation.duplicateNotFailedAfterSuccess,
                                  "\(uid ? "UID" : "message") \(key), named more than once, passed UNCHANGEDSINCE \(limit) once; a later occurrence does not fail")
                    } else {
                        violation(at: p, modifiedListsFailures,
                                  "UID \(u) (mod-sequence \(before.modSeq)) passes UNCHANGEDSINCE \(limit), so MODIFIED does not list it")
                    }
                    continue
                }
                if !failed, status == .ok, cmd.observedModSeqByUID[u] == nil, s.condstoreAware {
                    if let old = before.flags, action.changes(old, view.keptFlags) == true {
                        violation(at: p, unchangedSinceFetchEvenIfSilent,
                                  "a FETCH with MODSEQ for UID \(u), whose flags this UNCHANGEDSINCE store changed")
                    } else {
                        // A STORE that changes nothing "completes successfully" (§3.1.11) but need not
                        // change the mod-sequence; whether §3.1.3's FETCH is then due is open.
                        report(unchangedSinceFetchEvenIfSilent, .note, session: p.session, line: p.line, command: p.command,
                               expected: "a FETCH with MODSEQ for UID \(u) (the store changed no flag of it, or none is known to have "
                                   + "changed; RFC 7162 §3.1.3 and §3.1.11 leave open whether it is due then)", observed: p.observed.map(\.text))
                    }
                }
            }
            if failed { continue }
            var after = before
            // What the server reported of the message during the command stays reported.
            after.reportedModSeq = max(before.reportedModSeq, t.messages[u]?.reportedModSeq ?? 0)
            if status == .no {
                // A NO may leave the STORE partly done (RFC 2180 §4.2): what was not observed is
                // unknown, and what a FETCH of this command showed is what there is.
                after.flags = cmd.observedFlagsOf.contains(u) ? t.messages[u]?.flags : nil
                if let m = cmd.observedModSeqByUID[u] { after.modSeq = .exactly(m) } else {
                    after.modSeq = before.modSeq.mayHaveRisen(limit: t.limit)
                }
                t.messages[u] = after
                continue
            }
            let changed = before.flags.flatMap { action.changes($0, view.keptFlags) }
            after.stored(action, kept: view.keptFlags)
            // What a server free to ignore part of the STORE did is what this command's FETCH showed.
            if after.flags == nil, cmd.observedFlagsOf.contains(u), let shown = t.messages[u]?.flags { after.flags = shown }
            if changed == true {
                // The flags this STORE changed for good changed at its mod-sequence, above what
                // was observed when it was sent (RFC 7162 §3.1). Not "below the MODSEQ its FETCH
                // showed": the last MODSEQ seen for the message while the STORE was in progress may
                // be that of a later change (a STORE pipelined after it, RFC 3501 §5.5, or another
                // session's, reported before this tagged OK), and a server keeping a mod-sequence
                // per flag (§3.1, §3.1.12) left the flags this one changed at the lower value.
                // Nor above that MODSEQ: a server that did not raise the mod-sequence breaks
                // R7162-3.1#4, reported below, and is not charged again for the STOREs that follow.
                let floor = min(cmd.truthHighestAtStart, cmd.observedModSeqByUID[u].map { $0 - 1 } ?? cmd.truthHighestAtStart)
                if let old = before.flags {
                    let new = action.apply(to: old)
                    for f in old.flipped(to: new) where view.keptFlags.keeps(f) {
                        after.flagChangedAbove[f] = max(after.flagChangedAbove[f] ?? 0, floor)
                    }
                }
                let fresh = MailboxTruth().freshModSeqAbove(cmd.truthHighestAtStart, limit: t.limit)
                if let m = cmd.observedModSeqByUID[u] {
                    checking(Citation.flagChangeUpdatesModSeq, Citation.storesGetDistinctModSeqs, Citation.laterStoreHigherModSeq)
                    if m <= cmd.truthHighestAtStart {
                        // The rule it breaks: a mod-sequence not updated at all; else the value
                        // another session's STORE got, or one not above this session's earlier
                        // STORE; else a change that left it where the mailbox's already was.
                        if before.modSeq.certainlyAbove(m &- 1) {
                            violation(at: p, Citation.flagChangeUpdatesModSeq,
                                      "UID \(u) changed flags, so its MODSEQ is above \(cmd.truthHighestAtStart), not \(m)")
                        } else if alone, let owner = t.storeModSeqs[m], owner != s.id {
                            violation(at: p, Citation.storesGetDistinctModSeqs,
                                      "UID \(u) changed flags with MODSEQ \(m), the value a STORE of session \(owner) got: each STORE gets its own")
                        } else if alone, let mine = t.lastStoreModSeq[s.id], m <= mine {
                            violation(at: p, Citation.laterStoreHigherModSeq,
                                      "UID \(u) changed flags with MODSEQ \(m): this session's earlier STORE got \(mine), so a later one gets more")
                        } else {
                            violation(at: p, Citation.flagChangeUpdatesModSeq,
                                      "UID \(u) changed flags, so its MODSEQ is above \(cmd.truthHighestAtStart), not \(m)")
                        }
                    }
                    if alone { storeModSeqs.append(m) }
                    after.modSeq = .exactly(m)
                } else {
                    after.modSeq = fresh
                }
                t.changed(u, by: s.id, viewers: viewers(of: view.mailbox, except: s.id, holding: u))
            } else if let m = cmd.observedModSeqByUID[u] {
                // Flags unknown, or none changed: a MODSEQ that rose all the same is this STORE's
                // (nothing else in the closed world touched the message), and still its own value.
                if alone, before.modSeq.certainlyAtMost(m &- 1) {
                    checking(Citation.storesGetDistinctModSeqs, Citation.laterStoreHigherModSeq)
                    if let owner = t.storeModSeqs[m], owner != s.id {
                        violation(at: p, Citation.storesGetDistinctModSeqs,
                                  "UID \(u) got MODSEQ \(m) from this STORE, the value a STORE of session \(owner) got: each STORE gets its own")
                    } else if let mine = t.lastStoreModSeq[s.id], m <= mine {
                        violation(at: p, Citation.laterStoreHigherModSeq,
                                  "UID \(u) got MODSEQ \(m) from this STORE: this session's earlier STORE got \(mine), so a later one gets more")
                    }
                    storeModSeqs.append(m)
                }
                after.modSeq = .exactly(m)
            } else {
                // A no-op may or may not bump (a SHOULD NOT, R7162-3.1#5), and unknown flags may
                // have changed: what was known is only a lower bound now.
                after.modSeq = before.modSeq.mayHaveRisen(limit: t.limit)
            }
            // Flags not known may have changed: the other sessions may be owed news of it, so the
            // checks that assume they were told (a SEARCH's or HIGHESTMODSEQ's value) leave it out.
            // A STORE that changed nothing may still be broadcast to them as a FETCH of the state
            // unchanged (RFC 3501 §7.4.2: FETCH "by unilateral server decision"): news all the same.
            if changed != true { t.changed(u, by: s.id, viewers: viewers(of: view.mailbox, except: s.id, holding: u)) }
            t.messages[u] = after
        }
        for v in cmd.observedModSeqByUID.values { t.observe(modSeq: v) }
        if status == .ok || !storeModSeqs.isEmpty {
            for m in storeModSeqs where t.storeModSeqs[m] == nil { t.storeModSeqs[m] = s.id }
            if let top = storeModSeqs.max() { t.lastStoreModSeq[s.id] = max(t.lastStoreModSeq[s.id] ?? 0, top) }
        }
        determinedByClient(tookEffect, action, observed: cmd.observedFlagsOf, &s)
        // A STORE the session sent after this one, still in progress, runs after it (RFC 3501 §5.5:
        // in the order given where the outcome depends on it): it starts from what this one left.
        for i in s.inFlight.indices where s.inFlight[i].line > cmd.line {
            guard case .store = s.inFlight[i].command else { continue }
            for u in cmd.targetUIDs where s.inFlight[i].targetUIDSet.contains(u) { s.inFlight[i].truthBefore[u] = t.messages[u] }
        }
    }

    /// A STORE of the session took effect on `targets`: where no FETCH of it reported a message's
    /// flags, the client determined them itself from those it held (RFC 3501 §6.4.6, .SILENT: "the
    /// server SHOULD assume that the client has determined the updated value itself").
    private func determinedByClient(_ targets: [UInt32], _ action: StoreAction, observed: Set<UInt32>, _ s: inout SessionTracker) {
        s.updateActiveView { v in
            for u in targets where !observed.contains(u) {
                guard let i = v.index(ofUID: u), let held = v[sequence: i + 1].clientFlags else { continue }
                v[sequence: i + 1].determinedFlags = action.apply(to: held)
            }
        }
    }
}

extension MailboxTruth {
    /// A mod-sequence above `v`.
    func freshModSeqAbove(_ v: UInt64, limit: UInt64) -> ModSeqKnowledge {
        var k = ModSeqKnowledge.unknown(limit: limit)
        k.greaterThan(v)
        return k
    }
}

extension SessionTracker {
    /// The HIGHESTMODSEQ the client holds right after the tagged response being processed.
    func clientHighestModSeqAfterTagged(code: ResponseCode?) -> UInt64? {
        var c = clientHighestModSeq
        c.tagged()
        return c.value
    }
}
