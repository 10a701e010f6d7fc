/// RFC 5161 (ENABLE): the ENABLE command (§3.1), the ENABLED response (§3.2) and the case rule of
/// its grammar (§4), which QRESYNC's activation depends on (RFC 7162 §3.2.3).
extension Registry {
    static let rfc5161: [Requirement] = [
        Requirement(
            "R5161-1#D1", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "abcf532389a53fb5", spelling: .definition,
            "A response of an extension that needs enabling (QRESYNC's VANISHED) is not sent to a client that has not enabled it (for IMAP4rev2 servers also RFC 9051 §7)."
        ),
        Requirement(
            "R5161-3.1#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "2083453c0d0817f7",
            "ENABLE ignores a name that is not an extension the server knows."
        ),
        Requirement(
            "R5161-3.1#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "b4db4dcc6e4c3a0d",
            "ENABLE ignores a known extension that is not meant to be enabled by ENABLE."
        ),
        Requirement(
            "R5161-3.1#3", .must, .server, .oneSession, .modelRule,
            fingerprint: "8a6727d64f59e677",
            "ENABLE turns on a supported extension that needs enabling, for the rest of the connection."
        ),
        Requirement(
            "R5161-3.1#4", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "de0e24a6a80dde94",
            "A successful ENABLE is answered with an untagged ENABLED response."
        ),
        Requirement(
            "R5161-3.1#5", .should, .client, .oneSession, .checkerInvariant,
            fingerprint: "eddd308d48a1a967",
            "A client should name in ENABLE only extensions that need enabling."
        ),
        Requirement(
            "R5161-3.1#6", .mustNot, .client, .oneSession, .checkerInvariant,
            fingerprint: "46130d99a68254c5",
            "A client does not send ENABLE once it has selected or examined a mailbox; servers need not check this."
        ),
        Requirement(
            "R5161-3.1#7", .should, .server, .oneSession, .modelRule,
            fingerprint: "73ae9ba52b2ddf18",
            "With several ENABLE commands, each ENABLED response should list only what its own command enabled."
        ),
        Requirement(
            "R5161-3.1#8", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "4fd32c249e31f4ee",
            "ENABLE does not change the capability list: CAPABILITY reports the same before and after."
        ),
        Requirement(
            "R5161-3.2#D1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "ae0f7d8b682dd101", spelling: .definition,
            "ENABLED lists only extensions the server supports and this ENABLE turned on (what it asked for; CONDSTORE too when it asked for QRESYNC, RFC 7162 §3.2.3)."
        ),
        Requirement(
            "R5161-3.2#L1", .may, .server, .oneSession, .modelRule,
            fingerprint: "cdb0197b449631da", spelling: .lowerCasePlainlyMeant,
            "The ENABLED response may list nothing, meaning no requested extension was enabled."
        ),
        Requirement(
            "R5161-4#1", .must, .both, .oneSession, .grammar,
            fingerprint: "7298278bbfd14394",
            "Capability names in ENABLE and ENABLED are matched without regard to case."
        ),
    ]
}
