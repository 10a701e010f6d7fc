import Testing
import IMAPWire
import SpecModel
@testable import Conformance

/// Teeth for the requirements the checker cites (`Citation`) that had no test of their own: the
/// base protocol (RFC 3501), MOVE (RFC 6851), the CONDSTORE-only SHOULD of RFC 7162 §3.1.4.2 and
/// the original texts (RFC 4551, RFC 5162) under the `rfc4551+5162` edition. Each bad transcript
/// breaks one requirement and the checker reports exactly that ID; its conforming twin, a minimal
/// change, draws none. Test names carry the requirement ID (STYLE.md habit 11).
@Suite("Checker - teeth for base-protocol and original-edition rules")
struct CheckerTeethTests {
    typealias Invariant = CheckerInvariantTests
    typealias Original = CheckerRequirementTests

    /// A server without CONDSTORE or QRESYNC: only the base protocol applies.
    static let plainCapabilities = "IMAP4rev1 UIDPLUS"

    /// Session 1 selects INBOX holding 3 messages; UIDNEXT 4 makes their UIDs 1 to 3 (RFC 3501 §2.3.1.1).
    static let plainSelect = """
        C1: a2 SELECT INBOX
        S1: * 3 EXISTS
        S1: * OK [UIDVALIDITY 7] valid
        S1: * OK [UIDNEXT 4] next
        S1: a2 OK [READ-WRITE] selected
        """

    static func plain(_ body: String) throws -> CheckReport {
        try Invariant.check(plainSelect + "\n" + body, capabilities: plainCapabilities)
    }

    /// The SHOULD-level findings among the root causes (`ids` keeps violations only).
    static func deviations(_ r: CheckReport) -> Set<String> {
        Set(r.rootFindings.filter { $0.severity == .deviation }.map(\.requirementID))
    }

    // MARK: - RFC 3501

    @Test("R3501-7.4.1#1: EXPUNGE sent while answering FETCH, STORE or SEARCH, or with no command in progress")
    func expungeTiming() throws {
        let bad = [
            "C1: a3 FETCH 1 (FLAGS)\nS1: * 2 EXPUNGE\nS1: * 1 FETCH (FLAGS ())\nS1: a3 OK done",
            "C1: a3 STORE 1 +FLAGS (\\Seen)\nS1: * 2 EXPUNGE\nS1: * 1 FETCH (FLAGS (\\Seen))\nS1: a3 OK done",
            "C1: a3 SEARCH ALL\nS1: * 2 EXPUNGE\nS1: * SEARCH 1 2\nS1: a3 OK done",
            "C1: a3 NOOP\nS1: a3 OK done\nS1: * 2 EXPUNGE",
        ]
        for body in bad {
            let r = try Self.plain(body)
            #expect(Invariant.ids(r) == ["R3501-7.4.1#1"], "\(body)")
        }
        // The same EXPUNGE answering NOOP, or a UID command (RFC 3501 §7.4.1: a different command), is legal,
        // also a UID SEARCH with message numbers (RFC 9051 §5.5; only VANISHED is barred there, RFC 7162 §3.2.10.2).
        let good = [
            "C1: a3 NOOP\nS1: * 2 EXPUNGE\nS1: a3 OK done",
            "C1: a3 UID FETCH 1 (FLAGS)\nS1: * 2 EXPUNGE\nS1: * 1 FETCH (UID 1 FLAGS ())\nS1: a3 OK done",
            "C1: a3 UID SEARCH 1:3\nS1: * 2 EXPUNGE\nS1: * SEARCH 1 3\nS1: a3 OK done",
        ]
        for body in good {
            let r = try Self.plain(body)
            #expect(Invariant.ids(r).isEmpty, "\(body): \(r.rootFindings.map(\.expected))")
        }
        #expect(try Self.plain(good[0]).exercised.contains("R3501-7.4.1#1"))
    }

