import IMAPTypes

/// Carries the server-chosen values of one run over to another run of the same commands: the
/// UIDVALIDITY of a mailbox and the mod-sequences (RFC 3501 §2.3.1.1 and RFC 7162 §3: the server
/// picks them). A client command written for the first run (a CHANGEDSINCE, an UNCHANGEDSINCE, a
/// SEARCH MODSEQ, a SELECT's QRESYNC parameters) keeps its meaning in the second only if its values
/// move with the server's. Two users: the shrinker replays a run with operations removed, so the
/// server allocates fewer mod-sequences; `qresync errata run --server` sends a scenario written
/// for one mailbox to another server.
///
/// Pairs are learned from the responses both runs got for the same command (`learn`), value by
/// value in order of appearance. Pure.
public struct ValueCorrespondence: Sendable {
    /// First-run UIDVALIDITY to the second run's.
    public var uidValidities: [UInt64: UInt64] = [:]
    /// First-run mod-sequence to the second run's; the latest pair for a value wins.
    public private(set) var modSeqs: [UInt64: UInt64] = [:]
    /// Per mailbox, first-run UID to the second run's UID of the same message, learned from the
    /// APPENDUID and COPYUID codes (RFC 4315) of the command that created it in both runs.
    public private(set) var uids: [MailboxName: [UInt32: UInt32]] = [:]

    public init() {}

    public mutating func pairModSeq(_ first: UInt64, _ second: UInt64) { modSeqs[first] = second }

    /// The second run's mod-sequence for a first-run value: the paired one; else one that keeps
    /// the value's distance from the nearest paired value below it (above it when there is none
    /// below), so that "newer than what the client saw" stays newer. 0 stays 0
    /// (`mod-sequence-valzer`), and so does a value beyond 2^63-1 (outside the grammar, RFC 7162
    /// §7: sent to be refused); with no pair at all, the value is kept.
    public func modSeq(_ value: UInt64) -> UInt64 {
        if value == 0 || value > ModSeq.max { return value }
        if let exact = modSeqs[value] { return exact }
        if let below = modSeqs.keys.filter({ $0 < value }).max(), let second = modSeqs[below] {
            let (sum, overflow) = second.addingReportingOverflow(value - below)
            return overflow || sum > ModSeq.max ? value : sum
        }
        if let above = modSeqs.keys.filter({ $0 > value }).min(), let second = modSeqs[above] {
            let distance = above - value
            return second > distance ? second - distance : 1
        }
        return value
    }

    public func uidValidity(_ value: UInt64) -> UInt64 { uidValidities[value] ?? value }

    // MARK: - Learning

    /// The values one command's responses carry, in order: HIGHESTMODSEQ (response code or STATUS
    /// item), UIDVALIDITY, SEARCH's (MODSEQ n), and per message the FETCH MODSEQ, keyed by UID
    /// when the FETCH has one, else by message number; also the first message count (EXISTS or
    /// STATUS MESSAGES).
    public struct Observed: Equatable, Sendable {
        public var highestModSeqs: [UInt64] = []
        public var uidValidities: [UInt64] = []
        public var fetchModSeqs: [String: UInt64] = [:]
        public var searchModSeqs: [UInt64] = []
        public var messageCount: UInt32?
        /// The UIDs an APPEND or COPY/MOVE created (APPENDUID, COPYUID destination), in order.
        public var createdUIDs: [UInt32] = []

        public init(_ responses: [ServerResponse]) {
            for response in responses {
                switch response {
                case .tagged(_, _, let text): note(text.code)
                case .untagged(.condition(_, let text)): note(text.code)
                case .untagged(.status(_, let items)):
                    for item in items {
                        switch item {
                        case .highestModSeq(let m): highestModSeqs.append(m.rawValue)
                        case .uidValidity(let v): uidValidities.append(UInt64(v.rawValue))
                        case .messages(let n): messageCount = messageCount ?? n
                        default: break
                        }
                    }
                case .untagged(.exists(let n)): messageCount = messageCount ?? n
                case .untagged(.fetch(let number, let attributes)):
                    var uid: UInt32?
                    var modSeq: UInt64?
                    for a in attributes {
                        if case .uid(let u) = a { uid = u.rawValue }
                        if case .modSeq(let m) = a { modSeq = m.rawValue }
                    }
                    if let modSeq { fetchModSeqs[uid.map { "uid \($0)" } ?? "message \(number.rawValue)"] = modSeq }
                case .untagged(.search(_, let m?)): searchModSeqs.append(m.rawValue)
                default: break
                }
            }
        }

