/// RFC 7162 (CONDSTORE and QRESYNC), sections 3 to 6: every sentence with an upper-case BCP 14
/// keyword, numbered by the ID rule (see `Requirement`), and the lower-case statements that are
/// plainly meant as requirements (the "L" entries). Summaries are our own words; fingerprints tie
/// each entry to its sentence in the RFC text (checked by `RegistryFingerprintTests`).
extension Registry {
    static let rfc7162: [Requirement] = [
        Requirement(
            "R7162-3.1#1", .must, .server, .oneSession, .grammar,
            fingerprint: "7fead7ddf158736a",
            "Every message in a CONDSTORE mailbox carries a mod-sequence, a positive value below 2^63; the strict parser rejects 0 and anything above 2^63-1 where a mod-sequence-value is due."
        ),
        Requirement(
            "R7162-3.1#2", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "b9b3b1516ff92839",
            "Two different STORE commands on one mailbox never end with the same mod-sequence, even when they run at the same time in different connections."
        ),
        Requirement(
            "R7162-3.1#3", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "f2d09f8b305dc575",
            "Within one session and mailbox, a later completed successful STORE gets a strictly higher mod-sequence than an earlier one."
        ),
        Requirement(
            "R7162-3.1#4", .must, .server, .oneSession, .modelRule,
            fingerprint: "daeea40e60b17dd6",
            "When a flag really changes on a message (added where absent or removed where present), the message gets a new mod-sequence."
        ),
        Requirement(
            "R7162-3.1#5", .shouldNot, .server, .oneSession, .modelRule,
            fingerprint: "1359d39438b77ebd",
            "Adding a flag that is already set or removing one that is absent should leave the message's mod-sequence as it was."
        ),
        Requirement(
            "R7162-3.1#6", .may, .server, .serverInternal, .notCheckable(reason: "A permission about how the server stores mod-sequences (one per message or one per metadata item); every choice conforms and no response shows which was made."),
            fingerprint: "b644d2c52254425e",
            "The server may keep a separate mod-sequence for each metadata item of a message."
        ),
        Requirement(
            "R7162-3.1#7", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "77f4433074c4ef2c",
            "Once the client has sent a CONDSTORE enabling command, every later untagged FETCH until the connection ends carries MODSEQ, whatever caused it."
        ),
        Requirement(
            "R7162-3.1#8", .must, .server, .oneSession, .modelRule,
            fingerprint: "b538d28bb1c672f6",
            "The first CONDSTORE enabling command issued while a mailbox is selected makes the server report that mailbox's HIGHESTMODSEQ, unless it answered the selection with NOMODSEQ."
        ),
        Requirement(
            "R7162-3.1.2#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "4e6eb67966f2ef93",
            "After a CONDSTORE enabling command, each successful SELECT or EXAMINE answers with an untagged OK carrying either HIGHESTMODSEQ or NOMODSEQ."
        ),
        Requirement(
            "R7162-3.1.2#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "10c47a73632a9b57",
            "A successful open of a mailbox with persistent mod-sequences yields an untagged OK with the HIGHESTMODSEQ code."
        ),
        Requirement(
            "R7162-3.1.2#3", .must, .server, .oneSession, .modelRule,
            fingerprint: "7e385fd8cefa50bc",
            "A successful open of a mailbox without persistent mod-sequences yields an untagged OK with the NOMODSEQ code instead."
        ),
        Requirement(
            "R7162-3.1.2#L1", .must, .server, .serverInternal, .notCheckable(reason: "The check happens inside the server; only its outcome is visible, as the HIGHESTMODSEQ or NOMODSEQ code held by R7162-3.1.2#2 and #3."),
            fingerprint: "db937150e32d9fa2", spelling: .lowerCasePlainlyMeant,
            "On opening a mailbox the server determines whether that mailbox keeps mod-sequences persistently."
        ),
        Requirement(
            "R7162-3.1.2.1#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "2d0dc95571930557",
            "Once CONDSTORE is enabled, every successful SELECT or EXAMINE of a mailbox with persistent mod-sequences carries HIGHESTMODSEQ in an untagged OK."
        ),
        Requirement(
            "R7162-3.1.2.1#2", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show."),
            fingerprint: "970c2ba049e75a37",
            "A client that sees a changed UIDVALIDITY throws away its cached HIGHESTMODSEQ for the mailbox."
        ),
        Requirement(
            "R7162-3.1.2.1#3", .may, .client, .clientSide, .notCheckable(reason: "A permission for the client; every choice conforms."),
            fingerprint: "3e7e545e93ea66ff",
            "To learn which items changed, a client may search with the MODSEQ criterion."
        ),
        Requirement(
            "R7162-3.1.2.1#4", .may, .client, .clientSide, .notCheckable(reason: "A permission for the client; every choice conforms."),
            fingerprint: "3328faf8f0f73936",
            "A client may instead fetch with CHANGEDSINCE to get the messages changed since a known mod-sequence."
        ),
        Requirement(
            "R7162-3.1.2.2#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "babb8dde3a1ecb75",
            "Once CONDSTORE is enabled, every successful SELECT or EXAMINE of a mailbox without persistent mod-sequences carries NOMODSEQ in an untagged OK."
        ),
        Requirement(
            "R7162-3.1.2.2#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "5e12687daceb07d1",
            "While a mailbox answered with NOMODSEQ stays selected, FETCH with CHANGEDSINCE, FETCH or SEARCH using MODSEQ, and STORE with UNCHANGEDSINCE get a tagged BAD."
        ),
        Requirement(
            "R7162-3.1.3#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "8027ca6f2bf004c8",
            "When a conditional STORE succeeds for a message, that message's mod-sequence is updated."
        ),
        Requirement(
            "R7162-3.1.3#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "09aeddacc98dafc8",
            "Each message changed by a conditional STORE is reported in an untagged FETCH that includes MODSEQ, also when .SILENT was given."
        ),
        Requirement(
            "R7162-3.1.3#3", .mustNot, .server, .oneSession, .modelRule,
            fingerprint: "97a5650fd06c1563",
            "If any metadata item of a message has a mod-sequence above the UNCHANGEDSINCE value, the STORE leaves that message unchanged."
        ),
        Requirement(
            "R7162-3.1.3#4", .must, .server, .oneSession, .modelRule,
            fingerprint: "1ac33fab4827b5c5",
            "When some messages fail the UNCHANGEDSINCE test, the tagged response carries MODIFIED listing every one of them (numbers for STORE, UIDs for UID STORE)."
        ),
        Requirement(
            "R7162-3.1.3#5", .should, .server, .oneSession, .notCheckable(reason: "Mentions the SHOULD of RFC 3501 section 6.4.6 as the caption of an example; the duty itself is registered and checked as R3501-6.4.6#2."),
            fingerprint: "aeac6cfb9cbd6e49",
            "Caption of an example whose server follows the RFC 3501 advice to report flags of messages a STORE did not change."
        ),
        Requirement(
            "R7162-3.1.3#6", .must, .server, .oneSession, .modelRule,
            fingerprint: "bfaa263857ab2297",
            "A system flag counts as existing whether set or not, so UNCHANGEDSINCE 0 on a system flag always fails the test."
        ),
        Requirement(
            "R7162-3.1.3#7", .must, .client, .clientSide, .notCheckable(reason: "Concerns how the client reacts to MODIFIED, which a protocol trace shows only through the client's later commands and never conclusively."),
            fingerprint: "93d5e2e96d81b11a",
            "A client making an atomic change must cope with MODIFIED even though the item it watches did not change, since the server may track one mod-sequence per message."
        ),
        Requirement(
            "R7162-3.1.3#8", .should, .server, .twoSessions, .modelRule,
            fingerprint: "7d1783294d8a456e",
            "A server should not answer +FLAGS or -FLAGS conditional STOREs with MODIFIED when only unrelated metadata changed, even if it keeps one mod-sequence per message."
        ),
        Requirement(
            "R7162-3.1.3#9", .should, .client, .clientSide, .notCheckable(reason: "Concerns the client's follow-up after MODIFIED; whether it checked is a judgement no trace records."),
            fingerprint: "6d38b91b254e1837",
            "Unless the server already sent a FETCH for the failed messages, a client receiving MODIFIED should check with FETCH or NOOP whether the items it cares about really changed."
        ),
        Requirement(
            "R7162-3.1.3#10", .recommended, .server, .oneSession, .modelRule,
            fingerprint: "1aa7fde84e375d5d",
            "The server is advised to send unsolicited FETCH responses for messages that failed the UNCHANGEDSINCE test so the client need not ask."
        ),
        Requirement(
            "R7162-3.1.3#11", .should, .client, .clientSide, .notCheckable(reason: "Concerns the client's follow-up after MODIFIED; whether a retry was warranted depends on state the trace does not fix."),
            fingerprint: "33d8346a59c0b30a",
            "If the watched items did not change, the client should retry with the new mod-sequence."
        ),
        Requirement(
            "R7162-3.1.3#12", .may, .server, .oneSession, .modelRule,
            fingerprint: "d20d0e3d81d389e4",
            "MODIFIED may also appear in a tagged NO, for example when some of the messages were expunged."
        ),
        Requirement(
            "R7162-3.1.3#13", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "8d80a40855f2b21b",
            "A message listed more than once in a conditional STORE must not fail on a later occurrence after it succeeded on the first."
        ),
        Requirement(
            "R7162-3.1.3#14", .must, .server, .oneSession, .modelRule,
            fingerprint: "f419061d2745b189",
            "A successful STORE without UNCHANGEDSINCE also updates the mod-sequence of each message it changes."
        ),
        Requirement(
            "R7162-3.1.3#15", .required, .server, .twoSessions, .checkerInvariant,
            fingerprint: "1af2e23db2980cae", checkedAs: ["R7162-3.1#7"],
            "Whenever the server sends an unsolicited FETCH to a CONDSTORE-aware client that has the mailbox open, it includes the mod-sequence."
        ),
        Requirement(
            "R7162-3.1.4.2#1", .should, .server, .oneSession, .checkerInvariant,
            fingerprint: "52af89384f3f4941",
            "A server that offers CONDSTORE without QRESYNC should still follow the QRESYNC rule of putting UID and MODSEQ in unsolicited FETCH responses."
        ),
        Requirement(
            "R7162-3.1.5#1", .must, .server, .twoSessions, .notCheckable(reason: "Whether the server keeps private and shared mod-sequences apart is not visible in the protocol; the model keeps one mod-sequence per message."),
            fingerprint: "10ab6e303d37d7cc",
            "For the entry type \"all\", the server compares with the larger of the private and shared mod-sequences of the item."
        ),
        Requirement(
            "R7162-3.1.5#2", .must, .server, .serverInternal, .notCheckable(reason: "Applies only to servers that keep one mod-sequence per message, which the protocol does not reveal; a server that keeps them per item may legitimately use the entry name."),
            fingerprint: "eb26da5c241dc953",
            "A server with one mod-sequence per message disregards the entry name and entry type of a MODSEQ search key."
        ),
        Requirement(
            "R7162-3.1.5#L1", .should, .server, .serverInternal, .notCheckable(reason: "Applies only to servers that keep per-item mod-sequences, which the protocol does not reveal."),
            fingerprint: "99cc121cd16fd32a", spelling: .lowerCasePlainlyMeant,
            "A server that keeps per-item mod-sequences should use the entry name and type to narrow the MODSEQ search."
        ),
        Requirement(
            "R7162-3.1.5#3", .must, .server, .oneSession, .modelRule,
            fingerprint: "3a370771113ebdcf",
            "A SEARCH using MODSEQ that finds messages ends its untagged SEARCH response with the highest mod-sequence of the messages it returns."
        ),
        Requirement(
            "R7162-3.1.6#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "3bc120602a646247",
            "A SEARCH using MODSEQ that finds messages ends its untagged SEARCH response with the highest mod-sequence of the messages it returns (restated for the response)."
        ),
        Requirement(
            "R7162-3.1.7#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "29e5e8f7c6219002",
            "For a mailbox without persistent mod-sequences, STATUS reports HIGHESTMODSEQ as 0."
        ),
        Requirement(
            "R7162-3.1.8#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "f82173f225c8ff2a", checkedAs: ["R7162-3.1#7"],
            "The CONDSTORE select parameter makes the server include MODSEQ in every later unsolicited FETCH."
        ),
        Requirement(
            "R7162-3.1.9#1", .must, .server, .oneSession, .notCheckable(reason: "Out of scope: the model and generator do not drive SORT [RFC5256], so no trace it checks contains a SORT response."),
            fingerprint: "2fb048a33f34cc97",
            "A SORT using MODSEQ that finds messages ends its untagged SORT response with the highest mod-sequence of the returned messages."
        ),
        Requirement(
            "R7162-3.1.10#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "191e0e3a9af4ce31",
            "An extended SEARCH (ESEARCH) using MODSEQ that finds messages answers with ESEARCH carrying the MODSEQ result option."
        ),
        Requirement(
            "R7162-3.1.10#2", .must, .server, .oneSession, .notCheckable(reason: "Out of scope: the model and generator do not drive ESORT [RFC5267], so no trace it checks contains an extended SORT."),
            fingerprint: "1451f3aa8bf88718",
            "An extended SORT using MODSEQ that finds messages answers with ESEARCH carrying the MODSEQ result option."
        ),
        Requirement(
            "R7162-3.1.11#1", .shouldNot, .server, .oneSession, .modelRule,
            fingerprint: "a7fe76958e4cd9a6",
            "A STORE, UID STORE or \\Seen-setting FETCH that leaves a flag as it was should not change the mod-sequence."
        ),
        Requirement(
            "R7162-3.1.11#2", .mustNot, .client, .clientSide, .notCheckable(reason: "Concerns client design; a trace cannot show what a client relies on."),
            fingerprint: "649f04e4562664cc",
            "Clients must not depend on servers keeping mod-sequences unchanged for no-op flag changes."
        ),
        Requirement(
            "R7162-3.1.11#3", .should, .client, .clientSide, .notCheckable(reason: "Mentions the SHOULD of R7162-3.1.11#1 to explain why clients cannot rely on it; states no duty of its own."),
            fingerprint: "906c99a2043f3c10",
            "Explains that a client cannot tell a server ignoring that advice from other clients toggling the flag."
        ),
        Requirement(
            "R7162-3.2#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "6672b13d4e0a3ff9", checkedAs: ["R7162-3.2.7#1", "R7162-3.2.9#1", "R6851-4.4#2"],
            "In a mailbox with persistent mod-sequences, expunging messages by EXPUNGE, UID EXPUNGE, CLOSE or MOVE raises the mailbox's mod-sequence, and the new value is tied to the expunged UIDs."
        ),
        Requirement(
            "R7162-3.2#2", .must, .server, .oneSession, .notCheckable(reason: "Out of scope: the model does not cover METADATA [RFC5464] and the generator never sends SETMETADATA."),
            fingerprint: "aa1fdb88261998bb",
            "A server with METADATA raises the mailbox's mod-sequence when SETMETADATA changes a mailbox annotation."
        ),
        Requirement(
            "R7162-3.2#3", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "3e074fba638f328f",
            "A QRESYNC server orders its untagged responses so that a client that loses the connection at any point has lost no change."
        ),
        Requirement(
            "R7162-3.2#4", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "63294feeab95fa1b", checkedAs: ["R7162-3.2#3"],
            "While expunges with lower mod-sequences are still pending, a server that sends MODSEQ FETCH data reports a HIGHESTMODSEQ below the pending expunge's mod-sequence."
        ),
        Requirement(
            "R7162-3.2.2#1", .should, .server, .oneSession, .checkerInvariant,
            fingerprint: "5ecb9658461ce4cf",
            "A QRESYNC server should list CONDSTORE in its capabilities too."
        ),
        Requirement(
            "R7162-3.2.3#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "40fd11a9fe9045ab",
            "A QRESYNC server implements ENABLE and lists it in its capabilities."
        ),
        Requirement(
            "R7162-3.2.3#2", .required, .server, .oneSession, .modelRule,
            fingerprint: "a2a71d389711f039",
            "The server accepts both ENABLE QRESYNC and ENABLE QRESYNC CONDSTORE, with the same effect; each is a CONDSTORE enabling command."
        ),
        Requirement(
            "R7162-3.2.3#3", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "86677a2bed511bca", checkedAs: ["R7162-3.2.10.2#1"],
            "After ENABLE QRESYNC the server reports removals with VANISHED instead of EXPUNGE in every mailbox not answered with NOMODSEQ."
        ),
        Requirement(
            "R7162-3.2.3#4", .must, .client, .oneSession, .checkerInvariant,
            fingerprint: "2cd94b65479471a0",
            "A client that uses QRESYNC sends ENABLE QRESYNC once authenticated."
        ),
        Requirement(
            "R7162-3.2.3#5", .must, .server, .oneSession, .modelRule,
            fingerprint: "b618008bba90ab39",
            "A QRESYNC select parameter or VANISHED fetch modifier gets a tagged BAD unless ENABLE QRESYNC was sent and answered with ENABLED QRESYNC on this connection."
        ),
        Requirement(
            "R7162-3.2.4#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "e44b37ac014c9dc9",
            "After a CONDSTORE enabling command, every later untagged FETCH carries both UID and MODSEQ whatever caused it; responses to a FETCH or UID FETCH that did not ask for these items (and set no \\Seen flag) are exempt."
        ),
        Requirement(
            "R7162-3.2.5#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "147127baf7a9c23a",
            "SELECT or EXAMINE with the QRESYNC parameter gets a tagged BAD unless QRESYNC was enabled and acknowledged on this connection."
        ),
        Requirement(
            "R7162-3.2.5#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "15925921e75af643",
            "SELECT or EXAMINE with QRESYNC still sends every untagged response a plain SELECT or EXAMINE sends."
        ),
        Requirement(
            "R7162-3.2.5#3", .must, .server, .oneSession, .modelRule,
            fingerprint: "f9ae726537dcb299",
            "If the UIDVALIDITY given in QRESYNC differs from the mailbox's, the server ignores the other QRESYNC arguments and reports no changes."
        ),
        Requirement(
            "R7162-3.2.5.1#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "63334142cb07a5b7",
            "A mailbox without persistent mod-sequences opened with QRESYNC is answered with NOMODSEQ on every successful SELECT or EXAMINE."
        ),
        Requirement(
            "R7162-3.2.5.1#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "451be9378e982860",
            "Such a server ignores the other QRESYNC arguments and reports no changes."
        ),
        Requirement(
            "R7162-3.2.5.1#3", .must, .server, .oneSession, .modelRule,
            fingerprint: "1f4be9954c8cb7db",
            "After a QRESYNC open, the server reports flag changes (in FETCH responses with UIDs) and expunges that happened after the given mod-sequence."
        ),
        Requirement(
            "R7162-3.2.5.1#L1", .should, .server, .oneSession, .modelRule,
            fingerprint: "27fd75da15317b55", spelling: .lowerCasePlainlyMeant,
            "When the client gave its known UIDs, the server should report changes and expunges only for those UIDs."
        ),
        Requirement(
            "R7162-3.2.5.2#1", .may, .client, .oneSession, .grammar,
            fingerprint: "5100d068ef609b06",
            "The client may add message sequence match data: a sequence set and the matching UID set."
        ),
        Requirement(
            "R7162-3.2.5.2#2", .must, .client, .oneSession, .checkerInvariant,
            fingerprint: "35f33aaaefe2926e",
            "Both sets of the sequence match data are in ascending order."
        ),
        Requirement(
            "R7162-3.2.6#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "b8c382e3dc81bc7e",
            "A plain FETCH with the VANISHED modifier gets a tagged BAD."
        ),
        Requirement(
            "R7162-3.2.6#2", .must, .server, .oneSession, .modelRule,
            fingerprint: "dfe0fe6eb63ee21b",
            "UID FETCH with VANISHED gets a tagged BAD unless ENABLE QRESYNC was issued on this connection."
        ),
        Requirement(
            "R7162-3.2.6#3", .must, .client, .oneSession, .checkerInvariant,
            fingerprint: "dd2b5db823971dcb",
            "The client uses the VANISHED modifier only together with CHANGEDSINCE."
        ),
        Requirement(
            "R7162-3.2.6#4", .must, .server, .oneSession, .modelRule,
            fingerprint: "5569ec2ed2c7101e",
            "UID FETCH with VANISHED but without CHANGEDSINCE gets a tagged BAD."
        ),
        Requirement(
            "R7162-3.2.6#5", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "a72a8c95213f3b64",
            "In answer to UID FETCH with VANISHED, every VANISHED (EARLIER) response comes before any FETCH response."
        ),
        Requirement(
            "R7162-3.2.6#6", .must, .server, .serverInternal, .notCheckable(reason: "Depends on the oldest expunge mod-sequence the server still remembers, which no response reveals."),
            fingerprint: "b01cef333ef1b15f",
            "Given a mod-sequence older than anything it remembers about expunges, the server reports every expunged UID of the requested set."
        ),
        Requirement(
            "R7162-3.2.7#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "23cfcdcb7e77e543",
            "An EXPUNGE that removes at least one message raises the mailbox's mod-sequence (when the mailbox keeps mod-sequences)."
        ),
        Requirement(
            "R7162-3.2.7#2", .must, .server, .serverInternal, .notCheckable(reason: "What the server remembers is internal, and section 5.1 lets a server that forgets report all expunged UIDs instead, so no trace shows a breach."),
            fingerprint: "c11e677621b08f6a",
            "The server remembers the new mod-sequence together with the UID of each message the EXPUNGE removed."
        ),
        Requirement(
            "R7162-3.2.7#3", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "6261572e85a5d896",
            "With QRESYNC enabled, the tagged OK of an EXPUNGE that removed messages carries the new HIGHESTMODSEQ."
        ),
        Requirement(
            "R7162-3.2.8#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "0abbdf9e1ceb20ab",
            "A CLOSE that removes at least one message raises the mailbox's mod-sequence (when the mailbox keeps mod-sequences)."
        ),
        Requirement(
            "R7162-3.2.8#2", .must, .server, .serverInternal, .notCheckable(reason: "What the server remembers is internal, and section 5.1 lets a server that forgets report all expunged UIDs instead, so no trace shows a breach."),
            fingerprint: "c11e677621b08f6a",
            "The server remembers the new mod-sequence together with the UID of each message the CLOSE removed."
        ),
        Requirement(
            "R7162-3.2.8#3", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "f3ec49440fcee3e2",
            "The tagged OK of CLOSE never carries HIGHESTMODSEQ."
        ),
        Requirement(
            "R7162-3.2.9#L1", .must, .server, .oneSession, .modelRule,
            fingerprint: "4563a90f63682189", spelling: .lowerCasePlainlyMeant,
            "A server with both UIDPLUS and QRESYNC implements UID EXPUNGE as this section describes."
        ),
        Requirement(
            "R7162-3.2.9#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "b5048d3ab674c211",
            "A UID EXPUNGE that removes at least one message raises the mailbox's mod-sequence (when the mailbox keeps mod-sequences)."
        ),
        Requirement(
            "R7162-3.2.9#2", .must, .server, .serverInternal, .notCheckable(reason: "What the server remembers is internal, and section 5.1 lets a server that forgets report all expunged UIDs instead, so no trace shows a breach."),
            fingerprint: "c11e677621b08f6a",
            "The server remembers the new mod-sequence together with the UID of each message the UID EXPUNGE removed."
        ),
        Requirement(
            "R7162-3.2.9#3", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "6261572e85a5d896",
            "With QRESYNC enabled, the tagged OK of a UID EXPUNGE that removed messages carries the new HIGHESTMODSEQ."
        ),
        Requirement(
            "R7162-3.2.10#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "d5b884042701416b", checkedAs: ["R7162-3.2.10.2#1"],
            "Once QRESYNC is enabled and acknowledged, removals in mailboxes not answered with NOMODSEQ are reported with VANISHED without EARLIER, never with EXPUNGE."
        ),
        Requirement(
            "R7162-3.2.10#2", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "48d49cdd2ea8208f",
            "A VANISHED that replaces EXPUNGE never carries EARLIER."
        ),
        Requirement(
            "R7162-3.2.10#3", .mustNot, .server, .oneSession, .modelRule,
            fingerprint: "277d0af7c0389ac4",
            "The server keeps the two forms of VANISHED apart: UIDs due to a UID FETCH (VANISHED) or QRESYNC open go in VANISHED (EARLIER), removals during the session in plain VANISHED."
        ),
        Requirement(
            "R7162-3.2.10.1#1", .mustNot, .client, .clientSide, .notCheckable(reason: "A duty of the client's bookkeeping; the checker follows it when it tracks sequence numbers, but a server cannot break it."),
            fingerprint: "5c43f7474d52addb",
            "A client does not shift message numbers when it receives VANISHED (EARLIER)."
        ),
        Requirement(
            "R7162-3.2.10.2#1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "d5b884042701416b",
            "Once QRESYNC is enabled and acknowledged, removals in mailboxes not answered with NOMODSEQ are reported with VANISHED without EARLIER, never with EXPUNGE (restated for the response)."
        ),
        Requirement(
            "R7162-3.2.10.2#2", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "48d49cdd2ea8208f", checkedAs: ["R7162-3.2.10#2"],
            "A VANISHED that replaces EXPUNGE never carries EARLIER (restated for the response)."
        ),
        Requirement(
            "R7162-3.2.10.2#3", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "b25896ba7c6835f6",
            "A plain VANISHED names only messages the client can currently see in this session."
        ),
        Requirement(
            "R7162-3.2.10.2#4", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "e97e930ee85530de", checkedAs: ["R7162-3.2.10.2#3"],
            "A plain VANISHED never names a UID already reported as removed or a message not yet announced by EXISTS."
        ),
        Requirement(
            "R7162-3.2.10.2#5", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "03be326407cbca70",
            "No plain VANISHED is sent while no command is in progress, nor during FETCH, STORE or SEARCH."
        ),
        Requirement(
            "R7162-3.2.10.2#6", .may, .server, .oneSession, .checkerInvariant,
            fingerprint: "4222231401c20984",
            "A plain VANISHED may be sent during a UID command."
        ),
        Requirement(
            "R7162-3.2.10.2#7", .mustNot, .server, .oneSession, .checkerInvariant,
            fingerprint: "c48c5de9b7dd1ce9",
            "No plain VANISHED is sent during a UID SEARCH whose criteria use message numbers."
        ),
        Requirement(
            "R7162-3.2.10.2#8", .must, .client, .clientSide, .notCheckable(reason: "A duty of the client's bookkeeping; the checker follows it when it tracks sequence numbers, but a server cannot break it."),
            fingerprint: "dcd31e3a5d4c321a",
            "The client applies every plain VANISHED it receives to its view of the mailbox."
        ),
        Requirement(
            "R7162-3.2.11#1", .must, .server, .oneSession, .modelRule,
            fingerprint: "3068255e197006d7",
            "When SELECT or EXAMINE of another mailbox implicitly closes the selected one, the server sends the CLOSED response code."
        ),
        Requirement(
            "R7162-3.2.11#L1", .must, .server, .oneSession, .modelRule,
            fingerprint: "b01f91e3943aa979", spelling: .lowerCasePlainlyMeant,
            "A server advertising CONDSTORE or QRESYNC sends CLOSED in that case even if no CONDSTORE enabling command was issued."
        ),
        Requirement(
            "R7162-4#L1", .should, .client, .oneSession, .checkerInvariant,
            fingerprint: "1c8eedd83ca90032", spelling: .lowerCasePlainlyMeant,
            "A client should keep the command lines it generates to about 8192 octets, quoted strings included and literals excluded."
        ),
        Requirement(
            "R7162-4#L2", .should, .client, .clientSide, .notCheckable(reason: "Whether the client could have grouped its ranges into a shorter line is a judgement no trace records."),
            fingerprint: "26c0411fe1f5bd13", spelling: .lowerCasePlainlyMeant,
            "A client that cannot fit a request within that length by grouping ranges should split it into several commands."
        ),
        Requirement(
            "R7162-4#L3", .should, .client, .clientSide, .notCheckable(reason: "The text sets no length at which a quoted string counts as long."),
            fingerprint: "da15633063d03cf5", spelling: .lowerCasePlainlyMeant,
            "A client should send long strings as literals rather than quoted strings to keep lines short."
        ),
        Requirement(
            "R7162-5.3#1", .should, .server, .serverInternal, .notCheckable(reason: "Concerns stored state of a mailbox that was deleted or whose UIDVALIDITY changed; no response can show it was kept."),
            fingerprint: "ab3ed6c63a42a800",
            "State about expunged messages may be dropped, and should be, once the mailbox's UIDVALIDITY changes or the mailbox is deleted."
        ),
        Requirement(
            "R7162-6#1", .should, .client, .clientSide, .notCheckable(reason: "Applies to an advanced disconnected client, a property no trace shows."),
            fingerprint: "39e29841bb728a25",
            "A disconnected client should use QRESYNC when offered, and CONDSTORE when only that is offered."
        ),
        Requirement(
            "R7162-6#2", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show."),
            fingerprint: "e795d260816c872d",
            "After synchronizing, the client stores the HIGHESTMODSEQ it received (unless UIDVALIDITY changed)."
        ),
        Requirement(
            "R7162-6#3", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show."),
            fingerprint: "bb31998672cadba0",
            "The client replaces its stored HIGHESTMODSEQ each time the server sends a later HIGHESTMODSEQ code."
        ),
        Requirement(
            "R7162-6#4", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show."),
            fingerprint: "4fd713454ff6b30f",
            "After a full synchronization the client also tracks unsolicited MODSEQ FETCH items and HIGHESTMODSEQ codes."
        ),
        Requirement(
            "R7162-6#5", .must, .client, .clientSide, .checkerInvariant,
            fingerprint: "2e83441320de15cd",
            "A HIGHESTMODSEQ code received with a command's responses wins over any higher MODSEQ values seen with them."
        ),
        Requirement(
            "R7162-6#6", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show; the checker's own client view follows it."),
            fingerprint: "94757b8d6f0b856f",
            "Without such a code, the client takes the highest MODSEQ seen since the last tagged response if it exceeds its stored value."
        ),
        Requirement(
            "R7162-6#7", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache, which a protocol trace does not show."),
            fingerprint: "35d5c783615291fa",
            "A client answered with NOMODSEQ on a QRESYNC open drops its stored HIGHESTMODSEQ and falls back to full synchronization."
        ),
        Requirement(
            "R7162-6#8", .must, .client, .clientSide, .notCheckable(reason: "Concerns the client's cache and pending actions, which a protocol trace does not show."),
            fingerprint: "49ef83c511e9440c",
            "On a changed UIDVALIDITY the client empties its cache for the mailbox, forgets its HIGHESTMODSEQ, and drops pending actions on its UIDs."
        ),
        Requirement(
            "R7162-3.1#D1", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "4f6871b95905b8fa", spelling: .definition,
            "A message that arrives (APPEND, COPY, or delivery by other means) gets a mod-sequence above that of every message already in the mailbox."
        ),
        Requirement(
            "R7162-3.1.4.1#D1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "cb0af68c989ecb12", spelling: .definition,
            "FETCH with CHANGEDSINCE answers only for messages whose mod-sequence is strictly above the value given."
        ),
        Requirement(
            "R7162-3.1.4.1#D2", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "9870ed63a3e300ee", spelling: .definition,
            "FETCH with CHANGEDSINCE answers for every message of its set whose mod-sequence is above the value given (the set, subset by the value)."
        ),
        Requirement(
            "R7162-3.1.5#D1", .must, .server, .oneSession, .checkerInvariant,
            fingerprint: "ba7ccbfd886c5f35", spelling: .definition,
            "A MODSEQ search returns only messages whose mod-sequence is at least the value given (inclusive, unlike CHANGEDSINCE)."
        ),
        Requirement(
            "R7162-3.1.5#D2", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "ba7ccbfd886c5f35", spelling: .definition,
            "A search by MODSEQ alone, naming no metadata entry, returns every message whose mod-sequence is at least the value given."
        ),
        Requirement(
            "R7162-3.1.2.1#D1", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "2707122a3a352d3e", spelling: .definition,
            "The HIGHESTMODSEQ of a SELECT or EXAMINE is the highest mod-sequence of the mailbox's messages: never below that of a message still in it."
        ),
        Requirement(
            "R7162-3.1.7#D1", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "696f1268c9a1ded0", spelling: .definition,
            "STATUS HIGHESTMODSEQ is the highest mod-sequence of the mailbox's messages: never below that of a message still in it."
        ),
        Requirement(
            "R7162-3.2.10.1#D1", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "ac1376f75675f215", spelling: .definition,
            "VANISHED (EARLIER) names only expunged messages: none of the UIDs it names shows up again."
        ),
        Requirement(
            "R7162-3.2.6#D1", .must, .server, .twoSessions, .checkerInvariant,
            fingerprint: "fb59b6ece5603b07", spelling: .definition,
            "UID FETCH with VANISHED reports the UIDs of its set whose expunge carries a mod-sequence above the value given."
        ),
    ]
}