    @Test("R3501-2.3.1.2#D1: FETCH or EXPUNGE for a message number past the message count")
    func messageNumberInRange() throws {
        for response in ["* 4 FETCH (FLAGS (\\Seen))", "* 4 EXPUNGE"] {
            let r = try Self.plain("C1: a3 NOOP\nS1: \(response)\nS1: a3 OK done")
            #expect(Invariant.ids(r) == ["R3501-2.3.1.2#D1"], "\(response)")
        }
        // Once EXISTS announced a fourth message, message 4 exists.
        for response in ["* 4 FETCH (FLAGS (\\Seen))", "* 4 EXPUNGE"] {
            let r = try Self.plain("C1: a3 NOOP\nS1: * 4 EXISTS\nS1: \(response)\nS1: a3 OK done")
            #expect(Invariant.ids(r).isEmpty, "\(response): \(r.rootFindings.map(\.expected))")
        }
        // After an EXPUNGE the last number is gone (RFC 3501 §7.4.1: the count drops at once).
        let shifted = try Self.plain("C1: a3 NOOP\nS1: * 1 EXPUNGE\nS1: * 3 FETCH (FLAGS (\\Seen))\nS1: a3 OK done")
        #expect(Invariant.ids(shifted) == ["R3501-2.3.1.2#D1"])
        let inside = try Self.plain("C1: a3 NOOP\nS1: * 1 EXPUNGE\nS1: * 2 FETCH (FLAGS (\\Seen))\nS1: a3 OK done")
        #expect(Invariant.ids(inside).isEmpty)
    }

    @Test("R3501-5.2#L1: EXISTS reporting fewer messages than the session knows")
    func existsNeverShrinks() throws {
        let bad = try Self.plain("C1: a3 NOOP\nS1: * 2 EXISTS\nS1: a3 OK done")
        #expect(Invariant.ids(bad) == ["R3501-5.2#L1"])
        // Only an EXPUNGE may lower the count; EXISTS may then repeat the new one.
        let good = try Self.plain("C1: a3 NOOP\nS1: * 3 EXPUNGE\nS1: * 2 EXISTS\nS1: a3 OK done")
        #expect(Invariant.ids(good).isEmpty)
        #expect(good.exercised.contains("R3501-5.2#L1"))
        let same = try Self.plain("C1: a3 NOOP\nS1: * 3 EXISTS\nS1: a3 OK done")
        #expect(Invariant.ids(same).isEmpty)
    }

    @Test("R3501-6.4.8#1: a FETCH answering UID FETCH or UID STORE without the UID item")
    func uidInUIDCommandFetch() throws {
        let fetch = try Self.plain("C1: a3 UID FETCH 2 (FLAGS)\nS1: * 2 FETCH (FLAGS ())\nS1: a3 OK done")
        #expect(Invariant.ids(fetch) == ["R3501-6.4.8#1"])
        let store = try Self.plain("C1: a3 UID STORE 2 +FLAGS (\\Seen)\nS1: * 2 FETCH (FLAGS (\\Seen))\nS1: a3 OK done")
        #expect(Invariant.ids(store) == ["R3501-6.4.8#1"])
        // The UID item, asked for or not, makes them conform.
        let fetchGood = try Self.plain("C1: a3 UID FETCH 2 (FLAGS)\nS1: * 2 FETCH (FLAGS () UID 2)\nS1: a3 OK done")
        #expect(Invariant.ids(fetchGood).isEmpty)
        let storeGood = try Self.plain("C1: a3 UID STORE 2 +FLAGS (\\Seen)\nS1: * 2 FETCH (UID 2 FLAGS (\\Seen))\nS1: a3 OK done")
        #expect(Invariant.ids(storeGood).isEmpty)
        // A plain FETCH owes no UID, and neither does a flag update for a message outside the UID set.
        let plainFetch = try Self.plain("C1: a3 FETCH 2 (FLAGS)\nS1: * 2 FETCH (FLAGS ())\nS1: a3 OK done")
        #expect(Invariant.ids(plainFetch).isEmpty)
        let update = try Self.plain("C1: a3 UID FETCH 2 (FLAGS)\nS1: * 3 FETCH (FLAGS (\\Seen))\nS1: * 2 FETCH (UID 2 FLAGS ())\nS1: a3 OK done")
        #expect(Invariant.ids(update).isEmpty)
    }

