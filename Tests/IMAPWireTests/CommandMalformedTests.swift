import Testing
import IMAPTypes
@testable import IMAPWire

/// Valid client lines that the malformed corpus mutates.
let validClientLines: [String] = [
    "a1 CAPABILITY\r\n",
    "a1 LOGIN fred \"pass word\"\r\n",
    "a1 LOGIN {4}\r\nfred {2+}\r\npw\r\n",
    "a1 AUTHENTICATE PLAIN AGZyZWQAcHc=\r\n",
    "a1 ENABLE QRESYNC CONDSTORE\r\n",
    "a1 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541 (1,5 2,9)))\r\n",
    "a1 EXAMINE \"Sent Items\" (CONDSTORE)\r\n",
    "a1 STATUS INBOX (MESSAGES HIGHESTMODSEQ UIDNEXT)\r\n",
    "a1 APPEND INBOX (\\Seen $x) \" 7-Feb-1994 21:52:25 -0800\" {11}\r\nhello world\r\n",
    "a1 APPEND INBOX {5+}\r\nab\r\nc\r\n",
    "a1 FETCH 1:* ALL\r\n",
    "a1 FETCH 2 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100> BODY[1.2.MIME] RFC822.SIZE)\r\n",
    "a1 UID FETCH 300:500 (FLAGS MODSEQ) (CHANGEDSINCE 12345 VANISHED)\r\n",
    "a1 UID STORE 1:4 (UNCHANGEDSINCE 0) +FLAGS.SILENT (\\Seen $b)\r\n",
    "a1 STORE 1 -FLAGS \\Deleted \\Draft\r\n",
    "a1 UID SEARCH RETURN (MIN MAX COUNT) CHARSET UTF-8 OR NOT (SEEN 1:3) UID 5 KEYWORD $x\r\n",
    "a1 SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338 SINCE 1-Feb-1994\r\n",
    "a1 SEARCH HEADER X-A {3}\r\nabc LARGER 100 FROM \"x y\"\r\n",
    "a1 UID EXPUNGE 3000:3002\r\n",
    "a1 UID COPY 1:2 Trash\r\n",
    "a1 MOVE 3 \"Junk Mail\"\r\n",
    "a1 RENAME foo bar\r\n",
    "a1 LIST \"\" %/*\r\n",
    "a1 IDLE\r\n",
    "DONE\r\n",
]

/// The outcome of one malformed input: an error with a place inside the input, or a value that
/// re-encodes to itself. Anything else (a trap, a hang) fails the run.
func checkOutcome(_ unit: [UInt8], options: ParseOptions = .strict) -> WireError? {
    do {
        let parsed = try CommandParser.parse(unit, options: options)
        let again = try? CommandParser.parse(CommandEncoder.encode(parsed.value), options: options)
        #expect(again?.value == parsed.value, "\(String(decoding: unit, as: UTF8.self).debugDescription)")
        return nil
    } catch {
        #expect(!error.rule.isEmpty)
        #expect(error.offset >= 0 && error.offset <= unit.count, "\(error)")
        return error
    }
}

// The time limits guard against a hang only: generous, because in a full run these tests share
// two cores with blocking live-server tests and may wait long before they run.
@Suite("Malformed client input - never a crash or a hang")
struct CommandMalformedTests {
    @Test("the seed lines are valid")
    func seedsValid() {
        for line in validClientLines {
            #expect(checkOutcome(Array(line.utf8)) == nil, "\(line.debugDescription)")
        }
    }

    @Test("every proper prefix of a valid line is an error")
    func truncations() {
        var count = 0
        for line in validClientLines {
            let bytes = Array(line.utf8)
            for n in 0..<bytes.count {
                #expect(checkOutcome(Array(bytes[0..<n])) != nil, "\(String(decoding: bytes[0..<n], as: UTF8.self).debugDescription)")
                count += 1
            }
        }
        #expect(count >= 200)
    }

