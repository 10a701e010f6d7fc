import IMAPTypes

/// Encodes client messages to the bytes of RFC 3501 §9 (with the extensions `CommandParser`
/// reads), CRLF included. Strings go out as an atom when every byte is an `ASTRING-CHAR`, as a
/// quoted string when every byte is a 7-bit `QUOTED-CHAR`, and as a literal otherwise: `{n}`
/// (synchronising, RFC 3501 §7.5) or `{n+}` with `literalPlus` (RFC 7888 §3).
///
/// `CommandParser.parse(CommandEncoder.encode(m))` gives back `m` for every message the grammar
/// can carry (no empty key or attribute lists, which the grammar has no spelling for).
public enum CommandEncoder {
    /// The complete bytes of `m`, CRLF included, with its literals inline.
    public static func encode(_ m: ClientMessage, literalPlus: Bool = false) -> [UInt8] {
        var w = CommandWriter(literalPlus: literalPlus)
        switch m {
        case .idleDone:
            w.raw("DONE")
        case .authenticationData(let text):
            w.raw(text)
        case .command(let tagged):
            w.raw(tagged.tag.rawValue)
            w.sp()
            w.command(tagged.command)
        }
        w.crlf()
        return w.bytes
    }

    /// Splits encoded client bytes after each synchronising literal's `{n}\r\n`, so that a
    /// client can send a piece and wait for the server's continuation request ("+") before the
    /// next one (RFC 3501 §7.5). Every piece but the last ends with `{n}\r\n`; `{n+}` literals
    /// (RFC 7888) do not split. The pieces concatenate to `bytes`.
    public static func splitAtSynchronizingLiterals(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var pieceStart = 0
        var i = 0
        // A "{" that starts `{digits[+]}\r\n` can only be a literal's announcement in encoded
        // output: atoms cannot hold "{" and quoted strings cannot hold CR or LF.
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "{") else {
                i += 1
                continue
            }
            var j = i + 1
            var count = 0
            while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39, count <= Int.max / 10 - 10 {
                count = count * 10 + Int(bytes[j] - 0x30)
                j += 1
            }
            guard j > i + 1 else {
                i += 1
                continue
            }
            let nonSync = j < bytes.count && bytes[j] == UInt8(ascii: "+")
            if nonSync { j += 1 }
            guard j + 2 < bytes.count, bytes[j] == UInt8(ascii: "}"), bytes[j + 1] == 0x0D,
                  bytes[j + 2] == 0x0A else {
                i += 1
                continue
            }
            let dataStart = j + 3
            if !nonSync {
                pieces.append(bytes[pieceStart..<dataStart])
                pieceStart = dataStart
            }
            i = Swift.min(bytes.count, dataStart + count)
        }
        if pieceStart < bytes.count || pieces.isEmpty { pieces.append(bytes[pieceStart..<bytes.count]) }
        return pieces
    }
}

/// The byte sink of `CommandEncoder`: one function per grammar shape.
struct CommandWriter {
    var bytes: [UInt8] = []
    let literalPlus: Bool

