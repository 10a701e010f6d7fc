import IMAPTypes
import SpecModel

extension Checker {
    /// RFC 9586 §3.3 (UIDONLY): once the client enabled UIDONLY the server sends `uid UIDFETCH
    /// msg-att` where it would send FETCH ("Message numbers are not returned in responses",
    /// §1). It is judged as the FETCH of the message with that UID, the UID item implied, when
    /// the session's view knows where that UID is; otherwise it cannot be judged. Before UIDONLY
    /// is enabled it is no response of the session's grammar (RFC 3501 §9 `message-data`).
    mutating func uidFetch(_ uid: UID, _ attributes: [FetchAttribute], _ s: inout SessionTracker, at p: Place) {
        checking(Citation.grammar)
        guard s.enabledSoFar.contains(.uidOnly) else {
            violation(at: p, Citation.grammar, "no UIDFETCH before the client enabled UIDONLY (RFC 9586 §3.3)")
            return
        }
        guard let i = s.activeView?.index(ofUID: uid.rawValue), let n = SequenceNumber(UInt32(i + 1)) else {
            noteInconclusive("session \(s.id): UIDFETCH responses (UIDONLY, RFC 9586) for UIDs whose message numbers the checker does not know were not judged")
            return
        }
        let namesUID = attributes.contains { if case .uid = $0 { return true }; return false }
        fetch(n, namesUID ? attributes : [.uid(uid)] + attributes, &s, at: p)
    }

