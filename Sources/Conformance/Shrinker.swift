import IMAPTypes

/// Shrinks a failing run to a minimal one (issue 5, STYLE.md: Hypothesis/QuickCheck shape): remove
/// whole sessions, then chunks (delta debugging from halves down to single operations), keeping a
/// candidate only when it still breaks the same requirement. `reproduce` runs a candidate against a
/// fresh server and returns the requirement it shows, or nil. The items are operations, or their
/// indices in the failing run when a replay adapts to that run's responses
/// (`FuzzRunner.replay(_:adaptingTo:)`); `session` says whose each item is.
public enum Shrinker {
    public struct Outcome<Item: Sendable>: Sendable {
        public var operations: [Item]
        public var attempts: Int
    }

    public static func shrink<Item: Sendable>(_ operations: [Item], requirement: String, maxAttempts: Int = 2_000,
                                              timeLimit: Duration = .seconds(60), session: (Item) -> Int,
                                              reproduce: ([Item]) -> String?) -> Outcome<Item> {
        var ops = operations
        var attempts = 0
        let deadline = ContinuousClock.now + timeLimit
        func keeps(_ candidate: [Item]) -> Bool {
            guard attempts < maxAttempts, ContinuousClock.now < deadline, !candidate.isEmpty else { return false }
            attempts += 1
            return reproduce(candidate) == requirement
        }
        // 1. Whole sessions.
        let sessions = Set(ops.map(session)).sorted()
        for s in sessions where sessions.count > 1 {
            let candidate = ops.filter { session($0) != s }
            if keeps(candidate) { ops = candidate }
        }
        // 2. Chunks, halves first, down to single operations (ddmin's complement step).
        var n = 2
        while ops.count >= 2, attempts < maxAttempts, ContinuousClock.now < deadline {
            let size = (ops.count + n - 1) / n
            var removedOne = false
            var start = 0
            while start < ops.count, attempts < maxAttempts, ContinuousClock.now < deadline {
                let candidate = Array(ops[..<start] + ops[min(ops.count, start + size)...])
                if keeps(candidate) {
                    ops = candidate
                    removedOne = true
                } else {
                    start += size
                }
            }
            if removedOne { n = max(2, n - 1); continue }
            if size == 1 { break }
            n = min(ops.count, n * 2)
        }
        // 3. Pairs of nearby operations that only go together (a SELECT and the UNSELECT after
        // it, an APPEND and the EXPUNGE of what it added), then single operations again, until
        // neither removes anything: ddmin stops at one-minimal, this reaches pair-minimal nearby.
        var removed = true
        while removed, ops.count >= 2, attempts < maxAttempts, ContinuousClock.now < deadline {
            removed = false
            pairs: for i in ops.indices {
                for j in (i + 1)..<min(ops.count, i + 9) {
                    var candidate = ops
                    candidate.remove(at: j)
                    candidate.remove(at: i)
                    if keeps(candidate) {
                        ops = candidate
                        removed = true
                        break pairs
                    }
                }
            }
            var i = 0
            while i < ops.count, ops.count >= 2 {
                var candidate = ops
                candidate.remove(at: i)
                if keeps(candidate) { ops = candidate; removed = true } else { i += 1 }
            }
        }
        return Outcome(operations: ops, attempts: attempts)
    }
}

/// A run rearranged for the shrinker: `operations` in their new order, `order` the index in the
/// old run each came from (so a replay adapts each to the responses it got there).
public struct Restructuring: Sendable, Equatable {
    public var operations: [Operation]
    public var order: [Int]
}

