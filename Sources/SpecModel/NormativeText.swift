/// The extractor behind the requirement registry (STYLE.md habit 5): pure functions that turn the
/// plain text of an RFC or Internet-Draft into numbered sections, sentences and BCP 14 keyword
/// sentences (RFC 2119 and RFC 8174), and that fingerprint a sentence without storing its prose.
///
/// It never reads a file; the caller hands over the text. The same functions serve RFC 7162, its
/// predecessors (RFC 4551, RFC 5162), the base protocol (RFC 3501, RFC 9051) and drafts.
public enum NormativeText {
    /// A numbered section: its number without the trailing dot ("3.2.5.1"), its title, and its own
    /// lines (page furniture removed, subsections excluded).
    public struct Section: Hashable, Sendable {
        public var number: String
        public var title: String
        public var lines: [String]
    }

    /// A BCP 14 keyword found in a sentence, in upper case as RFC 2119 defines it.
    public enum Keyword: String, Hashable, Sendable, CaseIterable {
        case mustNot = "MUST NOT"
        case must = "MUST"
        case required = "REQUIRED"
        case shallNot = "SHALL NOT"
        case shall = "SHALL"
        case shouldNot = "SHOULD NOT"
        case should = "SHOULD"
        case notRecommended = "NOT RECOMMENDED"
        case recommended = "RECOMMENDED"
        case may = "MAY"
        case optional = "OPTIONAL"

        /// The requirement level the keyword expresses.
        public var level: Requirement.Level {
            switch self {
            case .mustNot: return .mustNot
            case .must: return .must
            case .required: return .required
            case .shallNot: return .shallNot
            case .shall: return .shall
            case .shouldNot: return .shouldNot
            case .should: return .should
            case .notRecommended: return .notRecommended
            case .recommended: return .recommended
            case .may: return .may
            case .optional: return .optional
            }
        }
    }

    /// A sentence of a section that contains at least one upper-case BCP 14 keyword, numbered by
    /// the registry's ID rule: the n-th such sentence in the section's own text.
    public struct KeywordSentence: Hashable, Sendable {
        public var rfc: Int
        public var section: String
        public var ordinal: Int
        /// The sentence, whitespace collapsed (see `normalize(_:)`).
        public var text: String
        /// The keywords in order of appearance.
        public var keywords: [Keyword]

        /// "R" + RFC number + "-" + section + "#" + ordinal.
        public var id: String { "R\(rfc)-\(section)#\(ordinal)" }
        /// The strongest level among the keywords (the first one of the strongest severity).
        public var level: Requirement.Level {
            let levels = keywords.map(\.level)
            return levels.min(by: { $0.severity.rank < $1.severity.rank }) ?? .may
        }
        public var fingerprint: String { NormativeText.fingerprint(text) }
    }

    // MARK: - (a) Page furniture

    /// Removes page furniture: form feeds, page headers ("RFC 7162   IMAP CONDSTORE & QRESYNC
    /// May 2014", "Internet-Draft   ...   May 2020"), page footers ("Melnikov & Cridland ...
    /// [Page 8]", "Melnikov   Expires November 2, 2020   [Page 5]"), a byte order mark, and the
    /// blank lines that pad each page break. A page break inside a paragraph leaves the paragraph
    /// whole; a page break after a line that ends a sentence leaves one blank line.
    public static func stripPageFurniture(_ text: String) -> [String] {
        numberedLines(text).map(\.text)
    }

    /// A line of a document with page furniture removed, and the 1-based number of the line of
    /// the original text it comes from (a blank line kept at a page break takes the number of the
    /// line after the break).
    public struct NumberedLine: Hashable, Sendable {
        public var number: Int
        public var text: String

        public init(number: Int, text: String) {
            self.number = number
            self.text = text
        }
    }