    /// An untagged FETCH: message number in range, UID consistent, MODSEQ and UID present when
    /// required (RFC 7162 §3.1, §3.2.4, RFC 3501 §6.4.8), mod-sequences that never go back, and the
    /// resynchronisation rules of a SELECT/EXAMINE (QRESYNC) (§3.2.5.1).
    mutating func fetch(_ n: SequenceNumber, _ attributes: [FetchAttribute], _ s: inout SessionTracker,
                        at p: Place) {
        var uid: UInt32?
        var modSeq: UInt64?
        var flags: FlagSet?
        for a in attributes {
            switch a {
            case .uid(let u): uid = u.rawValue
            case .modSeq(let m): modSeq = m.rawValue
            case .flags(let f): flags = FlagSet(f)
            default: break
            }
        }
        if let m = modSeq { s.clientHighestModSeq.sawModSeq(m) }
        // What the command in progress asks of its FETCH responses, read in place (a copy of the
        // command would copy the sets it grows on every line).
        var asked = s.withCurrent { FetchExpectations($0, modSeq: modSeq) } ?? FetchExpectations()
        // Pipelined commands (RFC 3501 §5.5): which one a FETCH answers is not on the wire. An
        // exemption any of them grants holds, the FETCH counts as an answer of each, and none is
        // marked as having had its first FETCH.
        let pipelined = s.inFlight.count > 1
        if pipelined {
            let current = s.currentIndex
            for (i, c) in s.inFlight.enumerated() where i != current { asked.exempt(as: FetchExpectations(c, modSeq: modSeq)) }
        }
        for i in s.inFlight.indices {
            if let u = uid { s.inFlight[i].fetchedUIDs.insert(u) }
            if let m = modSeq { s.inFlight[i].fetchedModSeqs[Int(n.rawValue)] = m }
        }
        // A FETCH before a SELECT's CLOSED is the closed mailbox's (RFC 7162 §3.2.11), not the
        // new selection's first.
        if !pipelined, asked.isSelect || s.withCurrent({ !$0.isSelect }) == true { s.modifyCurrent { $0.sawFetch = true } }

        checking(Citation.messageNumberInRange)
        s.updateActiveView { $0.reach(Int(n.rawValue)) }
        guard let facts = s.withActiveView({ ViewFacts($0, n: Int(n.rawValue)) }) ?? nil else {
            violation(at: p, Citation.messageNumberInRange,
                      "a FETCH for a message number within the count (\(s.activeView?.count ?? 0))")
            return
        }
        let slot = facts.slot

        // UID and MODSEQ presence. A FETCH that would set \Seen changes nothing in a read-only
        // mailbox or on a message known to have it: §3.2.4's exemption holds then.
        if facts.readOnly || slot.flags?.contains(.seen) == true {
            asked.exemptsModSeq = asked.exemptsModSeqIfSeenUnchanged
            asked.exemptsUID = asked.exemptsUIDIfSeenUnchanged
        }
        if s.condstoreAware, s.serverHasCondstore, !facts.noModSeq, !asked.isSelect {
            if !asked.exemptsModSeq { checking(Citation.modSeqInUnsolicitedFetch) }
            if !asked.exemptsUID {
                if !s.serverHasQResync {
                    checking(Citation.condstoreOnlyShouldSendUID)
                } else if options.on(.uidInUnsolicitedFetch) {
                    checking(Citation.uidAndModSeqInFetch)
                }
            }
        }
        if s.condstoreAware, s.serverHasCondstore, !facts.noModSeq, !asked.exemptsModSeq, modSeq == nil, !asked.isSelect {
            violation(at: p, Citation.modSeqInUnsolicitedFetch, "MODSEQ in every FETCH once a CONDSTORE enabling command was issued")
        }
        // During a SELECT/EXAMINE, whether the new mailbox has mod-sequences may be told after its
        // FETCH (NOMODSEQ, RFC 7162 §3.1.2.2): judged when the command completes.
        if asked.isSelect, !pipelined, s.condstoreAware, s.serverHasCondstore, modSeq == nil {
            s.modifyCurrent { c in if c.selectFetchWithoutModSeq == nil { c.selectFetchWithoutModSeq = p } }
        }
        // §3.2.4 is about mod-sequence data: a NOMODSEQ mailbox has none, so it is not held to it.
        if s.condstoreAware, s.serverHasCondstore, !facts.noModSeq, !asked.exemptsUID, uid == nil, !asked.isSelect {
            if s.serverHasQResync {
                if options.on(.uidInUnsolicitedFetch) {
                    violation(at: p, Citation.uidAndModSeqInFetch, "UID in every FETCH once a CONDSTORE enabling command was issued (QRESYNC server)")
                }
            } else {
                report(Citation.condstoreOnlyShouldSendUID, .deviation, session: p.session, line: p.line, command: p.command,
                       expected: "UID in FETCH responses once CONDSTORE is enabled (RFC 7162 §3.2.4, a SHOULD for CONDSTORE-only servers)",
                       observed: p.observed.map(\.text))
            }
        }
        // A further FETCH for a message whose answer (with UID) was already sent is an update, and
        // so is one whose MODSEQ is not above the command's CHANGEDSINCE (RFC 7162 §3.1.4.1: it
        // cannot be an answer) or one during a STORE in a read-only mailbox (RFC 3501 §6.3.2:
        // nothing can change): none is "caused by" the UID command (RFC 3501 §6.4.8); after a
        // CONDSTORE enabling command §3.2.4 asks the UID of it instead (checked above).
        // Unsolicited FETCH may come at any time (RFC 3501 §7), so one without UID is judged when
        // the command completes: it is an update when a FETCH with the UID answers for the message
        // too. Else it is the answer, without its UID, when an answer was due: for a FETCH, always
        // without CHANGEDSINCE; with it, when the session already knew a mod-sequence above the
        // value (a server may answer from the session's view and tell it of other sessions' changes
        // after, as updates); for a STORE, unless it is a plain .SILENT one.
        let notAnAnswer = (asked.isStore && facts.readOnly) || asked.modSeqNotAboveChangedSince
        if asked.uidCommandAnsweredByFetch, !notAnAnswer { checking(Citation.uidInUIDCommandFetch) }
        if asked.uidCommandAnsweredByFetch, !notAnAnswer, uid == nil, let known = slot.uid {
            s.modifyCurrent { c in
                guard c.uidlessFetches[known] == nil, c.uidSet?.mayContain(known, largestKnown: facts.largestKnownUID) == true else { return }
                // Due only for a message the set certainly names (`*` may be a UID the session
                // has not been told of; `$` names nothing certain).
                let named = c.uidSet?.certainlyNamed(largestKnown: facts.largestKnownUID)?.contains(known) == true
                let due = named && (asked.isStore ? asked.storeAnswers
                    : asked.changedSince.isEmpty || slot.modSeq.map { m in asked.changedSince.allSatisfy { m > $0 } } == true)
                c.uidlessFetches[known] = (p, due)
            }
        }

        // Resynchronisation inside SELECT/EXAMINE (QRESYNC).
        if asked.isSelect, let q = s.withCurrent({ $0.qresync }) ?? nil {
            checking(Citation.uidValidityMismatchIgnoresParameters, Citation.noModSeqIgnoresParameters, Citation.resyncFetchHasUIDs)
            if let uv = facts.uidValidity, uv != q.uidValidity.rawValue {
                violation(at: p, Citation.uidValidityMismatchIgnoresParameters,
                          "no resynchronisation FETCH when the client's UIDVALIDITY does not match")
            } else if facts.noModSeq {
                violation(at: p, Citation.noModSeqIgnoresParameters, "no resynchronisation FETCH for a NOMODSEQ mailbox")
            } else {
                if uid == nil { violation(at: p, Citation.resyncFetchHasUIDs, "resynchronisation FETCH responses carry UID") }
                if let m = modSeq, m <= q.modSeq.rawValue {
                    violation(at: p, Citation.resyncFetchHasUIDs,
                              "only messages changed since mod-sequence \(q.modSeq) (MODSEQ \(m) is not above it)")
                }
                if let u = uid, let gone = s.withCurrent({ $0.vanishedEarlier }) {
                    if gone.contains(u) {
                        violation(at: p, Citation.resyncFetchHasUIDs, "UID \(u) reported as vanished is not also present")
                    } else if !gone.isEmpty, options.closedWorld, s.withCurrent({ !$0.concurrentExpunge }) == true {
                        // UIDs ascend with message numbers (RFC 3501 §2.3.1.1), and the new
                        // selection counts none of the messages VANISHED (EARLIER) named (§3.2.10.1:
                        // they are gone): message n needs n-1 UIDs below its own left unnamed. The
                        // example checks of a document count the same way (`UIDArithmetic`). Only
                        // when nothing could expunge during the SELECT: a message its EXISTS counted
                        // and expunged before its VANISHED (EARLIER) is legally in both, announced
                        // later by a plain VANISHED (§3.2.10: "two VANISHED responses"). So closed
                        // world only, with no other session's expunging command in progress meanwhile.
                        checking(Citation.uidsAscend)
                        let free = u > 1 ? UIDArithmetic.available(1, u - 1, gone: gone) : 0
                        if free < Int(n.rawValue) - 1 {
                            violation(at: p, Citation.uidsAscend,
                                      "message \(n) has UID \(u), so \(n.rawValue - 1) messages need distinct UIDs below \(u); only \(free)"
                                          + " can still exist (VANISHED (EARLIER) reported \(gone) gone: either it named messages still in"
                                          + " the mailbox, RFC 7162 §3.2.10.1, or the UIDs do not ascend with the message numbers)")
                        }
                    }
                }
            }
        }

        // The UID belongs to this message for the whole session (RFC 3501 §2.3.1.1).
        var uidOK = true
        if uid != nil { checking(Citation.uidsAscendAndPersist, Citation.uidsAscend) }
        if let u = uid { s.updateActiveView { uidOK = $0.learnUID(u, at: Int(n.rawValue)) } }
        if !uidOK {
            if let known = slot.uid, known != uid! {
                violation(at: p, Citation.uidsAscendAndPersist, "message \(n) keeps UID \(known) for the whole session, not \(uid!)")
            } else {
                violation(at: p, Citation.uidsAscend, "UID \(uid!) for message \(n) ascending with its neighbours' UIDs")
            }
            return
        }

        // Mod-sequences never go back, and a change of flags comes with a larger one (§3.1).
        if let m = modSeq, let old = slot.modSeq {
            checking(Citation.flagChangeUpdatesModSeq)
            if m < old {
                violation(at: p, Citation.flagChangeUpdatesModSeq, "MODSEQ of message \(n) not below \(old), reported before")
            } else if m == old, let f = flags, let oldFlags = slot.flags, !slot.modSeqNewerThanFlags,
                      !f.equalsIgnoringRecent(oldFlags) {
                if !f.sameLastingFlags(as: oldFlags, s.activeView?.keptFlags ?? .all) {
                    violation(at: p, Citation.flagChangeUpdatesModSeq,
                              "a flag change of message \(n) comes with a MODSEQ above \(old)")
                } else {
                    // Only flags outside PERMANENTFLAGS changed: kept for this session only (RFC
                    // 3501 §7.1), which may or may not count as a change of the mailbox's metadata.
                    report(Citation.flagChangeUpdatesModSeq, .note, session: p.session, line: p.line, command: p.command,
                           expected: "a MODSEQ above \(old) for a change of flags outside PERMANENTFLAGS of message \(n) "
                               + "(kept for the session only, RFC 3501 §7.1; whether RFC 7162 §3.1 asks a new mod-sequence then is open)",
                           observed: p.observed.map(\.text))
                }
            }
        }
        // The same across selections of the mailbox (same UIDVALIDITY) in this session: the first
        // MODSEQ of this selection for a UID is not below what an earlier one reported for it.
        if let m = modSeq, slot.modSeq == nil, let u = uid ?? slot.uid,
           let old = s.withActiveView({ s.earlierModSeqs(for: $0)?[u] }) ?? nil {
            checking(Citation.flagChangeUpdatesModSeq)
            if m < old {
                violation(at: p, Citation.flagChangeUpdatesModSeq,
                          "MODSEQ of UID \(u) not below \(old), reported in an earlier selection of the mailbox with the same UIDVALIDITY"
                              + " (in this session, or another session of the same user)")
            }
        }
        // RFC 7162 §3.1.4.1: FETCH with CHANGEDSINCE answers only for messages whose mod-sequence
        // is above the value. A FETCH during it could still be news of a change the session was
        // not told of, but not one whose MODSEQ is not above the HIGHESTMODSEQ this selection
        // began with: every change since has a larger one (§3.1, §3.1.2.1), and no server owes
        // news of the state a SELECT started from. Without commands pipelined, so that no other
        // command may be the one it answers. Flags other than those the session was shown, or (in
        // a closed world) a change owed to it, are news whose MODSEQ breaks §3.1 instead, which
        // the checks of flag changes judge. A server may also send a FETCH unprompted (RFC 3501
        // §7.4.2); one that tells nothing new is taken as the command's answer: a server that
        // repeated an unchanged state with no cause the trace shows would be flagged (in the
        // closed world, another session's STORE that changed nothing is such a cause).
        if let m = modSeq, !pipelined, !asked.changedSince.isEmpty, let start = facts.selectHighestModSeq, m <= start,
           !(flags.map { f in slot.flags.map { !f.equalsIgnoringRecent($0) } ?? false } ?? false),
           s.withCurrent({ c in
               c.certainlyTargets(n: n.rawValue, uid: uid) && ((uid ?? slot.uid).map { !c.pendingFlagsAtStart.contains($0) } ?? !options.closedWorld)
           }) == true {
            checking(Citation.changedSinceOnlyNewer)
            asked.changedSinceJudged = true
            let unknown = slot.flags == nil ? "; or, were it news of a flag change, that change had no mod-sequence above it (§3.1)" : ""
            for since in asked.changedSince where m <= since {
                violation(at: p, Citation.changedSinceOnlyNewer,
                          "only messages with a mod-sequence above \(since) (message \(n) has \(m), not above the HIGHESTMODSEQ"
                              + " \(start) its selection began with, so this is no news of a later change\(unknown))")
            }
        }
        // RFC 6851 §3.3: MOVE sets \Deleted on no message. Closed world, nothing else in progress:
        // a FETCH during it that shows \Deleted on a message it moves, which certainly lacked it,
        // shows the server set it (a MOVE done as COPY, STORE and EXPUNGE).
        if options.closedWorld, !pipelined, flags?.contains(.deleted) == true, let u = uid ?? slot.uid,
           s.withCurrent({ $0.isMove && $0.certainlyTargets(n: n.rawValue, uid: u) }) == true,
           let before = truth[facts.mailbox]?.messages[u]?.flags, !before.contains(.deleted),
           sessions.values.allSatisfy({ $0.inFlight.isEmpty }) {
            checking(Citation.moveSetsNoDeleted)
            violation(at: p, Citation.moveSetsNoDeleted, "MOVE sets \\Deleted on no message (UID \(u) had no \\Deleted before it)")
        }
        if options.closedWorld, let u = uid ?? slot.uid {
            observeClosedWorld(uid: u, flags: flags, modSeq: modSeq, in: facts.mailbox, known: slot, asked: asked, &s, at: p)
        }
        s.updateActiveView { v in
            var slot = v[sequence: Int(n.rawValue)]
            if let f = flags {
                slot.flags = f
                slot.determinedFlags = nil
                slot.modSeqNewerThanFlags = false
            }
            if let m = modSeq {
                slot.modSeq = m
                slot.modSeqNewerThanFlags = flags == nil
            }
            v[sequence: Int(n.rawValue)] = slot
        }
    }
}

