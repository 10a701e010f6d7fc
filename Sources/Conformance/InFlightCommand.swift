import IMAPTypes
import SpecModel

/// A command the server has received and not yet completed, with what its responses showed so far.
struct InFlightCommand {
    var tag: Tag
    var command: Command
    var line: Int
    /// A command the checker could not parse (kept as NOOP): its responses update what the
    /// session knows but are not judged.
    var unparsed: UnparsedCommand?
    var unknown: Bool { unparsed != nil }
    /// The server lines answering it, for findings' evidence.
    var evidence: [Checker.ServerLine] = []
    var sawFetch = false
    var sawHighestModSeqCode: UInt64?
    var sawNoModSeq = false
    var sawClosed = false
    /// CLOSED never came; the boundary was inferred.
    var closedImplicitly = false
    /// The last EXISTS of this SELECT/EXAMINE that came before the boundary between the old and
    /// the new mailbox was seen; when the boundary turns out to be implicit (no CLOSED), it was the
    /// new mailbox's size (RFC 3501 §6.3.1 sends EXISTS first).
    var existsBeforeBoundary: UInt32?
    /// FETCH responses seen, by message number, with their MODSEQ.
    var fetchedModSeqs: [Int: UInt64] = [:]
    /// UIDs reported by FETCH responses of this command.
    var fetchedUIDs: Set<UInt32> = []
    /// UID command: messages in its set (by the UID the session knows) that got a FETCH without
    /// UID, where the first came, and whether the answer was certainly due (RFC 3501 §6.4.8,
    /// judged at completion: a FETCH with the UID later in the answer makes it an update).
    var uidlessFetches: [UInt32: (place: Checker.Place, answerDue: Bool)] = [:]
    var vanishedEarlier = UIDSet()
    /// A SELECT or EXAMINE during which another session had a command in progress that may expunge:
    /// a message its EXISTS counted may be gone before its VANISHED (EARLIER).
    var concurrentExpunge = false
    /// Whether this command is the session's first CONDSTORE enabling command while a mailbox is
    /// selected (R7162-3.1#8).
    var firstEnablingWithMailbox = false
    /// Whether the session was CONDSTORE-aware before this command.
    var wasCondstoreAware = false
    /// Whether it may have been: an enabling command was issued before, perhaps one the server
    /// rejected but counted (`SessionTracker.condstoreMaybe`).
    var mayHaveBeenCondstoreAware = false
    /// The QRESYNC parameters of a SELECT/EXAMINE.
    var qresync: QResyncParameters?
    /// For SELECT/EXAMINE: the view being built, and the view it replaces until CLOSED.
    var newView: MailboxView?
    var hadSelectedMailbox = false
    /// Whether a mailbox was selected when this SELECT/EXAMINE was sent is not known (one the
    /// checker did not follow, or a record that starts here): whether CLOSED is due is not either.
    var previousSelectionUnknown = false
    /// Closed world: another session's command that may change mailboxes completed while this
    /// one was in progress (RFC 3501 §5.5 lets the server work on them at once): what this one
    /// reports may be of any state in between, so the checks that compare it with one state of
    /// the truth leave it.
    var overlapped = false
    /// Closed world, a QRESYNC SELECT/EXAMINE: the UIDs whose flags a STORE of the trace certainly
    /// changed after the client's mod-sequence, when it was sent (RFC 7162 §3.2.5.1).
    var resyncOwed: [UInt32] = []
    /// For SELECT/EXAMINE: the first FETCH of the new mailbox without MODSEQ once CONDSTORE was
    /// enabled, judged when the command completes (RFC 7162 §3.1: unless it is NOMODSEQ).
    var selectFetchWithoutModSeq: Checker.Place?
    /// A SELECT/EXAMINE of the mailbox already selected: RFC 7162 §3.2.11 asks CLOSED only when
    /// the selected mailbox is closed by a SELECT/EXAMINE "on another mailbox".
    var reselectsSameMailbox = false
    // Closed world: the truth of the target messages when the command started, what the
    // command's own responses showed of them, and what it expunged.
    var truthBefore: [UInt32: MailboxTruth.Message] = [:]
    var truthHighestAtStart: UInt64 = 0
    var targetUIDs: [UInt32] = [] { didSet { targetUIDSet = Set(targetUIDs) } }
    /// `targetUIDs` for membership tests: a FETCH 1:* asks for every message, once per response.
    private(set) var targetUIDSet: Set<UInt32> = []
    var observedModSeqByUID: [UInt32: UInt64] = [:]
    /// Targets whose FETCH in this command showed their flags (recorded in the truth then).
    var observedFlagsOf: Set<UInt32> = []
    var pendingFlagsAtStart: Set<UInt32> = []
    var newlyExpunged: [UInt32] = []
    /// Removals announced while the command ran (EXPUNGE responses, UIDs of VANISHED), whether or
    /// not the checker knew the UID.
    var expungesAnnounced = 0
    /// Messages a COPY/MOVE created, from its COPYUID (tagged for COPY, untagged for MOVE).
    var copiedCount: Int?
    /// The capabilities the ENABLED responses of an ENABLE listed; nil before the first one.
    var enabledListed: Set<Capability>?
    /// An ENABLED response came while this ENABLE was one of several in progress, and which one
    /// it answered is not determined.
    var mayHaveGotEnabled = false

