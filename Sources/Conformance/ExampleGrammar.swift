import IMAPWire

/// Every line of a document's examples checked against two grammars: our strict parser
/// (`CommandParser`, `ResponseParser`) and the document's own ABNF loaded over its base grammar
/// (`ABNFGrammar`). A line breaks the grammar when the document's ABNF rejects it, or when the
/// strict parser rejects it at a rule the document leaves as its base defines it (the ABNF can be
/// looser than the RFC text: RFC 3501's `resp-text` accepts "[HIGHESTMODSEQ 1]" as plain text,
/// which is why the response-code form without text is an erratum, RFC 7162 erratum 5055).
///
/// Fair to the document: a wrapped line passes when any way of joining its pieces passes (a line
/// break is a space or nothing, RFC 7162 §2); an elided line is not checked; neither is a line
/// whose command or response keyword no rule of the loaded grammars introduces (an extension the
/// base does not load, e.g. SORT without RFC 5256), by either grammar; a match that reaches an
/// undefined rule or a prose value is inconclusive, never a failure; a strict rejection at a rule
/// the document itself defines or extends is shown but not counted (a draft is judged by its own
/// grammar).
public struct ExampleGrammar: Sendable {
    public struct LineCheck: Hashable, Sendable {
        public enum ABNFVerdict: Hashable, Sendable {
            case matches
            /// The line breaks the document's grammar; `column` is 1-based.
            case breaks(column: Int)
            case notChecked(String)
        }

        public var line: DocumentExample.Line
        public var section: String
        public var abnf: ABNFVerdict
        /// Nil when the strict parser accepts the line; else where and why it stops.
        public var strict: WireError?
        /// Whether the strict parser ran (elided lines are not parsed).
        public var strictChecked: Bool
        /// Whether the strict rejection counts (see the type's comment).
        public var strictCounts: Bool

        public var breaksGrammar: Bool {
            if case .breaks = abnf { return true }
            return strict != nil && strictCounts
        }
    }

    public static let clientRoots = ["command"]
    public static let serverRoots = ["continue-req", "response-data", "response-done", "greeting"]

    let grammar: ABNFGrammar?
    let matcher: ABNFMatcher?
    let clientKeywords: Set<String>
    let serverKeywords: Set<String>
    let afterUID: Set<String>

    /// Rules the document defines or extends.
    let documentRules: Set<String>

    /// `grammar` nil or without a `command` rule: the ABNF check is not run. `documentRules`:
    /// the rules the document defines or extends.
    public init(grammar: ABNFGrammar?, documentRules: Set<String> = []) {
        self.grammar = grammar
        self.documentRules = documentRules
        if let g = grammar, g.rules["command"] != nil {
            matcher = ABNFMatcher(grammar: g)
            clientKeywords = g.keywords(from: Self.clientRoots)
            serverKeywords = g.keywords(from: Self.serverRoots)
            afterUID = g.keywords(following: "UID", from: Self.clientRoots)
        } else {
            matcher = nil
            clientKeywords = []
            serverKeywords = []
            afterUID = []
        }
    }

    public func check(_ example: DocumentExample) -> [LineCheck] {
        // A line announcing a literal ("{326}", "{8+}") and the payload lines after it (same
        // session and side) are one unit whose byte count the printed text seldom keeps exactly:
        // not checked.
        var literal: Set<Int> = []
        var owed: [String: Int] = [:]
        for (i, l) in example.lines.enumerated() where l.kind != .elision {
            let key = "\(l.session)\(l.kind.rawValue)"
            if let n = owed[key] {
                // A payload line, or (once the payload is complete) the rest of the unit.
                literal.insert(i)
                owed[key] = n > 0 ? n - l.text.utf8.count - 2 : nil
            }
            if let n = Self.literalLength(l.text) {
                literal.insert(i)
                owed[key] = n
            }
        }
        return example.lines.enumerated().filter { $0.element.kind != .elision }.map { i, l in
            if literal.contains(i) {
                return LineCheck(line: l, section: example.section, abnf: .notChecked("part of a unit with a literal"), strict: nil,
                                 strictChecked: false, strictCounts: false)
            }
            return check(l, section: example.section)
        }
    }

