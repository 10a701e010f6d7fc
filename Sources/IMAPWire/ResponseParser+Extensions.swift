import IMAPTypes

/// The responses of extensions a client may have asked for: RFC 5256 THREAD, RFC 4466's generic
/// `tagged-ext-val` (ESEARCH return data of other extensions), and the untagged responses and
/// FETCH items of extensions the parser does not interpret.
///
/// RFC 3501 §7 asks clients to "be prepared to accept any response at all times", and RFC 9051
/// §6.3.1 has servers send an extension's responses to clients that asked for the extension.
/// A strict parser that rejected them would report a grammar violation of a conforming server. So
/// an unknown untagged response or FETCH item is accepted when its data is well-formed IMAP data
/// (atoms, numbers, quoted strings, literals, NIL, parenthesised lists, nesting bounded by
/// `ParseOptions.maxNesting`, literals by `maxLiteralSize`) and kept as its exact bytes; anything
/// malformed is still a `WireError`. A known name keeps its own syntax and strictness.
extension ResponseParser {
    // MARK: - THREAD (RFC 5256 §4)

    /// `thread-data = "THREAD" [SP 1*thread-list]`, RFC 5256 §4. Called after the keyword.
    static func parseThreadData(_ c: inout ByteCursor) throws(WireError) -> [ThreadList] {
        guard c.atSPBeforeMore else { return [] }
        c.offset += 1
        var threads: [ThreadList] = []
        repeat {
            threads.append(try parseThreadList(&c))
        } while c.peek == UInt8(ascii: "(")
        return threads
    }

    /// `thread-list = "(" (thread-members / thread-nested) ")"`, with `thread-members = nz-number
    /// *(SP nz-number) [SP thread-nested]`, RFC 5256 §4.
    static func parseThreadList(_ c: inout ByteCursor) throws(WireError) -> ThreadList {
        let rule = "thread-list"
        let start = c.offset
        try c.need(UInt8(ascii: "("), rule: rule)
        try c.enter(rule: rule)
        var members: [UInt32] = []
        var children: [ThreadList] = []
        repeat {
            if c.peek == UInt8(ascii: "(") {
                children = try parseThreadNested(&c)
                break
            }
            members.append(try c.parseNZNumber(rule: "thread-members"))
        } while c.skip(0x20)
        try c.need(UInt8(ascii: ")"), rule: rule)
        c.leave()
        guard let thread = ThreadList(members: members, children: children) else {
            c.offset = start
            throw c.error(rule, expected: "thread-members or thread-nested")
        }
        return thread
    }

    /// `thread-nested = 2*thread-list`, RFC 5256 §4.
    static func parseThreadNested(_ c: inout ByteCursor) throws(WireError) -> [ThreadList] {
        let start = c.offset
        var threads: [ThreadList] = []
        while c.peek == UInt8(ascii: "(") { threads.append(try parseThreadList(&c)) }
        guard threads.count >= 2 else {
            c.offset = start
            throw c.error("thread-nested", expected: "at least two thread-lists (one child continues thread-members)")
        }
        return threads
    }

    // MARK: - RFC 4466 tagged-ext (ESEARCH return data of other extensions)

    /// `tagged-ext-label = tagged-label-fchar *tagged-label-char`, `tagged-label-fchar = ALPHA /
    /// "-" / "_" / "."`, `tagged-label-char = tagged-label-fchar / DIGIT / ":"`, RFC 4466 §3.
    static func parseTaggedExtLabel(_ c: inout ByteCursor, rule: String) throws(WireError) -> String {
        let start = c.offset
        guard let first = c.peek, isAlpha(first) || first == UInt8(ascii: "-") || first == UInt8(ascii: "_")
            || first == UInt8(ascii: ".")
        else {
            throw c.error(rule, expected: "a name (tagged-ext-label: ALPHA, \"-\", \"_\" or \".\" first)")
        }
        c.offset += 1
        while let b = c.peek, isAlpha(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: ":") {
            c.offset += 1
        }
        return String(decoding: c.bytes[start..<c.offset], as: UTF8.self)
    }

