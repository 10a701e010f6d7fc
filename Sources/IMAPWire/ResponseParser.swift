import IMAPTypes

/// The strict parser for server responses: RFC 7162 §7 over RFC 3501 §9, with RFC 4315
/// (UIDPLUS codes), RFC 4731 (ESEARCH), RFC 5161 (ENABLED) and RFC 5530 (codes), taking RFC 9051
/// as the later word where it relaxes nothing the project relies on.
///
/// One function per ABNF rule, named after the rule. Keywords are matched case-insensitively
/// (that is the grammar). Anything outside the grammar is a `WireError` unless a `Leniency` in
/// the options allows it; the tolerances used are returned with the value.
///
/// Two readings are fixed where the ABNF is ambiguous: a `resp-text` starting with `[` is read as
/// a response code (every client does; the alternative would hide malformed codes), and a known
/// code name (`HIGHESTMODSEQ`, `CLOSED`, ...) must have its own syntax, although the generic
/// `atom [SP 1*<any TEXT-CHAR except "]">]` alternative would match it too.
public enum ResponseParser {
    /// Parses one framed unit (a line with its literals inline and its CRLF).
    public static func parse(_ unit: [UInt8], options: ParseOptions = .strict) throws(WireError) -> Parsed<ServerResponse> {
        var c = ByteCursor(unit, options: options)
        let response = try parseResponse(&c)
        guard c.isAtEnd else { throw c.error("response", expected: "end of the unit after CRLF") }
        return Parsed(value: response, usedLeniencies: c.usedLeniencies)
    }

    /// One line of `response = *(continue-req / response-data) response-done`, RFC 3501 §9: a
    /// continuation request, an untagged response or a tagged completion.
    static func parseResponse(_ c: inout ByteCursor) throws(WireError) -> ServerResponse {
        switch c.peek {
        case UInt8(ascii: "+"):
            return .continuation(try parseContinueReq(&c))
        case UInt8(ascii: "*"):
            return .untagged(try parseResponseData(&c))
        default:
            let (tag, status, text) = try parseResponseTagged(&c)
            return .tagged(tag, status, text)
        }
    }

    // MARK: - Continuation, tagged and untagged lines

    /// `continue-req = "+" SP (resp-text / base64) CRLF`, RFC 3501 §9 and RFC 9051 §9.
    ///
    /// Text that is entirely valid base64 (including the empty string) is read as `base64`;
    /// anything else, and anything with a response code, as `resp-text`.
    static func parseContinueReq(_ c: inout ByteCursor) throws(WireError) -> ContinuationRequest {
        try c.need(UInt8(ascii: "+"), rule: "continue-req")
        if c.atLineEnd {
            try c.allow(.emptyResponseText, rule: "continue-req", expected: "SP after \"+\"")
            try c.parseCRLF(rule: "continue-req")
            return .text(ResponseText(text: ""))
        }
        try c.needSP(rule: "continue-req")
        if c.peek != UInt8(ascii: "[") {
            let start = c.offset
            var end = start
            while end < c.bytes.count, c.bytes[end] != 0x0D, c.bytes[end] != 0x0A { end += 1 }
            if isBase64(c.bytes, start, end) {
                c.offset = end
                try c.parseCRLF(rule: "continue-req")
                return .base64(String(decoding: c.bytes[start..<end], as: UTF8.self))
            }
        }
        let text = try parseRespText(&c)
        try c.parseCRLF(rule: "continue-req")
        return .text(text)
    }

    /// RFC 3501 §9 `ATOM-CHAR` (any CHAR except atom-specials), as `Flag.isAtomChar` but
    /// inlinable: bit n of `low` (`high`) is set when 0x00+n (0x40+n) is an ATOM-CHAR, that is
    /// 0x21-0x7E except ( ) { % * " \ ].
    @inline(__always)
    static func isAtomChar(_ b: UInt8) -> Bool {
        let low: UInt64 = 0xFFFF_F8DA_0000_0000
        let high: UInt64 = 0x77FF_FFFF_CFFF_FFFF
        if b < 0x40 { return low & (1 << UInt64(b)) != 0 }
        if b < 0x80 { return high & (1 << UInt64(b - 0x40)) != 0 }
        return false
    }

    /// `base64 = *(4base64-char) [base64-terminal]`, RFC 3501 §9.
    static func isBase64(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        guard (end - start) % 4 == 0 else { return false }
        var i = start
        while i < end {
            let b = bytes[i]
            let alnum = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            if !(alnum || b == UInt8(ascii: "+") || b == UInt8(ascii: "/")) {
                // "=" only as the one or two last characters of the last quantum.
                guard b == UInt8(ascii: "="), end - i <= 2 else { return false }
                if i == end - 2 && bytes[end - 1] != UInt8(ascii: "=") { return false }
            }
            i += 1
        }
        return true
    }

    /// `response-tagged = tag SP resp-cond-state CRLF`, RFC 3501 §9.
    static func parseResponseTagged(_ c: inout ByteCursor) throws(WireError) -> (Tag, TaggedStatus, ResponseText) {
        let tag = try parseTag(&c)
        try c.needSP(rule: "response-tagged")
        let status: TaggedStatus
        if c.skipToken("OK") {
            status = .ok
        } else if c.skipToken("NO") {
            status = .no
        } else if c.skipToken("BAD") {
            status = .bad
        } else {
            throw c.error("resp-cond-state", expected: "OK, NO or BAD")
        }
        let text = try parseRespCondText(&c, rule: "resp-cond-state")
        try c.parseCRLF(rule: "response-tagged")
        return (tag, status, text)
    }

    /// `tag = 1*<any ASTRING-CHAR except "+">`, RFC 3501 §9.
    static func parseTag(_ c: inout ByteCursor) throws(WireError) -> Tag {
        let start = c.offset
        while let b = c.peek, Tag.isTagChar(b) { c.offset += 1 }
        guard c.offset > start, let tag = Tag(bytes: c.bytes[start..<c.offset]) else {
            throw c.error("tag", expected: "a tag, \"*\" or \"+\"")
        }
        return tag
    }

