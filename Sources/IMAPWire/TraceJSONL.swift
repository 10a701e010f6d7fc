/// The lossless `jsonl` trace format: one JSON object per framed unit, one object per line,
///
///     {"session":1,"dir":"C","t":0.000125,"data":"a1 NOOP\r\n"}
///
/// `data` holds the unit's exact bytes. Runs of valid UTF-8 are written as themselves (with JSON's
/// escapes for `"`, `\` and control characters); every byte that is not part of valid UTF-8 is
/// written as the escape `\u00XX` of its Latin-1 value. Reading inverts this exactly: an escape
/// `\u0000`...`\u00FF` is one byte, any other character (escaped or not) is its UTF-8 bytes. Valid
/// UTF-8 characters U+0080...U+00FF are therefore never written escaped.
public enum TraceJSONL {
    /// One line (without its newline) for `event`.
    public static func encode(_ event: TraceEvent) -> String {
        var out: [UInt8] = []
        append(event, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Every event, one line each, each line ended by a newline.
    public static func encode(_ events: [TraceEvent]) -> String {
        String(decoding: bytes(events), as: UTF8.self)
    }

    /// `encode(events)` as the UTF-8 bytes a file holds, built in one buffer (what a trace file
    /// is written from, with no String in between).
    public static func bytes(_ events: [TraceEvent]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(events.reduce(0) { $0 + $1.bytes.count + 64 })
        for e in events {
            append(e, to: &out)
            out.append(0x0A)
        }
        return out
    }

    /// Appends the line for `event` (without its newline).
    static func append(_ event: TraceEvent, to out: inout [UInt8]) {
        let time = event.time ?? 0
        out += #"{"session":"#.utf8
        out += String(event.session).utf8
        out += event.direction == .client ? #","dir":"C","t":"#.utf8 : #","dir":"S","t":"#.utf8
        if time.isFinite { out += time.description.utf8 } else { out.append(UInt8(ascii: "0")) }
        out += #","data":""#.utf8
        appendData(event.bytes, to: &out)
        out += #""}"#.utf8
    }

    /// The events of a `jsonl` text (each event's `line` is its line in the file); blank lines
    /// are skipped. A malformed line is a `TraceError` naming the line, the column and the reason.
    public static func decode(_ bytes: [UInt8], file: String = "<input>") throws(TraceError) -> Trace {
        var events: [TraceEvent] = []
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var bytes = Array(line)
            if bytes.last == 0x0D { bytes.removeLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            var reader = ObjectReader(bytes: bytes, line: lineNumber, file: file)
            events.append(try reader.readEvent())
        }
        return Trace(events: events)
    }

    /// Appends the bytes as the contents of a JSON string: printable ASCII as it is, well-formed
    /// UTF-8 sequences copied, everything else escaped (valid UTF-8 by construction).
    static func appendData(_ data: [UInt8], to out: inout [UInt8]) {
        func escape(_ b: UInt8) {
            let hex: StaticString = "0123456789abcdef"
            hex.withUTF8Buffer { h in
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), h[Int(b >> 4)], h[Int(b & 0xF)]]
            }
        }
        // Runs of bytes that stay as they are are copied in one piece.
        var i = 0, run = 0
        func flush() {
            if run < i { out += data[run..<i] }
        }
        while i < data.count {
            let b = data[i]
            if b >= 0x20, b < 0x7F, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") {
                i += 1
                continue
            }
            if b < 0x80 {
                flush()
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
                case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
                default: escape(b)
                }
                i += 1
                run = i
            } else if let (_, length) = utf8Scalar(data, at: i) {
                i += length
            } else {
                flush()
                escape(b)
                i += 1
                run = i
            }
        }
        flush()
    }

    /// The well-formed UTF-8 sequence (RFC 3629 §4: no overlongs, no surrogates, at most
    /// U+10FFFF) starting at `i`, and its length.
    private static func utf8Scalar(_ d: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let b0 = d[i]
        let length: Int
        var value: UInt32
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F)
        case 0xE0: length = 3; value = 0; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3; value = UInt32(b0 & 0x0F)
        case 0xED: length = 3; value = 0x0D; high = 0x9F
        case 0xF0: length = 4; value = 0; low = 0x90
        case 0xF1...0xF3: length = 4; value = UInt32(b0 & 0x07)
        case 0xF4: length = 4; value = 4; high = 0x8F
        default: return nil
        }
        guard i + length <= d.count else { return nil }
        for k in 1..<length {
            let b = d[i + k]
            let (lo, hi) = k == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            guard b >= lo, b <= hi else { return nil }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}

