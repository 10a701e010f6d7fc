import Testing
import IMAPTypes
@testable import IMAPWire

/// Parses one client line (CRLF appended) to its command, or throws the parser's error.
func parseClientCommand(_ line: String, options: ParseOptions = .strict) throws -> Command {
    let parsed = try CommandParser.parse(Array((line + "\r\n").utf8), options: options)
    guard case .command(let tagged) = parsed.value else {
        throw WireError(rule: "test", offset: 0, expected: "a tagged command", found: "\(parsed.value)")
    }
    return tagged.command
}

/// The error a client line produces, or nil when it parses.
func clientCommandError(_ line: String, options: ParseOptions = .strict) -> WireError? {
    do {
        _ = try CommandParser.parse(Array((line + "\r\n").utf8), options: options)
        return nil
    } catch {
        return error
    }
}

func seqSet(_ text: String) -> SequenceSet {
    var c = ByteCursor(Array(text.utf8))
    return try! CommandParser.parseSequenceSet(&c)
}

let modSeq1 = ModSeq(1)!
let modSeqMax = ModSeq(ModSeq.max)!

@Suite("Client commands - RFC 3501 §9, RFC 4466, RFC 7162 §7")
struct CommandParserTests {
    @Test("well-formed commands parse to their values", arguments: [
        ("a1 CAPABILITY", Command.capability),
        ("a1 noop", .noop),
        ("a1 LOGOUT", .logout),
        ("a1 CHECK", .check),
        ("a1 CLOSE", .close),
        ("a1 UNSELECT", .unselect),
        ("a1 EXPUNGE", .expunge),
        ("a1 IDLE", .idle),
        ("a1 LOGIN fred \"pass word\"", .login(user: "fred", password: "pass word")),
        ("a1 LOGIN {4}\r\nfred {2+}\r\npw", .login(user: "fred", password: "pw")),
        ("a1 AUTHENTICATE PLAIN", .authenticate(mechanism: "PLAIN", initialResponse: nil)),
        ("a1 AUTHENTICATE PLAIN AGZyZWQAcHc=", .authenticate(mechanism: "PLAIN", initialResponse: "AGZyZWQAcHc=")),
        ("a1 AUTHENTICATE PLAIN =", .authenticate(mechanism: "PLAIN", initialResponse: "")),
        ("a1 ENABLE QRESYNC CONDSTORE", .enable([.qresync, .condstore])),
        ("a1 enable qresync", .enable([.qresync])),
        ("a1 SELECT INBOX", .select(.inbox, [])),
        ("a1 SELECT inbox (CONDSTORE)", .select(.inbox, [.condstore])),
        ("a1 EXAMINE \"Sent Items\" (condstore)", .examine(MailboxName("Sent Items"), [.condstore])),
        ("a1 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))",
         .select(.inbox, [.qresync(QResyncParameters(uidValidity: UIDValidity(UInt32(67890007))!,
                                                     modSeq: ModSeq(20050715194045000)!,
                                                     knownUIDs: seqSet("41,43:211,214:541")))])),
        ("a1 SELECT INBOX (QRESYNC (1 1 (1:3 10:12)))",
         .select(.inbox, [.qresync(QResyncParameters(uidValidity: UIDValidity(UInt32(1))!, modSeq: modSeq1,
                                                     sequenceMatch: SequenceMatchData(knownSequenceSet: seqSet("1:3"),
                                                                                      knownUIDSet: seqSet("10:12"))))])),
        ("a1 SELECT INBOX (QRESYNC (1 9223372036854775807 1:9 (1,5 2,9)) CONDSTORE)",
         .select(.inbox, [.qresync(QResyncParameters(uidValidity: UIDValidity(UInt32(1))!, modSeq: modSeqMax,
                                                     knownUIDs: seqSet("1:9"),
                                                     sequenceMatch: SequenceMatchData(knownSequenceSet: seqSet("1,5"),
                                                                                      knownUIDSet: seqSet("2,9")))),
                          .condstore])),
        ("a1 CREATE foo", .create(MailboxName("foo"))),
        ("a1 DELETE foo", .delete(MailboxName("foo"))),
        ("a1 RENAME foo \"b r\"", .rename(MailboxName("foo"), MailboxName("b r"))),
        ("a1 LIST \"\" *", .list(reference: MailboxName(""), pattern: "*")),
        ("a1 LIST \"\" %/a]b", .list(reference: MailboxName(""), pattern: "%/a]b")),
        ("a1 STATUS INBOX (MESSAGES HIGHESTMODSEQ uidnext)", .status(.inbox, [.messages, .highestModSeq, .uidNext])),
        // RFC 9051 §6.3.11: DELETED and SIZE.
        ("a1 STATUS INBOX (DELETED size HIGHESTMODSEQ)", .status(.inbox, [.deleted, .size, .highestModSeq])),
        // RFC 8474 §4.2 and RFC 7889 §3.1.
        ("a1 STATUS INBOX (MAILBOXID APPENDLIMIT)", .status(.inbox, [.mailboxID, .appendLimit])),
        ("a1 APPEND INBOX {3}\r\nabc", .append(.inbox, flags: nil, date: nil, message: Array("abc".utf8))),
        ("a1 APPEND INBOX (\\Seen $x) \" 7-Feb-1994 21:52:25 -0800\" {0+}\r\n",
         .append(.inbox, flags: [.seen, Flag("$x")!], date: " 7-Feb-1994 21:52:25 -0800", message: [])),
        ("a1 APPEND INBOX () {1}\r\n\r", .append(.inbox, flags: [], date: nil, message: [0x0D])),
        ("a1 FETCH 1:* ALL", .fetch(seqSet("1:*"), [.all], [], uid: false)),
        ("a1 FETCH 1 fast", .fetch(seqSet("1"), [.fast], [], uid: false)),
        ("a1 FETCH $ FULL", .fetch(.lastResult, [.full], [], uid: false)),
        ("a1 FETCH 2 FLAGS", .fetch(seqSet("2"), [.flags], [], uid: false)),
        ("a1 FETCH 2 (FLAGS MODSEQ UID RFC822.SIZE RFC822 RFC822.HEADER RFC822.TEXT ENVELOPE BODY BODYSTRUCTURE INTERNALDATE)",
         .fetch(seqSet("2"), [.flags, .modSeq, .uid, .rfc822Size, .rfc822, .rfc822Header, .rfc822Text, .envelope,
                              .body, .bodyStructure, .internalDate], [], uid: false)),
        ("a1 FETCH 2 (BODY[] BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100> body[1.2.MIME])",
         .fetch(seqSet("2"), [.bodySection(peek: false, section: "", partial: nil),
                              .bodySection(peek: true, section: "HEADER.FIELDS (SUBJECT FROM)", partial: 0...99),
                              .bodySection(peek: false, section: "1.2.MIME", partial: nil)], [], uid: false)),
        // RFC 9051 §9: `"BINARY" [".PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary`.
        ("a1 UID FETCH 1:3 (BINARY.SIZE[1] BINARY.PEEK[1.2]<0.100> binary[] MODSEQ)",
         .fetch(seqSet("1:3"), [.binarySize(section: "1"), .binary(peek: true, section: "1.2", partial: 0...99),
                                .binary(peek: false, section: "", partial: nil), .modSeq], [], uid: true)),
        // Read-only extension items (RFC 8474, RFC 8514, RFC 8970, Gmail), any case.
        ("a1 UID FETCH 1:* (UID x-gm-msgid X-GM-LABELS EMAILID ThreadId SAVEDATE PREVIEW)",
         .fetch(seqSet("1:*"), [.uid, .extensionItem("X-GM-MSGID"), .extensionItem("X-GM-LABELS"), .extensionItem("EMAILID"),
                                .extensionItem("THREADID"), .extensionItem("SAVEDATE"), .extensionItem("PREVIEW")], [], uid: true)),
        ("a1 FETCH 1 BODY[TEXT]<4294967295.1>",
         .fetch(seqSet("1"), [.bodySection(peek: false, section: "TEXT", partial: 4294967295...4294967295)], [], uid: false)),
        ("a1 FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)", .fetch(seqSet("1:*"), [.flags], [.changedSince(ModSeq(12345)!)], uid: false)),
        ("a1 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)",
         .fetch(seqSet("300:500"), [.flags], [.changedSince(ModSeq(12345)!), .vanished], uid: true)),
        ("a1 uid fetch 1 flags (changedsince 1 vanished)",
         .fetch(seqSet("1"), [.flags], [.changedSince(modSeq1), .vanished], uid: true)),
        ("a1 STORE 1 FLAGS \\Seen", .store(seqSet("1"), [], StoreAction(.replace, flags: [.seen]), uid: false)),
        ("a1 STORE 1 +FLAGS.SILENT (\\Seen \\Deleted)", .store(seqSet("1"), [], StoreAction(.add, silent: true, flags: [.seen, .deleted]), uid: false)),
        ("a1 STORE 1 -flags.silent ()", .store(seqSet("1"), [], StoreAction(.remove, silent: true, flags: []), uid: false)),
        ("a1 UID STORE 1:4 (UNCHANGEDSINCE 0) +FLAGS $a $b",
         .store(seqSet("1:4"), [.unchangedSince(.zero)], StoreAction(.add, flags: [Flag("$a")!, Flag("$b")!]), uid: true)),
        ("a1 SEARCH ALL", .search(SearchCommand(keys: [.all]), uid: false)),
        ("a1 UID SEARCH RETURN (MIN MAX COUNT ALL SAVE) CHARSET UTF-8 UNSEEN",
         .search(SearchCommand(returnOptions: [.min, .max, .count, .all, .save], charset: "UTF-8", keys: [.unseen]), uid: true)),
        ("a1 SEARCH RETURN () RECENT", .search(SearchCommand(returnOptions: [], keys: [.recent]), uid: false)),
        ("a1 SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338", .search(SearchCommand(keys: [
            .modSeq(entry: ModSeqEntry(name: "/flags/\\draft", type: .all), ModSeqOrZero(620162338)!)]), uid: false)),
        ("a1 SEARCH MODSEQ 0", .search(SearchCommand(keys: [.modSeq(entry: nil, .zero)]), uid: false)),
        ("a1 SEARCH OR NOT (SEEN 1:3) UID 5 KEYWORD $x",
         .search(SearchCommand(keys: [.or(.not(.and([.seen, .sequenceSet(seqSet("1:3"))])), .uid(seqSet("5"))),
                                      .keyword(Flag("$x")!)]), uid: false)),
        ("a1 SEARCH FROM \"a b\" TO x CC y BCC z SUBJECT {2}\r\nhi BODY b TEXT t HEADER X-A \"\"",
         .search(SearchCommand(keys: [.from("a b"), .to("x"), .cc("y"), .bcc("z"), .subject("hi"), .body("b"),
                                      .text("t"), .header("X-A", "")]), uid: false)),
        ("a1 SEARCH SINCE 1-Feb-1994 BEFORE \"31-dec-2020\" ON 01-Jan-0000 SENTBEFORE 2-Mar-2000 SENTON 3-Apr-2000 SENTSINCE 4-May-2000",
         .search(SearchCommand(keys: [.since(SearchDate(day: 1, month: 2, year: 1994)!),
                                      .before(SearchDate(day: 31, month: 12, year: 2020)!),
                                      .on(SearchDate(day: 1, month: 1, year: 0)!),
                                      .sentBefore(SearchDate(day: 2, month: 3, year: 2000)!),
                                      .sentOn(SearchDate(day: 3, month: 4, year: 2000)!),
                                      .sentSince(SearchDate(day: 4, month: 5, year: 2000)!)]), uid: false)),
        ("a1 SEARCH LARGER 0 SMALLER 4294967295 UNKEYWORD $y ANSWERED DELETED DRAFT FLAGGED NEW OLD UNANSWERED UNDELETED UNDRAFT UNFLAGGED",
         .search(SearchCommand(keys: [.larger(0), .smaller(4294967295), .unkeyword(Flag("$y")!), .answered, .deleted,
                                      .draft, .flagged, .new, .old, .unanswered, .undeleted, .undraft, .unflagged]), uid: false)),
        ("a1 COPY 1:2 Trash", .copy(seqSet("1:2"), MailboxName("Trash"), uid: false)),
        ("a1 UID COPY 1:2 Trash", .copy(seqSet("1:2"), MailboxName("Trash"), uid: true)),
        ("a1 MOVE 3 Trash", .move(seqSet("3"), MailboxName("Trash"), uid: false)),
        ("a1 UID MOVE 3 Trash", .move(seqSet("3"), MailboxName("Trash"), uid: true)),
        ("a1 UID EXPUNGE 3000:3002", .uidExpunge(seqSet("3000:3002"))),
    ])
    func wellFormed(_ line: String, _ expected: Command) throws {
        #expect(try parseClientCommand(line) == expected)
    }

