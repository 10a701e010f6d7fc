import IMAPTypes

/// A message's flags as the model knows them: exactly, or not at all.
///
/// Flags are deterministic given the commands (RFC 3501 §6.4.6), so in a closed world they become
/// exact as soon as they are observed once; only a message never fetched has unknown flags.
public typealias FlagSet = Set<Flag>

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

    /// Whether UNCHANGEDSINCE 0 must fail for every message: a system flag always exists
    /// (RFC 7162 §3.1.3), and so does any keyword already set.
    public var touchesSystemFlag: Bool { flags.contains { $0.isSystem } || kind == .replace }
}
