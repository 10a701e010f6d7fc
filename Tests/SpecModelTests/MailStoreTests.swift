import Testing
import IMAPTypes
@testable import SpecModel

/// A store with one logged-in session per id, for the tables below.
private func store(_ latitude: Latitude = Latitude(), sessions: Int = 1, messages: Int = 0) -> (MailStore, [Int]) {
    makeStore(latitude, seed: 7, sessions: sessions, messages: messages)
}

private func modSeqs(_ o: CommandOutcome) -> [UInt64] {
    o.untagged.flatMap { u -> [UInt64] in
        guard case .fetch(_, let attrs) = u else { return [] }
        return attrs.compactMap { if case .modSeq(let m) = $0 { return m.rawValue }; return nil }
    }
}

@Suite("Reference model - RFC 7162 §3.1 CONDSTORE")
struct MailStoreCondstoreTests {
    @Test("R7162-3.1#4 a flag change updates the mod-sequence; R7162-3.1#5 a no-op does not")
    func flagChangeBumps() {
        var (st, ids) = store(messages: 1)
        let s = ids[0]
        _ = st.execute(.select(.inbox, [.condstore]), session: s)
        let before = st.mailboxes[.inbox]!.messages[0].modSeq
        let a = st.execute(.store(seqs("1"), [], StoreAction(.add, flags: [.seen]), uid: false), session: s)
        #expect(a.status == .ok)
        let after = st.mailboxes[.inbox]!.messages[0].modSeq
        #expect(after > before)
        #expect(modSeqs(a) == [after])
        let b = st.execute(.store(seqs("1"), [], StoreAction(.add, flags: [.seen]), uid: false), session: s)
        #expect(b.status == .ok)
        #expect(st.mailboxes[.inbox]!.messages[0].modSeq == after)
    }

    @Test("R7162-3.1.3#4 UNCHANGEDSINCE failures are listed in MODIFIED, successes get FETCH MODSEQ even with .SILENT")
    func unchangedSince() {
        var (st, ids) = store(sessions: 2, messages: 3)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.select(.inbox, [.condstore]), session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        let base = st.mailboxes[.inbox]!.highestModSeq
        _ = st.execute(.store(seqs("2"), [], StoreAction(.add, flags: [.flagged]), uid: false), session: b)
        let o = st.execute(.store(seqs("1:3"), [.unchangedSince(ModSeqOrZero(base)!)],
                                  StoreAction(.add, silent: true, flags: [.deleted]), uid: false), session: a)
        #expect(o.code == .modified(seqs("2")))
        let fetched = o.untagged.compactMap { u -> UInt32? in if case .fetch(let n, _) = u { return n.rawValue }; return nil }
        #expect(fetched.contains(1) && fetched.contains(3))
        #expect(!st.mailboxes[.inbox]!.flags(at: 1).contains(.deleted))
        #expect(st.mailboxes[.inbox]!.flags(at: 0).contains(.deleted))
    }

    @Test("R7162-3.1.3#6 UNCHANGEDSINCE 0 with a system flag fails for every message")
    func unchangedSinceZero() {
        var (st, ids) = store(messages: 2)
        _ = st.execute(.select(.inbox, []), session: ids[0])
        let o = st.execute(.store(seqs("1:2"), [.unchangedSince(.zero)], StoreAction(.add, flags: [.seen]), uid: false), session: ids[0])
        #expect(o.code == .modified(seqs("1:2")))
    }

    @Test("R7162-3.1#8 the first enabling command with a mailbox selected reports HIGHESTMODSEQ")
    func firstEnabling() {
        for tagged in [false, true] {
            var (st, ids) = store(Latitude(highestModSeqInTaggedOK: tagged), messages: 1)
            _ = st.execute(.select(.inbox, []), session: ids[0])
            let o = st.execute(.fetch(seqs("1"), [.modSeq], [], uid: false), session: ids[0])
            let untaggedCode = o.untagged.contains {
                if case .condition(.ok, let rt) = $0, case .highestModSeq? = rt.code { return true }
                return false
            }
            let taggedCode: Bool = { if case .highestModSeq? = o.code { return true }; return false }()
            #expect(untaggedCode || taggedCode)
            #expect(taggedCode == tagged)
        }
    }