extension Array where Element == Operation {
    /// Rearrangements that let the shrinker remove more, each keeping every operation: a session's
    /// command moved to just after its LOGIN, first or after its last reconnect (an ENABLE QRESYNC
    /// sent after a reconnect moves before it, and then the reconnect can go), a reconnect and its
    /// LOGIN made one UNSELECT, and one session's operations given to another (one LOGIN fewer). Delta debugging only removes, so
    /// without these a counterexample keeps every reconnect and session its order needs.
    public var restructurings: [Restructuring] {
        var out: [Restructuring] = []
        let sessions = Set(map(\.session)).sorted()
        // One session's operations given to another; its reconnects become the other's.
        for from in sessions {
            for to in sessions where to != from {
                let merged = map { op -> Operation in
                    switch op {
                    case .command(let s, let c) where s == from: return .command(session: to, c)
                    case .reconnect(let s) where s == from: return .reconnect(session: to)
                    default: return op
                    }
                }
                out.append(Restructuring(operations: merged, order: [Int](indices)))
            }
        }
        // A reconnect and the LOGIN after it become one UNSELECT (RFC 3691): the session is back
        // in the authenticated state, where ENABLE and a QRESYNC SELECT work, on one connection.
        for r in indices {
            guard case .reconnect(let s) = self[r],
                  let login = self[(r + 1)...].indices.first(where: { self[$0].session == s }),
                  case .command(_, .login) = self[login] else { continue }
            var order = [Int](indices)
            order.remove(at: r)
            out.append(Restructuring(operations: order.map { $0 == login ? .command(session: s, .unselect) : self[$0] }, order: order))
        }
        // A command moved earlier within its session: right after the session's first operation
        // (its LOGIN), or after the first one following its last reconnect.
        for i in indices {
            guard case .command(let s, _) = self[i] else { continue }
            let own = self[..<i].indices.filter { self[$0].session == s }
            guard let first = own.first else { continue }
            var targets = [first + 1]
            if let r = own.last(where: { if case .reconnect = self[$0] { return true }; return false }),
               let login = own.first(where: { $0 > r }) {
                targets.append(login + 1)
            }
            for t in Set<Int>(targets).sorted() where t < i {
                var order = [Int](indices)
                order.remove(at: i)
                order.insert(i, at: t)
                let r = Restructuring(operations: order.map { self[$0] }, order: order)
                if !out.contains(r) { out.append(r) }
            }
        }
        return out
    }
}

extension Operation {
    /// The same command with a simpler argument, most robust first: a message set widened to
    /// `1:*` (which still names messages when earlier operations are removed and UIDs move), then
    /// cut to message 1 or to its first number (for UID commands only that); a QRESYNC SELECT or
    /// EXAMINE without its seq-match-data, then without its known UIDs (RFC 7162 §3.2.5). Empty
    /// when there is nothing to simplify.
    public var simplerVariants: [Operation] {
        guard case .command(let session, let command) = self else { return [] }
        // Every variant ranks lower in: other sets > a single number > 1:* > 1, so that repeated
        // simplifying ends.
        func cuts(_ set: SequenceSet, uid: Bool) -> [SequenceSet] {
            guard case .ranges(let rs) = set, let first = rs.first, set != SequenceSet([1...1]) else { return [] }
            var out: [SequenceSet] = [.ranges([SequenceRange(.number(1), .star)])]
            if !uid { out.append(SequenceSet([1...1])) }
            if case .number(let n) = first.first, rs.count > 1 || !rs[0].isSingle { out.append(SequenceSet([n...n])) }
            return out.filter { $0 != set }
        }
        func withoutResyncData(_ p: [SelectParameter]) -> [[SelectParameter]] {
            guard let i = p.firstIndex(where: { if case .qresync = $0 { return true }; return false }),
                  case .qresync(let q) = p[i] else { return [] }
            var out: [[SelectParameter]] = []
            var lighter = q
            if lighter.sequenceMatch != nil {
                lighter.sequenceMatch = nil
                var v = p
                v[i] = .qresync(lighter)
                out.append(v)
            }
            if lighter.knownUIDs != nil {
                lighter.knownUIDs = nil
                var v = p
                v[i] = .qresync(lighter)
                out.append(v)
            }
            return out
        }
        let variants: [Command]
        switch command {
        case .fetch(let set, let items, let mods, let uid): variants = cuts(set, uid: uid).map { .fetch($0, items, mods, uid: uid) }
        case .store(let set, let mods, let action, let uid): variants = cuts(set, uid: uid).map { .store($0, mods, action, uid: uid) }
        case .copy(let set, let m, let uid): variants = cuts(set, uid: uid).map { .copy($0, m, uid: uid) }
        case .move(let set, let m, let uid): variants = cuts(set, uid: uid).map { .move($0, m, uid: uid) }
        case .uidExpunge(let set): variants = cuts(set, uid: true).map { .uidExpunge($0) }
        case .select(let m, let p): variants = withoutResyncData(p).map { .select(m, $0) }
        case .examine(let m, let p): variants = withoutResyncData(p).map { .examine(m, $0) }
        default: variants = []
        }
        return variants.map { .command(session: session, $0) }
    }

    public var session: Int {
        switch self {
        case .command(let s, _), .reconnect(let s): return s
        }
    }
}