    @Test("the tag is kept; DONE ends IDLE in any case")
    func tagsAndDone() throws {
        let parsed = try CommandParser.parse(Array("x.y] NOOP\r\n".utf8))
        #expect(parsed.value == .command(TaggedCommand(tag: Tag("x.y]")!, command: .noop)))
        #expect(try CommandParser.parse(Array("DONE\r\n".utf8)).value == .idleDone)
        #expect(try CommandParser.parse(Array("done\r\n".utf8)).value == .idleDone)
        // A tag that merely starts with DONE is a command.
        #expect(try CommandParser.parse(Array("DONEX NOOP\r\n".utf8)).value
            == .command(TaggedCommand(tag: Tag("DONEX")!, command: .noop)))
        #expect(try CommandParser.parse(Array("DONE NOOP\r\n".utf8)).value
            == .command(TaggedCommand(tag: Tag("DONE")!, command: .noop)))
    }

    @Test("AUTHENTICATE continuation lines: base64 or *", arguments: [
        ("", "" as String?), ("AGZyZWQAcHc=", "AGZyZWQAcHc="), ("AAAA", "AAAA"), ("AA==", "AA=="), ("*", "*"),
        ("AAA", nil), ("A===", nil), ("AA=A", nil), ("**", nil), ("AA AA", nil), ("=", nil),
    ])
    func authenticationData(_ line: String, _ expected: String?) {
        let value = try? CommandParser.parseAuthenticationData(Array((line + "\r\n").utf8)).value
        #expect(value == expected.map(ClientMessage.authenticationData))
    }
}

