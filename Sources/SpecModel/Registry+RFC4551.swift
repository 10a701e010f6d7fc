/// RFC 4551 (the original CONDSTORE, obsoleted by RFC 7162): the sections whose statements RFC 7162
/// changed, registered so that the `rfc4551+5162` edition can cite the original text (see
/// `RuleSwitch.originalRequirementIDs`). Every section listed is registered completely: §1
/// (mod-sequences, 64-bit), §3.1, §3.1.1 and §3.1.2 (HIGHESTMODSEQ and NOMODSEQ on every SELECT).
extension Registry {
    static let rfc4551: [Requirement] = [
        Requirement(
            "R4551-1#1", .must, .server, .oneSession, .grammar,
            fingerprint: "70949ee9f91130e8",
            "Original text: every message carries a positive mod-sequence of up to 64 bits (RFC 7162 narrows it to 63 bits, R7162-3.1#1)."
        ),
        Requirement(
            "R4551-1#2", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "b9b3b1516ff92839",
            "Original text: two different STORE commands on one mailbox never end with the same mod-sequence (as R7162-3.1#2)."
        ),
        Requirement(
            "R4551-1#3", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "869fb7a69d70f7ca",
            "Original text: within one session and mailbox, a later successful STORE gets a higher mod-sequence (as R7162-3.1#3)."
        ),
        Requirement(
            "R4551-1#4", .must, .server, .oneSession, .modelRule,
            fingerprint: "89ab73bcf273cc7b",
            "Original text: a real flag change gives the message a new mod-sequence (as R7162-3.1#4)."
        ),
        Requirement(
            "R4551-1#5", .shouldNot, .server, .oneSession, .modelRule,
            fingerprint: "d427e2e951e5e467",
            "Original text: a no-op flag change should not change the mod-sequence (as R7162-3.1#5)."
        ),
        Requirement(
            "R4551-1#6", .may, .server, .serverInternal, .notCheckable(reason: "A permission about how the server stores mod-sequences; every choice conforms and no response shows which was made."),
            fingerprint: "b644d2c52254425e",
            "Original text: per-item mod-sequences are allowed (as R7162-3.1#6)."
        ),
        Requirement(
            "R4551-1#7", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "f0355c96b8593fd0",
            "Original text: after a CONDSTORE enabling command every later untagged FETCH carries MODSEQ (as R7162-3.1#7)."
        ),
        Requirement(
            "R4551-1#8", .must, .server, .oneSession, .modelRule,
            fingerprint: "040a67b2b1236912",
            "Original text: the first CONDSTORE enabling command of the session makes the server report HIGHESTMODSEQ unless NOMODSEQ was sent (RFC 7162 adds \"with a mailbox selected\", R7162-3.1#8)."
        ),
        Requirement(
            "R4551-3.1#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "ad10e87dd77c2866",
            "Original text: every successful SELECT or EXAMINE carries HIGHESTMODSEQ or NOMODSEQ, with or without a CONDSTORE enabling command first (RFC 7162 requires it only after one, R7162-3.1.2#1)."
        ),
        Requirement(
            "R4551-3.1#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "54355e3ee5b56f04",
            "Original text: a mailbox with persistent mod-sequences is answered with HIGHESTMODSEQ on open (as R7162-3.1.2#2)."
        ),
        Requirement(
            "R4551-3.1#3", .must, .server, .oneSession, .modelRule,
            fingerprint: "c5c749bf44cb4451",
            "Original text: a mailbox without persistent mod-sequences is answered with NOMODSEQ on open (as R7162-3.1.2#3)."
        ),
        Requirement(
            "R4551-3.1.1#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "2eda070375443499",
            "Original text: HIGHESTMODSEQ accompanies every successful SELECT or EXAMINE of a mailbox with persistent mod-sequences, enabling command or not (RFC 7162: only after one, R7162-3.1.2.1#1)."
        ),
        Requirement(
            "R4551-3.1.1#2", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show."),
            fingerprint: "970c2ba049e75a37",
            "Original text: a client drops its cached HIGHESTMODSEQ when UIDVALIDITY changes (as R7162-3.1.2.1#2)."
        ),
        Requirement(
            "R4551-3.1.1#3", .may, .client, .clientSide, .notCheckable(reason: "A permission for the client; every choice conforms."),
            fingerprint: "97b60918db0798f5",
            "Original text: a client may search with MODSEQ to find what changed (as R7162-3.1.2.1#3)."
        ),
        Requirement(
            "R4551-3.1.1#4", .may, .client, .clientSide, .notCheckable(reason: "A permission for the client; every choice conforms."),
            fingerprint: "861f52d59783f772",
            "Original text: a client may fetch with CHANGEDSINCE instead (as R7162-3.1.2.1#4)."
        ),
        Requirement(
            "R4551-3.1.2#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "1e5eb8e2f59b7e77",
            "Original text: NOMODSEQ accompanies every successful SELECT or EXAMINE of a mailbox without persistent mod-sequences, enabling command or not (RFC 7162: only after one, R7162-3.1.2.2#1)."
        ),
        Requirement(
            "R4551-3.1.2#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "58d4d886a911b284",
            "Original text: after NOMODSEQ, CHANGEDSINCE, MODSEQ and UNCHANGEDSINCE commands get a tagged BAD (as R7162-3.1.2.2#2)."
        ),
    ]
}