    /// `stripPageFurniture(_:)` with each kept line's number in the original text, so that a
    /// report can point at the line a reader sees in the published document.
    public static func numberedLines(_ text: String) -> [NumberedLine] {
        var raw = text
        if raw.hasPrefix("\u{FEFF}") { raw.removeFirst() }
        raw = raw.replacingAll("\r\n", with: "\n")
        var out: [NumberedLine] = []
        var afterBreak = false
        var number = 0
        for piece in raw.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = String(piece)
            if line.contains("\u{0C}") { line = line.filter { $0 != "\u{0C}" } }
            if isFooter(line) || isHeader(line) {
                while let last = out.last, last.text.isBlank { out.removeLast() }
                afterBreak = true
                continue
            }
            if afterBreak {
                if line.isBlank { continue }
                afterBreak = false
                // A paragraph ends at the break after a sentence, and after a protocol line when
                // what follows is not indented deeper (prose, or the next example's label, not
                // the line wrapped).
                if let last = out.last, endsSentence(last.text) || (isProtocolLine(last.text) && indentation(line) <= indentation(last.text)) {
                    out.append(NumberedLine(number: number, text: ""))
                }
            }
            out.append(NumberedLine(number: number, text: line))
        }
        while let last = out.last, last.text.isBlank { out.removeLast() }
        return out
    }

    /// An example's protocol line: "C:" or "S:" (with a session number, "C2:") first.
    static func isProtocolLine(_ line: String) -> Bool {
        let t = line.drop { $0 == " " }
        guard let first = t.first, first == "C" || first == "S" else { return false }
        let rest = t.dropFirst().drop { $0.isASCIIDigit }
        return rest.first == ":"
    }

    /// The number of spaces a line starts with.
    static func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    /// A page footer: a line ending in "[Page N]".
    static func isFooter(_ line: String) -> Bool {
        let t = line.trimmed
        guard t.hasSuffix("]"), let open = t.lastIndex(of: "[") else { return false }
        let inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
        guard inner.hasPrefix("Page ") else { return false }
        let digits = inner.dropFirst(5)
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }

    /// A page header: "RFC NNNN ... Month YYYY" or "Internet-Draft ... Month YYYY" at column 0.
    static func isHeader(_ line: String) -> Bool {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 3 else { return false }
        let starts: Bool
        if words[0] == "RFC", words[1].allSatisfy(\.isASCIIDigit) {
            starts = true
        } else {
            starts = words[0] == "Internet-Draft"
        }
        guard starts, !line.hasPrefix(" ") else { return false }
        let year = words[words.count - 1]
        let month = words[words.count - 2]
        return year.count == 4 && year.allSatisfy(\.isASCIIDigit) && months.contains(String(month))
    }

    static let months: Set<String> = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    // MARK: - (b) Sections

    /// Splits furniture-free lines into numbered sections. A heading is a line at column 0 that
    /// starts with a section number ("3.2.5.1." or "3.2.5.1", or an appendix number "A.1.",
    /// possibly after "Appendix ") followed by white space and a title that starts with a capital,
    /// a digit, "[" or a quote. Lines before the first heading are dropped.
    public static func sections(_ lines: [String]) -> [Section] {
        var result: [Section] = []
        for line in lines {
            if let (number, title) = heading(line) {
                result.append(Section(number: number, title: title, lines: []))
            } else if !result.isEmpty {
                result[result.count - 1].lines.append(line)
            }
        }
        return result
    }

    /// A numbered section with the original line number of its heading and of each of its lines.
    public struct NumberedSection: Hashable, Sendable {
        public var number: String
        public var title: String
        public var headingLine: Int
        public var lines: [NumberedLine]

        /// The same section without line numbers.
        public var section: Section { Section(number: number, title: title, lines: lines.map(\.text)) }
    }

    /// `sections(_:)` keeping line numbers.
    public static func numberedSections(_ lines: [NumberedLine]) -> [NumberedSection] {
        var result: [NumberedSection] = []
        for line in lines {
            if let (number, title) = heading(line.text) {
                result.append(NumberedSection(number: number, title: title, headingLine: line.number, lines: []))
            } else if !result.isEmpty {
                result[result.count - 1].lines.append(line)
            }
        }
        return result
    }

    /// The lines before the first section heading, as section "0", when any holds text: where a
    /// memo without numbered sections, or an abstract, keeps its examples.
    public static func frontMatter(_ lines: [NumberedLine]) -> NumberedSection? {
        var front: [NumberedLine] = []
        for line in lines {
            if heading(line.text) != nil { break }
            front.append(line)
        }
        guard front.contains(where: { !$0.text.isBlank }) else { return nil }
        return NumberedSection(number: "0", title: "(before the first section)", headingLine: 0, lines: front)
    }

    /// The sections of a whole text, page furniture removed.
    public static func sections(ofText text: String) -> [Section] {
        sections(stripPageFurniture(text))
    }

    /// The section number and title if `line` is a section heading.
    static func heading(_ line: String) -> (String, String)? {
        guard let first = line.first, first.isASCIIDigit || (first.isUppercase && first.isASCII) else {
            return nil
        }
        var rest = Substring(line)
        if rest.hasPrefix("Appendix ") { rest = rest.dropFirst("Appendix ".count) }
        let numberEnd = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? rest.endIndex
        var number = rest[..<numberEnd]
        if number.hasSuffix(".") { number = number.dropLast() }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else { return nil }
        let head = parts[0]
        let headOK = head.allSatisfy(\.isASCIIDigit)
            || (head.count == 1 && head.first!.isUppercase && (parts.count > 1 || rest[..<numberEnd].hasSuffix(".")))
        guard headOK, parts.dropFirst().allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let title = rest[numberEnd...].trimmed
        guard let t = title.first, t.isUppercase || t.isASCIIDigit || t == "[" || t == "\"" else { return nil }
        return (String(number), title)
    }

    // MARK: - (c) Sentences

    /// The text units of a section: paragraphs (separated by blank lines) and list items, with
    /// examples and figures removed. An example line starts with "C:" or "S:" (its deeper
    /// indented continuation lines go with it); a line indented 16 columns or more is a figure
    /// or a caption ("Example 3").
    static func units(_ lines: [String]) -> [[String]] {
        var units: [[String]] = []
        var current: [String] = []
        var exampleIndent: Int? = nil
        func flush() {
            if !current.isEmpty { units.append(current) }
            current = []
        }
        for line in lines {
            if line.isBlank {
                flush()
                exampleIndent = nil
                continue
            }
            let indent = line.indentation
            let t = line.trimmed
            if let e = exampleIndent, indent > e { continue }
            exampleIndent = nil
            if t.hasPrefix("C:") || t.hasPrefix("S:") {
                flush()
                exampleIndent = indent
                continue
            }
            if indent >= 16 {
                flush()
                continue
            }
            if isListItemStart(t) { flush() }
            current.append(line)
        }
        flush()
        return units
    }

    /// A list item marker: "o", "*", "-", "a.", "d)", "1.", "1)", "1a)" or "(1)" followed by two spaces.
    static func isListItemStart(_ t: String) -> Bool {
        guard let gap = t.range(of: "  ") else { return false }
        let marker = t[..<gap.lowerBound]
        if marker == "o" || marker == "*" || marker == "-" { return true }
        var m = Substring(marker)
        if m.hasPrefix("("), m.hasSuffix(")") {
            m = m.dropFirst().dropLast()
            return !m.isEmpty && m.allSatisfy(\.isASCIIDigit)
        }
        guard m.hasSuffix(".") || m.hasSuffix(")") else { return false }
        m = m.dropLast()
        if m.count == 1, let c = m.first, c.isLowercase, c.isASCII { return true }
        if let c = m.last, c.isLowercase, c.isASCII { m = m.dropLast() }
        return !m.isEmpty && m.count <= 2 && m.allSatisfy(\.isASCIIDigit)
    }

    /// Joins the lines of a unit into one line: a line ending in a hyphen that follows a letter
    /// joins the next line's word directly ("mod-" + "sequence"); other line breaks become spaces;
    /// runs of white space collapse to one space.
    static func join(_ lines: [String]) -> String {
        var s = ""
        for line in lines {
            let t = line.trimmed
            if s.isEmpty {
                s = t
            } else if s.hasSuffix("-"), s.dropLast().last?.isLetter == true, t.first?.isLetter == true {
                s += t
            } else {
                s += " " + t
            }
        }
        return normalize(s)
    }

    /// Collapses every run of white space to one space and trims the ends.
    public static func normalize(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" })
            .joined(separator: " ")
    }

    /// Abbreviations after which a period does not end a sentence.
    static let abbreviations: Set<String> = ["e.g", "i.e", "etc", "cf", "vs", "viz", "al", "Fig", "No", "Sec"]

    /// Splits one unit of text into sentences. A sentence ends at ".", "?" or "!" (possibly
    /// followed by closing quotes, parentheses or brackets) when white space and then an upper-case
    /// letter, a digit, a quote, "(", "[" or "<" follow, unless the period ends an abbreviation such as
    /// "e.g." or "i.e."; the end of the unit ends the last sentence. A period inside a token
    /// ("Section 3.1.2", "3.1.") is not followed by white space and so ends nothing, except at the
    /// token's end.
    public static func sentences(inUnit text: String) -> [String] {
        let chars = Array(text)
        var result: [String] = []
        var start = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "." || c == "?" || c == "!" {
                var j = i + 1
                while j < chars.count, ")]\"'".contains(chars[j]) { j += 1 }
                if j < chars.count, chars[j] == " ", j + 1 < chars.count {
                    let next = chars[j + 1]
                    let startsSentence = next.isUppercase || next.isNumber || "\"'([<".contains(next)
                    if startsSentence, !(c == "." && endsAbbreviation(chars, at: i)) {
                        result.append(String(chars[start..<j]))
                        start = j + 1
                        i = j + 1
                        continue
                    }
                }
            }
            i += 1
        }
        if start < chars.count { result.append(String(chars[start...])) }
        return result.map(normalize).filter { !$0.isEmpty }
    }

    /// Whether the period at `i` ends one of `abbreviations`.
    static func endsAbbreviation(_ chars: [Character], at i: Int) -> Bool {
        var k = i
        while k > 0, chars[k - 1] != " ", chars[k - 1] != "(" { k -= 1 }
        let word = String(chars[k..<i])
        return abbreviations.contains(word)
    }

    /// Every sentence of a section's own text, in order.
    public static func sentences(in section: Section) -> [String] {
        units(section.lines).flatMap { sentences(inUnit: join($0)) }
    }

    // MARK: - (d) Keyword sentences

    /// The upper-case BCP 14 keywords in a sentence, in order of appearance ("MUST NOT" is one
    /// keyword, not "MUST"; "NOT RECOMMENDED" likewise). Keywords are whole words.
    public static func keywords(in sentence: String) -> [Keyword] {
        let words = sentence.split(whereSeparator: { !($0.isLetter) }).map(String.init)
        var found: [Keyword] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            let next = i + 1 < words.count ? words[i + 1] : ""
            switch w {
            case "MUST" where next == "NOT": found.append(.mustNot); i += 1
            case "MUST": found.append(.must)
            case "SHALL" where next == "NOT": found.append(.shallNot); i += 1
            case "SHALL": found.append(.shall)
            case "SHOULD" where next == "NOT": found.append(.shouldNot); i += 1
            case "SHOULD": found.append(.should)
            case "NOT" where next == "RECOMMENDED": found.append(.notRecommended); i += 1
            case "RECOMMENDED": found.append(.recommended)
            case "REQUIRED": found.append(.required)
            case "MAY": found.append(.may)
            case "OPTIONAL": found.append(.optional)
            default: break
            }
            i += 1
        }
        return found
    }

    /// The keyword sentences of one section, numbered 1, 2, 3, ... in order of appearance.
    public static func keywordSentences(rfc: Int, section: Section) -> [KeywordSentence] {
        var n = 0
        return sentences(in: section).compactMap { s in
            let k = keywords(in: s)
            guard !k.isEmpty else { return nil }
            n += 1
            return KeywordSentence(rfc: rfc, section: section.number, ordinal: n, text: s, keywords: k)
        }
    }

    /// The keyword sentences of a whole text, section by section.
    public static func keywordSentences(rfc: Int, text: String) -> [KeywordSentence] {
        sections(ofText: text).flatMap { keywordSentences(rfc: rfc, section: $0) }
    }

    // MARK: - (e) Fingerprint

    /// A stable fingerprint of a sentence: 64-bit FNV-1a over the UTF-8 bytes of the sentence with
    /// white space collapsed (`normalize(_:)`), as 16 lower-case hex digits.
    public static func fingerprint(_ sentence: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in normalize(sentence).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Whether a sentence ends at the end of `line` (used to keep paragraph breaks at page breaks).
    static func endsSentence(_ line: String) -> Bool {
        var t = Substring(line.trimmed)
        while let l = t.last, ")]\"'".contains(l) { t = t.dropLast() }
        return t.hasSuffix(".") || t.hasSuffix(":") || t.hasSuffix("?") || t.hasSuffix("!")
    }
}

extension String {
    var isBlank: Bool { allSatisfy { $0 == " " || $0 == "\t" } }
    var trimmed: String { String(Substring(self).trimmed) }
    var indentation: Int { prefix(while: { $0 == " " }).count }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }

    /// Splits on every occurrence of `separator` (stdlib only, no Foundation).
    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let r = rest.range(of: separator) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

extension Substring {
    var trimmed: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let a = firstIndex(where: { !isSpace($0) }) else { return "" }
        let b = lastIndex(where: { !isSpace($0) })!
        return String(self[a...b])
    }

    /// The first occurrence of `needle` (stdlib only, no Foundation).
    func range(of needle: String) -> Range<Index>? {
        let n = Array(needle)
        guard !n.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            var j = i
            var k = 0
            while k < n.count, j < endIndex, self[j] == n[k] {
                j = index(after: j)
                k += 1
            }
            if k == n.count { return i..<j }
            i = index(after: i)
        }
        return nil
    }
}

extension String {
    func range(of needle: String) -> Range<Index>? { Substring(self).range(of: needle) }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
