import IMAPTypes
import SpecModel

/// The values a server reports, judged against what the trace already showed: the mod-sequence a
/// MODSEQ search returns (RFC 7162 §3.1.5, §3.1.6, §3.1.10), HIGHESTMODSEQ in SELECT/EXAMINE and
/// STATUS (§3.1.2.1, §3.1.7), the messages CHANGEDSINCE answers for (§3.1.4.1), the UIDs VANISHED
/// (EARLIER) names (§3.2.10.1) and the extensions ENABLED lists (RFC 5161 §3.2). Each bound is one
/// no conforming server can cross: a lower bound is a mod-sequence the server itself reported for
/// a message that still exists (mod-sequences of a message never go back, §3.1), never one the
/// checker inferred (a STORE of a flag outside PERMANENTFLAGS may be ignored, RFC 3501 §7.1; an
/// APPEND to a CONDSTORE-only server need only top the messages left) nor one of a message that
/// may be gone.
extension Checker {
    /// Whether a search's MODSEQ criteria name no metadata entry: a server keeping one
    /// mod-sequence per item may answer an entry-specific search from that item (§3.1.5).
    static func modSeqCriteriaWithoutEntry(_ keys: [SearchKey]) -> Bool {
        func plain(_ k: SearchKey) -> Bool {
            switch k {
            case .modSeq(let entry, _): return entry == nil
            case .not(let a): return plain(a)
            case .or(let a, let b): return plain(a) && plain(b)
            case .and(let ks): return ks.allSatisfy(plain)
            default: return true
            }
        }
        return keys.allSatisfy(plain)
    }

    /// The least mod-sequence every message a search returns has: the largest value of the MODSEQ
    /// criteria the search ANDs (RFC 7162 §3.1.5: "equal to or greater than"; a metadata item's
    /// mod-sequence is at most the message's, §3.1). Nil when no MODSEQ criterion binds them all
    /// (one under OR or NOT does not).
    static func modSeqCriterionFloor(_ keys: [SearchKey]) -> UInt64? {
        var floor: UInt64?
        for k in keys {
            switch k {
            case .modSeq(_, let v): floor = max(floor ?? 0, v.rawValue)
            case .and(let ks): if let f = modSeqCriterionFloor(ks) { floor = max(floor ?? 0, f) }
            default: break
            }
        }
        return floor
    }

    /// A MODSEQ search's result: the mod-sequence it returns is the highest of messages that each
    /// match every MODSEQ criterion, so it is not below any (`modSeqCriterionFloor`). In every world.
    mutating func searchModSeqAboveCriterion(_ keys: [SearchKey], reported: UInt64, id: String, at p: Place) {
        guard let floor = Self.modSeqCriterionFloor(keys) else { return }
        checking(id)
        if reported < floor {
            violation(at: p, id, "the highest mod-sequence of messages that match MODSEQ \(floor): at least \(floor), not \(reported)")
        }
    }