        private mutating func note(_ code: ResponseCode?) {
            switch code {
            case .highestModSeq(let m)?: highestModSeqs.append(m.rawValue)
            case .uidValidity(let v)?: uidValidities.append(UInt64(v.rawValue))
            case .appendUID(_, let set)?: createdUIDs += set.ranges.flatMap { Array($0) }
            case .copyUID(_, _, let destination)?: createdUIDs += destination.flatMap { Array($0) }
            default: break
            }
        }
    }

    /// Learns the pairs that the first run's responses to one command and the second run's
    /// responses to the same command show; `created` is the mailbox an APPEND, COPY or MOVE
    /// added its messages to.
    public mutating func learn(first: Observed, second: Observed, created: MailboxName? = nil) {
        if let m = created {
            for (a, b) in zip(first.createdUIDs, second.createdUIDs) { uids[m, default: [:]][a] = b }
        }
        for (a, b) in zip(first.highestModSeqs, second.highestModSeqs) { pairModSeq(a, b) }
        for (a, b) in zip(first.searchModSeqs, second.searchModSeqs) { pairModSeq(a, b) }
        for (key, a) in first.fetchModSeqs {
            if let b = second.fetchModSeqs[key] { pairModSeq(a, b) }
        }
        for (a, b) in zip(first.uidValidities, second.uidValidities) { uidValidities[a] = b }
    }

    // MARK: - Adapting a command

    /// The second run's UID for a first-run UID of `mailbox`: the paired one, else unchanged.
    public func uid(_ value: UInt32, in mailbox: MailboxName?) -> UInt32 {
        mailbox.flatMap { uids[$0]?[value] } ?? value
    }

    /// A UID set of `mailbox` with every paired UID carried over (`*` stays).
    func adaptUIDs(_ set: SequenceSet, in mailbox: MailboxName?) -> SequenceSet {
        guard case .ranges(let rs) = set, let m = mailbox, uids[m] != nil else { return set }
        func bound(_ b: SetBound) -> SetBound {
            if case .number(let n) = b { return .number(uid(n, in: m)) }
            return b
        }
        return .ranges(rs.map { SequenceRange(bound($0.first), bound($0.last)) })
    }

    /// `command` with its mod-sequences, its QRESYNC UIDVALIDITY and (for UID commands and
    /// QRESYNC known UIDs) the UIDs of `selected`, or of the mailbox it opens, carried over.
    public func adapt(_ command: Command, selected: MailboxName? = nil) -> Command {
        func zeroable(_ m: ModSeqOrZero) -> ModSeqOrZero { ModSeqOrZero(modSeq(m.rawValue)) ?? m }
        func positive(_ m: ModSeq) -> ModSeq { ModSeq(modSeq(m.rawValue)) ?? m }
        func key(_ k: SearchKey) -> SearchKey {
            switch k {
            case .modSeq(let entry, let m): return .modSeq(entry: entry, zeroable(m))
            case .not(let a): return .not(key(a))
            case .or(let a, let b): return .or(key(a), key(b))
            case .and(let keys): return .and(keys.map(key))
            default: return k
            }
        }
        func select(_ params: [SelectParameter], _ mailbox: MailboxName) -> [SelectParameter] {
            params.map { p in
                guard case .qresync(var q) = p else { return p }
                q.modSeq = positive(q.modSeq)
                if let v = UIDValidity(uidValidity(UInt64(q.uidValidity.rawValue))) { q.uidValidity = v }
                q.knownUIDs = q.knownUIDs.map { adaptUIDs($0, in: mailbox) }
                if let match = q.sequenceMatch {
                    q.sequenceMatch = SequenceMatchData(knownSequenceSet: match.knownSequenceSet,
                                                        knownUIDSet: adaptUIDs(match.knownUIDSet, in: mailbox))
                }
                return .qresync(q)
            }
        }
        func set(_ s: SequenceSet, uid: Bool) -> SequenceSet { uid ? adaptUIDs(s, in: selected) : s }
        switch command {
        case .select(let m, let params): return .select(m, select(params, m))
        case .examine(let m, let params): return .examine(m, select(params, m))
        case .fetch(let s, let items, let mods, let uid):
            return .fetch(set(s, uid: uid), items, mods.map { if case .changedSince(let m) = $0 { return .changedSince(positive(m)) }; return $0 }, uid: uid)
        case .store(let s, let mods, let action, let uid):
            return .store(set(s, uid: uid), mods.map { if case .unchangedSince(let m) = $0 { return .unchangedSince(zeroable(m)) }; return $0 },
                          action, uid: uid)
        case .copy(let s, let m, let uid): return .copy(set(s, uid: uid), m, uid: uid)
        case .move(let s, let m, let uid): return .move(set(s, uid: uid), m, uid: uid)
        case .uidExpunge(let s): return .uidExpunge(adaptUIDs(s, in: selected))
        case .search(var sc, let uid):
            sc.keys = sc.keys.map(key)
            return .search(sc, uid: uid)
        default:
            return command
        }
    }
}
