/// A parse failure: the ABNF rule that failed, the byte offset in the input, what the rule
/// expected and what was found. Errors are values; the parser never traps on input.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The ABNF rule name, e.g. "mod-sequence-value" (RFC 7162 §7).
    public var rule: String
    /// 0-based byte offset into the parsed unit (the response or command, literals included).
    public var offset: Int
    public var expected: String
    /// A short printable rendering of the bytes at the offset ("end of input" at the end).
    public var found: String

    public init(rule: String, offset: Int, expected: String, found: String) {
        self.rule = rule
        self.offset = offset
        self.expected = expected
        self.found = found
    }

    public var description: String { "\(rule) at byte \(offset): expected \(expected), found \(found)" }
}

/// A tolerance for what real servers (or clients) send outside the grammar. Every one is off by
/// default; a parse that needed one reports it in `ParseOptions`' usage record.
public enum Leniency: String, Hashable, Sendable, CaseIterable, Comparable {
    /// `* OK [HIGHESTMODSEQ 1]` with no SP and text after the code: RFC 7162 erratum 5055 shows
    /// RFC 7162's own examples doing this; RFC 3501 requires `SP text`.
    case responseCodeWithoutText = "response-code-without-text"
    /// A status response with no text at all (`a1 OK`), allowed by RFC 9051's `[text]`.
    case emptyResponseText = "empty-response-text"
    /// A line ended by LF alone instead of CRLF.
    case bareLF = "bare-lf"
    /// Mod-sequences in RFC 4551's 64-bit range (above 2^63-1).
    case modSeq64Bit = "modseq-64-bit"
    /// A trailing space before CRLF.
    case trailingSpace = "trailing-space"
    /// `* SEARCH (MODSEQ n)` (or `* SORT (MODSEQ n)`) for an empty result: RFC 7162 §7 puts the
    /// mod-sequence after at least one number, and §3.1.6 (§3.1.9) omits it when nothing matched.
    case searchModSeqWithoutResults = "search-modseq-without-results"
    /// `RFC822.SIZE` above 2^32-1: RFC 9051 §9 makes it `number64` (a message over 4 GB);
    /// RFC 3501 §9 has `number`.
    case size63Bit = "size-63-bit"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Limits and tolerances for parsing and framing. Defaults are strict and safe.
public struct ParseOptions: Hashable, Sendable {
    /// Tolerances allowed; everything else is an error.
    public var leniencies: Set<Leniency>
    /// Longest line (outside literals), in bytes.
    public var maxLineLength: Int
    /// Largest literal accepted, in bytes.
    public var maxLiteralSize: Int
    /// Deepest parenthesis nesting accepted.
    public var maxNesting: Int

    public init(leniencies: Set<Leniency> = [], maxLineLength: Int = 1 << 20,
                maxLiteralSize: Int = 64 << 20, maxNesting: Int = 64) {
        self.leniencies = leniencies
        self.maxLineLength = maxLineLength
        self.maxLiteralSize = maxLiteralSize
        self.maxNesting = maxNesting
    }

    public static let strict = ParseOptions()
    /// Every tolerance allowed (what `qresync parse --lenient` uses).
    public static let lenient = ParseOptions(leniencies: Set(Leniency.allCases))
}