    /// `response-data = "*" SP (resp-cond-state / resp-cond-bye / mailbox-data / message-data /
    /// capability-data / enable-data) CRLF`, RFC 3501 §9 and RFC 5161 §4, with `greeting`'s
    /// `resp-cond-auth` (PREAUTH), RFC 7162 §7's `expunged-resp`, RFC 5256's `sort-data` and
    /// `thread-data`, and the responses of other extensions (`parseOtherResponse`).
    static func parseResponseData(_ c: inout ByteCursor) throws(WireError) -> UntaggedResponse {
        try c.need(UInt8(ascii: "*"), rule: "response-data")
        try c.needSP(rule: "response-data")
        if let b = c.peek, b >= 0x30, b <= 0x39 {
            let r = try parseMessageData(&c)
            try c.parseLineEnd(rule: "response-data")
            return r
        }
        let r: UntaggedResponse
        if c.skipToken("OK") {
            r = .condition(.ok, try parseRespCondText(&c, rule: "resp-cond-state"))
        } else if c.skipToken("VANISHED") {
            r = try parseExpungedResp(&c)
        } else if c.skipToken("SEARCH") {
            r = try parseSearchData(&c)
        } else if c.skipToken("FLAGS") {
            try c.needSP(rule: "mailbox-data")
            r = .flags(try parseFlagList(&c))
        } else if c.skipToken("ESEARCH") {
            r = .esearch(try parseEsearchResponse(&c))
        } else if c.skipToken("CAPABILITY") {
            r = .capability(try parseCapabilityData(&c))
        } else if c.skipToken("ENABLED") {
            r = .enabled(try parseEnableData(&c))
        } else if c.skipToken("STATUS") {
            r = try parseStatusData(&c)
        } else if c.skipToken("LIST") {
            try c.needSP(rule: "mailbox-data")
            r = .list(try parseMailboxList(&c, isLSUB: false))
        } else if c.skipToken("LSUB") {
            try c.needSP(rule: "mailbox-data")
            r = .list(try parseMailboxList(&c, isLSUB: true))
        } else if c.skipToken("NO") {
            r = .condition(.no, try parseRespCondText(&c, rule: "resp-cond-state"))
        } else if c.skipToken("BAD") {
            r = .condition(.bad, try parseRespCondText(&c, rule: "resp-cond-state"))
        } else if c.skipToken("BYE") {
            r = .condition(.bye, try parseRespCondText(&c, rule: "resp-cond-bye"))
        } else if c.skipToken("PREAUTH") {
            r = .condition(.preauth, try parseRespCondText(&c, rule: "resp-cond-auth"))
        } else if c.skipToken("SORT") {
            r = try parseSortData(&c)
        } else if c.skipToken("THREAD") {
            r = .thread(try parseThreadData(&c))
        } else {
            r = try parseOtherResponse(&c)
        }
        try c.parseLineEnd(rule: "response-data")
        return r
    }

    /// The `SP resp-text` of `resp-cond-state`, `resp-cond-bye` and `resp-cond-auth`,
    /// RFC 3501 §9 (no text at all only under `Leniency.emptyResponseText`).
    static func parseRespCondText(_ c: inout ByteCursor, rule: String) throws(WireError) -> ResponseText {
        if c.atLineEnd {
            try c.allow(.emptyResponseText, rule: rule, expected: "SP resp-text")
            return ResponseText(text: "")
        }
        try c.needSP(rule: rule)
        return try parseRespText(&c)
    }

    /// `resp-text = ["[" resp-text-code "]" SP] text`, RFC 3501 §9. A code followed by no text is
    /// RFC 7162 erratum 5055's shape and needs `Leniency.responseCodeWithoutText`.
    static func parseRespText(_ c: inout ByteCursor) throws(WireError) -> ResponseText {
        guard c.skip(UInt8(ascii: "[")) else { return ResponseText(text: try parseText(&c)) }
        let code = try parseRespTextCode(&c)
        try c.need(UInt8(ascii: "]"), rule: "resp-text")
        if c.atLineEnd || (c.peek == 0x20 && c.peek(at: 1).map { $0 == 0x0D || $0 == 0x0A } ?? true) {
            try c.allow(.responseCodeWithoutText, rule: "resp-text", expected: "SP text after the response code")
            _ = c.skip(0x20)
            return ResponseText(code: code, text: "")
        }
        try c.needSP(rule: "resp-text")
        return ResponseText(code: code, text: try parseText(&c))
    }

    /// `text = 1*TEXT-CHAR`, RFC 3501 §9, with RFC 9051's UTF-8 (`UTF8-2 / UTF8-3 / UTF8-4`).
    /// Empty text needs `Leniency.emptyResponseText`.
    static func parseText(_ c: inout ByteCursor) throws(WireError) -> String {
        let start = c.offset
        var sawHighBit = false
        while let b = c.peek, b != 0x0D, b != 0x0A {
            if b == 0 { throw c.error("TEXT-CHAR", expected: "a character other than NUL") }
            if b >= 0x80 { sawHighBit = true }
            c.offset += 1
        }
        if c.offset == start {
            try c.allow(.emptyResponseText, rule: "text", expected: "at least one TEXT-CHAR")
            return ""
        }
        let slice = c.bytes[start..<c.offset]
        if sawHighBit {
            guard let s = String(validating: slice, as: UTF8.self) else {
                c.offset = start
                throw c.error("text", expected: "TEXT-CHAR or valid UTF-8 (RFC 9051 §9)")
            }
            return s
        }
        return String(decoding: slice, as: UTF8.self)
    }

    // MARK: - Response codes

    /// `resp-text-code`, RFC 3501 §9, with RFC 7162 §7 (`"HIGHESTMODSEQ" SP mod-sequence-value /
    /// "NOMODSEQ" / "MODIFIED" SP sequence-set`, and `"CLOSED"` of §3.2.11), RFC 4315 §4
    /// (`resp-code-apnd`, `resp-code-copy`, `UIDNOTSTICKY`) and RFC 5530 §3. Other codes are kept
    /// as `atom [SP 1*<any TEXT-CHAR except "]">]`.
    static func parseRespTextCode(_ c: inout ByteCursor) throws(WireError) -> ResponseCode {
        let rule = "resp-text-code"
        if c.skipToken("HIGHESTMODSEQ") {
            try c.needSP(rule: rule)
            return .highestModSeq(try parseModSequenceValue(&c))
        }
        if c.skipToken("UIDVALIDITY") {
            try c.needSP(rule: rule)
            return .uidValidity(UIDValidity(unchecked: try c.parseNZNumber()))
        }
        if c.skipToken("UIDNEXT") {
            try c.needSP(rule: rule)
            return .uidNext(UID(unchecked: try c.parseNZNumber()))
        }
        if c.skipToken("UNSEEN") {
            try c.needSP(rule: rule)
            return .unseen(SequenceNumber(unchecked: try c.parseNZNumber()))
        }
        if c.skipToken("PERMANENTFLAGS") {
            try c.needSP(rule: rule)
            return .permanentFlags(try parsePermanentFlags(&c))
        }
        if c.skipToken("READ-WRITE") { return .readWrite }
        if c.skipToken("READ-ONLY") { return .readOnly }
        if c.skipToken("NOMODSEQ") { return .noModSeq }
        if c.skipToken("CLOSED") { return .closed }
        if c.skipToken("MODIFIED") {
            try c.needSP(rule: rule)
            return .modified(try parseSequenceSet(&c))
        }
        if c.skipToken("APPENDUID") { return try parseRespCodeApnd(&c) }
        if c.skipToken("COPYUID") { return try parseRespCodeCopy(&c) }
        if c.skipToken("CAPABILITY") { return .capability(try parseCapabilityData(&c)) }
        if c.skipToken("TRYCREATE") { return .tryCreate }
        if c.skipToken("ALREADYEXISTS") { return .alreadyExists }
        if c.skipToken("NONEXISTENT") { return .nonExistent }
        if c.skipToken("UIDNOTSTICKY") { return .uidNotSticky }
        if c.skipToken("ALERT") { return .alert }
        if c.skipToken("PARSE") { return .parse }
        if c.skipToken("BADCHARSET") { return .badCharset(try parseBadCharset(&c)) }
        let name = try c.parseAtom(rule: rule)
        guard c.skip(0x20) else { return .other(name: name, arguments: nil) }
        let start = c.offset
        while let b = c.peek, b != UInt8(ascii: "]"), b != 0x0D, b != 0x0A, b != 0 { c.offset += 1 }
        guard c.offset > start else { throw c.error(rule, expected: "1*<any TEXT-CHAR except \"]\">") }
        let slice = c.bytes[start..<c.offset]
        guard let arguments = String(validating: slice, as: UTF8.self) else {
            c.offset = start
            throw c.error(rule, expected: "TEXT-CHAR or valid UTF-8")
        }
        return .other(name: name, arguments: arguments)
    }

