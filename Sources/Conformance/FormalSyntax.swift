import SpecModel

/// The formal syntax of a document (its "Formal Syntax" section and that section's subsections)
/// as ABNF definitions, and the facts about the document that decide which base grammar it is
/// read over: its RFC number and the RFCs it obsoletes (from the header).
public struct FormalSyntax: Sendable {
    public var definitions: [ABNF.Definition]
    public var errors: [ABNF.SyntaxError]
    /// The number of the section holding the syntax ("7"), nil when the document has none.
    public var section: String?

    public init(text: String) {
        self.init(sections: NormativeText.numberedSections(NormativeText.numberedLines(text)))
    }

    public init(sections: [NormativeText.NumberedSection]) {
        var lines: [(number: Int, text: String)] = []
        var top: String? = nil
        for s in sections {
            if let t = top, s.number == t || s.number.hasPrefix(t + ".") {
                lines += s.lines.map { ($0.number, $0.text) }
            } else if top == nil, s.title.lowercased().contains("formal syntax") {
                top = s.number
                lines += s.lines.map { ($0.number, $0.text) }
            } else if top != nil {
                break
            }
        }
        section = top
        (definitions, errors) = ABNF.definitions(in: lines)
    }

    /// The RFC number of a document from its header ("Request for Comments: 7162"), or nil for
    /// an Internet-Draft.
    public static func rfcNumber(ofText text: String) -> Int? {
        for line in text.split(separator: "\n", maxSplits: 80, omittingEmptySubsequences: false).prefix(80) {
            if let r = line.firstRange(of: "Request for Comments:") {
                let digits = line[r.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
                if let n = Int(digits) { return n }
            }
        }
        return nil
    }

    /// The RFCs a document obsoletes, from its header ("Obsoletes: 4551, 5162", "Obsoletes: 7162
    /// (if approved)"); the header's right-hand column, after two or more spaces, is not read.
    public static func obsoletes(ofText text: String) -> [Int] { headerRFCs("Obsoletes:", ofText: text) }

    /// The RFCs a document updates, from its header ("Updates: 3501, 7162"), read as `obsoletes`.
    public static func updates(ofText text: String) -> [Int] { headerRFCs("Updates:", ofText: text) }

    /// The RFC numbers of the header field `field` within the first 80 lines.
    static func headerRFCs(_ field: String, ofText text: String) -> [Int] {
        for line in text.split(separator: "\n", maxSplits: 80, omittingEmptySubsequences: false).prefix(80) {
            guard let r = line.firstRange(of: field) else { continue }
            var value = line[r.upperBound...].drop { $0 == " " }
            if let gap = value.firstRange(of: "  ") { value = value[..<gap.lowerBound] }
            return value.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        }
        return []
    }

    /// The RFCs a document mentions ("RFC 4466", "[RFC4466]"), in order of number.
    public static func citedRFCs(ofText text: String) -> [Int] {
        var found: Set<Int> = []
        var rest = Substring(text)
        while let r = rest.firstRange(of: "RFC") {
            let digits = rest[r.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
            if digits.count >= 3, digits.count <= 5, let n = Int(digits) { found.insert(n) }
            rest = rest[r.upperBound...]
        }
        return found.sorted()
    }
}
