import IMAPTypes
import IMAPWire
import SpecModel

/// The example-level checks `ExampleReplay` adds to the checker's: facts the checker's view
/// does not follow, each sound for what an example shows. One instance follows one stretch of one
/// session (see `ExampleReplay`).
struct ExampleChecks {
    var uids = UIDArithmetic()
    var store = ConditionalStoreCheck()

    /// `closedWorld`: the example elides nothing, so only what it shows happened. `count`: the
    /// messages selected when the stretch starts, when known.
    init(closedWorld: Bool, singleSession: Bool, count: Int?) {
        store.closedWorld = closedWorld
        store.singleSession = singleSession
        store.count = count
    }

    /// After an elision in the middle of a SELECT or EXAMINE response ("S: ..." between its FETCH
    /// responses, RFC 5162 §3.1), what the UID arithmetic knew still holds: the elided lines are
    /// responses to the same SELECT, which expunges nothing, and a message that arrived meanwhile
    /// only adds to the end.
    mutating func continueAcrossGap(from old: ExampleChecks) {
        if old.uids.selectInProgress { uids = old.uids }
    }

    mutating func take(_ line: DocumentExample.Line) -> [Finding] {
        let bytes = Array(line.text.utf8) + [0x0D, 0x0A]
        var client: Command? = nil
        var tag: Tag? = nil
        var server: ServerResponse? = nil
        switch line.kind {
        case .client:
            if let p = try? CommandParser.parse(bytes, options: .lenient), case .command(let tc) = p.value {
                client = tc.command
                tag = tc.tag
            }
        case .server:
            server = (try? ResponseParser.parse(bytes, options: .lenient))?.value
        case .elision:
            break
        }
        var out: [Finding] = []
        if let f = uids.take(line, client: client, tag: tag, server: server) { out.append(f) }
        out += store.take(line, client: client, tag: tag, server: server)
        return out
    }
}

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

/// Counting UIDs (RFC 3501 §2.3.1.1: UIDs ascend strictly with message numbers, and a message
/// added gets a UID above every earlier one, so every UID in the mailbox is below UIDNEXT):
/// between two messages whose numbers and UIDs are known there must be enough UIDs for the
/// messages between them, not counting UIDs a VANISHED (EARLIER) has reported gone (RFC 7162
/// §3.2.10.1: "UIDs of messages that are no longer in the mailbox"). The checker's view checks
/// the order of UIDs; this checks that the gaps are wide enough. It follows one stretch of one
/// session and forgets what an EXPUNGE, a VANISHED or a new selection could change.
struct UIDArithmetic {
    var pairs: [(n: Int, uid: UInt32)] = []
    var gone = UIDSet()
    var count: Int?
    var uidNext: UInt32?
    var inSelect = false
    /// The tag of a SELECT or EXAMINE whose tagged response has not come yet.
    var selectTag: Tag?
    var selectInProgress: Bool { selectTag != nil }

    mutating func reset() {
        pairs = []
        gone = UIDSet()
        count = nil
        uidNext = nil
    }

    /// UIDs in `lo...hi` that may still exist.
    func available(_ lo: UInt32, _ hi: UInt32) -> Int {
        guard lo <= hi else { return 0 }
        return Int(hi - lo) + 1 - gone.intersection(UIDSet(ranges: [lo...hi])).count
    }

    mutating func take(_ line: DocumentExample.Line, client: Command?, tag: Tag?, server: ServerResponse?) -> Finding? {
        switch line.kind {
        case .client:
            guard let command = client else {
                reset()
                return nil
            }
            selectTag = nil
            switch command {
            case .select, .examine:
                reset()
                inSelect = true
                selectTag = tag
            case .close, .unselect, .logout:
                reset()
            default:
                inSelect = false
            }
            return nil
        case .elision:
            reset()
            return nil
        case .server:
            break
        }
        guard let response = server else { return nil }
        switch response {
        case .untagged(.exists(let n)):
            if !inSelect { uidNext = nil }
            count = Int(n)
        case .untagged(.condition(_, let rt)):
            if case .uidNext(let u)? = rt.code { uidNext = u.rawValue }
        case .untagged(.expunge), .untagged(.vanished):
            reset()
        case .untagged(.vanishedEarlier(let uids)):
            gone = gone.union(uids)
        case .tagged(let t, _, _):
            if t == selectTag { selectTag = nil }
        case .untagged(.fetch(let seq, let attributes)):
            let n = Int(seq.rawValue)
            guard let u = attributes.lazy.compactMap({ a -> UInt32? in if case .uid(let v) = a { return v.rawValue }; return nil }).first
            else { return nil }
            defer { pairs.append((n, u)) }
            return judge(n, u, line)
        default:
            break
        }
        return nil
    }

    func judge(_ n: Int, _ u: UInt32, _ line: DocumentExample.Line) -> Finding? {
        func finding(_ why: String) -> Finding {
            Finding(requirementID: Citation.uidsAscend, severity: .violation, session: line.session, line: line.line,
                    command: nil, expected: why, observed: [line.text])
        }
        let goneNote = gone.isEmpty ? "" : " (VANISHED (EARLIER) reported \(gone) gone)"
        let below = u > 1 ? available(1, u - 1) : 0
        if below < n - 1 {
            return finding("message \(n) has UID \(u), so \(n - 1) messages need distinct UIDs below \(u); only \(below) can still exist\(goneNote)")
        }
        for (m, v) in pairs {
            if m < n, v < u {
                let between = available(v + 1, u - 1)
                if between < n - m - 1 {
                    return finding("messages \(m) (UID \(v)) and \(n) (UID \(u)): \(n - m - 1) messages between need UIDs between; only \(between) can still exist\(goneNote)")
                }
            } else if m > n, v > u {
                let between = available(u + 1, v - 1)
                if between < m - n - 1 {
                    return finding("messages \(n) (UID \(u)) and \(m) (UID \(v)): \(m - n - 1) messages between need UIDs between; only \(between) can still exist\(goneNote)")
                }
            }
        }
        if let c = count, let x = uidNext, x > u, c > n {
            let above = available(u + 1, x - 1)
            if above < c - n {
                return finding("message \(n) of \(c) has UID \(u) and UIDNEXT is \(x): \(c - n) later messages need UIDs from \(u + 1) to \(x - 1); only \(above) can exist\(goneNote)")
            }
        }
        return nil
    }
}