    /// `"BADCHARSET" [SP "(" astring *(SP astring) ")"]`, RFC 3501 §9.
    static func parseBadCharset(_ c: inout ByteCursor) throws(WireError) -> [String] {
        guard c.peek == 0x20, c.peek(at: 1) == UInt8(ascii: "(") else { return [] }
        c.offset += 2
        var charsets: [String] = []
        repeat {
            charsets.append(String(decoding: try c.parseAString(), as: UTF8.self))
        } while c.skip(0x20)
        try c.need(UInt8(ascii: ")"), rule: "resp-text-code")
        return charsets
    }

    /// `"PERMANENTFLAGS" SP "(" [flag-perm *(SP flag-perm)] ")"`, RFC 3501 §9, where
    /// `flag-perm = flag / "\*"`.
    static func parsePermanentFlags(_ c: inout ByteCursor) throws(WireError) -> [PermanentFlag] {
        try c.need(UInt8(ascii: "("), rule: "resp-text-code")
        var flags: [PermanentFlag] = []
        if c.skip(UInt8(ascii: ")")) { return flags }
        repeat {
            if c.peek == UInt8(ascii: "\\"), c.peek(at: 1) == UInt8(ascii: "*") {
                c.offset += 2
                flags.append(.wildcard)
            } else {
                flags.append(.flag(try parseFlag(&c)))
            }
        } while c.skip(0x20)
        try c.need(UInt8(ascii: ")"), rule: "flag-perm")
        return flags
    }

    /// `resp-code-apnd = "APPENDUID" SP nz-number SP append-uid`, RFC 4315 §4, where
    /// `append-uid = uniqueid / uid-set` (the set only after MULTIAPPEND).
    static func parseRespCodeApnd(_ c: inout ByteCursor) throws(WireError) -> ResponseCode {
        try c.needSP(rule: "resp-code-apnd")
        let validity = UIDValidity(unchecked: try c.parseNZNumber())
        try c.needSP(rule: "resp-code-apnd")
        return .appendUID(validity, UIDSet(ranges: try parseUidSet(&c)))
    }

    /// `resp-code-copy = "COPYUID" SP nz-number SP uid-set SP uid-set`, RFC 4315 §4.
    static func parseRespCodeCopy(_ c: inout ByteCursor) throws(WireError) -> ResponseCode {
        try c.needSP(rule: "resp-code-copy")
        let validity = UIDValidity(unchecked: try c.parseNZNumber())
        try c.needSP(rule: "resp-code-copy")
        let source = try parseUidSet(&c)
        try c.needSP(rule: "resp-code-copy")
        let destination = try parseUidSet(&c)
        return .copyUID(validity, source: source, destination: destination)
    }

    /// `uid-set = (uniqueid / uid-range) *("," uid-set)`, `uid-range = uniqueid ":" uniqueid`,
    /// RFC 4315 §4. Order is kept (COPYUID pairs the two sets element by element); a range is
    /// returned low to high whichever way it was written.
    static func parseUidSet(_ c: inout ByteCursor) throws(WireError) -> [ClosedRange<UInt32>] {
        var ranges: [ClosedRange<UInt32>] = []
        repeat {
            let a = try c.parseNZNumber(rule: "uid-set")
            if c.skip(UInt8(ascii: ":")) {
                let b = try c.parseNZNumber(rule: "uid-range")
                ranges.append(Swift.min(a, b)...Swift.max(a, b))
            } else {
                ranges.append(a...a)
            }
        } while c.skip(UInt8(ascii: ","))
        return ranges
    }

    // MARK: - Capabilities

    /// `capability-data = "CAPABILITY" *(SP capability) SP "IMAP4rev1" *(SP capability)`,
    /// RFC 3501 §9 (RFC 9051 §9: `IMAP4rev2`). Called after the keyword.
    static func parseCapabilityData(_ c: inout ByteCursor) throws(WireError) -> [Capability] {
        let start = c.offset
        var capabilities: [Capability] = []
        while c.atSPBeforeMore {
            c.offset += 1
            capabilities.append(try parseCapability(&c))
        }
        guard capabilities.contains(where: { $0.key == "IMAP4REV1" || $0.key == "IMAP4REV2" }) else {
            c.offset = start
            throw c.error("capability-data", expected: "a capability list including IMAP4rev1 or IMAP4rev2")
        }
        return capabilities
    }

    /// `enable-data = "ENABLED" *(SP capability)`, RFC 5161 §4. Called after the keyword.
    static func parseEnableData(_ c: inout ByteCursor) throws(WireError) -> [Capability] {
        var capabilities: [Capability] = []
        while c.atSPBeforeMore {
            c.offset += 1
            capabilities.append(try parseCapability(&c))
        }
        return capabilities
    }

    /// `capability = ("AUTH=" auth-type) / atom`, RFC 3501 §9 (both are atoms).
    static func parseCapability(_ c: inout ByteCursor) throws(WireError) -> Capability {
        let start = c.offset
        let atom = try c.parseAtom(rule: "capability")
        guard let capability = Capability(atom) else {
            c.offset = start
            throw c.error("capability", expected: "an atom")
        }
        return capability
    }

    // MARK: - Flags and mailboxes

    /// `flag-list = "(" [flag *(SP flag)] ")"`, RFC 3501 §9; also FETCH's
    /// `"(" [flag-fetch *(SP flag-fetch)] ")"` (`\Recent` is a `flag-extension` in form).
    static func parseFlagList(_ c: inout ByteCursor) throws(WireError) -> [Flag] {
        try c.need(UInt8(ascii: "("), rule: "flag-list")
        var flags: [Flag] = []
        if c.skip(UInt8(ascii: ")")) { return flags }
        flags.reserveCapacity(4)
        repeat {
            flags.append(try parseFlag(&c))
        } while c.skip(0x20)
        try c.need(UInt8(ascii: ")"), rule: "flag-list")
        return flags
    }