    // MARK: - RFC 7162 §3.1.4.2, a CONDSTORE-only server

    /// Session 1 on a server listing CONDSTORE but not QRESYNC: ENABLE CONDSTORE, then SELECT.
    static let condstoreOnlyCapabilities = "IMAP4rev1 ENABLE CONDSTORE UIDPLUS"
    static let condstoreSelect: String = {
        // `qresyncSelect` up to its SELECT's OK, with ENABLE CONDSTORE instead of QRESYNC.
        let select = Invariant.qresyncSelect(1).replacingOccurrences(of: "QRESYNC", with: "CONDSTORE")
        return String(select[..<select.range(of: "S1: s1 OK [READ-WRITE] selected")!.upperBound])
    }()

    @Test("R7162-3.1.4.2#1: a CONDSTORE-only server's unsolicited FETCH without UID is a deviation (a SHOULD)")
    func condstoreOnlyShouldSendUID() throws {
        let noUID = Self.condstoreSelect + "\nC1: a5 NOOP\nS1: * 1 FETCH (FLAGS (\\Seen) MODSEQ (12))\nS1: a5 OK done"
        let bad = try Invariant.check(noUID, capabilities: Self.condstoreOnlyCapabilities)
        #expect(Self.deviations(bad) == ["R7162-3.1.4.2#1"])
        #expect(Invariant.ids(bad).isEmpty)
        let withUID = noUID.replacingOccurrences(of: "FETCH (FLAGS", with: "FETCH (UID 1 FLAGS")
        let good = try Invariant.check(withUID, capabilities: Self.condstoreOnlyCapabilities)
        #expect(Self.deviations(good).isEmpty)
        #expect(Invariant.ids(good).isEmpty)
        #expect(good.exercised.contains("R7162-3.1.4.2#1"))
        // A STORE's FETCH is held to it too (§3.2.4: "caused by a regular STORE").
        let store = Self.condstoreSelect + "\nC1: a5 STORE 1 +FLAGS (\\Seen)\nS1: * 1 FETCH (FLAGS (\\Seen) MODSEQ (12))\nS1: a5 OK done"
        let storeBad = try Invariant.check(store, capabilities: Self.condstoreOnlyCapabilities)
        #expect(Self.deviations(storeBad) == ["R7162-3.1.4.2#1"])
        #expect(Invariant.ids(storeBad).isEmpty)
        let storeGood = try Invariant.check(store.replacingOccurrences(of: "FETCH (FLAGS", with: "FETCH (UID 1 FLAGS"),
                                            capabilities: Self.condstoreOnlyCapabilities)
        #expect(storeGood.rootFindings.isEmpty, "\(storeGood.rootFindings.map(\.requirementID))")
        // Before any CONDSTORE enabling command nothing is owed.
        let unaware = noUID.replacingOccurrences(of: "C1: e1 ENABLE CONDSTORE\nS1: * ENABLED CONDSTORE\nS1: e1 OK enabled\n", with: "")
            .replacingOccurrences(of: " MODSEQ (12)", with: "")
        let quiet = try Invariant.check(unaware, capabilities: Self.condstoreOnlyCapabilities)
        #expect(quiet.rootFindings.isEmpty, "\(quiet.rootFindings.map(\.requirementID))")
        // On a QRESYNC server the same response breaks the MUST of §3.2.4 instead.
        let qresyncServer = try Invariant.check(noUID)
        #expect(Invariant.ids(qresyncServer) == ["R7162-3.2.4#1"])
        #expect(Self.deviations(qresyncServer).isEmpty)
    }

    // MARK: - RFC 4551, the original CONDSTORE text

