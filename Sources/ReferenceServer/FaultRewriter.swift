import IMAPTypes
import SpecModel

/// Injects the faults that only change what is said on the wire: it rewrites a command before
/// the model runs it and the model's outcome before it is sent. Pure: every input is a value.
struct FaultRewriter: Sendable {
    let faults: Set<ServerFault>

    /// The offset between the model's mod-sequences and the wire's under `.modSeq64Bit`: the
    /// model's 1 ... 2^63-1 become 2^63 ... 2^64-2, RFC 4551's range beyond RFC 7162 §7's.
    static let wideOffset = ModSeq.max

    /// What the session looked like around the command, for the rewrites that need it.
    struct Context: Sendable {
        /// UIDs of the selected mailbox's messages as the session knew them before the command.
        var viewBefore: UIDSet?
        /// Whether CONDSTORE is enabled once the command ran (RFC 7162 §3.1).
        var condstoreEnabled: Bool
        /// The mod-sequence of the mailbox that was selected before the command, as it is after
        /// it; nil for a mailbox without persistent mod-sequences.
        var previousMailboxModSeq: UInt64?
    }

    // MARK: - Commands

    /// The command as the model runs it.
    func command(_ c: Command) -> Command {
        var c = c
        if faults.contains(.modSeq64Bit) { c = Self.narrow(c) }
        if faults.contains(.changedSinceInclusive), case .fetch(let set, let items, let mods, let uid) = c {
            // RFC 7162 §3.1.4.1: CHANGEDSINCE selects mod-sequences strictly greater than the value.
            c = .fetch(set, items, mods.map { m in
                if case .changedSince(let v) = m, let lower = ModSeq(v.rawValue - 1) { return .changedSince(lower) }
                return m
            }, uid: uid)
        }
        return c
    }

    // MARK: - Outcomes

    /// The outcome as the client sees it.
    func outcome(_ o: CommandOutcome, of command: Command, _ context: Context) -> CommandOutcome {
        var o = o
        switch command {
        case .noop, .check, .idle:
            o.untagged = unsolicited(o.untagged, context)
        default:
            o.untagged = rewriteExpunges(o.untagged, context)
        }
        if faults.contains(.missingClosed) {
            o.untagged.removeAll { u in
                if case .condition(.ok, let t) = u, t.code == .closed { return true }
                return false
            }
        }
        if faults.contains(.highestModSeqOnClose), command == .close, o.status == .ok,
           let m = context.previousMailboxModSeq.flatMap({ ModSeq($0) }) {
            o.code = .highestModSeq(m)
        }
        if faults.contains(.modSeq64Bit) {
            o.untagged = o.untagged.map(Self.widen)
            o.code = o.code.map(Self.widen)
        }
        return o
    }

    /// Rewrites responses that no command asked for (NOOP, CHECK, IDLE).
    func unsolicited(_ untagged: [UntaggedResponse], _ context: Context) -> [UntaggedResponse] {
        var out = rewriteExpunges(untagged, context)
        if faults.contains(.fetchWithoutUID), context.condstoreEnabled {
            out = out.map { u in
                guard case .fetch(let n, let attrs) = u else { return u }
                return .fetch(n, attrs.filter { if case .uid = $0 { return false }; return true })
            }
        }
        return out
    }

    /// `.expungeInsteadOfVanished` and `.vanishedEarlierIncomplete`.
    func rewriteExpunges(_ untagged: [UntaggedResponse], _ context: Context) -> [UntaggedResponse] {
        guard faults.contains(.expungeInsteadOfVanished) || faults.contains(.vanishedEarlierIncomplete) else { return untagged }
        var view = context.viewBefore ?? UIDSet()
        var out: [UntaggedResponse] = []
        for u in untagged {
            switch u {
            case .vanished(let gone) where faults.contains(.expungeInsteadOfVanished):
                // RFC 3501 §7.4.1: each EXPUNGE renumbers the later messages, so the highest goes first.
                for uid in gone.reversed() {
                    guard let n = Self.position(of: uid, in: view) else { continue }
                    out.append(.expunge(SequenceNumber(unchecked: n)))
                    view.remove(uid)
                }
            case .vanishedEarlier(var gone) where faults.contains(.vanishedEarlierIncomplete):
                if let top = gone.max { gone.remove(top) }
                if !gone.isEmpty { out.append(.vanishedEarlier(gone)) }
            default:
                out.append(u)
            }
        }
        return out
    }

