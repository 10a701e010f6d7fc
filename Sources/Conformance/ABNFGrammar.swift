/// A grammar composed of ABNF rule sets loaded one over another (RFC 5234 §3.3): the first
/// source is the base, later ones extend it (`=/`) or replace rules (`=`), and what happened to
/// each rule is recorded, so that a draft redefining a base rule with `=` is seen.
public struct ABNFGrammar: Sendable {
    /// What loading a definition did, worth reporting.
    public enum Event: Hashable, Sendable {
        /// `name =` replaced a rule an earlier source defined.
        case redefined(name: String, line: Int, previous: String)
        /// `name =` given twice in one source (the later one wins).
        case definedTwice(name: String, line: Int)
        /// `name =/` for a rule no earlier source or definition has: it starts the rule.
        case extendsUndefined(name: String, line: Int)
    }

    public private(set) var rules: [String: ABNF.Node] = [:]
    /// The source each rule was first defined in.
    public private(set) var source: [String: String] = [:]
    /// The document line of each rule's definition in its source.
    public private(set) var line: [String: Int] = [:]

    public init() {}

    /// Loads definitions from `sourceName` over what is there.
    @discardableResult
    public mutating func load(_ definitions: [ABNF.Definition], from sourceName: String) -> [Event] {
        var events: [Event] = []
        var definedHere: Set<String> = []
        for d in definitions {
            // "SP = <Defined in RFC 5234>" (RFC 9051 §9) points at a rule, it does not replace it.
            if case .prose(let p) = d.node, p.lowercased().hasPrefix("defined in"), rules[d.name] != nil { continue }
            if d.incremental {
                if let old = rules[d.name] {
                    rules[d.name] = .alternation(Self.alternatives(old) + Self.alternatives(d.node))
                } else {
                    events.append(.extendsUndefined(name: d.name, line: d.line))
                    rules[d.name] = d.node
                    source[d.name] = sourceName
                    line[d.name] = d.line
                }
                definedHere.insert(d.name)
                continue
            }
            if definedHere.contains(d.name) {
                events.append(.definedTwice(name: d.name, line: d.line))
            } else if rules[d.name] != nil, let previous = source[d.name] {
                events.append(.redefined(name: d.name, line: d.line, previous: previous))
            }
            rules[d.name] = d.node
            source[d.name] = sourceName
            line[d.name] = d.line
            definedHere.insert(d.name)
        }
        return events
    }

    static func alternatives(_ node: ABNF.Node) -> [ABNF.Node] {
        if case .alternation(let a) = node { return a }
        return [node]
    }

    /// The rules reachable from `roots` (the roots included), and the names referenced but not defined.
    public func reachable(from roots: [String]) -> (rules: Set<String>, undefined: Set<String>) {
        var seen: Set<String> = []
        var undefined: Set<String> = []
        var stack = roots
        while let name = stack.popLast() {
            guard !seen.contains(name) else { continue }
            guard let node = rules[name] else {
                undefined.insert(name)
                continue
            }
            seen.insert(name)
            Self.visit(node) { if case .rule(let r) = $0, !seen.contains(r) { stack.append(r) } }
        }
        return (seen, undefined)
    }

    static func visit(_ node: ABNF.Node, _ body: (ABNF.Node) -> Void) {
        body(node)
        switch node {
        case .alternation(let xs), .concatenation(let xs): for x in xs { visit(x, body) }
        case .repetition(_, _, let x): visit(x, body)
        case .except(let b, let ex):
            visit(b, body)
            for x in ex { visit(x, body) }
        case .rule, .string, .range, .prose: break
        }
    }

    /// The upper-cased strings of the rules reachable from `roots` that start with a letter:
    /// the keywords the grammar knows.
    public func keywords(from roots: [String]) -> Set<String> {
        var out: Set<String> = []
        for name in reachable(from: roots).rules {
            guard let node = rules[name] else { continue }
            Self.visit(node) {
                if case .string(let s, _) = $0, let f = s.first, (f | 0x20) >= 0x61, (f | 0x20) <= 0x7A {
                    out.insert(String(decoding: s, as: UTF8.self).uppercased())
                }
            }
        }
        return out
    }

    /// The keywords that can follow `keyword` and a space in a concatenation of the rules
    /// reachable from `roots` ("UID" -> COPY, FETCH, SEARCH, STORE in RFC 3501).
    public func keywords(following keyword: String, from roots: [String]) -> Set<String> {
        var out: Set<String> = []
        for name in reachable(from: roots).rules {
            guard let node = rules[name] else { continue }
            Self.visit(node) { n in
                guard case .concatenation(let items) = n else { return }
                for (i, item) in items.enumerated() {
                    guard case .string(let s, _) = item, String(decoding: s, as: UTF8.self).uppercased() == keyword else { continue }
                    var j = i + 1
                    if j < items.count, case .rule("sp") = items[j] { j += 1 }
                    if j < items.count { out.formUnion(firstKeywords(items[j], depth: 0)) }
                }
            }
        }
        return out
    }

    /// The keywords a node can start with (following rules a few levels deep).
    func firstKeywords(_ node: ABNF.Node, depth: Int) -> Set<String> {
        guard depth < 8 else { return [] }
        switch node {
        case .string(let s, _): return [String(decoding: s, as: UTF8.self).uppercased()]
        case .alternation(let xs): return xs.reduce(into: Set<String>()) { $0.formUnion(firstKeywords($1, depth: depth)) }
        case .concatenation(let xs): return xs.first.map { firstKeywords($0, depth: depth) } ?? []
        case .repetition(_, _, let x): return firstKeywords(x, depth: depth)
        case .rule(let r): return rules[r].map { firstKeywords($0, depth: depth + 1) } ?? []
        case .range, .except, .prose: return []
        }
    }
}