    @Test("R4551-3.1#1: SELECT without HIGHESTMODSEQ or NOMODSEQ, no enabling command (original edition)")
    func rfc4551SelectHighestModSeq() throws {
        let select = "C1: a2 SELECT INBOX\nS1: * 1 EXISTS\nS1: * OK [UIDVALIDITY 7] valid"
        let bad = try Original.check(select + "\nS1: a2 OK [READ-WRITE] selected", edition: .rfc4551And5162)
        #expect(Original.ids(bad) == ["R4551-3.1#1"])
        let examine = try Original.check(select.replacingOccurrences(of: "SELECT", with: "EXAMINE") + "\nS1: a2 OK [READ-ONLY] examined",
                                            edition: .rfc4551And5162)
        #expect(Original.ids(examine) == ["R4551-3.1#1"])
        for code in ["HIGHESTMODSEQ 3", "NOMODSEQ"] {
            let good = try Original.check(select + "\nS1: * OK [\(code)] mod-sequences\nS1: a2 OK [READ-WRITE] selected",
                                             edition: .rfc4551And5162)
            #expect(Original.ids(good).isEmpty, "\(code)")
        }
        // A failed SELECT owes neither.
        let failed = try Original.check("C1: a2 SELECT Nowhere\nS1: a2 NO no such mailbox", edition: .rfc4551And5162)
        #expect(Original.ids(failed).isEmpty)
    }

    @Test("R4551-3.2#2: a conditional STORE.SILENT that changed a message without a FETCH carrying MODSEQ (original edition, closed world)")
    func rfc4551FetchEvenIfSilent() throws {
        let store = Invariant.qresyncSelect() + "\nC1: a5 STORE 1 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Seen)"
        let bad = try Original.check(store + "\nS1: a5 OK done", closedWorld: true, edition: .rfc4551And5162)
        #expect(Original.ids(bad) == ["R4551-3.2#2"])
        let good = try Original.check(store + "\nS1: * 1 FETCH (UID 1 MODSEQ (11))\nS1: a5 OK done", closedWorld: true, edition: .rfc4551And5162)
        #expect(Original.ids(good).isEmpty)
        // RFC 7162 keeps the rule under its own number.
        #expect(Original.ids(try Original.check(store + "\nS1: a5 OK done", closedWorld: true)) == ["R7162-3.1.3#2"])
    }

    @Test("R4551-3.2#3: a conditional STORE performed on a message whose mod-sequence is above UNCHANGEDSINCE (original edition, closed world)")
    func rfc4551UnchangedSinceMustFail() throws {
        // Message 3 has MODSEQ 10, above 9. FLAGS replaces every flag, so every one is affected.
        let store = Invariant.qresyncSelect() + "\nC1: a5 STORE 3 (UNCHANGEDSINCE 9) FLAGS (\\Seen)"
        let bad = try Original.check(store + "\nS1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK done",
                                        closedWorld: true, edition: .rfc4551And5162)
        #expect(Original.ids(bad) == ["R4551-3.2#3"])
        // +FLAGS of a flag not known to have changed since may pass (RFC 4551 §5's technique).
        let added = store.replacingOccurrences(of: "9) FLAGS", with: "9) +FLAGS")
        let technique = try Original.check(added + "\nS1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK done",
                                              closedWorld: true, edition: .rfc4551And5162)
        #expect(Original.ids(technique).isEmpty)
        let good = try Original.check(store + "\nS1: a5 OK [MODIFIED 3] conditional store failed", closedWorld: true, edition: .rfc4551And5162)
        #expect(Original.ids(good).isEmpty)
        // At the message's own mod-sequence the STORE is performed.
        let equal = store.replacingOccurrences(of: "UNCHANGEDSINCE 9", with: "UNCHANGEDSINCE 10")
        let passes = try Original.check(equal + "\nS1: * 3 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK done",
                                           closedWorld: true, edition: .rfc4551And5162)
        #expect(Original.ids(passes).isEmpty)
    }

