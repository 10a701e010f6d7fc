/// A protocol example as an RFC or Internet-Draft prints it: the `C:`/`S:` lines of one exchange,
/// each with the line of the document where it starts, continuation lines joined, and the places
/// where the document elides something ("..." or "[...]", RFC 7162 §2).
///
/// One example is one run of `C:`/`S:` lines that only blank lines and elisions interrupt; prose
/// between two runs starts a new example (RFC examples use prose to introduce alternatives:
/// "Or the flag hasn't changed, but another has..."). The multi-session layout ("(Session 1,
/// authenticated as ...)" followed by indented runs, later runs introduced by prose that names
/// the session, RFC 7162 Example 14) is one example with several sessions.
public struct DocumentExample: Hashable, Sendable {
    /// One line of the example.
    public struct Line: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable {
            case client, server
            /// "..." on its own line, or "S: ..." / "C: ...": something is left out here.
            case elision
        }

        public var kind: Kind
        /// The session the line belongs to (1 unless the example numbers its sessions).
        public var session: Int
        /// The protocol line after "C: " or "S: " as printed on each document line (one piece
        /// unless the line wraps).
        public var pieces: [String]
        /// The 1-based line of the document where the line starts.
        public var line: Int

        public init(kind: Kind, session: Int, text: String, line: Int) {
            self.kind = kind
            self.session = session
            self.pieces = [text]
            self.line = line
        }

        /// The pieces joined with one space.
        public var text: String { pieces.joined(separator: " ") }

        /// The ways to read the line as printed. RFC 7162 §2: line breaks inside a line are "for
        /// editorial clarity only", so a break stands for a space ("(UNCHANGEDSINCE 5)" + "+FLAGS")
        /// or for nothing ("15000," + "22500"); and plain-text RFCs drop trailing white space, so
        /// "S: +" may have been "+ ". First the likely reading (nothing after "(", "[", ",", ":"
        /// or before ")", "]"; else a space), then all spaces, then every combination of the
        /// first six breaks; each also with a trailing space. At most 132 readings.
        public var joinings: [String] {
            var out: [String] = []
            func add(_ s: String) { if !out.contains(s) { out.append(s) } }
            if pieces.count > 1 {
                var likely = pieces[0]
                for p in pieces.dropFirst() {
                    let before: Set<Character> = ["(", "[", ",", ":"], after: Set<Character> = [")", "]"]
                    let glued = likely.last.map(before.contains) == true || p.first.map(after.contains) == true
                    likely += glued ? p : " " + p
                }
                add(likely)
            }
            add(text)
            if pieces.count > 1 {
                let varying = min(pieces.count - 1, 6)
                for mask in 1..<(1 << varying) {
                    var s = pieces[0]
                    for (i, p) in pieces.dropFirst().enumerated() {
                        s += (i < varying && mask & (1 << i) != 0) ? p : " " + p
                    }
                    add(s)
                }
            }
            for s in out where !s.hasSuffix(" ") { add(s + " ") }
            return out
        }

        /// Whether the line itself leaves something out ("..." or "[...]" inside it).
        public var isElided: Bool { kind == .elision || text.contains("...") }
    }

    /// The number of the section holding the example ("3.1.3").
    public var section: String
    /// The caption the document gives it, when it has one ("Example 5").
    public var caption: String?
    public var lines: [Line]

    public init(section: String, caption: String? = nil, lines: [Line]) {
        self.section = section
        self.caption = caption
        self.lines = lines
    }

    /// The document line of the example's first line.
    public var firstLine: Int { lines.first?.line ?? 0 }
    /// The sessions, in order of first appearance.
    public var sessions: [Int] {
        var seen: [Int] = []
        for l in lines where !seen.contains(l.session) { seen.append(l.session) }
        return seen
    }
    /// Whether the example leaves anything out.
    public var hasElision: Bool { lines.contains { $0.isElided } }
    /// Whether the example shows both sides of the exchange (a one-sided snippet cannot be replayed).
    public var isExchange: Bool {
        lines.contains { $0.kind == .client } && lines.contains { $0.kind == .server }
    }
    /// "Example 5 (§3.1.3, line 597)" or "example at §3.1.3, line 597".
    public var name: String {
        if let caption { return "\(caption) (§\(section), line \(firstLine))" }
        return "example at §\(section), line \(firstLine)"
    }
}