@Suite("mod-sequence-value in CHANGEDSINCE - RFC 7162 §3.1.4.1 and §7")
struct ChangedSinceBoundaryTests {
    @Test("mod-sequence-value is 1 ... 2^63-1, leading zeros grammatical", arguments: [
        ("0", UInt64?.none), ("00", nil), ("1", 1), ("01", 1), ("2", 2), ("4294967295", 4294967295), ("4294967296", 4294967296),
        ("9223372036854775807", 9223372036854775807), ("9223372036854775808", nil),
        ("18446744073709551614", nil), ("18446744073709551615", nil), ("18446744073709551616", nil), ("", nil), ("-1", nil),
        (" 1", nil), ("1 ", nil),
    ])
    func changedSince(_ text: String, _ expected: UInt64?) throws {
        let line = "a1 FETCH 1 (FLAGS) (CHANGEDSINCE \(text))"
        if let expected {
            #expect(try parseClientCommand(line) == .fetch(seqSet("1"), [.flags], [.changedSince(ModSeq(expected)!)], uid: false))
        } else {
            #expect(clientCommandError(line) != nil)
        }
    }

    @Test("CHANGEDSINCE 0 names the rule and the offset of the zero")
    func zeroError() throws {
        let line = "a1 FETCH 1 (FLAGS) (CHANGEDSINCE 0)"
        let error = try #require(clientCommandError(line))
        #expect(error.rule == "mod-sequence-value")
        #expect(error.offset == line.utf8.count - 2)
    }

