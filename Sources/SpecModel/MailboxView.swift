import IMAPTypes

/// One session's view of its selected mailbox, as the server has announced it to that session
/// (RFC 3501 §2.3.1.2 and §7.4.1, RFC 7162 §3.2.10): the message sequence, with each message's UID,
/// flags and mod-sequence where they have been seen.
///
/// The view changes only through what the session is told: EXISTS adds messages at the end,
/// EXPUNGE removes one by number, VANISHED removes by UID (RFC 7162 §3.2.10.2), and VANISHED
/// (EARLIER) changes nothing (§3.2.10.1).
public struct MailboxView: Hashable, Sendable {
    /// What the session knows of one message.
    public struct Slot: Hashable, Sendable {
        public var uid: UInt32?
        public var flags: FlagSet?
        /// The last MODSEQ reported for the message.
        public var modSeq: UInt64?
        /// True when `modSeq` was reported after `flags` (then a change of flags seen later may
        /// have happened before that report, so it need not carry a larger value).
        public var modSeqNewerThanFlags = false
        /// The flags the client determined itself after a STORE of its own that reported none
        /// (RFC 3501 §6.4.6: after .SILENT "the server SHOULD assume that the client has
        /// determined the updated value itself"); nil while `flags` are what it holds.
        public var determinedFlags: FlagSet?
        /// The flags the client holds: those it determined itself, else the last reported.
        public var clientFlags: FlagSet? { determinedFlags ?? flags }

        public init(uid: UInt32? = nil) { self.uid = uid }
    }

    public var mailbox: MailboxName
    public var readOnly: Bool
    public var uidValidity: UInt32?
    /// UIDNEXT as reported, and the message count when it came (RFC 3501 §7.1: a snapshot; an
    /// EXISTS after it may announce messages it did not count).
    public private(set) var uidNext: UInt32?
    private var countAtUIDNext = 0

    public mutating func reportedUIDNext(_ next: UInt32) {
        uidNext = next
        countAtUIDNext = slots.count
    }

    /// A message counted when UIDNEXT came was removed: which UIDs the rest have is open.
    private mutating func removedSinceUIDNext() { countAtUIDNext = -1 }
    /// True once the server sent NOMODSEQ for this selection (RFC 7162 §3.1.2.2).
    public var noModSeq = false
    /// True once the server sent HIGHESTMODSEQ for this selection.
    public var sawHighestModSeq = false
    /// The HIGHESTMODSEQ the SELECT or EXAMINE that made this selection reported: no message had a
    /// higher mod-sequence then (RFC 7162 §3.1.2.1), and a change after it gets a higher one (§3.1).
    public var selectHighestModSeq: UInt64?
    /// The flags a STORE certainly changes for good, from PERMANENTFLAGS (RFC 3501 §7.1).
    public var keptFlags = KeptFlags.all
    /// The session sent a STORE that may set or clear flags outside `keptFlags` for itself alone
    /// (RFC 3501 §7.1): from then on, what its FETCH shows of those flags may be its own.
    public var storedOwnFlags = false
    public private(set) var slots: [Slot] = []

    public init(mailbox: MailboxName, readOnly: Bool) {
        self.mailbox = mailbox
        self.readOnly = readOnly
    }

    public var count: Int { slots.count }

    /// The session was recorded from the middle (`Checker.resume`): the count is a lower bound
    /// (the message numbers seen), messages past it may exist, until an EXISTS tells the count.
    public var countUnknown = false

    /// Applies `n EXISTS`: the count can only grow by EXISTS (a smaller value is an error the
    /// caller reports; the view then keeps its count). It is known from then on.
    public mutating func exists(_ n: UInt32) -> Bool {
        countUnknown = false
        guard Int(n) >= slots.count else { return false }
        slots.append(contentsOf: repeatElement(Slot(), count: Int(n) - slots.count))
        return true
    }

