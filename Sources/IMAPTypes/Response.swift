/// Everything a server sends, RFC 3501 §7 and §9 (`response`, `greeting`), with the additions of
/// RFC 5161 (ENABLED), RFC 4731 (ESEARCH), RFC 5256 (SORT, THREAD) and RFC 7162 §7 (VANISHED,
/// MODSEQ items); responses of other extensions are kept uninterpreted (`UntaggedResponse.other`).
public enum ServerResponse: Hashable, Sendable {
    /// `"+" SP (resp-text / base64)`.
    case continuation(ContinuationRequest)
    /// `tag SP resp-cond-state`.
    case tagged(Tag, TaggedStatus, ResponseText)
    /// `"*" SP ...`.
    case untagged(UntaggedResponse)
}

public enum ContinuationRequest: Hashable, Sendable {
    case text(ResponseText)
    case base64(String)
}

/// `resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text`.
public enum TaggedStatus: String, Hashable, Sendable, CaseIterable {
    case ok = "OK", no = "NO", bad = "BAD"
}

/// The condition of an untagged status response: `resp-cond-state`, `resp-cond-bye`,
/// `resp-cond-auth` (PREAUTH, greeting only).
public enum UntaggedStatus: String, Hashable, Sendable, CaseIterable {
    case ok = "OK", no = "NO", bad = "BAD", bye = "BYE", preauth = "PREAUTH"
}

public enum UntaggedResponse: Hashable, Sendable {
    /// `* OK/NO/BAD/BYE/PREAUTH resp-text`.
    case condition(UntaggedStatus, ResponseText)
    /// `capability-data`.
    case capability([Capability])
    /// RFC 5161 §4: `"ENABLED" *(SP capability)`.
    case enabled([Capability])
    /// `"FLAGS" SP flag-list`.
    case flags([Flag])
    /// `"LIST" SP mailbox-list` (and LSUB).
    case list(MailboxListEntry)
    /// `number SP "EXISTS"`; 0 is legal.
    case exists(UInt32)
    /// `number SP "RECENT"`.
    case recent(UInt32)
    /// `nz-number SP "EXPUNGE"`.
    case expunge(SequenceNumber)
    /// `nz-number SP "FETCH" SP msg-att`.
    case fetch(SequenceNumber, [FetchAttribute])
    /// RFC 9586 §3.3 `uidfetch-resp = uniqueid SP "UIDFETCH" SP msg-att`: a FETCH response that
    /// names its message by UID, sent instead of FETCH once the client enabled UIDONLY.
    case uidFetch(UID, [FetchAttribute])
    /// `"SEARCH" *(SP nz-number) [SP search-sort-mod-seq]`, RFC 7162 §7.
    case search([UInt32], modSeq: ModSeq?)
    /// RFC 4731 `esearch-response`, with RFC 7162's `MODSEQ` return data.
    case esearch(ESearchResponse)
    /// `"STATUS" SP mailbox SP "(" [status-att-list] ")"`.
    case status(MailboxName, [StatusAttributeValue])
    /// RFC 7162 §3.2.10: `"VANISHED" SP known-uids`.
    case vanished(UIDSet)
    /// RFC 7162 §3.2.10: `"VANISHED" SP "(EARLIER)" SP known-uids`.
    case vanishedEarlier(UIDSet)
    /// RFC 5256 §4 `sort-data = "SORT" *(SP nz-number)`, with RFC 7162 §7's
    /// `[SP search-sort-mod-seq]` (§3.1.9). The numbers in the order the server sorted them.
    case sort([UInt32], modSeq: ModSeq?)
    /// RFC 5256 §4 `thread-data = "THREAD" [SP 1*thread-list]`.
    case thread([ThreadList])
    /// The untagged response of an extension the parser does not interpret (ID, NAMESPACE, QUOTA,
    /// METADATA, LANGUAGE, ...): `"*" SP atom [SP data]` where the data is well-formed IMAP data
    /// (atoms, numbers, strings, NIL, parenthesised lists). `name` as sent; `data` the exact bytes
    /// after the SP that follows it (empty when nothing follows), literals inline. It says nothing
    /// about the mailbox or the session.
    case other(name: String, data: [UInt8])
}

/// `mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox
/// [SP mbox-list-extended]` (RFC 9051 §9, RFC 5258 §9).
public struct MailboxListEntry: Hashable, Sendable {
    public var attributes: [String]
    public var delimiter: UInt8?
    public var name: MailboxName
    public var isLSUB: Bool
    /// The exact bytes of `mbox-list-extended` (`("CHILDINFO" ("SUBSCRIBED"))`, `("OLDNAME"
    /// ("old"))`), empty when the response has none.
    public var extended: [UInt8]

