import IMAPTypes
import SpecModel

/// A conditional STORE (RFC 7162 §3.1.3, RFC 4551 §3.2) judged as a whole, in a closed world
/// (the example elides nothing, so only what it shows happened). A STORE by message numbers that
/// completes OK sends an untagged FETCH with MODSEQ for every message of its set that MODIFIED
/// does not name, ".SILENT" or not (R7162-3.1.3#2); no other agent can have expunged one. Whether
/// that FETCH is due for a message the STORE left unchanged is open (§3.1.3 and §3.1.11; the
/// checker notes it), so a missing FETCH is a violation only when
/// - the example showed the message's flags and the STORE changes them, or
/// - the STORE reported a mod-sequence above the HIGHESTMODSEQ the session was told for a message
///   outside its set, with no earlier command in the (single-session) example that could have
///   changed it: then something changed that the STORE did not name, which in a closed world has no
///   other cause. This is RFC 4551 Example 5 as printed (erratum 3509: STORE 1, FETCH of 50).
/// Otherwise it is a note. A UID STORE is not judged: a UID that does not exist is skipped
/// silently (RFC 3501 §6.4.8). (MODIFIED naming a message outside the set is the checker's
/// R7162-3.1.3#4.)
struct ConditionalStoreCheck {
    struct Store {
        var tag: Tag
        var set: SequenceSet
        var action: StoreAction
        var uid: Bool
        var line: Int
        var text: String
    }

    var closedWorld = false
    var singleSession = false
    var count: Int?
    var current: Store?
    /// MODSEQ values reported during the STORE, by message number.
    var fetched: [UInt32: UInt64] = [:]
    var removed = false
    /// Flags the example showed, by message number (forgotten when numbers may shift).
    var knownFlags: [UInt32: FlagSet] = [:]
    /// The highest HIGHESTMODSEQ the session was told.
    var highestReported: UInt64?
    /// A command that may change messages came before.
    var changedBefore = false

    mutating func take(_ line: DocumentExample.Line, client: Command?, tag: Tag?, server: ServerResponse?) -> [Finding] {
        if line.kind == .elision {
            current = nil
            count = nil
            knownFlags = [:]
            return []
        }
        if line.kind == .client {
            guard let client, let tag else {
                changedBefore = true
                return []
            }
            switch client {
            case .store(let set, let mods, let action, let uid) where mods.contains(where: { if case .unchangedSince = $0 { return true }; return false }):
                if current != nil { changedBefore = true }
                current = Store(tag: tag, set: set, action: action, uid: uid, line: line.line, text: line.text)
                fetched = [:]
                removed = false
            case .select, .examine, .close, .unselect:
                count = nil
                knownFlags = [:]
                highestReported = nil
                changedBefore = true
            case .fetch, .search, .noop, .check, .status, .capability, .list, .enable, .login, .logout, .idle:
                break
            default:
                changedBefore = true
            }
            return []
        }
        guard let server else { return [] }
        switch server {
        case .untagged(.exists(let n)):
            count = Int(n)
        case .untagged(.expunge), .untagged(.vanished):
            removed = true
            count = nil
            knownFlags = [:]
        case .untagged(.condition(_, let rt)):
            if case .highestModSeq(let v)? = rt.code { highestReported = max(highestReported ?? 0, v.rawValue) }
        case .untagged(.fetch(let n, let attributes)):
            for a in attributes {
                if case .modSeq(let m) = a, current != nil { fetched[n.rawValue] = m.rawValue }
                if case .flags(let f) = a { knownFlags[n.rawValue] = FlagSet(f) }
            }
        case .tagged(let t, let status, let rt):
            guard let c = current, c.tag == t else { return [] }
            current = nil
            let out = judge(c, status: status, code: rt.code, line: line)
            changedBefore = true
            return out
        default:
            break
        }
        return []
    }

    func judge(_ c: Store, status: TaggedStatus, code: ResponseCode?, line: DocumentExample.Line) -> [Finding] {
        // `*` is the largest message number: known only from the count.
        let largest: UInt32? = c.set.containsStar ? count.map { UInt32(clamping: $0) } : UInt32.max
        var modified = UIDSet()
        if case .modified(let m)? = code {
            guard !m.containsStar, let named = m.resolved(largest: UInt32.max) else { return [] }
            modified = named
        }
        guard closedWorld, status == .ok, !c.uid, !removed, let largest, let target = c.set.resolved(largest: largest) else {
            return []
        }
        if let n = count, target.max.map({ Int($0) > n }) == true { return [] }
        let missing = target.subtracting(modified).subtracting(UIDSet(fetched.keys))
        guard !missing.isEmpty else { return [] }
        func finding(_ severity: Finding.Severity, _ why: String) -> [Finding] {
            [Finding(requirementID: Citation.unchangedSinceFetchEvenIfSilent, severity: severity, session: line.session,
                     line: line.line, command: "\(c.tag) STORE", expected: why, observed: [c.text, line.text])]
        }
        let changed = missing.filter { n in knownFlags[n].map(c.action.changes) == true }
        if !changed.isEmpty {
            return finding(.violation, "an untagged FETCH with MODSEQ for every message the conditional STORE (line \(c.line)) changed, .SILENT or not; none for \(UIDSet(changed)), whose flags it changed")
        }
        let foreign = fetched.filter { n, m in !target.contains(n) && highestReported.map { m > $0 } == true }.keys.sorted()
        if singleSession, !changedBefore, !foreign.isEmpty {
            return finding(.violation, "an untagged FETCH with MODSEQ for every message the conditional STORE (line \(c.line)) changed, .SILENT or not; none for \(missing), while the only new mod-sequence reported (above HIGHESTMODSEQ \(highestReported ?? 0)) is for \(UIDSet(foreign)), which the STORE does not name and nothing else in this example could have changed")
        }
        return finding(.note, "an untagged FETCH with MODSEQ for \(missing), unless the STORE changed nothing there (RFC 7162 §3.1.3 and §3.1.11 leave open whether it is due then)")
    }
}