    /// `tagged-ext-val = tagged-ext-simple / "(" [tagged-ext-comp] ")"`, RFC 4466 §3. Returns the
    /// exact bytes.
    static func parseTaggedExtVal(_ c: inout ByteCursor) throws(WireError) -> [UInt8] {
        let rule = "tagged-ext-val"
        let start = c.offset
        if c.skip(UInt8(ascii: "(")) {
            try c.enter(rule: rule)
            if !c.skip(UInt8(ascii: ")")) {
                try scanTaggedExtComp(&c)
                try c.need(UInt8(ascii: ")"), rule: rule)
            }
            c.leave()
        } else {
            try parseTaggedExtSimple(&c)
        }
        return Array(c.bytes[start..<c.offset])
    }

    /// `tagged-ext-simple = sequence-set / number / number64`, RFC 4466 §3 with RFC 9051 §9's
    /// `number64` (0 ... 2^63-1).
    static func parseTaggedExtSimple(_ c: inout ByteCursor) throws(WireError) {
        var probe = c
        if (try? parseSequenceSet(&probe)) != nil, probe.peek.map({ $0 == 0x20 || $0 == 0x0D || $0 == 0x0A }) ?? true {
            c.offset = probe.offset
            return
        }
        _ = try c.parseDigits(rule: "tagged-ext-simple", max: UInt64(Int64.max))
    }

    /// `tagged-ext-comp = astring / tagged-ext-comp *(SP tagged-ext-comp) / "(" tagged-ext-comp
    /// ")"`, RFC 4466 §3: astrings and non-empty parenthesised groups, one SP between them.
    static func scanTaggedExtComp(_ c: inout ByteCursor) throws(WireError) {
        let rule = "tagged-ext-comp"
        repeat {
            if c.skip(UInt8(ascii: "(")) {
                try c.enter(rule: rule)
                try scanTaggedExtComp(&c)
                try c.need(UInt8(ascii: ")"), rule: rule)
                c.leave()
            } else {
                try c.skipAString(rule: rule)
            }
        } while c.skip(0x20)
    }

    // MARK: - Responses and FETCH items of other extensions

    /// Names that are no extension's untagged response: the base keywords that need a number
    /// before them, and every response code `parseRespTextCode` reads (they belong in brackets).
    private static let notOtherResponses: [StaticString] = [
        "EXISTS", "RECENT", "EXPUNGE", "FETCH",
        "ALERT", "ALREADYEXISTS", "BADCHARSET", "PARSE", "PERMANENTFLAGS", "READ-ONLY", "READ-WRITE", "TRYCREATE",
        "UIDNEXT", "UIDVALIDITY", "UNSEEN", "HIGHESTMODSEQ", "NOMODSEQ", "NONEXISTENT", "MODIFIED", "CLOSED",
        "APPENDUID", "COPYUID", "UIDNOTSTICKY", "MODSEQ",
    ]
    /// fetch-att names that are never data items.
    private static let requestOnlyFetchAtts: [StaticString] = ["BODY.PEEK", "BINARY.PEEK", "ALL", "FAST", "FULL"]

    /// An extension's untagged response, `"*" SP atom [SP extension-data]` (no ABNF rule of its
    /// own: RFC 3501 §7 lets extensions add server data). The name is an atom starting with a
    /// letter and is none of the base keywords that need a number before them (EXISTS, RECENT,
    /// EXPUNGE, FETCH: without it those are malformed, not unknown) nor a response code's name
    /// (UIDNEXT, HIGHESTMODSEQ, CLOSED, ...: `resp-text-code` of RFC 3501 §9 and the extensions
    /// here, which belong in brackets); the data is one or more elements of well-formed IMAP data,
    /// one SP apart. Called at the name.
    static func parseOtherResponse(_ c: inout ByteCursor) throws(WireError) -> UntaggedResponse {
        let start = c.offset
        while let b = c.peek, isAtomChar(b) { c.offset += 1 }
        let end = c.offset
        guard end > start, isAlpha(c.bytes[start]),
              !notOtherResponses.contains(where: { c.bytes.equalsKeyword(start, end, $0) }) else {
            c.offset = start
            throw c.error("response-data", expected: "a response name (OK, FETCH, VANISHED, ...) or a number")
        }
        let name = String(decoding: c.bytes[start..<end], as: UTF8.self)
        guard c.atSPBeforeMore else { return .other(name: name, data: []) }
        c.offset += 1
        let dataStart = c.offset
        while true {
            try scanListElement(&c, rule: "response-data", extensionTokens: true)
            guard c.atSPBeforeMore else { break }
            c.offset += 1
        }
        return .other(name: name, data: Array(c.bytes[dataStart..<c.offset]))
    }

