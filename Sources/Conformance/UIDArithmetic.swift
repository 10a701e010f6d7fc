import IMAPTypes

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
    func available(_ lo: UInt32, _ hi: UInt32) -> Int { Self.available(lo, hi, gone: gone) }

    /// UIDs in `lo...hi` not in `gone` (the checker's count after a VANISHED (EARLIER) too).
    static func available(_ lo: UInt32, _ hi: UInt32, gone: UIDSet) -> Int {
        guard lo <= hi else { return 0 }
        return Int(hi - lo) + 1 - gone.count(in: lo...hi)
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