    @Test("seeded byte flips, insertions, deletions and doubled spaces give an error or a stable value",
          .timeLimit(.minutes(10)))
    func mutations() {
        var rng = CommandTestPRNG(seed: 0xBAD_C0DE)
        let interesting = Array("0 *$(){}[]<>\"\\+-.:,\r\n%=9".utf8)
        var errors = 0
        var cases = 0
        for line in validClientLines {
            let bytes = Array(line.utf8)
            for _ in 0..<40 {
                var m = bytes
                let i = rng.below(m.count)
                switch rng.below(5) {
                case 0: m[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: m[i] = rng.pick(interesting)
                case 2: m.insert(rng.pick(interesting), at: i)
                case 3: m.remove(at: i)
                default:
                    if let sp = m.indices.filter({ m[$0] == 0x20 }).randomElement(using: &rng) { m.insert(0x20, at: sp) }
                }
                if checkOutcome(m) != nil { errors += 1 }
                cases += 1
            }
        }
        #expect(cases >= 1000)
        // Most single-byte damage must be caught; a parser that accepted everything would fail here.
        #expect(errors > cases / 2)
    }

    @Test("token soup: 5,000 seeded lines of grammar words in random order give an error or a stable value",
          .timeLimit(.minutes(10)))
    func tokenSoup() {
        var rng = CommandTestPRNG(seed: 0x50_0B)
        let words = ["a1", "UID", "FETCH", "STORE", "SEARCH", "SELECT", "INBOX", "(", ")", "QRESYNC", "CONDSTORE",
                     "CHANGEDSINCE", "UNCHANGEDSINCE", "VANISHED", "MODSEQ", "0", "1", "1:*", "*", "$", "9223372036854775808",
                     "FLAGS", "+FLAGS.SILENT", "\\Seen", "BODY[", "]", "<0.1>", "HEADER.FIELDS", "NOT", "OR", "RETURN", "MIN",
                     "CHARSET", "\"", "\"/flags/\\\\x\"", "all", "{1}\r\nx", "{2+}\r\n", "\r\n", " ", "  ", "DONE",
                     "APPEND", "\" 1-Jan-2000 00:00:00 +0000\"", "1-Jan-2000", "SINCE", "LARGER", "ENABLE", "LOGIN"]
        var errors = 0
        for _ in 0..<5_000 {
            var line = rng.chance(80) ? "a1 " : ""
            for i in 0..<(1 + rng.below(12)) {
                if i > 0, rng.chance(80) { line += " " }
                line += rng.pick(words)
            }
            if checkOutcome(Array((line + "\r\n").utf8)) != nil { errors += 1 }
        }
        #expect(errors > 2_500)
    }

    @Test("random bytes give an error, never a trap", .timeLimit(.minutes(10)))
    func randomBytes() {
        var rng = CommandTestPRNG(seed: 0xF422)
        for _ in 0..<2_000 {
            let unit = (0..<rng.below(64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } + [0x0D, 0x0A]
            _ = checkOutcome(unit)
            _ = try? CommandParser.parseAuthenticationData(unit)
        }
    }

    @Test("oversized and malformed literal announcements are errors naming the literal", arguments: [
        "{4294967296}", "{99999999999999999999}", "{1001}", "{1001+}", "{18446744073709551615}", "{-1}", "{}", "{1+1}",
        "{ 5}", "{5 }",
    ])
    func oversizedLiterals(_ announcement: String) throws {
        let unit = Array("a1 APPEND INBOX \(announcement)\r\nabcde\r\n".utf8)
        let error = try #require(checkOutcome(unit, options: ParseOptions(maxLiteralSize: 1000)))
        #expect(error.rule == "literal")
    }

    @Test("deep nesting fails at maxNesting without exhausting the stack", arguments: [
        "search-parentheses", "not", "or", "fetch", "store",
    ])
    func deepNesting(_ kind: String) {
        for depth in [65, 1_000, 200_000] {
            let open = String(repeating: "(", count: depth), close = String(repeating: ")", count: depth)
            let line: String
            switch kind {
            case "search-parentheses": line = "a1 SEARCH \(open)ALL\(close)"
            case "not": line = "a1 SEARCH " + String(repeating: "NOT ", count: depth) + "ALL"
            case "or": line = "a1 SEARCH " + String(repeating: "OR ALL ", count: depth) + "ALL"
            case "fetch": line = "a1 FETCH 1 \(open)FLAGS\(close)"
            default: line = "a1 STORE 1 FLAGS \(open)\\Seen\(close)"
            }
            #expect(checkOutcome(Array((line + "\r\n").utf8)) != nil, "\(kind) at depth \(depth)")
        }
    }
}

extension CommandTestPRNG: RandomNumberGenerator {}