    init(tag: Tag, command: Command, line: Int) {
        self.tag = tag
        self.command = command
        self.line = line
    }

    /// The command's name as sent: an unparsed one's own, not NOOP's.
    var name: String { unparsed?.name ?? command.name }

    var label: String { "\(tag) \(name)" }

    /// Commands whose untagged data no other kind produces (`SessionTracker.answering`).
    var isSearch: Bool { if case .search = command { return true }; return false }
    /// Whether the command may change what is in a mailbox or its messages' metadata (a command
    /// the checker could not parse may).
    var mutates: Bool {
        if unknown { return true }
        switch command {
        case .store, .expunge, .uidExpunge, .move, .copy, .append, .close, .create, .delete, .rename: return true
        case .fetch(_, let items, _, _): return items.contains { $0.setsSeen }
        default: return false
        }
    }
    var isEnable: Bool { if case .enable = command { return true }; return false }
    var isMove: Bool { if case .move = command { return true }; return false }

    /// EXPUNGE, UID EXPUNGE, MOVE, CLOSE, or a command the checker could not parse.
    var mayExpunge: Bool {
        switch command {
        case .expunge, .uidExpunge, .move, .close: return true
        default: return unknown
        }
    }

    var isSelect: Bool {
        switch command {
        case .select, .examine: return true
        default: return false
        }
    }

    var selectParameters: [SelectParameter] {
        switch command {
        case .select(_, let p), .examine(_, let p): return p
        default: return []
        }
    }

    /// Whether the command is a UID command (RFC 3501 §6.4.8).
    var isUIDCommand: Bool {
        switch command {
        case .fetch(_, _, _, let uid), .store(_, _, _, let uid), .search(_, let uid), .copy(_, _, let uid),
             .move(_, _, let uid):
            return uid
        case .uidExpunge: return true
        default: return false
        }
    }

    /// Whether FETCH responses answer this command (FETCH, STORE): only those are "caused by" it
    /// in RFC 3501 §6.4.8's sense; a flag update arriving during UID COPY is not.
    var answersWithFetch: Bool {
        switch command {
        case .fetch, .store: return true
        default: return false
        }
    }

    /// RFC 3501 §7.4.1: no EXPUNGE while answering FETCH, STORE or SEARCH (a UID command may
    /// have one, RFC 9051 §5.5 even a UID SEARCH with message numbers).
    var forbidsExpunge: Bool {
        switch command {
        case .fetch(_, _, _, let uid), .store(_, _, _, let uid), .search(_, let uid):
            return !uid
        default:
            return false
        }
    }

