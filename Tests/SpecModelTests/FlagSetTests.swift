import IMAPTypes
import SpecModel
import Testing

@Suite("FlagSet - a set of flags, RFC 3501 §2.3.2")
struct FlagSetTests {
    static let pool: [Flag] = [.answered, .flagged, .deleted, .seen, .draft, .recent,
                               Flag("\\SEEN")!, Flag("$Forwarded")!, Flag("$forwarded")!, Flag("work")!,
                               Flag("Junk")!, Flag("\\Important")!, Flag("\\important")!, Flag("a")!]

    @Test("random inserts, removals and set algebra agree with Set<Flag> (names compare case-insensitively)")
    func agreesWithSet() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        func random() -> (FlagSet, Set<Flag>) {
            let flags = (0..<next(8)).map { _ in Self.pool[next(Self.pool.count)] }
            return (FlagSet(flags), Set(flags))
        }
        for _ in 0..<500 {
            var (a, setA) = random()
            let (b, setB) = random()
            let f = Self.pool[next(Self.pool.count)]
            #expect(a.count == setA.count && a.isEmpty == setA.isEmpty)
            #expect(a.contains(f) == setA.contains(f))
            #expect(Set(a) == setA && Set(a.union(b)) == setA.union(setB))
            #expect(Set(a.subtracting(b)) == setA.subtracting(setB) && Set(a.intersection(b)) == setA.intersection(setB))
            #expect(a.isSubset(of: b) == setA.isSubset(of: setB))
            #expect((a == b) == (setA == setB))
            #expect(a.equalsIgnoringRecent(b) == (setA.subtracting([.recent]) == setB.subtracting([.recent])))
            #expect(Set(a.filter(\.isSystem)) == setA.filter(\.isSystem))
            if a == b { #expect(a.hashValue == b.hashValue) }
            let inserted = a.insert(f), setInserted = setA.insert(f).inserted
            #expect(inserted == setInserted && Set(a) == setA)
            let removed = a.remove(f), setRemoved = setA.remove(f)
            #expect(removed == setRemoved && Set(a) == setA)
        }
    }

    @Test("a name keeps its first spelling; system flags iterate first, in canonical spelling, then keywords in name order")
    func order() {
        let s = FlagSet([Flag("Work")!, Flag("\\SEEN")!, Flag("$Forwarded")!, Flag("work")!, .answered, Flag("\\Important")!])
        #expect(s.map(\.spelling) == ["\\Answered", "\\Seen", "$Forwarded", "Work", "\\Important"])
        #expect(s.description == "[\\Answered, \\Seen, $Forwarded, Work, \\Important]")
    }
}
