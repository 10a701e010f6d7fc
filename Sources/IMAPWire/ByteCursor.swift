import IMAPTypes

/// A read position over one framed unit (a response or a command, its literals inline). The
/// primitives here are the terminals of RFC 3501 §9 that both directions share; the rule
/// functions in `ResponseParser` and `CommandParser` are built from them.
public struct ByteCursor {
    public let bytes: [UInt8]
    public var offset: Int
    public let options: ParseOptions
    /// Tolerances this parse needed (each one allowed by `options`).
    public var usedLeniencies: Set<Leniency> = []
    /// Current parenthesis depth, checked against `options.maxNesting`.
    public var depth = 0

    public init(_ bytes: [UInt8], options: ParseOptions = .strict) {
        self.bytes = bytes
        self.offset = 0
        self.options = options
    }

    public var isAtEnd: Bool { offset >= bytes.count }
    public var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    public func peek(at distance: Int) -> UInt8? {
        let i = offset + distance
        return i < bytes.count ? bytes[i] : nil
    }

    /// A short printable rendering of what is at the cursor, for error messages.
    public var foundDescription: String {
        guard offset < bytes.count else { return "end of input" }
        let end = Swift.min(bytes.count, offset + 12)
        var s = ""
        for b in bytes[offset..<end] {
            switch b {
            case 0x0D: s += "\\r"
            case 0x0A: s += "\\n"
            case 0x20...0x7E: s.append(Character(Unicode.Scalar(b)))
            default: s += "\\x" + String(b, radix: 16)
            }
        }
        return "\"" + s + "\""
    }

    public func error(_ rule: String, expected: String) -> WireError {
        WireError(rule: rule, offset: offset, expected: expected, found: foundDescription)
    }

    /// Records that a tolerance was needed, or fails when it is not allowed.
    public mutating func allow(_ leniency: Leniency, rule: String, expected: String) throws(WireError) {
        guard options.leniencies.contains(leniency) else { throw error(rule, expected: expected) }
        usedLeniencies.insert(leniency)
    }

    /// Consumes `byte` or fails naming `rule`.
    public mutating func expect(_ byte: UInt8, rule: String) throws(WireError) {
        guard peek == byte else { throw error(rule, expected: "\"\(Character(Unicode.Scalar(byte)))\"") }
        offset += 1
    }

    /// Consumes `byte` if present.
    public mutating func skip(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        offset += 1
        return true
    }

    public mutating func expectSP(rule: String) throws(WireError) { try expect(0x20, rule: rule) }

    /// Consumes a keyword, ASCII case-insensitively (RFC 3501 §9: keywords are case-insensitive).
    public mutating func expectKeyword(_ keyword: String, rule: String) throws(WireError) {
        guard skipKeyword(keyword) else { throw error(rule, expected: "\"\(keyword)\"") }
    }

    /// Consumes a keyword if the next bytes spell it (case-insensitively).
    public mutating func skipKeyword(_ keyword: String) -> Bool {
        let k = Array(keyword.utf8)
        guard offset + k.count <= bytes.count else { return false }
        for i in 0..<k.count where ByteCursor.upper(bytes[offset + i]) != ByteCursor.upper(k[i]) {
            return false
        }
        offset += k.count
        return true
    }

    /// Whether the next bytes spell `keyword` followed by a byte that cannot continue an atom.
    public func atKeyword(_ keyword: String) -> Bool {
        var probe = self
        guard probe.skipKeyword(keyword) else { return false }
        guard let next = probe.peek else { return true }
        return !Flag.isAtomChar(next) || next == UInt8(ascii: "[") && keyword.hasSuffix("BODY")
    }

    static func upper(_ b: UInt8) -> UInt8 { (b >= 0x61 && b <= 0x7A) ? b - 0x20 : b }