    @Test("R4551-3.2#4: MODIFIED naming a message that did not fail the UNCHANGEDSINCE test (original edition)")
    func rfc4551ModifiedListsFailures() throws {
        // Message 1 (MODSEQ 5) fails UNCHANGEDSINCE 4; MODIFIED names message 3, outside the STORE's set.
        let store = Original.qresyncSelect + "\nC1: a5 STORE 1 (UNCHANGEDSINCE 4) +FLAGS (\\Seen)"
        let outside = try Original.check(store + "\nS1: a5 OK [MODIFIED 3] failed", edition: .rfc4551And5162)
        #expect(Original.ids(outside) == ["R4551-3.2#4"])
        let right = try Original.check(store + "\nS1: a5 OK [MODIFIED 1] failed", edition: .rfc4551And5162)
        #expect(Original.ids(right).isEmpty)
        // Closed world: message 1 (MODSEQ 5) passes UNCHANGEDSINCE 9, so MODIFIED must not name it.
        let passing = Invariant.qresyncSelect() + "\nC1: a5 STORE 1 (UNCHANGEDSINCE 9) +FLAGS (\\Seen)"
        let listed = try Original.check(passing + "\nS1: a5 OK [MODIFIED 1] failed", closedWorld: true, edition: .rfc4551And5162)
        #expect(Original.ids(listed) == ["R4551-3.2#4"])
        let performed = try Original.check(passing + "\nS1: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (11))\nS1: a5 OK done",
                                              closedWorld: true, edition: .rfc4551And5162)
        #expect(Original.ids(performed).isEmpty)
    }

    // MARK: - RFC 5162, the original QRESYNC text

    @Test("R5162-3.6#2: EXPUNGE instead of VANISHED after ENABLE QRESYNC is a deviation (original edition)")
    func rfc5162VanishedShould() throws {
        let expunge = Original.qresyncSelect + "\nC1: a5 EXPUNGE"
        let bad = try Original.check(expunge + "\nS1: * 2 EXPUNGE\nS1: a5 OK done", edition: .rfc4551And5162)
        #expect(Self.deviations(bad) == ["R5162-3.6#2"])
        #expect(Original.ids(bad).isEmpty)
        let good = try Original.check(expunge + "\nS1: * VANISHED 2\nS1: a5 OK done", edition: .rfc4551And5162)
        #expect(Self.deviations(good).isEmpty)
        #expect(Original.ids(good).isEmpty)
        // Without ENABLE QRESYNC, EXPUNGE is the only form.
        let plainSelect = Original.qresyncSelect.replacingOccurrences(of: "C1: a2 ENABLE QRESYNC\nS1: * ENABLED QRESYNC\nS1: a2 OK enabled\n", with: "")
        let selected = String(plainSelect[..<plainSelect.range(of: "S1: a3 OK [READ-WRITE] selected")!.upperBound])
        #expect(!selected.contains("ENABLE"))
        let condstore = try Original.check(selected + """

            C1: a5 EXPUNGE
            S1: * 2 EXPUNGE
            S1: a5 OK done
            """, edition: .rfc4551And5162)
        #expect(condstore.rootFindings.isEmpty, "\(condstore.rootFindings.map(\.requirementID))")
    }

    @Test("R5162-3.6#5: a plain VANISHED repeating a UID already reported is a deviation (original edition)")
    func rfc5162VanishedOnlyNewUIDs() throws {
        let first = Original.qresyncSelect + "\nC1: a5 NOOP\nS1: * VANISHED 2\nS1: a5 OK done\nC1: a6 NOOP"
        let repeated = first + "\nS1: * VANISHED 2\nS1: a6 OK done"
        let bad = try Original.check(repeated, edition: .rfc4551And5162)
        #expect(Self.deviations(bad) == ["R5162-3.6#5"])
        #expect(Original.ids(bad).isEmpty)
        let good = try Original.check(first + "\nS1: * VANISHED 3\nS1: a6 OK done", edition: .rfc4551And5162)
        #expect(Self.deviations(good).isEmpty)
        #expect(Original.ids(good).isEmpty)
        // RFC 7162 (erratum 3322) makes it a MUST.
        #expect(Original.ids(try Original.check(repeated)) == ["R7162-3.2.10.2#3"])
    }

