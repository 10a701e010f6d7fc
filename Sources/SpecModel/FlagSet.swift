import IMAPTypes

/// A set of flags (RFC 3501 §2.3.2): the system flags as bits of one byte, keywords and extension
/// flags (`\Foo`) in a small sorted array. Flags compare as `Flag` does (system flags by kind,
/// the others by their case-folded name), so the set holds one flag per name; the spelling kept for
/// a name is the first one inserted, and a system flag iterates in its canonical spelling.
///
/// Built on most FETCH lines a checker reads, so it avoids what a `Set<Flag>` costs there: no
/// hashing, and no allocation for a set of system flags only.
public struct FlagSet: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The system flags held, `\Recent` included, by `Flag.systemBit`.
    private var systemBits: UInt8 = 0
    /// The keywords, then the extension flags, each group ascending by `Flag.key`, one per key.
    private var others: [Flag] = []

    /// The system flags in the order of their bits (`Flag.systemBit`: 1, 2, 4, ... 32).
    private static let systemFlags: [Flag] = [.answered, .flagged, .deleted, .seen, .draft, .recent]

    public init() {}

    /// Not generic: a generic initialiser called from another module walks the sequence through
    /// protocol witnesses, several times the cost of the insertions.
    public init(_ flags: [Flag]) {
        for f in flags { insert(f) }
    }

    public init(arrayLiteral flags: Flag...) { self.init(flags) }

    /// The keywords and extension flags of `others` with the system flags of `bits` (as
    /// `storableSystemBits` gives them): how the model stores a message's flags (`StoredMessage`).
    public init(storableSystemBits bits: UInt8, others: FlagSet) {
        self.others = others.others
        systemBits = bits & ~Flag.recent.systemBit
    }

    /// The five storable system flags held (`\Recent` left out), as `Flag.systemBit` bits.
    public var storableSystemBits: UInt8 { systemBits & ~Flag.recent.systemBit }

    /// The keywords and extension flags alone.
    public var nonSystemFlags: FlagSet {
        var out = FlagSet()
        out.others = others
        return out
    }

    public var isEmpty: Bool { systemBits == 0 && others.isEmpty }
    public var count: Int { systemBits.nonzeroBitCount + others.count }

    public func contains(_ flag: Flag) -> Bool {
        let bit = flag.systemBit
        return bit != 0 ? systemBits & bit != 0 : position(of: flag).found
    }

    /// Inserts `flag` unless a flag of its name is there; returns whether it was inserted.
    @discardableResult
    public mutating func insert(_ flag: Flag) -> Bool {
        let bit = flag.systemBit
        if bit != 0 {
            defer { systemBits |= bit }
            return systemBits & bit == 0
        }
        let (i, found) = position(of: flag)
        if !found { others.insert(flag, at: i) }
        return !found
    }

    /// Removes the flag of `flag`'s name; returns the member removed.
    @discardableResult
    public mutating func remove(_ flag: Flag) -> Flag? {
        let bit = flag.systemBit
        if bit != 0 {
            guard systemBits & bit != 0 else { return nil }
            systemBits &= ~bit
            return Self.systemFlags[bit.trailingZeroBitCount]
        }
        let (i, found) = position(of: flag)
        return found ? others.remove(at: i) : nil
    }

    public mutating func formUnion(_ other: FlagSet) {
        systemBits |= other.systemBits
        for f in other.others { insert(f) }
    }

    public func union(_ other: FlagSet) -> FlagSet {
        var out = self
        out.formUnion(other)
        return out
    }

    public func subtracting(_ other: FlagSet) -> FlagSet {
        var out = self
        out.systemBits &= ~other.systemBits
        if !other.others.isEmpty { out.others.removeAll { other.contains($0) } }
        return out
    }

    public func intersection(_ other: FlagSet) -> FlagSet {
        var out = self
        out.systemBits &= other.systemBits
        out.others.removeAll { !other.contains($0) }
        return out
    }

    /// The flags one of the two sets holds and the other does not, `\Recent` left out: what a
    /// change from one to the other flips.
    public func flipped(to other: FlagSet) -> FlagSet {
        union(other).subtracting(intersection(other)).filter { $0.kind != .recent }
    }

    public func isSubset(of other: FlagSet) -> Bool {
        systemBits & ~other.systemBits == 0 && others.allSatisfy(other.contains)
    }

    /// The members for which `isIncluded` holds, as a set.
    public func filter(_ isIncluded: (Flag) throws -> Bool) rethrows -> FlagSet {
        var out = FlagSet()
        for f in self where try isIncluded(f) {
            if f.isSystem { out.systemBits |= f.systemBit } else { out.others.append(f) }
        }
        return out
    }

    /// Whether the two sets hold the same flags apart from `\Recent` (a session flag that no
    /// STORE changes, RFC 3501 §2.3.2).
    public func equalsIgnoringRecent(_ other: FlagSet) -> Bool {
        let recent = Flag.recent.systemBit
        return systemBits & ~recent == other.systemBits & ~recent && others == other.others
    }

    /// The system flags (canonical spellings, in bit order), then the others in key order.
    public struct Iterator: IteratorProtocol {
        fileprivate var bits: UInt8
        fileprivate var others: IndexingIterator<[Flag]>

        public mutating func next() -> Flag? {
            guard bits != 0 else { return others.next() }
            let i = bits.trailingZeroBitCount
            bits &= bits - 1
            return FlagSet.systemFlags[i]
        }
    }

    public func makeIterator() -> Iterator { Iterator(bits: systemBits, others: others.makeIterator()) }

    public var underestimatedCount: Int { count }

    public var description: String { "[" + map(\.spelling).joined(separator: ", ") + "]" }

    /// Where `flag` (not a system flag) is or would go in `others`.
    private func position(of flag: Flag) -> (index: Int, found: Bool) {
        var low = 0, high = others.count
        while low < high {
            let mid = (low + high) / 2
            if Self.precedes(others[mid], flag) { low = mid + 1 } else { high = mid }
        }
        return (low, low < others.count && others[low] == flag)
    }

    private static func precedes(_ a: Flag, _ b: Flag) -> Bool {
        a.kind != b.kind ? a.kind == .keyword : a.key < b.key
    }
}
