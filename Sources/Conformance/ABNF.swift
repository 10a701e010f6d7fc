/// ABNF (RFC 5234) as data: rules read from the plain text of a document's formal syntax, and a
/// grammar built by loading documents over one another (a base grammar, then a document's own
/// rules), so that a draft that changes the grammar is checked against its own change.
///
/// Supported: rule names, `=` and `=/` (RFC 5234 §3.3), alternation `/`, concatenation,
/// repetition `n*m`, `*`, `n`, groups `( )`, options `[ ]`, case-insensitive strings `"..."`
/// (also `%i"..."`; `%s"..."` is case-sensitive, RFC 7405), numeric values `%x41`, `%d65`,
/// `%b1000001` with ranges `-` and concatenations `.`, comments `;`, and the prose values IMAP's
/// grammars use for "one character of X except Y" (`<any TEXT-CHAR except "]">`). Any other prose
/// value cannot be matched by a machine and makes a check that reaches it inconclusive.
public enum ABNF {
    /// One element of a rule's definition.
    public indirect enum Node: Hashable, Sendable {
        case alternation([Node])
        case concatenation([Node])
        case repetition(min: Int, max: Int?, Node)
        /// A rule name, lower-cased (rule names are case-insensitive, RFC 5234 §2.1).
        case rule(String)
        /// A string; `caseSensitive` only for `%s"..."`.
        case string([UInt8], caseSensitive: Bool)
        /// One octet in a range.
        case range(UInt32, UInt32)
        /// One character that matches `base` and none of `excluded` (IMAP's "any X except Y").
        case except(base: Node, excluded: [Node])
        /// A prose value no machine can match.
        case prose(String)
    }

    /// A rule definition as written: `name = ...` or `name =/ ...`, with the line where it starts.
    public struct Definition: Hashable, Sendable {
        public var name: String
        public var incremental: Bool
        public var node: Node
        public var line: Int
        /// The definition as written, continuation lines joined.
        public var text: String
    }

    /// A definition that could not be read: where and why.
    public struct SyntaxError: Error, Hashable, Sendable {
        public var line: Int
        public var reason: String
    }

    // MARK: - Reading rules out of a document

    /// The rules of a block of lines (numbered as in the document): a rule starts with a rule
    /// name followed by `=` or `=/`; deeper-indented lines continue it; a blank line or a line at
    /// the rule's indentation that does not start a rule ends it. Prose between rules is skipped.
    public static func definitions(in lines: [(number: Int, text: String)]) -> (rules: [Definition], errors: [SyntaxError]) {
        var rules: [Definition] = []
        var errors: [SyntaxError] = []
        var pending: (line: Int, indent: Int, text: String)? = nil
        func flush() {
            guard let p = pending else { return }
            pending = nil
            do {
                rules.append(try parseDefinition(p.text, line: p.line))
            } catch let e as SyntaxError {
                errors.append(e)
            } catch {}
        }
        for (number, raw) in lines {
            let indent = raw.prefix { $0 == " " }.count
            let body = String(raw.dropFirst(indent))
            if body.isEmpty {
                flush()
                continue
            }
            if startsRule(body) {
                flush()
                pending = (number, indent, body)
            } else if let p = pending, indent > p.indent {
                pending!.text += "\n" + body
            } else {
                flush()
            }
        }
        flush()
        return (rules, errors)
    }

    /// Whether a line starts a rule: `name` then white space, then `=` or `=/`.
    static func startsRule(_ body: String) -> Bool {
        var i = body.startIndex
        guard i < body.endIndex, body[i].isASCII, body[i].isLetter else { return false }
        while i < body.endIndex, body[i].isASCII, body[i].isLetter || body[i].isNumber || body[i] == "-" { i = body.index(after: i) }
        while i < body.endIndex, body[i] == " " || body[i] == "\t" { i = body.index(after: i) }
        guard i < body.endIndex, body[i] == "=" else { return false }
        let next = body.index(after: i)
        // "=" followed by white space, "/", or an element ("a =b" is rare but legal).
        return next == body.endIndex || body[next] != "="
    }

