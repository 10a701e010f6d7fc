import SpecModel
import Testing
import IMAPTypes
import IMAPWire
import Conformance

/// Random server responses in canonical form, drawn from a fixed-seed SplitMix64, with a share of
/// boundary values (1, 2^32-1, 2^63-1).
struct ResponseGenerator {
    var rng: SplitMix64

    mutating func int(_ bound: Int) -> Int { Int(rng.below(UInt64(bound))) }
    mutating func bool() -> Bool { rng.chance(1, in: 2) }

    mutating func nz() -> UInt32 {
        switch int(6) {
        case 0: return 1
        case 1: return UInt32.max
        default: return UInt32(1 + rng.below(100_000))
        }
    }

    mutating func number() -> UInt32 { int(5) == 0 ? 0 : nz() }

    mutating func modSeq() -> ModSeq {
        switch int(5) {
        case 0: return ModSeq(1)!
        case 1: return ModSeq(ModSeq.max)!
        case 2: return ModSeq(UInt64(UInt32.max) + 1)!
        default: return ModSeq(1 + rng.below(ModSeq.max))!
        }
    }

    mutating func pick<T>(_ options: [T]) -> T { options[int(options.count)] }

    mutating func atom() -> String {
        let chars = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789$-_.!#&'+,/:;<=>?@^`|~")
        return String((0..<(1 + int(8))).map { _ in pick(chars) })
    }

    mutating func text() -> String {
        let chars = Array("abcdefghijklmnopqrstuvwxyz ABC 0123456789 .,;:!?()[]{}\"\\*%+-=é€😀")
        var s = String((0..<(1 + int(30))).map { _ in pick(chars) })
        if s.hasPrefix("[") { s = "x" + s }
        return s
    }

    mutating func tag() -> IMAPTypes.Tag { IMAPTypes.Tag(pick(["a1", "A0001", "tag.9", "x]"]) + atom().filter { $0 != "+" })! }

    mutating func flag() -> Flag {
        bool() ? pick([.seen, .answered, .flagged, .deleted, .draft, .recent]) : Flag(pick(["", "\\"]) + atom())!
    }

    mutating func uidSet() -> UIDSet {
        var s = UIDSet()
        for _ in 0..<(1 + int(5)) {
            let a = nz(), b = bool() ? a : nz()
            s.insert(min(a, b)...max(a, b))
        }
        return s
    }

    mutating func ranges() -> [ClosedRange<UInt32>] {
        (0..<(1 + int(4))).map { _ in
            let a = nz(), b = bool() ? a : nz()
            return min(a, b)...max(a, b)
        }
    }

    mutating func sequenceSet() -> SequenceSet {
        .ranges((0..<(1 + int(4))).map { _ in
            let a: SetBound = int(5) == 0 ? .star : .number(nz())
            return bool() ? SequenceRange(a) : SequenceRange(a, int(4) == 0 ? .star : .number(nz()))
        })
    }

    mutating func capabilities(requireIMAP: Bool) -> [Capability] {
        var caps = (0..<int(4)).map { _ in Capability(pick(["CONDSTORE", "QRESYNC", "AUTH=PLAIN", "X-" + atom()]))! }
        if requireIMAP { caps.insert(.imap4rev1, at: int(caps.count + 1)) }
        return caps
    }

