import Testing
import IMAPTypes
@testable import IMAPWire

/// What a line must give: a value (strictly), a value only under one leniency, or an error
/// naming a rule.
enum Outcome: Hashable, Sendable {
    case parses(ServerResponse)
    case needs(Leniency, ServerResponse)
    case fails(rule: String)
}

func check(_ line: String, _ outcome: Outcome, sourceLocation: SourceLocation = #_sourceLocation) {
    let unit = Array((line + "\r\n").utf8)
    switch outcome {
    case .parses(let expected):
        do {
            let parsed = try ResponseParser.parse(unit)
            #expect(parsed.value == expected, sourceLocation: sourceLocation)
            #expect(parsed.usedLeniencies.isEmpty, sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(line): \(error)", sourceLocation: sourceLocation)
        }
    case .needs(let leniency, let expected):
        #expect(throws: WireError.self, "strict parse of \(line)", sourceLocation: sourceLocation) {
            try ResponseParser.parse(unit)
        }
        do {
            let parsed = try ResponseParser.parse(unit, options: ParseOptions(leniencies: [leniency]))
            #expect(parsed.value == expected, sourceLocation: sourceLocation)
            #expect(parsed.usedLeniencies == [leniency], sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(line) with \(leniency): \(error)", sourceLocation: sourceLocation)
        }
    case .fails(let rule):
        do {
            let parsed = try ResponseParser.parse(unit, options: .lenient)
            Issue.record("\(line) parsed as \(parsed.value)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.rule == rule, "\(line): \(error)", sourceLocation: sourceLocation)
        }
    }
}

func ok(_ code: ResponseCode? = nil, _ text: String) -> ServerResponse {
    .untagged(.condition(.ok, ResponseText(code: code, text: text)))
}

func modSeq(_ v: UInt64) -> ModSeq { ModSeq(v) ?? ModSeq(rfc4551: v)! }

let tagA1 = Tag("a1")!

