import Testing
import IMAPTypes
@testable import SpecModel

// One test per MUST-level requirement of RFC 7162 §3 that the reference model enforces: the
// model is driven through sessions and commands, and the test asserts on the responses it
// returns (what a client would see), with the store's state as a second witness. Values the
// server chooses (mod-sequences, when notifications arrive, whether a no-op bumps) are never
// pinned; only the relations the RFC fixes are. Test names carry the requirement ID (STYLE.md
// habit 11).

private let archive = MailboxName("Archive")

/// A store with INBOX and Archive, `sessions` logged-in sessions and `messages` messages in INBOX.
private func store(_ latitude: Latitude = Latitude(), sessions: Int = 1, messages: Int = 0,
                   noModSeq: Set<MailboxName> = [], faults: Set<InjectedFault> = []) -> (MailStore, [Int]) {
    makeStore(latitude, seed: 11, mailboxes: [.inbox, archive], noModSeq: noModSeq, faults: faults, sessions: sessions, messages: messages)
}

/// `+FLAGS (flag)`, `.SILENT` when asked.
private func add(_ flag: Flag, silent: Bool = false) -> StoreAction { StoreAction(.add, silent: silent, flags: [flag]) }

/// One untagged FETCH, its data items pulled apart.
private struct Fetched: Equatable {
    var number: UInt32
    var uid: UInt32?
    var modSeq: UInt64?
    var flags: [Flag]?
}

private func fetches(_ o: CommandOutcome) -> [Fetched] {
    o.untagged.compactMap { u -> Fetched? in
        guard case .fetch(let n, let attrs) = u else { return nil }
        var f = Fetched(number: n.rawValue)
        for a in attrs {
            switch a {
            case .uid(let x): f.uid = x.rawValue
            case .modSeq(let m): f.modSeq = m.rawValue
            case .flags(let fl): f.flags = fl
            default: break
            }
        }
        return f
    }
}

/// The response codes of the untagged OK responses, in order.
private func untaggedCodes(_ o: CommandOutcome) -> [ResponseCode] {
    o.untagged.compactMap { u -> ResponseCode? in
        if case .condition(.ok, let rt) = u { return rt.code }
        return nil
    }
}

/// The HIGHESTMODSEQ values of the untagged OK responses.
private func untaggedHighestModSeqs(_ o: CommandOutcome) -> [UInt64] {
    untaggedCodes(o).compactMap { if case .highestModSeq(let m) = $0 { return m.rawValue }; return nil }
}

private func hasNoModSeq(_ o: CommandOutcome) -> Bool { untaggedCodes(o).contains(.noModSeq) }

private func taggedHighestModSeq(_ o: CommandOutcome) -> UInt64? {
    if case .highestModSeq(let m)? = o.code { return m.rawValue }
    return nil
}

/// Every UID of the plain VANISHED responses (in order), and of the VANISHED (EARLIER) ones.
private func vanished(_ o: CommandOutcome) -> [UInt32] {
    o.untagged.flatMap { u -> [UInt32] in if case .vanished(let s) = u { return Array(s) }; return [] }
}

private func vanishedEarlier(_ o: CommandOutcome) -> [UInt32] {
    o.untagged.flatMap { u -> [UInt32] in if case .vanishedEarlier(let s) = u { return Array(s) }; return [] }
}

private func expungeCount(_ o: CommandOutcome) -> Int {
    o.untagged.filter { if case .expunge = $0 { return true }; return false }.count
}

private func qresync(_ uidValidity: UInt32, _ modSeq: UInt64, known: SequenceSet? = nil) -> SelectParameter {
    .qresync(QResyncParameters(uidValidity: UIDValidity(uidValidity)!, modSeq: ModSeq(modSeq)!, knownUIDs: known))
}