    @Test("2^63 ... 2^64-2 only with the modseq-64-bit leniency, which is recorded", arguments: [
        ("9223372036854775808", UInt64?.some(9223372036854775808)), ("18446744073709551614", 18446744073709551614),
        ("18446744073709551615", nil),
    ])
    func lenient64(_ text: String, _ expected: UInt64?) throws {
        let unit = Array("a1 FETCH 1 (FLAGS) (CHANGEDSINCE \(text))\r\n".utf8)
        #expect(throws: WireError.self) { try CommandParser.parse(unit) }
        let lenient = try? CommandParser.parse(unit, options: ParseOptions(leniencies: [.modSeq64Bit]))
        #expect(lenient?.value == expected.map {
            .command(TaggedCommand(tag: Tag("a1")!, command: .fetch(seqSet("1"), [.flags], [.changedSince(ModSeq(rfc4551: $0)!)], uid: false)))
        })
        #expect(lenient.map(\.usedLeniencies) == expected.map { _ in [.modSeq64Bit] })
    }

    @Test("fetch-modifier names outside the subset and misplaced spaces are refused", arguments: [
        "a1 FETCH 1 (FLAGS) (CHANGEDSINCE)", "a1 FETCH 1 (FLAGS) (CHANGEDSINCE  5)", "a1 FETCH 1 (FLAGS) ()",
        "a1 FETCH 1 (FLAGS) (VANISHED  CHANGEDSINCE 5)", "a1 FETCH 1 (FLAGS) (PARTIAL 1:5)", "a1 FETCH 1 (FLAGS) ( VANISHED)",
        "a1 FETCH 1 (FLAGS)  (VANISHED)", "a1 FETCH 1 (FLAGS)(VANISHED)", "a1 FETCH 1 (FLAGS) (VANISHED",
        // section-binary holds only a section-part (RFC 9051 §9); BINARY.SIZE takes no partial.
        "a1 FETCH 1 BINARY[0]", "a1 FETCH 1 BINARY[HEADER]", "a1 FETCH 1 BINARY[1.]", "a1 FETCH 1 BINARY", "a1 FETCH 1 BINARY.SIZE[1]<0.5>",
        // Only the listed extension items, and none with an argument or a trailing "-".
        "a1 FETCH 1 (X-GM-FOO)", "a1 FETCH 1 (EMAILID-)", "a1 FETCH 1 (PREVIEW (LAZY))", "a1 FETCH 1 (X-)",
    ])
    func refused(_ line: String) {
        #expect(clientCommandError(line) != nil)
    }
}

@Suite("mod-sequence-valzer in UNCHANGEDSINCE - RFC 7162 §3.1.3 and §7")
struct UnchangedSinceBoundaryTests {
    @Test("mod-sequence-valzer is 0 ... 2^63-1, leading zeros grammatical", arguments: [
        ("0", UInt64?.some(0)), ("00", 0), ("1", 1), ("007", 7), ("4294967295", 4294967295), ("4294967296", 4294967296),
        ("9223372036854775807", 9223372036854775807), ("9223372036854775808", nil), ("18446744073709551615", nil),
        ("", nil), ("+1", nil),
    ])
    func unchangedSince(_ text: String, _ expected: UInt64?) throws {
        let line = "a1 STORE 1 (UNCHANGEDSINCE \(text)) FLAGS ()"
        if let expected {
            #expect(try parseClientCommand(line)
                == .store(seqSet("1"), [.unchangedSince(ModSeqOrZero(expected)!)], StoreAction(.replace, flags: []), uid: false))
        } else {
            #expect(clientCommandError(line)?.rule == "mod-sequence-valzer")
        }
    }

    @Test("store-att-flags: keyword case, .SILENT, bare flags, spacing", arguments: [
        ("a1 STORE 1 flags.SILENT \\seen", StoreAction?.some(StoreAction(.replace, silent: true, flags: [.seen]))),
        ("a1 STORE 1 +FLAGS \\Seen \\Draft", StoreAction(.add, flags: [.seen, .draft])),
        ("a1 STORE 1 +FLAGS \\Recent", StoreAction(.add, flags: [.recent])),
        ("a1 STORE 1 FLAGS", nil), ("a1 STORE 1 FLAGS ", nil), ("a1 STORE 1 FLAGS  \\Seen", nil), ("a1 STORE 1  FLAGS \\Seen", nil),
        ("a1 STORE 1 +FLAGS.LOUD \\Seen", nil), ("a1 STORE 1 *FLAGS \\Seen", nil), ("a1 STORE 1 FLAGS \\*", nil),
        ("a1 STORE 1 FLAGS (\\Seen", nil), ("a1 STORE 1 FLAGS (\\Seen  \\Draft)", nil), ("a1 STORE 1 FLAGS \\", nil),
        ("a1 STORE 1 (UNCHANGEDSINCE 5 ) FLAGS ()", nil), ("a1 STORE 1 (NOTAMODIFIER 5) FLAGS ()", nil),
        ("a1 STORE 1 () FLAGS ()", nil),
    ])
    func storeAttFlags(_ line: String, _ expected: StoreAction?) throws {
        if let expected {
            #expect(try parseClientCommand(line) == .store(seqSet("1"), [], expected, uid: false))
        } else {
            #expect(clientCommandError(line) != nil)
        }
    }
}

