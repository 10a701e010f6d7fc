/// A tagged client command, RFC 3501 §9 (`command = tag SP (...) CRLF`).
public struct TaggedCommand: Hashable, Sendable {
    public var tag: Tag
    public var command: Command

    public init(tag: Tag, command: Command) {
        self.tag = tag
        self.command = command
    }
}

/// Everything a client sends on the wire: a command, the `DONE` that ends IDLE (RFC 2177), or a
/// line answering an AUTHENTICATE continuation (RFC 3501 §6.2.2).
public enum ClientMessage: Hashable, Sendable {
    case command(TaggedCommand)
    case idleDone
    case authenticationData(String)
}

/// The commands of the subset, RFC 3501 §6 with RFC 5161, RFC 4315, RFC 6851, RFC 2177, RFC 3691
/// and RFC 7162 §3.
public enum Command: Hashable, Sendable {
    case capability
    case noop
    case logout
    case login(user: String, password: String)
    /// `AUTHENTICATE mechanism [SP initial-response]` (RFC 4959 SASL-IR for the initial response).
    case authenticate(mechanism: String, initialResponse: String?)
    /// RFC 5161: `"ENABLE" 1*(SP capability)`.
    case enable([Capability])
    case select(MailboxName, [SelectParameter])
    case examine(MailboxName, [SelectParameter])
    case create(MailboxName)
    case delete(MailboxName)
    case rename(MailboxName, MailboxName)
    case list(reference: MailboxName, pattern: String)
    case status(MailboxName, [StatusAttribute])
    /// `"APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal`.
    case append(MailboxName, flags: [Flag]?, date: String?, message: [UInt8])
    case check
    case close
    /// RFC 3691.
    case unselect
    case expunge
    /// RFC 4315 §2.1: `"UID" SP "EXPUNGE" SP sequence-set`.
    case uidExpunge(SequenceSet)
    case fetch(SequenceSet, [FetchItem], [FetchModifier], uid: Bool)
    case store(SequenceSet, [StoreModifier], StoreAction, uid: Bool)
    case search(SearchCommand, uid: Bool)
    case copy(SequenceSet, MailboxName, uid: Bool)
    /// RFC 6851.
    case move(SequenceSet, MailboxName, uid: Bool)
    /// RFC 2177.
    case idle

    /// The command's name as the RFC writes it: "UID FETCH", "SELECT", ...
    public var name: String {
        switch self {
        case .capability: return "CAPABILITY"
        case .noop: return "NOOP"
        case .logout: return "LOGOUT"
        case .login: return "LOGIN"
        case .authenticate: return "AUTHENTICATE"
        case .enable: return "ENABLE"
        case .select: return "SELECT"
        case .examine: return "EXAMINE"
        case .create: return "CREATE"
        case .delete: return "DELETE"
        case .rename: return "RENAME"
        case .list: return "LIST"
        case .status: return "STATUS"
        case .append: return "APPEND"
        case .check: return "CHECK"
        case .close: return "CLOSE"
        case .unselect: return "UNSELECT"
        case .expunge: return "EXPUNGE"
        case .uidExpunge: return "UID EXPUNGE"
        case .fetch(_, _, _, let uid): return uid ? "UID FETCH" : "FETCH"
        case .store(_, _, _, let uid): return uid ? "UID STORE" : "STORE"
        case .search(_, let uid): return uid ? "UID SEARCH" : "SEARCH"
        case .copy(_, _, let uid): return uid ? "UID COPY" : "COPY"
        case .move(_, _, let uid): return uid ? "UID MOVE" : "MOVE"
        case .idle: return "IDLE"
        }
    }
}

/// RFC 4466 §2.1 `select-param`, with RFC 7162's CONDSTORE and QRESYNC parameters.
public enum SelectParameter: Hashable, Sendable {
    /// RFC 7162 §3.1.8.
    case condstore
    /// RFC 7162 §3.2.5.
    case qresync(QResyncParameters)
}

/// RFC 7162 §3.2.5 and §7: `"QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids]
/// [SP seq-match-data] ")"`. known-uids and the two sets of seq-match-data never contain `*`;
/// they keep their written order because the client MUST send seq-match-data ascending (§3.2.5.2).
public struct QResyncParameters: Hashable, Sendable {
    public var uidValidity: UIDValidity
    public var modSeq: ModSeq
    public var knownUIDs: SequenceSet?
    public var sequenceMatch: SequenceMatchData?

    public init(uidValidity: UIDValidity, modSeq: ModSeq, knownUIDs: SequenceSet? = nil,
                sequenceMatch: SequenceMatchData? = nil) {
        self.uidValidity = uidValidity
        self.modSeq = modSeq
        self.knownUIDs = knownUIDs
        self.sequenceMatch = sequenceMatch
    }
}