    /// Parses one definition `name = elements` / `name =/ elements` (comments allowed).
    public static func parseDefinition(_ text: String, line: Int) throws -> Definition {
        var p = Parser(bytes: Array(text.utf8), line: line)
        p.skipSpace()
        let name = p.ruleName()
        guard !name.isEmpty else { throw SyntaxError(line: line, reason: "no rule name") }
        p.skipSpace()
        guard p.eat(UInt8(ascii: "=")) else { throw SyntaxError(line: line, reason: "\(name): expected '=' or '=/'") }
        let incremental = p.eat(UInt8(ascii: "/"))
        let node = try p.alternation()
        p.skipSpace()
        guard p.atEnd else {
            throw SyntaxError(line: line, reason: "\(name): cannot read \"\(p.rest(20))\"")
        }
        let shown = text.split(separator: "\n").map { String($0.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]) }
        let joined = shown.joined(separator: " ").split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return Definition(name: name.lowercased(), incremental: incremental, node: node, line: line, text: joined)
    }

    struct Parser {
        let bytes: [UInt8]
        let line: Int
        var i = 0

        var atEnd: Bool { i >= bytes.count }
        func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }
        func rest(_ n: Int) -> String { String(decoding: bytes[i..<min(bytes.count, i + n)], as: UTF8.self) }

        mutating func eat(_ b: UInt8) -> Bool {
            guard peek() == b else { return false }
            i += 1
            return true
        }

        /// White space, line breaks and comments (c-wsp, c-nl).
        mutating func skipSpace() {
            while let b = peek() {
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                    i += 1
                } else if b == UInt8(ascii: ";") {
                    while let c = peek(), c != 0x0A { _ = c; i += 1 }
                } else {
                    return
                }
            }
        }

        mutating func ruleName() -> String {
            let start = i
            guard let b = peek(), isAlpha(b) else { return "" }
            i += 1
            while let b = peek(), isAlpha(b) || isDigit(b) || b == UInt8(ascii: "-") { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        func isAlpha(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

        func error(_ reason: String) -> SyntaxError { SyntaxError(line: line, reason: reason) }

        mutating func alternation() throws -> Node {
            var alternatives = [try concatenation()]
            while true {
                let save = i
                skipSpace()
                if eat(UInt8(ascii: "/")) {
                    alternatives.append(try concatenation())
                } else {
                    i = save
                    break
                }
            }
            return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
        }

        mutating func concatenation() throws -> Node {
            var items: [Node] = []
            while true {
                let save = i
                skipSpace()
                guard let b = peek(), b != UInt8(ascii: "/"), b != UInt8(ascii: ")"), b != UInt8(ascii: "]") else {
                    i = save
                    break
                }
                items.append(try repetition())
            }
            guard !items.isEmpty else { throw error("an empty alternative at \"\(rest(20))\"") }
            return items.count == 1 ? items[0] : .concatenation(items)
        }

        mutating func number() -> Int? {
            let start = i
            while let b = peek(), isDigit(b) { i += 1 }
            return i > start ? Int(String(decoding: bytes[start..<i], as: UTF8.self)) : nil
        }

        mutating func repetition() throws -> Node {
            let lo = number()
            var min = lo ?? 1
            var max: Int? = lo ?? 1
            if eat(UInt8(ascii: "*")) {
                min = lo ?? 0
                max = number()
            }
            let element = try self.element()
            if min == 1, max == 1 { return element }
            return .repetition(min: min, max: max, element)
        }

        mutating func element() throws -> Node {
            guard let b = peek() else { throw error("an element expected at the end") }
            switch b {
            case UInt8(ascii: "("):
                i += 1
                skipSpace()
                let inner = try alternation()
                skipSpace()
                guard eat(UInt8(ascii: ")")) else { throw error("')' expected at \"\(rest(20))\"") }
                return inner
            case UInt8(ascii: "["):
                i += 1
                skipSpace()
                let inner = try alternation()
                skipSpace()
                guard eat(UInt8(ascii: "]")) else { throw error("']' expected at \"\(rest(20))\"") }
                return .repetition(min: 0, max: 1, inner)
            case UInt8(ascii: "\""):
                return .string(try quoted(), caseSensitive: false)
            case UInt8(ascii: "%"):
                i += 1
                guard let kind = peek() else { throw error("'%' at the end") }
                i += 1
                switch kind | 0x20 {
                case UInt8(ascii: "s"): return .string(try quoted(), caseSensitive: true)
                case UInt8(ascii: "i"): return .string(try quoted(), caseSensitive: false)
                case UInt8(ascii: "x"): return try numeric(radix: 16)
                case UInt8(ascii: "d"): return try numeric(radix: 10)
                case UInt8(ascii: "b"): return try numeric(radix: 2)
                default: throw error("unknown '%\(Character(Unicode.Scalar(kind)))'")
                }
            case UInt8(ascii: "<"):
                i += 1
                let start = i
                while let c = peek(), c != UInt8(ascii: ">") { i += 1 }
                let prose = String(decoding: bytes[start..<i], as: UTF8.self)
                guard eat(UInt8(ascii: ">")) else { throw error("'>' expected") }
                return ABNF.prose(prose)
            default:
                let name = ruleName()
                guard !name.isEmpty else { throw error("cannot read \"\(rest(20))\"") }
                return .rule(name.lowercased())
            }
        }

        mutating func quoted() throws -> [UInt8] {
            guard eat(UInt8(ascii: "\"")) else { throw error("'\"' expected") }
            let start = i
            while let c = peek(), c != UInt8(ascii: "\""), c != 0x0A { i += 1 }
            let value = Array(bytes[start..<i])
            guard eat(UInt8(ascii: "\"")) else { throw error("unterminated string") }
            return value
        }

        mutating func digits(radix: Int) -> UInt32? {
            let start = i
            while let c = peek(), let _ = Int(String(Character(Unicode.Scalar(c))), radix: radix) { i += 1 }
            guard i > start else { return nil }
            return UInt32(String(decoding: bytes[start..<i], as: UTF8.self), radix: radix)
        }

        mutating func numeric(radix: Int) throws -> Node {
            guard let first = digits(radix: radix) else { throw error("digits expected after '%'") }
            if eat(UInt8(ascii: "-")) {
                guard let last = digits(radix: radix) else { throw error("range end expected") }
                return .range(first, last)
            }
            var values = [first]
            while eat(UInt8(ascii: ".")) {
                guard let v = digits(radix: radix) else { throw error("value expected after '.'") }
                values.append(v)
            }
            if values.count == 1 { return .range(first, first) }
            return .concatenation(values.map { .range($0, $0) })
        }
    }

    /// A prose value: IMAP's "any X except Y [and Z]" becomes a character class; anything else
    /// stays prose.
    static func prose(_ text: String) -> Node {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= 4, words[0] == "any", words[2] == "except" else { return .prose(text) }
        var excluded: [Node] = []
        for w in words.dropFirst(3) where w != "and" {
            if w.hasPrefix("\""), w.hasSuffix("\""), w.count >= 3 {
                excluded.append(.string(Array(w.dropFirst().dropLast().utf8), caseSensitive: true))
            } else if w.first?.isLetter == true {
                excluded.append(.rule(w.lowercased()))
            } else {
                return .prose(text)
            }
        }
        return .except(base: .rule(words[1].lowercased()), excluded: excluded)
    }

    /// RFC 5234 Appendix B.1, the core rules every IMAP grammar builds on.
    public static let coreRules = """
        ALPHA          =  %x41-5A / %x61-7A
        BIT            =  "0" / "1"
        CHAR           =  %x01-7F
        CR             =  %x0D
        CRLF           =  CR LF
        CTL            =  %x00-1F / %x7F
        DIGIT          =  %x30-39
        DQUOTE         =  %x22
        HEXDIG         =  DIGIT / "A" / "B" / "C" / "D" / "E" / "F"
        HTAB           =  %x09
        LF             =  %x0A
        LWSP           =  *(WSP / CRLF WSP)
        OCTET          =  %x00-FF
        SP             =  %x20
        VCHAR          =  %x21-7E
        WSP            =  SP / HTAB
        """
}
