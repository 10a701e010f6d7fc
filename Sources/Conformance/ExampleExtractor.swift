import SpecModel

/// Finds the protocol examples of a plain-text RFC or Internet-Draft (see `DocumentExample` for
/// what one example is). Pure: it takes the document's sections, page furniture already removed
/// by `NormativeText.numberedLines(_:)`.
///
/// Layouts handled, all from RFC 4551, RFC 5162 and RFC 7162:
/// - `C:`/`S:` at any indentation, also after a label on the same line ("Example:    C: A202
///   EXPUNGE", RFC 7162 §3.2.7);
/// - a wrapped line continues on the following lines up to the next blank line or label, at the
///   same or a deeper indentation than its label's line (a less indented line is prose, also
///   when a page break took the blank line before it away) (RFC 7162 §2: "If a single "C:" or "S:" label applies to
///   multiple lines, then the line breaks between those lines are for editorial clarity only");
/// - elisions: a line of dots ("..."), "[...]", or a label followed by "..." only;
/// - captions before the example ("Example 3:", RFC 4551) or centred after it ("Example 3",
///   RFC 7162);
/// - sessions: "(Session 2, also authenticated as ...)" opens or continues a multi-session
///   example; later prose naming "session N" moves the following lines to session N.
public enum ExampleExtractor {
    /// Every example of the document, in order.
    public static func examples(ofText text: String) -> [DocumentExample] {
        examples(in: NormativeText.numberedSections(NormativeText.numberedLines(text)))
    }

    public static func examples(in sections: [NormativeText.NumberedSection]) -> [DocumentExample] {
        sections.flatMap(examples(in:))
    }

    /// The examples of one section.
    public static func examples(in section: NormativeText.NumberedSection) -> [DocumentExample] {
        var result: [DocumentExample] = []
        var current: [DocumentExample.Line] = []
        var caption: String? = nil
        var multiSession = false
        var session = 1
        var prose: [String] = []
        var blankSinceLabel = true
        var lastWasProtocol = false
        /// The indentation of the last label's line: a continuation is indented at least as deep.
        var labelIndent = 0

        func finish() {
            guard !current.isEmpty else { return }
            result.append(DocumentExample(section: section.number, caption: caption, lines: current))
            current = []
        }

        for numbered in section.lines {
            let raw = numbered.text
            let t = trim(raw)
            if t.isEmpty {
                blankSinceLabel = true
                continue
            }
            if let (kind, content) = label(t) {
                if !prose.isEmpty {
                    if multiSession {
                        if let n = sessionNamed(in: prose.joined(separator: " ")) { session = n }
                    } else {
                        finish()
                    }
                    prose = []
                }
                let text = withoutAnnotation(trim(content))
                // The column of "C:" or "S:" itself, also after "Example:" (RFC 3501's layout).
                labelIndent = indentation(raw) + t.count - content.count - 2
                let isElision = isDots(text) || isPlaceholder(text)
                current.append(DocumentExample.Line(kind: isElision ? .elision : kind, session: session,
                                                    text: text, line: numbered.number))
                lastWasProtocol = !isElision
                blankSinceLabel = false
                continue
            }
            if isDots(t), !current.isEmpty, prose.isEmpty {
                current.append(DocumentExample.Line(kind: .elision, session: session, text: t, line: numbered.number))
                lastWasProtocol = false
                continue
            }
            if let c = captionAfter(t) {
                // "Example 9" centred under the example it names (RFC 7162), after any note on it.
                if !current.isEmpty {
                    caption = caption ?? c
                    finish()
                } else if let last = result.indices.last, result[last].caption == nil {
                    result[last].caption = c
                }
                caption = nil
                multiSession = false
                session = 1
                prose = []
                lastWasProtocol = false
                continue
            }
            if lastWasProtocol, !blankSinceLabel, t.hasPrefix("// ") || t.hasPrefix("<==") {
                // A comment on the line above (RFC 5267 §4.4), not part of it.
                continue
            }
            // Prose right after a protocol line (a page break removes the blank line between them)
            // is less indented than its label.
            if lastWasProtocol, !blankSinceLabel, indentation(raw) >= labelIndent, let last = current.indices.last {
                current[last].pieces.append(withoutAnnotation(t))
                continue
            }
            // Prose.
            lastWasProtocol = false
            if let c = captionBefore(t) {
                finish()
                caption = c.isEmpty ? nil : c
                multiSession = false
                session = 1
                prose = []
            }
            if t.hasPrefix("(Session ") {
                if !multiSession { finish() }
                multiSession = true
            }
            if !multiSession { finish() }
            prose.append(t)
        }
        finish()
        return result
    }

