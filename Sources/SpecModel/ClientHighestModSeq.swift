/// The HIGHESTMODSEQ a correct disconnected client would hold, RFC 7162 §6 (as corrected by
/// RFC 5162 erratum 1809), or RFC 5162 §5's original rule under the older edition.
///
/// After a synchronisation the client caches HIGHESTMODSEQ. At each tagged response it looks at
/// what arrived since the previous one: a HIGHESTMODSEQ response code wins even when MODSEQ values
/// seen were higher (R7162-6#5); otherwise the highest MODSEQ seen replaces the cached value if it
/// is larger (R7162-6#6). Under RFC 5162 §5 a larger MODSEQ seen beats the code.
public struct ClientHighestModSeq: Hashable, Sendable {
    public private(set) var value: UInt64?
    private var codeSinceTagged: UInt64?
    private var maxModSeqSinceTagged: UInt64?
    public let followsErratum1809: Bool

    public init(followsErratum1809: Bool) { self.followsErratum1809 = followsErratum1809 }

    /// A HIGHESTMODSEQ response code arrived.
    public mutating func sawHighestModSeqCode(_ v: UInt64) { codeSinceTagged = v }

    /// A MODSEQ FETCH data item arrived.
    public mutating func sawModSeq(_ v: UInt64) { maxModSeqSinceTagged = max(maxModSeqSinceTagged ?? 0, v) }

    /// The client starts from the value reported when the mailbox was opened (R7162-6#2).
    public mutating func synchronised(at v: UInt64?) {
        value = v
        codeSinceTagged = nil
        maxModSeqSinceTagged = nil
    }

    /// A tagged response arrived: compute the new cached value.
    public mutating func tagged() {
        defer {
            codeSinceTagged = nil
            maxModSeqSinceTagged = nil
        }
        guard value != nil else { return }
        if let code = codeSinceTagged { value = code }
        // RFC 7162 §6: a code received since the last tagged response wins. RFC 5162 §5: the
        // code updates the copy, then a larger MODSEQ seen since the last tagged response wins.
        if followsErratum1809, codeSinceTagged != nil { return }
        if let m = maxModSeqSinceTagged, m > value! { value = m }
    }

    /// NOMODSEQ or a UIDVALIDITY change: forget the value (R7162-6#7, R7162-6#8).
    public mutating func forget() { synchronised(at: nil) }
}