    /// The message number of `uid` in a session's view: how many of its UIDs are at most `uid`.
    static func position(of uid: UInt32, in view: UIDSet) -> UInt32? {
        guard view.contains(uid) else { return nil }
        var n: UInt32 = 0
        for r in view.ranges {
            if r.upperBound < uid { n += r.upperBound - r.lowerBound + 1 } else { return n + uid - r.lowerBound + 1 }
        }
        return nil
    }

    // MARK: - 64-bit mod-sequences

    static func widen(_ m: ModSeq) -> ModSeq { ModSeq(rfc4551: m.rawValue + wideOffset)! }

    /// A client's mod-sequence read back into the model: values at or below the offset precede
    /// every mod-sequence the server ever reported, so they become the model's smallest.
    static func narrow(_ m: ModSeq) -> ModSeq { ModSeq(m.rawValue > wideOffset ? m.rawValue - wideOffset : 1)! }

    static func narrow(_ m: ModSeqOrZero) -> ModSeqOrZero {
        m.rawValue > wideOffset ? ModSeqOrZero(m.rawValue - wideOffset)! : .zero
    }

    static func widen(_ code: ResponseCode) -> ResponseCode {
        if case .highestModSeq(let m) = code { return .highestModSeq(widen(m)) }
        return code
    }

    static func widen(_ u: UntaggedResponse) -> UntaggedResponse {
        switch u {
        case .condition(let s, var t):
            t.code = t.code.map(widen)
            return .condition(s, t)
        case .fetch(let n, let attrs):
            return .fetch(n, attrs.map { if case .modSeq(let m) = $0 { return .modSeq(widen(m)) }; return $0 })
        case .search(let numbers, let m):
            return .search(numbers, modSeq: m.map(widen))
        case .esearch(var r):
            r.returnData = r.returnData.map { if case .modSeq(let m) = $0 { return .modSeq(widen(m)) }; return $0 }
            return .esearch(r)
        case .status(let name, let values):
            return .status(name, values.map { v in
                if case .highestModSeq(let z) = v, let m = z.modSeq { return .highestModSeq(ModSeqOrZero(rfc4551: widen(m).rawValue)!) }
                return v
            })
        default:
            return u
        }
    }

    static func narrow(_ c: Command) -> Command {
        switch c {
        case .select(let name, let params): return .select(name, params.map(narrow))
        case .examine(let name, let params): return .examine(name, params.map(narrow))
        case .fetch(let set, let items, let mods, let uid):
            return .fetch(set, items, mods.map { if case .changedSince(let m) = $0 { return .changedSince(narrow(m)) }; return $0 }, uid: uid)
        case .store(let set, let mods, let action, let uid):
            return .store(set, mods.map { if case .unchangedSince(let m) = $0 { return .unchangedSince(narrow(m)) }; return $0 },
                          action, uid: uid)
        case .search(var sc, let uid):
            sc.keys = sc.keys.map(narrow)
            return .search(sc, uid: uid)
        default:
            return c
        }
    }

    static func narrow(_ p: SelectParameter) -> SelectParameter {
        guard case .qresync(var q) = p else { return p }
        q.modSeq = narrow(q.modSeq)
        return .qresync(q)
    }

    static func narrow(_ k: SearchKey) -> SearchKey {
        switch k {
        case .modSeq(let entry, let m): return .modSeq(entry: entry, narrow(m))
        case .not(let a): return .not(narrow(a))
        case .or(let a, let b): return .or(narrow(a), narrow(b))
        case .and(let ks): return .and(ks.map(narrow))
        default: return k
        }
    }
}
