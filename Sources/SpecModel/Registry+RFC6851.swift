/// RFC 6851 (MOVE): the semantics of MOVE (§3.3) and its interaction with QRESYNC (§4.4), which
/// RFC 7162 §3.2 relies on when it counts MOVE among the expunging commands.
extension Registry {
    static let rfc6851: [Requirement] = [
        Requirement(
            "R6851-3.3#1", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "bed6aa7778b53c42",
            "MOVE produces no STORE side effects: no FETCH for \\Deleted and no message gets \\Deleted."
        ),
        Requirement(
            "R6851-3.3#2", .should, .server, .twoSessions, .modelRule,
            fingerprint: "b92ae334a84f8231",
            "Even when MOVE fails partway, each message should be either moved or untouched."
        ),
        Requirement(
            "R6851-3.3#3", .must, .server, .twoSessions, .modelRule,
            fingerprint: "4764d9c538228b70",
            "MOVE never loses a message: each one ends up in the source or the target mailbox."
        ),
        Requirement(
            "R6851-3.3#4", .shouldNot, .server, .twoSessions, .modelRule,
            fingerprint: "88e844b10ab40fd3",
            "MOVE should not leave a message in both mailboxes, even when it fails."
        ),
        Requirement(
            "R6851-3.3#L1", .may, .server, .oneSession, .checkerInvariant,
            fingerprint: "89e9a9de0956cb36", spelling: .lowerCasePlainlyMeant,
            "MOVE may be accompanied by EXPUNGE responses for unrelated messages expunged meanwhile."
        ),
        Requirement(
            "R6851-3.3#L2", .may, .server, .oneSession, .checkerInvariant,
            fingerprint: "72ce601f87d9f715", spelling: .lowerCasePlainlyMeant,
            "The EXPUNGE or VANISHED responses of a MOVE may come before its tagged response."
        ),
        Requirement(
            "R6851-4.4#1", .should, .server, .oneSession, .checkerInvariant,
            fingerprint: "a3e34081034c5deb", checkedAs: ["R7162-3.2.10.2#1", "R5162-3.6#2"],
            "Restates the QRESYNC rule that removals are reported with VANISHED instead of EXPUNGE; it applies to MOVE too."
        ),
        Requirement(
            "R6851-4.4#2", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "7e3b151f34bed655",
            "A MOVE that moves at least one message raises the source mailbox's mod-sequence (when the mailbox keeps mod-sequences)."
        ),
        Requirement(
            "R6851-4.4#3", .must, .server, .serverInternal, .notCheckable(reason: "What the server remembers is internal, and RFC 7162 section 5.1 lets a server that forgets report all expunged UIDs instead, so no trace shows a breach."),
            fingerprint: "c11e677621b08f6a",
            "The server remembers the new mod-sequence together with the UID of each moved message."
        ),
        Requirement(
            "R6851-4.4#4", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "bd02d80eba9e1a1d",
            "A MOVE that moved messages reports the new mailbox mod-sequence as HIGHESTMODSEQ in a tagged or untagged OK."
        ),
        Requirement(
            "R6851-4.4#5", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "0f971300f0e06518",
            "Messages moved into a mailbox get mod-sequences above every mod-sequence that mailbox held before."
        ),
    ]
}