@Suite("nz-number and sequence-set - RFC 3501 §9")
struct SequenceSetBoundaryTests {
    @Test("seq-number is nz-number or *; $ only on its own", arguments: [
        ("1", true), ("4294967295", true), ("4294967296", false), ("0", false), ("01", false), ("1:0", false),
        ("*", true), ("*:1", true), ("1,2:3,*", true), ("1,,2", false), ("1,", false), (",1", false), ("1:", false),
        ("$", true), ("$,1", false), ("1,$", false), ("1 ,2", false), ("4:2", true),
        ("2", true), ("9223372036854775807", false), ("9223372036854775808", false), ("18446744073709551615", false),
        ("18446744073709551616", false), ("1:4294967296", false), ("00", false),
    ])
    func sequenceSet(_ text: String, _ valid: Bool) throws {
        let result = try? parseClientCommand("a1 FETCH \(text) FLAGS")
        #expect((result != nil) == valid)
        if valid, case .fetch(let set, _, _, _)? = result {
            #expect(set.description == text)
        }
    }

    @Test("UID EXPUNGE needs a sequence-set (RFC 4315 §2.1)", arguments: [
        ("a1 UID EXPUNGE 1:*", true), ("a1 UID EXPUNGE", false), ("a1 UID EXPUNGE ", false), ("a1 UID  EXPUNGE 1", false),
        ("a1 UID EXPUNGE 0", false),
    ])
    func uidExpunge(_ line: String, _ valid: Bool) {
        #expect((clientCommandError(line) == nil) == valid)
    }
}

@Suite("QRESYNC select-param - RFC 7162 §3.2.5 and §7")
struct QResyncParameterTests {
    @Test("uidvalidity, mod-sequence-value, known-uids and seq-match-data at their boundaries", arguments: [
        ("(1 1)", true), ("(4294967295 9223372036854775807)", true), ("(0 1)", false), ("(01 1)", false),
        ("(4294967296 1)", false), ("(1 0)", false), ("(1 9223372036854775808)", false), ("(1 18446744073709551615)", false),
        ("(1 1 1:5)", true), ("(1 1 1:*)", false), ("(1 1 *)", false), ("(1 1 $)", false), ("(1 1 0)", false),
        ("(1 1 (1 2))", true), ("(1 1 1 (1:* 2))", false), ("(1 1 1 (1 2:*))", false), ("(1 1 1 (1))", false),
        ("(1 1 1 (1 2) )", false), ("(1  1)", false), ("(1 1 )", false), ("( 1 1)", false), ("1 1", false), ("(1)", false),
        ("(1 1 1:5 (1,3 5,7))", true), ("(1 1 (1 2) 1:5)", false),
        ("(2 2)", true), ("(9223372036854775807 1)", false), ("(18446744073709551615 1)", false), ("(1 00)", false),
        ("(1 01)", true), ("(1 4294967296)", true), ("(1 1 4294967295)", true), ("(1 1 4294967296)", false),
        ("(1 1 01)", false), ("(1 1 (0 1))", false), ("(1 1 (1 0))", false), ("(1 1 (4294967295 4294967295))", true),
    ])
    func qresync(_ params: String, _ valid: Bool) {
        let line = "a1 SELECT INBOX (QRESYNC \(params))"
        #expect((clientCommandError(line) == nil) == valid, "\(line)")
    }

    @Test("* in known-uids names the known-uids rule")
    func starError() throws {
        let error = try #require(clientCommandError("a1 SELECT INBOX (QRESYNC (1 1 1:*))"))
        #expect(error.rule == "known-uids")
        #expect(error.offset == "a1 SELECT INBOX (QRESYNC (1 1 1:".utf8.count)
    }