@Suite("mod-sequence-value - RFC 7162 §7")
struct ModSequenceValueTests {
    @Test("HIGHESTMODSEQ response code at the boundaries", arguments: [
        ("* OK [HIGHESTMODSEQ 0] x", Outcome.fails(rule: "mod-sequence-value")),
        ("* OK [HIGHESTMODSEQ 1] x", .parses(ok(.highestModSeq(modSeq(1)), "x"))),
        ("* OK [HIGHESTMODSEQ 4294967295] x", .parses(ok(.highestModSeq(modSeq(4294967295)), "x"))),
        ("* OK [HIGHESTMODSEQ 4294967296] x", .parses(ok(.highestModSeq(modSeq(4294967296)), "x"))),
        ("* OK [HIGHESTMODSEQ 9223372036854775807] x", .parses(ok(.highestModSeq(modSeq(9223372036854775807)), "x"))),
        ("* OK [HIGHESTMODSEQ 9223372036854775808] x", .needs(.modSeq64Bit, ok(.highestModSeq(modSeq(9223372036854775808)), "x"))),
        ("* OK [HIGHESTMODSEQ 18446744073709551614] x", .needs(.modSeq64Bit, ok(.highestModSeq(modSeq(18446744073709551614)), "x"))),
        ("* OK [HIGHESTMODSEQ 18446744073709551615] x", .fails(rule: "mod-sequence-value")),
        ("* OK [HIGHESTMODSEQ 18446744073709551616] x", .fails(rule: "mod-sequence-value")),
        ("* OK [HIGHESTMODSEQ 007] x", .parses(ok(.highestModSeq(modSeq(7)), "x"))),
        ("* OK [HIGHESTMODSEQ 000] x", .fails(rule: "mod-sequence-value")),
        ("* OK [HIGHESTMODSEQ  5] x", .fails(rule: "mod-sequence-value")),
        ("* OK [HIGHESTMODSEQ -5] x", .fails(rule: "mod-sequence-value")),
        ("* OK [HIGHESTMODSEQ] x", .fails(rule: "resp-text-code")),
        ("* OK [highestmodseq 5] x", .parses(ok(.highestModSeq(modSeq(5)), "x"))),
        ("* OK [HIGHESTMODSEQ 5]", .needs(.responseCodeWithoutText, ok(.highestModSeq(modSeq(5)), ""))),
        ("* OK [HIGHESTMODSEQ 5] ", .needs(.responseCodeWithoutText, ok(.highestModSeq(modSeq(5)), ""))),
        ("* OK [HIGHESTMODSEQ 5]x", .fails(rule: "resp-text")),
        ("* OK  [HIGHESTMODSEQ 5] x", .parses(ok(nil, " [HIGHESTMODSEQ 5] x"))),
    ])
    func highestModSeqCode(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("FETCH MODSEQ (permsg-modsequence) at the boundaries", arguments: [
        ("* 1 FETCH (MODSEQ (0))", Outcome.fails(rule: "mod-sequence-value")),
        ("* 1 FETCH (MODSEQ (1))", .parses(.untagged(.fetch(SequenceNumber(1)!, [.modSeq(modSeq(1))])))),
        ("* 1 FETCH (MODSEQ (4294967296))", .parses(.untagged(.fetch(SequenceNumber(1)!, [.modSeq(modSeq(4294967296))])))),
        ("* 1 FETCH (MODSEQ (9223372036854775807))", .parses(.untagged(.fetch(SequenceNumber(1)!, [.modSeq(modSeq(9223372036854775807))])))),
        ("* 1 FETCH (MODSEQ (9223372036854775808))", .needs(.modSeq64Bit, .untagged(.fetch(SequenceNumber(1)!, [.modSeq(modSeq(9223372036854775808))])))),
        ("* 1 FETCH (MODSEQ (18446744073709551615))", .fails(rule: "mod-sequence-value")),
        ("* 1 FETCH (MODSEQ 5)", .fails(rule: "fetch-mod-resp")),
        ("* 1 FETCH (MODSEQ  (5))", .fails(rule: "fetch-mod-resp")),
        ("* 1 FETCH (MODSEQ ( 5))", .fails(rule: "mod-sequence-value")),
        ("* 1 FETCH (modseq (5))", .parses(.untagged(.fetch(SequenceNumber(1)!, [.modSeq(modSeq(5))])))),
    ])
    func fetchModSeq(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("search-sort-mod-seq at the boundaries", arguments: [
        ("* SEARCH 2 5 (MODSEQ 917162500)", Outcome.parses(.untagged(.search([2, 5], modSeq: modSeq(917162500))))),
        ("* SEARCH 2 (MODSEQ 0)", .fails(rule: "mod-sequence-value")),
        ("* SEARCH 2 (MODSEQ 9223372036854775807)", .parses(.untagged(.search([2], modSeq: modSeq(9223372036854775807))))),
        ("* SEARCH 2 (MODSEQ 9223372036854775808)", .needs(.modSeq64Bit, .untagged(.search([2], modSeq: modSeq(9223372036854775808))))),
        ("* SEARCH (MODSEQ 5)", .needs(.searchModSeqWithoutResults, .untagged(.search([], modSeq: modSeq(5))))),
        ("* SEARCH 2 (modseq 5)", .parses(.untagged(.search([2], modSeq: modSeq(5))))),
        ("* SEARCH 2 (MODSEQ  5)", .fails(rule: "mod-sequence-value")),
        ("* SEARCH 2 (MODSEQ 5) 7", .fails(rule: "response-data")),
    ])
    func searchModSeq(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("ESEARCH MODSEQ (RFC 7162 §3.1.10) at the boundaries", arguments: [
        ("* ESEARCH (TAG \"a1\") UID ALL 1:3 MODSEQ 9", Outcome.parses(.untagged(.esearch(ESearchResponse(correlator: tagA1, isUID: true, returnData: [.all(SequenceSet([1...3])), .modSeq(modSeq(9))]))))),
        ("* ESEARCH MODSEQ 0", .fails(rule: "mod-sequence-value")),
        ("* ESEARCH MODSEQ 9223372036854775808", .needs(.modSeq64Bit, .untagged(.esearch(ESearchResponse(correlator: nil, isUID: false, returnData: [.modSeq(modSeq(9223372036854775808))]))))),
        ("* esearch uid min 1 max 4294967295 count 0", .parses(.untagged(.esearch(ESearchResponse(correlator: nil, isUID: true, returnData: [.min(1), .max(4294967295), .count(0)]))))),
        ("* ESEARCH MIN 0", .fails(rule: "nz-number")),
        ("* ESEARCH MAX 4294967296", .fails(rule: "nz-number")),
        ("* ESEARCH COUNT 4294967296", .fails(rule: "number")),
        ("* ESEARCH  UID", .fails(rule: "search-return-data")),
        ("* ESEARCH", .parses(.untagged(.esearch(ESearchResponse(correlator: nil, isUID: false, returnData: []))))),
        ("* ESEARCH (TAG a1) UID", .fails(rule: "tag-string")),
    ])
    func esearch(_ line: String, _ outcome: Outcome) { check(line, outcome) }
}

@Suite("mod-sequence-valzer - RFC 7162 §7 (STATUS HIGHESTMODSEQ)")
struct ModSequenceValzerTests {
    static func status(_ v: ModSeqOrZero) -> ServerResponse { .untagged(.status(.inbox, [.highestModSeq(v)])) }

    @Test("STATUS HIGHESTMODSEQ at the boundaries", arguments: [
        ("* STATUS INBOX (HIGHESTMODSEQ 0)", Outcome.parses(status(.zero))),
        ("* STATUS INBOX (HIGHESTMODSEQ 00)", .fails(rule: "mod-sequence-value")),
        ("* STATUS INBOX (HIGHESTMODSEQ 1)", .parses(status(ModSeqOrZero(1)!))),
        ("* STATUS INBOX (HIGHESTMODSEQ 9223372036854775807)", .parses(status(ModSeqOrZero(9223372036854775807)!))),
        ("* STATUS INBOX (HIGHESTMODSEQ 9223372036854775808)", .needs(.modSeq64Bit, status(ModSeqOrZero(rfc4551: 9223372036854775808)!))),
        ("* STATUS INBOX (HIGHESTMODSEQ 18446744073709551615)", .fails(rule: "mod-sequence-value")),
        ("* STATUS inbox (highestmodseq 5)", .parses(status(ModSeqOrZero(5)!))),
        ("* STATUS INBOX (HIGHESTMODSEQ  5)", .fails(rule: "mod-sequence-value")),
        ("* STATUS INBOX  (HIGHESTMODSEQ 5)", .fails(rule: "mailbox-data")),
    ])
    func valzer(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("other status-att-val items", arguments: [
        ("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)", Outcome.parses(.untagged(.status(MailboxName("blurdybloop"), [.messages(231), .uidNext(UID(44292)!)])))),
        ("* STATUS \"a b\" (UIDVALIDITY 4294967295 UNSEEN 0 RECENT 007)", .parses(.untagged(.status(MailboxName("a b"), [.uidValidity(UIDValidity(4294967295)!), .unseen(0), .recent(7)])))),
        ("* STATUS x (UIDNEXT 0)", .fails(rule: "nz-number")),
        ("* STATUS x (UIDVALIDITY 4294967296)", .fails(rule: "nz-number")),
        ("* STATUS x (MESSAGES 4294967296)", .fails(rule: "number")),
        ("* STATUS x (SIZE 9223372036854775807)", .parses(.untagged(.status(MailboxName("x"), [.other(name: "SIZE", value: 9223372036854775807)])))),
        ("* STATUS x ()", .parses(.untagged(.status(MailboxName("x"), [])))),
        ("* STATUS x (MESSAGES 1  UNSEEN 2)", .fails(rule: "status-att-val")),
        // RFC 8474 §4.2 (Stalwart, Cyrus) and RFC 7889 §3.1: values that are no number.
        ("* STATUS x (MAILBOXID (F2212ea87-6097) MESSAGES 1)", .parses(.untagged(.status(MailboxName("x"), [.extensionValue(name: "MAILBOXID", value: Array("(F2212ea87-6097)".utf8)), .messages(1)])))),
        ("* STATUS x (APPENDLIMIT NIL)", .parses(.untagged(.status(MailboxName("x"), [.extensionValue(name: "APPENDLIMIT", value: Array("NIL".utf8))])))),
        ("* STATUS x (APPENDLIMIT 35651584)", .parses(.untagged(.status(MailboxName("x"), [.other(name: "APPENDLIMIT", value: 35651584)])))),
        ("* STATUS x (SIZE NIL)", .fails(rule: "number64")),
        ("* STATUS x (MAILBOXID ())", .fails(rule: "objectid")),
        ("* STATUS x (MAILBOXID (a.b))", .fails(rule: "status-att-val")),
        ("* STATUS x (X-OTHER (a (b c)) UNSEEN 0)", .parses(.untagged(.status(MailboxName("x"), [.extensionValue(name: "X-OTHER", value: Array("(a (b c))".utf8)), .unseen(0)])))),
        ("* STATUS x (X-OTHER (a b)", .fails(rule: "status-att-list")),
        ("* STATUS x (X-OTHER (a b ) UNSEEN 0)", .fails(rule: "tagged-ext-comp")),
    ])
    func statusItems(_ line: String, _ outcome: Outcome) { check(line, outcome) }
}

@Suite("nz-number and number - RFC 3501 §9")
struct NumberTests {
    @Test("message-data and mailbox-data numbers", arguments: [
        ("* 0 EXPUNGE", Outcome.fails(rule: "nz-number")),
        ("* 1 EXPUNGE", .parses(.untagged(.expunge(SequenceNumber(1)!)))),
        ("* 4294967295 EXPUNGE", .parses(.untagged(.expunge(SequenceNumber(4294967295)!)))),
        ("* 4294967296 EXPUNGE", .fails(rule: "number")),
        ("* 01 EXPUNGE", .fails(rule: "nz-number")),
        ("* 01 FETCH (UID 1)", .fails(rule: "nz-number")),
        ("* 0 EXISTS", .parses(.untagged(.exists(0)))),
        ("* 007 EXISTS", .parses(.untagged(.exists(7)))),
        ("* 4294967295 EXISTS", .parses(.untagged(.exists(4294967295)))),
        ("* 4294967296 EXISTS", .fails(rule: "number")),
        ("* 3 exists", .parses(.untagged(.exists(3)))),
        ("* 3  EXISTS", .fails(rule: "message-data")),
        ("*  3 EXISTS", .fails(rule: "response-data")),
        ("* 3 EXISTS ", .needs(.trailingSpace, .untagged(.exists(3)))),
        ("* 0 RECENT", .parses(.untagged(.recent(0)))),
        ("* 3 EXISTSX", .fails(rule: "message-data")),
        // RFC 9586 §3.3 uidfetch-resp: the number is a UID.
        ("* 4294967295 UIDFETCH (FLAGS ())", .parses(.untagged(.uidFetch(UID(4294967295)!, [.flags([])])))),
        ("* 0 UIDFETCH (FLAGS ())", .fails(rule: "nz-number")),
        ("* 12 UIDFETCH", .fails(rule: "uidfetch-resp")),
        ("* 12 UIDFETCH ()", .fails(rule: "msg-att")),
    ])
    func messageData(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("nz-number response codes", arguments: [
        ("* OK [UIDVALIDITY 0] x", Outcome.fails(rule: "nz-number")),
        ("* OK [UIDVALIDITY 1] x", .parses(ok(.uidValidity(UIDValidity(1)!), "x"))),
        ("* OK [UIDVALIDITY 4294967295] x", .parses(ok(.uidValidity(UIDValidity(4294967295)!), "x"))),
        ("* OK [UIDVALIDITY 4294967296] x", .fails(rule: "nz-number")),
        ("* OK [UIDNEXT 01] x", .fails(rule: "nz-number")),
        ("* OK [UIDNEXT 2] x", .parses(ok(.uidNext(UID(2)!), "x"))),
        ("* OK [UNSEEN 12] x", .parses(ok(.unseen(SequenceNumber(12)!), "x"))),
        ("* OK [UNSEEN 0] x", .fails(rule: "nz-number")),
        ("* OK [uidnext 7] x", .parses(ok(.uidNext(UID(7)!), "x"))),
        ("* OK [UIDNEXT  7] x", .fails(rule: "nz-number")),
        ("* OK [UIDNEXT 7]", .needs(.responseCodeWithoutText, ok(.uidNext(UID(7)!), ""))),
    ])
    func codes(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("SEARCH numbers", arguments: [
        ("* SEARCH", Outcome.parses(.untagged(.search([], modSeq: nil)))),
        ("* SEARCH 1 4294967295", .parses(.untagged(.search([1, 4294967295], modSeq: nil)))),
        ("* SEARCH 0", .fails(rule: "nz-number")),
        ("* SEARCH 4294967296", .fails(rule: "nz-number")),
        ("* SEARCH 01", .fails(rule: "nz-number")),
        ("* SEARCH 1  2", .fails(rule: "nz-number")),
        ("* SEARCH 1 2 ", .needs(.trailingSpace, .untagged(.search([1, 2], modSeq: nil)))),
        ("* search 3", .parses(.untagged(.search([3], modSeq: nil)))),
    ])
    func search(_ line: String, _ outcome: Outcome) { check(line, outcome) }
}

@Suite("expunged-resp and known-uids - RFC 7162 §7")
struct VanishedTests {
    @Test("VANISHED and VANISHED (EARLIER)", arguments: [
        ("* VANISHED 405,407,410,425", Outcome.parses(.untagged(.vanished(UIDSet([405, 407, 410, 425]))))),
        ("* VANISHED (EARLIER) 41,43:116", .parses(.untagged(.vanishedEarlier(UIDSet(ranges: [41...41, 43...116]))))),
        ("* vanished (earlier) 1", .parses(.untagged(.vanishedEarlier(UIDSet([1]))))),
        ("* VANISHED 1:4294967295", .parses(.untagged(.vanished(UIDSet(ranges: [1...4294967295]))))),
        ("* VANISHED 9:3,2", .parses(.untagged(.vanished(UIDSet(ranges: [2...9]))))),
        ("* VANISHED 0", .fails(rule: "known-uids")),
        ("* VANISHED 4294967296", .fails(rule: "known-uids")),
        ("* VANISHED 01", .fails(rule: "known-uids")),
        ("* VANISHED *", .fails(rule: "known-uids")),
        ("* VANISHED 1:*", .fails(rule: "known-uids")),
        ("* VANISHED", .fails(rule: "expunged-resp")),
        ("* VANISHED  1", .fails(rule: "known-uids")),
        ("* VANISHED (EARLIER)  1", .fails(rule: "known-uids")),
        ("* VANISHED (LATER) 1", .fails(rule: "expunged-resp")),
        ("* VANISHED 1,", .fails(rule: "known-uids")),
        ("* VANISHED 1 ", .needs(.trailingSpace, .untagged(.vanished(UIDSet([1]))))),
    ])
    func vanished(_ line: String, _ outcome: Outcome) { check(line, outcome) }
}

@Suite("resp-text and resp-text-code - RFC 3501 §9, RFC 7162 §7")
struct RespTextTests {
    @Test("text after a code and empty text", arguments: [
        ("a1 OK done", Outcome.parses(.tagged(tagA1, .ok, ResponseText(text: "done")))),
        ("a1 ok done", .parses(.tagged(tagA1, .ok, ResponseText(text: "done")))),
        ("a1 OK", .needs(.emptyResponseText, .tagged(tagA1, .ok, ResponseText(text: "")))),
        ("a1 OK ", .needs(.emptyResponseText, .tagged(tagA1, .ok, ResponseText(text: "")))),
        ("a1  OK done", .fails(rule: "resp-cond-state")),
        ("a1 OK [CLOSED]", .needs(.responseCodeWithoutText, .tagged(tagA1, .ok, ResponseText(code: .closed, text: "")))),
        ("a1 OK [CLOSED] x", .parses(.tagged(tagA1, .ok, ResponseText(code: .closed, text: "x")))),
        ("a1 OK [closed] x", .parses(.tagged(tagA1, .ok, ResponseText(code: .closed, text: "x")))),
        ("a1 OK [CLOSED x] y", .fails(rule: "resp-text")),
        ("a1 BYE x", .fails(rule: "resp-cond-state")),
        ("a1 OK caf\u{e9}", .parses(.tagged(tagA1, .ok, ResponseText(text: "caf\u{e9}")))),
        ("a1 NO [NOMODSEQ] x", .parses(.tagged(tagA1, .no, ResponseText(code: .noModSeq, text: "x")))),
        ("a+ OK x", .fails(rule: "response-tagged")),
        ("+a OK x", .fails(rule: "continue-req")),
        (" a1 OK x", .fails(rule: "tag")),
        ("* BYE bye", .parses(.untagged(.condition(.bye, ResponseText(text: "bye"))))),
        ("* PREAUTH hi", .parses(.untagged(.condition(.preauth, ResponseText(text: "hi"))))),
        ("* BAD [PARSE] x", .parses(.untagged(.condition(.bad, ResponseText(code: .parse, text: "x"))))),
        ("* NO [ALERT] x", .parses(.untagged(.condition(.no, ResponseText(code: .alert, text: "x"))))),
        ("* OK [ALERT]  two spaces", .parses(ok(.alert, " two spaces"))),
        ("* FOO x", .parses(.untagged(.other(name: "FOO", data: Array("x".utf8))))),
        ("* (FOO) x", .fails(rule: "response-data")),
    ])
    func text(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("codes of RFC 3501, 4315, 5530 and 7162", arguments: [
        ("* OK [MODIFIED 7,9] x", Outcome.parses(ok(.modified(SequenceSet([7...7, 9...9])), "x"))),
        ("* OK [MODIFIED 1:*,5] x", .parses(ok(.modified(.ranges([SequenceRange(.number(1), .star), SequenceRange(.number(5))])), "x"))),
        ("* OK [MODIFIED 0] x", .fails(rule: "seq-number")),
        ("* OK [MODIFIED] x", .fails(rule: "resp-text-code")),
        ("* OK [NOMODSEQ] x", .parses(ok(.noModSeq, "x"))),
        ("* OK [READ-WRITE] x", .parses(ok(.readWrite, "x"))),
        ("* OK [read-only] x", .parses(ok(.readOnly, "x"))),
        ("* OK [TRYCREATE] x", .parses(ok(.tryCreate, "x"))),
        ("* OK [ALREADYEXISTS] x", .parses(ok(.alreadyExists, "x"))),
        ("* OK [NONEXISTENT] x", .parses(ok(.nonExistent, "x"))),
        ("* OK [UIDNOTSTICKY] x", .parses(ok(.uidNotSticky, "x"))),
        ("* OK [APPENDUID 38505 3955] x", .parses(ok(.appendUID(UIDValidity(38505)!, UIDSet([3955])), "x"))),
        ("* OK [APPENDUID 0 3955] x", .fails(rule: "nz-number")),
        ("* OK [COPYUID 38505 304,319:320 3956:3958] x", .parses(ok(.copyUID(UIDValidity(38505)!, source: [304...304, 319...320], destination: [3956...3958]), "x"))),
        ("* OK [COPYUID 1 5:3 1:3] x", .parses(ok(.copyUID(UIDValidity(1)!, source: [3...5], destination: [1...3]), "x"))),
        ("* OK [COPYUID 1 * 1] x", .fails(rule: "uid-set")),
        ("* OK [CAPABILITY IMAP4rev1 CONDSTORE] x", .parses(ok(.capability([.imap4rev1, .condstore]), "x"))),
        ("* OK [CAPABILITY CONDSTORE] x", .fails(rule: "capability-data")),
        ("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] x", .parses(ok(.permanentFlags([.flag(.deleted), .flag(.seen), .wildcard]), "x"))),
        ("* OK [PERMANENTFLAGS ()] x", .parses(ok(.permanentFlags([]), "x"))),
        ("* OK [PERMANENTFLAGS (\\Seen  \\Deleted)] x", .fails(rule: "flag")),
        ("* OK [BADCHARSET (UTF-8 \"US-ASCII\")] x", .parses(ok(.badCharset(["UTF-8", "US-ASCII"]), "x"))),
        ("* OK [BADCHARSET] x", .parses(ok(.badCharset([]), "x"))),
        ("* OK [X-FOO bar baz] x", .parses(ok(.other(name: "X-FOO", arguments: "bar baz"), "x"))),
        ("* OK [X-FOO] x", .parses(ok(.other(name: "X-FOO", arguments: nil), "x"))),
        ("* OK [X-FOO ] x", .fails(rule: "resp-text-code")),
        ("* OK [] x", .fails(rule: "resp-text-code")),
    ])
    func codes(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("continuation requests", arguments: [
        ("+ Ready for literal", Outcome.parses(.continuation(.text(ResponseText(text: "Ready for literal"))))),
        ("+ ", .parses(.continuation(.base64("")))),
        ("+ YGgGCSqG", .parses(.continuation(.base64("YGgGCSqG")))),
        ("+ YGgGCSq=", .parses(.continuation(.base64("YGgGCSq=")))),
        ("+ [ALERT] x", .parses(.continuation(.text(ResponseText(code: .alert, text: "x"))))),
        ("+", .needs(.emptyResponseText, .continuation(.text(ResponseText(text: ""))))),
        ("+ idling", .parses(.continuation(.text(ResponseText(text: "idling"))))),
    ])
    func continuation(_ line: String, _ outcome: Outcome) { check(line, outcome) }
}

@Suite("capability-data, enable-data, flags, LIST - RFC 3501 §9, RFC 5161 §4")
struct MailboxDataTests {
    @Test("capabilities, flags and lists", arguments: [
        ("* CAPABILITY IMAP4rev1 CONDSTORE QRESYNC AUTH=PLAIN", Outcome.parses(.untagged(.capability([.imap4rev1, .condstore, .qresync, Capability("AUTH=PLAIN")!])))),
        ("* capability imap4rev1", .parses(.untagged(.capability([.imap4rev1])))),
        ("* CAPABILITY", .fails(rule: "capability-data")),
        ("* CAPABILITY IMAP4rev1  X", .fails(rule: "capability")),
        ("* CAPABILITY IMAP4rev1 ", .needs(.trailingSpace, .untagged(.capability([.imap4rev1])))),
        ("* ENABLED QRESYNC CONDSTORE", .parses(.untagged(.enabled([.qresync, .condstore])))),
        ("* ENABLED", .parses(.untagged(.enabled([])))),
        ("* FLAGS (\\Answered \\Flagged $Junk)", .parses(.untagged(.flags([.answered, .flagged, Flag("$Junk")!])))),
        ("* FLAGS ()", .parses(.untagged(.flags([])))),
        ("* FLAGS (\\)", .fails(rule: "flag")),
        ("* FLAGS \\Seen", .fails(rule: "flag-list")),
        ("* LIST (\\Noselect) \"/\" foo", .parses(.untagged(.list(MailboxListEntry(attributes: ["\\Noselect"], delimiter: UInt8(ascii: "/"), name: MailboxName("foo")))))),
        ("* LSUB () NIL inbox", .parses(.untagged(.list(MailboxListEntry(attributes: [], delimiter: nil, name: .inbox, isLSUB: true))))),
        ("* LIST () \"\\\\\" {3}\r\na b", .parses(.untagged(.list(MailboxListEntry(attributes: [], delimiter: UInt8(ascii: "\\"), name: MailboxName("a b")))))),
        ("* LIST (Noselect) \"/\" foo", .fails(rule: "mbx-list-flags")),
        // RFC 9051 §9 (RFC 5258 §9): `[SP mbox-list-extended]` after the name, as in RFC 9051
        // §6.3.4's `* LIST () "/" "Normalized" ("OLDNAME" ("NonNormalized"))`.
        ("* LIST () \"/\" \"Normalized\" (\"OLDNAME\" (\"NonNormalized\"))",
         .parses(.untagged(.list(MailboxListEntry(attributes: [], delimiter: UInt8(ascii: "/"), name: MailboxName("Normalized"),
                                                  extended: Array("(\"OLDNAME\" (\"NonNormalized\"))".utf8)))))),
        ("* LIST (\\Subscribed) \"/\" \"Fruit\" (\"CHILDINFO\" (\"SUBSCRIBED\") X-VENDOR 7)",
         .parses(.untagged(.list(MailboxListEntry(attributes: ["\\Subscribed"], delimiter: UInt8(ascii: "/"), name: MailboxName("Fruit"),
                                                  extended: Array("(\"CHILDINFO\" (\"SUBSCRIBED\") X-VENDOR 7)".utf8)))))),
        ("* LIST () \"/\" foo ()", .parses(.untagged(.list(MailboxListEntry(attributes: [], delimiter: UInt8(ascii: "/"), name: MailboxName("foo"),
                                                                                  extended: Array("()".utf8)))))),
        ("* LIST () \"/\" foo (\"OLDNAME\")", .fails(rule: "mbox-list-extended-item")),
        ("* LIST () \"/\" foo (\"OLDNAME\" (\"x\")", .fails(rule: "mbox-list-extended")),
        ("* LIST () \"//\" foo", .fails(rule: "mailbox-list")),
    ])
    func data(_ line: String, _ outcome: Outcome) { check(line, outcome) }
}

@Suite("msg-att - RFC 3501 §9, RFC 7162 §7")
struct MsgAttTests {
    static func fetch(_ n: UInt32, _ items: [FetchAttribute]) -> ServerResponse { .untagged(.fetch(SequenceNumber(n)!, items)) }

    @Test("FETCH items", arguments: [
        ("* 1 FETCH (UID 4 MODSEQ (65402) FLAGS (\\Seen \\Recent))", Outcome.parses(fetch(1, [.uid(UID(4)!), .modSeq(modSeq(65402)), .flags([.seen, .recent])]))),
        ("* 1 FETCH (UID 0)", .fails(rule: "uniqueid")),
        ("* 1 FETCH (UID 4294967296)", .fails(rule: "uniqueid")),
        ("* 1 FETCH (UID 4294967295)", .parses(fetch(1, [.uid(UID(4294967295)!)]))),
        ("* 1 FETCH (UID 4  FLAGS ())", .fails(rule: "msg-att")),
        ("* 1 FETCH ( UID 4)", .fails(rule: "msg-att")),
        ("* 1 FETCH (UID 4 )", .fails(rule: "msg-att")),
        ("* 1 FETCH ()", .fails(rule: "msg-att")),
        ("* 1 FETCH (uid 4 flags ())", .parses(fetch(1, [.uid(UID(4)!), .flags([])]))),
        ("* 1 FETCH (RFC822.SIZE 0)", .parses(fetch(1, [.rfc822Size(0)]))),
        ("* 1 FETCH (RFC822.SIZE 4294967296)", .needs(.size63Bit, fetch(1, [.rfc822Size(4294967296)]))),
        ("* 1 FETCH (RFC822.SIZE 9223372036854775807)", .needs(.size63Bit, fetch(1, [.rfc822Size(9223372036854775807)]))),
        ("* 1 FETCH (RFC822.SIZE 9223372036854775808)", .fails(rule: "number")),
        ("* 1 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25 -0700\")", .parses(fetch(1, [.internalDate("17-Jul-1996 02:44:25 -0700")]))),
        ("* 1 FETCH (INTERNALDATE \" 7-jul-1996 02:44:25 +0000\")", .parses(fetch(1, [.internalDate(" 7-jul-1996 02:44:25 +0000")]))),
        ("* 1 FETCH (INTERNALDATE \"17-Jux-1996 02:44:25 -0700\")", .fails(rule: "date-time")),
        ("* 1 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25\")", .fails(rule: "date-time")),
        ("* 1 FETCH (BODY[] {5}\r\nhello)", .parses(fetch(1, [.bodySection(name: "BODY", section: "", origin: nil, data: Array("hello".utf8))]))),
        ("* 1 FETCH (BODY[1.2.MIME]<0> \"x\")", .parses(fetch(1, [.bodySection(name: "BODY", section: "1.2.MIME", origin: 0, data: Array("x".utf8))]))),
        ("* 1 FETCH (BODY[HEADER.FIELDS.NOT (DATE FROM)] NIL)", .parses(fetch(1, [.bodySection(name: "BODY", section: "HEADER.FIELDS.NOT (DATE FROM)", origin: nil, data: nil)]))),
        ("* 1 FETCH (BODY[MIME] NIL)", .fails(rule: "section-msgtext")),
        ("* 1 FETCH (BODY[0] NIL)", .fails(rule: "section-part")),
        ("* 1 FETCH (BODY[TEXT]<4294967296> NIL)", .fails(rule: "number")),
        ("* 1 FETCH (RFC822.HEADER {0}\r\n)", .parses(fetch(1, [.bodySection(name: "RFC822.HEADER", section: "HEADER", origin: nil, data: [])]))),
        ("* 1 FETCH (RFC822 NIL RFC822.TEXT \"t\")", .parses(fetch(1, [.bodySection(name: "RFC822", section: "", origin: nil, data: nil), .bodySection(name: "RFC822.TEXT", section: "TEXT", origin: nil, data: Array("t".utf8))]))),
        ("* 1 FETCH (BODY[] {60}\r\nhello)", .fails(rule: "literal")),
        ("* 1 FETCH (BODY[] {6}\r\nhello)", .fails(rule: "msg-att")),
        ("* 1 FETCH (ENVELOPE (NIL \"s\" ((\"a\" NIL \"b\" \"c\")) NIL NIL NIL NIL NIL NIL NIL))", .parses(fetch(1, [.raw(name: "ENVELOPE", value: Array("(NIL \"s\" ((\"a\" NIL \"b\" \"c\")) NIL NIL NIL NIL NIL NIL NIL)".utf8))]))),
        ("* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 2 1) \"ALTERNATIVE\"))", .parses(fetch(1, [.raw(name: "BODYSTRUCTURE", value: Array("((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 2 1) \"ALTERNATIVE\")".utf8))]))),
        ("* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" {1}\r\n1 1))", .parses(fetch(1, [.raw(name: "BODY", value: Array("(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" {1}\r\n1 1)".utf8))]))),
        ("* 1 FETCH (BODY (\"TEXT\"  \"PLAIN\"))", .fails(rule: "body")),
        ("* 1 FETCH (ENVELOPE NIL)", .fails(rule: "envelope")),
        ("* 1 FETCH (X-GM-MSGID 1)", .parses(fetch(1, [.other(name: "X-GM-MSGID", section: nil, origin: nil, value: Array("1".utf8))]))),
    ])
    func items(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("generic value nesting is bounded by maxNesting")
    func nesting() {
        let deep = "* 1 FETCH (BODY " + String(repeating: "(", count: 65) + "1" + String(repeating: ")", count: 65) + ")\r\n"
        #expect(throws: WireError.self) { try ResponseParser.parse(Array(deep.utf8)) }
        let fine = "* 1 FETCH (BODY " + String(repeating: "(", count: 64) + "1" + String(repeating: ")", count: 64) + ")\r\n"
        #expect(throws: Never.self) { try ResponseParser.parse(Array(fine.utf8)) }
    }

    @Test("bare LF needs its leniency and errors name their offset")
    func bareLFAndOffsets() throws {
        #expect(throws: WireError.self) { try ResponseParser.parse(Array("* 3 EXISTS\n".utf8)) }
        let parsed = try ResponseParser.parse(Array("* 3 EXISTS\n".utf8), options: ParseOptions(leniencies: [.bareLF]))
        #expect(parsed.value == .untagged(.exists(3)) && parsed.usedLeniencies == [.bareLF])
        do {
            _ = try ResponseParser.parse(Array("* 1 FETCH (MODSEQ (0))\r\n".utf8))
            Issue.record("MODSEQ 0 parsed")
        } catch {
            #expect(error.offset == 19)
            #expect(error.rule == "mod-sequence-value")
        }
        #expect(throws: WireError.self) { try ResponseParser.parse(Array("* 3 EXISTS\r\n* 4 EXISTS\r\n".utf8)) }
    }
}

@Suite("Fast paths agree with the reference definitions")
struct FastPathTests {
    @Test("ResponseParser.isAtomChar is Flag.isAtomChar for every byte")
    func atomChar() {
        for b in 0...255 { #expect(ResponseParser.isAtomChar(UInt8(b)) == Flag.isAtomChar(UInt8(b)), "byte \(b)") }
    }

    @Test("Flag(bytes:) is Flag(_:) in kind and spelling", arguments: [
        "\\Seen", "\\SEEN", "\\seen", "\\Recent", "\\Deleted", "\\Flagged", "\\Answered", "\\Draft", "\\Foo",
        "$NoJunk", "Seen", "\\", "", "a(b", "\\Se*n", "\\Seem",
    ])
    func flagBytes(_ spelling: String) {
        let a = Flag(bytes: Array(spelling.utf8)[...]), b = Flag(spelling)
        #expect(a?.kind == b?.kind && a?.spelling == b?.spelling && a?.key == b?.key && (a == nil) == (b == nil))
    }
}

@Suite("Extension responses - RFC 5256, RFC 4466, RFC 3501 §7")
struct ExtensionResponseTests {
    static func fetch(_ n: UInt32, _ items: [FetchAttribute]) -> ServerResponse { .untagged(.fetch(SequenceNumber(n)!, items)) }
    static func other(_ name: String, _ value: String, section: String? = nil, origin: UInt32? = nil) -> FetchAttribute {
        .other(name: name, section: section, origin: origin, value: Array(value.utf8))
    }
    static func node(_ members: [UInt32], _ children: [ThreadList] = []) -> ThreadList { ThreadList(members: members, children: children)! }
    static func esearch(_ tag: String?, uid: Bool = false, _ data: [ESearchReturnData]) -> ServerResponse {
        .untagged(.esearch(ESearchResponse(correlator: tag.flatMap { Tag($0) }, isUID: uid, returnData: data)))
    }
    static func untagged(_ name: String, _ data: String) -> ServerResponse { .untagged(.other(name: name, data: Array(data.utf8))) }

    @Test("sort-data (RFC 5256 §4, RFC 7162 §3.1.9 and §7)", arguments: [
        ("* SORT 3 2 1", Outcome.parses(.untagged(.sort([3, 2, 1], modSeq: nil)))),
        ("* SORT", .parses(.untagged(.sort([], modSeq: nil)))),
        ("* SORT 3 2 (MODSEQ 10)", .parses(.untagged(.sort([3, 2], modSeq: modSeq(10))))),
        ("* sort 5", .parses(.untagged(.sort([5], modSeq: nil)))),
        ("* SORT (MODSEQ 10)", .needs(.searchModSeqWithoutResults, .untagged(.sort([], modSeq: modSeq(10))))),
        ("* SORT 0", .fails(rule: "nz-number")),
        ("* SORT 3 (MODSEQ 0)", .fails(rule: "mod-sequence-value")),
        ("* SORT 3 (MODSEQ 10) 4", .fails(rule: "response-data")),
        ("* SORT 3  2", .fails(rule: "nz-number")),
    ])
    func sortData(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("thread-data (RFC 5256 §4)", arguments: [
        ("* THREAD (1)(2 3)", Outcome.parses(.untagged(.thread([node([1]), node([2, 3])])))),
        ("* THREAD (2)(3 6 (4 23)(44 7 96))", .parses(.untagged(.thread([node([2]), node([3, 6], [node([4, 23]), node([44, 7, 96])])])))),
        ("* THREAD ((3)(5))", .parses(.untagged(.thread([node([], [node([3]), node([5])])])))),
        ("* THREAD", .parses(.untagged(.thread([])))),
        ("* THREAD (1 (2))", .fails(rule: "thread-nested")),
        ("* THREAD (1)(2", .fails(rule: "thread-list")),
        ("* THREAD (1) (2)", .fails(rule: "response-data")),
        ("* THREAD ()", .fails(rule: "thread-members")),
        ("* THREAD (0)", .fails(rule: "thread-members")),
        ("* THREAD (1 2 )", .fails(rule: "thread-members")),
    ])
    func threadData(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("ESEARCH return data of other extensions (RFC 4466 §2.6.2 search-return-data)", arguments: [
        ("* ESEARCH (TAG \"a3\") PARTIAL (1:10 2:3) MODSEQ 10", Outcome.parses(esearch("a3", [.other(name: "PARTIAL", value: Array("(1:10 2:3)".utf8)), .modSeq(modSeq(10))]))),
        ("* ESEARCH (TAG \"a2\") ADDTO (0 2)", .parses(esearch("a2", [.other(name: "ADDTO", value: Array("(0 2)".utf8))]))),
        ("* ESEARCH (TAG \"a2\") UID RELEVANCY (4 5)", .parses(esearch("a2", uid: true, [.other(name: "RELEVANCY", value: Array("(4 5)".utf8))]))),
        ("* ESEARCH X-FOO 1:*,4 COUNT 2", .parses(esearch(nil, [.other(name: "X-FOO", value: Array("1:*,4".utf8)), .count(2)]))),
        ("* ESEARCH X-FOO 9223372036854775807", .parses(esearch(nil, [.other(name: "X-FOO", value: Array("9223372036854775807".utf8))]))),
        ("* ESEARCH X-FOO (a \"b\" (c d))", .parses(esearch(nil, [.other(name: "X-FOO", value: Array("(a \"b\" (c d))".utf8))]))),
        ("* ESEARCH X-FOO ()", .parses(esearch(nil, [.other(name: "X-FOO", value: Array("()".utf8))]))),
        ("* ESEARCH X-FOO 9223372036854775808", .fails(rule: "tagged-ext-simple")),
        ("* ESEARCH X-FOO bar", .fails(rule: "tagged-ext-simple")),
        ("* ESEARCH X-FOO (1:10", .fails(rule: "tagged-ext-val")),
        ("* ESEARCH X-FOO (a (b)", .fails(rule: "tagged-ext-val")),
        ("* ESEARCH X-FOO (a ())", .fails(rule: "tagged-ext-comp")),
        ("* ESEARCH X-FOO (\"a)", .fails(rule: "QUOTED-CHAR")),
        ("* ESEARCH 9X 1", .fails(rule: "search-return-data")),
        ("* ESEARCH X-FOO", .fails(rule: "search-return-data")),
        ("* ESEARCH MIN x", .fails(rule: "nz-number")),
    ])
    func esearchData(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("untagged responses of other extensions (RFC 3501 §7)", arguments: [
        ("* ID (\"name\" \"Dovecot\")", Outcome.parses(untagged("ID", "(\"name\" \"Dovecot\")"))),
        ("* ID NIL", .parses(untagged("ID", "NIL"))),
        ("* NAMESPACE ((\"\" \"/\")) NIL NIL", .parses(untagged("NAMESPACE", "((\"\" \"/\")) NIL NIL"))),
        ("* NAMESPACE ((\"\" \"/\")(\"Shared/\" \"/\")) NIL NIL", .parses(untagged("NAMESPACE", "((\"\" \"/\")(\"Shared/\" \"/\")) NIL NIL"))),
        ("* QUOTAROOT INBOX \"\"", .parses(untagged("QUOTAROOT", "INBOX \"\""))),
        ("* QUOTA \"\" (STORAGE 10 512)", .parses(untagged("QUOTA", "\"\" (STORAGE 10 512)"))),
        ("* METADATA INBOX (/private/comment \"x\")", .parses(untagged("METADATA", "INBOX (/private/comment \"x\")"))),
        ("* METADATA INBOX (/private/comment {3}\r\na\"b)", .parses(untagged("METADATA", "INBOX (/private/comment {3}\r\na\"b)"))),
        ("* LANGUAGE (EN)", .parses(untagged("LANGUAGE", "(EN)"))),
        ("* X-LABELS (\\Inbox 1:* foo])", .parses(untagged("X-LABELS", "(\\Inbox 1:* foo])"))),
        ("* XNOOP", .parses(untagged("XNOOP", ""))),
        ("* XNOOP ", .needs(.trailingSpace, untagged("XNOOP", ""))),
        ("* ID (\"name\" \"Dovecot\"", .fails(rule: "response-data")),
        ("* ID (\"name\" \"Dovecot\"))", .fails(rule: "response-data")),
        ("* ID (\"name)", .fails(rule: "QUOTED-CHAR")),
        ("* ID (\"a\\x\")", .fails(rule: "quoted-specials")),
        ("* ID {5}\r\nab", .fails(rule: "literal")),
        ("* ID {3}x\r\nabc", .fails(rule: "literal")),
        ("* ID  NIL", .fails(rule: "response-data")),
        ("* ID NIL  NIL", .fails(rule: "response-data")),
        ("* ID (a  b)", .fails(rule: "response-data")),
        ("* ID \"a\"\"b\"", .fails(rule: "response-data")),
        ("* ID %", .fails(rule: "response-data")),
        ("* FETCH (UID 1)", .fails(rule: "response-data")),
        ("* EXISTS", .fails(rule: "response-data")),
        // A response code's name outside brackets is misplaced, not an extension's response.
        ("* HIGHESTMODSEQ 25", .fails(rule: "response-data")),
        ("* CLOSED", .fails(rule: "response-data")),
        ("* uidnext 5", .fails(rule: "response-data")),
        ("* MODSEQ (25)", .fails(rule: "response-data")),
        ("* NONEXISTENT", .fails(rule: "response-data")),
        ("* expunge", .fails(rule: "response-data")),
        ("* $X 1", .fails(rule: "response-data")),
    ])
    func untaggedOther(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("FETCH items of other extensions (RFC 3501 §9 msg-att)", arguments: [
        ("* 1 FETCH (UID 5 EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9) MODSEQ (12))",
         Outcome.parses(fetch(1, [.uid(UID(5)!), other("EMAILID", "(M6d99ac3275bb4e)"), other("THREADID", "(T64b478a75b7ea9)"), .modSeq(modSeq(12))]))),
        ("* 1 FETCH (X-GM-MSGID 1278455344230334865 UID 5)", .parses(fetch(1, [other("X-GM-MSGID", "1278455344230334865"), .uid(UID(5)!)]))),
        ("* 1 FETCH (SAVEDATE \"01-Jan-2020 00:00:00 +0000\" UID 5)", .parses(fetch(1, [other("SAVEDATE", "\"01-Jan-2020 00:00:00 +0000\""), .uid(UID(5)!)]))),
        ("* 1 FETCH (PREVIEW \"hi\" UID 5)", .parses(fetch(1, [other("PREVIEW", "\"hi\""), .uid(UID(5)!)]))),
        ("* 1 FETCH (SAVEDATE NIL THREADID NIL)", .parses(fetch(1, [other("SAVEDATE", "NIL"), other("THREADID", "NIL")]))),
        ("* 1 FETCH (X-GM-LABELS (\\Inbox \"Muy Importante\") UID 5)", .parses(fetch(1, [other("X-GM-LABELS", "(\\Inbox \"Muy Importante\")"), .uid(UID(5)!)]))),
        ("* 1 FETCH (BINARY[1]<0> {2}\r\nhi BINARY.SIZE[2] 7)", .parses(fetch(1, [other("BINARY", "{2}\r\nhi", section: "1", origin: 0), other("BINARY.SIZE", "7", section: "2")]))),
        // RFC 9051 §9: `"BINARY" section-binary SP (nstring / literal8)`, `literal8 = "~{" number64 "}" CRLF *OCTET`.
        ("* 1 FETCH (UID 3 BINARY[1] ~{3}\r\na\u{0}c MODSEQ (4))",
         .parses(fetch(1, [.uid(UID(3)!), other("BINARY", "~{3}\r\na\u{0}c", section: "1"), .modSeq(modSeq(4))]))),
        ("* 1 FETCH (BINARY[] ~{0}\r\n)", .parses(fetch(1, [other("BINARY", "~{0}\r\n", section: "")]))),
        ("* 1 FETCH (BODY[1] ~{3}\r\nabc)", .fails(rule: "nstring")),
        ("* 1 FETCH (X-FOO ~{3}\r\nabc)", .fails(rule: "msg-att")),
        ("* 1 FETCH (BINARY[1] ~{9}\r\nab)", .fails(rule: "literal")),
        ("* 1 FETCH (X-GM-MSGID 18446744073709551615)", .parses(fetch(1, [other("X-GM-MSGID", "18446744073709551615")]))),
        ("* 1 FETCH (X-GM-MSGID 18446744073709551616)", .fails(rule: "number")),
        ("* 1 FETCH (EMAILID (M1)", .fails(rule: "msg-att")),
        ("* 1 FETCH (EMAILID (M1)))", .fails(rule: "response-data")),
        ("* 1 FETCH (PREVIEW \"hi)", .fails(rule: "QUOTED-CHAR")),
        ("* 1 FETCH (PREVIEW {9}\r\nhi)", .fails(rule: "literal")),
        ("* 1 FETCH (PREVIEW hi)", .fails(rule: "msg-att")),
        ("* 1 FETCH (PREVIEW)", .fails(rule: "msg-att")),
        ("* 1 FETCH (PREVIEW  \"hi\")", .fails(rule: "msg-att")),
        ("* 1 FETCH (BINARY[1 \"x\")", .fails(rule: "section")),
        ("* 1 FETCH (BODY.PEEK[] NIL)", .fails(rule: "msg-att")),
        ("* 1 FETCH (1 2)", .fails(rule: "msg-att")),
        ("* 1 FETCH (UID 5 2)", .fails(rule: "msg-att")),
        ("* 1 FETCH (UID x)", .fails(rule: "uniqueid")),
        ("* 1 FETCH (MODSEQ 12)", .fails(rule: "fetch-mod-resp")),
        ("* 1 FETCH (FLAGS \\Seen)", .fails(rule: "flag-list")),
    ])
    func fetchOther(_ line: String, _ outcome: Outcome) { check(line, outcome) }

    @Test("extension data nesting is bounded by maxNesting")
    func nesting() {
        for (line, depth) in [("* X-DEEP ", 64), ("* 1 FETCH (X-DEEP ", 64), ("* ESEARCH X-DEEP ", 64)] {
            let close = line.contains("FETCH") ? ")" : ""
            let fine = line + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + close + "\r\n"
            #expect(throws: Never.self, "\(depth) levels: \(line)") { try ResponseParser.parse(Array(fine.utf8)) }
            let deep = line + String(repeating: "(", count: depth + 1) + "1" + String(repeating: ")", count: depth + 1) + close + "\r\n"
            #expect(throws: WireError.self, "\(depth + 1) levels: \(line)") { try ResponseParser.parse(Array(deep.utf8)) }
        }
        let threads = "* THREAD " + String(repeating: "((1)", count: 65) + "(2)" + String(repeating: ")", count: 65) + "\r\n"
        #expect(throws: WireError.self) { try ResponseParser.parse(Array(threads.utf8)) }
    }

    @Test("each new case re-encodes to the bytes it was parsed from", arguments: [
        "* SORT 3 2 1", "* SORT", "* SORT 3 2 (MODSEQ 10)", "* THREAD (1)(2 3)", "* THREAD (2)(3 6 (4 23)(44 7 96))",
        "* THREAD ((3)(5))", "* THREAD", "* ESEARCH (TAG \"a3\") PARTIAL (1:10 2:3) MODSEQ 10", "* ESEARCH (TAG \"a2\") UID RELEVANCY (4 5)",
        "* ID (\"name\" \"Dovecot\")", "* NAMESPACE ((\"\" \"/\")) NIL NIL", "* METADATA INBOX (/private/comment {3}\r\na\"b)", "* XNOOP",
        "* 1 FETCH (UID 5 EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9) MODSEQ (12))",
        "* 1 FETCH (X-GM-MSGID 1278455344230334865 UID 5)", "* 1 FETCH (BINARY[1]<0> {2}\r\nhi BINARY.SIZE[2] 7)",
    ])
    func reencodes(_ line: String) throws {
        let unit = Array((line + "\r\n").utf8)
        #expect(ResponseEncoder.encode(try ResponseParser.parse(unit).value) == unit)
    }
}
