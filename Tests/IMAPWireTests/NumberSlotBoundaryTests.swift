import Foundation
import Testing
import IMAPTypes
@testable import IMAPWire

/// Every numeric slot of the response grammar against every boundary value: `number` and
/// `nz-number` (RFC 3501 §9), `mod-sequence-value` and `mod-sequence-valzer` (RFC 7162 §7).
@Suite("Numeric slots at the boundaries - RFC 3501 §9, RFC 7162 §7")
struct NumberSlotBoundaryTests {
    enum Kind: String, Sendable {
        case number, nzNumber, modSequenceValue, modSequenceValzer
    }

    /// A response line with `#` where the value goes.
    static let slots: [(String, Kind)] = [
        ("* # EXISTS", .number), ("* # RECENT", .number), ("* # EXPUNGE", .nzNumber), ("* # FETCH (UID 1)", .nzNumber),
        ("* 1 FETCH (UID #)", .nzNumber), ("* 1 FETCH (RFC822.SIZE #)", .number), ("* 1 FETCH (MODSEQ (#))", .modSequenceValue),
        ("* 1 FETCH (BODY[]<#> NIL)", .number), ("* 1 FETCH (BODY[#] NIL)", .nzNumber),
        ("* OK [UIDNEXT #] x", .nzNumber), ("* OK [UIDVALIDITY #] x", .nzNumber), ("* OK [UNSEEN #] x", .nzNumber),
        ("* OK [HIGHESTMODSEQ #] x", .modSequenceValue), ("a1 OK [APPENDUID # 1] x", .nzNumber), ("a1 OK [APPENDUID 1 #] x", .nzNumber),
        ("a1 OK [COPYUID 1 # 2] x", .nzNumber), ("a1 OK [MODIFIED #] x", .nzNumber),
        ("* SEARCH #", .nzNumber), ("* SEARCH 1 (MODSEQ #)", .modSequenceValue),
        ("* ESEARCH MIN #", .nzNumber), ("* ESEARCH MAX #", .nzNumber), ("* ESEARCH COUNT #", .number), ("* ESEARCH ALL #", .nzNumber),
        ("* ESEARCH MODSEQ #", .modSequenceValue),
        ("* STATUS x (MESSAGES #)", .number), ("* STATUS x (UIDNEXT #)", .nzNumber), ("* STATUS x (UIDVALIDITY #)", .nzNumber),
        ("* STATUS x (UNSEEN #)", .number), ("* STATUS x (HIGHESTMODSEQ #)", .modSequenceValzer),
        ("* VANISHED #", .nzNumber), ("* VANISHED (EARLIER) 1:#", .nzNumber),
    ]

    enum Expect: Sendable { case parses, needsModSeq64Bit, fails }

    static func expectation(_ value: String, _ kind: Kind) -> Expect {
        let leadingZero = value.count > 1 && value.hasPrefix("0")
        let n = UInt64(value)   // nil above 2^64-1
        switch kind {
        case .number:
            return n.map { $0 <= UInt64(UInt32.max) } == true ? .parses : .fails
        case .nzNumber:
            return !leadingZero && n.map { $0 >= 1 && $0 <= UInt64(UInt32.max) } == true ? .parses : .fails
        case .modSequenceValue, .modSequenceValzer:
            guard let n else { return .fails }
            if n == 0 { return kind == .modSequenceValzer && value == "0" ? .parses : .fails }
            if n <= ModSeq.max { return .parses }
            return n <= ModSeq.maxRFC4551 ? .needsModSeq64Bit : .fails
        }
    }

    static let values = ["0", "1", "01", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
                         "18446744073709551614", "18446744073709551615", "18446744073709551616"]

    @Test("each slot accepts exactly its range", arguments: slots, values)
    func slot(_ slot: (String, Kind), _ value: String) {
        let line = slot.0.replacingOccurrences(of: "#", with: value)
        let unit = Array((line + "\r\n").utf8)
        let strict = try? ResponseParser.parse(unit)
        let lenient = try? ResponseParser.parse(unit, options: ParseOptions(leniencies: [.modSeq64Bit]))
        switch Self.expectation(value, slot.1) {
        case .parses:
            #expect(strict != nil, "\(line) should parse")
            if let v = strict?.value {
                #expect((try? ResponseParser.parse(ResponseEncoder.encode(v)).value) == v)
                #expect(String(decoding: ResponseEncoder.encode(v), as: UTF8.self).contains(String(UInt64(value)!)))
            }
        case .needsModSeq64Bit:
            #expect(strict == nil, "\(line) should need modseq-64-bit")
            #expect(lenient?.usedLeniencies == [.modSeq64Bit], "\(line)")
        case .fails:
            #expect(strict == nil && lenient == nil, "\(line) should fail")
        }
    }

    @Test("double spaces and lower-case keywords around each slot", arguments: slots)
    func spacing(_ slot: (String, Kind)) {
        let line = slot.0.replacingOccurrences(of: "#", with: "1")
        let doubled = line.replacingOccurrences(of: " ", with: "  ")
        #expect((try? ResponseParser.parse(Array((doubled + "\r\n").utf8), options: .lenient)) == nil, "\(doubled)")
        #expect((try? ResponseParser.parse(Array((line.lowercased() + "\r\n").utf8))) != nil, "\(line.lowercased())")
    }
}