@Suite("Model requirements - RFC 7162 §3.1 CONDSTORE")
struct ModelCondstoreRequirementTests {
    @Test("R7162-3.1#2: two STOREs from two sessions on one mailbox never end with the same mod-sequence",
          arguments: Latitude.Allocation.allCases)
    func storesInTwoSessions(_ allocation: Latitude.Allocation) {
        var (st, ids) = store(Latitude(allocation: allocation), sessions: 2, messages: 2)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.select(.inbox, [.condstore]), session: a)
        _ = st.execute(.select(.inbox, [.condstore]), session: b)
        let x = st.execute(.store(seqs("1:2"), [], add(.seen), uid: false), session: a)
        let y = st.execute(.store(seqs("1:2"), [], add(.flagged), uid: false), session: b)
        let mx = Set(fetches(x).compactMap(\.modSeq)), my = Set(fetches(y).compactMap(\.modSeq))
        #expect(fetches(x).count == 2)
        #expect(!mx.isEmpty && !my.isEmpty)
        #expect(mx.isDisjoint(with: my))
        // The second STORE's values are what the mailbox holds now.
        #expect(Set(st.mailboxes[.inbox]!.messages.map(\.modSeq)) == my)
    }

    @Test("R7162-3.1#3: a later successful STORE in a session gets a higher mod-sequence than an earlier one",
          arguments: Latitude.Allocation.allCases)
    func storesInOneSession(_ allocation: Latitude.Allocation) {
        var (st, ids) = store(Latitude(allocation: allocation, maxGap: 3), messages: 3)
        let s = ids[0]
        _ = st.execute(.select(.inbox, [.condstore]), session: s)
        var last: UInt64 = 0
        for (set, action) in [("1", add(.seen)), ("3", add(.flagged)), ("1:3", add(.answered)), ("1", StoreAction(.remove, flags: [.seen]))] {
            let o = st.execute(.store(seqs(set), [], action, uid: false), session: s)
            #expect(o.status == .ok)
            let values = fetches(o).compactMap(\.modSeq)
            #expect(!values.isEmpty)
            #expect(values.allSatisfy { $0 > last }, "STORE \(set) after mod-sequence \(last): \(values)")
            last = values.max() ?? last
        }
    }

    @Test("R7162-3.1.2#2: a successful SELECT or EXAMINE of a mailbox with mod-sequences reports HIGHESTMODSEQ",
          arguments: [false, true])
    func openReportsHighestModSeq(_ examine: Bool) {
        var (st, ids) = store(messages: 3)
        let o = st.execute(examine ? .examine(.inbox, [.condstore]) : .select(.inbox, [.condstore]), session: ids[0])
        #expect(o.status == .ok)
        #expect(untaggedHighestModSeqs(o) == [st.mailboxes[.inbox]!.messages.map(\.modSeq).max()!])
        #expect(!hasNoModSeq(o))
    }

    @Test("R7162-3.1.2#3: a successful SELECT or EXAMINE of a mailbox without mod-sequences reports NOMODSEQ instead",
          arguments: [false, true])
    func openReportsNoModSeq(_ examine: Bool) {
        var (st, ids) = store(messages: 3, noModSeq: [.inbox])
        let o = st.execute(examine ? .examine(.inbox, [.condstore]) : .select(.inbox, [.condstore]), session: ids[0])
        #expect(o.status == .ok)
        #expect(hasNoModSeq(o))
        #expect(untaggedHighestModSeqs(o).isEmpty)
    }

    /// Each way of issuing a CONDSTORE enabling command before the mailbox is opened.
    static let enablers: [Command] = [.enable([.condstore]), .enable([.qresync]), .status(.inbox, [.highestModSeq])]

    @Test("R7162-3.1.2.1#1: once CONDSTORE is enabled, every SELECT and EXAMINE of a mailbox with mod-sequences carries HIGHESTMODSEQ",
          arguments: enablers)
    func everyOpenAfterEnabling(_ enabler: Command) {
        var (st, ids) = store(messages: 2)
        let s = ids[0]
        _ = st.execute(enabler, session: s)
        for open in [Command.select(.inbox, []), .examine(.inbox, []), .select(archive, []), .examine(archive, []), .select(.inbox, [])] {
            let o = st.execute(open, session: s)
            #expect(o.status == .ok)
            let name: MailboxName
            switch open {
            case .select(let m, _), .examine(let m, _): name = m
            default: continue
            }
            #expect(untaggedHighestModSeqs(o) == [st.mailboxes[name]!.highestModSeq], "\(open)")
        }
    }

    @Test("R7162-3.1.2.2#1: once CONDSTORE is enabled, every SELECT and EXAMINE of a mailbox without mod-sequences carries NOMODSEQ",
          arguments: enablers)
    func everyOpenAfterEnablingNoModSeq(_ enabler: Command) {
        var (st, ids) = store(messages: 2, noModSeq: [.inbox, archive])
        let s = ids[0]
        _ = st.execute(enabler, session: s)
        for open in [Command.select(.inbox, []), .examine(.inbox, []), .select(archive, []), .examine(archive, [])] {
            let o = st.execute(open, session: s)
            #expect(o.status == .ok)
            #expect(untaggedCodes(o).filter { $0 == .noModSeq }.count == 1, "\(open)")
            #expect(untaggedHighestModSeqs(o).isEmpty, "\(open)")
        }
    }

    /// The commands a NOMODSEQ mailbox must refuse (RFC 7162 §3.1.2.2), each with its plain twin.
    static let modSeqCommands: [(Command, Command)] = [
        (.fetch(seqs("1:2"), [.flags], [.changedSince(ModSeq(1)!)], uid: false), .fetch(seqs("1:2"), [.flags], [], uid: false)),
        (.fetch(seqs("1:2"), [.flags], [.changedSince(ModSeq(1)!)], uid: true), .fetch(seqs("1:2"), [.flags], [], uid: true)),
        (.fetch(seqs("1"), [.modSeq], [], uid: false), .fetch(seqs("1"), [.uid], [], uid: false)),
        (.fetch(seqs("1"), [.flags, .modSeq], [], uid: true), .fetch(seqs("1"), [.flags], [], uid: true)),
        (.search(SearchCommand(keys: [.modSeq(entry: nil, .zero)]), uid: false), .search(SearchCommand(keys: [.all]), uid: false)),
        (.search(SearchCommand(keys: [.not(.modSeq(entry: nil, ModSeqOrZero(5)!))]), uid: true), .search(SearchCommand(keys: [.seen]), uid: true)),
        (.store(seqs("1"), [.unchangedSince(ModSeqOrZero(9)!)], add(.seen), uid: false), .store(seqs("1"), [], add(.seen), uid: false)),
        (.store(seqs("2"), [.unchangedSince(.zero)], add(.flagged, silent: true), uid: true), .store(seqs("2"), [], add(.flagged, silent: true), uid: true)),
    ]

    @Test("R7162-3.1.2.2#2: a NOMODSEQ mailbox rejects CHANGEDSINCE, FETCH or SEARCH MODSEQ and UNCHANGEDSINCE with BAD, and stays selected",
          arguments: modSeqCommands)
    func noModSeqRejects(_ command: Command, _ twin: Command) {
        var (st, ids) = store(messages: 2, noModSeq: [.inbox])
        let s = ids[0]
        let select = st.execute(.select(.inbox, [.condstore]), session: s)
        #expect(hasNoModSeq(select))
        let flagsBefore = st.mailboxes[.inbox]!.messages.indices.map { st.mailboxes[.inbox]!.flags(at: $0) }
        let o = st.execute(command, session: s)
        #expect(o.status == .bad)
        #expect(st.mailboxes[.inbox]!.messages.indices.map { st.mailboxes[.inbox]!.flags(at: $0) } == flagsBefore)
        #expect(st.sessions[s]?.selection?.mailbox == .inbox)
        #expect(st.execute(twin, session: s).status == .ok)
        // The same command in a mailbox with mod-sequences is accepted.
        var (other, otherIDs) = store(messages: 2)
        _ = other.execute(.select(.inbox, [.condstore]), session: otherIDs[0])
        #expect(other.execute(command, session: otherIDs[0]).status != .bad)
    }

    @Test("R7162-3.1.3#1: a successful conditional STORE updates the message's mod-sequence; modseq-not-bumped breaks it",
          arguments: [false, true])
    func conditionalStoreUpdates(_ injected: Bool) {
        var (st, ids) = store(messages: 2, faults: injected ? [.modSeqNotBumped] : [])
        let s = ids[0]
        _ = st.execute(.select(.inbox, [.condstore]), session: s)
        let before = st.mailboxes[.inbox]!.messages[0].modSeq
        let o = st.execute(.store(seqs("1"), [.unchangedSince(ModSeqOrZero(before)!)], add(.seen), uid: false), session: s)
        #expect(o.status == .ok && o.code == nil)
        #expect(st.mailboxes[.inbox]!.flags(at: 0).contains(.seen))
        let after = st.mailboxes[.inbox]!.messages[0].modSeq
        #expect((after > before) == !injected)
        #expect(fetches(o).map(\.modSeq) == [after])
    }

    @Test("R7162-3.1.3#2: every message a conditional STORE changed gets a FETCH with MODSEQ, also with .SILENT",
          arguments: [false, true])
    func conditionalStoreFetches(_ silent: Bool) {
        var (st, ids) = store(messages: 3)
        let s = ids[0]
        // A plain SELECT: UNCHANGEDSINCE is itself a CONDSTORE enabling command.
        _ = st.execute(.select(.inbox, []), session: s)
        let limit = ModSeqOrZero(st.mailboxes[.inbox]!.highestModSeq)!
        let o = st.execute(.store(seqs("1:3"), [.unchangedSince(limit)], add(.seen, silent: silent), uid: false), session: s)
        #expect(o.status == .ok && o.code == nil)
        let mb = st.mailboxes[.inbox]!
        let byNumber = Dictionary(fetches(o).map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        for n in 1...3 {
            #expect(byNumber[UInt32(n)]?.modSeq == mb.messages[n - 1].modSeq, "message \(n)")
        }
        if silent { #expect(fetches(o).allSatisfy { $0.flags == nil }) }
    }

    @Test("R7162-3.1.3#8: a server avoiding spurious MODIFIED fails a conditional +FLAGS or -FLAGS only when a flag it names changed after the value; STORE FLAGS fails whenever the message did",
          arguments: [true, false])
    func spuriousModifiedAvoided(avoids: Bool) {
        var (st, ids) = store(Latitude(avoidsSpuriousModified: avoids), sessions: 2, messages: 3)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.select(.inbox, []), session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        let before = st.mailboxes[.inbox]!.messages[0].modSeq
        // Another session flags message 1 after the value the client holds.
        _ = st.execute(.store(seqs("1"), [], add(.flagged), uid: false), session: b)
        let limit = ModSeqOrZero(before)!
        let seen = st.execute(.store(seqs("1"), [.unchangedSince(limit)], add(.seen), uid: false), session: a)
        // \Seen did not change since: only a server keeping one mod-sequence per message refuses.
        #expect((seen.code == nil) == avoids, "\(String(describing: seen.code))")
        let flagged = st.execute(.store(seqs("1"), [.unchangedSince(limit)], StoreAction(.remove, silent: false, flags: [.flagged]), uid: false), session: a)
        #expect(flagged.code == .modified(SequenceSet(UIDSet([1]).ranges)), "\\Flagged changed after the value")
        let replace = st.execute(.store(seqs("1"), [.unchangedSince(limit)], StoreAction(.replace, silent: false, flags: [.seen]), uid: false), session: a)
        #expect(replace.code == .modified(SequenceSet(UIDSet([1]).ranges)), "STORE FLAGS affects every flag")
    }

    @Test("R7162-3.1.3#13: a message named twice in a conditional STORE does not fail on its second occurrence",
          arguments: [false, true])
    func duplicateInConditionalStore(_ uid: Bool) {
        var (st, ids) = store(messages: 4)
        let s = ids[0]
        _ = st.execute(.select(.inbox, [.condstore]), session: s)
        let limit = ModSeqOrZero(st.mailboxes[.inbox]!.highestModSeq)!
        // RFC 7162's own example: "STORE 7,3:9": message 2 is first named alone, then within 1:4.
        let o = st.execute(.store(seqs("2,1:4"), [.unchangedSince(limit)], add(.deleted, silent: true), uid: uid), session: s)
        #expect(o.status == .ok)
        #expect(o.code == nil, "MODIFIED must not list a message that succeeded on its first occurrence")
        let mb = st.mailboxes[.inbox]!
        #expect(mb.messages.indices.allSatisfy { mb.flags(at: $0).contains(.deleted) })
    }

    @Test("R7162-3.1.3#14: a STORE without UNCHANGEDSINCE updates the mod-sequence of each message it changes; modseq-not-bumped breaks it",
          arguments: [false, true])
    func plainStoreUpdates(_ injected: Bool) {
        var (st, ids) = store(messages: 3, faults: injected ? [.modSeqNotBumped] : [])
        let s = ids[0]
        _ = st.execute(.select(.inbox, [.condstore]), session: s)
        _ = st.execute(.store(seqs("2"), [], add(.flagged), uid: false), session: s)
        let before = st.mailboxes[.inbox]!.messages.map(\.modSeq)
        // Messages 1 and 3 change; message 2 already has \Flagged (whether a no-op bumps is a SHOULD NOT, R7162-3.1#5).
        let o = st.execute(.store(seqs("1:3"), [], add(.flagged), uid: false), session: s)
        #expect(o.status == .ok)
        let after = st.mailboxes[.inbox]!.messages.map(\.modSeq)
        for i in [0, 2] {
            #expect((after[i] > before[i]) == !injected, "message \(i + 1)")
            #expect(fetches(o).first { $0.number == UInt32(i + 1) }?.modSeq == after[i])
        }
    }

    @Test("R7162-3.1.3#15: an unsolicited FETCH to a CONDSTORE-aware session that has the mailbox open carries the mod-sequence",
          arguments: [Latitude.NotificationTiming.anyCommand, .noopOnly])
    func unsolicitedFetchHasModSeq(_ timing: Latitude.NotificationTiming) {
        var (st, ids) = store(Latitude(notificationTiming: timing), sessions: 2, messages: 2)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.enable([.condstore]), session: a)
        _ = st.execute(.select(.inbox, []), session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("1"), [], add(.seen), uid: false), session: b)
        st.externalStore(.inbox, uid: 2, add(.answered))
        let n = st.execute(.noop, session: a)
        let mb = st.mailboxes[.inbox]!
        #expect(fetches(n).map(\.number).sorted() == [1, 2])
        for f in fetches(n) { #expect(f.modSeq == mb.messages[Int(f.number) - 1].modSeq, "message \(f.number)") }
    }

    @Test("R7162-3.1.6#1: SEARCH MODSEQ with matches ends with the highest mod-sequence of the messages returned, not of the mailbox",
          arguments: [false, true])
    func searchResponseModSeq(_ uid: Bool) {
        var (st, ids) = store(messages: 3)
        let s = ids[0]
        _ = st.execute(.select(.inbox, [.condstore]), session: s)
        _ = st.execute(.store(seqs("1"), [], add(.seen), uid: false), session: s)
        _ = st.execute(.store(seqs("2"), [], add(.seen), uid: false), session: s)
        let mb = st.mailboxes[.inbox]!
        // Messages 1 and 3 match; message 2 holds the mailbox's highest mod-sequence.
        let o = st.execute(.search(SearchCommand(keys: [.modSeq(entry: nil, ModSeqOrZero(1)!), .not(.sequenceSet(seqs("2")))]), uid: uid), session: s)
        guard case .search(let numbers, let top)? = o.untagged.first(where: { if case .search = $0 { return true }; return false }) else {
            Issue.record("no SEARCH response")
            return
        }
        #expect(numbers == [1, 3])
        #expect(top?.rawValue == max(mb.messages[0].modSeq, mb.messages[2].modSeq))
        #expect(top!.rawValue < mb.messages[1].modSeq)
        // No match: no mod-sequence is appended.
        let none = st.execute(.search(SearchCommand(keys: [.modSeq(entry: nil, ModSeqOrZero(mb.highestModSeq + 1)!)]), uid: uid), session: s)
        #expect(none.untagged.contains(.search([], modSeq: nil)))
    }

    @Test("R7162-3.1.7#1: STATUS HIGHESTMODSEQ is 0 for a mailbox without mod-sequences")
    func statusZero() {
        var (st, ids) = store(messages: 2, noModSeq: [.inbox])
        let s = ids[0]
        let o = st.execute(.status(.inbox, [.messages, .highestModSeq]), session: s)
        #expect(o.status == .ok)
        #expect(o.untagged.contains(.status(.inbox, [.messages(2), .highestModSeq(.zero)])))
        // Its twin with mod-sequences reports the mailbox's value, never 0.
        let other = st.execute(.status(archive, [.highestModSeq]), session: s)
        #expect(other.untagged.contains(.status(archive, [.highestModSeq(ModSeqOrZero(st.mailboxes[archive]!.highestModSeq)!)])))
        #expect(st.mailboxes[archive]!.highestModSeq > 0)
    }

    @Test("STATUS DELETED and SIZE (RFC 9051 §6.3.11): the messages with \\Deleted and the octets of all messages")
    func statusDeletedSize() {
        var (st, ids) = store(messages: 3)
        let s = ids[0]
        let mb = st.mailboxes[.inbox]!
        let deleted = mb.messages.indices.filter { mb.flags(at: $0).contains(.deleted) }.count
        let size = mb.messages.indices.reduce(0) { $0 + (mb.bodies[mb.messages[$1].uid]?.count ?? 0) }
        let o = st.execute(.status(.inbox, [.deleted, .size]), session: s)
        #expect(o.status == .ok)
        #expect(o.untagged == [.status(.inbox, [.other(name: "DELETED", value: UInt64(deleted)), .other(name: "SIZE", value: UInt64(size))])])
    }

    @Test("R7162-3.1.8#1: after SELECT (CONDSTORE) every unsolicited FETCH carries MODSEQ, whatever caused it")
    func condstoreParameter() {
        var (st, ids) = store(sessions: 2, messages: 3)
        let (a, b) = (ids[0], ids[1])
        #expect(st.execute(.select(.inbox, [.condstore]), session: a).status == .ok)
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("1"), [], add(.seen), uid: false), session: b)
        st.externalStore(.inbox, uid: 2, add(.flagged))
        let n = st.execute(.noop, session: a)
        #expect(fetches(n).map(\.number).sorted() == [1, 2])
        #expect(fetches(n).allSatisfy { $0.modSeq == st.mailboxes[.inbox]!.messages[Int($0.number) - 1].modSeq })
        // A FETCH that sets \Seen implicitly reports the change with MODSEQ too.
        let f = st.execute(.fetch(seqs("3"), [.bodySection(peek: false, section: "", partial: nil)], [], uid: false), session: a)
        #expect(st.mailboxes[.inbox]!.flags(at: 2).contains(.seen))
        #expect(fetches(f).first { $0.number == 3 }?.modSeq == st.mailboxes[.inbox]!.messages[2].modSeq)
    }

    @Test("R7162-3.1.10#1: an extended SEARCH using MODSEQ with matches answers ESEARCH carrying MODSEQ",
          arguments: [[SearchReturnOption.all], [.count], [.min], [.max], [.min, .max], []])
    func esearchModSeq(_ options: [SearchReturnOption]) {
        var (st, ids) = store(messages: 3)
        let s = ids[0]
        _ = st.execute(.select(.inbox, [.condstore]), session: s)
        _ = st.execute(.store(seqs("2"), [], add(.seen), uid: false), session: s)
        let o = st.execute(.search(SearchCommand(returnOptions: options, keys: [.modSeq(entry: nil, ModSeqOrZero(1)!)]), uid: false), session: s)
        guard case .esearch(let e)? = o.untagged.first(where: { if case .esearch = $0 { return true }; return false }) else {
            Issue.record("no ESEARCH response")
            return
        }
        let modSeqs = e.returnData.compactMap { d -> UInt64? in if case .modSeq(let m) = d { return m.rawValue }; return nil }
        #expect(modSeqs.count == 1, "\(options)")
        #expect(!o.untagged.contains { if case .search = $0 { return true }; return false })
    }
}

