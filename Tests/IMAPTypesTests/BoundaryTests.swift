import Testing
@testable import IMAPTypes

@Suite("Value ranges - RFC 7162 §7, RFC 3501 §9")
struct BoundaryTests {
    static let modSeqCases: [(UInt64, Bool, Bool)] = [
        // value, valid RFC 7162 mod-sequence-value, valid RFC 4551 value
        (0, false, false),
        (1, true, true),
        (UInt64(UInt32.max), true, true),
        (UInt64(UInt32.max) + 1, true, true),
        (0x7FFF_FFFF_FFFF_FFFF, true, true),
        (0x8000_0000_0000_0000, false, true),
        (UInt64.max - 1, false, true),
        (UInt64.max, false, false),
    ]

    @Test("mod-sequence-value 1 ... 2^63-1", arguments: modSeqCases)
    func modSeqRange(_ value: UInt64, _ valid7162: Bool, _ valid4551: Bool) {
        #expect((ModSeq(value) != nil) == valid7162)
        #expect((ModSeq(rfc4551: value) != nil) == valid4551)
    }

    @Test("mod-sequence-valzer admits 0 but not 2^63")
    func modSeqOrZero() {
        #expect(ModSeqOrZero(0)?.modSeq == nil)
        #expect(ModSeqOrZero(0) == .zero)
        #expect(ModSeqOrZero(0x7FFF_FFFF_FFFF_FFFF) != nil)
        #expect(ModSeqOrZero(0x8000_0000_0000_0000) == nil)
        #expect(ModSeqOrZero(5)?.modSeq == ModSeq(5))
    }

    @Test("nz-number 1 ... 2^32-1", arguments: [
        (UInt64(0), false), (1, true), (UInt64(UInt32.max), true), (UInt64(UInt32.max) + 1, false), (UInt64.max, false),
    ])
    func nzNumber(_ value: UInt64, _ valid: Bool) {
        #expect((UID(value) != nil) == valid)
        #expect((SequenceNumber(value) != nil) == valid)
        #expect((UIDValidity(value) != nil) == valid)
    }

    @Test("Flags compare case-insensitively and keep their spelling")
    func flags() throws {
        let a = try #require(Flag("\\SEEN"))
        #expect(a == .seen)
        #expect(a.kind == .seen)
        #expect(a.spelling == "\\SEEN")
        #expect(Flag("$MDNSent") == Flag("$mdnsent"))
        #expect(Flag("\\Foo")?.kind == .extension)
        #expect(Flag("") == nil)
        #expect(Flag("\\") == nil)
        #expect(Flag("a b") == nil)
        #expect(Flag("a(") == nil)
        #expect(Flag("\\Recent")?.isSystem == true)
    }

    @Test("Tags exclude + and atom-specials")
    func tags() {
        #expect(Tag("a1") != nil)
        #expect(Tag("a]") != nil)
        #expect(Tag("a+") == nil)
        #expect(Tag("") == nil)
        #expect(Tag("a b") == nil)
        #expect(Tag("*") == nil)
    }

    @Test("INBOX is case-insensitive")
    func inbox() {
        #expect(MailboxName("inbox").isInbox)
        #expect(MailboxName("InBoX") == .inbox)
        #expect(!MailboxName("INBOX2").isInbox)
    }
}

@Suite("UIDSet - concrete sets of nz-numbers")
struct UIDSetTests {
    @Test("insert merges adjacent and overlapping ranges")
    func merge() {
        var s = UIDSet()
        s.insert(5)
        s.insert(7)
        #expect(s.ranges == [5...5, 7...7])
        s.insert(6)
        #expect(s.ranges == [5...7])
        s.insert(1...3)
        s.insert(4)
        #expect(s.ranges == [1...7])
        s.insert(UInt32.max)
        #expect(s.description == "1:7,4294967295")
        #expect(s.count == 8)
    }

    @Test("remove splits ranges")
    func remove() {
        var s = UIDSet(ranges: [1...10])
        s.remove(5)
        #expect(s.ranges == [1...4, 6...10])
        s.remove(1...4)
        #expect(s.ranges == [6...10])
        s.remove(10...20)
        #expect(s.ranges == [6...9])
        #expect(!s.contains(5))
        #expect(s.contains(9))
    }

    @Test("set algebra agrees with Swift's Set on random data")
    func algebra() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let a = (0..<30).map { _ in UInt32.random(in: 1...60, using: &rng) }
            let b = (0..<30).map { _ in UInt32.random(in: 1...60, using: &rng) }
            let sa = UIDSet(a), sb = UIDSet(b)
            #expect(Array(sa.union(sb)) == Set(a).union(b).sorted())
            #expect(Array(sa.subtracting(sb)) == Set(a).subtracting(b).sorted())
            #expect(Array(sa.intersection(sb)) == Set(a).intersection(b).sorted())
            #expect(sa.count == Set(a).count)
        }
    }

    @Test("sequence sets resolve * to the largest number")
    func resolve() {
        let s = SequenceSet.ranges([SequenceRange(.number(5), .star), SequenceRange(.number(2))])
        #expect(s.containsStar)
        #expect(s.resolved(largest: 7)?.ranges == [2...2, 5...7])
        #expect(s.resolved(largest: 3)?.ranges == [2...5])
        #expect(SequenceSet.lastResult.resolved(largest: 3) == nil)
    }
}
