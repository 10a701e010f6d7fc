import IMAPTypes

/// Canonical wire bytes for a server response, RFC 3501 §9 with the additions `ResponseParser`
/// reads: keywords in upper case, one SP between tokens, CRLF at the end. Strings are atoms
/// where `astring` allows, quoted when every byte is a 7-bit `QUOTED-CHAR`, literals otherwise.
///
/// The encoder writes what the value says; values the grammar cannot carry are written as they
/// are and rejected by the parser (an empty `VANISHED` set, a `SEARCH` mod-sequence with no
/// numbers, text starting with `[` without a code). CR, LF and NUL in text are written as SP so
/// that a response is always one line.
public enum ResponseEncoder {
    public static func encode(_ r: ServerResponse) -> [UInt8] {
        var w = WireWriter()
        switch r {
        case .continuation(let request):
            switch request {
            case .base64(let s):
                w.append("+ ")
                w.appendText(s)
            case .text(let t) where t.code == nil && t.text.isEmpty:
                // "+ " alone would be empty base64; a bare "+" is what `Leniency.emptyResponseText` reads.
                w.append("+")
            case .text(let t):
                w.append("+ ")
                w.appendRespText(t)
            }
        case .tagged(let tag, let status, let text):
            w.append(tag.rawValue)
            w.append(" ")
            w.append(status.rawValue)
            w.appendCondText(text)
        case .untagged(let u):
            w.append("* ")
            w.appendUntagged(u)
        }
        w.append("\r\n")
        return w.bytes
    }
}