    /// `1*DIGIT` as an unsigned value no greater than `max`; leading zeros allowed (`number`).
    public mutating func parseDigits(rule: String, max: UInt64) throws(WireError) -> UInt64 {
        // Fast path: up to 19 digits cannot overflow UInt64.
        var i = offset
        var value: UInt64 = 0
        while i < bytes.count, i - offset < 19 {
            let d = bytes[i] &- 0x30
            if d > 9 { break }
            value = value &* 10 &+ UInt64(d)
            i += 1
        }
        if i > offset, value <= max, i == bytes.count || bytes[i] &- 0x30 > 9 {
            offset = i
            return value
        }
        let start = offset
        value = 0
        while let b = peek, b >= 0x30, b <= 0x39 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(b - 0x30))
            if o1 || o2 || a > max {
                offset = start
                throw error(rule, expected: "a number no greater than \(max)")
            }
            value = a
            offset += 1
        }
        guard offset > start else { throw error(rule, expected: "a digit") }
        return value
    }

    /// `number` (RFC 3501 §9): 0 ... 2^32-1.
    public mutating func parseNumber() throws(WireError) -> UInt32 {
        UInt32(try parseDigits(rule: "number", max: UInt64(UInt32.max)))
    }

    /// `nz-number = digit-nz *DIGIT` (RFC 3501 §9): 1 ... 2^32-1, no leading zero.
    public mutating func parseNZNumber(rule: String = "nz-number") throws(WireError) -> UInt32 {
        guard let b = peek, b >= 0x31, b <= 0x39 else { throw error(rule, expected: "a non-zero digit") }
        return UInt32(try parseDigits(rule: rule, max: UInt64(UInt32.max)))
    }

    /// `atom = 1*ATOM-CHAR`.
    public mutating func parseAtom(rule: String = "atom") throws(WireError) -> String {
        let start = offset
        while let b = peek, Flag.isAtomChar(b) { offset += 1 }
        guard offset > start else { throw error(rule, expected: "an atom") }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    /// `quoted = DQUOTE *QUOTED-CHAR DQUOTE`; returns the unescaped bytes.
    public mutating func parseQuoted() throws(WireError) -> [UInt8] {
        try expect(UInt8(ascii: "\""), rule: "quoted")
        var out: [UInt8] = []
        while true {
            guard let b = peek else { throw error("quoted", expected: "a closing DQUOTE") }
            offset += 1
            switch b {
            case UInt8(ascii: "\""):
                return out
            case UInt8(ascii: "\\"):
                guard let e = peek, e == UInt8(ascii: "\"") || e == UInt8(ascii: "\\") else {
                    throw error("quoted-specials", expected: "\\\" or \\\\ after a backslash")
                }
                out.append(e)
                offset += 1
            case 0x0D, 0x0A, 0x00:
                offset -= 1
                throw error("QUOTED-CHAR", expected: "a TEXT-CHAR (no CR, LF or NUL in a quoted string)")
            default:
                // RFC 3501 QUOTED-CHAR is 7-bit TEXT-CHAR; UTF-8 (RFC 9051 / RFC 6855) passes through.
                out.append(b)
            }
        }
    }

    /// `literal = "{" number "}" CRLF *CHAR8` (and RFC 7888 `{n+}` when `allowNonSync`).
    /// The literal's bytes follow the CRLF inside the framed unit.
    public mutating func parseLiteral(allowNonSync: Bool = false) throws(WireError) -> [UInt8] {
        try expect(UInt8(ascii: "{"), rule: "literal")
        let n = try parseDigits(rule: "literal", max: UInt64(options.maxLiteralSize))
        if allowNonSync { _ = skip(UInt8(ascii: "+")) }
        try expect(UInt8(ascii: "}"), rule: "literal")
        try parseCRLF(rule: "literal")
        let count = Int(n)
        guard offset + count <= bytes.count else {
            throw error("literal", expected: "\(count) bytes of literal data")
        }
        let data = Array(bytes[offset..<(offset + count)])
        offset += count
        return data
    }

    /// `string = quoted / literal`.
    public mutating func parseString(rule: String = "string", allowNonSync: Bool = false) throws(WireError) -> [UInt8] {
        switch peek {
        case UInt8(ascii: "\""): return try parseQuoted()
        case UInt8(ascii: "{"): return try parseLiteral(allowNonSync: allowNonSync)
        default: throw error(rule, expected: "a quoted string or a literal")
        }
    }

    /// `astring = 1*ASTRING-CHAR / string`.
    public mutating func parseAString(rule: String = "astring", allowNonSync: Bool = false) throws(WireError) -> [UInt8] {
        if peek == UInt8(ascii: "\"") || peek == UInt8(ascii: "{") {
            return try parseString(rule: rule, allowNonSync: allowNonSync)
        }
        let start = offset
        while let b = peek, Flag.isAtomChar(b) || b == UInt8(ascii: "]") { offset += 1 }
        guard offset > start else { throw error(rule, expected: "an astring") }
        return Array(bytes[start..<offset])
    }

    /// `nstring = string / nil`.
    public mutating func parseNString(rule: String = "nstring") throws(WireError) -> [UInt8]? {
        if atKeyword("NIL") {
            offset += 3
            return nil
        }
        return try parseString(rule: rule)
    }

    /// `CRLF`, or a bare LF under `Leniency.bareLF`.
    public mutating func parseCRLF(rule: String) throws(WireError) {
        if peek == 0x0D, peek(at: 1) == 0x0A {
            offset += 2
            return
        }
        if peek == 0x0A {
            try allow(.bareLF, rule: rule, expected: "CRLF")
            offset += 1
            return
        }
        throw error(rule, expected: "CRLF")
    }

    /// Enters a parenthesised level, failing beyond `options.maxNesting`.
    public mutating func enter(rule: String) throws(WireError) {
        depth += 1
        guard depth <= options.maxNesting else { throw error(rule, expected: "nesting no deeper than \(options.maxNesting)") }
    }

    public mutating func leave() { depth -= 1 }

    /// Reads a keyword (letters, digits and "." as in `RFC822.SIZE` or `FLAGS.SILENT`) and
    /// returns it upper-cased; "" when none is there. The caller decides what may follow.
    public mutating func readKeyword() -> String {
        let start = offset
        while let b = peek, ByteCursor.isKeywordChar(b) { offset += 1 }
        let bytes = self.bytes
        return String(unsafeUninitializedCapacity: offset - start) { buffer in
            for i in start..<offset { buffer[i - start] = ByteCursor.upper(bytes[i]) }
            return offset - start
        }
    }

    static func isKeywordChar(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }
}
