import IMAPTypes

/// The strict parser of client messages: RFC 3501 §9 `command` with RFC 4466's extended SELECT,
/// FETCH, STORE and SEARCH, RFC 7162 §7 (CONDSTORE and QRESYNC), RFC 4731 (RETURN), RFC 4315
/// (UID EXPUNGE), RFC 6851 (MOVE), RFC 2177 (IDLE and DONE), RFC 3691 (UNSELECT), RFC 5161
/// (ENABLE), RFC 4959 (SASL-IR) and RFC 7888 (`{n+}` literals).
///
/// One function per ABNF rule, named after the rule. Keywords are matched ASCII
/// case-insensitively (RFC 3501 §9); everything else is exactly the grammar, with the tolerances
/// of `ParseOptions.leniencies` as the only exceptions. Failures are `WireError` values naming the
/// rule and the byte offset; nesting (parentheses, NOT and OR) is bounded by
/// `ParseOptions.maxNesting` and literals by `ParseOptions.maxLiteralSize`.
public enum CommandParser {
    /// Parses one framed client unit: a tagged `command` (RFC 3501 §9) or the `DONE` that ends
    /// IDLE (RFC 2177, formal syntax). The unit is one line with its literals inline, CRLF
    /// included; nothing may follow the final CRLF.
    public static func parse(_ unit: [UInt8], options: ParseOptions = .strict) throws(WireError) -> Parsed<ClientMessage> {
        var c = ByteCursor(unit, options: options)
        let message: ClientMessage
        if c.skipKeyword("DONE"), isLineEnd(c.peek) || c.peek == 0x20 && isLineEnd(c.peek(at: 1)) {
            try parseLineEnd(&c, rule: "idle")
            message = .idleDone
        } else {
            c.offset = 0
            message = .command(try parseCommand(&c))
        }
        guard c.isAtEnd else { throw c.error("command", expected: "end of the unit after CRLF") }
        return Parsed(value: message, usedLeniencies: c.usedLeniencies)
    }

    /// Parses a line answering an AUTHENTICATE continuation, RFC 3501 §6.2.2 and §9
    /// (`authenticate = "AUTHENTICATE" SP auth-type *(CRLF base64)`): `base64 CRLF`, or `"*" CRLF`
    /// to cancel the exchange. The value is the base64 text as sent, or "*".
    public static func parseAuthenticationData(_ unit: [UInt8], options: ParseOptions = .strict) throws(WireError) -> Parsed<ClientMessage> {
        var c = ByteCursor(unit, options: options)
        let text: String
        if c.skip(UInt8(ascii: "*")) {
            text = "*"
        } else {
            text = try parseBase64(&c)
        }
        try parseLineEnd(&c, rule: "authenticate")
        guard c.isAtEnd else { throw c.error("authenticate", expected: "end of the unit after CRLF") }
        return Parsed(value: .authenticationData(text), usedLeniencies: c.usedLeniencies)
    }

    // MARK: - command

    /// `command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF`,
    /// RFC 3501 §9.
    static func parseCommand(_ c: inout ByteCursor) throws(WireError) -> TaggedCommand {
        let tag = try parseTag(&c)
        try c.expectSP(rule: "command")
        let command = try parseCommandBody(&c)
        try parseLineEnd(&c, rule: "command")
        return TaggedCommand(tag: tag, command: command)
    }

    /// `tag = 1*<any ASTRING-CHAR except "+">`, RFC 3501 §9.
    static func parseTag(_ c: inout ByteCursor) throws(WireError) -> Tag {
        let start = c.offset
        while let b = c.peek, Tag.isTagChar(b) { c.offset += 1 }
        guard c.offset > start, let tag = Tag(String(decoding: c.bytes[start..<c.offset], as: UTF8.self)) else {
            throw c.error("tag", expected: "a tag (ASTRING-CHAR except \"+\")")
        }
        return tag
    }

    /// The command name and its arguments: the alternatives of `command-any`, `command-auth`,
    /// `command-nonauth` and `command-select` (RFC 3501 §9) with the extension commands.
    static func parseCommandBody(_ c: inout ByteCursor) throws(WireError) -> Command {
        let start = c.offset
        switch c.readKeyword() {
        case "CAPABILITY": return .capability
        case "NOOP": return .noop
        case "LOGOUT": return .logout
        case "CHECK": return .check
        case "CLOSE": return .close
        case "UNSELECT": return .unselect
        case "EXPUNGE": return .expunge
        case "IDLE": return .idle
        case "LOGIN": return try parseLogin(&c)
        case "AUTHENTICATE": return try parseAuthenticate(&c)
        case "ENABLE": return try parseEnable(&c)
        case "SELECT":
            let (mailbox, params) = try parseSelect(&c)
            return .select(mailbox, params)
        case "EXAMINE":
            let (mailbox, params) = try parseSelect(&c)
            return .examine(mailbox, params)
        case "CREATE":
            try c.expectSP(rule: "create")
            return .create(try parseMailbox(&c))
        case "DELETE":
            try c.expectSP(rule: "delete")
            return .delete(try parseMailbox(&c))
        case "RENAME":
            try c.expectSP(rule: "rename")
            let from = try parseMailbox(&c)
            try c.expectSP(rule: "rename")
            return .rename(from, try parseMailbox(&c))
        case "LIST": return try parseList(&c)
        case "STATUS": return try parseStatus(&c)
        case "APPEND": return try parseAppend(&c)
        case "FETCH": return try parseFetch(&c, uid: false)
        case "STORE": return try parseStore(&c, uid: false)
        case "SEARCH": return .search(try parseSearch(&c), uid: false)
        case "COPY": return try parseCopy(&c, uid: false)
        case "MOVE": return try parseMove(&c, uid: false)
        case "UID": return try parseUID(&c)
        default:
            c.offset = start
            throw c.error("command", expected: "a command name")
        }
    }

    /// `uid = "UID" SP (copy / fetch / search / store)` (RFC 3501 §9), with `move` (RFC 6851 §5)
    /// and `uid-expunge = "UID" SP "EXPUNGE" SP sequence-set` (RFC 4315 §4).
    static func parseUID(_ c: inout ByteCursor) throws(WireError) -> Command {
        try c.expectSP(rule: "uid")
        let start = c.offset
        switch c.readKeyword() {
        case "COPY": return try parseCopy(&c, uid: true)
        case "MOVE": return try parseMove(&c, uid: true)
        case "FETCH": return try parseFetch(&c, uid: true)
        case "STORE": return try parseStore(&c, uid: true)
        case "SEARCH": return .search(try parseSearch(&c), uid: true)
        case "EXPUNGE":
            try c.expectSP(rule: "uid-expunge")
            return .uidExpunge(try parseSequenceSet(&c))
        default:
            c.offset = start
            throw c.error("uid", expected: "COPY, MOVE, FETCH, STORE, SEARCH or EXPUNGE")
        }
    }

