/// Matches input against an `ABNFGrammar`: every way a rule can match from a position is
/// computed once (the set of end positions, memoised per rule and position), so ambiguity and
/// backtracking cost polynomial time, never exponential. Left recursion is cut (a rule re-entered
/// at the same position matches nothing there), and a step budget bounds the work per input:
/// when it runs out the answer is "inconclusive", never a hang.
public struct ABNFMatcher: Sendable {
    public enum Result: Hashable, Sendable {
        case matches
        /// No way to match; `offset` is the farthest byte any rule reached.
        case fails(offset: Int)
        /// The match depends on something the grammar cannot decide (an undefined rule or a prose
        /// value was reached), or the step budget ran out.
        case inconclusive(String)
    }

    let grammar: ABNFGrammar
    public var budget: Int

    /// Marks a line break of the printed document inside the input: read as nothing or as one
    /// space (RFC 7162 §2: breaks inside a wrapped example line are "for editorial clarity only";
    /// a break at the end stands for trailing white space the plain-text format dropped).
    public static let breakMarker: UInt8 = 0x00

    public init(grammar: ABNFGrammar, budget: Int = 2_000_000) {
        self.grammar = grammar
        self.budget = budget
    }

    /// Whether the whole of `input` matches one of the rules `roots`.
    public func match(_ input: [UInt8], roots: [String]) -> Result {
        var run = Run(grammar: grammar, input: input, budget: budget)
        var ends: [Int] = []
        for r in roots { ends = Run.union(ends, run.rule(r, at: 0)) }
        if ends.contains(input.count) { return .matches }
        if run.exhausted { return .inconclusive("step budget of \(budget) exhausted") }
        if let u = run.unknown.sorted().first { return .inconclusive("the grammar reaches \(u), which it does not define") }
        return .fails(offset: run.farthest)
    }

    struct Run {
        let grammar: ABNFGrammar
        let input: [UInt8]
        var steps = 0
        let budget: Int
        var exhausted = false
        var farthest = 0
        var unknown: Set<String> = []
        var memo: [String: [Int: [Int]]] = [:]
        var active: Set<String> = []

        init(grammar: ABNFGrammar, input: [UInt8], budget: Int) {
            self.grammar = grammar
            self.input = input
            self.budget = budget
        }

        static func union(_ a: [Int], _ b: [Int]) -> [Int] {
            if a.isEmpty { return b }
            if b.isEmpty { return a }
            return Array(Set(a).union(b)).sorted()
        }

        mutating func rule(_ name: String, at pos: Int) -> [Int] {
            if let m = memo[name]?[pos] { return m }
            guard let node = grammar.rules[name] else {
                unknown.insert(name)
                return []
            }
            let key = "\(name)@\(pos)"
            if active.contains(key) { return [] }
            active.insert(key)
            let ends = self.node(node, at: pos)
            active.remove(key)
            memo[name, default: [:]][pos] = ends
            return ends
        }

        mutating func node(_ n: ABNF.Node, at pos: Int) -> [Int] {
            steps += 1
            if steps > budget {
                exhausted = true
                return []
            }
            switch n {
            case .rule(let r):
                return rule(r, at: pos)
            case .string, .range, .except:
                return terminal(n, at: pos)
            case .prose(let p):
                unknown.insert("<\(p)>")
                return []
            case .alternation(let xs):
                var out: [Int] = []
                for x in xs { out = Self.union(out, node(x, at: pos)) }
                return out
            case .concatenation(let xs):
                var current = [pos]
                for x in xs {
                    var next: [Int] = []
                    for p in current { next = Self.union(next, node(x, at: p)) }
                    if next.isEmpty { return [] }
                    current = next
                }
                return current
            case .repetition(let min, let max, let x):
                var result: [Int] = min == 0 ? [pos] : []
                var frontier = [pos]
                var seen: Set<Int> = [pos]
                var k = 0
                while !frontier.isEmpty {
                    k += 1
                    if let max, k > max { break }
                    var next: [Int] = []
                    for p in frontier { next = Self.union(next, node(x, at: p)) }
                    if k >= min {
                        result = Self.union(result, next)
                        // Past the minimum only new positions can lead anywhere new.
                        next = next.filter { !seen.contains($0) }
                    }
                    for p in next { seen.insert(p) }
                    frontier = next
                    if k > input.count + min + 1 { break }
                }
                return result
            }
        }

        static func fold(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

        /// A string, a range or a character class at `pos`. A NUL byte in the input marks a line
        /// break of the document (see `ABNFMatcher.breakMarker`): it is read as nothing or as one
        /// space, whichever matches.
        mutating func terminal(_ n: ABNF.Node, at pos: Int) -> [Int] {
            if pos < input.count, input[pos] == ABNFMatcher.breakMarker {
                return Self.union(terminal(n, at: pos + 1), terminal(n, at: pos, space: pos))
            }
            return terminal(n, at: pos, space: -1)
        }

        /// The input byte at `i`, a space where `space` marks a break read as one.
        func byte(_ i: Int, _ space: Int) -> UInt8 { i == space ? 0x20 : input[i] }

        mutating func terminal(_ n: ABNF.Node, at pos: Int, space: Int) -> [Int] {
            switch n {
            case .string(let s, let caseSensitive):
                guard pos + s.count <= input.count else {
                    farthest = max(farthest, pos)
                    return []
                }
                for (k, b) in s.enumerated() {
                    let c = byte(pos + k, space)
                    let same = caseSensitive ? c == b : Self.fold(c) == Self.fold(b)
                    if !same {
                        farthest = max(farthest, pos + k)
                        return []
                    }
                }
                farthest = max(farthest, pos + s.count)
                return [pos + s.count]
            case .range(let lo, let hi):
                guard pos < input.count, UInt32(byte(pos, space)) >= lo, UInt32(byte(pos, space)) <= hi else {
                    farthest = max(farthest, pos)
                    return []
                }
                farthest = max(farthest, pos + 1)
                return [pos + 1]
            case .except(let base, let excluded):
                guard pos < input.count else { return [] }
                if pos == space {
                    // A break read as a space: judge a lone space.
                    var one = Run(grammar: grammar, input: [0x20], budget: budget)
                    guard one.node(base, at: 0).contains(1) else { return [] }
                    for x in excluded where one.node(x, at: 0).contains(1) { return [] }
                    return [pos + 1]
                }
                guard node(base, at: pos).contains(pos + 1) else { return [] }
                for x in excluded where node(x, at: pos).contains(pos + 1) { return [] }
                farthest = max(farthest, pos + 1)
                return [pos + 1]
            default:
                return []
            }
        }
    }
}
