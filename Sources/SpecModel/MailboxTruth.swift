import IMAPTypes

/// The ground truth of one mailbox as a closed-world trace reveals it: every session that touches
/// the mailbox is in the trace, so each change is caused by a command the trace shows. Flags and
/// membership follow from the commands (RFC 3501 §6.4.3, §6.4.6); mod-sequences are the server's
/// choice and are known as intervals (`ModSeqKnowledge`), narrowed by every observation.
public struct MailboxTruth: Hashable, Sendable {
    public struct Message: Hashable, Sendable {
        /// The message's flags, when known exactly. Setting them (to a value or to unknown)
        /// drops `knownToHave`, which only refines an unknown set.
        public var flags: FlagSet? { didSet { knownToHave = [] } }
        /// Flags the message certainly has while `flags` is unknown: a STORE +FLAGS that succeeded
        /// adds its flags, a -FLAGS removes them.
        public var knownToHave: FlagSet = []
        public var modSeq: ModSeqKnowledge
        /// The highest MODSEQ the server itself reported for the message (`modSeq` may be raised
        /// further by inference, e.g. a STORE the server was free to ignore, RFC 3501 §7.1).
        public var reportedModSeq: UInt64 = 0
        /// Flags a STORE of the trace changed, each with a mod-sequence its latest change is
        /// certainly above. A server may keep a mod-sequence per metadata item (RFC 7162 §3.1,
        /// §3.1.12), so a conditional +FLAGS or -FLAGS is judged by the flags it names, not by
        /// the message's mod-sequence.
        public var flagChangedAbove: [Flag: UInt64] = [:]
        /// The message arrived in the trace (APPEND) while a message of the mailbox had at least
        /// this mod-sequence: what is known of its mod-sequence, until some change raises it, is
        /// owed to that (RFC 7162 §3.1, `MailboxTruth.arrivalModSeq()`).
        public var arrivedAbove: UInt64?

        /// Whether some flag of `flags` certainly changed at a mod-sequence above `v`.
        public func someFlagChanged(_ flags: [Flag], above v: UInt64) -> Bool {
            flags.contains { f in flagChangedAbove[f].map { $0 >= v } ?? false }
        }

        /// A session's FETCH showed `shown`, of which only what `kept` keeps is certainly the
        /// mailbox's (the rest may be the session's own, RFC 3501 §7.1): with every flag kept the
        /// flags are known; else only that the kept ones shown are there.
        public mutating func showed(_ shown: FlagSet, keptBy kept: KeptFlags) {
            if kept.keepsAll {
                flags = shown
            } else {
                flags = nil
                knownToHave = kept.lasting(shown)
            }
        }

        /// Whether the message certainly has `flag`.
        public func certainlyHas(_ flag: Flag) -> Bool { flags?.contains(flag) ?? knownToHave.contains(flag) }

        /// A STORE of `action` took effect: known flags become the result; unknown ones become
        /// known after FLAGS, and after +FLAGS or -FLAGS keep only what is certain. A server that
        /// keeps only `kept` may ignore the rest (RFC 3501 §7.1): then only what the kept flags do
        /// is certain.
        public mutating func stored(_ action: StoreAction, kept: KeptFlags = .all) {
            if action.mayBeIgnored(on: flags, kept) {
                let start = flags ?? knownToHave
                let named = FlagSet(action.flags.filter { $0.kind != .recent })
                let certain: FlagSet
                switch action.kind {
                case .replace: certain = named.filter(kept.keeps)
                case .add: certain = start.union(named.filter(kept.keeps))
                case .remove: certain = start.subtracting(named)
                }
                flags = nil
                knownToHave = certain
            } else if let old = flags {
                flags = action.apply(to: old)
            } else if action.kind == .replace {
                flags = FlagSet(action.flags)
            } else {
                let named = FlagSet(action.flags)
                knownToHave = action.kind == .add ? knownToHave.union(named) : knownToHave.subtracting(named)
            }
        }

        public init(flags: FlagSet?, modSeq: ModSeqKnowledge) {
            self.flags = flags
            self.modSeq = modSeq
        }
    }