    /// Which messages a MODSEQ search returns (§3.1.5: "equal to or greater than" the value).
    /// Closed world, from what the truth knows of each message's mod-sequence: a returned message
    /// certainly below the criteria's value breaks R7162-3.1.5#D1; for a search by one MODSEQ
    /// criterion naming no entry (a server keeping per-item mod-sequences may narrow an entry's
    /// search), a message of the session's view that exists and is certainly at the value or
    /// above, left out, breaks R7162-3.1.5#D2. `numbers` are message numbers, or UIDs with `uid`.
    mutating func modSeqSearchMatches(_ keys: [SearchKey], numbers: [UInt32], uid: Bool, _ s: SessionTracker, at p: Place) {
        guard options.closedWorld, let floor = Self.modSeqCriterionFloor(keys), let view = s.activeView, !view.noModSeq,
              let t = truth[view.mailbox], !t.noModSeq, judgedAlone(s) else { return }
        checking(Citation.modSeqSearchOnlyAtLeast)
        // D2 asks for every match only of a search by one MODSEQ criterion naming no entry; a
        // change the session is still owed news of may be left out: a server may answer from the
        // session's view (Dovecot 2.3 does, then sends the news as FETCH).
        let findsEvery: Bool = { if keys.count == 1, case .modSeq(nil, _) = keys[0] { return true }; return false }()
        let owed = findsEvery ? (t.pendingFlags[s.id] ?? []).union(s.withCurrent { $0.pendingFlagsAtStart } ?? []) : []
        let returned = Set(numbers)
        var below: [UInt32] = [], missing: [UInt32] = []
        for (i, slot) in view.slots.enumerated() {
            guard let u = slot.uid, t.expunged[u] == nil, t.maybeGone[u] == nil, let msg = t.messages[u] else { continue }
            let key = uid ? u : UInt32(i + 1)
            if returned.contains(key) {
                if msg.modSeq.max < floor { below.append(key) }
            } else if findsEvery, !owed.contains(u), msg.reportedModSeq >= floor, msg.modSeq.min >= floor {
                missing.append(key)
            }
        }
        if !below.isEmpty {
            violation(at: p, Citation.modSeqSearchOnlyAtLeast,
                      "only messages whose mod-sequence is at least \(floor); \(uid ? "UIDs" : "messages") \(UIDSet(below)) are below it")
        }
        guard findsEvery else { return }
        checking(Citation.modSeqSearchFindsEvery)
        if !missing.isEmpty {
            violation(at: p, Citation.modSeqSearchFindsEvery,
                      "every message whose mod-sequence is at least \(floor); \(uid ? "UIDs" : "messages") \(UIDSet(missing)) left out")
        }
    }

    /// The mod-sequence a MODSEQ search returns is "the highest mod-sequence for all messages being
    /// returned" (§3.1.5, §3.1.6; §3.1.10 for ESEARCH). Closed world: at least the mod-sequence the
    /// session was told for each returned message and what the truth knows of it, for messages
    /// that exist (a message expunged elsewhere may be answered from the session's view, RFC 2180
    /// §4.3, and left out of the server's maximum); truth the session is still owed is left out.
    /// With `complete` (`numbers` are every message returned, not ESEARCH's MIN or MAX), the value
    /// is also at most the highest the truth allows for them.
    mutating func searchModSeqValue(numbers: [UInt32], uid: Bool, reported: UInt64, complete: Bool, id: String, _ s: SessionTracker, at p: Place) {
        guard options.closedWorld, let view = s.activeView, let t = truth[view.mailbox], judgedAlone(s) else { return }
        let owed = t.pendingFlags[s.id] ?? []
        // UIDs to message numbers, built once (a lookup per returned UID would be quadratic).
        let numberOfUID = uid ? Self.messageNumbers(view) : [:]
        var floor: UInt64 = 0, witness: UInt32 = 0
        // And at most the highest the truth allows for them, when it bounds every one returned.
        var ceiling: UInt64? = complete ? 0 : nil
        for n in numbers {
            let slot: MailboxView.Slot
            if uid {
                guard let i = numberOfUID[n] else { ceiling = nil; continue }
                slot = view[sequence: i]
            } else {
                guard n >= 1, Int(n) <= view.count else { ceiling = nil; continue }
                slot = view[sequence: Int(n)]
            }
            guard let u = slot.uid, t.expunged[u] == nil, t.maybeGone[u] == nil else { ceiling = nil; continue }
            if let m = slot.modSeq, m > floor { (floor, witness) = (m, n) }
            if !owed.contains(u), let msg = t.messages[u], msg.reportedModSeq > floor { (floor, witness) = (msg.reportedModSeq, n) }
            if let c = ceiling, let msg = t.messages[u], msg.modSeq.max < t.limit { ceiling = max(c, msg.modSeq.max) } else { ceiling = nil }
        }
        checking(id)
        if reported < floor {
            violation(at: p, id, "the highest mod-sequence of the messages returned: at least \(floor) (\(uid ? "UID" : "message") \(witness)), not \(reported)")
        } else if let c = ceiling, !numbers.isEmpty, reported > c {
            violation(at: p, id, "the highest mod-sequence of the messages returned: at most \(c), not \(reported) (the mailbox's highest, not that of the messages returned?)")
        }
    }

