import Testing
import IMAPTypes
@testable import SpecModel

@Suite("MailboxView - the session's message sequence, RFC 3501 §2.3.1")
struct MailboxViewTests {
    /// A view of `slots` where nil is a message whose UID the session does not know.
    static func view(_ uids: [UInt32?]) -> MailboxView {
        var v = MailboxView(mailbox: .inbox, readOnly: false)
        _ = v.exists(UInt32(uids.count))
        for (i, u) in uids.enumerated() { if let u { _ = v.learnUID(u, at: i + 1) } }
        return v
    }

    static let placements: [([UInt32?], UInt32, [Int])] = [
        ([nil, 5, nil, nil], 7, [2, 3]),
        ([nil, 5, nil, nil], 4, [0]),
        ([nil, 5, nil, nil], 5, []),
        ([3, nil, 9], 4, [1]),
        ([3, nil, 9], 10, []),
        ([nil, nil], 1, [0, 1]),
    ]

    @Test("an unknown UID fits only between the known UIDs around it", arguments: placements)
    func possible(_ slots: [UInt32?], _ uid: UInt32, _ expected: [Int]) {
        #expect(Self.view(slots).possibleIndices(forUnknownUID: uid) == expected)
    }

    @Test("R3501-2.3.1.1#2: UIDs are inferred from UIDNEXT only for the messages counted when it came, not for an EXISTS after it")
    func denseUIDsFromUIDNext() {
        var v = MailboxView(mailbox: .inbox, readOnly: false)
        _ = v.exists(2)
        v.reportedUIDNext(3)
        _ = v.exists(3)
        v.inferDenseUIDs()
        #expect(v.knownUIDs == [1, 2])
        var late = MailboxView(mailbox: .inbox, readOnly: false)
        _ = late.exists(2)
        late.reportedUIDNext(4)  // a message arrived between the two snapshots: nothing follows
        _ = late.exists(3)
        late.inferDenseUIDs()
        #expect(late.knownUIDs.isEmpty)
        // A removal after UIDNEXT (VANISHED during the SELECT) leaves the others' UIDs open.
        var removed = MailboxView(mailbox: .inbox, readOnly: false)
        _ = removed.exists(3)
        removed.reportedUIDNext(4)
        _ = removed.vanish(uid: 1)
        _ = removed.exists(3)
        removed.inferDenseUIDs()
        #expect(removed.knownUIDs.isEmpty)
    }

    @Test("VANISHED removes the right slot and keeps what is known of the others (RFC 7162 §3.2.10.2)")
    func vanish() {
        var v = Self.view([nil, 5, nil, nil])
        let removed = v.vanish(uid: 7)
        #expect(removed != nil)
        #expect(v.count == 3)
        #expect(v[sequence: 2].uid == 5)
        let learned = v.learnUID(4, at: 1)
        #expect(learned)
        let impossible = v.vanish(uid: 2)
        #expect(impossible == nil)
    }

    @Test("R7162-3.2.10.2#3: a VANISHED of many UIDs gives what one vanish(uid:) per UID gives, with work bounded by the messages removed (VANISHED 1:4294967295 hung)",
          arguments: [([nil, 5, nil, nil], [1...3, 5...5, 7...9]), ([3, nil, 9], [1...10]), ([nil, nil], [2...2]),
                      ([nil, 5, 7], [5...6]), ([10, nil], [1...4_000_000_000]), ([2, 4, 6, 8], [1...5, 8...8]),
                      ([2, 4, nil, 8, 9, 10], [3...4, 9...9, 20...30]), ([nil, 4, 6, nil], [4...6])] as [([UInt32?], [ClosedRange<UInt32>])])
    func vanishMany(_ slots: [UInt32?], _ ranges: [ClosedRange<UInt32>]) {
        var many = Self.view(slots)
        let invisible = many.vanish(uids: UIDSet(ranges: ranges))
        // One by one, as before, where the set is small enough to walk.
        guard ranges.allSatisfy({ $0.count < 100 }) else {
            #expect(many.count == 0 && invisible == UIDSet(ranges: [1...9, 12...4_000_000_000]))
            return
        }
        var one = Self.view(slots)
        var expected = UIDSet()
        for u in UIDSet(ranges: ranges) where one.vanish(uid: u) == nil { expected.insert(u) }
        #expect(invisible == expected)
        #expect(many.slots == one.slots)
    }

    @Test("R7162-3.2.10.2#3: on random views, known and unknown UIDs mixed, vanish(uids:) removes what vanish(uid:) one UID at a time does")
    func vanishManyRandom() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: UInt32) -> UInt32 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt32(truncatingIfNeeded: state >> 33) % bound
        }
        for _ in 0..<300 {
            var uid: UInt32 = 0
            let slots: [UInt32?] = (0..<Int(next(12))).map { _ in
                uid += 1 + next(3)
                return next(3) == 0 ? nil : uid
            }
            var wanted = UIDSet()
            for _ in 0..<next(6) {
                let low = 1 + next(30)
                wanted.insert(low...(low + next(4)))
            }
            var many = Self.view(slots), one = Self.view(slots)
            let invisible = many.vanish(uids: wanted)
            var expected = UIDSet()
            for u in wanted where one.vanish(uid: u) == nil { expected.insert(u) }
            #expect(invisible == expected, "view \(slots), VANISHED \(wanted)")
            #expect(many.slots == one.slots, "view \(slots), VANISHED \(wanted)")
        }
    }

    @Test("a UID contradicting the order or an earlier UID is refused")
    func learn() {
        var v = Self.view([nil, 5, nil])
        let tooHigh = v.learnUID(6, at: 1), tooLow = v.learnUID(4, at: 3)
        #expect(!tooHigh && !tooLow)
        let fits = v.learnUID(9, at: 3)
        #expect(fits)
        let changed = v.learnUID(8, at: 3)
        #expect(!changed)
    }
}
