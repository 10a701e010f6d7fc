/// RFC 4315 (UIDPLUS) §2.1, UID EXPUNGE. The section has no upper-case keyword; its effect on
/// mod-sequences and VANISHED under QRESYNC is registered as RFC 7162 §3.2.9 (R7162-3.2.9#L1 makes
/// a server with both extensions implement UID EXPUNGE as described there). What remains are the
/// plainly meant client fallbacks for servers without UIDPLUS.
extension Registry {
    static let rfc4315: [Requirement] = [
        Requirement(
            "R4315-2.1#L1", .should, .client, .oneSession, .notCheckable(reason: "A fallback for servers without UIDPLUS; the project's servers and generator use UID EXPUNGE only where UIDPLUS is advertised, and a trace does not show why a client chose its commands."),
            fingerprint: "05fece570db31de1", spelling: .lowerCasePlainlyMeant,
            "Without UIDPLUS, a client should clear \\Deleted on the messages it wants to keep before EXPUNGE."
        ),
        Requirement(
            "R4315-2.1#L2", .should, .client, .oneSession, .notCheckable(reason: "A fallback for servers without UIDPLUS; a trace does not show which flags the client cleared on purpose."),
            fingerprint: "0b1ae7d345ffe978", spelling: .lowerCasePlainlyMeant,
            "After that EXPUNGE, the client should set \\Deleted again on those messages."
        ),
        Requirement(
            "R4315-2.1#L3", .may, .client, .oneSession, .notCheckable(reason: "A permission for the client; every choice conforms."),
            fingerprint: "22a7e73024e62188", spelling: .lowerCasePlainlyMeant,
            "A client may instead just EXPUNGE and accept removing messages others marked."
        ),
    ]
}