    @Test("RFC 3501 §7.1: without \\* in PERMANENTFLAGS a STORE of a keyword is ignored, with no new mod-sequence")
    func keywordsNotKept() {
        for keeps in [true, false] {
            var (st, ids) = store(Latitude(keepsKeywords: keeps), messages: 1)
            let select = st.execute(.select(.inbox, [.condstore]), session: ids[0])
            let permanent: [PermanentFlag]? = select.untagged.lazy.compactMap {
                if case .condition(.ok, let rt) = $0, case .permanentFlags(let p)? = rt.code { return p }
                return nil
            }.first
            #expect(permanent?.contains(.wildcard) == keeps)
            let before = st.mailboxes[.inbox]!.messages[0].modSeq
            let o = st.execute(.store(seqs("1"), [], StoreAction(.add, flags: [Flag("$Junk")!]), uid: false), session: ids[0])
            #expect(o.status == .ok)
            #expect(st.mailboxes[.inbox]!.flags(at: 0).contains(Flag("$Junk")!) == keeps)
            #expect((st.mailboxes[.inbox]!.messages[0].modSeq > before) == keeps)
            // A system flag is kept either way.
            _ = st.execute(.store(seqs("1"), [], StoreAction(.replace, flags: [.seen]), uid: false), session: ids[0])
            #expect(st.mailboxes[.inbox]!.flags(at: 0) == [.seen])
        }
    }

    @Test("R7162-3.1.5#3 SEARCH MODSEQ appends the highest mod-sequence of a non-empty result")
    func searchModSeq() {
        var (st, ids) = store(messages: 3)
        _ = st.execute(.select(.inbox, [.condstore]), session: ids[0])
        let o = st.execute(.search(SearchCommand(keys: [.modSeq(entry: nil, .zero)]), uid: false), session: ids[0])
        guard case .search(let nums, let top)? = o.untagged.first(where: { if case .search = $0 { return true }; return false }) else {
            Issue.record("no SEARCH response")
            return
        }
        #expect(nums == [1, 2, 3])
        #expect(top?.rawValue == st.mailboxes[.inbox]!.messages.map(\.modSeq).max())
    }
}

@Suite("Reference model - RFC 7162 §3.2 QRESYNC")
struct MailStoreQResyncTests {
    @Test("R7162-3.2.7#3 EXPUNGE with QRESYNC: VANISHED and HIGHESTMODSEQ in the tagged OK")
    func expunge() {
        var (st, ids) = store(messages: 3)
        let s = ids[0]
        _ = st.execute(.enable([.qresync]), session: s)
        _ = st.execute(.select(.inbox, []), session: s)
        _ = st.execute(.store(seqs("2"), [], StoreAction(.add, flags: [.deleted]), uid: false), session: s)
        let before = st.mailboxes[.inbox]!.highestModSeq
        let o = st.execute(.expunge, session: s)
        #expect(o.untagged.contains(.vanished(UIDSet([2]))))
        guard case .highestModSeq(let m)? = o.code else {
            Issue.record("no HIGHESTMODSEQ")
            return
        }
        #expect(m.rawValue > before)
        #expect(st.mailboxes[.inbox]!.expungeModSeq(of: 2) == m.rawValue)
    }

    @Test("R7162-3.2.8#3 CLOSE expunges silently and carries no HIGHESTMODSEQ")
    func close() {
        var (st, ids) = store(messages: 2)
        let s = ids[0]
        _ = st.execute(.enable([.qresync]), session: s)
        _ = st.execute(.select(.inbox, []), session: s)
        _ = st.execute(.store(seqs("1"), [], StoreAction(.add, flags: [.deleted]), uid: false), session: s)
        let o = st.execute(.close, session: s)
        #expect(o.code == nil && o.untagged.isEmpty)
        #expect(st.mailboxes[.inbox]!.messages.count == 1)
        #expect(st.mailboxes[.inbox]!.expungeLog.count == 1)
    }