/// RFC 7162 §3.2.5.2 `seq-match-data = "(" known-sequence-set SP known-uid-set ")"`.
public struct SequenceMatchData: Hashable, Sendable {
    public var knownSequenceSet: SequenceSet
    public var knownUIDSet: SequenceSet

    public init(knownSequenceSet: SequenceSet, knownUIDSet: SequenceSet) {
        self.knownSequenceSet = knownSequenceSet
        self.knownUIDSet = knownUIDSet
    }
}

/// `status-att`, RFC 3501 §6.3.10 and RFC 7162 §3.1.7, with RFC 9051 §6.3.11's DELETED and SIZE
/// (the latter from RFC 8438 STATUS=SIZE), RFC 8474 §4.2's MAILBOXID (OBJECTID) and RFC 7889
/// §3.1's APPENDLIMIT.
public enum StatusAttribute: String, Hashable, Sendable, CaseIterable {
    case messages = "MESSAGES"
    case recent = "RECENT"
    case uidNext = "UIDNEXT"
    case uidValidity = "UIDVALIDITY"
    case unseen = "UNSEEN"
    case highestModSeq = "HIGHESTMODSEQ"
    case deleted = "DELETED"
    case size = "SIZE"
    case mailboxID = "MAILBOXID"
    case appendLimit = "APPENDLIMIT"
}

/// `fetch-att`, RFC 3501 §6.4.5, with RFC 7162's MODSEQ; the macros ALL, FAST and FULL.
public enum FetchItem: Hashable, Sendable {
    case all, fast, full
    case uid, flags, modSeq, internalDate, rfc822Size, envelope, body, bodyStructure
    case rfc822, rfc822Header, rfc822Text
    /// `"BODY" [".PEEK"] section ["<" number "." nz-number ">"]`; `section` is the text between
    /// the brackets as written, e.g. "" or "HEADER.FIELDS (SUBJECT)".
    case bodySection(peek: Bool, section: String, partial: ClosedRange<UInt32>?)
    /// `"BINARY" [".PEEK"] section-binary [partial]`, RFC 9051 §6.4.5 (RFC 3516 §4.1); `section`
    /// is the `section-part` between the brackets ("" or "1.2").
    case binary(peek: Bool, section: String, partial: ClosedRange<UInt32>?)
    /// `"BINARY.SIZE" section-binary`, RFC 9051 §6.4.5.
    case binarySize(section: String)
    /// A data item of an extension that reads the message without changing it and takes no
    /// argument (`FetchItem.readOnlyExtensionItems`): EMAILID, THREADID (RFC 8474), SAVEDATE
    /// (RFC 8514), PREVIEW (RFC 8970), Gmail's X-GM-MSGID, X-GM-THRID and X-GM-LABELS.
    case extensionItem(String)

    /// The extension data items `extensionItem` holds, by their upper-case names.
    public static let readOnlyExtensionItems: Set<String> = [
        "EMAILID", "THREADID", "SAVEDATE", "PREVIEW", "X-GM-MSGID", "X-GM-THRID", "X-GM-LABELS",
    ]

    /// Whether fetching this item sets `\Seen` implicitly (RFC 3501 §6.4.5: BODY[...] without
    /// .PEEK, RFC822, RFC822.TEXT; RFC 9051 §6.4.5: BINARY[...] without .PEEK).
    public var setsSeen: Bool {
        switch self {
        case .rfc822, .rfc822Text: return true
        case .bodySection(let peek, _, _), .binary(let peek, _, _): return !peek
        default: return false
        }
    }
}

/// RFC 4466 `fetch-modifier`, RFC 7162 §3.1.4.1 and §3.2.6.
public enum FetchModifier: Hashable, Sendable {
    /// `"CHANGEDSINCE" SP mod-sequence-value` (zero is not allowed).
    case changedSince(ModSeq)
    /// `"VANISHED"`, UID FETCH only.
    case vanished
}

/// RFC 4466 `store-modifier`, RFC 7162 §3.1.3.
public enum StoreModifier: Hashable, Sendable {
    /// `"UNCHANGEDSINCE" SP mod-sequence-valzer`.
    case unchangedSince(ModSeqOrZero)
}

/// `store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))`.
public struct StoreAction: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case replace = "FLAGS", add = "+FLAGS", remove = "-FLAGS"
    }

    public var kind: Kind
    public var silent: Bool
    public var flags: [Flag]

    public init(_ kind: Kind, silent: Bool = false, flags: [Flag]) {
        self.kind = kind
        self.silent = silent
        self.flags = flags
    }
}

