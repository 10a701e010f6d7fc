import Testing
import IMAPTypes
@testable import IMAPWire

@Suite("Framer - RFC 3501 §2.2 lines, §4.3 literals, RFC 7888")
struct FramerTests {
    static let serverUnits: [String] = [
        "* OK [HIGHESTMODSEQ 7] ready\r\n",
        "* 1 FETCH (UID 5 BODY[] {13}\r\nab\r\ncd\r\n\r\nxyz MODSEQ (9))\r\n",
        "* 2 FETCH (BODY[HEADER] {0}\r\n BODY[TEXT] {3}\r\n{3})\r\n",
        "a1 OK done\r\n",
    ]

    static func frame(_ pieces: [ArraySlice<UInt8>], direction: Framer.Direction = .server,
                      options: ParseOptions = .strict) throws -> [[UInt8]] {
        var f = Framer(direction: direction, options: options)
        var units: [[UInt8]] = []
        for p in pieces {
            f.append(p)
            while let u = try f.next() { units.append(u) }
        }
        try f.finish()
        return units
    }

    @Test("a stream split at every byte position gives the same units")
    func everySplit() throws {
        let stream = Array(Self.serverUnits.joined().utf8)
        let expected = Self.serverUnits.map { Array($0.utf8) }
        for k in 0...stream.count {
            let units = try Self.frame([stream[0..<k], stream[k...]])
            #expect(units == expected, "split at \(k)")
        }
        let byteByByte = try Self.frame(stream.indices.map { stream[$0...$0] })
        #expect(byteByByte == expected)
        for unit in expected { #expect(throws: Never.self) { try ResponseParser.parse(unit) } }
    }

    @Test("client units: {n+} is a literal only from clients, and a pending {n} is visible")
    func clientLiterals() throws {
        var f = Framer(direction: .client)
        f.append(Array("a1 APPEND INBOX {5}\r\n".utf8))
        #expect(try f.next() == nil)
        #expect(f.pendingSynchronizingLiteral == 5)
        f.append(Array("he".utf8))
        #expect(f.pendingSynchronizingLiteral == nil)
        f.append(Array("llo\r\n".utf8))
        #expect(try f.next() == Array("a1 APPEND INBOX {5}\r\nhello\r\n".utf8))
        f.append(Array("a2 APPEND INBOX {2+}\r\n".utf8))
        #expect(f.pendingSynchronizingLiteral == nil)
        #expect(try f.next() == nil)
        f.append(Array("hi\r\n".utf8))
        #expect(try f.next() == Array("a2 APPEND INBOX {2+}\r\nhi\r\n".utf8))

        var s = Framer(direction: .server)
        s.append(Array("* OK x {2+}\r\n".utf8))
        #expect(try s.next() == Array("* OK x {2+}\r\n".utf8))
        #expect(s.pendingSynchronizingLiteral == nil)
    }

    @Test("framing errors carry stream offsets", arguments: [
        ("a1 OK x\r\nb1 OK y\n", ParseOptions.strict, "CRLF", 16),
        ("* 1 FETCH (BODY[] {2000}\r\n", ParseOptions(maxLiteralSize: 1000), "literal", 19),
        ("a1 OK x\r\n" + String(repeating: "x", count: 200), ParseOptions(maxLineLength: 100), "line", 9),
        ("a1 OK " + String(repeating: "x", count: 200) + "\r\n", ParseOptions(maxLineLength: 100), "line", 0),
        ("* 1 FETCH (BODY[] {99999999999999999999999}\r\n", ParseOptions.strict, "literal", 19),
    ])
    func errors(_ input: String, _ options: ParseOptions, _ rule: String, _ offset: Int) {
        var f = Framer(direction: .server, options: options)
        f.append(Array(input.utf8))
        do {
            while try f.next() != nil {}
            try f.finish()
            Issue.record("no error for \(input.prefix(40))")
        } catch {
            #expect(error.rule == rule)
            #expect(error.offset == offset)
            #expect(throws: WireError.self) { try f.next() }
        }
    }

    @Test("bare LF frames only under its leniency")
    func bareLF() throws {
        let units = try Self.frame([Array("a1 OK x\nb1 OK y\r\n".utf8)[...]], options: ParseOptions(leniencies: [.bareLF]))
        #expect(units == [Array("a1 OK x\n".utf8), Array("b1 OK y\r\n".utf8)])
    }

    @Test("end of stream inside a unit is an error")
    func truncated() throws {
        var f = Framer(direction: .server)
        f.append(Array("* 1 FETCH (BODY[] {10}\r\nabc".utf8))
        #expect(try f.next() == nil)
        #expect(throws: WireError.self) { try f.finish() }
        var g = Framer(direction: .server)
        g.append(Array("* 1 EXISTS".utf8))
        #expect(try g.next() == nil)
        #expect(g.bufferedByteCount == 10)
        #expect(throws: WireError.self) { try g.finish() }
    }

    @Test("memory is released as units are taken")
    func bounded() throws {
        var f = Framer(direction: .server)
        let line = Array("* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n".utf8)
        for _ in 0..<10_000 {
            f.append(line)
            #expect(try f.next() == line)
        }
        #expect(f.bufferedByteCount == 0)
        #expect(!f.hasPartialUnit)
    }
}
