import Testing
import IMAPTypes
import IMAPWire
import SpecModel
@testable import Conformance

/// Teeth for the rules on the values a server reports (`Checker+ReportedValues`), found by
/// mutation testing: each bad transcript reports a value no conforming server could, and the
/// checker names exactly that requirement; its twin with a possible value draws none. Test names
/// carry the requirement ID (STYLE.md habit 11).
@Suite("Checker - values a server reports (closed world)")
struct CheckerReportedValueTests {
    typealias Invariant = CheckerInvariantTests

    /// Session 1 knows INBOX (UIDs 1-3, MODSEQ 5, 7, 10; HIGHESTMODSEQ 10).
    static func closed(_ body: String) throws -> CheckReport {
        try Invariant.check(Invariant.qresyncSelect(1) + "\n" + body, closedWorld: true)
    }

    @Test("R7162-3.1.5#3: SEARCH MODSEQ ends with a mod-sequence below that of a message it returns")
    func searchModSeqValue() throws {
        let bad = try Self.closed("C1: a3 SEARCH MODSEQ 6\nS1: * SEARCH 2 3 (MODSEQ 9)\nS1: a3 OK done")
        #expect(Invariant.ids(bad) == ["R7162-3.1.5#3"])
        let good = try Self.closed("C1: a3 SEARCH MODSEQ 6\nS1: * SEARCH 2 3 (MODSEQ 10)\nS1: a3 OK done")
        #expect(Invariant.ids(good).isEmpty, "\(good.rootFindings.map(\.expected))")
        let uid = try Self.closed("C1: a3 UID SEARCH MODSEQ 6\nS1: * SEARCH 2 3 (MODSEQ 7)\nS1: a3 OK done")
        #expect(Invariant.ids(uid) == ["R7162-3.1.5#3"])
    }