    // MARK: - Authentication

    /// `login = "LOGIN" SP userid SP password`, RFC 3501 §9 (`userid` and `password` are astrings).
    static func parseLogin(_ c: inout ByteCursor) throws(WireError) -> Command {
        try c.expectSP(rule: "login")
        let user = try c.parseAString(rule: "userid", allowNonSync: true)
        try c.expectSP(rule: "login")
        let password = try c.parseAString(rule: "password", allowNonSync: true)
        return .login(user: String(decoding: user, as: UTF8.self), password: String(decoding: password, as: UTF8.self))
    }

    /// `authenticate = "AUTHENTICATE" SP auth-type [SP (base64 / "=")]`, RFC 4959's formal syntax
    /// (SASL-IR); `auth-type = atom` (RFC 3501 §9). `"="` (an empty initial response) becomes "".
    static func parseAuthenticate(_ c: inout ByteCursor) throws(WireError) -> Command {
        try c.expectSP(rule: "authenticate")
        let mechanism = try c.parseAtom(rule: "auth-type")
        guard c.peek == 0x20, let next = c.peek(at: 1), next != 0x0D, next != 0x0A else {
            return .authenticate(mechanism: mechanism, initialResponse: nil)
        }
        c.offset += 1
        if c.peek == UInt8(ascii: "="), c.peek(at: 1) == 0x0D || c.peek(at: 1) == 0x0A || c.peek(at: 1) == 0x20 {
            c.offset += 1
            return .authenticate(mechanism: mechanism, initialResponse: "")
        }
        let response = try parseBase64(&c)
        guard !response.isEmpty else { throw c.error("base64", expected: "an initial response or \"=\"") }
        return .authenticate(mechanism: mechanism, initialResponse: response)
    }

    /// `base64 = *(4base64-char) [base64-terminal]`, RFC 3501 §9: groups of four characters of
    /// `ALPHA / DIGIT / "+" / "/"`, the last group optionally padded with "=" or "==".
    static func parseBase64(_ c: inout ByteCursor) throws(WireError) -> String {
        let start = c.offset
        while let b = c.peek, isBase64Char(b) { c.offset += 1 }
        var padding = 0
        while padding < 2, c.peek == UInt8(ascii: "=") {
            c.offset += 1
            padding += 1
        }
        let length = c.offset - start
        guard length % 4 == 0 else {
            throw WireError(rule: "base64", offset: c.offset, expected: "base64 in groups of four characters",
                            found: c.foundDescription)
        }
        return String(decoding: c.bytes[start..<c.offset], as: UTF8.self)
    }