/// Reads one `jsonl` object: exactly the keys session, dir, t and data, in any order.
private struct ObjectReader {
    let bytes: [UInt8]
    let line: Int
    let file: String
    var i = 0

    init(bytes: [UInt8], line: Int, file: String) {
        self.bytes = bytes
        self.line = line
        self.file = file
    }

    func fail(_ reason: String) -> TraceError {
        TraceError(file: file, line: line, reason: "column \(i + 1): \(reason)")
    }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
    }

    mutating func expect(_ c: Unicode.Scalar) throws(TraceError) {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: c) else { throw fail("expected '\(c)'") }
        i += 1
    }

    mutating func readEvent() throws(TraceError) -> TraceEvent {
        var session: Int?, direction: TraceEvent.Direction?, time: Double?, data: [UInt8]?
        try expect("{")
        repeat {
            skipSpace()
            let keyColumn = i
            let key = String(decoding: try readString(), as: UTF8.self)
            try expect(":")
            skipSpace()
            switch key {
            case "session" where session == nil:
                guard let n = Int(try readNumberText()), n >= 1 else { throw fail("session must be a positive integer") }
                session = n
            case "dir" where direction == nil:
                let text = String(decoding: try readString(), as: UTF8.self)
                switch text {
                case "C": direction = .client
                case "S": direction = .server
                default: throw fail("dir must be \"C\" or \"S\"")
                }
            case "t" where time == nil:
                guard let t = Double(try readNumberText()), t.isFinite, t >= 0 else {
                    throw fail("t must be a non-negative number")
                }
                time = t
            case "data" where data == nil:
                data = try readString()
            default:
                i = keyColumn
                throw fail("unexpected or repeated key \"\(key)\"")
            }
            skipSpace()
        } while try nextMember()
        skipSpace()
        guard i == bytes.count else { throw fail("text after the object") }
        guard let session, let direction, let time, let data else {
            throw fail("an object needs session, dir, t and data")
        }
        return TraceEvent(session: session, direction: direction, bytes: data, line: line, time: time)
    }

    /// Consumes "," (true) or "}" (false).
    mutating func nextMember() throws(TraceError) -> Bool {
        guard i < bytes.count else { throw fail("expected ',' or '}'") }
        let c = bytes[i]
        i += 1
        if c == UInt8(ascii: ",") { return true }
        if c == UInt8(ascii: "}") { return false }
        i -= 1
        throw fail("expected ',' or '}'")
    }

    mutating func readNumberText() throws(TraceError) -> String {
        let start = i
        while i < bytes.count, Self.isNumberByte(bytes[i]) { i += 1 }
        guard i > start else { throw fail("expected a number") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    /// A byte a JSON number may hold: digits, sign, point, exponent.
    static func isNumberByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }

    /// A JSON string's bytes: escapes \u0000...\u00FF are single bytes, everything else UTF-8.
    mutating func readString() throws(TraceError) -> [UInt8] {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let b = bytes[i]
            i += 1
            switch b {
            case UInt8(ascii: "\""):
                return out
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { throw fail("unterminated escape") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var value = try readHex4()
                    if value <= 0xFF {
                        out.append(UInt8(value))
                        continue
                    }
                    if (0xD800...0xDBFF).contains(value) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate escape")
                        }
                        i += 2
                        let low = try readHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate escape") }
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(value) else { throw fail("escape of a lone surrogate") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw fail("unknown escape")
                }
            case 0..<0x20:
                throw fail("control character inside a string")
            default:
                // The bytes up to the next quote, escape or control character, copied at once.
                var end = i
                while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
                    end += 1
                }
                out.append(b)
                out.append(contentsOf: bytes[i..<end])
                i = end
            }
        }
    }

    mutating func readHex4() throws(TraceError) -> UInt32 {
        guard i + 4 <= bytes.count, bytes[i..<i + 4].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
              let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else {
            throw fail("expected four hex digits")
        }
        i += 4
        return v
    }
}