    /// `flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword /
    /// flag-extension`, with `flag-keyword = atom` and `flag-extension = "\" atom`, RFC 3501 §9.
    static func parseFlag(_ c: inout ByteCursor) throws(WireError) -> Flag {
        let start = c.offset
        _ = c.skip(UInt8(ascii: "\\"))
        let atomStart = c.offset
        while let b = c.peek, ResponseParser.isAtomChar(b) { c.offset += 1 }
        guard c.offset > atomStart, let flag = Flag(bytes: c.bytes[start..<c.offset]) else {
            throw c.error("flag", expected: "a flag (an atom, or \"\\\" and an atom)")
        }
        return flag
    }

    /// `mailbox = "INBOX" / astring`, RFC 3501 §9 (INBOX in any case is INBOX).
    static func parseMailbox(_ c: inout ByteCursor) throws(WireError) -> MailboxName {
        MailboxName(bytes: try c.parseAString(rule: "mailbox"))
    }

    /// `mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox`,
    /// RFC 3501 §9. Every `mbx-list-oflag` / `mbx-list-sflag` has the form `"\" atom`.
    static func parseMailboxList(_ c: inout ByteCursor, isLSUB: Bool) throws(WireError) -> MailboxListEntry {
        try c.need(UInt8(ascii: "("), rule: "mailbox-list")
        var attributes: [String] = []
        if !c.skip(UInt8(ascii: ")")) {
            repeat {
                let start = c.offset
                try c.need(UInt8(ascii: "\\"), rule: "mbx-list-flags")
                _ = try c.parseAtom(rule: "mbx-list-flags")
                attributes.append(String(decoding: c.bytes[start..<c.offset], as: UTF8.self))
            } while c.skip(0x20)
            try c.need(UInt8(ascii: ")"), rule: "mailbox-list")
        }
        try c.needSP(rule: "mailbox-list")
        var delimiter: UInt8?
        if c.skipToken("NIL") {
            delimiter = nil
        } else {
            try c.need(UInt8(ascii: "\""), rule: "mailbox-list")
            if c.skip(UInt8(ascii: "\\")) {
                guard let b = c.peek, b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else {
                    throw c.error("QUOTED-CHAR", expected: "\\\" or \\\\ after a backslash")
                }
                delimiter = b
            } else {
                guard let b = c.peek, b >= 0x01, b <= 0x7F, b != 0x0D, b != 0x0A, b != UInt8(ascii: "\"") else {
                    throw c.error("QUOTED-CHAR", expected: "a hierarchy delimiter character")
                }
                delimiter = b
            }
            c.offset += 1
            try c.need(UInt8(ascii: "\""), rule: "mailbox-list")
        }
        try c.needSP(rule: "mailbox-list")
        let name = try parseMailbox(&c)
        var extended: [UInt8] = []
        if !isLSUB, c.peek == 0x20, c.peek(at: 1) == UInt8(ascii: "(") {
            c.offset += 1
            extended = try parseMboxListExtended(&c)
        }
        return MailboxListEntry(attributes: attributes, delimiter: delimiter, name: name, isLSUB: isLSUB, extended: extended)
    }

    /// `mbox-list-extended = "(" [mbox-list-extended-item *(SP mbox-list-extended-item)] ")"`,
    /// `mbox-list-extended-item = mbox-list-extended-item-tag SP tagged-ext-val`,
    /// `mbox-list-extended-item-tag = astring`: RFC 9051 §9 (from RFC 5258 §9), the extended data
    /// of a LIST response (CHILDINFO, OLDNAME, ...). Returns the exact bytes.
    static func parseMboxListExtended(_ c: inout ByteCursor) throws(WireError) -> [UInt8] {
        let rule = "mbox-list-extended"
        let start = c.offset
        try c.need(UInt8(ascii: "("), rule: rule)
        try c.enter(rule: rule)
        if !c.skip(UInt8(ascii: ")")) {
            repeat {
                try c.skipAString(rule: "mbox-list-extended-item-tag")
                try c.needSP(rule: "mbox-list-extended-item")
                _ = try parseTaggedExtVal(&c)
            } while c.skip(0x20)
            try c.need(UInt8(ascii: ")"), rule: rule)
        }
        c.leave()
        return Array(c.bytes[start..<c.offset])
    }

    /// `"STATUS" SP mailbox SP "(" [status-att-list] ")"`, RFC 3501 §9 and RFC 4466 §2.5, where
    /// `status-att-list = status-att-val *(SP status-att-val)`. Called after the keyword.
    static func parseStatusData(_ c: inout ByteCursor) throws(WireError) -> UntaggedResponse {
        try c.needSP(rule: "mailbox-data")
        let mailbox = try parseMailbox(&c)
        try c.needSP(rule: "mailbox-data")
        try c.need(UInt8(ascii: "("), rule: "mailbox-data")
        var values: [StatusAttributeValue] = []
        if !c.skip(UInt8(ascii: ")")) {
            repeat {
                values.append(try parseStatusAttVal(&c))
            } while c.skip(0x20)
            try c.need(UInt8(ascii: ")"), rule: "status-att-list")
        }
        return .status(mailbox, values)
    }

    /// `status-att-val = "MESSAGES" SP number / "RECENT" SP number / "UIDNEXT" SP nz-number /
    /// "UIDVALIDITY" SP nz-number / "UNSEEN" SP number`, RFC 4466 §2.5 and RFC 3501 §9, with
    /// RFC 7162 §7's `"HIGHESTMODSEQ" SP mod-sequence-valzer`. Others: `atom SP number64`, or an
    /// extension's `tagged-ext-label SP tagged-ext-val` (RFC 4466 §2.5: "Extensions should use
    /// the generic syntax defined by tagged-ext"), as RFC 8474 §4.2's `"MAILBOXID" SP "("
    /// objectid ")"`, or RFC 7889 §3.1's `"APPENDLIMIT" SP (number / nil)`.
    static func parseStatusAttVal(_ c: inout ByteCursor) throws(WireError) -> StatusAttributeValue {
        let rule = "status-att-val"
        if c.skipToken("HIGHESTMODSEQ") {
            try c.needSP(rule: rule)
            return .highestModSeq(try parseModSequenceValzer(&c))
        }
        if c.skipToken("MESSAGES") {
            try c.needSP(rule: rule)
            return .messages(try c.parseNumber())
        }
        if c.skipToken("UIDNEXT") {
            try c.needSP(rule: rule)
            return .uidNext(UID(unchecked: try c.parseNZNumber()))
        }
        if c.skipToken("UIDVALIDITY") {
            try c.needSP(rule: rule)
            return .uidValidity(UIDValidity(unchecked: try c.parseNZNumber()))
        }
        if c.skipToken("UNSEEN") {
            try c.needSP(rule: rule)
            return .unseen(try c.parseNumber())
        }
        if c.skipToken("RECENT") {
            try c.needSP(rule: rule)
            return .recent(try c.parseNumber())
        }
        let name = try c.parseAtom(rule: rule)
        try c.needSP(rule: rule)
        let start = c.offset
        switch name.uppercased() {
        case StatusAttribute.mailboxID.rawValue:
            try c.need(UInt8(ascii: "("), rule: rule)
            try parseObjectID(&c)
            try c.need(UInt8(ascii: ")"), rule: rule)
            return .extensionValue(name: name, value: Array(c.bytes[start..<c.offset]))
        case StatusAttribute.appendLimit.rawValue where c.skipToken("NIL"):
            return .extensionValue(name: name, value: Array(c.bytes[start..<c.offset]))
        default:
            break
        }
        if c.peek == UInt8(ascii: "(") {
            return .extensionValue(name: name, value: try parseTaggedExtVal(&c))
        }
        return .other(name: name, value: try c.parseDigits(rule: "number64", max: UInt64(Int64.max)))
    }