    static func isBase64Char(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    /// `enable = "ENABLE" 1*(SP capability)`, RFC 5161 §4; `capability = ("AUTH=" auth-type) /
    /// atom` (RFC 3501 §9).
    static func parseEnable(_ c: inout ByteCursor) throws(WireError) -> Command {
        var capabilities: [Capability] = []
        repeat {
            try c.expectSP(rule: "enable")
            capabilities.append(try parseCapability(&c))
        } while c.peek == 0x20 && !isLineEnd(c.peek(at: 1))
        return .enable(capabilities)
    }

    /// `capability = ("AUTH=" auth-type) / atom`, RFC 3501 §9.
    static func parseCapability(_ c: inout ByteCursor) throws(WireError) -> Capability {
        let atom = try c.parseAtom(rule: "capability")
        guard let capability = Capability(atom) else { throw c.error("capability", expected: "an atom") }
        return capability
    }

    // MARK: - Mailboxes

    /// `mailbox = "INBOX" / astring`, RFC 3501 §9 (INBOX is case-insensitive).
    static func parseMailbox(_ c: inout ByteCursor) throws(WireError) -> MailboxName {
        MailboxName(bytes: try c.parseAString(rule: "mailbox", allowNonSync: true))
    }

    /// `select = "SELECT" SP mailbox [select-params]` and the same for `examine`, RFC 4466 §2.1 and §3.
    static func parseSelect(_ c: inout ByteCursor) throws(WireError) -> (MailboxName, [SelectParameter]) {
        try c.expectSP(rule: "select")
        let mailbox = try parseMailbox(&c)
        guard c.peek == 0x20, c.peek(at: 1) == UInt8(ascii: "(") else { return (mailbox, []) }
        return (mailbox, try parseSelectParams(&c))
    }

    /// `select-params = SP "(" select-param *(SP select-param) ")"`, RFC 4466 §2.1 and §3.
    static func parseSelectParams(_ c: inout ByteCursor) throws(WireError) -> [SelectParameter] {
        try c.expectSP(rule: "select-params")
        try c.expect(UInt8(ascii: "("), rule: "select-params")
        try c.enter(rule: "select-params")
        var params = [try parseSelectParam(&c)]
        while c.skip(0x20) { params.append(try parseSelectParam(&c)) }
        try c.expect(UInt8(ascii: ")"), rule: "select-params")
        c.leave()
        return params
    }

    /// `select-param =/ condstore-param / "QRESYNC" SP "(" ... ")"`, RFC 7162 §7
    /// (`condstore-param = "CONDSTORE"`, §3.1.8; QRESYNC, §3.2.5). Other RFC 4466 select
    /// parameters are not part of the subset and are refused.
    static func parseSelectParam(_ c: inout ByteCursor) throws(WireError) -> SelectParameter {
        let start = c.offset
        switch c.readKeyword() {
        case "CONDSTORE": return .condstore
        case "QRESYNC":
            try c.expectSP(rule: "select-param")
            return .qresync(try parseQResyncParameters(&c))
        default:
            c.offset = start
            throw c.error("select-param", expected: "CONDSTORE or QRESYNC")
        }
    }

    /// `"(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"`, the
    /// argument of the QRESYNC select-param, RFC 7162 §3.2.5 and §7.
    static func parseQResyncParameters(_ c: inout ByteCursor) throws(WireError) -> QResyncParameters {
        try c.expect(UInt8(ascii: "("), rule: "select-param")
        try c.enter(rule: "select-param")
        let uidValidity = try parseUIDValidity(&c)
        try c.expectSP(rule: "select-param")
        let modSeq = try parseModSequenceValue(&c)
        var params = QResyncParameters(uidValidity: uidValidity, modSeq: modSeq)
        if c.skip(0x20) {
            if c.peek == UInt8(ascii: "(") {
                params.sequenceMatch = try parseSeqMatchData(&c)
            } else {
                params.knownUIDs = try parseKnownUIDs(&c)
                if c.skip(0x20) { params.sequenceMatch = try parseSeqMatchData(&c) }
            }
        }
        try c.expect(UInt8(ascii: ")"), rule: "select-param")
        c.leave()
        return params
    }

    /// `uidvalidity = nz-number`, RFC 3501 §9 (in QRESYNC's parameters, RFC 7162 §7).
    static func parseUIDValidity(_ c: inout ByteCursor) throws(WireError) -> UIDValidity {
        UIDValidity(unchecked: try c.parseNZNumber(rule: "uidvalidity"))
    }

    /// `known-uids = sequence-set`, RFC 7162 §7: UIDs, where `"*"` is not allowed.
    static func parseKnownUIDs(_ c: inout ByteCursor) throws(WireError) -> SequenceSet {
        try parseSequenceSet(&c, rule: "known-uids", concrete: true)
    }

    /// `seq-match-data = "(" known-sequence-set SP known-uid-set ")"`, RFC 7162 §3.2.5.2 and §7;
    /// neither set may contain `"*"`.
    static func parseSeqMatchData(_ c: inout ByteCursor) throws(WireError) -> SequenceMatchData {
        try c.expect(UInt8(ascii: "("), rule: "seq-match-data")
        try c.enter(rule: "seq-match-data")
        let sequences = try parseSequenceSet(&c, rule: "known-sequence-set", concrete: true)
        try c.expectSP(rule: "seq-match-data")
        let uids = try parseSequenceSet(&c, rule: "known-uid-set", concrete: true)
        try c.expect(UInt8(ascii: ")"), rule: "seq-match-data")
        c.leave()
        return SequenceMatchData(knownSequenceSet: sequences, knownUIDSet: uids)
    }

    /// `list = "LIST" SP mailbox SP list-mailbox`, RFC 3501 §9.
    static func parseList(_ c: inout ByteCursor) throws(WireError) -> Command {
        try c.expectSP(rule: "list")
        let reference = try parseMailbox(&c)
        try c.expectSP(rule: "list")
        return .list(reference: reference, pattern: try parseListMailbox(&c))
    }

    /// `list-mailbox = 1*list-char / string`, `list-char = ATOM-CHAR / list-wildcards /
    /// resp-specials`, RFC 3501 §9.
    static func parseListMailbox(_ c: inout ByteCursor) throws(WireError) -> String {
        if c.peek == UInt8(ascii: "\"") || c.peek == UInt8(ascii: "{") {
            return String(decoding: try c.parseString(rule: "list-mailbox", allowNonSync: true), as: UTF8.self)
        }
        let start = c.offset
        while let b = c.peek, isListChar(b) { c.offset += 1 }
        guard c.offset > start else { throw c.error("list-mailbox", expected: "a list pattern") }
        return String(decoding: c.bytes[start..<c.offset], as: UTF8.self)
    }

    static func isListChar(_ b: UInt8) -> Bool {
        Flag.isAtomChar(b) || b == UInt8(ascii: "%") || b == UInt8(ascii: "*") || b == UInt8(ascii: "]")
    }

    /// `status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"`, RFC 3501 §9.
    static func parseStatus(_ c: inout ByteCursor) throws(WireError) -> Command {
        try c.expectSP(rule: "status")
        let mailbox = try parseMailbox(&c)
        try c.expectSP(rule: "status")
        try c.expect(UInt8(ascii: "("), rule: "status")
        try c.enter(rule: "status")
        var attributes = [try parseStatusAtt(&c)]
        while c.skip(0x20) { attributes.append(try parseStatusAtt(&c)) }
        try c.expect(UInt8(ascii: ")"), rule: "status")
        c.leave()
        return .status(mailbox, attributes)
    }

    /// `status-att = "MESSAGES" / "RECENT" / "UIDNEXT" / "UIDVALIDITY" / "UNSEEN"` (RFC 3501 §9)
    /// `/ "HIGHESTMODSEQ"` (RFC 7162 §7) `/ "DELETED" / "SIZE"` (RFC 9051 §9).
    static func parseStatusAtt(_ c: inout ByteCursor) throws(WireError) -> StatusAttribute {
        let start = c.offset
        guard let attribute = StatusAttribute(rawValue: c.readKeyword()) else {
            c.offset = start
            throw c.error("status-att", expected: "a status attribute")
        }
        return attribute
    }

    /// `append = "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal`, RFC 3501 §9, with
    /// RFC 7888's non-synchronising literal.
    static func parseAppend(_ c: inout ByteCursor) throws(WireError) -> Command {
        try c.expectSP(rule: "append")
        let mailbox = try parseMailbox(&c)
        try c.expectSP(rule: "append")
        var flags: [Flag]?
        if c.peek == UInt8(ascii: "(") {
            flags = try parseFlagList(&c)
            try c.expectSP(rule: "append")
        }
        var date: String?
        if c.peek == UInt8(ascii: "\"") {
            date = try parseDateTime(&c)
            try c.expectSP(rule: "append")
        }
        guard c.peek == UInt8(ascii: "{") else { throw c.error("append", expected: "a literal") }
        let message = try c.parseLiteral(allowNonSync: true)
        return .append(mailbox, flags: flags, date: date, message: message)
    }

    /// `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE`,
    /// RFC 3501 §9, e.g. `"17-Jul-1996 02:44:25 -0700"`. Returns the text between the quotes.
    static func parseDateTime(_ c: inout ByteCursor) throws(WireError) -> String {
        let start = c.offset
        try c.expect(UInt8(ascii: "\""), rule: "date-time")
        // date-day-fixed = (SP DIGIT) / 2DIGIT
        if !c.skip(0x20) { try digit(&c, rule: "date-day-fixed") }
        try digit(&c, rule: "date-day-fixed")
        try c.expect(UInt8(ascii: "-"), rule: "date-time")
        _ = try parseDateMonth(&c)
        try c.expect(UInt8(ascii: "-"), rule: "date-time")
        for _ in 0..<4 { try digit(&c, rule: "date-year") }
        try c.expectSP(rule: "date-time")
        // time = 2DIGIT ":" 2DIGIT ":" 2DIGIT
        for i in 0..<3 {
            if i > 0 { try c.expect(UInt8(ascii: ":"), rule: "time") }
            try digit(&c, rule: "time")
            try digit(&c, rule: "time")
        }
        try c.expectSP(rule: "date-time")
        // zone = ("+" / "-") 4DIGIT
        guard c.skip(UInt8(ascii: "+")) || c.skip(UInt8(ascii: "-")) else { throw c.error("zone", expected: "\"+\" or \"-\"") }
        for _ in 0..<4 { try digit(&c, rule: "zone") }
        try c.expect(UInt8(ascii: "\""), rule: "date-time")
        return String(decoding: c.bytes[(start + 1)..<(c.offset - 1)], as: UTF8.self)
    }

    /// `date-month = "Jan" / "Feb" / ... / "Dec"`, RFC 3501 §9 (case-insensitive); returns 1 ... 12.
    static func parseDateMonth(_ c: inout ByteCursor) throws(WireError) -> Int {
        for (i, name) in SearchDate.monthNames.enumerated() {
            if c.skipKeyword(name) { return i + 1 }
        }
        throw c.error("date-month", expected: "a month name (Jan ... Dec)")
    }

    /// `flag-list = "(" [flag *(SP flag)] ")"`, RFC 3501 §9.
    static func parseFlagList(_ c: inout ByteCursor) throws(WireError) -> [Flag] {
        try c.expect(UInt8(ascii: "("), rule: "flag-list")
        try c.enter(rule: "flag-list")
        var flags: [Flag] = []
        if c.peek != UInt8(ascii: ")") {
            flags.append(try parseFlag(&c))
            while c.skip(0x20) { flags.append(try parseFlag(&c)) }
        }
        try c.expect(UInt8(ascii: ")"), rule: "flag-list")
        c.leave()
        return flags
    }

    /// `flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword /
    /// flag-extension`, RFC 3501 §9 (`flag-keyword = atom`, `flag-extension = "\" atom`).
    static func parseFlag(_ c: inout ByteCursor) throws(WireError) -> Flag {
        let start = c.offset
        _ = c.skip(UInt8(ascii: "\\"))
        while let b = c.peek, Flag.isAtomChar(b) { c.offset += 1 }
        guard let flag = Flag(String(decoding: c.bytes[start..<c.offset], as: UTF8.self)) else {
            c.offset = start
            throw c.error("flag", expected: "a flag")
        }
        return flag
    }

    // MARK: - Sets and numbers

    /// `sequence-set = (seq-number / seq-range) *("," sequence-set)`, RFC 3501 §9, or RFC 5182's
    /// `seq-last-command = "$"` on its own. With `concrete`, neither `*` nor `$` is accepted (the
    /// UID sets of RFC 7162 §7).
    static func parseSequenceSet(_ c: inout ByteCursor, rule: String = "sequence-set", concrete: Bool = false) throws(WireError) -> SequenceSet {
        if !concrete, c.skip(UInt8(ascii: "$")) { return .lastResult }
        var ranges = [try parseSeqRange(&c, rule: rule, concrete: concrete)]
        while c.skip(UInt8(ascii: ",")) { ranges.append(try parseSeqRange(&c, rule: rule, concrete: concrete)) }
        return .ranges(ranges)
    }

    /// `seq-range = seq-number ":" seq-number` or a single `seq-number`, RFC 3501 §9.
    static func parseSeqRange(_ c: inout ByteCursor, rule: String, concrete: Bool) throws(WireError) -> SequenceRange {
        let first = try parseSeqNumber(&c, rule: rule, concrete: concrete)
        guard c.skip(UInt8(ascii: ":")) else { return SequenceRange(first) }
        return SequenceRange(first, try parseSeqNumber(&c, rule: rule, concrete: concrete))
    }

    /// `seq-number = nz-number / "*"`, RFC 3501 §9.
    static func parseSeqNumber(_ c: inout ByteCursor, rule: String, concrete: Bool) throws(WireError) -> SetBound {
        if c.peek == UInt8(ascii: "*") {
            guard !concrete else { throw c.error(rule, expected: "a number (\"*\" is not allowed here)") }
            c.offset += 1
            return .star
        }
        return .number(try c.parseNZNumber(rule: rule))
    }

    /// `mod-sequence-value = 1*DIGIT`, RFC 7162 §7: 1 ... 2^63-1 (leading zeros are grammatical);
    /// up to 2^64-2 (RFC 4551) only with `Leniency.modSeq64Bit`.
    static func parseModSequenceValue(_ c: inout ByteCursor, rule: String = "mod-sequence-value") throws(WireError) -> ModSeq {
        let start = c.offset
        let value = try parseModSeqDigits(&c, rule: rule)
        guard let modSeq = ModSeq(rfc4551: value) else {
            c.offset = start
            throw c.error(rule, expected: "a mod-sequence of at least 1")
        }
        return modSeq
    }

    /// `mod-sequence-valzer = "0" / mod-sequence-value`, RFC 7162 §7: 0 ... 2^63-1; up to 2^64-2
    /// only with `Leniency.modSeq64Bit`.
    static func parseModSequenceValzer(_ c: inout ByteCursor, rule: String = "mod-sequence-valzer") throws(WireError) -> ModSeqOrZero {
        let value = try parseModSeqDigits(&c, rule: rule)
        guard let valzer = ModSeqOrZero(rfc4551: value) else {
            throw c.error(rule, expected: "a mod-sequence no greater than \(ModSeq.maxRFC4551)")
        }
        return valzer
    }

    /// The digits of a mod-sequence: at most 2^63-1, or 2^64-2 when RFC 4551's range is allowed.
    static func parseModSeqDigits(_ c: inout ByteCursor, rule: String) throws(WireError) -> UInt64 {
        let wide = c.options.leniencies.contains(.modSeq64Bit)
        let value = try c.parseDigits(rule: rule, max: wide ? ModSeq.maxRFC4551 : ModSeq.max)
        if value > ModSeq.max {
            c.usedLeniencies.insert(.modSeq64Bit)
        }
        return value
    }

    // MARK: - FETCH

    /// `fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att
    /// *(SP fetch-att) ")") [fetch-modifiers]`, RFC 4466 §2.4 and §3.
    static func parseFetch(_ c: inout ByteCursor, uid: Bool) throws(WireError) -> Command {
        try c.expectSP(rule: "fetch")
        let set = try parseSequenceSet(&c)
        try c.expectSP(rule: "fetch")
        var items: [FetchItem]
        if c.skip(UInt8(ascii: "(")) {
            try c.enter(rule: "fetch")
            items = [try parseFetchAtt(&c)]
            while c.skip(0x20) { items.append(try parseFetchAtt(&c)) }
            try c.expect(UInt8(ascii: ")"), rule: "fetch")
            c.leave()
        } else {
            let start = c.offset
            switch c.readKeyword() {
            case "ALL": items = [.all]
            case "FAST": items = [.fast]
            case "FULL": items = [.full]
            default:
                c.offset = start
                items = [try parseFetchAtt(&c)]
            }
        }
        var modifiers: [FetchModifier] = []
        if c.peek == 0x20, c.peek(at: 1) == UInt8(ascii: "(") { modifiers = try parseFetchModifiers(&c) }
        return .fetch(set, items, modifiers, uid: uid)
    }

    /// `fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822" [".HEADER" / ".SIZE" /
    /// ".TEXT"] / "BODY" ["STRUCTURE"] / "UID" / "BODY" section ["<" number "." nz-number ">"] /
    /// "BODY.PEEK" section ["<" number "." nz-number ">"]`, RFC 3501 §9, `/ "MODSEQ"` (RFC 7162 §7),
    /// `/ "BINARY" [".PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary` (RFC 9051 §9),
    /// and the argument-less data items of read-only extensions (`FetchItem.extensionItem`).
    static func parseFetchAtt(_ c: inout ByteCursor) throws(WireError) -> FetchItem {
        let start = c.offset
        let keyword = c.readKeyword()
        switch keyword {
        case "ENVELOPE": return .envelope
        case "FLAGS": return .flags
        case "INTERNALDATE": return .internalDate
        case "RFC822": return .rfc822
        case "RFC822.HEADER": return .rfc822Header
        case "RFC822.SIZE": return .rfc822Size
        case "RFC822.TEXT": return .rfc822Text
        case "BODYSTRUCTURE": return .bodyStructure
        case "UID": return .uid
        case "MODSEQ": return .modSeq
        case "BODY":
            guard c.peek == UInt8(ascii: "[") else { return .body }
            return try parseBodySection(&c, peek: false)
        case "BODY.PEEK":
            return try parseBodySection(&c, peek: true)
        case "BINARY", "BINARY.PEEK":
            let peek = keyword == "BINARY.PEEK"
            let section = try parseSectionBinary(&c)
            guard c.peek == UInt8(ascii: "<") else { return .binary(peek: peek, section: section, partial: nil) }
            return .binary(peek: peek, section: section, partial: try parsePartial(&c))
        case "BINARY.SIZE":
            return .binarySize(section: try parseSectionBinary(&c))
        default:
            // Extension names may hold "-" (X-GM-MSGID), which no base keyword does.
            c.offset = start
            while let b = c.peek, ByteCursor.isKeywordChar(b) || b == UInt8(ascii: "-") { c.offset += 1 }
            let name = String(decoding: c.bytes[start..<c.offset], as: UTF8.self).uppercased()
            if FetchItem.readOnlyExtensionItems.contains(name) { return .extensionItem(name) }
            c.offset = start
            throw c.error("fetch-att", expected: "a fetch attribute")
        }
    }

    /// `section ["<" number "." nz-number ">"]` after BODY or BODY.PEEK, RFC 3501 §9.
    static func parseBodySection(_ c: inout ByteCursor, peek: Bool) throws(WireError) -> FetchItem {
        let section = try SectionGrammar.parseSection(&c, nonSyncLiterals: true)
        guard c.peek == UInt8(ascii: "<") else { return .bodySection(peek: peek, section: section, partial: nil) }
        return .bodySection(peek: peek, section: section, partial: try parsePartial(&c))
    }

    /// `section-binary = "[" [section-part] "]"`, `section-part = nz-number *("." nz-number)`,
    /// RFC 9051 §9: the part between the brackets as written.
    static func parseSectionBinary(_ c: inout ByteCursor) throws(WireError) -> String {
        try c.expect(UInt8(ascii: "["), rule: "section-binary")
        let start = c.offset
        if c.peek != UInt8(ascii: "]") {
            repeat { _ = try c.parseNZNumber(rule: "section-part") } while c.skip(UInt8(ascii: "."))
        }
        let part = String(decoding: c.bytes[start..<c.offset], as: UTF8.self)
        try c.expect(UInt8(ascii: "]"), rule: "section-binary")
        return part
    }

    /// `"<" number "." nz-number ">"`, RFC 3501 §9: the first octet and the octet count. The
    /// result is the closed range of octets; a range ending beyond 2^32-1 is refused because
    /// `FetchItem` cannot represent it.
    static func parsePartial(_ c: inout ByteCursor) throws(WireError) -> ClosedRange<UInt32> {
        try c.expect(UInt8(ascii: "<"), rule: "partial")
        let start = c.offset
        let first = try c.parseNumber()
        try c.expect(UInt8(ascii: "."), rule: "partial")
        let count = try c.parseNZNumber(rule: "partial")
        let last = UInt64(first) + UInt64(count) - 1
        guard last <= UInt64(UInt32.max) else {
            c.offset = start
            throw c.error("partial", expected: "a partial range ending at most at octet 2^32-1")
        }
        try c.expect(UInt8(ascii: ">"), rule: "partial")
        return first...UInt32(last)
    }





    /// `fetch-modifiers = SP "(" fetch-modifier *(SP fetch-modifier) ")"`, RFC 4466 §2.4 and §3.
    static func parseFetchModifiers(_ c: inout ByteCursor) throws(WireError) -> [FetchModifier] {
        try c.expectSP(rule: "fetch-modifiers")
        try c.expect(UInt8(ascii: "("), rule: "fetch-modifiers")
        try c.enter(rule: "fetch-modifiers")
        var modifiers = [try parseFetchModifier(&c)]
        while c.skip(0x20) { modifiers.append(try parseFetchModifier(&c)) }
        try c.expect(UInt8(ascii: ")"), rule: "fetch-modifiers")
        c.leave()
        return modifiers
    }

    /// `fetch-modifier =/ chgsince-fetch-mod / "VANISHED"`, RFC 7162 §7, where
    /// `chgsince-fetch-mod = "CHANGEDSINCE" SP mod-sequence-value` (§3.1.4.1; zero is refused) and
    /// VANISHED is §3.2.6's. Other RFC 4466 fetch modifiers are not part of the subset.
    static func parseFetchModifier(_ c: inout ByteCursor) throws(WireError) -> FetchModifier {
        let start = c.offset
        switch c.readKeyword() {
        case "CHANGEDSINCE":
            try c.expectSP(rule: "chgsince-fetch-mod")
            return .changedSince(try parseModSequenceValue(&c))
        case "VANISHED":
            return .vanished
        default:
            c.offset = start
            throw c.error("fetch-modifier", expected: "CHANGEDSINCE or VANISHED")
        }
    }

    // MARK: - STORE

    /// `store = "STORE" SP sequence-set [store-modifiers] SP store-att-flags`, RFC 4466 §2.5 and §3.
    static func parseStore(_ c: inout ByteCursor, uid: Bool) throws(WireError) -> Command {
        try c.expectSP(rule: "store")
        let set = try parseSequenceSet(&c)
        var modifiers: [StoreModifier] = []
        if c.peek == 0x20, c.peek(at: 1) == UInt8(ascii: "(") { modifiers = try parseStoreModifiers(&c) }
        try c.expectSP(rule: "store")
        return .store(set, modifiers, try parseStoreAttFlags(&c), uid: uid)
    }

    /// `store-modifiers = SP "(" store-modifier *(SP store-modifier) ")"`, RFC 4466 §2.5 and §3.
    static func parseStoreModifiers(_ c: inout ByteCursor) throws(WireError) -> [StoreModifier] {
        try c.expectSP(rule: "store-modifiers")
        try c.expect(UInt8(ascii: "("), rule: "store-modifiers")
        try c.enter(rule: "store-modifiers")
        var modifiers = [try parseStoreModifier(&c)]
        while c.skip(0x20) { modifiers.append(try parseStoreModifier(&c)) }
        try c.expect(UInt8(ascii: ")"), rule: "store-modifiers")
        c.leave()
        return modifiers
    }

    /// `store-modifier =/ "UNCHANGEDSINCE" SP mod-sequence-valzer`, RFC 7162 §3.1.3 and §7 (zero
    /// is allowed). Other RFC 4466 store modifiers are not part of the subset.
    static func parseStoreModifier(_ c: inout ByteCursor) throws(WireError) -> StoreModifier {
        let start = c.offset
        guard c.readKeyword() == "UNCHANGEDSINCE" else {
            c.offset = start
            throw c.error("store-modifier", expected: "UNCHANGEDSINCE")
        }
        try c.expectSP(rule: "store-modifier")
        return .unchangedSince(try parseModSequenceValzer(&c))
    }

    /// `store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))`,
    /// RFC 3501 §9.
    static func parseStoreAttFlags(_ c: inout ByteCursor) throws(WireError) -> StoreAction {
        let start = c.offset
        let kind: StoreAction.Kind
        if c.skip(UInt8(ascii: "+")) {
            kind = .add
        } else if c.skip(UInt8(ascii: "-")) {
            kind = .remove
        } else {
            kind = .replace
        }
        let silent: Bool
        switch c.readKeyword() {
        case "FLAGS": silent = false
        case "FLAGS.SILENT": silent = true
        default:
            c.offset = start
            throw c.error("store-att-flags", expected: "FLAGS, +FLAGS or -FLAGS [.SILENT]")
        }
        try c.expectSP(rule: "store-att-flags")
        if c.peek == UInt8(ascii: "(") {
            return StoreAction(kind, silent: silent, flags: try parseFlagList(&c))
        }
        var flags = [try parseFlag(&c)]
        while skipSeparator(&c) { flags.append(try parseFlag(&c)) }
        return StoreAction(kind, silent: silent, flags: flags)
    }

    // MARK: - COPY and MOVE

    /// `copy = "COPY" SP sequence-set SP mailbox`, RFC 3501 §9.
    static func parseCopy(_ c: inout ByteCursor, uid: Bool) throws(WireError) -> Command {
        try c.expectSP(rule: "copy")
        let set = try parseSequenceSet(&c)
        try c.expectSP(rule: "copy")
        return .copy(set, try parseMailbox(&c), uid: uid)
    }

    /// `move = "MOVE" SP sequence-set SP mailbox`, RFC 6851 §5.
    static func parseMove(_ c: inout ByteCursor, uid: Bool) throws(WireError) -> Command {
        try c.expectSP(rule: "move")
        let set = try parseSequenceSet(&c)
        try c.expectSP(rule: "move")
        return .move(set, try parseMailbox(&c), uid: uid)
    }

    // MARK: - SEARCH

    /// `search = "SEARCH" [search-return-opts] SP search-program`, RFC 4466 §2.6 and §3, with
    /// `search-program = ["CHARSET" SP charset SP] search-key *(SP search-key)`.
    static func parseSearch(_ c: inout ByteCursor) throws(WireError) -> SearchCommand {
        var command = SearchCommand(keys: [])
        var probe = c
        probe.offset += 1
        if c.peek == 0x20, probe.atKeyword("RETURN") {
            command.returnOptions = try parseSearchReturnOpts(&c)
        }
        try c.expectSP(rule: "search")
        if c.atKeyword("CHARSET") {
            c.offset += 7
            try c.expectSP(rule: "search-program")
            command.charset = try parseCharset(&c)
            try c.expectSP(rule: "search-program")
        }
        command.keys = [try parseSearchKey(&c)]
        while skipSeparator(&c) { command.keys.append(try parseSearchKey(&c)) }
        return command
    }

    /// `charset = atom / quoted`, RFC 4466 §2.6 and §3 (which narrows RFC 3501's `astring` here: no
    /// literal).
    static func parseCharset(_ c: inout ByteCursor) throws(WireError) -> String {
        if c.peek == UInt8(ascii: "\"") { return String(decoding: try c.parseQuoted(), as: UTF8.self) }
        return try c.parseAtom(rule: "charset")
    }

    /// `search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"`,
    /// RFC 4466 §2.6 and §3 and RFC 4731 §3.1 and §4.
    static func parseSearchReturnOpts(_ c: inout ByteCursor) throws(WireError) -> [SearchReturnOption] {
        try c.expectSP(rule: "search-return-opts")
        try c.expectKeyword("RETURN", rule: "search-return-opts")
        try c.expectSP(rule: "search-return-opts")
        try c.expect(UInt8(ascii: "("), rule: "search-return-opts")
        try c.enter(rule: "search-return-opts")
        var options: [SearchReturnOption] = []
        if c.peek != UInt8(ascii: ")") {
            options.append(try parseSearchReturnOpt(&c))
            while c.skip(0x20) { options.append(try parseSearchReturnOpt(&c)) }
        }
        try c.expect(UInt8(ascii: ")"), rule: "search-return-opts")
        c.leave()
        return options
    }

    /// `search-return-opt = "MIN" / "MAX" / "ALL" / "COUNT"`, RFC 4731 §3.1 and §4, `/ "SAVE"` (RFC 5182
    /// §2.2).
    static func parseSearchReturnOpt(_ c: inout ByteCursor) throws(WireError) -> SearchReturnOption {
        let start = c.offset
        guard let option = SearchReturnOption(rawValue: c.readKeyword()) else {
            c.offset = start
            throw c.error("search-return-opt", expected: "MIN, MAX, ALL, COUNT or SAVE")
        }
        return option
    }

    /// `search-key`, RFC 3501 §9, with `search-key =/ search-modsequence` (RFC 7162 §7).
    /// NOT, OR and parenthesised lists count towards `ParseOptions.maxNesting`.
    static func parseSearchKey(_ c: inout ByteCursor) throws(WireError) -> SearchKey {
        switch c.peek ?? 0 {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "$"):
            return .sequenceSet(try parseSequenceSet(&c))
        case UInt8(ascii: "("):
            c.offset += 1
            try c.enter(rule: "search-key")
            var keys = [try parseSearchKey(&c)]
            while c.skip(0x20) { keys.append(try parseSearchKey(&c)) }
            try c.expect(UInt8(ascii: ")"), rule: "search-key")
            c.leave()
            return .and(keys)
        default:
            break
        }
        let start = c.offset
        let name = c.readKeyword()
        switch name {
        case "ALL": return .all
        case "ANSWERED": return .answered
        case "DELETED": return .deleted
        case "DRAFT": return .draft
        case "FLAGGED": return .flagged
        case "NEW": return .new
        case "OLD": return .old
        case "RECENT": return .recent
        case "SEEN": return .seen
        case "UNANSWERED": return .unanswered
        case "UNDELETED": return .undeleted
        case "UNDRAFT": return .undraft
        case "UNFLAGGED": return .unflagged
        case "UNSEEN": return .unseen
        case "BCC": return .bcc(try searchAString(&c))
        case "BODY": return .body(try searchAString(&c))
        case "CC": return .cc(try searchAString(&c))
        case "FROM": return .from(try searchAString(&c))
        case "SUBJECT": return .subject(try searchAString(&c))
        case "TEXT": return .text(try searchAString(&c))
        case "TO": return .to(try searchAString(&c))
        case "HEADER":
            let field = try searchAString(&c, rule: "header-fld-name")
            return .header(field, try searchAString(&c))
        case "BEFORE": return .before(try searchDate(&c))
        case "ON": return .on(try searchDate(&c))
        case "SINCE": return .since(try searchDate(&c))
        case "SENTBEFORE": return .sentBefore(try searchDate(&c))
        case "SENTON": return .sentOn(try searchDate(&c))
        case "SENTSINCE": return .sentSince(try searchDate(&c))
        case "LARGER":
            try c.expectSP(rule: "search-key")
            return .larger(try c.parseNumber())
        case "SMALLER":
            try c.expectSP(rule: "search-key")
            return .smaller(try c.parseNumber())
        case "KEYWORD", "UNKEYWORD":
            try c.expectSP(rule: "search-key")
            let flag = try parseFlagKeyword(&c)
            return name == "KEYWORD" ? .keyword(flag) : .unkeyword(flag)
        case "UID":
            try c.expectSP(rule: "search-key")
            return .uid(try parseSequenceSet(&c))
        case "NOT":
            try c.expectSP(rule: "search-key")
            try c.enter(rule: "search-key")
            let key = try parseSearchKey(&c)
            c.leave()
            return .not(key)
        case "OR":
            try c.expectSP(rule: "search-key")
            try c.enter(rule: "search-key")
            let a = try parseSearchKey(&c)
            try c.expectSP(rule: "search-key")
            let b = try parseSearchKey(&c)
            c.leave()
            return .or(a, b)
        case "MODSEQ":
            return try parseSearchModsequence(&c)
        default:
            return try parseExtensionSearchKey(&c, at: start)
        }
    }