    /// RFC 7162 §3.2.10.2: no VANISHED where EXPUNGE is forbidden, nor during a UID SEARCH whose
    /// criteria contain message numbers.
    var forbidsVanished: Bool {
        if case .search(let s, true) = command, s.keys.contains(where: { $0.mentionsSequenceNumbers }) { return true }
        return forbidsExpunge
    }

    /// Whether this command is a CONDSTORE enabling command (RFC 7162 §3.1, §3.2.3).
    var isCondstoreEnabling: Bool {
        switch command {
        case .select(_, let p), .examine(_, let p): return !p.isEmpty
        case .status(_, let atts): return atts.contains(.highestModSeq)
        case .fetch(_, let items, let mods, _):
            return items.contains(.modSeq) || mods.contains { if case .changedSince = $0 { return true }; return false }
        case .search(let s, _): return s.keys.contains { $0.usesModSeq }
        case .store(_, let mods, _, _): return !mods.isEmpty
        case .enable(let caps): return caps.contains(.condstore) || caps.contains(.qresync)
        default: return false
        }
    }

    /// What RFC 7162 §3.2.4 lets FETCH responses answering this command omit, read off the
    /// command in one pass: MODSEQ for a FETCH that asks for none (CHANGEDSINCE adds it, §3.1.4.1)
    /// and sets no \Seen, and for a UID FETCH that asks for none; UID for a FETCH that asks for none
    /// and sets no \Seen (a UID FETCH always carries UID, RFC 3501 §6.4.8). The `IfSeenUnchanged`
    /// pair holds when a \Seen it would set changes nothing (a read-only mailbox, RFC 3501 §6.3.2,
    /// or a message that has it already).
    var fetchExemptions: (modSeq: Bool, uid: Bool, modSeqIfSeenUnchanged: Bool, uidIfSeenUnchanged: Bool) {
        guard case .fetch(_, let items, let mods, let uid) = command else { return (false, false, false, false) }
        let setsSeen = items.contains { $0.setsSeen }
        let asksModSeq = items.contains(.modSeq) || mods.contains { if case .changedSince = $0 { return true }; return false }
        let asksUID = uid || items.contains(.uid)
        return (!asksModSeq && (uid || !setsSeen), !asksUID && !setsSeen, !asksModSeq, !asksUID)
    }
}

extension UntaggedResponse {
    /// Whether this marks the start of a new selection's responses where CLOSED is missing
    /// (RFC 3501 §6.3.1). FLAGS, PERMANENTFLAGS and HIGHESTMODSEQ may also be updates of the
    /// mailbox still selected (RFC 3501 §7.2.6, §7.1), so where CLOSED is due (`closedDue`, RFC
    /// 7162 §3.2.11) they do not: a CLOSED may still follow them.
    func opensSelection(closedDue: Bool) -> Bool {
        switch self {
        case .flags: return !closedDue
        case .condition(.ok, let rt):
            switch rt.code {
            case .uidValidity?, .uidNext?, .noModSeq?: return true
            case .permanentFlags?, .highestModSeq?: return !closedDue
            default: return false
            }
        default: return false
        }
    }

    /// Whether the response is about the selected mailbox's messages.
    var concernsSelection: Bool {
        switch self {
        case .exists, .recent, .expunge, .fetch, .uidFetch, .vanished, .vanishedEarlier, .search, .esearch, .sort, .thread, .flags:
            return true
        default: return false
        }
    }
}

extension SearchKey {
    var mentionsSequenceNumbers: Bool {
        switch self {
        case .sequenceSet: return true
        case .not(let k): return k.mentionsSequenceNumbers
        case .or(let a, let b): return a.mentionsSequenceNumbers || b.mentionsSequenceNumbers
        case .and(let ks): return ks.contains { $0.mentionsSequenceNumbers }
        default: return false
        }
    }
}
