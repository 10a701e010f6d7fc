import Testing
@testable import Conformance

/// The RFC 5234 interpreter behind `qresync spec validate`'s grammar check.
@Suite("ABNF interpreter - RFC 5234")
struct ABNFTests {
    /// A grammar of the core rules plus `rules` (one definition per line, continuation lines
    /// indented).
    static func grammar(_ rules: String) -> ABNFGrammar {
        var g = ABNFGrammar()
        let core = ABNF.definitions(in: ABNF.coreRules.split(separator: "\n").enumerated().map { ($0 + 1, String($1)) })
        g.load(core.rules, from: "core")
        let own = ABNF.definitions(in: rules.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { ($0 + 1, String($1)) })
        #expect(own.errors.isEmpty, "\(own.errors)")
        g.load(own.rules, from: "test")
        return g
    }

    static func matches(_ g: ABNFGrammar, _ root: String, _ input: String) -> ABNFMatcher.Result {
        ABNFMatcher(grammar: g).match(Array(input.utf8), roots: [root])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var rules: String
        var input: String
        var matches: Bool
        var testDescription: String { "\(rules.split(separator: "\n").first ?? "") on \"\(input)\"" }
    }

    static let cases: [Case] = [
        // Strings are case-insensitive; %s strings are not (RFC 7405).
        Case(rules: "r = \"ModSeq\"", input: "MODSEQ", matches: true),
        Case(rules: "r = %s\"ModSeq\"", input: "MODSEQ", matches: false),
        Case(rules: "r = %s\"ModSeq\"", input: "ModSeq", matches: true),
        // Repetition: n*m, *, exact, options and groups.
        Case(rules: "r = 2*3DIGIT", input: "1", matches: false),
        Case(rules: "r = 2*3DIGIT", input: "123", matches: true),
        Case(rules: "r = 2*3DIGIT", input: "1234", matches: false),
        Case(rules: "r = 3DIGIT", input: "123", matches: true),
        Case(rules: "r = \"a\" [\"b\"] \"c\"", input: "ac", matches: true),
        Case(rules: "r = \"a\" [\"b\"] \"c\"", input: "abc", matches: true),
        Case(rules: "r = (\"a\" / \"b\") \"c\"", input: "bc", matches: true),
        // Numeric values: ranges and concatenations.
        Case(rules: "r = %x41-43", input: "B", matches: true),
        Case(rules: "r = %x41-43", input: "D", matches: false),
        Case(rules: "r = %d65.66", input: "AB", matches: true),
        // Continuation lines and comments.
        Case(rules: "r = \"a\" ; first\n    \"b\" ; second", input: "ab", matches: true),
        // IMAP's "any X except Y" prose values (RFC 3501 §9).
        Case(rules: "r = 1*<any CHAR except \"]\">", input: "ab", matches: true),
        Case(rules: "r = 1*<any CHAR except \"]\">", input: "a]", matches: false),
        Case(rules: "r = 1*<any CHAR except CR and LF>", input: "a\r", matches: false),
        // Ambiguity needs backtracking: the repetition must leave the last "a" to the string.
        Case(rules: "r = *\"a\" \"a\"", input: "aaaa", matches: true),
        // The optional part that RFC 3501's resp-text allows: "[X]" read as text.
        Case(rules: "r = [\"[\" 1*ALPHA \"]\" SP] 1*VCHAR", input: "[X]", matches: true),
    ]

    @Test("strings, repetitions, groups, numeric values, prose classes", arguments: cases)
    func match(_ c: Case) {
        let result = Self.matches(Self.grammar(c.rules), "r", c.input)
        #expect((result == .matches) == c.matches, "\(result)")
    }

    @Test("a failure reports the farthest byte reached")
    func farthest() {
        let g = Self.grammar("r = \"abc\" DIGIT")
        #expect(Self.matches(g, "r", "abcx") == .fails(offset: 3))
    }

    @Test("=/ adds alternatives; = over an earlier source's rule is reported as a redefinition")
    func composition() {
        var g = Self.grammar("r = \"a\"")
        let extend = ABNF.definitions(in: [(10, "r =/ \"b\"")]).rules
        #expect(g.load(extend, from: "draft").isEmpty)
        #expect(Self.matches(g, "r", "a") == .matches)
        #expect(Self.matches(g, "r", "b") == .matches)
        let replace = ABNF.definitions(in: [(20, "r = \"c\"")]).rules
        // The rule is the base's ("test"); the draft only extended it.
        #expect(g.load(replace, from: "draft2") == [.redefined(name: "r", line: 20, previous: "test")])
        #expect(Self.matches(g, "r", "a") != .matches)
        #expect(Self.matches(g, "r", "c") == .matches)
        let orphan = ABNF.definitions(in: [(30, "s =/ \"d\""), (31, "t = \"e\""), (32, "t = \"f\"")]).rules
        #expect(g.load(orphan, from: "draft3") == [.extendsUndefined(name: "s", line: 30), .definedTwice(name: "t", line: 32)])
    }