    /// `SP astring`, the argument of a text search key (RFC 3501 §9).
    static func searchAString(_ c: inout ByteCursor, rule: String = "astring") throws(WireError) -> String {
        try c.expectSP(rule: "search-key")
        return String(decoding: try c.parseAString(rule: rule, allowNonSync: true), as: UTF8.self)
    }

    /// `SP date`, the argument of a date search key (RFC 3501 §9).
    static func searchDate(_ c: inout ByteCursor) throws(WireError) -> SearchDate {
        try c.expectSP(rule: "search-key")
        return try parseDate(&c)
    }

    /// A read-only extension's search key (`SearchKey.readOnlyExtensionKeys`) and its argument:
    /// `"OLDER" SP nz-number / "YOUNGER" SP nz-number` (RFC 5032 §4), `"SAVEDBEFORE" SP date /
    /// "SAVEDON" SP date / "SAVEDSINCE" SP date / "SAVEDATESUPPORTED"` (RFC 8514 §5), `"EMAILID" SP
    /// objectid / "THREADID" SP objectid` (RFC 8474 §7), and Gmail's X-GM-RAW and X-GM-LABELS
    /// (astring), X-GM-MSGID and X-GM-THRID (a 64-bit number). `start` is the key's first byte.
    static func parseExtensionSearchKey(_ c: inout ByteCursor, at start: Int) throws(WireError) -> SearchKey {
        c.offset = start
        while let b = c.peek, ByteCursor.isKeywordChar(b) || b == UInt8(ascii: "-") { c.offset += 1 }
        let name = String(decoding: c.bytes[start..<c.offset], as: UTF8.self).uppercased()
        guard let argument = SearchKey.readOnlyExtensionKeys[name] else {
            c.offset = start
            throw c.error("search-key", expected: "a search key")
        }
        let argumentStart = c.offset + 1
        switch argument {
        case .none:
            return .extensionKey(name: name, argument: nil)
        case .astring:
            return .extensionKey(name: name, argument: try searchAString(&c))
        case .date:
            return .extensionKey(name: name, argument: try searchDate(&c).description)
        case .nzNumber:
            try c.expectSP(rule: "search-key")
            _ = try c.parseNZNumber()
        case .unsigned64:
            try c.expectSP(rule: "search-key")
            _ = try c.parseDigits(rule: "number", max: UInt64.max)
        case .objectID:
            try c.expectSP(rule: "search-key")
            try ResponseParser.parseObjectID(&c)
        }
        return .extensionKey(name: name, argument: String(decoding: c.bytes[argumentStart..<c.offset], as: UTF8.self))
    }

