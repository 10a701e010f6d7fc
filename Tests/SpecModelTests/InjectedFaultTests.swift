import Testing
import IMAPTypes
@testable import SpecModel

/// A logged-in session with INBOX selected (CONDSTORE) holding `messages` messages.
private func selected(_ faults: Set<InjectedFault>, messages: Int) -> (MailStore, Int) {
    var st = MailStore(seed: 3)
    st.injectedFaults = faults
    for _ in 0..<messages { _ = st.deliver(to: .inbox, flags: []) }
    let s = st.openSession()
    _ = st.execute(.login(user: "test", password: "testpass"), session: s)
    _ = st.execute(.enable([.qresync]), session: s)
    _ = st.execute(.select(.inbox, [.condstore]), session: s)
    return (st, s)
}

private let one = SequenceSet([1...1])

@Suite("Injected faults: test-only deviations of the model")
struct InjectedFaultTests {
    @Test("modseq-not-bumped breaks R7162-3.1#4: the flags change, the mod-sequence does not", arguments: [false, true])
    func modSeqNotBumped(injected: Bool) {
        var (st, s) = selected(injected ? [.modSeqNotBumped] : [], messages: 1)
        let before = st.mailboxes[.inbox]!.messages[0].modSeq
        let o = st.execute(.store(one, [], StoreAction(.add, flags: [.flagged]), uid: false), session: s)
        #expect(o.status == .ok)
        #expect(st.mailboxes[.inbox]!.flags(at: 0).contains(.flagged))
        #expect((st.mailboxes[.inbox]!.messages[0].modSeq == before) == injected)
    }

    @Test("unchangedsince-ignored breaks R7162-3.1.3#3: the conditional store happens anyway", arguments: [false, true])
    func unchangedSinceIgnored(injected: Bool) {
        var (st, s) = selected(injected ? [.unchangedSinceIgnored] : [], messages: 1)
        let stale = ModSeqOrZero(st.mailboxes[.inbox]!.messages[0].modSeq - 1)!
        let o = st.execute(.store(one, [.unchangedSince(stale)], StoreAction(.add, flags: [.flagged]), uid: false), session: s)
        #expect(st.mailboxes[.inbox]!.flags(at: 0).contains(.flagged) == injected)
        #expect((o.code == .modified(one)) == !injected)
    }

    @Test("expunge-keeps-highestmodseq breaks R7162-3.2.7#1: EXPUNGE leaves HIGHESTMODSEQ", arguments: [false, true])
    func expungeKeepsHighestModSeq(injected: Bool) {
        var (st, s) = selected(injected ? [.expungeKeepsHighestModSeq] : [], messages: 2)
        _ = st.execute(.store(one, [], StoreAction(.add, flags: [.deleted]), uid: false), session: s)
        let before = st.mailboxes[.inbox]!.highestModSeq
        let o = st.execute(.expunge, session: s)
        #expect(st.mailboxes[.inbox]!.messages.count == 1)
        #expect(o.untagged.contains(.vanished(UIDSet([1]))))
        let after = st.mailboxes[.inbox]!.highestModSeq
        #expect((after == before) == injected)
        #expect(o.code == .highestModSeq(ModSeq(after)!))
    }
}
