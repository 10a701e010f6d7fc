/// RFC 3501 (IMAP4rev1): the base-protocol rules a CONDSTORE/QRESYNC model relies on: UIDs,
/// UIDNEXT and UIDVALIDITY (§2.3.1.1), sequence numbers (§2.3.1.2), logout and BYE (§3.4),
/// unsolicited updates (§5.2),
/// pipelining and ambiguity (§5.5), SELECT and EXAMINE (§6.3.1, §6.3.2), CLOSE (§6.4.2), STORE and
/// .SILENT (§6.4.6), UID commands (§6.4.8), EXISTS (§7.3.1) and EXPUNGE timing (§7.4.1). Every
/// section listed is registered completely (same ID rule as RFC 7162).
extension Registry {
    static let rfc3501: [Requirement] = [
        Requirement(
            "R3501-2.3.1.1#1", .mustNot, .server, .twoSessions, .checkerInvariant,
            fingerprint: "6fdbd2cd314ea873",
            "Together with UIDVALIDITY, a UID names one message of the mailbox (or of any later mailbox with that name) and never another, forever."
        ),
        Requirement(
            "R3501-2.3.1.1#2", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "8505194aa16adc23",
            "A message keeps its UID for the whole session, and should keep it across sessions."
        ),
        Requirement(
            "R3501-2.3.1.1#3", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "f2c388728212b9f9",
            "If UIDs change between sessions, UIDVALIDITY shows it."
        ),
        Requirement(
            "R3501-2.3.1.1#4", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "bb546feed66a3d39",
            "While UIDVALIDITY stays the same, the next UID value (UIDNEXT) obeys the two rules that follow."
        ),
        Requirement(
            "R3501-2.3.1.1#5", .mustNot, .server, .twoSessions, .checkerInvariant,
            fingerprint: "4d2e498b06f6fc7a",
            "UIDNEXT changes only when messages are added, and changes whenever they are, even if they were expunged again."
        ),
        Requirement(
            "R3501-2.3.1.1#6", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "780ee624d69acea9",
            "When UIDs did not survive from an earlier session, the new UIDVALIDITY is greater than the earlier one."
        ),
        Requirement(
            "R3501-2.3.1.1#7", .should, .server, .twoSessions, .checkerInvariant,
            fingerprint: "f1866f8c37ccb98d",
            "UIDs should always survive between sessions."
        ),
        Requirement(
            "R3501-2.3.1.1#8", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "f36291970ac4ad76",
            "UIDs ascend strictly with message order in the mailbox at all times."
        ),
        Requirement(
            "R3501-2.3.1.1#L1", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "1731146c9756c1c4", spelling: .lowerCasePlainlyMeant,
            "A store that cannot keep UIDs regenerates them for every session and gives every session a distinct UIDVALIDITY."
        ),
        Requirement(
            "R3501-2.3.1.1#L2", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "ecc05b5295bfdc5a", spelling: .lowerCasePlainlyMeant,
            "A mailbox deleted and created again under the same name either continues the old UIDs or gets a new UIDVALIDITY."
        ),
        Requirement(
            "R3501-2.3.1.1#L3", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "6bb4ed933932520d", spelling: .lowerCasePlainlyMeant,
            "Mailbox name, UIDVALIDITY and UID together always denote the same unchanging message."
        ),
        Requirement(
            "R3501-2.3.1.2#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "fa401f9aee4bdf46", checkedAs: ["R3501-2.3.1.1#8"],
            "Message sequence numbers follow ascending UID order."
        ),
        Requirement(
            "R3501-3.4#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "9153a77685bd71f8",
            "LOGOUT gets an untagged BYE and then its tagged OK; only after both does the server hang up (and the client waits for that OK)."
        ),
        Requirement(
            "R3501-3.4#2", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "49211b03f1e8ee3c",
            "The server never closes the connection on its own without an untagged BYE giving the reason (the fuzzer sees the close; a trace file does not record it)."
        ),
        Requirement(
            "R3501-3.4#3", .shouldNot, .client, .clientSide, .notCheckable(reason: "A client's way of leaving; the checker reads what a client sends, not when it closes a socket."),
            fingerprint: "501b3c4c35675a9d",
            "A client should not close the connection on its own but send LOGOUT."
        ),
        Requirement(
            "R3501-3.4#4", .may, .server, .oneSession, .notCheckable(reason: "A permission for a connection the client already closed: no response can follow, so none can show the choice."),
            fingerprint: "cf5c6afb102174c2",
            "A server that sees the client close the connection may close its side without BYE."
        ),
        Requirement(
            "R3501-5.2#1", .required, .server, .oneSession, .notCheckable(reason: "Introduces the rules that follow (R3501-5.2#3 and #4); states no duty of its own."),
            fingerprint: "642a5a0d98f0cbd9",
            "Unsolicited data from the server is sometimes obligatory."
        ),
        Requirement(
            "R3501-5.2#2", .may, .server, .twoSessions, .notCheckable(reason: "A statement about other agents changing the mailbox; every choice conforms."),
            fingerprint: "d69487c587ed96d0",
            "Agents other than this session may add messages, change flags or remove messages."
        ),
        Requirement(
            "R3501-5.2#3", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "005b469040ba2df1",
            "A server that notices the mailbox size changed while processing a command reports the new size."
        ),
        Requirement(
            "R3501-5.2#4", .should, .server, .twoSessions, .checkerInvariant,
            fingerprint: "4cd9bf0cb6feab0c",
            "A server should report flag changes without being asked."
        ),
        Requirement(
            "R3501-5.2#L1", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "e6a5923f505e9e19", spelling: .lowerCasePlainlyMeant,
            "EXISTS never reports fewer messages than before; only EXPUNGE (or VANISHED) lowers the count."
        ),
        Requirement(
            "R3501-5.2#5", .must, .client, .clientSide, .notCheckable(reason: "A duty of the client's bookkeeping; the checker follows it when it tracks the mailbox size, but a server cannot break it."),
            fingerprint: "d8aae2d7553f3f3f",
            "A client keeps track of every mailbox size update it receives."
        ),
        Requirement(
            "R3501-5.2#6", .mustNot, .client, .clientSide, .notCheckable(reason: "Concerns client design; a trace cannot show what a client assumes."),
            fingerprint: "51108200fbcd2dc3",
            "A client cannot expect commands after the selection to report the mailbox size."
        ),
        Requirement(
            "R3501-5.5#1", .may, .client, .oneSession, .checkerInvariant,
            fingerprint: "05d76c34c8d3e265",
            "A client may pipeline commands, within the ambiguity rules."
        ),
        Requirement(
            "R3501-5.5#2", .may, .server, .serverInternal, .notCheckable(reason: "A permission about the server's processing order; every choice conforms and the ambiguity rules bound what is visible."),
            fingerprint: "b6338e0d576991db",
            "A server may start on a command before the previous one has finished, within the ambiguity rules."
        ),
        Requirement(
            "R3501-5.5#3", .must, .both, .oneSession, .grammar,
            fingerprint: "352d61930fd5f4f2",
            "Continuation requests and continuations of one command finish before the next command starts."
        ),
        Requirement(
            "R3501-5.5#4", .mustNot, .client, .oneSession, .checkerInvariant,
            fingerprint: "7756e879c6bb1b9b",
            "A client does not pipeline commands whose results would be ambiguous."
        ),
        Requirement(
            "R3501-5.5#5", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "8e2356d37a38a009",
            "When a server detects a possible ambiguity it completes the commands one after the other in the client's order."
        ),
        Requirement(
            "R3501-5.5#6", .must, .client, .oneSession, .checkerInvariant,
            fingerprint: "1874ff68fd2285e3",
            "Unless a command is a FETCH, STORE or SEARCH, the client lets it complete before it sends a command that uses sequence numbers."
        ),
        Requirement(
            "R3501-5.5#L1", .must, .client, .oneSession, .checkerInvariant,
            fingerprint: "f45fb18c6ef303af", spelling: .lowerCasePlainlyMeant,
            "The same holds after a UID command: the client waits for its completion before using sequence numbers."
        ),
        Requirement(
            "R3501-6.3.1#1", .required, .server, .oneSession, .modelRule,
            fingerprint: "0a373ddfd4026bd7",
            "SELECT answers with FLAGS, EXISTS and RECENT, and untagged OKs with UNSEEN, PERMANENTFLAGS, UIDNEXT and UIDVALIDITY."
        ),
        Requirement(
            "R3501-6.3.1#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "b05d42ee280b91a5",
            "Those untagged responses come before the tagged OK of SELECT."
        ),
        Requirement(
            "R3501-6.3.1#3", .should, .client, .clientSide, .notCheckable(reason: "Concerns the client's defaults for missing data, which a trace does not show."),
            fingerprint: "c6980585379a5e97",
            "Clients should cope with servers that omit the data older protocol versions did not require."
        ),
        Requirement(
            "R3501-6.3.1#4", .should, .server, .oneSession, .modelRule,
            fingerprint: "02cdf81b92e40661",
            "When the client may modify the mailbox, the tagged OK of SELECT should carry READ-WRITE."
        ),
        Requirement(
            "R3501-6.3.1#5", .must, .server, .oneSession, .modelRule,
            fingerprint: "a4bf6cc65baf5fa9",
            "A mailbox selected read-only gets READ-ONLY in the tagged OK of SELECT."
        ),
        Requirement(
            "R3501-6.3.1#6", .may, .server, .twoSessions, .notCheckable(reason: "A permission about per-user state of read-only mailboxes; every choice conforms."),
            fingerprint: "eea6f93d731541cd",
            "Some read-only mailboxes opened by SELECT may still allow per-user state changes, unlike EXAMINE."
        ),
        Requirement(
            "R3501-6.3.2#1", .required, .server, .oneSession, .modelRule,
            fingerprint: "0a373ddfd4026bd7",
            "EXAMINE answers with the same untagged data as SELECT."
        ),
        Requirement(
            "R3501-6.3.2#2", .mustNot, .server, .twoSessions, .modelRule,
            fingerprint: "5a5deb69eaf4b586",
            "EXAMINE changes no permanent state; in particular messages keep \\Recent."
        ),
        Requirement(
            "R3501-6.3.2#3", .must, .server, .oneSession, .modelRule,
            fingerprint: "164716967136982a",
            "The tagged OK of EXAMINE begins with READ-ONLY."
        ),
        Requirement(
            "R3501-6.4.2#1", .may, .client, .oneSession, .modelRule,
            fingerprint: "d6960a13c85dd4d3",
            "A client may SELECT, EXAMINE or LOGOUT while a mailbox is selected without closing it first."
        ),
        Requirement(
            "R3501-6.4.6#1", .should, .server, .oneSession, .modelRule,
            fingerprint: "32533ea85551fbb6",
            "With .SILENT the server sends no FETCH for the stored value, assuming the client knows it or does not care."
        ),
        Requirement(
            "R3501-6.4.6#2", .should, .server, .twoSessions, .modelRule,
            fingerprint: "dcabe69c5eb4763b",
            "Even with .SILENT, the server should send a FETCH when it observes a flag change made elsewhere."
        ),
        Requirement(
            "R3501-6.4.8#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "4cc95e43b2dc10c9",
            "Every FETCH response caused by a UID command includes the UID item, asked for or not."
        ),
        Requirement(
            "R3501-7.3.1#1", .must, .client, .clientSide, .notCheckable(reason: "A duty of the client's bookkeeping; the checker follows it when it tracks the mailbox size, but a server cannot break it."),
            fingerprint: "25c358ac088c36d4",
            "The client records the message count an EXISTS response reports."
        ),
        Requirement(
            "R3501-7.4.1#1", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "e7614732e364af14",
            "No EXPUNGE is sent while no command is in progress, nor during FETCH, STORE or SEARCH."
        ),
        Requirement(
            "R3501-7.4.1#2", .may, .server, .oneSession, .checkerInvariant,
            fingerprint: "73325c207abf0ff0",
            "An EXPUNGE may be sent during a UID command."
        ),
        Requirement(
            "R3501-7.4.1#3", .must, .client, .clientSide, .notCheckable(reason: "A duty of the client's bookkeeping; the checker follows it when it tracks sequence numbers, but a server cannot break it."),
            fingerprint: "4c8e80c64a5f5104",
            "The client applies every EXPUNGE it receives to its view of the mailbox."
        ),
        Requirement(
            "R3501-2.3.1.2#D1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "dc713454aafb332c", spelling: .definition,
            "A message number is a position counted from one up to the current message count; any number past that count refers to nothing."
        ),
        Requirement(
            "R3501-9#1", .must, .both, .oneSession, .grammar,
            fingerprint: "f362db3780ddb982",
            "Where alternatives of the grammar overlap, the one listed first wins (so \\Seen is the system flag, not an extension flag)."
        ),
        Requirement(
            "R3501-9#2", .must, .both, .oneSession, .grammar,
            fingerprint: "439af5b906864242",
            "Everything sent on the wire follows the ABNF of the formal syntax exactly, with no tolerance for near misses."
        ),
        Requirement(
            "R3501-9#3", .must, .both, .oneSession, .grammar,
            fingerprint: "7298278bbfd14394",
            "Token strings are matched without regard to case by every implementation."
        ),
        Requirement(
            "R3501-9#4", .mustNot, .both, .oneSession, .grammar,
            fingerprint: "4035cf01e3935652",
            "The NUL octet never appears anywhere in the protocol."
        ),
    ]
}