/// A byte buffer with the response grammar's writing primitives.
struct WireWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(64) }

    mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// A decimal number, written digit by digit without an intermediate string.
    mutating func append<N: UnsignedInteger>(number n: N) {
        var v = UInt64(n)
        let start = bytes.count
        repeat {
            bytes.append(0x30 + UInt8(v % 10))
            v /= 10
        } while v > 0
        bytes[start...].reverse()
    }

    /// `text`: CR, LF and NUL become SP.
    mutating func appendText(_ s: String) {
        let start = bytes.count
        bytes.append(contentsOf: s.utf8)
        for i in start..<bytes.count where bytes[i] == 0x0D || bytes[i] == 0x0A || bytes[i] == 0 { bytes[i] = 0x20 }
    }

    /// `SP resp-text`, or nothing when there is neither code nor text.
    mutating func appendCondText(_ t: ResponseText) {
        if t.code == nil && t.text.isEmpty { return }
        append(" ")
        appendRespText(t)
    }

    /// `resp-text = ["[" resp-text-code "]" SP] text` (no SP when the text is empty).
    mutating func appendRespText(_ t: ResponseText) {
        if let code = t.code {
            append("[")
            appendCode(code)
            append("]")
            if !t.text.isEmpty { append(" ") }
        }
        appendText(t.text)
    }

    mutating func appendCode(_ code: ResponseCode) {
        switch code {
        case .alert: append("ALERT")
        case .badCharset(let charsets):
            append("BADCHARSET")
            if !charsets.isEmpty {
                append(" (")
                for (i, c) in charsets.enumerated() {
                    if i > 0 { append(" ") }
                    appendAString(Array(c.utf8))
                }
                append(")")
            }
        case .capability(let caps):
            append("CAPABILITY")
            appendCapabilities(caps)
        case .parse: append("PARSE")
        case .permanentFlags(let flags):
            append("PERMANENTFLAGS (")
            for (i, f) in flags.enumerated() {
                if i > 0 { append(" ") }
                switch f {
                case .flag(let flag): append(flag.spelling)
                case .wildcard: append("\\*")
                }
            }
            append(")")
        case .readOnly: append("READ-ONLY")
        case .readWrite: append("READ-WRITE")
        case .tryCreate: append("TRYCREATE")
        case .uidNext(let uid):
            append("UIDNEXT ")
            append(number: uid.rawValue)
        case .uidValidity(let v):
            append("UIDVALIDITY ")
            append(number: v.rawValue)
        case .unseen(let n):
            append("UNSEEN ")
            append(number: n.rawValue)
        case .highestModSeq(let m):
            append("HIGHESTMODSEQ ")
            append(number: m.rawValue)
        case .noModSeq: append("NOMODSEQ")
        case .modified(let set):
            append("MODIFIED ")
            append(set.description)
        case .closed: append("CLOSED")
        case .appendUID(let v, let uids):
            append("APPENDUID ")
            append(number: v.rawValue)
            append(" ")
            append(uids.description)
        case .copyUID(let v, let source, let destination):
            append("COPYUID ")
            append(number: v.rawValue)
            append(" ")
            appendRanges(source)
            append(" ")
            appendRanges(destination)
        case .uidNotSticky: append("UIDNOTSTICKY")
        case .alreadyExists: append("ALREADYEXISTS")
        case .nonExistent: append("NONEXISTENT")
        case .other(let name, let arguments):
            append(name)
            if let arguments {
                append(" ")
                appendText(arguments)
            }
        }
    }

    mutating func appendRanges(_ ranges: [ClosedRange<UInt32>]) {
        for (i, r) in ranges.enumerated() {
            if i > 0 { append(",") }
            append(number: r.lowerBound)
            if r.upperBound != r.lowerBound {
                append(":")
                append(number: r.upperBound)
            }
        }
    }

    mutating func appendCapabilities(_ caps: [Capability]) {
        for c in caps {
            append(" ")
            append(c.spelling)
        }
    }

    mutating func appendFlags(_ flags: [Flag]) {
        append("(")
        for (i, f) in flags.enumerated() {
            if i > 0 { append(" ") }
            append(f.spelling)
        }
        append(")")
    }

    mutating func appendUntagged(_ u: UntaggedResponse) {
        switch u {
        case .condition(let status, let text):
            append(status.rawValue)
            appendCondText(text)
        case .capability(let caps):
            append("CAPABILITY")
            appendCapabilities(caps)
        case .enabled(let caps):
            append("ENABLED")
            appendCapabilities(caps)
        case .flags(let flags):
            append("FLAGS ")
            appendFlags(flags)
        case .list(let entry):
            append(entry.isLSUB ? "LSUB (" : "LIST (")
            append(entry.attributes.joined(separator: " "))
            append(") ")
            if let d = entry.delimiter {
                append("\"")
                if d == UInt8(ascii: "\"") || d == UInt8(ascii: "\\") { append("\\") }
                bytes.append(d)
                append("\"")
            } else {
                append("NIL")
            }
            append(" ")
            appendAString(entry.name.bytes)
            if !entry.extended.isEmpty {
                append(" ")
                bytes += entry.extended
            }
        case .exists(let n):
            append(number: n)
            append(" EXISTS")
        case .recent(let n):
            append(number: n)
            append(" RECENT")
        case .expunge(let n):
            append(number: n.rawValue)
            append(" EXPUNGE")
        case .fetch(let n, let attributes):
            append(number: n.rawValue)
            append(" FETCH ")
            appendMsgAtt(attributes)
        case .uidFetch(let uid, let attributes):
            append(number: uid.rawValue)
            append(" UIDFETCH ")
            appendMsgAtt(attributes)
        case .search(let numbers, let modSeq):
            appendNumbers("SEARCH", numbers, modSeq: modSeq)
        case .esearch(let e):
            append("ESEARCH")
            if let tag = e.correlator {
                append(" (TAG \"")
                append(tag.rawValue)
                append("\")")
            }
            if e.isUID { append(" UID") }
            for d in e.returnData {
                switch d {
                case .min(let n):
                    append(" MIN ")
                    append(number: n)
                case .max(let n):
                    append(" MAX ")
                    append(number: n)
                case .all(let set):
                    append(" ALL ")
                    append(set.description)
                case .count(let n):
                    append(" COUNT ")
                    append(number: n)
                case .modSeq(let m):
                    append(" MODSEQ ")
                    append(number: m.rawValue)
                case .other(let name, let value):
                    append(" ")
                    append(name)
                    append(" ")
                    bytes.append(contentsOf: value)
                }
            }
        case .status(let mailbox, let values):
            append("STATUS ")
            appendAString(mailbox.bytes)
            append(" (")
            for (i, v) in values.enumerated() {
                if i > 0 { append(" ") }
                switch v {
                case .messages(let n):
                    append("MESSAGES ")
                    append(number: n)
                case .recent(let n):
                    append("RECENT ")
                    append(number: n)
                case .uidNext(let u):
                    append("UIDNEXT ")
                    append(number: u.rawValue)
                case .uidValidity(let u):
                    append("UIDVALIDITY ")
                    append(number: u.rawValue)
                case .unseen(let n):
                    append("UNSEEN ")
                    append(number: n)
                case .highestModSeq(let m):
                    append("HIGHESTMODSEQ ")
                    append(number: m.rawValue)
                case .other(let name, let value):
                    append(name)
                    append(" ")
                    append(number: value)
                case .extensionValue(let name, let value):
                    append(name)
                    append(" ")
                    bytes.append(contentsOf: value)
                }
            }
            append(")")
        case .vanished(let uids):
            append("VANISHED ")
            append(uids.description)
        case .vanishedEarlier(let uids):
            append("VANISHED (EARLIER) ")
            append(uids.description)
        case .sort(let numbers, let modSeq):
            appendNumbers("SORT", numbers, modSeq: modSeq)
        case .thread(let threads):
            append("THREAD")
            if !threads.isEmpty { append(" ") }
            for t in threads { appendThreadList(t) }
        case .other(let name, let data):
            append(name)
            if !data.isEmpty {
                append(" ")
                bytes.append(contentsOf: data)
            }
        }
    }

    /// `thread-list = "(" (thread-members / thread-nested) ")"`, RFC 5256 §4: members one SP
    /// apart, subthreads side by side.
    /// `"[" section "]" ["<" number ">"]` after a FETCH item's name (RFC 3501 §9 msg-att-static);
    /// no brackets for a nil section.
    mutating func appendSection(_ section: String?, origin: UInt32?) {
        if let section {
            append("[")
            append(section)
            append("]")
        }
        if let origin {
            append("<")
            append(number: origin)
            append(">")
        }
    }

    /// `name *(SP nz-number) [SP "(MODSEQ " mod-sequence-value ")"]`: SEARCH (RFC 3501 §7.2.5) and
    /// SORT (RFC 5256), with RFC 7162 §3.1.5's and §3.1.9's MODSEQ.
    mutating func appendNumbers(_ name: String, _ numbers: [UInt32], modSeq: ModSeq?) {
        append(name)
        for n in numbers {
            append(" ")
            append(number: n)
        }
        if let modSeq {
            append(" (MODSEQ ")
            append(number: modSeq.rawValue)
            append(")")
        }
    }

    mutating func appendThreadList(_ t: ThreadList) {
        append("(")
        for (i, n) in t.members.enumerated() {
            if i > 0 { append(" ") }
            append(number: n)
        }
        if !t.members.isEmpty, !t.children.isEmpty { append(" ") }
        for child in t.children { appendThreadList(child) }
        append(")")
    }

    /// `msg-att = "(" ... ")"`, RFC 3501 §9: the data items one SP apart.
    mutating func appendMsgAtt(_ attributes: [FetchAttribute]) {
        append("(")
        for (i, a) in attributes.enumerated() {
            if i > 0 { append(" ") }
            appendFetchAttribute(a)
        }
        append(")")
    }

    mutating func appendFetchAttribute(_ a: FetchAttribute) {
        switch a {
        case .uid(let uid):
            append("UID ")
            append(number: uid.rawValue)
        case .flags(let flags):
            append("FLAGS ")
            appendFlags(flags)
        case .modSeq(let m):
            append("MODSEQ (")
            append(number: m.rawValue)
            append(")")
        case .internalDate(let date):
            append("INTERNALDATE \"")
            append(date)
            append("\"")
        case .rfc822Size(let n):
            append("RFC822.SIZE ")
            append(number: n)
        case .bodySection(let name, let section, let origin, let data):
            if name == "BODY" {
                append("BODY")
                appendSection(section, origin: origin)
            } else {
                append(name)
            }
            append(" ")
            if let data { appendString(data) } else { append("NIL") }
        case .raw(let name, let value):
            append(name)
            append(" ")
            bytes.append(contentsOf: value)
        case .other(let name, let section, let origin, let value):
            append(name)
            appendSection(section, origin: origin)
            append(" ")
            bytes.append(contentsOf: value)
        }
    }

    /// `astring`: an atom (ASTRING-CHARs) when possible, else `string`.
    mutating func appendAString(_ s: [UInt8]) {
        if !s.isEmpty, s.allSatisfy({ Flag.isAtomChar($0) || $0 == UInt8(ascii: "]") }) {
            bytes.append(contentsOf: s)
        } else {
            appendString(s)
        }
    }

    /// `string = quoted / literal`: quoted when every byte is a 7-bit QUOTED-CHAR (or an escaped
    /// quoted-special) and the string is short, a literal otherwise.
    mutating func appendString(_ s: [UInt8]) {
        if s.count <= 1024, s.allSatisfy({ $0 >= 0x01 && $0 <= 0x7F && $0 != 0x0D && $0 != 0x0A }) {
            bytes.append(UInt8(ascii: "\""))
            for b in s {
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(b)
            }
            bytes.append(UInt8(ascii: "\""))
        } else {
            append("{")
            append(number: UInt(s.count))
            append("}\r\n")
            bytes.append(contentsOf: s)
        }
    }
}