    /// The message number of each UID the view knows.
    static func messageNumbers(_ view: MailboxView) -> [UInt32: Int] {
        var out: [UInt32: Int] = [:]
        for i in stride(from: 1, through: view.count, by: 1) { if let u = view[sequence: i].uid { out[u] = i } }
        return out
    }

    /// The messages an ESEARCH result names, for its MODSEQ (§3.1.10): ALL, else MIN and MAX.
    mutating func esearchModSeqValue(_ e: ESearchResponse, _ s: SessionTracker, at p: Place) {
        var reported: UInt64?
        var numbers: [UInt32] = []
        var all: [UInt32]?
        for d in e.returnData {
            switch d {
            case .modSeq(let m): reported = m.rawValue
            case .min(let n), .max(let n): numbers.append(n)
            case .all(let set): all = set.resolved(largest: UInt32.max).map { Array($0.prefix(100_000)) }
            case .count, .other: break
            }
        }
        guard let r = reported else { return }
        searchModSeqValue(numbers: all ?? numbers, uid: e.isUID, reported: r, complete: all != nil, id: Citation.esearchModSeq, s, at: p)
    }

    /// The highest mod-sequence reported for a message the truth knows to exist: a floor for the
    /// mailbox's HIGHESTMODSEQ ("the highest mod-sequence value of all messages in the mailbox").
    static func highestOfExisting(_ t: MailboxTruth) -> (modSeq: UInt64, uid: UInt32) {
        var best: (UInt64, UInt32) = (0, 0)
        for (u, msg) in t.messages where t.expunged[u] == nil && t.maybeGone[u] == nil && msg.reportedModSeq > best.0 {
            best = (msg.reportedModSeq, u)
        }
        return best
    }

    /// STATUS HIGHESTMODSEQ (§3.1.7): 0 for a mailbox without persistent mod-sequences, else the
    /// highest mod-sequence of its messages. Closed world, sessions taking turns; not judged for
    /// the mailbox the session has selected (STATUS there may follow the session's view, whose
    /// expunges may wait, RFC 7162 §3.2, RFC 3501 §6.3.10).
    mutating func statusHighestModSeq(_ name: MailboxName, _ values: [StatusAttributeValue], _ s: SessionTracker, at p: Place) {
        guard options.closedWorld, s.view?.mailbox != name, let t = truth[name], judgedAlone(s) else { return }
        var reported: UInt64?, uidValidity: UInt32?
        for v in values {
            if case .highestModSeq(let h) = v { reported = h.rawValue }
            if case .uidValidity(let u) = v { uidValidity = u.rawValue }
        }
        guard let h = reported else { return }
        if let uv = uidValidity, let known = t.uidValidity, uv != known { return }
        if t.noModSeq {
            checking(Citation.statusNoModSeqZero)
            if h != 0 { violation(at: p, Citation.statusNoModSeqZero, "HIGHESTMODSEQ 0 in STATUS for a mailbox without persistent mod-sequences") }
            return
        }
        let floor = Self.highestOfExisting(t)
        checking(Citation.statusHighestModSeqIsHighest)
        if h != 0, h < floor.modSeq {
            violation(at: p, Citation.statusHighestModSeqIsHighest,
                      "STATUS HIGHESTMODSEQ at least \(floor.modSeq), the mod-sequence of UID \(floor.uid), not \(h)")
        }
    }

    /// SELECT/EXAMINE's HIGHESTMODSEQ (§3.1.2.1) is the highest mod-sequence of the mailbox's
    /// messages: at least that of each message known to exist, this selection's own FETCH
    /// responses included. A new selection has no expunges waiting to be told.
    mutating func selectHighestModSeq(_ cmd: InFlightCommand, _ t: MailboxTruth, at p: Place) {
        guard let h = cmd.sawHighestModSeqCode else { return }
        let floor = Self.highestOfExisting(t)
        checking(Citation.selectHighestModSeqIsHighest)
        if h < floor.modSeq {
            violation(at: p, Citation.selectHighestModSeqIsHighest,
                      "HIGHESTMODSEQ of the selected mailbox at least \(floor.modSeq), the mod-sequence of UID \(floor.uid), not \(h)")
        }
    }

