/// RFC 5162 (the original QRESYNC, obsoleted by RFC 7162): the sections whose statements RFC 7162
/// or the RFC 5162 errata changed, registered so that the `rfc4551+5162` edition can cite the
/// original text (see `RuleSwitch.originalRequirementIDs`). Every section listed is registered
/// completely: §1, §3.4 (CLOSE), §3.6 (VANISHED), §3.7 (CLOSED) and §5 (synchronization).
extension Registry {
    static let rfc5162: [Requirement] = [
        Requirement(
            "R5162-1#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "8c276ec7fcf1cd41", checkedAs: ["R7162-3.2.3#1"],
            "Original text: a QRESYNC server implements and advertises ENABLE (as R7162-3.2.3#1)."
        ),
        Requirement(
            "R5162-1#2", .should, .server, .oneSession, .checkerInvariant,
            fingerprint: "8ebefba2bd66a60c", checkedAs: ["R5162-3.6#2"],
            "Original text: after ENABLE QRESYNC the server should report removals with VANISHED instead of EXPUNGE (RFC 7162 makes this a MUST, R7162-3.2.3#3)."
        ),
        Requirement(
            "R5162-1#3", .should, .server, .oneSession, .checkerInvariant,
            fingerprint: "7b94687002c97364", checkedAs: ["R7162-3.2.2#1"],
            "Original text: a QRESYNC server should also advertise CONDSTORE (as R7162-3.2.2#1)."
        ),
        Requirement(
            "R5162-1#4", .must, .client, .oneSession, .checkerInvariant,
            fingerprint: "5ba5b45c5001b378",
            "Original text: a client using QRESYNC sends ENABLE QRESYNC once authenticated (as R7162-3.2.3#4)."
        ),
        Requirement(
            "R5162-1#5", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "7f333a1c52147d72",
            "Original text: the QRESYNC parameter or VANISHED modifier gets a tagged BAD unless ENABLE QRESYNC was issued; an ENABLED reply is not required (RFC 7162 requires it, R7162-3.2.3#5, erratum 1365)."
        ),
        Requirement(
            "R5162-1#6", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "7682b2e946ef7f3c", checkedAs: ["R7162-3.2.7#1", "R7162-3.2.9#1"],
            "Original text: expunging by EXPUNGE, UID EXPUNGE or CLOSE raises the mailbox's mod-sequence, tied to the expunged UIDs (RFC 7162 adds MOVE, R7162-3.2#1)."
        ),
        Requirement(
            "R5162-3.4#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "0abbdf9e1ceb20ab",
            "Original text: a CLOSE that removes messages raises the mailbox's mod-sequence (as R7162-3.2.8#1)."
        ),
        Requirement(
            "R5162-3.4#2", .must, .server, .serverInternal, .notCheckable(reason: "What the server remembers is internal, and a server that forgets may report all expunged UIDs instead, so no trace shows a breach."),
            fingerprint: "c11e677621b08f6a",
            "Original text: the server remembers the new mod-sequence with each UID the CLOSE removed (as R7162-3.2.8#2)."
        ),
        Requirement(
            "R5162-3.4#3", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "fee4cd739c6a061c",
            "Original text: the tagged OK of a CLOSE that removed messages carries HIGHESTMODSEQ (reversed by erratum 1808 and R7162-3.2.8#3)."
        ),
        Requirement(
            "R5162-3.6#1", .mustNot, .client, .clientSide, .notCheckable(reason: "A duty of the client's bookkeeping; the checker follows it when it tracks sequence numbers, but a server cannot break it."),
            fingerprint: "5c43f7474d52addb",
            "Original text: a client does not shift message numbers on VANISHED (EARLIER) (as R7162-3.2.10.1#1)."
        ),
        Requirement(
            "R5162-3.6#2", .should, .server, .oneSession, .checkerInvariant,
            fingerprint: "7d7ddb6ef2c57f31",
            "Original text: after ENABLE QRESYNC the server should use plain VANISHED instead of EXPUNGE (RFC 7162 makes this a MUST, R7162-3.2.10#1)."
        ),
        Requirement(
            "R5162-3.6#3", .should, .server, .oneSession, .checkerInvariant,
            fingerprint: "ebcdb49e435adaa4", checkedAs: ["R5162-3.6#2"],
            "Original text: the server should keep using VANISHED for the rest of the connection (RFC 7162 states it as a consequence of the MUST)."
        ),
        Requirement(
            "R5162-3.6#4", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "48d49cdd2ea8208f", checkedAs: ["R7162-3.2.10#2"],
            "Original text: a VANISHED that replaces EXPUNGE never carries EARLIER (as R7162-3.2.10#2)."
        ),
        Requirement(
            "R5162-3.6#5", .should, .server, .oneSession, .checkerInvariant,
            fingerprint: "47b13444d6193aea",
            "Original text: a plain VANISHED should name only UIDs expunged since the last report or since the mailbox was opened (RFC 7162 makes the visibility rule a MUST, R7162-3.2.10.2#3, erratum 3322)."
        ),
        Requirement(
            "R5162-3.6#6", .shouldNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "bc8d96e99dff67f1", checkedAs: ["R5162-3.6#5"],
            "Original text: a plain VANISHED should not repeat UIDs already reported as expunged (a MUST NOT in R7162-3.2.10.2#4)."
        ),
        Requirement(
            "R5162-3.6#7", .should, .client, .clientSide, .notCheckable(reason: "A duty of the client's bookkeeping; the checker keeps its count right even for repeated UIDs, but a server cannot break it."),
            fingerprint: "916ada3b8d2f2887",
            "Original text: clients must keep the message count right even when a server repeats UIDs against the advice above."
        ),
        Requirement(
            "R5162-3.6#8", .mustNot, .server, .oneSession, .modelRule,
            fingerprint: "e50ea7c8a268d7cb",
            "Original text: UIDs due to UID FETCH (VANISHED) or a QRESYNC open never share a VANISHED response with UIDs expunged now (as R7162-3.2.10#3)."
        ),
        Requirement(
            "R5162-3.6#9", .must, .server, .oneSession, .modelRule,
            fingerprint: "4675c8d6df2d8657",
            "Original text: such UIDs go in two separate VANISHED responses, one with EARLIER and one without."
        ),
        Requirement(
            "R5162-3.6#10", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "03be326407cbca70", checkedAs: ["R7162-3.2.10.2#5"],
            "Original text: no plain VANISHED while no command is in progress, nor during FETCH, STORE or SEARCH (as R7162-3.2.10.2#5)."
        ),
        Requirement(
            "R5162-3.6#11", .may, .server, .oneSession, .checkerInvariant,
            fingerprint: "4222231401c20984",
            "Original text: a plain VANISHED may be sent during a UID command (as R7162-3.2.10.2#6)."
        ),
        Requirement(
            "R5162-3.6#12", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "c48c5de9b7dd1ce9", checkedAs: ["R7162-3.2.10.2#7"],
            "Original text: no plain VANISHED during a UID SEARCH that uses message numbers (as R7162-3.2.10.2#7)."
        ),
        Requirement(
            "R5162-3.6#13", .must, .client, .clientSide, .notCheckable(reason: "A duty of the client's bookkeeping; the checker follows it when it tracks sequence numbers, but a server cannot break it."),
            fingerprint: "dcd31e3a5d4c321a",
            "Original text: the client applies every plain VANISHED it receives (as R7162-3.2.10.2#8)."
        ),
        Requirement(
            "R5162-3.7#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "3068255e197006d7",
            "Original text: a QRESYNC server sends CLOSED when SELECT or EXAMINE implicitly closes the selected mailbox; a CONDSTORE-only server need not (RFC 7162 extends it to CONDSTORE, R7162-3.2.11#L1)."
        ),
        Requirement(
            "R5162-5#1", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show."),
            fingerprint: "e795d260816c872d",
            "Original text: after synchronizing, the client stores the HIGHESTMODSEQ it received (as R7162-6#2)."
        ),
        Requirement(
            "R5162-5#2", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show."),
            fingerprint: "bb31998672cadba0",
            "Original text: the client replaces its stored HIGHESTMODSEQ with each newer HIGHESTMODSEQ code (as R7162-6#3)."
        ),
        Requirement(
            "R5162-5#3", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show."),
            fingerprint: "33cf426640e64232",
            "Original text: after a full synchronization the client tracks unsolicited MODSEQ FETCH items (RFC 7162 adds HIGHESTMODSEQ codes, R7162-6#4)."
        ),
        Requirement(
            "R5162-5#4", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show; the checker's own client view follows it."),
            fingerprint: "94757b8d6f0b856f",
            "Original text: the client takes the highest MODSEQ seen since the last tagged response if it exceeds its stored value, with no rule for a HIGHESTMODSEQ code (RFC 7162 adds R7162-6#5, erratum 1809)."
        ),
        Requirement(
            "R5162-5#5", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show."),
            fingerprint: "35d5c783615291fa",
            "Original text: a client answered with NOMODSEQ on a QRESYNC open drops its stored HIGHESTMODSEQ (as R7162-6#7)."
        ),
        Requirement(
            "R5162-5#6", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache and pending actions, which a protocol trace does not show."),
            fingerprint: "c6f58edbf736adfe",
            "Original text: on a changed UIDVALIDITY the client empties its cache for the mailbox and forgets its HIGHESTMODSEQ (as R7162-6#8)."
        ),
    ]
}