@Suite("Model requirements - RFC 7162 §3.2 QRESYNC")
struct ModelQResyncRequirementTests {
    /// The ways RFC 7162 §3.2 names for removing messages.
    enum Removal: String, CaseIterable, Sendable { case expunge, uidExpunge, close, move }

    @Test("R7162-3.2#1: EXPUNGE, UID EXPUNGE, CLOSE and MOVE raise the mailbox's mod-sequence and tie the new value to the expunged UIDs",
          arguments: Removal.allCases)
    func removalRaisesModSeq(_ removal: Removal) {
        var (st, ids) = store(Latitude(maxGap: 2), messages: 4)
        let s = ids[0]
        _ = st.execute(.enable([.qresync]), session: s)
        _ = st.execute(.select(.inbox, []), session: s)
        _ = st.execute(.store(seqs("2,4"), [], add(.deleted), uid: false), session: s)
        let before = st.mailboxes[.inbox]!.highestModSeq
        let o: CommandOutcome
        switch removal {
        case .expunge: o = st.execute(.expunge, session: s)
        case .uidExpunge: o = st.execute(.uidExpunge(seqs("1:4")), session: s)
        case .close: o = st.execute(.close, session: s)
        case .move: o = st.execute(.move(seqs("2,4"), archive, uid: false), session: s)
        }
        #expect(o.status == .ok)
        let mb = st.mailboxes[.inbox]!
        #expect(mb.messages.map(\.uid) == [1, 3])
        #expect(mb.highestModSeq > before)
        #expect(mb.expungeModSeq(of: 2) == mb.highestModSeq)
        #expect(mb.expungeModSeq(of: 4) == mb.highestModSeq)
        // What a later resynchronisation shows: both UIDs vanished after the old value.
        let c = st.openSession()
        _ = st.execute(.login(user: "test", password: "testpass"), session: c)
        _ = st.execute(.enable([.qresync]), session: c)
        let r = st.execute(.select(.inbox, [qresync(mb.uidValidity, before)]), session: c)
        #expect(vanishedEarlier(r) == [2, 4])
    }