    /// `objectid = 1*255(ALPHA / DIGIT / "_" / "-")`, RFC 8474 §7.
    static func parseObjectID(_ c: inout ByteCursor) throws(WireError) {
        let start = c.offset
        while c.offset - start < 255, let b = c.peek, isAlpha(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "_")
            || b == UInt8(ascii: "-") {
            c.offset += 1
        }
        guard c.offset > start else { throw c.error("objectid", expected: "1 to 255 letters, digits, \"_\" or \"-\"") }
    }

    // MARK: - Message data

    /// `message-data = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att))`, RFC 3501 §9, the
    /// numeric `mailbox-data`: `number SP "EXISTS" / number SP "RECENT"`, and RFC 9586 §3.3's
    /// `uidfetch-resp = uniqueid SP "UIDFETCH" SP msg-att` (whether the session enabled UIDONLY is
    /// the checker's question, not the grammar's).
    static func parseMessageData(_ c: inout ByteCursor) throws(WireError) -> UntaggedResponse {
        let start = c.offset
        let n = try c.parseNumber()
        let leadingZero = c.bytes[start] == 0x30
        try c.needSP(rule: "message-data")
        if c.skipToken("FETCH") {
            let seq = try nzNumber(n, leadingZero: leadingZero, at: start, &c)
            try c.needSP(rule: "message-data")
            return .fetch(seq, try parseMsgAtt(&c))
        }
        if c.skipToken("UIDFETCH") {
            let uid = try nzNumber(n, leadingZero: leadingZero, at: start, &c)
            try c.needSP(rule: "uidfetch-resp")
            return .uidFetch(UID(unchecked: uid.rawValue), try parseMsgAtt(&c))
        }
        if c.skipToken("EXISTS") { return .exists(n) }
        if c.skipToken("EXPUNGE") { return .expunge(try nzNumber(n, leadingZero: leadingZero, at: start, &c)) }
        if c.skipToken("RECENT") { return .recent(n) }
        throw c.error("message-data", expected: "FETCH, EXPUNGE, EXISTS, RECENT or UIDFETCH")
    }

    private static func nzNumber(_ n: UInt32, leadingZero: Bool, at start: Int, _ c: inout ByteCursor) throws(WireError) -> SequenceNumber {
        guard !leadingZero, let seq = SequenceNumber(n) else {
            c.offset = start
            throw c.error("nz-number", expected: "a non-zero digit")
        }
        return seq
    }

    /// `msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic /
    /// msg-att-static)) ")"`, RFC 3501 §9, with RFC 7162 §7's `msg-att-dynamic =/ fetch-mod-resp`.
    static func parseMsgAtt(_ c: inout ByteCursor) throws(WireError) -> [FetchAttribute] {
        try c.need(UInt8(ascii: "("), rule: "msg-att")
        var items: [FetchAttribute] = []
        items.reserveCapacity(4)
        while true {
            items.append(try parseMsgAttItem(&c))
            if c.skip(UInt8(ascii: ")")) { return items }
            guard c.skip(0x20) else { throw c.error("msg-att", expected: "SP or \")\"") }
        }
    }

    /// One `msg-att-dynamic` or `msg-att-static`, RFC 3501 §9: `"FLAGS" SP "(" [flag-fetch
    /// *(SP flag-fetch)] ")"`, `fetch-mod-resp` (RFC 7162 §7), `"ENVELOPE" SP envelope`,
    /// `"INTERNALDATE" SP date-time`, `"RFC822" [".HEADER" / ".TEXT"] SP nstring`,
    /// `"RFC822.SIZE" SP number`, `"BODY" ["STRUCTURE"] SP body`,
    /// `"BODY" section ["<" number ">"] SP nstring`, `"UID" SP uniqueid`; any other name is an
    /// extension's item (`parseMsgAttExtension`).
    static func parseMsgAttItem(_ c: inout ByteCursor) throws(WireError) -> FetchAttribute {
        let start = c.offset
        while let b = c.peek, ResponseParser.isAtomChar(b), b != UInt8(ascii: "[") { c.offset += 1 }
        let end = c.offset
        let rule = "msg-att"
        func named(_ k: StaticString) -> Bool { c.bytes.equalsKeyword(start, end, k) }
        switch start < end ? ByteCursor.upper(c.bytes[start]) : 0 {
        case UInt8(ascii: "U") where named("UID"):
            try c.needSP(rule: rule)
            return .uid(UID(unchecked: try c.parseNZNumber(rule: "uniqueid")))
        case UInt8(ascii: "F") where named("FLAGS"):
            try c.needSP(rule: rule)
            return .flags(try parseFlagList(&c))
        case UInt8(ascii: "M") where named("MODSEQ"):
            return .modSeq(try parseFetchModResp(&c))
        case UInt8(ascii: "B") where named("BODY"):
            if c.peek == UInt8(ascii: "[") {
                let section = try SectionGrammar.parseSection(&c, nonSyncLiterals: false)
                var origin: UInt32?
                if c.skip(UInt8(ascii: "<")) {
                    origin = try c.parseNumber()
                    try c.need(UInt8(ascii: ">"), rule: rule)
                }
                try c.needSP(rule: rule)
                return .bodySection(name: "BODY", section: section, origin: origin, data: try c.parseNString())
            }
            try c.needSP(rule: rule)
            return .raw(name: "BODY", value: try parseParenthesizedValue(&c, rule: "body"))
        case UInt8(ascii: "B") where named("BODYSTRUCTURE"):
            try c.needSP(rule: rule)
            return .raw(name: "BODYSTRUCTURE", value: try parseParenthesizedValue(&c, rule: "body"))
        case UInt8(ascii: "I") where named("INTERNALDATE"):
            try c.needSP(rule: rule)
            return .internalDate(try parseDateTime(&c))
        case UInt8(ascii: "E") where named("ENVELOPE"):
            try c.needSP(rule: rule)
            return .raw(name: "ENVELOPE", value: try parseParenthesizedValue(&c, rule: "envelope"))
        case UInt8(ascii: "R") where named("RFC822.SIZE"):
            try c.needSP(rule: rule)
            return .rfc822Size(try parseRFC822Size(&c))
        case UInt8(ascii: "R"):
            for (keyword, name, section) in rfc822Items where named(keyword) {
                try c.needSP(rule: rule)
                return .bodySection(name: name, section: section, origin: nil, data: try c.parseNString())
            }
        default:
            break
        }
        return try parseMsgAttExtension(&c, name: start..<end)
    }

