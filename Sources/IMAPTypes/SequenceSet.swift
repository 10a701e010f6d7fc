/// One end of a range in a command's set, RFC 3501 §9 (`seq-number = nz-number / "*"`).
/// `*` stays symbolic: it means the largest number in use when the command runs.
public enum SetBound: Hashable, Sendable, CustomStringConvertible {
    case number(UInt32)
    case star

    /// The concrete value, with `*` resolved to `largest`.
    public func resolved(largest: UInt32) -> UInt32 {
        switch self {
        case .number(let n): return n
        case .star: return largest
        }
    }

    public var description: String {
        switch self {
        case .number(let n): return String(n)
        case .star: return "*"
        }
    }
}

/// One element of a sequence set, RFC 3501 §9 (`seq-number / seq-range`). A single number has
/// `low == high`. The two ends are kept as written ("4:2" stays 4 then 2); RFC 3501 says the
/// range covers every number between them whatever the order.
public struct SequenceRange: Hashable, Sendable, CustomStringConvertible {
    public var first: SetBound
    public var last: SetBound

    public init(_ first: SetBound, _ last: SetBound) {
        self.first = first
        self.last = last
    }

    public init(_ single: SetBound) { self.init(single, single) }

    public var isSingle: Bool { first == last }

    /// The closed range of numbers it covers once `*` means `largest`.
    public func resolved(largest: UInt32) -> ClosedRange<UInt32> {
        let a = first.resolved(largest: largest)
        let b = last.resolved(largest: largest)
        return min(a, b)...max(a, b)
    }

    public var description: String { isSingle ? first.description : "\(first):\(last)" }
}

/// A command-side set of message numbers or UIDs, RFC 3501 §9 (`sequence-set`), or RFC 5182's
/// `$` (the saved search result). Elements keep their written order and duplicates, because
/// RFC 7162 §3.1.3 gives duplicated members a meaning for UNCHANGEDSINCE.
public enum SequenceSet: Hashable, Sendable, CustomStringConvertible {
    case ranges([SequenceRange])
    /// `$`, RFC 5182 §2.1.
    case lastResult

    /// A set of the given single numbers and closed ranges, in the order given.
    public init(_ ranges: [ClosedRange<UInt32>]) {
        self = .ranges(ranges.map { r in
            r.lowerBound == r.upperBound
                ? SequenceRange(.number(r.lowerBound))
                : SequenceRange(.number(r.lowerBound), .number(r.upperBound))
        })
    }

    /// Whether `*` occurs anywhere in the set.
    public var containsStar: Bool {
        guard case .ranges(let rs) = self else { return false }
        return rs.contains { $0.first == .star || $0.last == .star }
    }

    /// Whether the elements come in ascending order, as RFC 7162 §3.2.5.2 asks of seq-match-data:
    /// no element starts below the end of an earlier one (a range counts from its lower end,
    /// however it is written). A set with `*` or `$` is not judged (true).
    public var isAscending: Bool {
        guard case .ranges(let rs) = self, !containsStar else { return true }
        var previous: UInt32 = 0
        for r in rs {
            let c = r.resolved(largest: 0)
            if c.lowerBound < previous { return false }
            previous = c.upperBound
        }
        return true
    }

    /// The covered numbers with `*` resolved to `largest`, merged into a `UIDSet`; nil for `$`.
    public func resolved(largest: UInt32) -> UIDSet? {
        guard case .ranges(let rs) = self else { return nil }
        var out = UIDSet()
        for r in rs {
            let c = r.resolved(largest: largest)
            if c.upperBound == 0 { continue }
            out.insert(Swift.max(1, c.lowerBound)...c.upperBound)
        }
        return out
    }

    public var description: String {
        switch self {
        case .lastResult: return "$"
        case .ranges(let rs): return rs.map(\.description).joined(separator: ",")
        }
    }
}
