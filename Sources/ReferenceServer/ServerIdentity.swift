import IMAPTypes

/// The reference server's advertised capabilities (RFC 7162 §3.1.1, §3.2.2, §3.2.3 require ENABLE
/// with QRESYNC; CONDSTORE is advertised as §3.2.2 recommends).
public enum ServerIdentity {
    public static let capabilities: [Capability] = [
        .imap4rev1, .enable, .condstore, .qresync, .uidplus, .move, .idle, .literalPlus, .esearch, .unselect,
    ]
}
