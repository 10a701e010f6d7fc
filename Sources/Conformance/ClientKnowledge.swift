import IMAPTypes
import SpecModel

/// What one fuzzing client knows, learned only from the server's responses: its state, the
/// selected mailbox's message sequence with UIDs, flags and mod-sequences, and a cache per mailbox
/// for resynchronising after a reconnect (RFC 7162 §6). The generator draws arguments from it.
public struct ClientKnowledge: Sendable {
    public struct Message: Sendable {
        public var uid: UInt32?
        public var flags: FlagSet?
        public var modSeq: UInt64?
    }

    /// A disconnected client's cache of one mailbox (RFC 7162 §6).
    public struct Cache: Sendable {
        public var uidValidity: UInt32
        public var highestModSeq: UInt64
        public var uids: [UInt32]
    }

    public var authenticated = false
    public var condstore = false
    public var qresync = false
    public var selected: MailboxName?
    public var readOnly = false
    public var messages: [Message] = []
    public var uidValidity: UInt32?
    public var uidNext: UInt32?
    public var highestModSeq: UInt64?
    public var noModSeq = false
    public var caches: [MailboxName: Cache] = [:]
    /// The capabilities listed after login (RFC 3501 §6.2.3: they may change then), the ones the
    /// generator goes by; nil until a list of the authenticated state is seen. They outlive a
    /// reconnection: they are the server's, not the connection's.
    public var loginCapabilities: Set<Capability>?
    /// A CAPABILITY command was sent after login (a server whose LOGIN answer lists nothing).
    public var askedCapabilities = false
    private var loggingIn = false

    /// Whether the server offers `cap` by its list after login (none seen yet: assumed).
    public func offers(_ cap: Capability) -> Bool { loginCapabilities?.contains(cap) ?? true }
    /// Whether mod-sequences exist at all: CONDSTORE is present only in a server that lists it, or
    /// QRESYNC, which implies it (RFC 7162 §3.1.1, §3.2.3).
    public var offersModSeqs: Bool { offers(.condstore) || offers(.qresync) }
    /// A server that listed its capabilities without QRESYNC: a CONDSTORE-only one, or neither.
    public var serverLacksQResync: Bool { !offers(.qresync) }
    /// Mod-sequences seen anywhere (drawn from for CHANGEDSINCE, UNCHANGEDSINCE, SEARCH MODSEQ).
    public var seenModSeqs: [UInt64] = []
    private var pendingSelect: (MailboxName, Bool)?
    private var pendingEnable: [Capability] = []

    public init() {}

    /// Called before a command is sent.
    public mutating func sending(_ command: Command) {
        switch command {
        case .select(let m, let p), .examine(let m, let p):
            var ro = false
            if case .examine = command { ro = true }
            if selected != nil { saveCache() }
            pendingSelect = (m, ro)
            uidValidity = nil
            highestModSeq = nil
            noModSeq = false
            if !p.isEmpty, offersModSeqs { condstore = true }
        case .enable(let caps):
            pendingEnable = caps
        case .login:
            loggingIn = true
        case .capability:
            if authenticated { askedCapabilities = true }
        default:
            break
        }
    }

    /// Updates what the client knows from one response.
    public mutating func learn(_ r: ServerResponse) {
        switch r {
        case .untagged(let u):
            switch u {
            case .capability(let caps):
                listed(caps)
            case .enabled(let caps):
                if caps.contains(.qresync) { qresync = true; condstore = true }
                if caps.contains(.condstore) { condstore = true }
            case .exists(let n):
                if pendingSelect != nil {
                    messages = Array(repeating: Message(), count: Int(n))
                } else if Int(n) > messages.count {
                    messages += Array(repeating: Message(), count: Int(n) - messages.count)
                }
            case .expunge(let n):
                if Int(n.rawValue) <= messages.count { messages.remove(at: Int(n.rawValue) - 1) }
            case .vanished(let uids):
                messages.removeAll { m in m.uid.map { uids.contains($0) } ?? false }
            case .fetch(let n, let attrs):
                let i = Int(n.rawValue) - 1
                guard i >= 0, i < messages.count else { return }
                for a in attrs {
                    switch a {
                    case .uid(let u): messages[i].uid = u.rawValue
                    case .flags(let f): messages[i].flags = FlagSet(f)
                    case .modSeq(let m):
                        messages[i].modSeq = m.rawValue
                        remember(m.rawValue)
                    default: break
                    }
                }
            case .condition(_, let rt):
                switch rt.code {
                case .capability(let caps)?: listed(caps)
                case .highestModSeq(let m)?: highestModSeq = m.rawValue; remember(m.rawValue)
                case .noModSeq?: noModSeq = true
                case .uidValidity(let v)?: uidValidity = v.rawValue
                case .uidNext(let v)?: uidNext = v.rawValue
                case .closed?: messages = []
                default: break
                }
            case .search(_, let m?), .sort(_, let m?): remember(m.rawValue)
            default:
                break
            }
        case .tagged(_, let status, let rt):
            if case .highestModSeq(let m)? = rt.code { highestModSeq = m.rawValue; remember(m.rawValue) }
            if case .capability(let caps)? = rt.code, status == .ok || !loggingIn { listed(caps) }
            if let (m, ro) = pendingSelect {
                if status == .ok {
                    selected = m
                    readOnly = ro
                } else {
                    selected = nil
                    messages = []
                }
                pendingSelect = nil
            }
            if !pendingEnable.isEmpty, status == .ok, pendingEnable.contains(.condstore) { condstore = true }
            pendingEnable = []
        case .continuation:
            break
        }
    }

    /// A capability list: the one that counts once logged in (or logging in: LOGIN's OK may
    /// carry the list of the authenticated state, RFC 3501 §6.2.3). A list before login says
    /// nothing of what comes after.
    private mutating func listed(_ caps: [Capability]) {
        if authenticated || loggingIn { loginCapabilities = Set(caps) }
    }

    /// A command completed: CLOSE/UNSELECT/LOGOUT leave the mailbox, saving the cache.
    public mutating func completed(_ command: Command, status: TaggedStatus) {
        if case .login = command { loggingIn = false }
        switch command {
        case .login where status == .ok:
            authenticated = true
        case .close, .unselect, .logout:
            saveCache()
            selected = nil
            messages = []
            if case .logout = command { self = ClientKnowledge(keepingCachesOf: self) }
        default:
            break
        }
    }

    /// Saves the selected mailbox's cache (RFC 7162 §6): valid only when every UID is known and
    /// the UIDs ascend (RFC 3501 §2.3.1.1; a server that broke that leaves nothing to trust, and
    /// seq-match-data built from such a cache would break RFC 7162 §3.2.5.2).
    public mutating func saveCache() {
        let uids = messages.compactMap(\.uid)
        guard let m = selected, let uv = uidValidity, let h = highestModSeq, !noModSeq,
              uids.count == messages.count, zip(uids, uids.dropFirst()).allSatisfy({ $0 < $1 }) else { return }
        caches[m] = Cache(uidValidity: uv, highestModSeq: h, uids: uids)
    }

    private init(keepingCachesOf old: ClientKnowledge) {
        self.init()
        caches = old.caches
        seenModSeqs = old.seenModSeqs
        loginCapabilities = old.loginCapabilities
        askedCapabilities = old.askedCapabilities
    }

    private mutating func remember(_ m: UInt64) {
        if seenModSeqs.count >= 64 { seenModSeqs.removeFirst() }
        seenModSeqs.append(m)
    }

    public var knownUIDs: [UInt32] { messages.compactMap(\.uid) }
}