    @Test("an undefined rule or a prose value makes a failure inconclusive, not a failure")
    func undefined() {
        let g = Self.grammar("r = \"a\" missing\nq = \"a\" <something a person reads>")
        if case .inconclusive = Self.matches(g, "r", "ab") {} else { Issue.record("undefined rule: not inconclusive") }
        if case .inconclusive = Self.matches(g, "q", "ab") {} else { Issue.record("prose value: not inconclusive") }
    }

    @Test("left recursion terminates")
    func leftRecursion() {
        let g = Self.grammar("r = r \"x\" / \"y\"")
        #expect(Self.matches(g, "r", "y") == .matches)
        if case .matches = Self.matches(g, "r", "yx") { Issue.record("left recursion cut: only the base alternative matches") }
    }

    @Test("the step budget bounds the work: inconclusive instead of a hang")
    func budget() {
        let g = Self.grammar("r = *(*\"a\" / *\"aa\") \"b\"")
        let input = Array(String(repeating: "a", count: 200).utf8)
        let small = ABNFMatcher(grammar: g, budget: 500).match(input, roots: ["r"])
        if case .inconclusive(let why) = small { #expect(why.contains("budget")) } else { Issue.record("\(small)") }
        // With the default budget the same question is answered.
        #expect(ABNFMatcher(grammar: g).match(input, roots: ["r"]) == .fails(offset: 200))
    }

    @Test("rules are read out of document lines: prose skipped, continuation lines joined")
    func reading() {
        let lines: [(Int, String)] = [
            (1, "   The following syntax specification uses ABNF."), (2, ""),
            (3, "   a-rule      = \"A\" SP"), (4, "                 b-rule"), (5, "                 ;; a comment"), (6, ""),
            (7, "   b-rule      =/ \"B\""), (8, "   Non-terminals referenced but not defined below are as defined by"),
        ]
        let (rules, errors) = ABNF.definitions(in: lines)
        #expect(errors.isEmpty)
        #expect(rules.map(\.name) == ["a-rule", "b-rule"])
        #expect(rules.map(\.line) == [3, 7])
        #expect(rules[0].text == "a-rule = \"A\" SP b-rule")
        #expect(rules[1].incremental)
    }

    @Test("reachability finds rules no root uses")
    func reachability() {
        let g = Self.grammar("command = \"X\" used\nused = \"u\"\nlonely = \"l\"")
        let (reachable, undefined) = g.reachable(from: ["command", "response"])
        #expect(reachable.contains("used"))
        #expect(!reachable.contains("lonely"))
        #expect(undefined == ["response"])
        #expect(g.keywords(from: ["command"]) == ["X", "U"])
    }

    @Test("a line break of the document reads as nothing or as one space")
    func breaks() {
        let g = Self.grammar("r = \"(\" 1*(\"(\" \"x\" \")\") \")\"\ns = \"a\" SP \"b\"\nt = \"+\" SP \"ok\" / \"+\" SP")
        let m = ABNFMatcher(grammar: g)
        // "((x)" + break + "(x))": an address list, written without a space (RFC 3501 §7.4.2).
        #expect(m.match(Array("((x)".utf8) + [ABNFMatcher.breakMarker] + Array("(x))".utf8), roots: ["r"]) == .matches)
        #expect(m.match(Array("a".utf8) + [ABNFMatcher.breakMarker] + Array("b".utf8), roots: ["s"]) == .matches)
        // A trailing break stands for the white space plain text drops: "+" is "+ ".
        #expect(m.match(Array("+".utf8) + [ABNFMatcher.breakMarker], roots: ["t"]) == .matches)
        // A break is no wildcard: it stands for a space or for nothing, never for another character.
        #expect(m.match(Array("a".utf8) + [ABNFMatcher.breakMarker] + Array("c".utf8), roots: ["s"]) != .matches)
        #expect(m.match(Array("ab".utf8) + [ABNFMatcher.breakMarker], roots: ["s"]) != .matches)
    }
}