    private static let rfc822Items: [(StaticString, String, String)] = [
        ("RFC822", "RFC822", ""), ("RFC822.HEADER", "RFC822.HEADER", "HEADER"), ("RFC822.TEXT", "RFC822.TEXT", "TEXT"),
    ]

    /// `fetch-mod-resp = "MODSEQ" SP "(" permsg-modsequence ")"`, RFC 7162 §7. Called after the
    /// keyword.
    static func parseFetchModResp(_ c: inout ByteCursor) throws(WireError) -> ModSeq {
        try c.needSP(rule: "fetch-mod-resp")
        try c.need(UInt8(ascii: "("), rule: "fetch-mod-resp")
        let value = try parsePermsgModsequence(&c)
        try c.need(UInt8(ascii: ")"), rule: "fetch-mod-resp")
        return value
    }

    /// `permsg-modsequence = mod-sequence-value`, RFC 7162 §7.
    static func parsePermsgModsequence(_ c: inout ByteCursor) throws(WireError) -> ModSeq {
        try parseModSequenceValue(&c)
    }

    /// `"RFC822.SIZE" SP number` (RFC 3501 §9), 0 ... 2^32-1; RFC 9051 §9's `number64`, up to
    /// 2^63-1, needs `Leniency.size63Bit`.
    static func parseRFC822Size(_ c: inout ByteCursor) throws(WireError) -> UInt64 {
        let rule = "number"
        let start = c.offset
        let v = try c.parseDigits(rule: rule, max: UInt64(Int64.max))
        guard v > UInt64(UInt32.max) else { return v }
        let end = c.offset
        c.offset = start
        try c.allow(.size63Bit, rule: rule, expected: "a size no greater than 4294967295 (RFC 3501 §9; RFC 9051 allows number64)")
        c.offset = end
        return v
    }

    /// `mod-sequence-value = 1*DIGIT`, RFC 7162 §7: 1 ... 2^63-1. The grammar is `1*DIGIT`, so
    /// leading zeros are allowed. RFC 4551's range up to 2^64-2 needs `Leniency.modSeq64Bit`.
    static func parseModSequenceValue(_ c: inout ByteCursor) throws(WireError) -> ModSeq {
        let rule = "mod-sequence-value"
        let start = c.offset
        let v = try c.parseDigits(rule: rule, max: UInt64.max)
        if let m = ModSeq(v) { return m }
        let end = c.offset
        c.offset = start
        guard v != 0 else { throw c.error(rule, expected: "a mod-sequence of at least 1") }
        guard let wide = ModSeq(rfc4551: v) else {
            throw c.error(rule, expected: "a mod-sequence no greater than 18446744073709551614 (RFC 4551 §4)")
        }
        try c.allow(.modSeq64Bit, rule: rule, expected: "a mod-sequence no greater than 9223372036854775807 (RFC 7162 §7)")
        c.offset = end
        return wide
    }

    /// `mod-sequence-valzer = "0" / mod-sequence-value`, RFC 7162 §7: 0 ... 2^63-1 (so "00" is
    /// neither alternative).
    static func parseModSequenceValzer(_ c: inout ByteCursor) throws(WireError) -> ModSeqOrZero {
        if c.peek == 0x30, !(c.peek(at: 1).map { $0 >= 0x30 && $0 <= 0x39 } ?? false) {
            c.offset += 1
            return .zero
        }
        return ModSeqOrZero(try parseModSequenceValue(&c))
    }

    /// `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE`,
    /// RFC 3501 §9. Returns the text between the quotes.
    static func parseDateTime(_ c: inout ByteCursor) throws(WireError) -> String {
        let rule = "date-time"
        try c.need(UInt8(ascii: "\""), rule: rule)
        let start = c.offset
        // dd-Mon-yyyy hh:mm:ss +zzzz, where dd may be SP DIGIT.
        guard start + 27 <= c.bytes.count else { throw c.error(rule, expected: "\"dd-Mon-yyyy hh:mm:ss +zzzz\"") }
        let b = c.bytes
        func digit(_ i: Int) -> Bool { b[start + i] >= 0x30 && b[start + i] <= 0x39 }
        func byte(_ i: Int, _ ch: Character) -> Bool { b[start + i] == ch.asciiValue! }
        let dayOK = (b[start] == 0x20 || digit(0)) && digit(1)
        let month = String(decoding: b[(start + 3)..<(start + 6)], as: UTF8.self).lowercased()
        let shapeOK = dayOK && byte(2, "-") && months.contains(month) && byte(6, "-")
            && digit(7) && digit(8) && digit(9) && digit(10) && byte(11, " ")
            && digit(12) && digit(13) && byte(14, ":") && digit(15) && digit(16) && byte(17, ":")
            && digit(18) && digit(19) && byte(20, " ") && (byte(21, "+") || byte(21, "-"))
            && digit(22) && digit(23) && digit(24) && digit(25) && byte(26, "\"")
        guard shapeOK else { throw c.error(rule, expected: "\"dd-Mon-yyyy hh:mm:ss +zzzz\"") }
        c.offset = start + 27
        return String(decoding: b[start..<(start + 26)], as: UTF8.self)
    }

