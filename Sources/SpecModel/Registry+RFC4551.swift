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
            fingerprint: "b9b3b1516ff92839", checkedAs: ["R7162-3.1#4"],
            "Original text: two different STORE commands on one mailbox never end with the same mod-sequence (as R7162-3.1#2)."
        ),
        Requirement(
            "R4551-1#3", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "869fb7a69d70f7ca", checkedAs: ["R7162-3.1#4"],
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
            fingerprint: "f0355c96b8593fd0", checkedAs: ["R7162-3.1#7"],
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
        Requirement(
            "R4551-3.2#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "8027ca6f2bf004c8",
            "Original text: a conditional STORE that succeeds for a message updates its mod-sequence (as R7162-3.1.3#1)."
        ),
        Requirement(
            "R4551-3.2#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "09aeddacc98dafc8",
            "Original text: each message a conditional STORE changes is reported in an untagged FETCH with MODSEQ, also with .SILENT (as R7162-3.1.3#2)."
        ),
        Requirement(
            "R4551-3.2#3", .mustNot, .server, .oneSession, .modelRule,
            fingerprint: "97a5650fd06c1563",
            "Original text: a message whose mod-sequence is above the UNCHANGEDSINCE value is left unchanged (as R7162-3.1.3#3; the pass sentence before it, 'any metadata item ... equal or less', contradicts it without a keyword, RFC 7162 Appendix A item 4)."
        ),
        Requirement(
            "R4551-3.2#4", .must, .server, .oneSession, .modelRule,
            fingerprint: "1ac33fab4827b5c5",
            "Original text: the tagged response of a conditional STORE with failures carries MODIFIED listing them (as R7162-3.1.3#4)."
        ),
        Requirement(
            "R4551-3.2#5", .should, .server, .oneSession, .notCheckable(reason: "Mentions the SHOULD of RFC 3501 section 6.4.6 as the caption of an example; the duty itself is registered and checked as R3501-6.4.6#2."),
            fingerprint: "683f9c1ec50b46b6",
            "Original text: caption of an example whose server follows RFC 3501's advice to report flags a STORE did not change (as R7162-3.1.3#5)."
        ),
        Requirement(
            "R4551-3.2#6", .must, .server, .oneSession, .modelRule,
            fingerprint: "bfaa263857ab2297",
            "Original text: a system flag counts as existing whether set or not (as R7162-3.1.3#6)."
        ),
        Requirement(
            "R4551-3.2#7", .should, .server, .twoSessions, .modelRule,
            fingerprint: "7d1783294d8a456e",
            "Original text: no spurious MODIFIED for +FLAGS/-FLAGS conditional STOREs, even with one mod-sequence per message (as R7162-3.1.3#8)."
        ),
        Requirement(
            "R4551-3.2#8", .should, .client, .clientSide, .notCheckable(reason: "Concerns the client's follow-up after MODIFIED; whether it checked is a judgement no trace records."),
            fingerprint: "cc6bb9a33e8a1caf",
            "Original text: after MODIFIED without an unsolicited FETCH, the client checks with FETCH or NOOP whether the items changed (as R7162-3.1.3#9)."
        ),
        Requirement(
            "R4551-3.2#9", .recommended, .server, .oneSession, .modelRule,
            fingerprint: "6e75f1be1f6f9262",
            "Original text: the server is advised to send unsolicited FETCH responses for messages that failed the test (as R7162-3.1.3#10)."
        ),
        Requirement(
            "R4551-3.2#10", .should, .client, .clientSide, .notCheckable(reason: "Concerns the client's follow-up after MODIFIED; whether a retry was warranted depends on state the trace does not fix."),
            fingerprint: "33d8346a59c0b30a",
            "Original text: if the watched items did not change, the client retries with the new mod-sequence (as R7162-3.1.3#11)."
        ),
        Requirement(
            "R4551-3.2#11", .should, .client, .clientSide, .notCheckable(reason: "A client's retry policy; a trace shows at most the retries made, not the limit configured."),
            fingerprint: "18e1dfbc5091c830",
            "Original text: the client allows a configurable, reasonable number of retries, at least 2 (dropped by RFC 7162)."
        ),
        Requirement(
            "R4551-3.2#12", .mustNot, .server, .oneSession, .modelRule,
            fingerprint: "8d80a40855f2b21b",
            "Original text: a message listed more than once must not fail on a later occurrence after succeeding on the first (as R7162-3.1.3#13)."
        ),
        Requirement(
            "R4551-3.2#13", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "6a6936cf02b98113", checkedAs: ["R7162-3.1#7"],
            "Original text: after a STORE with UNCHANGEDSINCE, every later unsolicited FETCH carries MODSEQ (RFC 7162 states it for every CONDSTORE enabling command, R7162-3.1#7)."
        ),
        Requirement(
            "R4551-3.2#14", .must, .server, .oneSession, .modelRule,
            fingerprint: "f419061d2745b189",
            "Original text: a STORE that succeeds for a message updates its mod-sequence (as R7162-3.1.3#14)."
        ),
        Requirement(
            "R4551-3.2#15", .required, .server, .twoSessions, .checkerInvariant,
            fingerprint: "1af2e23db2980cae", checkedAs: ["R7162-3.1#7"],
            "Original text: an unsolicited FETCH sent to a CONDSTORE-aware client with the mailbox open includes the mod-sequence (as R7162-3.1.3#15)."
        ),
    ]
}
