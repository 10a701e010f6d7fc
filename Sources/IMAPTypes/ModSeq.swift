/// A positive mod-sequence, RFC 7162 §3.1 and §7 (`mod-sequence-value`): 1 ... 2^63-1.
///
/// RFC 4551 allowed unsigned 64-bit values (1 <= n < 2^64-1); RFC 7162 Appendix A item 1 narrowed
/// them to 63 bits. `init?(_:)` accepts only the RFC 7162 range; `init?(rfc4551:)` accepts the
/// original range and exists so that traces of servers written to RFC 4551 can be represented and
/// then judged by the edition in force.
public struct ModSeq: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The largest value of RFC 7162 §7: 9,223,372,036,854,775,807.
    public static let max: UInt64 = 0x7FFF_FFFF_FFFF_FFFF
    /// The largest value of RFC 4551 §4: `n < 18,446,744,073,709,551,615`.
    public static let maxRFC4551: UInt64 = UInt64.max - 1

    public let rawValue: UInt64

    /// A mod-sequence in RFC 7162's range, or nil.
    public init?(_ rawValue: UInt64) {
        guard rawValue >= 1, rawValue <= Self.max else { return nil }
        self.rawValue = rawValue
    }

    /// A mod-sequence in RFC 4551's wider 64-bit range, or nil.
    public init?(rfc4551 rawValue: UInt64) {
        guard rawValue >= 1, rawValue <= Self.maxRFC4551 else { return nil }
        self.rawValue = rawValue
    }

    /// True when the value fits RFC 7162's 63-bit range.
    public var isWithin63Bits: Bool { rawValue <= Self.max }

    /// The next mod-sequence, or nil at the top of the RFC 7162 range.
    public var successor: ModSeq? { ModSeq(rawValue &+ 1) }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}

/// A mod-sequence that may be zero, RFC 7162 §7 (`mod-sequence-valzer`): 0 ... 2^63-1.
///
/// Used where the grammar allows 0: `UNCHANGEDSINCE 0`, `SEARCH MODSEQ 0` and
/// `STATUS (HIGHESTMODSEQ 0)` for a mailbox without persistent mod-sequences.
public struct ModSeqOrZero: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let zero = ModSeqOrZero(uncheckedZero: ())
    public let rawValue: UInt64

    public init?(_ rawValue: UInt64) {
        guard rawValue <= ModSeq.max else { return nil }
        self.rawValue = rawValue
    }

    /// RFC 4551's range: 0 ... 2^64-2.
    public init?(rfc4551 rawValue: UInt64) {
        guard rawValue <= ModSeq.maxRFC4551 else { return nil }
        self.rawValue = rawValue
    }

    public init(_ modSeq: ModSeq) { self.rawValue = modSeq.rawValue }

    private init(uncheckedZero: Void) { self.rawValue = 0 }

    /// The positive value, or nil for zero.
    public var modSeq: ModSeq? { ModSeq(rfc4551: rawValue) }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}