/// What the command in progress asks of the FETCH responses that arrive while it runs.
struct FetchExpectations {
    /// A SELECT/EXAMINE whose new mailbox this response is about: once the old one was closed
    /// (RFC 7162 §3.2.11: every response before CLOSED relates to the mailbox closed).
    var isSelect = false
    var isStore = false
    /// A FETCH without MODSEQ is allowed (RFC 7162 §3.2.4's exemptions).
    var exemptsModSeq = false
    var exemptsUID = false
    /// The same when the \Seen a FETCH would set changes nothing.
    var exemptsModSeqIfSeenUnchanged = false
    var exemptsUIDIfSeenUnchanged = false
    /// A UID FETCH or UID STORE: its answers carry UID (RFC 3501 §6.4.8).
    var uidCommandAnsweredByFetch = false
    /// The response's MODSEQ is not above the command's CHANGEDSINCE: it cannot be an answer.
    var modSeqNotAboveChangedSince = false
    /// A FETCH with CHANGEDSINCE (RFC 7162 §3.1.4.1).
    var changedSince: [UInt64] = []
    /// This response was judged by R7162-3.1.4.1#D1 already (a MODSEQ not above the HIGHESTMODSEQ
    /// the selection began with): the closed world's check of it is not made again.
    var changedSinceJudged = false
    /// A STORE that answers with FETCH: without .SILENT (RFC 3501 §6.4.6), or conditional (RFC 7162
    /// §3.1.3: a FETCH with MODSEQ even with .SILENT). During a plain .SILENT STORE every FETCH is
    /// an update.
    var storeAnswers = false