    private static let months: Set<String> = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]



    /// `section-part = nz-number *("." nz-number)`, RFC 3501 §9.
    static func parseSectionPart(_ c: inout ByteCursor) throws(WireError) {
        _ = try c.parseNZNumber(rule: "section-part")
        while c.peek == UInt8(ascii: "."), let d = c.peek(at: 1), d >= 0x30, d <= 0x39 {
            c.offset += 1
            _ = try c.parseNZNumber(rule: "section-part")
        }
    }



    /// `envelope` and `body` (RFC 3501 §9), not interpreted: a parenthesised list of quoted
    /// strings, literals, atoms (NIL, numbers) and nested lists, with exactly one SP between
    /// elements (none between `)` and `(`, as in `body-type-mpart`), nesting bounded by
    /// `ParseOptions.maxNesting`. Returns the exact bytes.
    static func parseParenthesizedValue(_ c: inout ByteCursor, rule: String) throws(WireError) -> [UInt8] {
        let start = c.offset
        try scanList(&c, rule: rule)
        return Array(c.bytes[start..<c.offset])
    }

    /// `"(" [element *(SP element)] ")"`, where a list may follow a list with no SP between (as
    /// `body-type-mpart` and RFC 2342's namespaces do); nesting bounded by `ParseOptions.maxNesting`.
    /// `extensionTokens`: the elements are an extension's data (`scanListElement`).
    static func scanList(_ c: inout ByteCursor, rule: String, extensionTokens: Bool = false) throws(WireError) {
        try c.need(UInt8(ascii: "("), rule: rule)
        try c.enter(rule: rule)
        if c.skip(UInt8(ascii: ")")) {
            c.leave()
            return
        }
        while true {
            try scanListElement(&c, rule: rule, extensionTokens: extensionTokens)
            if c.skip(UInt8(ascii: ")")) {
                c.leave()
                return
            }
            if c.peek == UInt8(ascii: "("), c.bytes[c.offset - 1] == UInt8(ascii: ")") { continue }
            guard c.skip(0x20) else { throw c.error(rule, expected: "SP or \")\"") }
        }
    }

    /// One element of a list: a list, a quoted string, a literal, or a token: an atom (numbers and
    /// NIL included), or with `extensionTokens` an extension's token `["\"] 1*(ASTRING-CHAR / "*")`
    /// (flags, sequence sets).
    static func scanListElement(_ c: inout ByteCursor, rule: String, extensionTokens: Bool) throws(WireError) {
        switch c.peek {
        case UInt8(ascii: "("):
            try scanList(&c, rule: rule, extensionTokens: extensionTokens)
        case UInt8(ascii: "\""):
            try c.skipQuoted()
        case UInt8(ascii: "{"):
            try c.skipLiteral()
        default:
            let start = c.offset
            if extensionTokens { _ = c.skip(UInt8(ascii: "\\")) }
            let token = c.offset
            while let b = c.peek, isAtomChar(b) || extensionTokens && (b == UInt8(ascii: "]") || b == UInt8(ascii: "*")) { c.offset += 1 }
            guard c.offset > token else {
                c.offset = start
                throw c.error(rule, expected: extensionTokens ? "an atom, number, string, NIL or parenthesised list"
                                                              : "a list, string, number or NIL")
            }
        }
    }

    // MARK: - SEARCH, ESEARCH, VANISHED

    /// `mailbox-data =/ "SEARCH" [1*(SP nz-number) SP search-sort-mod-seq]`, RFC 7162 §7 over
    /// RFC 3501 §9's `"SEARCH" *(SP nz-number)`. Called after the keyword.
    static func parseSearchData(_ c: inout ByteCursor) throws(WireError) -> UntaggedResponse {
        let (numbers, modSeq) = try parseNumbersAndModSeq(&c, rule: "mailbox-data")
        return .search(numbers, modSeq: modSeq)
    }

    /// `sort-data = "SORT" [1*(SP nz-number) SP search-sort-mod-seq]`, RFC 7162 §7 (§3.1.9) over
    /// RFC 5256 §4's `"SORT" *(SP nz-number)`. Called after the keyword.
    static func parseSortData(_ c: inout ByteCursor) throws(WireError) -> UntaggedResponse {
        let (numbers, modSeq) = try parseNumbersAndModSeq(&c, rule: "sort-data")
        return .sort(numbers, modSeq: modSeq)
    }

    /// `*(SP nz-number) [SP search-sort-mod-seq]` with the mod-sequence after at least one number,
    /// the shared tail of SEARCH and SORT (RFC 7162 §7).
    private static func parseNumbersAndModSeq(_ c: inout ByteCursor, rule: String) throws(WireError) -> ([UInt32], ModSeq?) {
        var numbers: [UInt32] = []
        var modSeq: ModSeq?
        while c.atSPBeforeMore {
            c.offset += 1
            if c.peek == UInt8(ascii: "(") {
                if numbers.isEmpty {
                    // Cyrus 3.6 sends `* SEARCH (MODSEQ n)` for an empty result.
                    try c.allow(.searchModSeqWithoutResults, rule: rule,
                                expected: "an nz-number (search-sort-mod-seq follows at least one, RFC 7162 §7)")
                }
                modSeq = try parseSearchSortModSeq(&c)
                break
            }
            numbers.append(try c.parseNZNumber())
        }
        return (numbers, modSeq)
    }

    /// `search-sort-mod-seq = "(" "MODSEQ" SP mod-sequence-value ")"`, RFC 7162 §7.
    static func parseSearchSortModSeq(_ c: inout ByteCursor) throws(WireError) -> ModSeq {
        let rule = "search-sort-mod-seq"
        try c.need(UInt8(ascii: "("), rule: rule)
        guard c.skipToken("MODSEQ") else { throw c.error(rule, expected: "\"MODSEQ\"") }
        try c.needSP(rule: rule)
        let value = try parseModSequenceValue(&c)
        try c.need(UInt8(ascii: ")"), rule: rule)
        return value
    }

    /// `esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)`,
    /// RFC 4731 §3.1. Called after the keyword.
    static func parseEsearchResponse(_ c: inout ByteCursor) throws(WireError) -> ESearchResponse {
        var correlator: Tag?
        if c.peek == 0x20, c.peek(at: 1) == UInt8(ascii: "(") { correlator = try parseSearchCorrelator(&c) }
        var isUID = false
        if c.peek == 0x20 {
            c.offset += 1
            if c.skipToken("UID") { isUID = true } else { c.offset -= 1 }
        }
        var data: [ESearchReturnData] = []
        while c.atSPBeforeMore {
            c.offset += 1
            data.append(try parseSearchReturnData(&c))
        }
        return ESearchResponse(correlator: correlator, isUID: isUID, returnData: data)
    }

    /// `search-correlator = SP "(" "TAG" SP tag-string ")"`, `tag-string = string`, RFC 4466 §2.6.1.
    static func parseSearchCorrelator(_ c: inout ByteCursor) throws(WireError) -> Tag {
        let rule = "search-correlator"
        try c.needSP(rule: rule)
        try c.need(UInt8(ascii: "("), rule: rule)
        guard c.skipToken("TAG") else { throw c.error(rule, expected: "\"TAG\"") }
        try c.needSP(rule: rule)
        let start = c.offset
        let bytes = try c.parseString(rule: "tag-string")
        guard let tag = Tag(String(decoding: bytes, as: UTF8.self)) else {
            c.offset = start
            throw c.error("tag-string", expected: "a string holding a tag")
        }
        try c.need(UInt8(ascii: ")"), rule: rule)
        return tag
    }

    /// `search-return-data = "MIN" SP nz-number / "MAX" SP nz-number / "ALL" SP sequence-set /
    /// "COUNT" SP number`, RFC 4731 §3.1, and RFC 7162 §7's `"MODSEQ" SP mod-sequence-value`;
    /// any other name is RFC 4466 §2.6.2's `search-modifier-name SP search-return-value`.
    static func parseSearchReturnData(_ c: inout ByteCursor) throws(WireError) -> ESearchReturnData {
        let rule = "search-return-data"
        if c.skipToken("ALL") {
            try c.needSP(rule: rule)
            return .all(try parseSequenceSet(&c))
        }
        if c.skipToken("MODSEQ") {
            try c.needSP(rule: rule)
            return .modSeq(try parseModSequenceValue(&c))
        }
        if c.skipToken("COUNT") {
            try c.needSP(rule: rule)
            return .count(try c.parseNumber())
        }
        if c.skipToken("MIN") {
            try c.needSP(rule: rule)
            return .min(try c.parseNZNumber())
        }
        if c.skipToken("MAX") {
            try c.needSP(rule: rule)
            return .max(try c.parseNZNumber())
        }
        let name = try parseTaggedExtLabel(&c, rule: rule)
        try c.needSP(rule: rule)
        return .other(name: name, value: try parseTaggedExtVal(&c))
    }

    /// `expunged-resp = "VANISHED" [SP "(EARLIER)"] SP known-uids`, RFC 7162 §7. Called after the
    /// keyword.
    static func parseExpungedResp(_ c: inout ByteCursor) throws(WireError) -> UntaggedResponse {
        let rule = "expunged-resp"
        try c.needSP(rule: rule)
        if c.skip(UInt8(ascii: "(")) {
            guard c.skipToken("EARLIER") else { throw c.error(rule, expected: "\"EARLIER\"") }
            try c.need(UInt8(ascii: ")"), rule: rule)
            try c.needSP(rule: rule)
            return .vanishedEarlier(try parseKnownUids(&c))
        }
        return .vanished(try parseKnownUids(&c))
    }

    /// `known-uids = sequence-set`, RFC 7162 §7, where `"*"` is not allowed.
    static func parseKnownUids(_ c: inout ByteCursor) throws(WireError) -> UIDSet {
        var ranges: [ClosedRange<UInt32>] = []
        var sorted = true
        repeat {
            if c.peek == UInt8(ascii: "*") { throw c.error("known-uids", expected: "a UID (\"*\" is not allowed in known-uids)") }
            let a = try c.parseNZNumber(rule: "known-uids")
            var b = a
            if c.skip(UInt8(ascii: ":")) {
                if c.peek == UInt8(ascii: "*") { throw c.error("known-uids", expected: "a UID (\"*\" is not allowed in known-uids)") }
                b = try c.parseNZNumber(rule: "known-uids")
            }
            let r = Swift.min(a, b)...Swift.max(a, b)
            if let last = ranges.last, UInt64(last.upperBound) + 1 >= UInt64(r.lowerBound) { sorted = false }
            ranges.append(r)
        } while c.skip(UInt8(ascii: ","))
        return sorted ? UIDSet(sortedDisjointRanges: ranges) : UIDSet(ranges: ranges)
    }

    /// `sequence-set = (seq-number / seq-range) ["," sequence-set]`, `seq-range = seq-number ":"
    /// seq-number`, `seq-number = nz-number / "*"`, RFC 3501 §9. Order and duplicates are kept.
    static func parseSequenceSet(_ c: inout ByteCursor) throws(WireError) -> SequenceSet {
        var ranges: [SequenceRange] = []
        repeat {
            let first = try parseSeqNumber(&c)
            if c.skip(UInt8(ascii: ":")) {
                ranges.append(SequenceRange(first, try parseSeqNumber(&c)))
            } else {
                ranges.append(SequenceRange(first))
            }
        } while c.skip(UInt8(ascii: ","))
        return .ranges(ranges)
    }

    /// `seq-number = nz-number / "*"`, RFC 3501 §9.
    static func parseSeqNumber(_ c: inout ByteCursor) throws(WireError) -> SetBound {
        if c.skip(UInt8(ascii: "*")) { return .star }
        return .number(try c.parseNZNumber(rule: "seq-number"))
    }
}