    @Test("R7162-3.2.5.1#3 SELECT (QRESYNC) reports expunges and changes since the client's mod-sequence")
    func resync() {
        var (st, ids) = store(sessions: 2, messages: 5)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.enable([.qresync]), session: a)
        _ = st.execute(.select(.inbox, []), session: a)
        let uv = st.mailboxes[.inbox]!.uidValidity
        let known = st.mailboxes[.inbox]!.highestModSeq
        _ = st.execute(.logout, session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("2,4"), [], StoreAction(.add, flags: [.deleted]), uid: false), session: b)
        _ = st.execute(.store(seqs("5"), [], StoreAction(.add, flags: [.flagged]), uid: false), session: b)
        _ = st.execute(.expunge, session: b)
        let c = st.openSession()
        _ = st.execute(.login(user: "test", password: "testpass"), session: c)
        _ = st.execute(.enable([.qresync]), session: c)
        let o = st.execute(.select(.inbox, [.qresync(QResyncParameters(uidValidity: UIDValidity(uv)!, modSeq: ModSeq(known)!))]), session: c)
        #expect(o.untagged.contains(.vanishedEarlier(UIDSet([2, 4]))))
        let fetchedUIDs = o.untagged.flatMap { u -> [UInt32] in
            guard case .fetch(_, let attrs) = u else { return [] }
            return attrs.compactMap { if case .uid(let x) = $0 { return x.rawValue }; return nil }
        }
        #expect(fetchedUIDs == [5])
    }

    @Test("R7162-3.2.10.2#5 another session's expunge waits during FETCH and comes with NOOP")
    func expungeTiming() {
        var (st, ids) = store(sessions: 2, messages: 3)
        let (a, b) = (ids[0], ids[1])
        _ = st.execute(.enable([.qresync]), session: a)
        _ = st.execute(.select(.inbox, []), session: a)
        _ = st.execute(.select(.inbox, []), session: b)
        _ = st.execute(.store(seqs("3"), [], StoreAction(.add, flags: [.deleted]), uid: false), session: b)
        _ = st.execute(.expunge, session: b)
        let f = st.execute(.fetch(seqs("1"), [.flags], [], uid: false), session: a)
        #expect(!f.untagged.contains { if case .vanished = $0 { return true }; return false })
        let n = st.execute(.noop, session: a)
        #expect(n.untagged.contains(.vanished(UIDSet([3]))))
    }

    @Test("QRESYNC parameter before ENABLE QRESYNC is BAD (R7162-3.2.5#1)")
    func qresyncNeedsEnable() {
        var (st, ids) = store(messages: 1)
        let o = st.execute(.select(.inbox, [.qresync(QResyncParameters(uidValidity: UIDValidity(1)!, modSeq: ModSeq(1)!))]), session: ids[0])
        #expect(o.status == .bad)
    }

    @Test("a CONDSTORE-only store neither lists nor enables QRESYNC; ENABLE still enables CONDSTORE")
    func condstoreOnly() {
        var (st, ids) = store(messages: 1)
        st.offersQResync = false
        #expect(!st.capabilities.contains(.qresync) && st.capabilities.contains(.condstore))
        #expect(st.execute(.capability, session: ids[0]).untagged == [.capability(st.capabilities)])
        let both = st.execute(.enable([.condstore, .qresync]), session: ids[0])
        #expect(both.status == .ok && both.untagged == [.enabled([.condstore])])
        #expect(st.execute(.enable([.qresync]), session: ids[0]).untagged == [.enabled([])])
        let o = st.execute(.select(.inbox, [.qresync(QResyncParameters(uidValidity: UIDValidity(1)!, modSeq: ModSeq(1)!))]), session: ids[0])
        #expect(o.status == .bad)
        let plain = st.execute(.select(.inbox, []), session: ids[0])
        #expect(plain.untagged.contains { if case .condition(.ok, let rt) = $0, case .highestModSeq? = rt.code { return true }; return false })
    }
}

