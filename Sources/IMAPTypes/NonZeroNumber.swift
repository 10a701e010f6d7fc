/// RFC 3501 §9 `nz-number`: 1 ... 2^32-1, the range of UIDs, message sequence numbers and
/// UIDVALIDITY. One generic shape, three distinct types, so that a UID is never used where a
/// sequence number is meant.
public protocol NonZeroNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    var rawValue: UInt32 { get }
    init(unchecked rawValue: UInt32)
}

extension NonZeroNumber {
    /// The value, or nil for 0 and anything above 2^32-1.
    public init?(_ rawValue: UInt64) {
        guard rawValue >= 1, rawValue <= UInt64(UInt32.max) else { return nil }
        self.init(unchecked: UInt32(rawValue))
    }

    public init?(_ rawValue: UInt32) {
        guard rawValue >= 1 else { return nil }
        self.init(unchecked: rawValue)
    }

    public init?(_ rawValue: Int) {
        guard rawValue >= 1, rawValue <= Int(UInt32.max) else { return nil }
        self.init(unchecked: UInt32(rawValue))
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}

/// A message's unique identifier, RFC 3501 §2.3.1.1 (`uniqueid = nz-number`).
public struct UID: NonZeroNumber {
    public let rawValue: UInt32
    public init(unchecked rawValue: UInt32) {
        precondition(rawValue >= 1, "UID 0 is not representable")
        self.rawValue = rawValue
    }
}

/// A message sequence number, RFC 3501 §2.3.1.2 (`nz-number`).
public struct SequenceNumber: NonZeroNumber {
    public let rawValue: UInt32
    public init(unchecked rawValue: UInt32) {
        precondition(rawValue >= 1, "sequence number 0 is not representable")
        self.rawValue = rawValue
    }
}

/// A mailbox's unique identifier validity value, RFC 3501 §2.3.1.1 (`nz-number`).
public struct UIDValidity: NonZeroNumber {
    public let rawValue: UInt32
    public init(unchecked rawValue: UInt32) {
        precondition(rawValue >= 1, "UIDVALIDITY 0 is not representable")
        self.rawValue = rawValue
    }
}