extension ByteCursor {
    /// `expect(_:rule:)` with its common case inlined.
    @inline(__always)
    mutating func need(_ byte: UInt8, rule: String) throws(WireError) {
        if offset < bytes.count, bytes[offset] == byte {
            offset += 1
            return
        }
        try expect(byte, rule: rule)
    }

    /// `expectSP(rule:)` with its common case inlined.
    @inline(__always)
    mutating func needSP(rule: String) throws(WireError) { try need(0x20, rule: rule) }

    /// Whether the cursor is at CR or LF (the end of the line's content).
    var atLineEnd: Bool { peek == 0x0D || peek == 0x0A }

    /// At an SP that starts another element (not a trailing SP before the line end).
    var atSPBeforeMore: Bool {
        guard peek == 0x20, let next = peek(at: 1) else { return false }
        return next != 0x0D && next != 0x0A
    }

    /// `CRLF` at the end of a response line; one SP before it needs `Leniency.trailingSpace`.
    mutating func parseLineEnd(rule: String) throws(WireError) {
        if peek == 0x20, let next = peek(at: 1), next == 0x0D || next == 0x0A {
            try allow(.trailingSpace, rule: rule, expected: "CRLF")
            offset += 1
        }
        try parseCRLF(rule: rule)
    }

    /// Consumes `keyword` (upper-case ASCII; input matched case-insensitively) when it is not
    /// followed by another atom character. No allocation.
    @inline(__always)
    mutating func skipToken(_ keyword: StaticString) -> Bool {
        let n = keyword.utf8CodeUnitCount
        guard bytes.equalsKeyword(offset, offset + n, keyword) else { return false }
        if offset + n < bytes.count, ResponseParser.isAtomChar(bytes[offset + n]) { return false }
        offset += n
        return true
    }

    /// Consumes `prefix` (upper-case ASCII, matched case-insensitively) with no boundary check.
    mutating func skipPrefix(_ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard bytes.equalsKeyword(offset, offset + n, prefix) else { return false }
        offset += n
        return true
    }

    /// Skips a `quoted` without keeping its bytes.
    mutating func skipQuoted() throws(WireError) {
        try expect(UInt8(ascii: "\""), rule: "quoted")
        while let b = peek {
            switch b {
            case UInt8(ascii: "\""):
                offset += 1
                return
            case UInt8(ascii: "\\"):
                guard let e = peek(at: 1), e == UInt8(ascii: "\"") || e == UInt8(ascii: "\\") else {
                    offset += 1
                    throw error("quoted-specials", expected: "\\\" or \\\\ after a backslash")
                }
                offset += 2
            case 0x0D, 0x0A, 0x00:
                throw error("QUOTED-CHAR", expected: "a TEXT-CHAR (no CR, LF or NUL in a quoted string)")
            default:
                offset += 1
            }
        }
        throw error("quoted", expected: "a closing DQUOTE")
    }

    /// Skips a `literal` without copying its bytes.
    mutating func skipLiteral() throws(WireError) {
        try expect(UInt8(ascii: "{"), rule: "literal")
        let n = try parseDigits(rule: "literal", max: UInt64(options.maxLiteralSize))
        try expect(UInt8(ascii: "}"), rule: "literal")
        try parseCRLF(rule: "literal")
        guard offset + Int(n) <= bytes.count else { throw error("literal", expected: "\(n) bytes of literal data") }
        offset += Int(n)
    }
}

extension Array where Element == UInt8 {
    /// Whether `self[start..<end]` spells `keyword` (upper-case ASCII) case-insensitively.
    @inline(__always)
    func equalsKeyword(_ start: Int, _ end: Int, _ keyword: StaticString) -> Bool {
        let n = keyword.utf8CodeUnitCount
        guard end - start == n, start >= 0, end <= count else { return false }
        let k = keyword.utf8Start
        return withUnsafeBufferPointer { p in
            for i in 0..<n {
                var b = p[start + i]
                if b >= 0x61 && b <= 0x7A { b -= 0x20 }
                if b != k[i] { return false }
            }
            return true
        }
    }
}