    @Test("expunge-keeps-highestmodseq breaks R7162-3.2#1 for EXPUNGE and UID EXPUNGE: the UIDs go, the mod-sequence stays",
          arguments: [Removal.expunge, .uidExpunge])
    func removalFault(_ removal: Removal) {
        var (st, ids) = store(messages: 3, faults: [.expungeKeepsHighestModSeq])
        let s = ids[0]
        _ = st.execute(.enable([.qresync]), session: s)
        _ = st.execute(.select(.inbox, []), session: s)
        _ = st.execute(.store(seqs("2"), [], add(.deleted), uid: false), session: s)
        let before = st.mailboxes[.inbox]!.highestModSeq
        let o = st.execute(removal == .expunge ? .expunge : .uidExpunge(seqs("1:3")), session: s)
        #expect(vanished(o) == [2])
        #expect(st.mailboxes[.inbox]!.highestModSeq == before)
        #expect(taggedHighestModSeq(o) == before)
    }

    @Test("R7162-3.2#4: while an expunge waits, a FETCH reporting a higher MODSEQ comes with HIGHESTMODSEQ below the expunge's mod-sequence")
    func delayedExpungeHighestModSeq() {
        var (st, ids) = store(sessions: 2, messages: 3)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.enable([.qresync]), session: a)
        _ = st.execute(.select(.inbox, []), session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("3"), [], add(.deleted), uid: false), session: b)
        _ = st.execute(.expunge, session: b)
        let expunged = st.mailboxes[.inbox]!.expungeModSeq(of: 3)!
        _ = st.execute(.store(seqs("1"), [], add(.flagged), uid: false), session: b)
        // FETCH may not carry the VANISHED (RFC 7162 §3.2.10.2), so the expunge is still delayed.
        let f = st.execute(.fetch(seqs("1"), [.flags, .modSeq], [], uid: false), session: a)
        #expect(vanished(f).isEmpty)
        let reported = fetches(f).compactMap(\.modSeq).max()!
        #expect(reported > expunged)
        let highest = (untaggedHighestModSeqs(f) + [taggedHighestModSeq(f)].compactMap { $0 }).last
        #expect(highest != nil, "a HIGHESTMODSEQ must follow the MODSEQ data")
        #expect(highest.map { $0 < expunged } == true)
        // The expunge arrives with the next command that may carry it.
        #expect(vanished(st.execute(.noop, session: a)) == [3])
    }

    @Test("R7162-3.2#3: while another session's flag change waits, a STORE reporting a higher MODSEQ comes with HIGHESTMODSEQ below the change")
    func delayedFlagChangeHighestModSeq() {
        var (st, ids) = store(Latitude(notificationTiming: .noopOnly), sessions: 2, messages: 3)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.enable([.qresync]), session: a)
        _ = st.execute(.select(.inbox, []), session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("2"), [], add(.answered), uid: false), session: b)
        let changed = st.mailboxes[.inbox]!.messages[1].modSeq
        // STORE does not carry notifications under this timing, so UID 2's change waits.
        let s = st.execute(.store(seqs("1"), [], add(.flagged), uid: false), session: a)
        #expect(fetches(s).allSatisfy { $0.uid != 2 })
        #expect(fetches(s).compactMap(\.modSeq).max().map { $0 > changed } == true)
        let highest = (untaggedHighestModSeqs(s) + [taggedHighestModSeq(s)].compactMap { $0 }).last
        #expect(highest.map { $0 < changed } == true, "a client holding \(String(describing: highest)) would never learn of UID 2's change at \(changed)")
        // A FETCH naming UID 2's flags delivers the change: nothing is held back after it.
        let f = st.execute(.fetch(seqs("1:2"), [.uid, .flags, .modSeq], [], uid: false), session: a)
        #expect(fetches(f).contains { $0.uid == 2 })
        #expect(taggedHighestModSeq(f) == nil && untaggedHighestModSeqs(f).isEmpty)
    }

    @Test("R7162-3.2.3#1: a QRESYNC server advertises ENABLE and implements it")
    func enableAdvertised() {
        var (st, ids) = store()
        let s = ids[0]
        let caps = st.execute(.capability, session: s)
        guard case .capability(let list)? = caps.untagged.first else {
            Issue.record("no CAPABILITY response")
            return
        }
        #expect(list.contains(.qresync) && list.contains(.enable))
        let e = st.execute(.enable([.qresync]), session: s)
        #expect(e.status == .ok)
        #expect(e.untagged == [.enabled([.qresync])])
        #expect(st.sessions[s]!.qresyncEnabled)
    }

    @Test("R7162-3.2.3#2: ENABLE QRESYNC and ENABLE QRESYNC CONDSTORE are both accepted, with the same effect, each a CONDSTORE enabling command",
          arguments: [[Capability.qresync], [.qresync, .condstore], [.condstore, .qresync]])
    func enableVariants(_ caps: [Capability]) {
        /// What follows the ENABLE in one fresh store.
        func run(_ caps: [Capability]) -> (CommandOutcome, [CommandOutcome]) {
            var (st, ids) = store(sessions: 2, messages: 3)
            let (s, other) = (ids[0], ids[1])
            let e = st.execute(.enable(caps), session: s)
            var after: [CommandOutcome] = []
            after.append(st.execute(.select(.inbox, []), session: s))
            _ = st.execute(.select(.inbox, []), session: other)
            _ = st.execute(.store(seqs("1"), [], add(.seen), uid: false), session: other)
            after.append(st.execute(.store(seqs("2"), [], add(.deleted), uid: false), session: s))
            after.append(st.execute(.expunge, session: s))
            after.append(st.execute(.uidFetchVanished, session: s))
            return (e, after)
        }
        let (e, after) = run(caps)
        #expect(e.status == .ok)
        #expect(e.untagged.contains { if case .enabled(let l) = $0 { return l.contains(.qresync) }; return false })
        // A CONDSTORE enabling command: the next SELECT reports HIGHESTMODSEQ.
        #expect(untaggedHighestModSeqs(after[0]).count == 1)
        #expect(after == run([.qresync]).1)
    }

    @Test("R7162-3.2.3#3: after ENABLE QRESYNC removals are VANISHED, not EXPUNGE, in every mailbox not answered with NOMODSEQ",
          arguments: [false, true])
    func vanishedAfterEnable(_ enabled: Bool) {
        var (st, ids) = store(sessions: 2, messages: 3, noModSeq: [archive])
        let (a, b) = (ids[0], ids[1])
        if enabled { _ = st.execute(.enable([.qresync]), session: a) }
        _ = st.execute(.select(.inbox, []), session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("1"), [], add(.deleted), uid: false), session: a)
        let own = st.execute(.expunge, session: a)
        _ = st.execute(.store(seqs("2"), [], add(.deleted), uid: true), session: b)
        _ = st.execute(.expunge, session: b)
        let theirs = st.execute(.noop, session: a)
        if enabled {
            #expect(vanished(own) == [1] && expungeCount(own) == 0)
            #expect(vanished(theirs) == [2] && expungeCount(theirs) == 0)
        } else {
            #expect(vanished(own).isEmpty && expungeCount(own) == 1)
            #expect(vanished(theirs).isEmpty && expungeCount(theirs) == 1)
        }
        // A mailbox answered with NOMODSEQ keeps EXPUNGE.
        for _ in 0..<2 { _ = st.deliver(to: archive, flags: [.deleted]) }
        let sel = st.execute(.select(archive, []), session: a)
        #expect(hasNoModSeq(sel) == enabled)
        let x = st.execute(.expunge, session: a)
        #expect(vanished(x).isEmpty && expungeCount(x) == 2)
    }

    @Test("R7162-3.2.3#5: the QRESYNC select parameter and the VANISHED modifier get BAD unless ENABLE QRESYNC was answered",
          arguments: [[Capability](), [.condstore], [.qresync]])
    func qresyncNeedsEnable(_ enabled: [Capability]) {
        var (st, ids) = store(messages: 2)
        let s = ids[0]
        if !enabled.isEmpty { _ = st.execute(.enable(enabled), session: s) }
        let uv = st.mailboxes[.inbox]!.uidValidity
        let on = enabled.contains(.qresync)
        let sel = st.execute(.select(.inbox, [qresync(uv, 1)]), session: s)
        #expect((sel.status == .bad) == !on)
        let ex = st.execute(.examine(.inbox, [qresync(uv, 1)]), session: s)
        #expect((ex.status == .bad) == !on)
        _ = st.execute(.select(.inbox, [.condstore]), session: s)
        let f = st.execute(.fetch(seqs("1:2"), [.flags], [.changedSince(ModSeq(1)!), .vanished], uid: true), session: s)
        #expect((f.status == .bad) == !on)
    }

    @Test("R7162-3.2.5#2: SELECT and EXAMINE with QRESYNC send every untagged response a plain SELECT or EXAMINE sends",
          arguments: [false, true])
    func qresyncKeepsSelectResponses(_ examine: Bool) {
        var (st, ids) = store(sessions: 2, messages: 3)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.enable([.qresync]), session: a)
        _ = st.execute(.enable([.qresync]), session: b)
        let mb = st.mailboxes[.inbox]!
        let plain = st.execute(examine ? .examine(.inbox, []) : .select(.inbox, []), session: a)
        for params in [qresync(mb.uidValidity, mb.highestModSeq), qresync(mb.uidValidity, 1), qresync(mb.uidValidity + 1, 1),
                       qresync(mb.uidValidity, 1, known: seqs("2:3"))] {
            let q = st.execute(examine ? .examine(.inbox, [params]) : .select(.inbox, [params]), session: b)
            #expect(q.status == .ok && q.code == plain.code)
            for u in plain.untagged where u != .condition(.ok, ResponseText(code: .closed, text: "previous mailbox closed")) {
                #expect(q.untagged.contains(u), "\(params): missing \(u)")
            }
        }
        // The RFC 3501 §6.3.1 responses are there in the first place.
        #expect(plain.untagged.contains { if case .flags = $0 { return true }; return false })
        #expect(plain.untagged.contains(.exists(3)))
        #expect(plain.untagged.contains { if case .recent = $0 { return true }; return false })
        #expect(untaggedCodes(plain).contains(.uidValidity(UIDValidity(mb.uidValidity)!)))
    }

    @Test("R7162-3.2.5#3: a QRESYNC parameter with another UIDVALIDITY is ignored: no VANISHED (EARLIER), no FETCH")
    func uidValidityMismatch() {
        var (st, ids) = store(sessions: 2, messages: 4)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.enable([.qresync]), session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        let uv = st.mailboxes[.inbox]!.uidValidity
        _ = st.execute(.store(seqs("2"), [], add(.deleted), uid: false), session: b)
        _ = st.execute(.expunge, session: b)
        _ = st.execute(.store(seqs("1"), [], add(.seen), uid: false), session: b)
        let wrong = st.execute(.select(.inbox, [qresync(uv &+ 7, 1)]), session: a)
        #expect(wrong.status == .ok)
        #expect(vanishedEarlier(wrong).isEmpty && vanished(wrong).isEmpty)
        #expect(fetches(wrong).isEmpty)
        #expect(untaggedCodes(wrong).contains(.uidValidity(UIDValidity(uv)!)))
        // The twin with the right UIDVALIDITY reports both changes.
        let right = st.execute(.select(.inbox, [qresync(uv, 1)]), session: a)
        #expect(vanishedEarlier(right) == [2])
        #expect(fetches(right).map(\.uid) == [1, 3, 4])
    }

    @Test("R7162-3.2.5.1#1: SELECT and EXAMINE (QRESYNC) of a mailbox without mod-sequences answer NOMODSEQ",
          arguments: [false, true])
    func qresyncNoModSeq(_ examine: Bool) {
        var (st, ids) = store(messages: 2, noModSeq: [.inbox])
        let s = ids[0]
        _ = st.execute(.enable([.qresync]), session: s)
        let uv = st.mailboxes[.inbox]!.uidValidity
        for _ in 0..<2 {
            let o = st.execute(examine ? .examine(.inbox, [qresync(uv, 1)]) : .select(.inbox, [qresync(uv, 1)]), session: s)
            #expect(o.status == .ok)
            #expect(untaggedCodes(o).filter { $0 == .noModSeq }.count == 1)
            #expect(untaggedHighestModSeqs(o).isEmpty)
        }
    }

    @Test("R7162-3.2.5.1#2: QRESYNC for a mailbox without mod-sequences ignores the other arguments and reports no changes")
    func qresyncNoModSeqIgnores() {
        var (st, ids) = store(sessions: 2, messages: 4, noModSeq: [.inbox])
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.enable([.qresync]), session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("2"), [], add(.deleted), uid: false), session: b)
        _ = st.execute(.expunge, session: b)
        _ = st.execute(.store(seqs("1"), [], add(.seen), uid: false), session: b)
        let uv = st.mailboxes[.inbox]!.uidValidity
        let o = st.execute(.select(.inbox, [qresync(uv, 1, known: seqs("1:4"))]), session: a)
        #expect(o.status == .ok && hasNoModSeq(o))
        #expect(vanishedEarlier(o).isEmpty && vanished(o).isEmpty)
        #expect(fetches(o).isEmpty)
    }

    @Test("R7162-3.2.6#1: FETCH with the VANISHED modifier gets BAD; UID FETCH with it does not")
    func vanishedOnFetch() {
        var (st, ids) = store(messages: 3)
        let s = ids[0]
        _ = st.execute(.enable([.qresync]), session: s)
        _ = st.execute(.select(.inbox, []), session: s)
        let bad = st.execute(.fetch(seqs("1:3"), [.flags], [.changedSince(ModSeq(1)!), .vanished], uid: false), session: s)
        #expect(bad.status == .bad && bad.untagged.isEmpty)
        let good = st.execute(.fetch(seqs("1:3"), [.flags], [.changedSince(ModSeq(1)!), .vanished], uid: true), session: s)
        #expect(good.status == .ok)
    }

    @Test("R7162-3.2.6#4: UID FETCH with VANISHED but without CHANGEDSINCE gets BAD")
    func vanishedNeedsChangedSince() {
        var (st, ids) = store(messages: 3)
        let s = ids[0]
        _ = st.execute(.enable([.qresync]), session: s)
        _ = st.execute(.select(.inbox, []), session: s)
        let bad = st.execute(.fetch(seqs("1:3"), [.flags, .modSeq], [.vanished], uid: true), session: s)
        #expect(bad.status == .bad && bad.untagged.isEmpty)
    }

    @Test("R7162-3.2.8#1: a CLOSE that removes a message raises the mailbox's mod-sequence and remembers it with the UID")
    func closeRaisesModSeq() {
        var (st, ids) = store(messages: 3)
        let s = ids[0]
        _ = st.execute(.select(.inbox, [.condstore]), session: s)
        _ = st.execute(.store(seqs("2"), [], add(.deleted), uid: false), session: s)
        let before = st.mailboxes[.inbox]!.highestModSeq
        let o = st.execute(.close, session: s)
        #expect(o.status == .ok && o.untagged.isEmpty)
        let mb = st.mailboxes[.inbox]!
        #expect(mb.index(ofUID: 2) == nil)
        #expect(mb.highestModSeq > before)
        #expect(mb.expungeModSeq(of: 2) == mb.highestModSeq)
        // A new session sees the raised value.
        let c = st.openSession()
        _ = st.execute(.login(user: "test", password: "testpass"), session: c)
        #expect(untaggedHighestModSeqs(st.execute(.select(.inbox, [.condstore]), session: c)) == [mb.highestModSeq])
    }

    @Test("R7162-3.2.9#L1: UID EXPUNGE removes only the \\Deleted messages of its set, reports them with VANISHED, then OK [HIGHESTMODSEQ]")
    func uidExpunge() {
        var (st, ids) = store(messages: 5)
        let s = ids[0]
        _ = st.execute(.enable([.qresync]), session: s)
        _ = st.execute(.select(.inbox, []), session: s)
        _ = st.execute(.store(seqs("1,2,4"), [], add(.deleted), uid: false), session: s)
        let before = st.mailboxes[.inbox]!.highestModSeq
        let o = st.execute(.uidExpunge(seqs("2:5")), session: s)
        #expect(o.status == .ok)
        #expect(vanished(o).sorted() == [2, 4])
        let mb = st.mailboxes[.inbox]!
        #expect(mb.messages.map(\.uid) == [1, 3, 5])
        #expect(mb.highestModSeq > before)
        #expect(taggedHighestModSeq(o) == mb.highestModSeq)
        #expect(mb.expungeModSeq(of: 2) == mb.highestModSeq && mb.expungeModSeq(of: 4) == mb.highestModSeq)
    }

    @Test("R7162-3.2.10#1 and R7162-3.2.10.2#2: with QRESYNC on, every removal is a VANISHED without EARLIER, never EXPUNGE",
          arguments: ModelQResyncRequirementTests.Removal.allCases)
    func vanishedNotEarlier(_ removal: Removal) {
        var (st, ids) = store(sessions: 2, messages: 4)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.enable([.qresync]), session: a)
        _ = st.execute(.select(.inbox, []), session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("2,3"), [], add(.deleted), uid: false), session: a)
        var outcomes: [CommandOutcome] = []
        switch removal {
        case .expunge: outcomes.append(st.execute(.expunge, session: a))
        case .uidExpunge: outcomes.append(st.execute(.uidExpunge(seqs("2:3")), session: a))
        case .move: outcomes.append(st.execute(.move(seqs("2:3"), archive, uid: true), session: a))
        case .close:
            // Another connection's removal: the CLOSE there is silent, the news comes here.
            _ = st.execute(.close, session: b)
            outcomes.append(st.execute(.noop, session: a))
        }
        outcomes.append(st.execute(.noop, session: a))
        #expect(outcomes.flatMap(vanished) == [2, 3])
        #expect(outcomes.allSatisfy { vanishedEarlier($0).isEmpty && expungeCount($0) == 0 })
    }

    @Test("R7162-3.2.10#3: VANISHED (EARLIER) for what a UID FETCH (VANISHED) or SELECT (QRESYNC) asked about, plain VANISHED for removals in the session")
    func twoForms() {
        var (st, ids) = store(sessions: 2, messages: 4)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("1"), [], add(.deleted), uid: false), session: b)
        _ = st.execute(.expunge, session: b)
        _ = st.execute(.enable([.qresync]), session: a)
        _ = st.execute(.select(.inbox, []), session: a)
        // UID 4 goes while session a has it in view; UID 1 went before a opened the mailbox.
        _ = st.execute(.store(seqs("3"), [], add(.deleted), uid: false), session: b)
        _ = st.execute(.expunge, session: b)
        let f = st.execute(.fetch(seqs("1:4"), [.flags], [.changedSince(ModSeq(1)!), .vanished], uid: true), session: a)
        // The model answers NO here (UID 4 was a target when the command began); which status is
        // not what this requirement is about.
        #expect(f.status != .bad)
        #expect(vanished(f) == [4], "UID 4 leaves the session's view: plain VANISHED")
        #expect(vanishedEarlier(f).contains(1), "UID 1 was never in view: VANISHED (EARLIER)")
        #expect(!vanished(f).contains(1))
        // A resynchronising SELECT reports with EARLIER only.
        let c = st.openSession()
        _ = st.execute(.login(user: "test", password: "testpass"), session: c)
        _ = st.execute(.enable([.qresync]), session: c)
        let r = st.execute(.select(.inbox, [qresync(st.mailboxes[.inbox]!.uidValidity, 1)]), session: c)
        #expect(vanishedEarlier(r) == [1, 4] && vanished(r).isEmpty)
    }

    @Test("R7162-3.2.10.2#4: a plain VANISHED names only messages announced to the session and not already reported")
    func vanishedOnlyVisible() {
        var (st, ids) = store(sessions: 2, messages: 2)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.enable([.qresync]), session: a)
        _ = st.execute(.select(.inbox, []), session: a)
        // UID 3 arrives; session a has not been told of it by EXISTS when it goes.
        _ = st.deliver(to: .inbox, flags: [])
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("2:3"), [], add(.deleted), uid: false), session: b)
        _ = st.execute(.expunge, session: b)
        let n = st.execute(.noop, session: a)
        #expect(vanished(n) == [2])
        #expect(!n.untagged.contains { if case .exists = $0 { return true }; return false }, "UID 3 was never announced")
        // Already reported: never again.
        #expect(vanished(st.execute(.noop, session: a)).isEmpty)
        _ = st.execute(.store(seqs("1"), [], add(.deleted), uid: false), session: a)
        #expect(vanished(st.execute(.expunge, session: a)) == [1])
    }

    @Test("R7162-3.2.11#L1: SELECT or EXAMINE of another mailbox sends OK [CLOSED] first, even without a CONDSTORE enabling command",
          arguments: [false, true])
    func closedWithoutEnabling(_ examine: Bool) {
        var (st, ids) = store(messages: 1)
        let s = ids[0]
        _ = st.execute(.select(.inbox, []), session: s)
        #expect(st.sessions[s]!.condstoreEnabled == false)
        let o = st.execute(examine ? .examine(archive, []) : .select(archive, []), session: s)
        #expect(o.status == .ok)
        guard case .condition(.ok, let rt)? = o.untagged.first else {
            Issue.record("no untagged OK first")
            return
        }
        #expect(rt.code == .closed)
        #expect(untaggedCodes(o).filter { $0 == .closed }.count == 1)
    }
}

private extension Command {
    /// A resynchronising UID FETCH of everything since mod-sequence 1.
    static let uidFetchVanished = Command.fetch(SequenceSet([1...10]), [.flags], [.changedSince(ModSeq(1)!), .vanished], uid: true)
}
