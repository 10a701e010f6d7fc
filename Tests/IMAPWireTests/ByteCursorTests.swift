import Testing
import IMAPTypes
@testable import IMAPWire

@Suite("Terminals - RFC 3501 §9")
struct ByteCursorTests {
    @Test("nz-number rejects 0, leading zeros and 2^32", arguments: [
        ("1", UInt32?.some(1)), ("4294967295", 4294967295), ("4294967296", nil), ("0", nil), ("01", nil), ("", nil),
    ])
    func nzNumber(_ text: String, _ expected: UInt32?) {
        var c = ByteCursor(Array(text.utf8))
        let v = try? c.parseNZNumber()
        #expect(v == expected)
    }

    @Test("number accepts leading zeros and 0")
    func number() throws {
        var c = ByteCursor(Array("007".utf8))
        #expect(try c.parseNumber() == 7)
    }

    @Test("quoted strings unescape and refuse CR/LF")
    func quoted() throws {
        var c = ByteCursor(Array(#""a\"b\\c""#.utf8))
        #expect(try c.parseQuoted() == Array(#"a"b\c"#.utf8))
        var bad = ByteCursor(Array("\"a\r\n\"".utf8))
        #expect(throws: WireError.self) { try bad.parseQuoted() }
    }

    @Test("literals are bounded by maxLiteralSize")
    func literal() throws {
        var c = ByteCursor(Array("{3}\r\nabc".utf8))
        #expect(try c.parseLiteral() == Array("abc".utf8))
        var big = ByteCursor(Array("{99999999999}\r\n".utf8), options: ParseOptions(maxLiteralSize: 1000))
        #expect(throws: WireError.self) { try big.parseLiteral() }
        var short = ByteCursor(Array("{5}\r\nab".utf8))
        #expect(throws: WireError.self) { try short.parseLiteral() }
    }

    @Test("bare LF needs its leniency and is recorded")
    func bareLF() throws {
        var strict = ByteCursor(Array("\n".utf8))
        #expect(throws: WireError.self) { try strict.parseCRLF(rule: "CRLF") }
        var lenient = ByteCursor(Array("\n".utf8), options: .lenient)
        try lenient.parseCRLF(rule: "CRLF")
        #expect(lenient.usedLeniencies == [.bareLF])
    }
}