    // MARK: - Pieces of a line

    /// The number of spaces and tabs a line starts with.
    static func indentation(_ s: some StringProtocol) -> Int {
        s.prefix { $0 == " " || $0 == "\t" }.count
    }

    static func trim(_ s: some StringProtocol) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let a = s.firstIndex(where: { !isSpace($0) }) else { return "" }
        let b = s.lastIndex(where: { !isSpace($0) })!
        return String(s[a...b])
    }

    /// "C:" or "S:" at the start of a trimmed line (or after "Example:"), and what follows it.
    static func label(_ t: String) -> (DocumentExample.Line.Kind, String)? {
        var rest = Substring(t)
        if rest.hasPrefix("Example:") {
            let after = rest.dropFirst("Example:".count)
            guard after.first == " " else { return nil }
            rest = after.drop(while: { $0 == " " })
        }
        guard rest.count >= 2, rest.dropFirst().first == ":" else { return nil }
        let kind: DocumentExample.Line.Kind
        switch rest.first {
        case "C": kind = .client
        case "S": kind = .server
        default: return nil
        }
        let content = rest.dropFirst(2)
        guard content.isEmpty || content.first == " " else { return nil }
        return (kind, String(content))
    }

    /// "...", "....", "[...]".
    static func isDots(_ t: String) -> Bool {
        if t == "[...]" { return true }
        return t.count >= 3 && t.allSatisfy { $0 == "." }
    }

    /// A placeholder where the document describes what it leaves out: "S: (more expunges)" (RFC
    /// 6851 §4.4). No response or command starts with "(".
    static func isPlaceholder(_ t: String) -> Bool {
        t.hasPrefix("(") && t.hasSuffix(")") && t.contains(" ") && !t.contains(where: { "\"\\[]{}".contains($0) })
    }

    /// The line without a trailing annotation outside quoted strings: "   <=== should do this"
    /// (RFC 2683 §3.4.7), " // No results are present" (RFC 5267 §4.4).
    static func withoutAnnotation(_ t: String) -> String {
        let chars = Array(t)
        var quoted = false
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", quoted {
                i += 2
                continue
            }
            if c == "\"" { quoted.toggle() }
            if !quoted, c == " ", i + 3 < chars.count {
                let next = String(chars[(i + 1)...(i + 3)])
                if next == "// " || next.hasPrefix("<==") || next.hasPrefix("<--") || (next == " <=" ) {
                    return trim(String(chars[..<i]))
                }
            }
            i += 1
        }
        return t
    }

    /// "Example 9" alone on a line: RFC 7162's caption under an example.
    static func captionAfter(_ t: String) -> String? {
        guard t.hasPrefix("Example "), let n = Int(t.dropFirst("Example ".count)) else { return nil }
        return "Example \(n)"
    }

    /// "Example 3:" or "Example 1: Without ..." (RFC 4551 and RFC 7162 §3.2.6), or "Example:"
    /// followed by prose: a caption before the example.
    static func captionBefore(_ t: String) -> String? {
        guard t.hasPrefix("Example") else { return nil }
        let rest = t.dropFirst("Example".count)
        if rest.hasPrefix(":") { return "" }
        guard rest.hasPrefix(" ") else { return nil }
        let digits = rest.dropFirst().prefix(while: { $0.isNumber })
        guard !digits.isEmpty, rest.dropFirst(1 + digits.count).hasPrefix(":") else { return nil }
        return "Example \(digits)"
    }

    /// The session a paragraph of prose introduces: "(Session N" at its start, else the last
    /// "session N" it mentions.
    static func sessionNamed(in text: String) -> Int? {
        if text.hasPrefix("(Session ") {
            return Int(text.dropFirst("(Session ".count).prefix(while: { $0.isNumber }))
        }
        var found: Int? = nil
        let words = text.split(separator: " ")
        for (i, w) in words.enumerated() where w.lowercased() == "session" && i + 1 < words.count {
            if let n = Int(words[i + 1].prefix(while: { $0.isNumber })) { found = n }
        }
        return found
    }
}