    /// An extension's `msg-att` item (RFC 3501 §9 leaves msg-att open to extensions): an atom
    /// starting with a letter, an optional `"[" *<TEXT-CHAR except "]"> "]"` and `"<" number ">"`,
    /// then SP and one value: a number (up to 2^64-1, as Gmail's X-GM-MSGID), an nstring, a
    /// parenthesised list, or for BINARY a `literal8` (RFC 9051 §9). The fetch-att names that are never data items (BODY.PEEK, BINARY.PEEK,
    /// ALL, FAST, FULL) are rejected. `name` is the item's name, already scanned.
    static func parseMsgAttExtension(_ c: inout ByteCursor, name range: Range<Int>) throws(WireError) -> FetchAttribute {
        let rule = "msg-att"
        c.offset = range.lowerBound
        guard !range.isEmpty, isAlpha(c.bytes[range.lowerBound]),
              !requestOnlyFetchAtts.contains(where: { c.bytes.equalsKeyword(range.lowerBound, range.upperBound, $0) })
        else {
            throw c.error(rule, expected: "a message data item (UID, FLAGS, MODSEQ, BODY[...], ...) or an extension's atom")
        }
        c.offset = range.upperBound
        let name = String(decoding: c.bytes[range], as: UTF8.self)
        var section: String?
        if c.skip(UInt8(ascii: "[")) {
            let s = c.offset
            while let b = c.peek, b >= 0x01, b <= 0x7F, b != UInt8(ascii: "]"), b != 0x0D, b != 0x0A { c.offset += 1 }
            section = String(decoding: c.bytes[s..<c.offset], as: UTF8.self)
            try c.need(UInt8(ascii: "]"), rule: "section")
        }
        var origin: UInt32?
        if c.skip(UInt8(ascii: "<")) {
            origin = try c.parseNumber()
            try c.need(UInt8(ascii: ">"), rule: rule)
        }
        try c.needSP(rule: rule)
        let start = c.offset
        switch c.peek {
        case let b? where b >= 0x30 && b <= 0x39:
            _ = try c.parseDigits(rule: "number", max: UInt64.max)
        case UInt8(ascii: "\""):
            try c.skipQuoted()
        case UInt8(ascii: "{"):
            try c.skipLiteral()
        case UInt8(ascii: "~") where c.bytes.equalsKeyword(range.lowerBound, range.upperBound, "BINARY"):
            // `"BINARY" section-binary SP (nstring / literal8)`, `literal8 = "~{" number64 "}"
            // CRLF *OCTET`: RFC 9051 §9 (RFC 3516 §4.3), the one item whose value may be binary.
            c.offset += 1
            try c.skipLiteral()
        case UInt8(ascii: "("):
            try scanList(&c, rule: rule, extensionTokens: true)
        default:
            guard c.skipToken("NIL") else { throw c.error(rule, expected: "a number, string, NIL or parenthesised list") }
        }
        return .other(name: name, section: section, origin: origin, value: Array(c.bytes[start..<c.offset]))
    }

    /// `ALPHA`, RFC 5234.
    @inline(__always)
    static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
}

extension ByteCursor {
    /// Skips an `astring = 1*ASTRING-CHAR / string` without keeping its bytes.
    mutating func skipAString(rule: String) throws(WireError) {
        switch peek {
        case UInt8(ascii: "\""):
            try skipQuoted()
        case UInt8(ascii: "{"):
            try skipLiteral()
        default:
            let start = offset
            while let b = peek, ResponseParser.isAtomChar(b) || b == UInt8(ascii: "]") { offset += 1 }
            guard offset > start else { throw error(rule, expected: "an astring") }
        }
    }
}
