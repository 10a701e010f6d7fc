import IMAPTypes

/// What the checker makes of a client command it could not parse (kept in progress as NOOP): its
/// responses update what the session knows but are not judged; if the server accepted it, the
/// trace cannot show conformance for that command, unless it is of a kind that changes nothing.
struct UnparsedCommand {
    /// Why it did not parse, for the inconclusive note.
    var reason: String
    /// The name it was sent with ("STATUS", "UID SORT"), when it had one.
    var name: String?
    /// Of a kind that changes no message, flag or selection and that no rule of the registry
    /// judges the answer of (`stateNeutralCommands`, `isReadOnlyOrdering`): accepting it leaves the
    /// verdict conclusive.
    var stateNeutral = false
    /// A SELECT or EXAMINE (an RFC 4466 §2.1 select-param the parser does not know, a QRESYNC
    /// parameter it refuses): once answered, which mailbox is selected is not known.
    var selects = false
    /// A NOTIFY (RFC 5465): true for NOTIFY SET, false for NOTIFY NONE.
    var notifies: Bool?

    init(reason: String) { self.reason = reason }

    /// The tag and what is known of the command on a client line the parser refused: its first
    /// words (tag, name, and for UID or NOTIFY the next one).
    static func read(_ line: [UInt8], reason: String) -> (tag: String?, UnparsedCommand) {
        let words = line.prefix(64).split(whereSeparator: { $0 == 0x20 || $0 == 0x0D || $0 == 0x0A })
        let tag = words.first.map { String(decoding: $0, as: UTF8.self) }
        let name = words.dropFirst().first.map { String(decoding: $0, as: UTF8.self).uppercased() }
        let uidName = name == "UID" ? words.dropFirst(2).first.map { String(decoding: $0, as: UTF8.self).uppercased() } : nil
        var c = UnparsedCommand(reason: reason)
        c.name = name.map { n in uidName.map { "UID \($0)" } ?? n }
        c.stateNeutral = name.map(stateNeutralCommands.contains) ?? false || isReadOnlyOrdering(uidName ?? name, line)
        c.selects = name == "SELECT" || name == "EXAMINE"
        c.notifies = name == "NOTIFY" ? notifySets(words.dropFirst(2).first) : nil
        return (tag, c)
    }

    /// Commands the checker does not parse but that change no message, flag, mod-sequence or
    /// selection, and whose answers no registered rule judges: a trace that uses them (as mail
    /// clients do at login) stays conclusive. NAMESPACE (RFC 2342), ID (RFC 2971), LIST and LSUB
    /// with RFC 5258's options, subscriptions, quota (RFC 9208), ACL (RFC 4314), METADATA
    /// (RFC 5464), LANGUAGE and COMPARATOR (RFC 5255). SEARCH is not among them: RFC 7162 judges
    /// its answers (§3.1.5); SORT and THREAD only without MODSEQ (`isReadOnlyOrdering`).
    static let stateNeutralCommands: Set<String> = [
        "NAMESPACE", "ID", "LIST", "LSUB", "XLIST", "SUBSCRIBE", "UNSUBSCRIBE",
        "GETQUOTA", "GETQUOTAROOT", "SETQUOTA", "GETACL", "SETACL", "DELETEACL", "MYRIGHTS", "LISTRIGHTS",
        "GETMETADATA", "SETMETADATA", "LANGUAGE", "COMPARATOR", "NOTIFY",
    ]

    /// NOTIFY's first argument (RFC 5465 §3): true for `SET`, false for `NONE`, nil for neither.
    /// NOTIFY changes no message, flag or selection, but after SET the server may send EXPUNGE at
    /// any time (`SessionTracker.notifying`).
    static func notifySets(_ word: ArraySlice<UInt8>?) -> Bool? {
        switch word.map({ String(decoding: $0, as: UTF8.self).uppercased() }) {
        case "SET": return true
        case "NONE": return false
        default: return nil
        }
    }

    /// SORT and THREAD (RFC 5256 §3, `UID` or not) whose criteria name no MODSEQ: they change no
    /// message, flag or selection, are no CONDSTORE enabling command, and no checkable rule judges
    /// their answers (R7162-3.1.9#1, SORT with MODSEQ, is out of the model's scope). Any mention
    /// of MODSEQ, even inside a string, leaves the command unknown: it may enable CONDSTORE.
    static func isReadOnlyOrdering(_ name: String?, _ line: [UInt8]) -> Bool {
        guard name == "SORT" || name == "THREAD" else { return false }
        let modSeq = Array("modseq".utf8)
        guard line.count >= modSeq.count else { return true }
        // Letters compare case-insensitively with their 0x20 bit set.
        for start in 0...(line.count - modSeq.count)
        where zip(line[start..<(start + modSeq.count)], modSeq).allSatisfy({ $0 | 0x20 == $1 }) {
            return false
        }
        return true
    }
}