    public var uidValidity: UInt32?
    /// The number of messages, once a selection revealed it.
    public var count: Int?
    /// Messages whose UID is known.
    public var messages: [UInt32: Message] = [:]
    /// Expunged UIDs and what is known of the mod-sequence of their expunge (RFC 7162 §3.2).
    public var expunged: [UInt32: ModSeqKnowledge] = [:]
    /// Messages that may or may not still exist (the checker could not tell): neither required in
    /// answers nor taken as a new expunge when announced. With each, the sessions whose view held
    /// it then: such a session may still be answered from that view (RFC 2180 §4.1), so its FETCH
    /// of the message proves nothing; another session's does.
    public var maybeGone: [UInt32: Set<Int>] = [:]
    /// Messages thought to exist that a VANISHED (EARLIER) reported gone, with its trace line: a
    /// server may expunge on its own, so they are only perhaps gone (`maybeGone`) until one shows
    /// up again where a view cannot explain it, which no gone message can (UIDs are not reused).
    public var reportedVanished: [UInt32: Int] = [:]

    /// Forgets what is known of `uid`: it may or may not still exist. `heldBy`: the sessions whose
    /// view holds it.
    public mutating func forget(_ uid: UInt32, heldBy: [Int]) {
        messages[uid] = nil
        maybeGone[uid, default: []].formUnion(heldBy)
        count = nil
    }
    /// The highest mod-sequence observed for the mailbox: any MODSEQ or HIGHESTMODSEQ.
    public var highestObserved: UInt64 = 0
    /// Per session: UIDs whose flags changed since the session was last told.
    public var pendingFlags: [Int: Set<UInt32>] = [:]
    /// The flags a change lasts in, as every read-write selection of the mailbox reported them
    /// (PERMANENTFLAGS, RFC 3501 §7.1); nil before the first. A read-only selection's
    /// PERMANENTFLAGS lists what its session can change (none), not what lasts in the mailbox.
    public var lastingFlags: KeptFlags?
    /// The mod-sequence each completed STORE of the trace gave the messages it changed, with the
    /// session that sent it: RFC 7162 §3.1 gives every STORE its own value, and a session's later
    /// STORE a higher one than its earlier.
    public var storeModSeqs: [UInt64: Int] = [:]
    /// Per session, the highest mod-sequence its completed STOREs gave a message they changed.
    public var lastStoreModSeq: [Int: UInt64] = [:]
    public var noModSeq = false
    public let limit: UInt64

    public init(limit: UInt64 = ModSeq.max) { self.limit = limit }

    /// The messages `pick` chooses may have changed flags the trace does not show: their flags are
    /// unknown from now on, and what was known of their mod-sequence is a lower bound.
    public mutating func flagsMayHaveChanged(where pick: (UInt32, Message) -> Bool) {
        for (u, m) in messages where pick(u, m) {
            messages[u]!.flags = nil
            messages[u]!.modSeq = m.modSeq.mayHaveRisen(limit: limit)
        }
    }

    public mutating func observe(modSeq v: UInt64) { highestObserved = max(highestObserved, v) }

    /// The server reported MODSEQ `v` for `uid`, when the message is recorded.
    public mutating func reported(modSeq v: UInt64, of uid: UInt32) {
        if let old = messages[uid]?.reportedModSeq, v > old { messages[uid]!.reportedModSeq = v }
    }

    /// A change made now gets a mod-sequence above everything observed so far (RFC 7162 §3.1: the
    /// mod-sequence is what lets a client ask for changes since a known point).
    public func freshModSeq() -> ModSeqKnowledge {
        var k = ModSeqKnowledge.unknown(limit: limit)
        k.greaterThan(highestObserved)
        return k
    }

    /// A message changed flags (or was created) through a command of `session`; every other
    /// session in `viewers` has a change it was not told about yet.
    public mutating func changed(_ uid: UInt32, by session: Int, viewers: [Int]) {
        for v in viewers where v != session { pendingFlags[v, default: []].insert(uid) }
    }

    /// What is known of the mod-sequence of a message arriving now (APPEND), with the floor it is
    /// above: RFC 7162 §3.1 asks for one "higher than the highest modification sequence of all
    /// messages in the mailbox", i.e. of the messages still there. The mailbox's HIGHESTMODSEQ
    /// may be higher (an expunge raises it under QRESYNC, §3.2, and the mod-sequences of expunged
    /// messages are not those of messages in the mailbox): `highestObserved` is not a floor for it.
    public func arrivalModSeq() -> (knowledge: ModSeqKnowledge, above: UInt64) {
        let floor = messages.values.map { $0.modSeq.min }.max() ?? 0
        var k = ModSeqKnowledge.unknown(limit: limit)
        k.greaterThan(floor)
        return (k, floor)
    }

    /// Messages expunged: recorded with what is known of their expunge mod-sequence.
    public mutating func expunge(_ uids: [UInt32], modSeq: ModSeqKnowledge) {
        for u in uids {
            messages[u] = nil
            expunged[u] = modSeq
        }
        if let c = count { count = max(0, c - uids.count) }
    }
}