    init() {}

    /// Takes on the exemptions of `other`, another command the response may answer.
    mutating func exempt(as other: FetchExpectations) {
        exemptsModSeq = exemptsModSeq || other.exemptsModSeq || other.isSelect
        exemptsUID = exemptsUID || other.exemptsUID || other.isSelect
        exemptsModSeqIfSeenUnchanged = exemptsModSeqIfSeenUnchanged || other.exemptsModSeqIfSeenUnchanged || other.isSelect
        exemptsUIDIfSeenUnchanged = exemptsUIDIfSeenUnchanged || other.exemptsUIDIfSeenUnchanged || other.isSelect
    }

    init(_ c: borrowing InFlightCommand, modSeq: UInt64?) {
        isSelect = c.isSelect && (c.sawClosed || !c.hadSelectedMailbox)
        (exemptsModSeq, exemptsUID, exemptsModSeqIfSeenUnchanged, exemptsUIDIfSeenUnchanged) = c.fetchExemptions
        uidCommandAnsweredByFetch = c.answersWithFetch && c.isUIDCommand
        switch c.command {
        case .store(_, let mods, let action, _):
            isStore = true
            storeAnswers = !action.silent || !mods.isEmpty
        case .fetch(_, _, let mods, _):
            for mod in mods { if case .changedSince(let since) = mod { changedSince.append(since.rawValue) } }
            if let m = modSeq { modSeqNotAboveChangedSince = changedSince.contains { m <= $0 } }
        default: break
        }
    }
}