    /// VANISHED (EARLIER) names "messages that are no longer in the mailbox" (§3.2.10.1). Closed
    /// world: a message the truth holds to exist that it names is perhaps gone, not certainly (a
    /// server may expunge on its own: Dovecot was seen giving a message a new UID, the old one
    /// reported vanished with no command expunging it). It breaks the rule when a session whose
    /// view cannot explain it shows it again (`observeClosedWorld`). The sessions holding it, this
    /// one too, may still be answered from their views (RFC 2180 §4.1).
    mutating func vanishedEarlierNamesExisting(_ uids: UIDSet, _ c: InFlightCommand, _ s: SessionTracker, at p: Place) {
        guard options.closedWorld else { return }
        let name: MailboxName
        if c.isSelect {
            guard let v = c.newView, let uv = v.uidValidity, truth[v.mailbox]?.uidValidity == uv else { return }
            name = v.mailbox
        } else {
            guard let v = s.activeView else { return }
            name = v.mailbox
        }
        guard var t = truth.removeValue(forKey: name) else { return }
        defer { truth[name] = t }
        checking(Citation.vanishedEarlierOnlyGone)
        // Any session with the mailbox selected may hold a named message, known by UID or not.
        let holders = sessionsSelecting(name, except: s.id) + [s.id]
        for u in t.messages.keys where uids.contains(u) && t.expunged[u] == nil && t.maybeGone[u] == nil {
            t.forget(u, heldBy: holders)
            t.reportedVanished[u] = p.line
        }
    }

    /// FETCH with CHANGEDSINCE subsets its set to the messages whose mod-sequence is above the
    /// value (§3.1.4.1): each of them is answered. Closed world: a message of the set that the
    /// session knows, that exists, that the session is owed no news of (a server may answer from
    /// the session's view), and for which the server had already reported a mod-sequence above the
    /// value, gets a FETCH.
    mutating func changedSinceAnswersEvery(_ cmd: InFlightCommand, _ s: SessionTracker, at p: Place) {
        guard options.closedWorld, case .fetch(_, _, let mods, _) = cmd.command, let view = s.view, !view.noModSeq,
              let t = truth[view.mailbox] else { return }
        var since: UInt64?
        for m in mods { if case .changedSince(let v) = m { since = v.rawValue } }
        guard let m = since else { return }
        checking(Citation.changedSinceAnswersEvery)
        let owed = t.pendingFlags[s.id] ?? []
        var missing: [UInt32] = []
        let numberOfUID = Self.messageNumbers(view)
        for u in cmd.targetUIDs where !cmd.pendingFlagsAtStart.contains(u) && !owed.contains(u) {
            guard let i = numberOfUID[u], t.expunged[u] == nil, t.maybeGone[u] == nil,
                  t.messages[u] != nil, let before = cmd.truthBefore[u], before.reportedModSeq > m else { continue }
            if cmd.fetchedUIDs.contains(u) || cmd.fetchedModSeqs[i] != nil { continue }
            missing.append(u)
        }
        if !missing.isEmpty {
            violation(at: p, Citation.changedSinceAnswersEvery,
                      "a FETCH for every message of the set with a mod-sequence above \(m); \(UIDSet(missing)) got none")
        }
    }

    /// ENABLED lists "capability names that the server supports and that were successfully
    /// enabled" (RFC 5161 §3.2): only what this ENABLE asked for, CONDSTORE when it asked for
    /// QRESYNC, which enables it (RFC 7162 §3.2.3), and what an earlier ENABLE turned on (§3.1:
    /// each ENABLED SHOULD list only what its own command enabled; repeating is no violation).
    mutating func enabledOnlyAsked(_ cmd: InFlightCommand, asked: [Capability], enabledBefore: Set<Capability>, at p: Place) {
        guard let listed = cmd.enabledListed else { return }
        let extra = listed.filter { c in
            !asked.contains(c) && !enabledBefore.contains(c) && !(c == .condstore && asked.contains(.qresync))
        }
        checking(Citation.enabledOnlyAsked)
        if !extra.isEmpty {
            violation(at: p, Citation.enabledOnlyAsked,
                      "ENABLED lists only extensions this ENABLE asked for; not " + extra.map(\.description).sorted().joined(separator: " "))
        }
    }
}