    // MARK: - RFC 6851 §4.4, MOVE with QRESYNC

    /// Session 1 moves UID 2 (MODSEQ 7; the mailbox's HIGHESTMODSEQ is 10) to Other.
    static let move = Invariant.qresyncSelect() + "\nC1: a5 UID MOVE 2 Other\nS1: * OK [COPYUID 9 2 1] moved\nS1: * VANISHED 2"

    @Test("R6851-4.4#2: a MOVE that moved a message reports a HIGHESTMODSEQ not above the old one (closed world)")
    func moveIncrementsModSeq() throws {
        let bad = try Invariant.check(Self.move + "\nS1: a5 OK [HIGHESTMODSEQ 10] done", closedWorld: true)
        #expect(Invariant.ids(bad) == ["R6851-4.4#2"])
        let good = try Invariant.check(Self.move + "\nS1: a5 OK [HIGHESTMODSEQ 11] done", closedWorld: true)
        #expect(Invariant.ids(good).isEmpty)
        #expect(good.exercised.contains("R6851-4.4#2"))
        // The untagged OK counts as the report too.
        let untagged = try Invariant.check(Self.move + "\nS1: * OK [HIGHESTMODSEQ 10] highest\nS1: a5 OK done", closedWorld: true)
        #expect(Invariant.ids(untagged) == ["R6851-4.4#2"])
        // Without QRESYNC (EXPUNGE, a CONDSTORE-only server) the mod-sequence must still go up.
        let condstore = Invariant.qresyncSelect(1)
            .replacingOccurrences(of: "C1: e1 ENABLE QRESYNC\nS1: * ENABLED QRESYNC\nS1: e1 OK enabled\n", with: "")
            .replacingOccurrences(of: "C1: s1 SELECT INBOX", with: "C1: s1 SELECT INBOX (CONDSTORE)") + """

            C1: a5 UID MOVE 2 Other
            S1: * OK [COPYUID 9 2 1] moved
            S1: * 2 EXPUNGE
            """
        #expect(!condstore.contains("ENABLE") && condstore.contains("(CONDSTORE)"))
        let caps = "IMAP4rev1 ENABLE CONDSTORE UIDPLUS MOVE"
        #expect(Invariant.ids(try Invariant.check(condstore + "\nS1: a5 OK [HIGHESTMODSEQ 10] done", closedWorld: true, capabilities: caps))
                == ["R6851-4.4#2"])
        #expect(Invariant.ids(try Invariant.check(condstore + "\nS1: a5 OK [HIGHESTMODSEQ 11] done", closedWorld: true, capabilities: caps))
                .isEmpty)
    }

    @Test("R6851-4.4#4: a MOVE that moved a message with QRESYNC on reports no HIGHESTMODSEQ (closed world)")
    func moveHighestModSeq() throws {
        let bad = try Invariant.check(Self.move + "\nS1: a5 OK done", closedWorld: true)
        #expect(Invariant.ids(bad) == ["R6851-4.4#4"])
        // In the tagged or an untagged OK (RFC 6851 §4.4).
        let untagged = try Invariant.check(Self.move + "\nS1: * OK [HIGHESTMODSEQ 11] highest\nS1: a5 OK done", closedWorld: true)
        #expect(Invariant.ids(untagged).isEmpty)
        let tagged = try Invariant.check(Self.move + "\nS1: a5 OK [HIGHESTMODSEQ 11] done", closedWorld: true)
        #expect(Invariant.ids(tagged).isEmpty)
        #expect(tagged.exercised.contains("R6851-4.4#4"))
        // A MOVE that moved nothing owes no report.
        let none = Invariant.qresyncSelect() + "\nC1: a5 UID MOVE 9 Other\nS1: a5 OK nothing moved"
        #expect(Invariant.ids(try Invariant.check(none, closedWorld: true)).isEmpty)
    }
}