/// What a FETCH response is judged against in the session's view, taken without copying it.
struct ViewFacts {
    var slot: MailboxView.Slot
    var mailbox: MailboxName
    var noModSeq: Bool
    var readOnly: Bool
    var uidValidity: UInt32?
    /// The largest UID the session knows (`*` is at least that).
    var largestKnownUID: UInt32
    var selectHighestModSeq: UInt64?

    /// Nil when message `n` is beyond the view.
    init?(_ view: MailboxView, n: Int) {
        guard n >= 1, n <= view.count else { return nil }
        slot = view[sequence: n]
        mailbox = view.mailbox
        noModSeq = view.noModSeq
        readOnly = view.readOnly
        uidValidity = view.uidValidity
        largestKnownUID = view.largestKnownUID ?? 0
        selectHighestModSeq = view.selectHighestModSeq
    }
}

extension InFlightCommand {
    /// Whether this FETCH (or MOVE) certainly names message `n` (UID `uid`, when the response gives
    /// it): by number, or for UID FETCH (UID MOVE) by UID. `*` stands for a number at least as large as any
    /// message's that exists, so `a:*` names every existing message from `a` on.
    func certainlyTargets(n: UInt32, uid: UInt32?) -> Bool {
        let set: SequenceSet, byUID: Bool
        switch command {
        case .fetch(let s, _, _, let u), .move(let s, _, let u): (set, byUID) = (s, u)
        default: return false
        }
        guard case .ranges(let rs) = set else { return false }
        guard let x = byUID ? uid : n else { return false }
        return rs.contains { r in
            switch (r.first, r.last) {
            case (.number(let a), .number(let b)): return Swift.min(a, b) <= x && x <= Swift.max(a, b)
            case (.number(let a), .star), (.star, .number(let a)): return x >= a
            case (.star, .star): return false
            }
        }
    }

