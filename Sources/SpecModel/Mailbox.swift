import IMAPTypes

/// One message as the reference model stores it: 24 bytes, so that a mailbox of 10^6 messages
/// with system flags only stays under 100 bytes a message.
public struct StoredMessage: Hashable, Sendable {
    public var modSeq: UInt64
    public var uid: UInt32
    /// Index into the mailbox's table of keyword sets; 0 is the empty set.
    public var keywordSet: UInt32
    /// Bits of the five storable system flags (`FlagSet.storableSystemBits`).
    public var systemFlags: UInt8
}

/// One expunge: the UIDs removed together and the mod-sequence the server associated with them
/// (RFC 7162 §3.2, §3.2.7, §5.3's queue of <UID set, mod-sequence> pairs).
public struct ExpungeRecord: Hashable, Sendable {
    public var uids: UIDSet
    public var modSeq: UInt64
}

/// A mailbox of the reference model: exact values, the server's side of the protocol.
public struct Mailbox: Hashable, Sendable {
    public let name: MailboxName
    public let uidValidity: UInt32
    public internal(set) var uidNext: UInt32 = 1
    /// Messages in UID order (RFC 3501 §2.3.1.1).
    public internal(set) var messages = MessageList()
    /// The per-mailbox mod-sequence: the highest value given to any message or expunge
    /// (RFC 7162 §3.1.2.1, §3.2). A new mailbox starts at the latitude's initial value, so an empty
    /// one reports a legal HIGHESTMODSEQ (never 0, RFC 7162 §7) below every later allocation.
    public internal(set) var highestModSeq: UInt64
    /// Expunge records in ascending mod-sequence (§5.3).
    public internal(set) var expungeLog: [ExpungeRecord] = []
    /// The highest mod-sequence of expired expunge records (§5.3), or 0.
    public internal(set) var expiredModSeq: UInt64 = 0
    /// False for a mailbox that answers NOMODSEQ (§3.1.2.2).
    public let persistentModSeq: Bool
    /// Message bodies by UID (only for messages that have one).
    public internal(set) var bodies: [UInt32: [UInt8]] = [:]
    var keywordSets: [FlagSet] = [[]]
    var keywordIndex: [FlagSet: UInt32] = [[]: 0]

    public init(name: MailboxName, uidValidity: UInt32, initialModSeq: UInt64, persistentModSeq: Bool = true) {
        self.name = name
        self.uidValidity = uidValidity
        self.highestModSeq = initialModSeq
        self.persistentModSeq = persistentModSeq
    }