    /// While the count is unknown, message `n` exists: the view grows to hold it.
    public mutating func reach(_ n: Int) {
        guard countUnknown, n > slots.count else { return }
        slots.append(contentsOf: repeatElement(Slot(), count: n - slots.count))
    }

    /// Applies `n EXPUNGE`; false when `n` is beyond the count.
    @discardableResult
    public mutating func expunge(_ n: SequenceNumber) -> Slot? {
        let i = Int(n.rawValue) - 1
        guard i < slots.count else { return nil }
        removedSinceUIDNext()
        return slots.remove(at: i)
    }

    /// The index of the slot holding UID `uid`, if the session knows it.
    public func index(ofUID uid: UInt32) -> Int? {
        // UIDs ascend with sequence numbers; unknown slots are skipped.
        var lo = 0, hi = slots.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            var probe = mid
            while probe >= lo, slots[probe].uid == nil { probe -= 1 }
            guard probe >= lo, let u = slots[probe].uid else {
                // everything in lo...mid is unknown: look right
                lo = mid + 1
                continue
            }
            if u == uid { return probe }
            if u < uid { lo = mid + 1 } else { hi = probe - 1 }
        }
        return nil
    }

    /// Where a UID not yet known could sit: the indices of unknown slots whose neighbours' known
    /// UIDs leave room for it, below the next known UID and above the previous one (UIDs strictly
    /// ascend, RFC 3501 §2.3.1.1).
    public func possibleIndices(forUnknownUID uid: UInt32) -> [Int] {
        var out: [Int] = []
        var lowerKnown: UInt32 = 0
        var candidates: [Int] = []
        for i in slots.indices {
            if let u = slots[i].uid {
                // The unknown slots seen since the last known UID lie between lowerKnown and u.
                if lowerKnown < uid, uid < u { out += candidates }
                if u >= uid { return out }
                lowerKnown = u
                candidates = []
            } else {
                candidates.append(i)
            }
        }
        if lowerKnown < uid { out += candidates }
        return out
    }

    /// Records the UID of message `n` (from a FETCH). Returns false if it contradicts what the
    /// session knew: a different UID for that message, or UID order.
    public mutating func learnUID(_ uid: UInt32, at n: Int) -> Bool {
        let i = n - 1
        guard i >= 0, i < slots.count else { return false }
        if let known = slots[i].uid { return known == uid }
        if let prev = slots[..<i].last(where: { $0.uid != nil })?.uid, prev >= uid { return false }
        if let next = slots[(i + 1)...].first(where: { $0.uid != nil })?.uid, next <= uid { return false }
        slots[i].uid = uid
        return true
    }

    /// When the mailbox held exactly UIDNEXT - 1 messages as UIDNEXT was reported, message n has
    /// UID n: UIDs are at least 1, strictly ascend with the message number, and stay below
    /// UIDNEXT, the UID the next message will get (RFC 3501 §2.3.1.1). Messages announced after it
    /// may have any larger UID. Fills the UIDs the session did not know; does nothing when a known
    /// UID says otherwise.
    public mutating func inferDenseUIDs() {
        guard let next = uidNext, next > 1, Int(next) - 1 == countAtUIDNext, countAtUIDNext <= slots.count else { return }
        let counted = 0..<countAtUIDNext
        guard counted.allSatisfy({ slots[$0].uid == nil || slots[$0].uid == UInt32($0 + 1) }) else { return }
        for i in counted { slots[i].uid = UInt32(i + 1) }
    }

    /// Removes the message with UID `uid` (a VANISHED without EARLIER). Returns the removed slot,
    /// or nil if the UID cannot be one of the messages the session knows.
    public mutating func vanish(uid: UInt32) -> Slot? {
        removedSinceUIDNext()
        if let i = index(ofUID: uid) { return slots.remove(at: i) }
        let candidates = possibleIndices(forUnknownUID: uid)
        guard !candidates.isEmpty else { return nil }
        // Which unknown slot it was is not determined when there are several candidates. The
        // count still drops by one (RFC 7162 §3.2.10.2); to stay sound, what was known of every
        // candidate is forgotten, so that no later comparison rests on a guess.
        if candidates.count > 1 {
            for i in candidates {
                slots[i].flags = nil
                slots[i].determinedFlags = nil
                slots[i].modSeq = nil
            }
        }
        return slots.remove(at: candidates[0])
    }

    /// Applies a VANISHED without EARLIER naming `uids`, in ascending order as `vanish(uid:)` one by
    /// one would, and returns the UIDs that could not be messages of the session when their turn
    /// came. The work is bounded by the view and the ranges of `uids`, not by their size (a
    /// VANISHED may name up to 2^32-1 UIDs): between two removals the view does not change, so
    /// every UID below the next one that could be a message is certainly not one.
    public mutating func vanish(uids: UIDSet) -> UIDSet {
        if countUnknown {
            // Messages the session was told of before the record began may be among them, at
            // places not known: nothing of the numbering is certain any more.
            let known = UIDSet(slots.lazy.compactMap(\.uid))
            if known.intersection(uids) != uids || !allUIDsKnown {
                removedSinceUIDNext()
                slots.removeAll()
                return UIDSet()
            }
        }
        if allUIDsKnown {
            // Each UID is one slot or none, and removing one changes no other: one pass.
            let known = UIDSet(slots.lazy.map { $0.uid! })
            let removed = known.intersection(uids)
            if !removed.isEmpty {
                removedSinceUIDNext()
                slots.removeAll { removed.contains($0.uid!) }
            }
            return uids.subtracting(known)
        }
        var invisible = UIDSet()
        var rest = uids
        var possible = possibleUIDs
        while !rest.isEmpty {
            guard let u = rest.intersection(possible).min else {
                invisible = invisible.union(rest)
                break
            }
            if u > 1 { invisible = invisible.union(rest.intersection(UIDSet(ranges: [1...(u - 1)]))) }
            rest.remove(1...u)
            // A known UID between known neighbours leaves every other possible UID as it was.
            let alone = index(ofUID: u).map { i in
                (i == 0 || slots[i - 1].uid != nil) && (i + 1 == slots.count || slots[i + 1].uid != nil)
            } ?? false
            if vanish(uid: u) == nil { invisible.insert(u) }
            if alone { possible.remove(u) } else { possible = possibleUIDs }
        }
        return invisible
    }

    /// Every UID that may be one of the session's messages (`vanish(uid:)` finds a slot for it):
    /// the known UIDs, and the numbers between the known neighbours of each run of messages
    /// whose UID is unknown (RFC 3501 §2.3.1.1: UIDs strictly ascend).
    public var possibleUIDs: UIDSet {
        var out = UIDSet()
        var lowerKnown: UInt32 = 0
        var unknownRun = false
        for slot in slots {
            if let u = slot.uid {
                if unknownRun, u > lowerKnown + 1 { out.insert((lowerKnown + 1)...(u - 1)) }
                out.insert(u)
                lowerKnown = u
                unknownRun = false
            } else {
                unknownRun = true
            }
        }
        if unknownRun, lowerKnown < UInt32.max { out.insert((lowerKnown + 1)...UInt32.max) }
        return out
    }

    public subscript(sequence n: Int) -> Slot {
        get { slots[n - 1] }
        set { slots[n - 1] = newValue }
    }

    /// The known UIDs, ascending.
    public var knownUIDs: [UInt32] { slots.compactMap(\.uid) }
    /// The largest known UID (UIDs ascend, so the last known one).
    public var largestKnownUID: UInt32? { slots.last(where: { $0.uid != nil })?.uid }
    /// Whether every message's UID is known.
    public var allUIDsKnown: Bool { slots.allSatisfy { $0.uid != nil } }
    /// The highest MODSEQ the session has seen in this selection.
    public var highestModSeqSeen: UInt64? { slots.compactMap(\.modSeq).max() }
}