    /// n when a line ends announcing a literal of n bytes ("{n}" or "{n+}", n in ASCII digits).
    static func literalLength(_ text: String) -> Int? {
        guard text.hasSuffix("}"), let open = text.lastIndex(of: "{") else { return nil }
        var inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        if inner.hasSuffix("+") { inner = inner.dropLast() }
        guard !inner.isEmpty, inner.count <= 9, inner.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(inner)
    }

    public func check(_ line: DocumentExample.Line, section: String) -> LineCheck {
        if line.isElided {
            return LineCheck(line: line, section: section, abnf: .notChecked("elided"), strict: nil, strictChecked: false,
                             strictCounts: false)
        }
        let joinings = line.joinings.map { Array($0.utf8) + [0x0D, 0x0A] }
        var strict: WireError? = nil
        for (i, bytes) in joinings.enumerated() {
            do throws(WireError) {
                if line.kind == .client { _ = try CommandParser.parse(bytes) } else { _ = try ResponseParser.parse(bytes) }
                strict = nil
                break
            } catch {
                if i == 0 { strict = error }
            }
        }
        // The ABNF reads every break (and the end of the line) as nothing or one space itself.
        let marked = Array(line.pieces.joined(separator: "\u{0}").utf8) + [ABNFMatcher.breakMarker, 0x0D, 0x0A]
        let verdict = abnf(line, marked)
        var counts = strict.map { Self.strictRulesCounted.contains($0.rule) && !documentRules.contains($0.rule) } ?? false
        if case .notChecked(let why) = verdict, why.hasPrefix(Self.unknownKeyword) { counts = false }
        return LineCheck(line: line, section: section, abnf: verdict, strict: strict, strictChecked: true, strictCounts: counts)
    }

    static let unknownKeyword = "the loaded grammars define no"

    /// The rules at which a strict rejection counts although the ABNF may accept the line: where
    /// the ABNF is looser than the RFC's text, and the strict parser follows the text. RFC 3501's
    /// `resp-text` = ["[" resp-text-code "]" SP] text accepts "[HIGHESTMODSEQ 1]" as plain text,
    /// but a response code is followed by SP and text (RFC 7162 erratum 5055, verified). Any other
    /// strict rejection may be the parser's subset ending (it parses what CONDSTORE and QRESYNC
    /// need), so it is shown, not counted.
    static let strictRulesCounted: Set<String> = ["resp-text"]

    func abnf(_ line: DocumentExample.Line, _ bytes: [UInt8]) -> LineCheck.ABNFVerdict {
        guard let matcher else { return .notChecked("no base grammar (RFC 3501) to read the document's ABNF over") }
        let words = line.text.split(separator: " ", omittingEmptySubsequences: true).map { String($0).uppercased() }
        func keyword(_ w: String) -> String { String(w.prefix { $0 != "(" && $0 != "[" && $0 != "{" }) }
        if line.kind == .client {
            guard words.count >= 2 else { return .notChecked("no command keyword") }
            let k = keyword(words[1])
            if !clientKeywords.contains(k) { return .notChecked("\(Self.unknownKeyword) \(k) command") }
            if k == "UID", words.count >= 3, !afterUID.contains(keyword(words[2])) {
                return .notChecked("\(Self.unknownKeyword) UID \(keyword(words[2])) command")
            }
        } else if words.first == "*", words.count >= 2 {
            var k = keyword(words[1])
            if k.allSatisfy(\.isNumber), words.count >= 3 { k = keyword(words[2]) }
            if !serverKeywords.contains(k) { return .notChecked("\(Self.unknownKeyword) \(k) response") }
        }
        let roots = line.kind == .client ? Self.clientRoots : Self.serverRoots
        switch matcher.match(bytes, roots: roots) {
        case .matches: return .matches
        case .fails(let offset) where offset >= bytes.count:
            // Everything was read and more was wanted: the unit goes on past this line (IDLE and DONE).
            return .notChecked("the unit continues past this line")
        case .fails(let offset): return .breaks(column: min(offset, line.text.utf8.count) + 1)
        case .inconclusive(let why): return .notChecked("inconclusive: \(why)")
        }
    }
}
