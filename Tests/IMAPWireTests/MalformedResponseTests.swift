import Testing
import IMAPTypes
@testable import IMAPWire

/// Mutations of valid lines: every one must give a `WireError` or a valid parse (whose canonical
/// encoding parses back to the same value), never a crash or a hang.
// The time limit guards against a hang only: it is generous because in a full run these tests
// share two cores with blocking live-server tests and may wait long before they run.
@Suite("Malformed responses never crash", .timeLimit(.minutes(10)))
struct MalformedResponseTests {
    static let valid: [String] = [
        "* OK [HIGHESTMODSEQ 715194045007] Highest",
        "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited",
        "a1 OK [READ-WRITE] SELECT completed",
        "* 1 FETCH (UID 4 MODSEQ (65402) FLAGS (\\Seen \\Recent))",
        "* VANISHED (EARLIER) 41,43:116,118,120:211,214:540",
        "* SEARCH 2 5 6 7 11 (MODSEQ 917162500)",
        "* ESEARCH (TAG \"a1\") UID ALL 1:3,5 MIN 1 MAX 5 COUNT 4 MODSEQ 9",
        "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 HIGHESTMODSEQ 0)",
        "* LIST (\\Noselect) \"/\" \"foo bar\"",
        "* CAPABILITY IMAP4rev1 CONDSTORE QRESYNC",
        "a4 OK [COPYUID 38505 304,319:320 3956:3958] Done",
        "a2 NO [MODIFIED 7,9] Conditional STORE failed",
        "* 12 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 2 1) \"ALTERNATIVE\"))",
        "* 3 FETCH (BODY[HEADER.FIELDS (FROM)]<0> {7}\r\nFrom: a UID 9)",
        "+ YGgGCSqG",
        "* SORT 3 2 (MODSEQ 10)",
        "* THREAD (2)(3 6 (4 23)(44 7 96))",
        "* ESEARCH (TAG \"a3\") PARTIAL (1:10 2:3) MODSEQ 10",
        "* NAMESPACE ((\"\" \"/\")(\"Shared/\" {1}\r\n/)) NIL NIL",
        "* 1 FETCH (UID 5 EMAILID (M6d99ac3275bb4e) X-GM-MSGID 1278455344230334865 BINARY[1]<0> \"hi\")",
    ]

    /// Deterministic mutants: every truncation, byte flips at every position, oversized literals,
    /// deep nesting and long runs.
    static var mutants: [[UInt8]] {
        var out: [[UInt8]] = []
        let replacements: [UInt8] = [0x00, 0x0A, 0x0D, 0x20, 0x28, 0x29, 0x2A, 0x30, 0x39, 0x5B, 0x5D, 0x7B, 0x22, 0x5C, 0xFF]
        for (n, line) in valid.enumerated() {
            let bytes = Array((line + "\r\n").utf8)
            for k in 0..<bytes.count { out.append(Array(bytes[0..<k]) + [0x0D, 0x0A]) }
            for i in 0..<bytes.count { out.append(bytes[0..<i] + [replacements[(i + n) % replacements.count]] + bytes[(i + 1)...]) }
            for i in stride(from: 0, to: bytes.count, by: 3) { out.append(Array(bytes[0..<i] + bytes[(i + 1)...])) }
            out.append(bytes + bytes)
        }
        out.append(Array("* 1 FETCH (BODY[] {99999999999}\r\nabc)\r\n".utf8))
        out.append(Array("* 1 FETCH (BODY[] {18446744073709551616}\r\n)\r\n".utf8))
        out.append(Array(("* 1 FETCH (BODY " + String(repeating: "(", count: 100_000) + ")\r\n").utf8))
        out.append(Array(("* 1 FETCH (ENVELOPE " + String(repeating: "(NIL ", count: 5000) + ")\r\n").utf8))
        out.append(Array(("* SEARCH" + String(repeating: " 1", count: 100_000) + "\r\n").utf8))
        out.append(Array(("* VANISHED " + String(repeating: "1,", count: 50_000) + "\r\n").utf8))
        out.append(Array(("* OK [" + String(repeating: "A", count: 100_000) + "\r\n").utf8))
        out.append([])
        out.append([0x0D, 0x0A])
        return out
    }

    @Test("at least 200 mutants, each an error or a valid parse that re-encodes faithfully")
    func corpus() {
        let mutants = Self.mutants
        #expect(mutants.count >= 200)
        var errors = 0
        for unit in mutants {
            for options in [ParseOptions.strict, .lenient] {
                do {
                    let parsed = try ResponseParser.parse(unit, options: options)
                    let again = try ResponseParser.parse(ResponseEncoder.encode(parsed.value), options: .lenient)
                    #expect(again.value == parsed.value, "\(String(decoding: unit.prefix(80), as: UTF8.self))")
                } catch {
                    errors += 1
                    #expect(error.offset >= 0 && error.offset <= unit.count)
                    #expect(!error.rule.isEmpty)
                }
            }
        }
        // Most mutants are malformed; all of them failing would mean the parser rejects everything.
        #expect(errors > mutants.count / 2 && errors < 2 * mutants.count)
    }
}