    @Test("select-params spelling", arguments: [
        ("a1 SELECT INBOX (CONDSTORE)", true), ("a1 select INBOX (condstore)", true), ("a1 SELECT INBOX ()", false),
        ("a1 SELECT INBOX (CONDSTORE", false), ("a1 SELECT INBOX  (CONDSTORE)", false), ("a1 SELECT INBOX (FOO)", false),
        ("a1 SELECT INBOX (QRESYNC)", false), ("a1 SELECT  INBOX", false), ("a1 SELECT", false),
        ("a1 EXAMINE INBOX (QRESYNC (1 1))", true),
    ])
    func selectParams(_ line: String, _ valid: Bool) {
        #expect((clientCommandError(line) == nil) == valid)
    }
}

@Suite("search-modsequence and search keys - RFC 7162 §3.1.5, RFC 3501 §6.4.4, RFC 4731")
struct SearchParserTests {
    @Test("MODSEQ [entry-name entry-type-req] mod-sequence-valzer", arguments: [
        ("MODSEQ 0", true), ("MODSEQ 9223372036854775807", true), ("MODSEQ 9223372036854775808", false),
        ("MODSEQ \"/flags/\\\\Seen\" priv 5", true), ("MODSEQ \"/flags/$MDNSent\" SHARED 5", true),
        ("MODSEQ \"/FLAGS/x\" all 5", true), ("MODSEQ \"/flags/\" all 5", false), ("MODSEQ \"/flag/x\" all 5", false),
        ("MODSEQ \"/flags/\\\\\" all 5", false), ("MODSEQ \"/flags/a b\" all 5", false), ("MODSEQ \"/flags/x\" both 5", false),
        ("MODSEQ \"/flags/x\" 5", false), ("MODSEQ \"/flags/x\"  all 5", false), ("MODSEQ  5", false), ("MODSEQ", false),
        ("MODSEQ /flags/x all 5", false), ("MODSEQ \"/flags/x\" all", false),
    ])
    func modseq(_ key: String, _ valid: Bool) {
        #expect((clientCommandError("a1 SEARCH \(key)") == nil) == valid, "\(key)")
    }

    @Test("search keys and their arguments", arguments: [
        ("LARGER 4294967295", true), ("LARGER 4294967296", false), ("LARGER 007", true), ("LARGER", false),
        ("LARGER 0", true), ("LARGER 1", true), ("SMALLER 00", true), ("SMALLER 9223372036854775807", false),
        ("SMALLER 9223372036854775808", false), ("SMALLER 18446744073709551615", false), ("larger 1", true),
        ("LARGER  1", false), ("LARGER -1", false),
        ("SINCE 1-Jan-2000", true), ("SINCE 0-Jan-2000", false), ("SINCE 32-Jan-2000", false), ("SINCE 1-Jab-2000", false),
        ("SINCE 1-Jan-200", false), ("SINCE 001-Jan-2000", false), ("SINCE \"1-Jan-2000", false), ("SINCE 1-JAN-2000", true),
        ("KEYWORD \\Seen", false), ("KEYWORD $x", true), ("HEADER Subject", false), ("HEADER \"\" \"\"", true),
        ("NOT", false), ("OR SEEN", false), ("OR SEEN  DRAFT", false), ("()", false), ("( SEEN)", false), ("(SEEN)", true),
        ("seen unseen", true), ("SEEN  UNSEEN", false), ("FOO", false), ("UID *", true), ("UID", false), ("1:*", true),
        ("CHARSET UTF-8 ALL", true), ("CHARSET \"UTF-8\" ALL", true), ("CHARSET {5}\r\nUTF-8 ALL", false),
        ("CHARSET UTF]8 ALL", false), ("CHARSET \"\" ALL", true), ("CHARSET  UTF-8 ALL", false), ("CHARSET UTF-8", false), ("RETURN (MIN) ALL", true),
        ("RETURN (MIN)", false), ("RETURN (FOO) ALL", false), ("RETURN MIN ALL", false), ("RECENT", true), ("", false),
        // Read-only extension keys: RFC 5032, RFC 8514, RFC 8474, Gmail.
        ("YOUNGER 3600", true), ("OLDER 0", false), ("OLDER", false), ("SAVEDSINCE 1-Jan-2020", true), ("SAVEDON x", false),
        ("SAVEDATESUPPORTED", true), ("EMAILID M6d99ac3275bb4e", true), ("THREADID (T1)", false), ("EMAILID a.b", false),
        ("X-GM-RAW \"has:attachment in:inbox\"", true), ("x-gm-raw foo", true), ("X-GM-RAW", false),
        ("X-GM-MSGID 18446744073709551615", true), ("X-GM-MSGID 18446744073709551616", false), ("X-GM-LABELS \\Inbox", false),
        ("X-GM-LABELS \"\\\\Inbox\"", true), ("NOT X-GM-THRID 1 SEEN", true), ("X-GM-FOO 1", false), ("FUZZY", false),
    ])
    func keys(_ program: String, _ valid: Bool) {
        #expect((clientCommandError("a1 SEARCH \(program)") == nil) == valid, "\(program)")
    }
}