    /// `flag-keyword = atom`, RFC 3501 §9.
    static func parseFlagKeyword(_ c: inout ByteCursor) throws(WireError) -> Flag {
        let atom = try c.parseAtom(rule: "flag-keyword")
        guard let flag = Flag(atom) else { throw c.error("flag-keyword", expected: "an atom") }
        return flag
    }

    /// `date = date-text / DQUOTE date-text DQUOTE`, RFC 3501 §9.
    static func parseDate(_ c: inout ByteCursor) throws(WireError) -> SearchDate {
        guard c.skip(UInt8(ascii: "\"")) else { return try parseDateText(&c) }
        let date = try parseDateText(&c)
        try c.expect(UInt8(ascii: "\""), rule: "date")
        return date
    }

    /// `date-text = date-day "-" date-month "-" date-year`, RFC 3501 §9, with `date-day =
    /// 1*2DIGIT` (1 ... 31 here: other values name no day) and `date-year = 4DIGIT`.
    static func parseDateText(_ c: inout ByteCursor) throws(WireError) -> SearchDate {
        let start = c.offset
        var day = try digit(&c, rule: "date-day")
        if let b = c.peek, b >= 0x30, b <= 0x39 {
            let units = try digit(&c, rule: "date-day")
            day = day * 10 + units
        }
        try c.expect(UInt8(ascii: "-"), rule: "date-text")
        let month = try parseDateMonth(&c)
        try c.expect(UInt8(ascii: "-"), rule: "date-text")
        var year = 0
        for _ in 0..<4 {
            let d = try digit(&c, rule: "date-year")
            year = year * 10 + d
        }
        guard let date = SearchDate(day: day, month: month, year: year) else {
            c.offset = start
            throw c.error("date-day", expected: "a day of the month, 1 ... 31")
        }
        return date
    }

