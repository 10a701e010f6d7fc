import IMAPTypes
@testable import SpecModel

// Shared by the model's test suites: a store with logged-in sessions, and message-number sets
// written as in IMAP ("1,3:5").

/// A store with `sessions` logged-in sessions and `messages` messages delivered to INBOX.
func makeStore(_ latitude: Latitude = Latitude(), seed: UInt64, mailboxes: [MailboxName] = [.inbox],
               noModSeq: Set<MailboxName> = [], faults: Set<InjectedFault> = [],
               sessions: Int = 1, messages: Int = 0) -> (MailStore, [Int]) {
    var st = MailStore(latitude: latitude, seed: seed, mailboxes: mailboxes, noModSeqMailboxes: noModSeq)
    st.injectedFaults = faults
    var ids: [Int] = []
    for _ in 0..<sessions {
        let id = st.openSession()
        _ = st.execute(.login(user: "test", password: "testpass"), session: id)
        ids.append(id)
    }
    for _ in 0..<messages { _ = st.deliver(to: .inbox, flags: []) }
    return (st, ids)
}

/// "1,3:5" as a sequence set.
func seqs(_ s: String) -> SequenceSet {
    SequenceSet(s.split(separator: ",").map { part -> ClosedRange<UInt32> in
        let ends = part.split(separator: ":").map { UInt32($0)! }
        return ends[0]...(ends.count > 1 ? ends[1] : ends[0])
    })
}
