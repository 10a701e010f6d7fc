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
        return Outcome(operations: ops, attempts: attempts)
    }
}

extension Operation {
    public var session: Int {
        switch self {
        case .command(let s, _), .reconnect(let s): return s
        }
    }
}
