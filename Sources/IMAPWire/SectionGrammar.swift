/// The `section` rules of RFC 3501 §9, shared by commands (`BODY[...]` in FETCH) and responses
/// (`BODY[...]` in msg-att): one implementation for both directions. Only a client may send
/// non-synchronising literals (RFC 7888), hence `nonSyncLiterals`.
enum SectionGrammar {
    /// `section = "[" [section-spec] "]"`, RFC 3501 §9. Returns the section-spec as written.
    static func parseSection(_ c: inout ByteCursor, nonSyncLiterals: Bool) throws(WireError) -> String {
        try c.expect(UInt8(ascii: "["), rule: "section")
        let start = c.offset
        if c.peek != UInt8(ascii: "]") { try parseSectionSpec(&c, nonSyncLiterals: nonSyncLiterals) }
        let text = String(decoding: c.bytes[start..<c.offset], as: UTF8.self)
        try c.expect(UInt8(ascii: "]"), rule: "section")
        return text
    }

    /// `section-spec = section-msgtext / (section-part ["." section-text])`, RFC 3501 §9, with
    /// `section-part = nz-number *("." nz-number)` and `section-text = section-msgtext / "MIME"`.
    static func parseSectionSpec(_ c: inout ByteCursor, nonSyncLiterals: Bool) throws(WireError) {
        guard let b = c.peek, b >= 0x30, b <= 0x39 else {
            try parseSectionMsgtext(&c, allowMIME: false, nonSyncLiterals: nonSyncLiterals)
            return
        }
        _ = try c.parseNZNumber(rule: "section-part")
        while c.skip(UInt8(ascii: ".")) {
            if let d = c.peek, d >= 0x30, d <= 0x39 {
                _ = try c.parseNZNumber(rule: "section-part")
            } else {
                try parseSectionMsgtext(&c, allowMIME: true, nonSyncLiterals: nonSyncLiterals)
                return
            }
        }
    }

    /// `section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"`, RFC 3501
    /// §9; with `allowMIME`, also "MIME" (`section-text`).
    static func parseSectionMsgtext(_ c: inout ByteCursor, allowMIME: Bool, nonSyncLiterals: Bool) throws(WireError) {
        let start = c.offset
        switch c.readKeyword() {
        case "HEADER", "TEXT": return
        case "MIME" where allowMIME: return
        case "HEADER.FIELDS", "HEADER.FIELDS.NOT":
            try c.expectSP(rule: "section-msgtext")
            try parseHeaderList(&c, nonSyncLiterals: nonSyncLiterals)
        default:
            c.offset = start
            throw c.error(allowMIME ? "section-text" : "section-msgtext", expected: "HEADER, HEADER.FIELDS, TEXT or MIME")
        }
    }

    /// `header-list = "(" header-fld-name *(SP header-fld-name) ")"`, `header-fld-name = astring`,
    /// RFC 3501 §9.
    static func parseHeaderList(_ c: inout ByteCursor, nonSyncLiterals: Bool) throws(WireError) {
        try c.expect(UInt8(ascii: "("), rule: "header-list")
        try c.enter(rule: "header-list")
        repeat {
            _ = try c.parseAString(rule: "header-fld-name", allowNonSync: nonSyncLiterals)
        } while c.skip(0x20)
        try c.expect(UInt8(ascii: ")"), rule: "header-list")
        c.leave()
    }
}