    @Test("R7162-3.1.10#1: ESEARCH MODSEQ below that of a message its result names")
    func esearchModSeqValue() throws {
        let bad = try Self.closed("C1: a3 UID SEARCH RETURN (ALL) MODSEQ 6\nS1: * ESEARCH (TAG \"a3\") UID ALL 2:3 MODSEQ 9\nS1: a3 OK done")
        #expect(Invariant.ids(bad) == ["R7162-3.1.10#1"])
        let good = try Self.closed("C1: a3 UID SEARCH RETURN (ALL) MODSEQ 6\nS1: * ESEARCH (TAG \"a3\") UID ALL 2:3 MODSEQ 10\nS1: a3 OK done")
        #expect(Invariant.ids(good).isEmpty, "\(good.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.1.2.1#D1: a SELECT's HIGHESTMODSEQ below the mod-sequence of a message still in the mailbox")
    func selectHighestModSeq() throws {
        func reselect(_ highest: Int) -> String {
            """
            C1: a3 SELECT INBOX
            S1: * OK [CLOSED] closed
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 4] next
            S1: * OK [HIGHESTMODSEQ \(highest)] highest
            S1: a3 OK [READ-WRITE] selected
            """
        }
        #expect(Invariant.ids(try Self.closed(reselect(9))) == ["R7162-3.1.2.1#D1"])
        #expect(Invariant.ids(try Self.closed(reselect(10))).isEmpty)
        // A message expunged since may have held the highest mod-sequence: no floor from it.
        let expunged = "C1: a2 UID STORE 3 +FLAGS (\\Deleted)\nS1: * 3 FETCH (UID 3 FLAGS (\\Deleted) MODSEQ (11))\nS1: a2 OK done\n"
            + "C1: a4 EXPUNGE\nS1: * VANISHED 2:3\nS1: a4 OK [HIGHESTMODSEQ 12] done\n"
        let after = try Self.closed(expunged + reselect(6).replacingOccurrences(of: "3 EXISTS", with: "1 EXISTS"))
        #expect(Invariant.ids(after).isEmpty, "\(after.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.1.7#D1: STATUS HIGHESTMODSEQ below the mod-sequence of a message still in the mailbox; R7162-3.1.7#1: not 0 without mod-sequences")
    func statusHighestModSeq() throws {
        func status(_ highest: Int) -> String {
            "C1: a3 UNSELECT\nS1: a3 OK done\nC1: a4 STATUS INBOX (HIGHESTMODSEQ)\nS1: * STATUS INBOX (HIGHESTMODSEQ \(highest))\nS1: a4 OK done"
        }
        #expect(Invariant.ids(try Self.closed(status(8))) == ["R7162-3.1.7#D1"])
        #expect(Invariant.ids(try Self.closed(status(10))).isEmpty)
        let noModSeq = Invariant.noModSeqSelect + "\nC1: a3 UNSELECT\nS1: a3 OK done\nC1: a4 STATUS INBOX (HIGHESTMODSEQ)\nS1: * STATUS INBOX (HIGHESTMODSEQ 4)\nS1: a4 OK done"
        #expect(Invariant.ids(try Invariant.check(noModSeq, closedWorld: true)) == ["R7162-3.1.7#1"])
        let zero = noModSeq.replacingOccurrences(of: "(HIGHESTMODSEQ 4)", with: "(HIGHESTMODSEQ 0)")
        #expect(Invariant.ids(try Invariant.check(zero, closedWorld: true)).isEmpty)
    }

    @Test("R7162-3.1.4.1#D2: FETCH CHANGEDSINCE leaves out a message of its set whose mod-sequence is above the value")
    func changedSinceAnswersEvery() throws {
        let bad = try Self.closed("C1: a3 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 6)\nS1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))\nS1: a3 OK done")
        #expect(Invariant.ids(bad) == ["R7162-3.1.4.1#D2"])
        let good = try Self.closed("C1: a3 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 6)\nS1: * 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (7))\n"
                                   + "S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))\nS1: a3 OK done")
        #expect(Invariant.ids(good).isEmpty, "\(good.rootFindings.map(\.expected))")
        // A message whose change the session was not told of may be answered from its view (not judged).
        let other = Invariant.login(2) + "\n" + """
            C2: b1 SELECT INBOX
            S2: * 3 EXISTS
            S2: * OK [UIDVALIDITY 7] valid
            S2: * OK [UIDNEXT 4] next
            S2: b1 OK [READ-WRITE] selected
            C2: b2 UID STORE 1 +FLAGS (\\Seen)
            S2: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (11))
            S2: b2 OK done
            C1: a3 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 6)
            S1: * 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (7))
            S1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))
            S1: a3 OK done
            """
        let r = try Self.closed(other)
        #expect(!Invariant.ids(r).contains("R7162-3.1.4.1#D2"), "\(r.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.2.10.1#D1: a UID that VANISHED (EARLIER) named shows up again in a session whose view cannot explain it")
    func vanishedEarlierNamesExisting() throws {
        let vanished = "C1: a3 UID FETCH 1:3 (FLAGS) (CHANGEDSINCE 9 VANISHED)\nS1: * VANISHED (EARLIER) 2\nS1: * 3 FETCH (UID 3 FLAGS () MODSEQ (10))\nS1: a3 OK done"
        let later = Invariant.login(2) + "\n" + """
            C2: b1 SELECT INBOX
            S2: * 3 EXISTS
            S2: * OK [UIDVALIDITY 7] valid
            S2: * OK [UIDNEXT 4] next
            S2: b1 OK [READ-WRITE] selected
            C2: b2 UID FETCH 1:* (FLAGS)
            S2: * 1 FETCH (UID 1 FLAGS ())
            S2: * 2 FETCH (UID 2 FLAGS (\\Deleted))
            S2: * 3 FETCH (UID 3 FLAGS ())
            S2: b2 OK done
            """
        #expect(Invariant.ids(try Self.closed(vanished + "\n" + later)) == ["R7162-3.2.10.1#D1"])
        // The server may have expunged it on its own: gone for good, it is no violation.
        let gone = later.replacingOccurrences(of: "3 EXISTS", with: "2 EXISTS")
            .replacingOccurrences(of: "S2: * 2 FETCH (UID 2 FLAGS (\\Deleted))\nS2: * 3 FETCH (UID 3", with: "S2: * 2 FETCH (UID 3")
        let r = try Self.closed(vanished + "\n" + gone)
        #expect(Invariant.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
        // The session that holds it in its view may still be answered from that view.
        let own = try Self.closed(vanished + "\nC1: a4 UID FETCH 2 (FLAGS)\nS1: * 2 FETCH (UID 2 FLAGS (\\Deleted))\nS1: a4 OK done")
        #expect(!Invariant.ids(own).contains("R7162-3.2.10.1#D1"))
    }

    @Test("R5161-3.2#D1: ENABLED lists an extension the ENABLE did not ask for (CONDSTORE with QRESYNC excepted)")
    func enabledOnlyAsked() throws {
        let bad = try Invariant.check("C1: e1 ENABLE CONDSTORE\nS1: * ENABLED CONDSTORE QRESYNC\nS1: e1 OK enabled")
        #expect(Invariant.ids(bad) == ["R5161-3.2#D1"])
        let good = try Invariant.check("C1: e1 ENABLE QRESYNC\nS1: * ENABLED QRESYNC CONDSTORE\nS1: e1 OK enabled")
        #expect(Invariant.ids(good).isEmpty, "\(good.rootFindings.map(\.expected))")
    }

    @Test("a violation is its own root cause after a note of the same requirement (R7162-3.1.3#2): it is not filed under the note")
    func noteDoesNotHideViolation() {
        let grouped = CheckReport.groupRootCauses([
            Finding(requirementID: "R7162-3.1.3#2", severity: .note, session: 1, line: 5, command: "a1 STORE", expected: "x", observed: []),
            Finding(requirementID: "R7162-3.1.3#2", severity: .violation, session: 1, line: 9, command: "a2 STORE", expected: "y", observed: []),
            Finding(requirementID: "R7162-3.1.3#2", severity: .violation, session: 1, line: 12, command: "a3 STORE", expected: "y", observed: []),
        ])
        let roots = grouped.filter { $0.rootCause == nil }
        #expect(roots.map(\.line) == [5, 9])
        #expect(grouped.first { $0.line == 12 }?.rootCause != nil)
    }
}

/// What a conforming server may do that the value rules must not flag (found by an independent
/// review): each transcript drew a false violation before the fix named in its test.
@Suite("Checker - values a server reports: latitude kept")
struct CheckerReportedValueLatitudeTests {
    typealias Invariant = CheckerInvariantTests

    /// Sessions 1 and 2 log in; session 1 enables QRESYNC and selects Work (UIDs 1, 2, 4 with
    /// MODSEQ 5, 7, 10; PERMANENTFLAGS without keywords); `beforeSelect` runs in between.
    static func work(_ beforeSelect: String = "", _ body: String,
                     permanentFlags: String = "\\Answered \\Flagged \\Deleted \\Seen \\Draft") throws -> CheckReport {
        let head = Invariant.login(1) + "\n" + Invariant.login(2)
        let select = """
            C1: e1 ENABLE QRESYNC
            S1: * ENABLED QRESYNC
            S1: e1 OK enabled
            C1: s1 SELECT Work
            S1: * 3 EXISTS
            S1: * OK [UIDVALIDITY 7] valid
            S1: * OK [UIDNEXT 5] next
            S1: * OK [HIGHESTMODSEQ 10] highest
            S1: * OK [PERMANENTFLAGS (\(permanentFlags))] permanent
            S1: s1 OK [READ-WRITE] selected
            C1: f1 UID FETCH 1:* (UID FLAGS MODSEQ)
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
            S1: * 2 FETCH (UID 2 FLAGS (\\Deleted) MODSEQ (7))
            S1: * 3 FETCH (UID 4 FLAGS () MODSEQ (10))
            S1: f1 OK done
            """
        let text = [head, beforeSelect, select, body].filter { !$0.isEmpty }.joined(separator: "\n")
        let trace = try TranscriptReader.read(text, file: "test")
        var c = TraceChecker(options: CheckOptions(closedWorld: true))
        c.check(trace)
        return c.report
    }

    @Test("a STORE of a keyword outside PERMANENTFLAGS may be ignored (RFC 3501 §7.1): no floor for R7162-3.1.5#3, R7162-3.1.4.1#D2, R7162-3.1.7#D1")
    func ignoredStoreRaisesNoFloor() throws {
        let store = "C1: a2 STORE 1 +FLAGS.SILENT ($Junk)\nS1: a2 OK done"
        let search = try Self.work("", store + "\nC1: a3 SEARCH MODSEQ 1\nS1: * SEARCH 1 2 3 (MODSEQ 10)\nS1: a3 OK done")
        #expect(Invariant.ids(search).isEmpty, "\(search.rootFindings.map(\.expected))")
        let changed = try Self.work("", store + "\nC1: a3 FETCH 1:3 (FLAGS) (CHANGEDSINCE 10)\nS1: a3 OK done")
        #expect(Invariant.ids(changed).isEmpty, "\(changed.rootFindings.map(\.expected))")
        let status = try Self.work("", store + "\nC1: a3 UNSELECT\nS1: a3 OK done\nC1: a4 STATUS Work (HIGHESTMODSEQ)\nS1: * STATUS Work (HIGHESTMODSEQ 10)\nS1: a4 OK done")
        #expect(Invariant.ids(status).isEmpty, "\(status.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.1#4: a STORE of a flag outside PERMANENTFLAGS may be ignored or kept for the session only, without a new MODSEQ (RFC 3501 §7.1)")
    func storeOutsidePermanentFlags() throws {
        let ignored = try Self.work("", """
            C1: a2 STORE 1 +FLAGS ($Junk)
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
            S1: a2 OK done
            C1: a3 UID STORE 1 (UNCHANGEDSINCE 5) FLAGS ($Junk)
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
            S1: a3 OK done
            """)
        #expect(Invariant.ids(ignored).isEmpty, "\(ignored.rootFindings.map(\.expected))")
        let sessionOnly = try Self.work("", """
            C1: a2 STORE 1 +FLAGS.SILENT ($Junk)
            S1: a2 OK done
            C1: a3 FETCH 1 (UID FLAGS MODSEQ)
            S1: * 1 FETCH (UID 1 FLAGS ($Junk) MODSEQ (5))
            S1: a3 OK done
            C1: a4 FETCH 1 (UID FLAGS MODSEQ)
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
            S1: a4 OK done
            """)
        #expect(Invariant.ids(sessionOnly).isEmpty, "\(sessionOnly.rootFindings.map(\.expected))")
        // Shown changed at the same MODSEQ: kept for the session only, which may not count as a
        // change of the mailbox's metadata; a note, not a violation.
        let shown = try Self.work("", "C1: a2 STORE 1 +FLAGS ($Junk)\nS1: * 1 FETCH (UID 1 FLAGS ($Junk) MODSEQ (5))\nS1: a2 OK done")
        #expect(Invariant.ids(shown).isEmpty)
        #expect(shown.rootFindings.map(\.requirementID) == ["R7162-3.1#4"])
        // A kept flag stored with it still needs a new mod-sequence...
        let kept = try Self.work("", "C1: a2 STORE 1 +FLAGS ($Junk \\Seen)\nS1: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (5))\nS1: a2 OK done")
        #expect(Invariant.ids(kept) == ["R7162-3.1#4"])
        // ...and so does the keyword where PERMANENTFLAGS lists \* (new keywords are kept).
        let wildcard = try Self.work("", "C1: a2 STORE 1 +FLAGS ($Junk)\nS1: * 1 FETCH (UID 1 FLAGS ($Junk) MODSEQ (5))\nS1: a2 OK done",
                                     permanentFlags: "\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*")
        #expect(Invariant.ids(wildcard) == ["R7162-3.1#4"])
        // Without \Deleted among them, a STORE of \Deleted may be ignored: a later EXPUNGE need not remove the message.
        let deleted = try Self.work("", """
            C1: a2 STORE 1 +FLAGS.SILENT (\\Deleted)
            S1: a2 OK done
            C1: a3 EXPUNGE
            S1: * VANISHED 2
            S1: a3 OK [HIGHESTMODSEQ 12] done
            C1: a4 FETCH 1 (UID FLAGS MODSEQ)
            S1: * 1 FETCH (UID 1 FLAGS () MODSEQ (5))
            S1: a4 OK done
            """, permanentFlags: "\\Seen")
        #expect(Invariant.ids(deleted).isEmpty, "\(deleted.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.2.10.1#D1: a session holding the message by number alone may still be answered from its view")
    func holderWithoutUID() throws {
        let other = "C2: b1 SELECT Work\nS2: * 3 EXISTS\nS2: * OK [UIDVALIDITY 7] valid\nS2: * OK [UIDNEXT 5] next\nS2: b1 OK [READ-WRITE] selected"
        let r = try Self.work(other, """
            C1: a3 UID FETCH 1:4 (FLAGS) (CHANGEDSINCE 9 VANISHED)
            S1: * VANISHED (EARLIER) 2
            S1: * 3 FETCH (UID 4 FLAGS () MODSEQ (10))
            S1: a3 OK done
            C2: b2 FETCH 2 (UID FLAGS)
            S2: * 2 FETCH (UID 2 FLAGS (\\Deleted))
            S2: b2 OK done
            """)
        #expect(Invariant.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
    }

    @Test("R7162-3.1.7#D1: a mailbox renamed away and created again starts afresh")
    func renameForgetsTruth() throws {
        let r = try Self.work("", """
            C1: a3 UNSELECT
            S1: a3 OK done
            C1: a4 RENAME Work Old
            S1: a4 OK renamed
            C1: a5 CREATE Work
            S1: a5 OK created
            C1: a6 STATUS Work (MESSAGES HIGHESTMODSEQ)
            S1: * STATUS Work (MESSAGES 0 HIGHESTMODSEQ 1)
            S1: a6 OK done
            """)
        #expect(Invariant.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
    }

    @Test("R5161-3.2#D1: ENABLED may repeat what an earlier ENABLE turned on (RFC 5161 §3.1: a SHOULD)")
    func enabledRepeatsEarlier() throws {
        let r = try Invariant.check("C1: e1 ENABLE UTF8=ACCEPT\nS1: * ENABLED UTF8=ACCEPT\nS1: e1 OK enabled\n"
                                    + "C1: e2 ENABLE QRESYNC\nS1: * ENABLED QRESYNC UTF8=ACCEPT\nS1: e2 OK enabled")
        #expect(Invariant.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
    }

    @Test("closed world: a message-number set far beyond the view (FETCH 1:4294967295) is cut to the view, not walked")
    func hugeNumberSet() throws {
        let r = try Self.work("", "C1: a3 FETCH 1:4294967295 (FLAGS)\nS1: * 1 FETCH (FLAGS ())\nS1: * 2 FETCH (FLAGS (\\Deleted))\nS1: * 3 FETCH (FLAGS ())\nS1: a3 OK done")
        #expect(Invariant.ids(r).isEmpty, "\(r.rootFindings.map(\.expected))")
        var view = MailboxView(mailbox: .inbox, readOnly: false)
        _ = view.exists(3)
        #expect(Checker.inView(UIDSet(ranges: [1...UInt32.max]), view) == UIDSet(ranges: [1...3]))
        #expect(Checker.inView(UIDSet(ranges: [2...2, 5...UInt32.max]), view) == UIDSet(ranges: [2...2]))
    }

    @Test("R7162-3.1.3#4: a MODIFIED code naming up to 2^32-1 numbers is compared with the STORE's set by ranges, not walked (it hung)")
    func hugeModifiedSet() throws {
        let select = "C1: s1 SELECT INBOX (CONDSTORE)\nS1: * 5 EXISTS\nS1: * OK [UIDVALIDITY 7] valid\nS1: * OK [UIDNEXT 6] next\n"
            + "S1: * OK [HIGHESTMODSEQ 10] highest\nS1: s1 OK [READ-WRITE] selected\n"
        let inSet = try Invariant.check(select + "C1: a1 UID STORE 1:4294967295 (UNCHANGEDSINCE 1) +FLAGS (\\Seen)\n"
                                        + "S1: a1 OK [MODIFIED 1:4294967295] failed")
        #expect(Invariant.ids(inSet).isEmpty, "\(inSet.rootFindings.map(\.expected))")
        let outside = try Invariant.check(select + "C1: a1 STORE 1:5 (UNCHANGEDSINCE 1) +FLAGS (\\Seen)\n"
                                          + "S1: a1 OK [MODIFIED 1:4294967295] failed")
        #expect(Invariant.ids(outside) == ["R7162-3.1.3#4"])
        #expect(SequenceSet([3...3, 7...9]).mayContainSet() == UIDSet(ranges: [3...3, 7...9]))
        #expect(SequenceSet.ranges([SequenceRange(.number(4), .star)]).mayContainSet() == UIDSet(ranges: [1...UInt32.max]))
        #expect(SequenceSet.lastResult.mayContainSet() == nil)
    }

    @Test("R7162-3.2.10.2#3: VANISHED 1:4294967295 is judged by ranges, open and closed world (it hung): the UIDs beyond the session's messages cannot be visible")
    func hugeVanished() throws {
        for closedWorld in [false, true] {
            let r = try Invariant.check(Invariant.qresyncSelect() + "\nC1: n1 NOOP\nS1: * VANISHED 1:4294967295\nS1: n1 OK done",
                                        closedWorld: closedWorld)
            #expect(Invariant.ids(r) == ["R7162-3.2.10.2#3"])
            #expect(r.rootFindings.first?.expected.contains("4:4294967295") == true, "\(r.rootFindings.map(\.expected))")
        }
    }

    @Test("a search's returned UIDs are found through one map of the view, built once (a lookup each was quadratic)")
    func messageNumbersOfUIDs() {
        var view = MailboxView(mailbox: .inbox, readOnly: false)
        _ = view.exists(4)
        _ = view.learnUID(10, at: 1)
        _ = view.learnUID(30, at: 3)
        #expect(Checker.messageNumbers(view) == [10: 1, 30: 3])
    }
}

/// Teeth for the open world's memory of earlier selections: a UID names the same message while
/// UIDVALIDITY stays (RFC 3501 §2.3.1.1) and its mod-sequence never goes back (RFC 7162 §3.1), so
/// what one selection reported bounds what a later selection of the same mailbox in the same
/// session may report. Test names carry the requirement ID (STYLE.md habit 11).
@Suite("Checker - values a server reports (open world): earlier selections of the session")
struct CheckerEarlierSelectionTests {
    typealias Invariant = CheckerInvariantTests

    /// Session 1 selects INBOX again (UIDVALIDITY `uidValidity`, HIGHESTMODSEQ `highest`) after
    /// `qresyncSelect` told it UIDs 1 to 3 with MODSEQ 5, 7 and 10.
    static func reselect(highest: Int, uidValidity: Int = 7, select: String = "SELECT INBOX") -> String {
        """
        C1: a3 \(select)
        S1: * OK [CLOSED] closed
        S1: * 3 EXISTS
        S1: * OK [UIDVALIDITY \(uidValidity)] valid
        S1: * OK [UIDNEXT 4] next
        S1: * OK [HIGHESTMODSEQ \(highest)] highest
        S1: a3 OK [READ-WRITE] selected
        """
    }

    @Test("R7162-3.1#4, open world: a message's MODSEQ below what an earlier selection of the same mailbox (same UIDVALIDITY) reported for it")
    func modSeqBackAcrossReselection() throws {
        func fetch(_ modSeq: Int, uidValidity: Int = 7) throws -> CheckReport {
            try Invariant.check(Invariant.qresyncSelect(1) + "\n" + Self.reselect(highest: 12, uidValidity: uidValidity)
                                + "\nC1: a4 UID FETCH 3 (FLAGS MODSEQ)\nS1: * 3 FETCH (UID 3 FLAGS () MODSEQ (\(modSeq)))\nS1: a4 OK done")
        }
        #expect(Invariant.ids(try fetch(8)) == ["R7162-3.1#4"])
        #expect(Invariant.ids(try fetch(10)).isEmpty)
        #expect(Invariant.ids(try fetch(12)).isEmpty)
        // A new UIDVALIDITY: UID 3 may name another message (RFC 3501 §2.3.1.1).
        #expect(Invariant.ids(try fetch(8, uidValidity: 9)).isEmpty)
    }

    @Test("R7162-3.1.2.1#D1, open world: a SELECT's HIGHESTMODSEQ below the MODSEQ an earlier selection reported for a message this one shows is still there")
    func selectHighestModSeqBelowEarlierSelection() throws {
        // 3 EXISTS and UIDNEXT 4: UIDs 1 to 3 are all there, UID 3 with a mod-sequence of at least 10.
        #expect(Invariant.ids(try Invariant.check(Invariant.qresyncSelect(1) + "\n" + Self.reselect(highest: 9))) == ["R7162-3.1.2.1#D1"])
        #expect(Invariant.ids(try Invariant.check(Invariant.qresyncSelect(1) + "\n" + Self.reselect(highest: 9, select: "EXAMINE INBOX"))) == ["R7162-3.1.2.1#D1"])
        #expect(Invariant.ids(try Invariant.check(Invariant.qresyncSelect(1) + "\n" + Self.reselect(highest: 10))).isEmpty)
        #expect(Invariant.ids(try Invariant.check(Invariant.qresyncSelect(1) + "\n" + Self.reselect(highest: 9, uidValidity: 9))).isEmpty)
        // Two of three messages: which UIDs are left is open, and UID 3 may be gone (RFC 7162 §3.1.2.1
        // bounds it by the messages in the mailbox).
        let fewer = Self.reselect(highest: 6).replacingOccurrences(of: "3 EXISTS", with: "2 EXISTS")
        #expect(Invariant.ids(try Invariant.check(Invariant.qresyncSelect(1) + "\n" + fewer)).isEmpty)
    }
}
