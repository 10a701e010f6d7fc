/// A concrete set of non-zero 32-bit numbers held as sorted, disjoint, non-adjacent closed ranges.
///
/// Used wherever the grammar forbids `*`: VANISHED's `known-uids` (RFC 7162 §7), UIDPLUS's
/// `uid-set` (RFC 4315 §4) and the model's own bookkeeping. Membership, insertion and removal cost
/// O(log r) for r ranges, so sets of 10^6 consecutive UIDs stay small.
public struct UIDSet: Hashable, Sendable, CustomStringConvertible, Sequence {
    /// Sorted, disjoint, non-adjacent; every bound is at least 1.
    public private(set) var ranges: [ClosedRange<UInt32>]

    public init() { ranges = [] }

    public init<S: Sequence>(_ numbers: S) where S.Element == UInt32 {
        self.init()
        for n in numbers where n >= 1 { insert(n...n) }
    }

    public init(ranges: [ClosedRange<UInt32>]) {
        self.init()
        for r in ranges { insert(r) }
    }

    /// A set from ranges that are already sorted, disjoint, non-adjacent and at least 1, built
    /// in O(r) (what a parser of an ascending `known-uids` has); other input falls back to
    /// merging range by range.
    public init(sortedDisjointRanges: [ClosedRange<UInt32>]) {
        var valid = sortedDisjointRanges.first.map { $0.lowerBound >= 1 } ?? true
        var i = 1
        while valid, i < sortedDisjointRanges.count {
            valid = UInt64(sortedDisjointRanges[i - 1].upperBound) + 1 < UInt64(sortedDisjointRanges[i].lowerBound)
            i += 1
        }
        self.init()
        if valid {
            ranges = sortedDisjointRanges
        } else {
            for r in sortedDisjointRanges { insert(r) }
        }
    }

    public var isEmpty: Bool { ranges.isEmpty }

    /// The number of members.
    public var count: Int { ranges.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 } }

    /// How many members are in `r`.
    public func count(in r: ClosedRange<UInt32>) -> Int {
        var total = 0
        for x in ranges {
            guard x.lowerBound <= r.upperBound else { break }
            let lo = Swift.max(x.lowerBound, r.lowerBound), hi = Swift.min(x.upperBound, r.upperBound)
            if lo <= hi { total += Int(hi - lo) + 1 }
        }
        return total
    }

    public var min: UInt32? { ranges.first?.lowerBound }
    public var max: UInt32? { ranges.last?.upperBound }

    /// Index of the first range whose upper bound is >= n.
    private func firstIndex(notBelow n: UInt32) -> Int {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound < n { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public func contains(_ n: UInt32) -> Bool {
        let i = firstIndex(notBelow: n)
        return i < ranges.count && ranges[i].lowerBound <= n
    }

    public mutating func insert(_ n: UInt32) { insert(n...n) }

    public mutating func insert(_ r: ClosedRange<UInt32>) {
        let r = Swift.max(1, r.lowerBound)...r.upperBound
        guard r.upperBound >= 1 else { return }
        // Ranges that overlap or touch r are merged with it.
        let lowKey = r.lowerBound == 0 ? 0 : r.lowerBound - 1
        var i = firstIndex(notBelow: lowKey)
        var lower = r.lowerBound, upper = r.upperBound
        let start = i
        while i < ranges.count, ranges[i].lowerBound <= (upper == UInt32.max ? upper : upper + 1) {
            lower = Swift.min(lower, ranges[i].lowerBound)
            upper = Swift.max(upper, ranges[i].upperBound)
            i += 1
        }
        ranges.replaceSubrange(start..<i, with: [lower...upper])
    }

    public mutating func remove(_ n: UInt32) { remove(n...n) }

    public mutating func remove(_ r: ClosedRange<UInt32>) {
        var i = firstIndex(notBelow: r.lowerBound)
        var replacement: [ClosedRange<UInt32>] = []
        let start = i
        while i < ranges.count, ranges[i].lowerBound <= r.upperBound {
            let cur = ranges[i]
            if cur.lowerBound < r.lowerBound { replacement.append(cur.lowerBound...(r.lowerBound - 1)) }
            if cur.upperBound > r.upperBound { replacement.append((r.upperBound + 1)...cur.upperBound) }
            i += 1
        }
        ranges.replaceSubrange(start..<i, with: replacement)
    }

    public func union(_ other: UIDSet) -> UIDSet {
        var out = self
        for r in other.ranges { out.insert(r) }
        return out
    }

    public func subtracting(_ other: UIDSet) -> UIDSet {
        var out = self
        for r in other.ranges { out.remove(r) }
        return out
    }

    public func intersection(_ other: UIDSet) -> UIDSet {
        var out = UIDSet()
        var i = 0, j = 0
        while i < ranges.count, j < other.ranges.count {
            let a = ranges[i], b = other.ranges[j]
            let lo = Swift.max(a.lowerBound, b.lowerBound), hi = Swift.min(a.upperBound, b.upperBound)
            if lo <= hi { out.ranges.append(lo...hi) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return out
    }

    public func isSubset(of other: UIDSet) -> Bool { subtracting(other).isEmpty }

    public func makeIterator() -> AnyIterator<UInt32> {
        var rangeIndex = 0
        var next: UInt32? = ranges.first?.lowerBound
        let ranges = self.ranges
        return AnyIterator {
            guard let n = next else { return nil }
            if n < ranges[rangeIndex].upperBound {
                next = n + 1
            } else {
                rangeIndex += 1
                next = rangeIndex < ranges.count ? ranges[rangeIndex].lowerBound : nil
            }
            return n
        }
    }

    /// The compact wire form, e.g. `1:3,7`. Empty sets have no wire form; this gives "".
    public var description: String {
        ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound):\($0.upperBound)" }
            .joined(separator: ",")
    }
}