@Suite("Lexical strictness, limits and leniencies - RFC 3501 §9")
struct CommandLexicalTests {
    @Test("exactly one SP between tokens, a CRLF at the end, nothing after", arguments: [
        "a1  NOOP", " a1 NOOP", "a1 NOOP ", "a1\tNOOP", "a1 NOOP\r\nx", "a1 NOOPS", "a1 FETCH  1 FLAGS", "a1 FETCH 1  FLAGS",
        "a1 LOGIN  a b", "a1 LOGIN a  b", "a1 RENAME a  b", "a1 COPY 1  x", "a1 UID  FETCH 1 FLAGS", "a1 ENABLE  QRESYNC",
        "a1 STATUS INBOX ( MESSAGES)", "a1 STATUS INBOX (MESSAGES  UNSEEN)", "a1 STATUS INBOX ()", "+1 NOOP", "NOOP",
        "a1", "a1 ", "a1 FETCH 1 (FLAGS", "a1 FETCH 1 ()", "a1 FETCH 1 (ALL)", "a1 FETCH 1 BODY[", "a1 FETCH 1 BODY[HEADER",
        "a1 FETCH 1 BODY[0]", "a1 FETCH 1 BODY[1.0]", "a1 FETCH 1 BODY[MIME]", "a1 FETCH 1 BODY[1.]", "a1 FETCH 1 BODY[]<0.0>",
        "a1 FETCH 1 BODY[]<1>", "a1 FETCH 1 BODY[]<4294967295.2>", "a1 FETCH 1 BODY.PEEK", "a1 FETCH 1 BODY[HEADER.FIELDS ()]",
        "a1 APPEND INBOX abc", "a1 APPEND INBOX \"1-Jan-2000 00:00:00 +0000\" {1}\r\na", "a1 APPEND INBOX {4}\r\nab",
        "a1 AUTHENTICATE PLAIN AAA", "a1 AUTHENTICATE", "a1 LIST \"\"", "a1 LIST \"\" a b", "a1 CLOSE 1", "a1 UID NOOP",
    ])
    func refused(_ line: String) {
        #expect(clientCommandError(line) != nil, "\(line)")
    }

    @Test("a trailing space needs the trailing-space leniency, which is recorded", arguments: [
        "a1 NOOP ", "a1 SEARCH ALL ", "a1 STORE 1 FLAGS \\Seen ", "a1 ENABLE QRESYNC ", "a1 SELECT INBOX ", "a1 FETCH 1 FLAGS ",
        "a1 AUTHENTICATE PLAIN ", "a1 AUTHENTICATE PLAIN = ", "DONE ",
    ])
    func trailingSpace(_ line: String) throws {
        let unit = Array((line + "\r\n").utf8)
        #expect(throws: WireError.self) { try CommandParser.parse(unit) }
        let lenient = try CommandParser.parse(unit, options: .lenient)
        #expect(lenient.usedLeniencies == [.trailingSpace])
        let trimmed = try CommandParser.parse(Array((line.dropLast() + "\r\n").utf8))
        #expect(lenient.value == trimmed.value)
    }

    @Test("a bare LF needs the bare-lf leniency, which is recorded")
    func bareLF() throws {
        #expect(throws: WireError.self) { try CommandParser.parse(Array("a1 NOOP\n".utf8)) }
        let bare = try CommandParser.parse(Array("a1 NOOP\n".utf8), options: ParseOptions(leniencies: [.bareLF]))
        #expect(bare.usedLeniencies == [.bareLF])
        #expect(bare.value == .command(TaggedCommand(tag: Tag("a1")!, command: .noop)))
    }

    @Test("literals are bounded by maxLiteralSize", arguments: [(1000, true), (1001, false)])
    func literalLimit(_ size: Int, _ valid: Bool) {
        let unit = Array("a1 APPEND INBOX {\(size)}\r\n".utf8) + [UInt8](repeating: 0x61, count: size) + [0x0D, 0x0A]
        let result = try? CommandParser.parse(unit, options: ParseOptions(maxLiteralSize: 1000))
        #expect((result != nil) == valid)
    }

    @Test("nesting is bounded by maxNesting (parentheses, NOT and OR)", arguments: [
        ("(", ")", "ALL"), ("NOT ", "", "ALL"), ("OR ALL ", "", "ALL"),
    ])
    func nesting(_ open: String, _ close: String, _ inner: String) throws {
        func line(_ depth: Int) -> [UInt8] {
            Array(("a1 SEARCH " + String(repeating: open, count: depth) + inner + String(repeating: close, count: depth) + "\r\n").utf8)
        }
        let options = ParseOptions(maxNesting: 16)
        #expect(throws: Never.self) { try CommandParser.parse(line(16), options: options) }
        #expect(throws: WireError.self) { try CommandParser.parse(line(17), options: options) }
        // Far beyond the limit: an error value, not a stack overflow.
        #expect(throws: WireError.self) { try CommandParser.parse(line(100_000)) }
    }
}