    /// The UID set a UID FETCH/STORE/COPY/MOVE/EXPUNGE names.
    var uidSet: SequenceSet? {
        switch command {
        case .fetch(let set, _, _, true), .store(let set, _, _, true), .copy(let set, _, true),
             .move(let set, _, true), .uidExpunge(let set):
            return set
        default:
            return nil
        }
    }
}

extension SequenceSet {
    /// Whether `n` may be in the set whatever `*` turns out to be, knowing that `*` (the largest
    /// number in use) is at least `largestKnown` and at least `n`.
    func mayContain(_ n: UInt32, largestKnown: UInt32 = 0) -> Bool {
        switch self {
        case .lastResult: return true
        case .ranges(let rs):
            return rs.contains { r in
                switch (r.first, r.last) {
                case (.number(let a), .number(let b)): return Swift.min(a, b) <= n && n <= Swift.max(a, b)
                // a:* covers min(a, *) ... max(a, *); * >= max(largestKnown, n) has no upper bound.
                case (.number(let a), .star), (.star, .number(let a)): return n >= Swift.min(a, largestKnown)
                case (.star, .star): return n >= largestKnown
                }
            }
        }
    }

    /// Every number `mayContain` holds for, as ranges (nil for `$`, which may hold any): a set of
    /// up to 2^32-1 numbers is never walked number by number.
    func mayContainSet(largestKnown: UInt32 = 0) -> UIDSet? {
        union { first, last in
            switch (first, last) {
            case (.number(let x), .number(let y)): return Swift.min(x, y)...Swift.max(x, y)
            case (.number(let x), .star), (.star, .number(let x)): return Swift.min(x, largestKnown)...UInt32.max
            case (.star, .star): return largestKnown...UInt32.max
            }
        }
    }

    /// The numbers the set names whatever `*` turns out to be, knowing only that it is at least
    /// `largestKnown`: `a:*` certainly names `a`, and `a` to `largestKnown` when that is above
    /// `a` (RFC 3501 §6.4.8 lets `559:*` name a last UID below 559, but whether the last message
    /// is below `a` is not certain). Nil for `$`.
    func certainlyNamed(largestKnown: UInt32) -> UIDSet? {
        union { first, last in
            switch (first, last) {
            case (.number(let x), .number(let y)): return Swift.min(x, y)...Swift.max(x, y)
            case (.number(let x), .star), (.star, .number(let x)): return x...Swift.max(x, largestKnown)
            case (.star, .star): return largestKnown...largestKnown
            }
        }
    }

    /// The union of the ranges `bounds` gives for each range's ends (0 left out: no message has
    /// number 0), or nil for `$`.
    private func union(_ bounds: (SetBound, SetBound) -> ClosedRange<UInt32>) -> UIDSet? {
        guard case .ranges(let rs) = self else { return nil }
        var out = UIDSet()
        for r in rs {
            let b = bounds(r.first, r.last)
            if b.upperBound >= 1 { out.insert(Swift.max(1, b.lowerBound)...b.upperBound) }
        }
        return out
    }

    /// Whether `n` is certainly in the set when `*` is `largest` (exact).
    func contains(_ n: UInt32, largest: UInt32) -> Bool {
        resolved(largest: largest)?.contains(n) ?? true
    }
}