/// A SEARCH or UID SEARCH, RFC 3501 §6.4.4, RFC 4731 (RETURN) and RFC 7162 §3.1.5 (MODSEQ).
public struct SearchCommand: Hashable, Sendable {
    /// nil when no `RETURN (...)` was given; an empty array for `RETURN ()`.
    public var returnOptions: [SearchReturnOption]?
    public var charset: String?
    /// The keys, implicitly ANDed.
    public var keys: [SearchKey]

    public init(returnOptions: [SearchReturnOption]? = nil, charset: String? = nil, keys: [SearchKey]) {
        self.returnOptions = returnOptions
        self.charset = charset
        self.keys = keys
    }
}

/// RFC 4731 §3.1 `search-return-opt`.
public enum SearchReturnOption: String, Hashable, Sendable, CaseIterable {
    case min = "MIN", max = "MAX", all = "ALL", count = "COUNT", save = "SAVE"
}

/// `search-key`, RFC 3501 §6.4.4 and §9 (every key of the grammar), plus RFC 7162 §3.1.5's
/// `search-modsequence`. Text arguments (`astring`) are decoded as UTF-8.
public indirect enum SearchKey: Hashable, Sendable {
    case all
    case answered, deleted, draft, flagged, new, old, recent, seen
    case unanswered, undeleted, undraft, unflagged, unseen
    case keyword(Flag)
    case unkeyword(Flag)
    case sequenceSet(SequenceSet)
    case uid(SequenceSet)
    case not(SearchKey)
    case or(SearchKey, SearchKey)
    /// A parenthesised list, ANDed.
    case and([SearchKey])
    /// `"MODSEQ" [search-modseq-ext] SP mod-sequence-valzer`.
    case modSeq(entry: ModSeqEntry?, ModSeqOrZero)
    /// `"BCC" SP astring` and the other address and text keys of RFC 3501 §6.4.4.
    case bcc(String)
    case body(String)
    case cc(String)
    case from(String)
    case subject(String)
    case text(String)
    case to(String)
    /// `"HEADER" SP header-fld-name SP astring`.
    case header(String, String)
    /// `"BEFORE" SP date`: internal date earlier than the date.
    case before(SearchDate)
    case on(SearchDate)
    case since(SearchDate)
    /// `"SENTBEFORE" SP date`: Date: header earlier than the date.
    case sentBefore(SearchDate)
    case sentOn(SearchDate)
    case sentSince(SearchDate)
    /// `"LARGER" SP number`: RFC 822 size larger than the number of octets.
    case larger(UInt32)
    case smaller(UInt32)
    /// A key of an extension that selects messages by data the checker does not follow
    /// (`SearchKey.readOnlyExtensionKeys`), with its argument as written (an astring decoded):
    /// OLDER and YOUNGER (RFC 5032 §3), SAVEDBEFORE, SAVEDON, SAVEDSINCE and SAVEDATESUPPORTED
    /// (RFC 8514 §4), EMAILID and THREADID (RFC 8474 §7), Gmail's X-GM-RAW, X-GM-MSGID,
    /// X-GM-THRID and X-GM-LABELS.
    case extensionKey(name: String, argument: String?)

    /// What follows an extension key's name.
    public enum ExtensionArgument: Hashable, Sendable {
        /// Nothing (SAVEDATESUPPORTED).
        case none
        /// `SP nz-number` (OLDER, YOUNGER: seconds).
        case nzNumber
        /// `SP` digits up to 2^64-1 (Gmail's X-GM-MSGID and X-GM-THRID).
        case unsigned64
        /// `SP date` (SAVEDBEFORE, SAVEDON, SAVEDSINCE).
        case date
        /// `SP objectid` (EMAILID, THREADID).
        case objectID
        /// `SP astring` (X-GM-RAW, X-GM-LABELS).
        case astring
    }

    /// The extension keys `extensionKey` holds, by their upper-case names, with their arguments.
    public static let readOnlyExtensionKeys: [String: ExtensionArgument] = [
        "OLDER": .nzNumber, "YOUNGER": .nzNumber,
        "SAVEDBEFORE": .date, "SAVEDON": .date, "SAVEDSINCE": .date, "SAVEDATESUPPORTED": .none,
        "EMAILID": .objectID, "THREADID": .objectID,
        "X-GM-RAW": .astring, "X-GM-MSGID": .unsigned64, "X-GM-THRID": .unsigned64, "X-GM-LABELS": .astring,
    ]
}

/// RFC 7162 §3.1.5 `search-modseq-ext = SP entry-name SP entry-type-req`.
public struct ModSeqEntry: Hashable, Sendable {
    public enum EntryType: String, Hashable, Sendable, CaseIterable {
        case priv = "priv", shared = "shared", all = "all"
    }

    /// The entry name as sent (a quoted string on the wire), e.g. `/flags/\draft`.
    public var name: String
    public var type: EntryType

    public init(name: String, type: EntryType) {
        self.name = name
        self.type = type
    }
}