    /// `search-modsequence = "MODSEQ" [search-modseq-ext] SP mod-sequence-valzer`, RFC 7162
    /// §3.1.5 and §7, with `search-modseq-ext = SP entry-name SP entry-type-req`.
    static func parseSearchModsequence(_ c: inout ByteCursor) throws(WireError) -> SearchKey {
        try c.expectSP(rule: "search-modsequence")
        var entry: ModSeqEntry?
        if c.peek == UInt8(ascii: "\"") {
            let name = try parseEntryName(&c)
            try c.expectSP(rule: "search-modseq-ext")
            entry = ModSeqEntry(name: name, type: try parseEntryTypeReq(&c))
            try c.expectSP(rule: "search-modsequence")
        }
        return .modSeq(entry: entry, try parseModSequenceValzer(&c))
    }

    /// `entry-name = entry-flag-name`, `entry-flag-name = DQUOTE "/flags/" attr-flag DQUOTE`,
    /// RFC 7162 §7, with `attr-flag = "\\" atom / atom` (the system flags are `"\\" atom` too).
    /// The value is the unescaped name, e.g. `/flags/\draft`.
    static func parseEntryName(_ c: inout ByteCursor) throws(WireError) -> String {
        let start = c.offset
        let bytes = try c.parseQuoted()
        let prefix = Array("/flags/".utf8)
        var i = prefix.count
        guard bytes.count > prefix.count,
              zip(bytes, prefix).allSatisfy({ ByteCursor.upper($0) == ByteCursor.upper($1) }) else {
            c.offset = start
            throw c.error("entry-flag-name", expected: "\"/flags/\" followed by a flag")
        }
        if bytes[i] == UInt8(ascii: "\\") { i += 1 }
        guard i < bytes.count, bytes[i...].allSatisfy(Flag.isAtomChar) else {
            c.offset = start
            throw c.error("attr-flag", expected: "a flag name after \"/flags/\"")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `entry-type-req = entry-type-resp / "all"`, `entry-type-resp = "priv" / "shared"`,
    /// RFC 7162 §7 (case-insensitive).
    static func parseEntryTypeReq(_ c: inout ByteCursor) throws(WireError) -> ModSeqEntry.EntryType {
        for type in ModSeqEntry.EntryType.allCases where c.atKeyword(type.rawValue) {
            c.offset += type.rawValue.utf8.count
            return type
        }
        throw c.error("entry-type-req", expected: "priv, shared or all")
    }

    // MARK: - Lexical helpers

    /// `CRLF` at the end of a line; a space before it only with `Leniency.trailingSpace`.
    static func parseLineEnd(_ c: inout ByteCursor, rule: String) throws(WireError) {
        if c.peek == 0x20, c.peek(at: 1) == 0x0D || c.peek(at: 1) == 0x0A {
            try c.allow(.trailingSpace, rule: rule, expected: "CRLF")
            c.offset += 1
        }
        try c.parseCRLF(rule: rule)
    }


    /// Consumes the SP before another list element at the top level of a line; a SP right before
    /// the line end is left for `parseLineEnd` (and its trailing-space leniency).
    static func skipSeparator(_ c: inout ByteCursor) -> Bool {
        guard c.peek == 0x20, !isLineEnd(c.peek(at: 1)) else { return false }
        c.offset += 1
        return true
    }

    static func isLineEnd(_ b: UInt8?) -> Bool { b == 0x0D || b == 0x0A }

    /// One `DIGIT`, as its value.
    @discardableResult
    static func digit(_ c: inout ByteCursor, rule: String) throws(WireError) -> Int {
        guard let b = c.peek, b >= 0x30, b <= 0x39 else { throw c.error(rule, expected: "a digit") }
        c.offset += 1
        return Int(b - 0x30)
    }
}
