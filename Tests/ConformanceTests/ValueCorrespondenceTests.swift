import Testing
import IMAPTypes
@testable import Conformance

/// `ValueCorrespondence`: a command written for one run keeps naming the same messages and
/// mod-sequences in a replay where the server chose other values (the shrinker's replays).
@Suite("ValueCorrespondence - carrying server-chosen values from one run to another")
struct ValueCorrespondenceTests {
    static let box = MailboxName("Work")

    static func appended(_ uid: UInt32) -> [ServerResponse] {
        [.tagged(Tag("a1")!, .ok, ResponseText(code: .appendUID(UIDValidity(7)!, UIDSet([uid])), text: "appended"))]
    }

    @Test("UIDs an APPEND created in both runs pair up, and UID commands and QRESYNC known UIDs follow them")
    func uidsFollowAppends() throws {
        var v = ValueCorrespondence()
        // The first run's APPEND got UID 12, the replay's (two APPENDs fewer) UID 10.
        v.learn(first: .init(Self.appended(12)), second: .init(Self.appended(10)), created: Self.box)
        #expect(v.uid(12, in: Self.box) == 10)
        #expect(v.uid(12, in: MailboxName("Other")) == 12)
        let fetch = Command.fetch(SequenceSet([12...12]), [.flags], [], uid: true)
        #expect(v.adapt(fetch, selected: Self.box) == .fetch(SequenceSet([10...10]), [.flags], [], uid: true))
        // A message-number FETCH names positions, not UIDs: unchanged.
        let plain = Command.fetch(SequenceSet([12...12]), [.flags], [], uid: false)
        #expect(v.adapt(plain, selected: Self.box) == plain)
        // `*` stays symbolic.
        let open = Command.uidExpunge(.ranges([SequenceRange(.number(12), .star)]))
        #expect(v.adapt(open, selected: Self.box) == .uidExpunge(.ranges([SequenceRange(.number(10), .star)])))
        let q = QResyncParameters(uidValidity: UIDValidity(7)!, modSeq: ModSeq(5)!, knownUIDs: SequenceSet([1...12]))
        guard case .select(_, let params) = v.adapt(.select(Self.box, [.qresync(q)])), case .qresync(let adapted)? = params.first else {
            Issue.record("not a QRESYNC SELECT")
            return
        }
        #expect(adapted.knownUIDs == SequenceSet([1...10]))
    }
}