    mutating func bytes(_ max: Int) -> [UInt8] { (0..<int(max)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }

    mutating func mailbox() -> MailboxName {
        switch int(4) {
        case 0: return .inbox
        case 1: return MailboxName(atom())
        case 2: return MailboxName(text())
        default: return MailboxName(bytes: bytes(12))
        }
    }

    mutating func code() -> ResponseCode {
        switch int(22) {
        case 0: return .alert
        case 1: return .badCharset((0..<int(3)).map { _ in pick(["UTF-8", "US-ASCII", "a b", "x\"y"]) })
        case 2: return .capability(capabilities(requireIMAP: true))
        case 3: return .parse
        case 4: return .permanentFlags((0..<int(4)).map { _ in bool() ? .wildcard : .flag(flag()) })
        case 5: return .readOnly
        case 6: return .readWrite
        case 7: return .tryCreate
        case 8: return .uidNext(UID(nz())!)
        case 9: return .uidValidity(UIDValidity(nz())!)
        case 10: return .unseen(SequenceNumber(nz())!)
        case 11: return .highestModSeq(modSeq())
        case 12: return .noModSeq
        case 13: return .modified(sequenceSet())
        case 14: return .closed
        case 15: return .appendUID(UIDValidity(nz())!, uidSet())
        case 16: return .copyUID(UIDValidity(nz())!, source: ranges(), destination: ranges())
        case 17: return .uidNotSticky
        case 18: return .alreadyExists
        case 19: return .nonExistent
        case 20: return .other(name: "X-" + atom(), arguments: nil)
        default: return .other(name: "X-" + atom(), arguments: text().filter { $0 != "]" } + "z")
        }
    }

    mutating func respText() -> ResponseText { ResponseText(code: bool() ? code() : nil, text: text()) }

    mutating func date() -> String {
        let day = pick([" 1", "09", "31"]), month = pick(["Jan", "feb", "DEC"])
        return "\(day)-\(month)-19\(10 + int(90)) 0\(int(10)):1\(int(10)):5\(int(10)) \(pick(["+", "-"]))0\(int(10))00"
    }

    /// A `thread-list`: a chain of members, then none or at least two subthreads.
    mutating func thread(depth: Int = 0) -> ThreadList {
        let members = (0..<(depth < 3 ? int(4) : 1 + int(3))).map { _ in nz() }
        let branches = depth < 3 && (members.isEmpty || int(3) == 0) ? 2 + int(2) : 0
        return ThreadList(members: members, children: (0..<branches).map { _ in thread(depth: depth + 1) })!
    }

    /// Well-formed extension data, as an extension's response or FETCH item would carry it.
    mutating func extensionValue() -> [UInt8] {
        Array(pick(["NIL", "0", "18446744073709551615", "\"Muy Importante\"", "{3}\r\na\"b", "()", "(M6d99ac3275bb4e)",
                    "(\\Inbox \"x\" (1 (2)) NIL)", "((\"\" \"/\")(\"Shared/\" \"/\"))"]).utf8)
    }

    mutating func fetchAttribute() -> FetchAttribute {
        switch int(10) {
        case 9:
            let section: String? = bool() ? pick(["", "1", "1.2", "HEADER.FIELDS (FROM)"]) : nil
            return .other(name: pick(["EMAILID", "X-GM-MSGID", "PREVIEW", "BINARY", "X-" + atom()]), section: section,
                          origin: section != nil && bool() ? number() : nil, value: extensionValue())
        case 0: return .uid(UID(nz())!)
        case 1: return .flags((0..<int(4)).map { _ in flag() })
        case 2: return .modSeq(modSeq())
        case 3: return .internalDate(date())
        case 4: return .rfc822Size(UInt64(number()))
        case 5:
            let section = pick(["", "HEADER", "TEXT", "1", "1.2.MIME", "2.TEXT", "HEADER.FIELDS (FROM TO)", "header.fields.not (date)"])
            return .bodySection(name: "BODY", section: section, origin: bool() ? number() : nil,
                                data: int(4) == 0 ? nil : (bool() ? bytes(40) : Array(text().utf8)))
        case 6:
            let (name, section) = pick([("RFC822", ""), ("RFC822.HEADER", "HEADER"), ("RFC822.TEXT", "TEXT")])
            return .bodySection(name: name, section: section, origin: nil, data: bool() ? nil : bytes(20))
        case 7:
            return .raw(name: "ENVELOPE", value: Array("(\"Wed, 17 Jul 1996\" NIL ((\"A\" NIL \"a\" \"b\")) NIL NIL NIL NIL NIL {3}\r\nx\"y NIL)".utf8))
        default:
            return .raw(name: pick(["BODY", "BODYSTRUCTURE"]),
                        value: Array("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 2 1) \"MIXED\")".utf8))
        }
    }

    mutating func untagged() -> UntaggedResponse {
        switch int(18) {
        case 0: return .condition(pick(UntaggedStatus.allCases), respText())
        case 1: return .capability(capabilities(requireIMAP: true))
        case 2: return .enabled(capabilities(requireIMAP: false))
        case 3: return .flags((0..<int(5)).map { _ in flag() })
        case 4:
            let delimiter: UInt8? = int(4) == 0 ? nil : pick([UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            return .list(MailboxListEntry(attributes: (0..<int(3)).map { _ in "\\" + atom() }, delimiter: delimiter, name: mailbox(), isLSUB: bool()))
        case 5: return .exists(number())
        case 6: return .recent(number())
        case 7: return .expunge(SequenceNumber(nz())!)
        case 8, 9: return .fetch(SequenceNumber(nz())!, (0..<(1 + int(5))).map { _ in fetchAttribute() })
        case 10:
            let numbers = (0..<int(6)).map { _ in nz() }
            return .search(numbers, modSeq: !numbers.isEmpty && bool() ? modSeq() : nil)
        case 11:
            let data: [ESearchReturnData] = (0..<int(5)).map { _ in
                switch int(6) {
                case 0: return .min(nz())
                case 1: return .max(nz())
                case 2: return .all(sequenceSet())
                case 3: return .count(number())
                case 4: return .modSeq(modSeq())
                default:
                    return .other(name: pick(["PARTIAL", "ADDTO", "RELEVANCY", "X-FOO", "x.y:1"]),
                                  value: Array(pick(["(1:10 2:3)", "1:*,4", "0", "9223372036854775807", "()", "(a \"b\" (c d) {1}\r\n))"]).utf8))
                }
            }
            return .esearch(ESearchResponse(correlator: bool() ? tag() : nil, isUID: bool(), returnData: data))
        case 12:
            let values: [StatusAttributeValue] = (0..<int(5)).map { _ in
                switch int(7) {
                case 0: return .messages(number())
                case 1: return .recent(number())
                case 2: return .uidNext(UID(nz())!)
                case 3: return .uidValidity(UIDValidity(nz())!)
                case 4: return .unseen(number())
                case 5: return .highestModSeq(bool() ? .zero : ModSeqOrZero(modSeq()))
                default: return .other(name: pick(["SIZE", "DELETED", "X-" + atom()]), value: rng.below(UInt64(Int64.max)))
                }
            }
            return .status(mailbox(), values)
        case 13: return .vanished(uidSet())
        case 14: return .vanishedEarlier(uidSet())
        case 15:
            let numbers = (0..<int(6)).map { _ in nz() }
            return .sort(numbers, modSeq: !numbers.isEmpty && bool() ? modSeq() : nil)
        case 16: return .thread((0..<int(4)).map { _ in thread() })
        default:
            let data = (0..<int(4)).map { _ in extensionValue() }.joined(separator: [0x20])
            return .other(name: pick(["ID", "NAMESPACE", "QUOTA", "X-" + atom()]), data: Array(data))
        }
    }

    mutating func response() -> ServerResponse {
        switch int(10) {
        case 0:
            if bool() { return .continuation(.base64(pick(["", "YGgG", "YGgGCSq=", "YGgGCS==", "a+/9"]))) }
            // Text with a space is never base64.
            return .continuation(.text(ResponseText(code: bool() ? code() : nil, text: text() + " x")))
        case 1, 2: return .tagged(tag(), pick(TaggedStatus.allCases), respText())
        default: return .untagged(untagged())
        }
    }
}

@Suite("ResponseEncoder and ResponseParser round trip")
struct ResponseRoundTripTests {
    @Test("10,000 seeded random responses encode, frame and parse back strictly to themselves", arguments: [0x5EED_0001 as UInt64, 0xC0FF_EE42])
    func roundTrip(seed: UInt64) throws {
        var g = ResponseGenerator(rng: SplitMix64(seed: seed))
        var framer = Framer(direction: .server)
        for i in 0..<10_000 {
            let response = g.response()
            let wire = ResponseEncoder.encode(response)
            framer.append(wire)
            let unit = try #require(try framer.next(), "case \(i)")
            #expect(unit == wire)
            do {
                let parsed = try ResponseParser.parse(unit)
                #expect(parsed.value == response, "case \(i): \(String(decoding: wire, as: UTF8.self))")
                #expect(parsed.usedLeniencies.isEmpty)
            } catch {
                Issue.record("case \(i): \(error) in \(String(decoding: wire, as: UTF8.self))")
            }
        }
    }
}
