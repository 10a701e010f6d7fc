import IMAPTypes
import SpecModel

/// One step of a fuzzing run.
public enum Operation: Hashable, Sendable {
    /// A command sent by a session (sessions take turns; one command in flight at a time).
    case command(session: Int, Command)
    /// The session disconnects (LOGOUT) and connects again with a fresh connection.
    case reconnect(session: Int)
}

/// The seeded operation generator (STYLE.md: Hypothesis/QuickCheck shape): rules with weights and
/// preconditions, arguments drawn from what each client knows (`ClientKnowledge`) plus a controlled
/// share of stale, zero and boundary values. Same seed, same version and same server answers: same
/// operations. Changing how it draws bumps `version`.
public struct OperationGenerator: Sendable {
    public static let version = 5
    /// Boundary values for mod-sequences and numbers (STYLE.md generator section).
    static let boundaries: [UInt64] = [1, 0xFFFF_FFFF, 0x1_0000_0000, 0x20_0000_0000_0001, 0x7FFF_FFFF_FFFF_FFFF]

    public let sessions: Int
    public let mailboxes: [MailboxName]
    public let user: String
    public let password: String
    var rng: SplitMix64
    public private(set) var knowledge: [ClientKnowledge]

    public init(seed: UInt64, sessions: Int, mailboxes: [MailboxName], user: String = "test", password: String = "testpass") {
        self.sessions = max(1, sessions)
        self.mailboxes = mailboxes.isEmpty ? [.inbox] : mailboxes
        self.user = user
        self.password = password
        rng = SplitMix64(seed: seed ^ 0x0F0F_0F0F)
        knowledge = Array(repeating: ClientKnowledge(), count: self.sessions)
    }

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.below(UInt64(xs.count)))] }
    mutating func chance(_ n: UInt64, in d: UInt64) -> Bool { rng.chance(n, in: d) }

    /// The next operation.
    public mutating func next() -> Operation {
        let s = Int(rng.below(UInt64(sessions)))
        let k = knowledge[s]
        let session = s + 1
        if !k.authenticated { return .command(session: session, .login(user: user, password: password)) }
        // What the server offers decides what is sent; a LOGIN answer that lists nothing is
        // followed by CAPABILITY (RFC 3501 §6.2.3: the list may change at login).
        if k.loginCapabilities == nil, !k.askedCapabilities { return .command(session: session, .capability) }
        if k.selected == nil {
            if !k.qresync, k.offersModSeqs, k.offers(.enable), chance(1, in: 3) {
                if !k.serverLacksQResync {
                    return .command(session: session, .enable(chance(3, in: 4) ? [.qresync] : [pick([Capability.condstore, .qresync]), .qresync]))
                }
                // A server without QRESYNC (RFC 7162 §3.1): enable CONDSTORE, and now and then ask
                // for QRESYNC anyway, which the server must leave out of ENABLED (RFC 5161 §3.1).
                if !k.condstore || chance(1, in: 8) {
                    return .command(session: session, .enable(chance(7, in: 8) ? [.condstore] : [.condstore, .qresync]))
                }
            }
            if chance(1, in: 10) { return .command(session: session, .append(pick(mailboxes), flags: randomFlags(), date: nil, message: body())) }
            if chance(1, in: 10) {
                return .command(session: session, .status(pick(mailboxes), [.messages, .uidNext, .uidValidity] + (k.offersModSeqs ? [.highestModSeq] : [])))
            }
            return .command(session: session, select(k))
        }
        // Disconnect and later resynchronise from the cache (RFC 7162 §6), the QRESYNC promise.
        if chance(1, in: 30) { return .reconnect(session: session) }
        return .command(session: session, selectedCommand(k))
    }

    /// Feeds a new connection's greeting back (its CAPABILITY code tells what the server offers).
    public mutating func greeted(session: Int, _ responses: [ServerResponse]) {
        for r in responses { knowledge[session - 1].learn(r) }
    }

    /// Feeds the responses to `op` back, so that later arguments follow what the server said.
    public mutating func observe(_ op: Operation, responses: [ServerResponse]) {
        switch op {
        case .command(let session, let command):
            knowledge[session - 1].sending(command)
            for r in responses { knowledge[session - 1].learn(r) }
            for r in responses {
                if case .tagged(_, let status, _) = r { knowledge[session - 1].completed(command, status: status) }
            }
        case .reconnect(let session):
            var k = knowledge[session - 1]
            k.completed(.logout, status: .ok)
            knowledge[session - 1] = k
        }
    }

    // MARK: - Rules

    mutating func select(_ k: ClientKnowledge) -> Command {
        let m = pick(mailboxes)
        var params: [SelectParameter] = []
        if k.qresync, let c = k.caches[m], chance(3, in: 4) {
            let stale = chance(1, in: 10)
            let uv = UIDValidity(stale ? UInt64(c.uidValidity) + 1 : UInt64(c.uidValidity)) ?? UIDValidity(1)!
            var q = QResyncParameters(uidValidity: uv, modSeq: ModSeq(c.highestModSeq) ?? ModSeq(1)!)
            if !c.uids.isEmpty, chance(2, in: 3) { q.knownUIDs = SequenceSet(UIDSet(c.uids).ranges) }
            if c.uids.count >= 2, chance(1, in: 2) {
                // seq-match-data: a few (message number, UID) pairs, ascending (RFC 7162 §3.2.5.2).
                let picks = Array(Set((0..<min(3, c.uids.count)).map { _ in Int(rng.below(UInt64(c.uids.count))) })).sorted()
                q.sequenceMatch = SequenceMatchData(knownSequenceSet: SequenceSet(picks.map { UInt32($0 + 1)...UInt32($0 + 1) }),
                                                    knownUIDSet: SequenceSet(picks.map { c.uids[$0]...c.uids[$0] }))
            }
            params = [.qresync(q)]
        } else if k.offersModSeqs, chance(1, in: 3) {
            params = [.condstore]
        }
        return chance(1, in: 6) ? .examine(m, params) : .select(m, params)
    }

    mutating func selectedCommand(_ k: ClientKnowledge) -> Command {
        if k.messages.contains(where: { $0.uid == nil }) || chance(1, in: 12) {
            // Learn the mailbox: UIDs, flags and (when CONDSTORE is known) mod-sequences.
            return .fetch(SequenceSet([1...UInt32.max]).starred, [.uid, .flags] + (k.condstore && !k.noModSeq ? [.modSeq] : []), [], uid: true)
        }
        switch rng.below(100) {
        case 0..<18: return store(k)
        case 18..<28: return fetchChangedSince(k)
        case 28..<34: return k.qresync ? vanishedFetch(k) : fetchChangedSince(k)
        case 34..<40: return search(k)
        case 40..<48: return chance(1, in: 2) || !k.offers(.uidplus) ? .expunge : .uidExpunge(uidSet(k))
        case 48..<58: return .append(pick(mailboxes), flags: randomFlags(), date: nil, message: body())
        case 58..<70: return .noop
        case 70..<74: return .close
        case 74..<77: return k.offers(.unselect) ? .unselect : .close
        case 77..<81: return select(k)
        case 81..<85: return k.offers(.move) ? .move(fewUIDs(k), pick(mailboxes), uid: true) : .copy(fewUIDs(k), pick(mailboxes), uid: true)
        case 85..<88: return .copy(fewUIDs(k), pick(mailboxes), uid: true)
        case 88..<92: return .status(pick(mailboxes), (k.offersModSeqs ? [.highestModSeq] : []) + [.uidNext, .messages])
        default: return .fetch(seqSet(k), [.flags] + (chance(1, in: 2) && k.offersModSeqs ? [FetchItem.modSeq] : []), [], uid: false)
        }
    }

    mutating func randomFlags() -> [Flag] {
        let all: [Flag] = [.seen, .flagged, .deleted, .answered, .draft, Flag("$Junk")!, Flag("$Label1")!]
        return (0..<Int(rng.below(3))).map { _ in pick(all) }
    }

    mutating func body() -> [UInt8] { Array("Subject: fuzz \(rng.below(1000))\r\n\r\nbody\r\n".utf8) }

    /// A mod-sequence from what the client saw (often exactly one), or a boundary value.
    mutating func modSeq(_ k: ClientKnowledge) -> UInt64 {
        if !k.seenModSeqs.isEmpty, chance(7, in: 8) {
            let v = pick(k.seenModSeqs)
            switch rng.below(4) {
            case 0: return v > 1 ? v - 1 : v
            case 1: return v + 1
            default: return v
            }
        }
        return pick(Self.boundaries)
    }

    mutating func seqSet(_ k: ClientKnowledge) -> SequenceSet {
        let n = UInt32(max(1, k.messages.count))
        let a = UInt32(rng.below(UInt64(n))) + 1, b = UInt32(rng.below(UInt64(n))) + 1
        if chance(1, in: 8) { return SequenceSet([1...n]).starred }
        if chance(1, in: 10), k.messages.count >= 2 {
            // A duplicated member (RFC 7162 §3.1.3's 7,3:9 case).
            return .ranges([SequenceRange(.number(b)), SequenceRange(.number(min(a, b)), .number(max(a, b)))])
        }
        return SequenceSet([min(a, b)...max(a, b)])
    }

    mutating func uidSet(_ k: ClientKnowledge) -> SequenceSet {
        let uids = k.knownUIDs
        guard !uids.isEmpty, chance(9, in: 10) else {
            // Stale or boundary UIDs: nothing there, which the server must ignore (RFC 3501 §6.4.8).
            return SequenceSet([pick([1, 0xFFFF_FFFF, UInt32(rng.below(50) + 1)])...0xFFFF_FFFF])
        }
        let a = pick(uids), b = pick(uids)
        if chance(1, in: 6) { return SequenceSet([min(a, b)...UInt32.max]).starred }
        return SequenceSet([min(a, b)...max(a, b)])
    }

    /// At most a few known UIDs: COPY and MOVE of whole mailboxes (into themselves, too) would double
    /// them and let the run's cost grow with mailbox size instead of with the operations.
    mutating func fewUIDs(_ k: ClientKnowledge) -> SequenceSet {
        let uids = k.knownUIDs
        guard !uids.isEmpty, chance(9, in: 10) else { return uidSet(k) }
        let i = Int(rng.below(UInt64(uids.count)))
        let j = min(uids.count - 1, i + Int(rng.below(4)))
        // What the client knows need not be sorted (stale entries): order the two ends.
        return SequenceSet([min(uids[i], uids[j])...max(uids[i], uids[j])])
    }

    mutating func store(_ k: ClientKnowledge) -> Command {
        let kinds: [StoreAction.Kind] = [.add, .add, .remove, .replace]
        let action = StoreAction(pick(kinds), silent: chance(1, in: 3), flags: randomFlags().isEmpty ? [.seen] : randomFlags())
        var mods: [StoreModifier] = []
        if chance(2, in: 5), !k.noModSeq, k.offersModSeqs {
            let v = chance(1, in: 8) ? 0 : min(modSeq(k), ModSeq.max)
            mods = [.unchangedSince(ModSeqOrZero(v)!)]
        }
        let uid = chance(1, in: 2)
        return .store(uid ? uidSet(k) : seqSet(k), mods, action, uid: uid)
    }

    mutating func fetchChangedSince(_ k: ClientKnowledge) -> Command {
        guard !k.noModSeq else { return .noop }
        guard k.offersModSeqs else { return .fetch(seqSet(k), [.flags], [], uid: false) }
        let m = ModSeq(min(max(1, modSeq(k)), ModSeq.max))!
        let uid = chance(1, in: 2)
        return .fetch(uid ? uidSet(k) : seqSet(k), [.flags], [.changedSince(m)], uid: uid)
    }

    mutating func vanishedFetch(_ k: ClientKnowledge) -> Command {
        guard !k.noModSeq else { return .noop }
        let m = ModSeq(min(max(1, modSeq(k)), ModSeq.max))!
        return .fetch(uidSet(k), [.flags], [.changedSince(m), .vanished], uid: true)
    }

    mutating func search(_ k: ClientKnowledge) -> Command {
        guard !k.noModSeq, k.offersModSeqs else { return .search(SearchCommand(keys: [.all]), uid: false) }
        let key = SearchKey.modSeq(entry: nil, ModSeqOrZero(min(modSeq(k), ModSeq.max))!)
        let keys: [SearchKey] = chance(1, in: 4) ? [key, .undeleted] : [key]
        let ret: [SearchReturnOption]? = chance(1, in: 3) ? Array(Set((0..<2).map { _ in pick([.min, .max, .all, .count]) })).sorted { $0.rawValue < $1.rawValue } : nil
        // RETURN options exist only with ESEARCH (RFC 4731 §3.1).
        return .search(SearchCommand(returnOptions: k.offers(.esearch) ? ret : nil, keys: keys), uid: chance(1, in: 2))
    }
}

extension SequenceSet {
    /// The set with its last range's upper end written as `*` (n:UInt32.max becomes n:*).
    var starred: SequenceSet {
        guard case .ranges(var rs) = self, let last = rs.last, case .number(UInt32.max) = last.last else { return self }
        rs[rs.count - 1] = SequenceRange(last.first, .star)
        return .ranges(rs)
    }
}