    /// Binary search for a UID.
    public func index(ofUID uid: UInt32) -> Int? {
        var lo = 0, hi = messages.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let u = messages[mid].uid
            if u == uid { return mid }
            if u < uid { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }

    /// The index of the first message whose UID is above `uid` (`messages.count` when none is).
    public func firstIndex(ofUIDAbove uid: UInt32) -> Int {
        var lo = 0, hi = messages.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if messages[mid].uid <= uid { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The UIDs of every message, built in one pass (they ascend).
    public var uids: UIDSet {
        var ranges: [ClosedRange<UInt32>] = []
        for m in messages {
            if let last = ranges.last, last.upperBound &+ 1 == m.uid {
                ranges[ranges.count - 1] = last.lowerBound...m.uid
            } else {
                ranges.append(m.uid...m.uid)
            }
        }
        return UIDSet(sortedDisjointRanges: ranges)
    }

    /// The members of `set` that are messages of this mailbox, found by UID when the set is the
    /// smaller side.
    public func presentUIDs(within set: UIDSet) -> UIDSet {
        if set.count < messages.count / 8 {
            var out = UIDSet()
            for u in set where index(ofUID: u) != nil { out.insert(u) }
            return out
        }
        return uids.intersection(set)
    }

    /// Appends a message with the next UID (the caller allocated `modSeq`); returns UIDVALIDITY
    /// and the new UID.
    mutating func append(modSeq: UInt64, flags: FlagSet, body: [UInt8]) -> (UInt32, UInt32) {
        let uid = uidNext
        uidNext += 1
        messages.append(StoredMessage(modSeq: modSeq, uid: uid, keywordSet: 0, systemFlags: 0))
        setFlags(at: messages.count - 1, flags)
        if !body.isEmpty { bodies[uid] = body }
        return (uidValidity, uid)
    }

    /// The UIDs of the \Deleted messages, of all or only of `candidates` (looked up by UID).
    func deletedUIDs(among candidates: [UInt32]?) -> UIDSet {
        var out = UIDSet()
        if let candidates {
            for u in candidates {
                if let i = index(ofUID: u), flags(at: i).contains(.deleted) { out.insert(u) }
            }
        } else {
            for i in messages.indices where flags(at: i).contains(.deleted) { out.insert(messages[i].uid) }
        }
        return out
    }

    /// Removes the messages with the given UIDs and their bodies: one at a time by UID (a chunk
    /// each, `MessageList`) for a few, in one pass for many.
    mutating func removeMessages(_ set: UIDSet) {
        if set.count <= max(8, messages.count / 1024) {
            for u in set {
                if let i = index(ofUID: u) { messages.remove(at: i) }
            }
        } else {
            messages.removeAll { set.contains($0.uid) }
        }
        if !bodies.isEmpty { for u in set { bodies[u] = nil } }
        if !flagChanges.isEmpty { for u in set { flagChanges[u] = nil } }
    }

    /// Remembers an expunge (§5.3) where the mailbox keeps mod-sequences, expiring the oldest record
    /// beyond `limit`.
    mutating func rememberExpunge(_ record: ExpungeRecord, limit: Int?) {
        guard persistentModSeq else { return }
        expungeLog.append(record)
        if let limit, expungeLog.count > limit {
            let expired = expungeLog.removeFirst()
            expiredModSeq = max(expiredModSeq, expired.modSeq)
        }
    }

    public func flags(at i: Int) -> FlagSet {
        FlagSet(storableSystemBits: messages[i].systemFlags, others: keywordSets[Int(messages[i].keywordSet)])
    }

    /// A message's flag changes, kept while the server avoids spurious MODIFIED
    /// (`Latitude.avoidsSpuriousModified`): the mod-sequence of each flag's latest change, and the
    /// message's mod-sequence before the first one recorded, which no other flag's change is above.
    struct FlagChanges: Hashable, Sendable {
        var before: UInt64
        var latest: [Flag: UInt64] = [:]
    }

    /// Per UID, for messages whose flags changed while changes were recorded.
    var flagChanges: [UInt32: FlagChanges] = [:]

    /// Records that the flags of message `i` become `new` at `modSeq`; called before its flags and
    /// mod-sequence are updated.
    mutating func recordFlagChange(at i: Int, to new: FlagSet, modSeq: UInt64) {
        let flipped = flags(at: i).flipped(to: new)
        guard !flipped.isEmpty else { return }
        let uid = messages[i].uid
        var record = flagChanges[uid] ?? FlagChanges(before: messages[i].modSeq)
        for f in flipped { record.latest[f] = modSeq }
        flagChanges[uid] = record
    }

    /// A mod-sequence that the latest change of `flag` on message `i` is certainly not above: a
    /// per-flag mod-sequence (RFC 7162 §3.1), at most the message's.
    func latestChangeBound(of flag: Flag, at i: Int) -> UInt64 {
        guard let record = flagChanges[messages[i].uid] else { return messages[i].modSeq }
        return record.latest[flag] ?? record.before
    }

    mutating func setFlags(at i: Int, _ flags: FlagSet) {
        messages[i].systemFlags = flags.storableSystemBits
        let keywords = flags.nonSystemFlags
        if let k = keywordIndex[keywords] {
            messages[i].keywordSet = k
        } else {
            keywordSets.append(keywords)
            let k = UInt32(keywordSets.count - 1)
            keywordIndex[keywords] = k
            messages[i].keywordSet = k
        }
    }

    /// The mod-sequence associated with the expunge of `uid`, if it is still remembered.
    public func expungeModSeq(of uid: UInt32) -> UInt64? {
        expungeLog.last(where: { $0.uids.contains(uid) })?.modSeq
    }

    /// UIDs of `set` expunged with a mod-sequence above `modSeq` (RFC 7162 §3.2.6): exact while
    /// the history reaches back that far; otherwise every UID of the set that is gone (§3.2.6's
    /// note on <minmodseq>, §5.3).
    public func expungedSince(_ modSeq: UInt64, within set: UIDSet) -> UIDSet {
        if expiredModSeq > modSeq { return missingUIDs(within: set) }
        var out = UIDSet()
        for r in expungeLog.reversed() {
            if r.modSeq <= modSeq { break }
            out = out.union(r.uids.intersection(set))
        }
        return out
    }

    /// UIDs of `set` below UIDNEXT that are not in the mailbox: expunged ones and UIDs that were
    /// never used (RFC 7162 §5.1 lets a server report all of them).
    public func missingUIDs(within set: UIDSet) -> UIDSet {
        guard uidNext > 1 else { return UIDSet() }
        var present = UIDSet()
        for m in messages where set.contains(m.uid) { present.insert(m.uid) }
        return set.intersection(UIDSet(ranges: [1...(uidNext - 1)])).subtracting(present)
    }

    /// Checks the mailbox's invariants; returns a description of each broken one.
    public func checkInvariants() -> [String] {
        var problems: [String] = []
        var previous: UInt32?
        for (i, m) in messages.enumerated() {
            if let p = previous, p >= m.uid { problems.append("UIDs not ascending at \(i)") }
            previous = m.uid
            if m.uid >= uidNext { problems.append("UID \(m.uid) not below UIDNEXT \(uidNext)") }
            if persistentModSeq, m.modSeq > highestModSeq {
                problems.append("message \(m.uid) mod-sequence above HIGHESTMODSEQ")
            }
            if m.modSeq > ModSeq.max { problems.append("mod-sequence beyond 63 bits") }
        }
        for (a, b) in zip(expungeLog, expungeLog.dropFirst()) where a.modSeq >= b.modSeq {
            problems.append("expunge log not ascending")
        }
        if let last = expungeLog.last, last.modSeq > highestModSeq { problems.append("expunge above HIGHESTMODSEQ") }
        let present = uids
        for r in expungeLog {
            for u in r.uids.intersection(present) { problems.append("expunged UID \(u) still present") }
        }
        return problems
    }
}
