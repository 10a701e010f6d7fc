import IMAPTypes

/// The server's side of one session: its state, the extensions it enabled and, for the selected
/// mailbox, exactly what it has been told (the message sequence as announced) and what it has not
/// been told yet (RFC 3501 §5.2 and §7.4.1, RFC 7162 §3.2.10.2).
public struct ServerSession: Hashable, Sendable {
    public let id: Int
    public internal(set) var authenticated = false
    /// RFC 7162 §3.1: a CONDSTORE enabling command was issued.
    public internal(set) var condstoreEnabled = false
    /// RFC 7162 §3.2.3: ENABLE QRESYNC was answered with ENABLED QRESYNC.
    public internal(set) var qresyncEnabled = false
    public internal(set) var selection: Selection?

    public init(id: Int) { self.id = id }

    public struct Selection: Hashable, Sendable {
        public let mailbox: MailboxName
        public let readOnly: Bool
        public let uidValidity: UInt32
        public let noModSeq: Bool
        /// UIDs of the messages in this session's sequence, expunged-but-unannounced included.
        public internal(set) var announced: UIDSet
        /// The highest UID announced by EXISTS; newer messages have larger UIDs.
        public internal(set) var announcedMaxUID: UInt32
        /// Messages whose flags changed elsewhere and were not reported yet.
        public internal(set) var pendingFlags = UIDSet()
        /// Expunged messages not yet announced, with the mod-sequence of their expunge.
        public internal(set) var pendingExpunges: [UInt32: UInt64] = [:]
        /// True once the first CONDSTORE enabling command with this mailbox selected reported
        /// HIGHESTMODSEQ (R7162-3.1#8), or when the SELECT itself did.
        public internal(set) var reportedHighestModSeq: Bool

        /// The message number of an announced UID.
        public func sequenceNumber(of uid: UInt32) -> Int? {
            guard announced.contains(uid) else { return nil }
            var n = 0
            for r in announced.ranges {
                if r.upperBound < uid { n += Int(r.upperBound - r.lowerBound) + 1 } else { return n + Int(uid - r.lowerBound) + 1 }
            }
            return nil
        }

        /// The UID of message number `n`.
        public func uid(atSequence n: Int) -> UInt32? {
            var left = n
            for r in announced.ranges {
                let size = Int(r.upperBound - r.lowerBound) + 1
                if left <= size { return r.lowerBound + UInt32(left - 1) }
                left -= size
            }
            return nil
        }

        public var count: Int { announced.count }
    }
}