@Suite("Reference model - invariants under a random walk")
struct MailStoreRandomWalkTests {
    /// A random command from the store's state: mostly legal, drawn with fixed weights.
    static func randomCommand(_ st: MailStore, session: Int, rng: inout SplitMix64) -> Command {
        let sel = st.sessions[session]?.selection
        let count = UInt32(sel?.count ?? 0)
        func someSet() -> SequenceSet {
            guard count > 0 else { return seqs("1") }
            let a = UInt32(rng.below(UInt64(count))) + 1
            let b = UInt32(rng.below(UInt64(count))) + 1
            return seqs("\(min(a, b)):\(max(a, b))")
        }
        let flags: [Flag] = [.seen, .deleted, .flagged, Flag("$Junk")!]
        let f = [flags[Int(rng.below(4))]]
        let boxes: [MailboxName] = [.inbox, MailboxName("Archive")]
        switch rng.below(14) {
        case 0: return .enable([[Capability.condstore, .qresync][Int(rng.below(2))]])
        case 1: return .select(boxes[Int(rng.below(2))], rng.chance(1, in: 2) ? [.condstore] : [])
        case 2: return .append(boxes[Int(rng.below(2))], flags: f, date: nil, message: [])
        case 3, 4: return .store(someSet(), rng.chance(1, in: 3) ? [.unchangedSince(ModSeqOrZero(rng.below(50))!)] : [],
                                 StoreAction([.add, .remove, .replace][Int(rng.below(3))], silent: rng.chance(1, in: 2), flags: f),
                                 uid: rng.chance(1, in: 2))
        case 5: return .fetch(someSet(), [.flags, .uid], rng.chance(1, in: 2) ? [.changedSince(ModSeq(rng.below(50) + 1)!)] : [], uid: false)
        case 6: return .fetch(someSet(), [.modSeq], [.changedSince(ModSeq(rng.below(50) + 1)!), .vanished], uid: true)
        case 7: return .expunge
        case 8: return .uidExpunge(someSet())
        case 9: return .noop
        case 10: return .close
        case 11: return .search(SearchCommand(keys: [.modSeq(entry: nil, ModSeqOrZero(rng.below(50))!)]), uid: rng.chance(1, in: 2))
        case 12: return .move(someSet(), boxes[Int(rng.below(2))], uid: false)
        default: return .status(boxes[Int(rng.below(2))], [.highestModSeq, .uidNext, .messages])
        }
    }

    /// Issue 3: at least 100,000 steps per edition, in walks of this many.
    static let stepsPerWalk = 2_000
    static let walks = 50

    @Test("checkInvariants() holds after every step: 50 walks x 2,000 steps per edition, 3 sessions, 2 mailboxes, latitude drawn per walk",
          arguments: Edition.allCases, UInt64(0)..<UInt64(walks))
    func walk(edition: Edition, seed: UInt64) {
        let walkSeed = seed &+ (edition == .rfc7162 ? 0 : 0x4551_5162)
        var rng = SplitMix64(seed: walkSeed)
        var st = MailStore(latitude: Latitude.random(using: &rng), seed: walkSeed, mailboxes: [.inbox, MailboxName("Archive")])
        st.edition = edition
        var ids: [Int] = []
        for _ in 0..<3 {
            let id = st.openSession()
            _ = st.execute(.login(user: "test", password: "testpass"), session: id)
            ids.append(id)
        }
        for step in 0..<Self.stepsPerWalk {
            let s = ids[Int(rng.below(UInt64(ids.count)))]
            if rng.chance(1, in: 20) {
                _ = st.deliver(to: .inbox, flags: [])
            } else {
                let c = Self.randomCommand(st, session: s, rng: &rng)
                let o = st.execute(c, session: s)
                // CLOSE carries no HIGHESTMODSEQ (R7162-3.2.8#3) where erratum 1808 applies.
                if c == .close, RuleSwitch.noHighestModSeqOnClose.isOn(in: edition) { #expect(o.code == nil) }
            }
            let problems = st.checkInvariants()
            #expect(problems.isEmpty, "\(edition.rawValue) seed \(seed) step \(step): \(problems)")
            if !problems.isEmpty { return }
        }
    }
}
