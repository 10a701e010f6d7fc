import IMAPTypes

/// What is known of a mod-sequence the server chose: a closed interval `min ... max`.
///
/// The server picks mod-sequence values (RFC 7162 §3.1 leaves them opaque, with gaps allowed), so
/// the model never invents one. A server holds exact values (`min == max`); a checker starts
/// from "anything" and narrows the interval with each observation and each ordering rule
/// (a change gets a value greater than the one before it, RFC 7162 §3.1).
public struct ModSeqKnowledge: Hashable, Sendable, CustomStringConvertible {
    public private(set) var min: UInt64
    public private(set) var max: UInt64

    /// Nothing known beyond the edition's range.
    public static func unknown(limit: UInt64 = ModSeq.max) -> ModSeqKnowledge { ModSeqKnowledge(min: 1, max: limit) }

    public static func exactly(_ v: UInt64) -> ModSeqKnowledge { ModSeqKnowledge(min: v, max: v) }

    public init(min: UInt64, max: UInt64) {
        self.min = min
        self.max = max
    }

    public var exact: UInt64? { min == max ? min : nil }
    /// Whether the observations so far contradict each other (an empty interval).
    public var isContradictory: Bool { min > max }

    /// Records that the value is at least `v`.
    public mutating func atLeast(_ v: UInt64) { min = Swift.max(min, v) }
    /// The value may have risen since by an unknown amount (up to `limit`): what was known is a
    /// lower bound.
    public func mayHaveRisen(limit: UInt64) -> ModSeqKnowledge { ModSeqKnowledge(min: min, max: Swift.max(min, limit)) }
    /// Records that the value is greater than `v`.
    public mutating func greaterThan(_ v: UInt64) { atLeast(v == UInt64.max ? v : v + 1) }
    /// Records that the value is at most `v`.
    public mutating func atMost(_ v: UInt64) { max = Swift.min(max, v) }

    /// Whether the value is certainly greater than `v`.
    public func certainlyAbove(_ v: UInt64) -> Bool { min > v }
    /// Whether the value is certainly at most `v`.
    public func certainlyAtMost(_ v: UInt64) -> Bool { max <= v }

    public var description: String {
        if let e = exact { return String(e) }
        return max >= ModSeq.max ? "> \(min &- 1)" : "\(min)...\(max)"
    }
}
