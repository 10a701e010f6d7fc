/// A response code, RFC 3501 §7.1 and §9 (`resp-text-code`), with the codes of RFC 7162 §7
/// (HIGHESTMODSEQ, NOMODSEQ, MODIFIED, CLOSED), RFC 4315 (APPENDUID, COPYUID, UIDNOTSTICKY) and
/// RFC 5530 (ALREADYEXISTS, NONEXISTENT, ...). Codes this package does not model are kept raw.
public enum ResponseCode: Hashable, Sendable {
    case alert
    case badCharset([String])
    case capability([Capability])
    case parse
    case permanentFlags([PermanentFlag])
    case readOnly
    case readWrite
    case tryCreate
    case uidNext(UID)
    case uidValidity(UIDValidity)
    case unseen(SequenceNumber)
    /// RFC 7162 §3.1.2.1 / §7: `"HIGHESTMODSEQ" SP mod-sequence-value`.
    case highestModSeq(ModSeq)
    /// RFC 7162 §3.1.2.2.
    case noModSeq
    /// RFC 7162 §3.1.3 / §7: `"MODIFIED" SP sequence-set` (message numbers, or UIDs for UID STORE).
    case modified(SequenceSet)
    /// RFC 7162 §3.2.11.
    case closed
    /// RFC 4315 §3: `"APPENDUID" SP nz-number SP append-uid`.
    case appendUID(UIDValidity, UIDSet)
    /// RFC 4315 §3: `"COPYUID" SP nz-number SP uid-set SP uid-set`.
    case copyUID(UIDValidity, source: [ClosedRange<UInt32>], destination: [ClosedRange<UInt32>])
    case uidNotSticky
    case alreadyExists
    case nonExistent
    /// Any other `atom [SP 1*<any TEXT-CHAR except "]">]`, kept as sent.
    case other(name: String, arguments: String?)
}

/// `flag-perm = flag / "\*"`, RFC 3501 §9.
public enum PermanentFlag: Hashable, Sendable {
    case flag(Flag)
    /// `\*`: new keywords may be created.
    case wildcard
}

/// `resp-text = ["[" resp-text-code "]" SP] text`, RFC 3501 §9.
public struct ResponseText: Hashable, Sendable {
    public var code: ResponseCode?
    public var text: String

    public init(code: ResponseCode? = nil, text: String) {
        self.code = code
        self.text = text
    }
}