@Suite("section and partial of BODY[...] - RFC 3501 §6.4.5 and §9")
struct BodySectionTests {
    @Test("<number.nz-number> at its boundaries", arguments: [
        ("<0.1>", ClosedRange<UInt32>?.some(0...0)), ("<00.1>", 0...0), ("<0.01>", nil), ("<0.0>", nil), ("<1.1>", 1...1),
        ("<0.4294967295>", 0...4_294_967_294), ("<4294967295.1>", 4_294_967_295...4_294_967_295),
        ("<4294967296.1>", nil), ("<0.4294967296>", nil), ("<1.4294967295>", 1...4_294_967_295), ("<2.4294967295>", nil), ("<0>", nil), ("<.1>", nil),
        ("<0. 1>", nil), ("<0.1", nil), ("< 0.1>", nil),
    ])
    func partial(_ text: String, _ expected: ClosedRange<UInt32>?) throws {
        let line = "a1 FETCH 1 BODY[]\(text)"
        if let expected {
            #expect(try parseClientCommand(line) == .fetch(seqSet("1"), [.bodySection(peek: false, section: "", partial: expected)], [], uid: false))
        } else {
            #expect(clientCommandError(line) != nil)
        }
    }

    @Test("section-spec", arguments: [
        ("", true), ("HEADER", true), ("header", true), ("TEXT", true), ("MIME", false), ("1", true), ("1.2.3", true),
        ("1.MIME", true), ("1.2.TEXT", true), ("1.HEADER.FIELDS (A)", true), ("HEADER.FIELDS.NOT (A \"b\" {1}\r\nc)", true),
        ("0", false), ("1.0", false), ("01", false), ("1..2", false), ("1.", false), (".1", false), ("HEADER.FIELDS", false),
        ("HEADER.FIELDS ()", false), ("HEADER.FIELDS (A )", false), ("HEADER.FIELDS  (A)", false), ("HEADERS", false),
        ("TEXT.MIME", false), ("1.FOO", false), ("4294967296", false),
    ])
    func sectionSpec(_ spec: String, _ valid: Bool) throws {
        let line = "a1 FETCH 1 BODY.PEEK[\(spec)]"
        if valid {
            #expect(try parseClientCommand(line) == .fetch(seqSet("1"), [.bodySection(peek: true, section: spec, partial: nil)], [], uid: false))
        } else {
            #expect(clientCommandError(line) != nil)
        }
    }
}

@Suite("Command encoding - RFC 3501 §9")
struct CommandEncoderTests {
    @Test("canonical spellings", arguments: [
        (Command.fetch(seqSet("1:*"), [.flags], [.changedSince(ModSeq(5)!), .vanished], uid: true),
         "t UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5 VANISHED)\r\n"),
        (.fetch(.lastResult, [.fast], [], uid: false), "t FETCH $ FAST\r\n"),
        (.store(seqSet("1,3"), [.unchangedSince(.zero)], StoreAction(.remove, silent: true, flags: [.seen]), uid: false),
         "t STORE 1,3 (UNCHANGEDSINCE 0) -FLAGS.SILENT (\\Seen)\r\n"),
        (.select(.inbox, [.condstore, .qresync(QResyncParameters(uidValidity: UIDValidity(UInt32(7))!, modSeq: modSeqMax,
                                                              knownUIDs: seqSet("1:9"),
                                                              sequenceMatch: SequenceMatchData(knownSequenceSet: seqSet("1"), knownUIDSet: seqSet("2"))))]),
         "t SELECT INBOX (CONDSTORE QRESYNC (7 9223372036854775807 1:9 (1 2)))\r\n"),
        (.search(SearchCommand(returnOptions: [], charset: "UTF-8", keys: [.modSeq(entry: ModSeqEntry(name: "/flags/\\draft", type: .all), .zero), .not(.before(SearchDate(day: 1, month: 2, year: 33)!))]), uid: true),
         "t UID SEARCH RETURN () CHARSET UTF-8 MODSEQ \"/flags/\\\\draft\" all 0 NOT BEFORE 1-Feb-0033\r\n"),
        (.append(MailboxName("a b"), flags: [], date: " 1-Jan-2000 00:00:00 +0000", message: Array("hi".utf8)),
         "t APPEND \"a b\" () \" 1-Jan-2000 00:00:00 +0000\" {2}\r\nhi\r\n"),
        (.authenticate(mechanism: "PLAIN", initialResponse: ""), "t AUTHENTICATE PLAIN =\r\n"),
        (.uidExpunge(seqSet("4:2,*")), "t UID EXPUNGE 4:2,*\r\n"),
        (.list(reference: MailboxName(""), pattern: "%"), "t LIST \"\" %\r\n"),
    ])
    func canonical(_ command: Command, _ expected: String) {
        let bytes = CommandEncoder.encode(.command(TaggedCommand(tag: Tag("t")!, command: command)))
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test("DONE and continuation data")
    func others() {
        #expect(CommandEncoder.encode(.idleDone) == Array("DONE\r\n".utf8))
        #expect(CommandEncoder.encode(.authenticationData("*")) == Array("*\r\n".utf8))
    }
}
