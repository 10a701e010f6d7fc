import IMAPTypes

extension StoreAction {
    /// The flags after this STORE is applied to `old` (RFC 3501 §6.4.6: FLAGS replaces, +FLAGS adds,
    /// -FLAGS removes). `\Recent` is a session flag and never stored, so it is left as it was.
    public func apply(to old: FlagSet) -> FlagSet {
        let requested = FlagSet(flags.filter { $0.kind != .recent })
        switch kind {
        case .replace:
            return requested.union(old.filter { $0.kind == .recent })
        case .add:
            return old.union(requested)
        case .remove:
            return old.subtracting(requested)
        }
    }

    /// Whether applying this STORE to `old` changes any flag (RFC 7162 §3.1: only a change of state
    /// must update the mod-sequence; a no-op SHOULD NOT).
    public func changes(_ old: FlagSet) -> Bool {
        apply(to: old).filter { $0.kind != .recent } != old.filter { $0.kind != .recent }
    }

    /// The flags after a server that keeps only `kept` applies this STORE to `old`, ignoring the
    /// change of every other flag (one of the two choices RFC 3501 §7.1 gives it).
    public func apply(to old: FlagSet, kept: KeptFlags) -> FlagSet {
        let new = apply(to: old)
        guard !kept.keepsAll else { return new }
        return new.filter(kept.keeps).union(old.filter { !kept.keeps($0) })
    }

    /// Whether UNCHANGEDSINCE 0 must fail for every message: a system flag always exists
    /// (RFC 7162 §3.1.3), and so does any keyword already set.
    public var touchesSystemFlag: Bool { flags.contains { $0.isSystem } || kind == .replace }
}

/// The flags a server keeps when a client stores them, as its PERMANENTFLAGS response code lists
/// them (RFC 3501 §7.1). A STORE of any other flag "will either [be ignored] or store the state
/// change for the remainder of the current session only", so what it does to the message is the
/// server's choice. Without the response code, every flag is kept ("the client should assume that
/// all flags can be changed permanently").
public struct KeptFlags: Hashable, Sendable {
    /// Every flag is kept (no PERMANENTFLAGS was reported, or it listed `\*` and every system flag).
    public static let all = KeptFlags(listed: nil, anyKeyword: true)

    /// The flags listed; nil when every flag is kept.
    private let listed: FlagSet?
    /// `\*`: a keyword not yet listed is kept too.
    private let anyKeyword: Bool

    private init(listed: FlagSet?, anyKeyword: Bool) {
        self.listed = listed
        self.anyKeyword = anyKeyword
    }

    /// The flags of a PERMANENTFLAGS response code.
    public init(_ permanent: [PermanentFlag]) {
        var listed = FlagSet()
        var anyKeyword = false
        for p in permanent {
            switch p {
            case .flag(let f): listed.insert(f)
            case .wildcard: anyKeyword = true
            }
        }
        let everySystemFlag = Flag.storableSystemFlags.allSatisfy { listed.contains($0) }
        self = everySystemFlag && anyKeyword ? .all : KeptFlags(listed: listed, anyKeyword: anyKeyword)
    }

    public var keepsAll: Bool { listed == nil }

    /// The flags both keep: what a flag change certainly lasts in when two selections of a mailbox
    /// reported these two PERMANENTFLAGS.
    public func intersection(_ other: KeptFlags) -> KeptFlags {
        guard let mine = listed else { return other }
        guard let theirs = other.listed else { return self }
        return KeptFlags(listed: mine.filter(other.keeps).union(theirs.filter(keeps)), anyKeyword: anyKeyword && other.anyKeyword)
    }

    /// The flags of `flags` a STORE certainly changes for good (`\Recent` is never stored).
    public func lasting(_ flags: FlagSet) -> FlagSet { flags.filter { $0.kind != .recent && keeps($0) } }

    /// Whether the server may leave a STORE of `flag` undone (`\Recent` is never stored at all).
    public func mayDrop(_ flag: Flag) -> Bool { flag.kind != .recent && !keeps(flag) }

    /// Whether a STORE of `flag` certainly lasts.
    public func keeps(_ flag: Flag) -> Bool {
        guard let listed else { return true }
        return listed.contains(flag) || (anyKeyword && flag.kind == .keyword)
    }
}

extension StoreAction {
    /// Whether a server that keeps only `kept` may leave part of this STORE undone on a message
    /// with flags `old` (nil: unknown): a flag it names is not kept, or FLAGS would remove one.
    public func mayBeIgnored(on old: FlagSet?, _ kept: KeptFlags) -> Bool {
        guard !kept.keepsAll else { return false }
        if flags.contains(where: kept.mayDrop) { return true }
        guard kind == .replace else { return false }
        return old.map { $0.contains(where: kept.mayDrop) } ?? true
    }

    /// Whether this STORE changes `old` on a server that keeps only `kept`: true when a kept flag
    /// changes, nil when only flags the server may ignore would (RFC 3501 §7.1), false when none.
    public func changes(_ old: FlagSet, _ kept: KeptFlags) -> Bool? {
        guard changes(old) else { return false }
        guard mayBeIgnored(on: old, kept) else { return true }
        return kept.lasting(apply(to: old)) != kept.lasting(old) ? true : nil
    }
}

extension FlagSet {
    /// Whether the two sets hold the same flags, leaving out `\Recent` and flags not `kept` (a
    /// change of those may last only for one session, RFC 3501 §7.1).
    public func sameLastingFlags(as other: FlagSet, _ kept: KeptFlags) -> Bool {
        if kept.keepsAll { return equalsIgnoringRecent(other) }
        return kept.lasting(self) == kept.lasting(other)
    }
}