    public init(attributes: [String], delimiter: UInt8?, name: MailboxName, isLSUB: Bool = false, extended: [UInt8] = []) {
        self.attributes = attributes
        self.delimiter = delimiter
        self.name = name
        self.isLSUB = isLSUB
        self.extended = extended
    }
}

/// One item of `msg-att`, RFC 3501 §7.4.2 and RFC 7162 §3.1.4.2 (`fetch-mod-resp`).
public enum FetchAttribute: Hashable, Sendable {
    case uid(UID)
    case flags([Flag])
    /// `"MODSEQ" SP "(" permsg-modsequence ")"`.
    case modSeq(ModSeq)
    /// The `date-time` as sent, without quotes.
    case internalDate(String)
    case rfc822Size(UInt64)
    /// `BODY[section]<origin> nstring`, also RFC822, RFC822.HEADER, RFC822.TEXT (section "",
    /// "HEADER", "TEXT" with `name` kept).
    case bodySection(name: String, section: String, origin: UInt32?, data: [UInt8]?)
    /// ENVELOPE, BODY, BODYSTRUCTURE and other structured items, kept as their exact bytes.
    case raw(name: String, value: [UInt8])
    /// An item of an extension the parser does not interpret (EMAILID and THREADID of RFC 8474,
    /// SAVEDATE of RFC 8514, PREVIEW of RFC 8970, Gmail's X-GM-MSGID, ...): `name` is the atom as
    /// sent, `section` the text between `[` and `]` when one follows the name, `origin` a
    /// `<number>` after it, and `value` the exact bytes of one number, nstring or parenthesised list.
    case other(name: String, section: String?, origin: UInt32?, value: [UInt8])

    /// The item's name in upper case, e.g. "MODSEQ".
    public var name: String {
        switch self {
        case .uid: return "UID"
        case .flags: return "FLAGS"
        case .modSeq: return "MODSEQ"
        case .internalDate: return "INTERNALDATE"
        case .rfc822Size: return "RFC822.SIZE"
        case .bodySection(let name, _, _, _): return name
        case .raw(let name, _): return name
        case .other(let name, _, _, _): return name.uppercased()
        }
    }
}

/// `status-att-val`, RFC 3501 §9, RFC 4466 §2.5 and RFC 7162 §7.
public enum StatusAttributeValue: Hashable, Sendable {
    case messages(UInt32)
    case recent(UInt32)
    case uidNext(UID)
    case uidValidity(UIDValidity)
    case unseen(UInt32)
    /// `"HIGHESTMODSEQ" SP mod-sequence-valzer`: 0 for a mailbox without persistent mod-sequences.
    case highestModSeq(ModSeqOrZero)
    /// `"DELETED" SP number`, `"SIZE" SP number64` (RFC 9051 §9) and other numeric items.
    case other(name: String, value: UInt64)
    /// An extension's item whose value is no number: RFC 4466 §3's `tagged-ext-val`, as RFC 8474
    /// §4.2's `"MAILBOXID" SP "(" objectid ")"`, or RFC 7889 §3.1's `"APPENDLIMIT" SP nil`;
    /// `value` is its exact bytes.
    case extensionValue(name: String, value: [UInt8])
}

/// RFC 4731 §3.1 `esearch-response`.
public struct ESearchResponse: Hashable, Sendable {
    public var correlator: Tag?
    public var isUID: Bool
    public var returnData: [ESearchReturnData]

    public init(correlator: Tag?, isUID: Bool, returnData: [ESearchReturnData]) {
        self.correlator = correlator
        self.isUID = isUID
        self.returnData = returnData
    }
}

public enum ESearchReturnData: Hashable, Sendable {
    case min(UInt32)
    case max(UInt32)
    case all(SequenceSet)
    case count(UInt32)
    /// RFC 7162 §3.1.10.
    case modSeq(ModSeq)
    /// Return data of another extension (PARTIAL of RFC 9394, ADDTO and REMOVEFROM of RFC 5267,
    /// RELEVANCY of RFC 6203, ...): RFC 4466 §2.6.2 `search-modifier-name SP search-return-value`,
    /// `name` as sent and `value` the exact bytes of the `tagged-ext-val`.
    case other(name: String, value: [UInt8])
}