    init(literalPlus: Bool) {
        self.literalPlus = literalPlus
        bytes.reserveCapacity(64)
    }

    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }
    mutating func raw(_ b: UInt8) { bytes.append(b) }
    mutating func sp() { bytes.append(0x20) }
    mutating func crlf() { bytes.append(contentsOf: [0x0D, 0x0A]) }
    /// Decimal digits written straight into the buffer (no intermediate String).
    mutating func number<N: BinaryInteger>(_ n: N) {
        var v = UInt64(n)
        var count = 0
        repeat {
            count += 1
            v /= 10
        } while v > 0
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        v = UInt64(n)
        var i = bytes.count - 1
        repeat {
            bytes[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        } while v > 0
    }

    /// `astring`: an atom of ASTRING-CHARs when possible, else a quoted string or a literal.
    mutating func astring(_ value: some Collection<UInt8>) {
        if !value.isEmpty, value.allSatisfy({ Flag.isAtomChar($0) || $0 == UInt8(ascii: "]") }) {
            bytes.append(contentsOf: value)
        } else {
            string(value)
        }
    }

    mutating func astring(_ value: String) { astring(value.utf8) }

    /// `string = quoted / literal`.
    mutating func string(_ value: some Collection<UInt8>) {
        if value.allSatisfy({ $0 >= 0x01 && $0 <= 0x7F && $0 != 0x0D && $0 != 0x0A }) {
            quoted(value)
        } else {
            literal(value)
        }
    }

    /// `quoted = DQUOTE *QUOTED-CHAR DQUOTE`, escaping `"` and `\`.
    mutating func quoted(_ value: some Collection<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        for b in value {
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(b)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `literal = "{" number ["+"] "}" CRLF *CHAR8`.
    mutating func literal(_ value: some Collection<UInt8>) {
        raw("{")
        number(value.count)
        if literalPlus { raw("+") }
        raw("}")
        crlf()
        bytes.append(contentsOf: value)
    }

    mutating func mailbox(_ m: MailboxName) { astring(m.bytes) }

    /// `sequence-set` (RFC 3501 §9) or `$` (RFC 5182), in written order.
    mutating func sequenceSet(_ set: SequenceSet) {
        guard case .ranges(let ranges) = set else {
            raw(UInt8(ascii: "$"))
            return
        }
        for (i, r) in ranges.enumerated() {
            if i > 0 { raw(UInt8(ascii: ",")) }
            seqNumber(r.first)
            if !r.isSingle {
                raw(UInt8(ascii: ":"))
                seqNumber(r.last)
            }
        }
    }

    mutating func seqNumber(_ bound: SetBound) {
        switch bound {
        case .number(let n): number(n)
        case .star: raw(UInt8(ascii: "*"))
        }
    }

    mutating func flags(_ flags: [Flag]) {
        raw("(")
        for (i, f) in flags.enumerated() {
            if i > 0 { sp() }
            raw(f.spelling)
        }
        raw(")")
    }

    mutating func parenthesised<T>(_ items: [T], _ body: (inout CommandWriter, T) -> Void) {
        raw("(")
        for (i, item) in items.enumerated() {
            if i > 0 { sp() }
            body(&self, item)
        }
        raw(")")
    }

    mutating func command(_ command: Command) {
        raw(command.name)
        switch command {
        case .capability, .noop, .logout, .check, .close, .unselect, .expunge, .idle:
            break
        case .login(let user, let password):
            sp(); astring(user); sp(); astring(password)
        case .authenticate(let mechanism, let initialResponse):
            sp(); raw(mechanism)
            if let r = initialResponse {
                sp()
                raw(r.isEmpty ? "=" : r)
            }
        case .enable(let capabilities):
            for c in capabilities {
                sp()
                raw(c.spelling)
            }
        case .select(let m, let params), .examine(let m, let params):
            sp(); mailbox(m)
            if !params.isEmpty {
                sp()
                parenthesised(params) { $0.selectParam($1) }
            }
        case .create(let m), .delete(let m):
            sp(); mailbox(m)
        case .rename(let from, let to):
            sp(); mailbox(from); sp(); mailbox(to)
        case .list(let reference, let pattern):
            sp(); mailbox(reference); sp()
            if !pattern.isEmpty, pattern.utf8.allSatisfy(CommandParser.isListChar) {
                raw(pattern)
            } else {
                string(pattern.utf8)
            }
        case .status(let m, let attributes):
            sp(); mailbox(m); sp()
            parenthesised(attributes) { $0.raw($1.rawValue) }
        case .append(let m, let flagList, let date, let message):
            sp(); mailbox(m)
            if let f = flagList { sp(); flags(f) }
            if let d = date { sp(); raw("\""); raw(d); raw("\"") }
            sp(); literal(message)
        case .uidExpunge(let set):
            sp(); sequenceSet(set)
        case .fetch(let set, let items, let modifiers, _):
            sp(); sequenceSet(set); sp()
            if items.count == 1, [.all, .fast, .full].contains(items[0]) {
                fetchAtt(items[0])
            } else {
                parenthesised(items) { $0.fetchAtt($1) }
            }
            if !modifiers.isEmpty {
                sp()
                parenthesised(modifiers) { w, m in
                    switch m {
                    case .changedSince(let v): w.raw("CHANGEDSINCE "); w.number(v.rawValue)
                    case .vanished: w.raw("VANISHED")
                    }
                }
            }
        case .store(let set, let modifiers, let action, _):
            sp(); sequenceSet(set)
            if !modifiers.isEmpty {
                sp()
                parenthesised(modifiers) { w, m in
                    switch m {
                    case .unchangedSince(let v): w.raw("UNCHANGEDSINCE "); w.number(v.rawValue)
                    }
                }
            }
            sp(); raw(action.kind.rawValue)
            if action.silent { raw(".SILENT") }
            sp(); flags(action.flags)
        case .search(let search, _):
            if let options = search.returnOptions {
                raw(" RETURN ")
                parenthesised(options) { $0.raw($1.rawValue) }
            }
            if let charset = search.charset {
                // charset = atom / quoted (RFC 4466 §2.6 and §3).
                raw(" CHARSET ")
                if !charset.isEmpty, charset.utf8.allSatisfy(Flag.isAtomChar) { raw(charset) } else { quoted(charset.utf8) }
            }
            for key in search.keys {
                sp()
                searchKey(key)
            }
        case .copy(let set, let m, _), .move(let set, let m, _):
            sp(); sequenceSet(set); sp(); mailbox(m)
        }
    }

    mutating func selectParam(_ param: SelectParameter) {
        switch param {
        case .condstore:
            raw("CONDSTORE")
        case .qresync(let q):
            raw("QRESYNC (")
            number(q.uidValidity.rawValue); sp(); number(q.modSeq.rawValue)
            if let known = q.knownUIDs { sp(); sequenceSet(known) }
            if let match = q.sequenceMatch {
                raw(" (")
                sequenceSet(match.knownSequenceSet); sp(); sequenceSet(match.knownUIDSet)
                raw(")")
            }
            raw(")")
        }
    }

    mutating func fetchAtt(_ item: FetchItem) {
        switch item {
        case .all: raw("ALL")
        case .fast: raw("FAST")
        case .full: raw("FULL")
        case .uid: raw("UID")
        case .flags: raw("FLAGS")
        case .modSeq: raw("MODSEQ")
        case .internalDate: raw("INTERNALDATE")
        case .rfc822Size: raw("RFC822.SIZE")
        case .envelope: raw("ENVELOPE")
        case .body: raw("BODY")
        case .bodyStructure: raw("BODYSTRUCTURE")
        case .rfc822: raw("RFC822")
        case .rfc822Header: raw("RFC822.HEADER")
        case .rfc822Text: raw("RFC822.TEXT")
        case .bodySection(let peek, let section, let partial):
            sectioned(peek ? "BODY.PEEK" : "BODY", section, partial)
        case .binary(let peek, let section, let partial):
            sectioned(peek ? "BINARY.PEEK" : "BINARY", section, partial)
        case .binarySize(let section):
            sectioned("BINARY.SIZE", section, nil)
        case .extensionItem(let name):
            raw(name)
        }
    }

    /// `name "[" section "]" ["<" number "." nz-number ">"]` (RFC 3501 §9, RFC 9051 §9).
    private mutating func sectioned(_ name: String, _ section: String, _ partial: ClosedRange<UInt32>?) {
        raw(name)
        raw("[")
        raw(section)
        raw("]")
        if let p = partial {
            raw("<"); number(p.lowerBound); raw("."); number(UInt64(p.upperBound) - UInt64(p.lowerBound) + 1); raw(">")
        }
    }

    mutating func searchKey(_ key: SearchKey) {
        switch key {
        case .all: raw("ALL")
        case .answered: raw("ANSWERED")
        case .deleted: raw("DELETED")
        case .draft: raw("DRAFT")
        case .flagged: raw("FLAGGED")
        case .new: raw("NEW")
        case .old: raw("OLD")
        case .recent: raw("RECENT")
        case .seen: raw("SEEN")
        case .unanswered: raw("UNANSWERED")
        case .undeleted: raw("UNDELETED")
        case .undraft: raw("UNDRAFT")
        case .unflagged: raw("UNFLAGGED")
        case .unseen: raw("UNSEEN")
        case .keyword(let f): raw("KEYWORD "); raw(f.spelling)
        case .unkeyword(let f): raw("UNKEYWORD "); raw(f.spelling)
        case .sequenceSet(let set): sequenceSet(set)
        case .uid(let set): raw("UID "); sequenceSet(set)
        case .not(let k): raw("NOT "); searchKey(k)
        case .or(let a, let b): raw("OR "); searchKey(a); sp(); searchKey(b)
        case .and(let keys): parenthesised(keys) { $0.searchKey($1) }
        case .modSeq(let entry, let value):
            raw("MODSEQ ")
            if let e = entry {
                quoted(e.name.utf8); sp(); raw(e.type.rawValue); sp()
            }
            number(value.rawValue)
        case .bcc(let s): raw("BCC "); astring(s)
        case .body(let s): raw("BODY "); astring(s)
        case .cc(let s): raw("CC "); astring(s)
        case .from(let s): raw("FROM "); astring(s)
        case .subject(let s): raw("SUBJECT "); astring(s)
        case .text(let s): raw("TEXT "); astring(s)
        case .to(let s): raw("TO "); astring(s)
        case .header(let field, let value): raw("HEADER "); astring(field); sp(); astring(value)
        case .before(let d): raw("BEFORE "); raw(d.description)
        case .on(let d): raw("ON "); raw(d.description)
        case .since(let d): raw("SINCE "); raw(d.description)
        case .sentBefore(let d): raw("SENTBEFORE "); raw(d.description)
        case .sentOn(let d): raw("SENTON "); raw(d.description)
        case .sentSince(let d): raw("SENTSINCE "); raw(d.description)
        case .larger(let n): raw("LARGER "); number(n)
        case .smaller(let n): raw("SMALLER "); number(n)
        case .extensionKey(let name, let argument):
            raw(name)
            if let a = argument {
                sp()
                if SearchKey.readOnlyExtensionKeys[name] == .astring { astring(a) } else { raw(a) }
            }
        }
    }
}
