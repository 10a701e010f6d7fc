/// A message flag, RFC 3501 §2.3.2 and §9 (`flag`, `flag-fetch`, `flag-keyword`, `flag-extension`).
///
/// Flags compare case-insensitively (ASCII), as IMAP keywords do; the spelling as sent is kept for
/// encoding. `\Recent` can only be fetched, never stored (`flag-fetch`).
public struct Flag: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case answered, flagged, deleted, seen, draft
        /// `\Recent`: session flag, only in `flag-fetch`.
        case recent
        /// `flag-keyword = atom`.
        case keyword
        /// `flag-extension = "\" atom`, other than the system flags.
        case `extension`
    }

    public let kind: Kind
    /// The text as sent: `\Seen`, `$MDNSent`.
    public let spelling: String
    /// ASCII-lowercased spelling, the identity of the flag.
    public let key: String

    public static let answered = Flag(system: .answered, "\\Answered")
    public static let flagged = Flag(system: .flagged, "\\Flagged")
    public static let deleted = Flag(system: .deleted, "\\Deleted")
    public static let seen = Flag(system: .seen, "\\Seen")
    public static let draft = Flag(system: .draft, "\\Draft")
    public static let recent = Flag(system: .recent, "\\Recent")

    /// The five system flags that a STORE can set (RFC 3501 §2.3.2, without `\Recent`).
    public static let storableSystemFlags: [Flag] = [.answered, .flagged, .deleted, .seen, .draft]

    private init(system kind: Kind, _ spelling: String) {
        self.kind = kind
        self.spelling = spelling
        self.key = Flag.lower(spelling)
    }

    /// A flag from its wire spelling: `\Seen` (any case), `\Foo`, or a keyword atom.
    /// Returns nil for an empty name, a lone backslash or characters outside `atom`.
    public init?(_ spelling: String) {
        let bytes = Array(spelling.utf8)
        if bytes.first == UInt8(ascii: "\\") {
            let name = bytes.dropFirst()
            guard !name.isEmpty, name.allSatisfy(Flag.isAtomChar) else { return nil }
            let key = Flag.lower(spelling)
            switch key {
            case "\\answered": kind = .answered
            case "\\flagged": kind = .flagged
            case "\\deleted": kind = .deleted
            case "\\seen": kind = .seen
            case "\\draft": kind = .draft
            case "\\recent": kind = .recent
            default: kind = .extension
            }
            self.spelling = spelling
            self.key = key
        } else {
            guard !bytes.isEmpty, bytes.allSatisfy(Flag.isAtomChar) else { return nil }
            kind = .keyword
            self.spelling = spelling
            self.key = Flag.lower(spelling)
        }
    }

    /// A flag from its wire bytes, as `init?(_:)` but without intermediate copies (the parser's
    /// path: system flags spelled as RFC 3501 spells them are the shared values).
    public init?(bytes: ArraySlice<UInt8>) {
        let isBackslash = bytes.first == UInt8(ascii: "\\")
        let name = isBackslash ? bytes.dropFirst() : bytes
        guard !name.isEmpty, name.allSatisfy(Flag.isAtomChar) else { return nil }
        if isBackslash, let (system, exact) = Flag.system(name) {
            if exact {
                self = system
                return
            }
            kind = system.kind
        } else {
            kind = isBackslash ? .extension : .keyword
        }
        spelling = String(decoding: bytes, as: UTF8.self)
        key = String(unsafeUninitializedCapacity: bytes.count) { buffer in
            var i = 0
            for b in bytes {
                buffer[i] = (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b
                i += 1
            }
            return i
        }
    }

    /// The system flag named by `name` (the bytes after the backslash, any case) and whether it
    /// is spelled exactly as RFC 3501 spells it, or nil.
    private static func system(_ name: ArraySlice<UInt8>) -> (Flag, Bool)? {
        func match(_ canonical: StaticString, _ flag: Flag) -> (Flag, Bool)? {
            guard name.count == canonical.utf8CodeUnitCount else { return nil }
            var exact = true
            var i = 0
            for b in name {
                let c = canonical.utf8Start[i]
                if b != c {
                    exact = false
                    if (b | 0x20) != (c | 0x20) || !((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) { return nil }
                }
                i += 1
            }
            return (flag, exact)
        }
        switch name.count {
        case 4: return match("Seen", .seen)
        case 5: return match("Draft", .draft)
        case 6: return match("Recent", .recent)
        case 7: return match("Flagged", .flagged) ?? match("Deleted", .deleted)
        case 8: return match("Answered", .answered)
        default: return nil
        }
    }

    /// A system flag (one of the five storable ones or `\Recent`).
    public var isSystem: Bool { kind != .keyword && kind != .extension }

    /// A system flag's own bit (`\Recent` included), 0 for any other flag: a set of system flags
    /// as a mask compares without hashing.
    public var systemBit: UInt8 {
        switch kind {
        case .answered: return 1
        case .flagged: return 2
        case .deleted: return 4
        case .seen: return 8
        case .draft: return 16
        case .recent: return 32
        case .keyword, .extension: return 0
        }
    }

    /// Equal when the keys are: a system flag's key is fixed by its kind, so two system flags
    /// compare (and hash) by kind alone, without comparing or hashing text.
    public static func == (a: Flag, b: Flag) -> Bool {
        guard a.kind == b.kind else { return false }
        return a.isSystem || a.key == b.key
    }
    public func hash(into h: inout Hasher) {
        h.combine(kind)
        if !isSystem { h.combine(key) }
    }
    public var description: String { spelling }

    /// RFC 3501 §9 `ATOM-CHAR`: any CHAR except atom-specials.
    public static func isAtomChar(_ b: UInt8) -> Bool {
        guard b > 0x20, b < 0x7F else { return false }
        switch b {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "%"),
             UInt8(ascii: "*"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "]"):
            return false
        default:
            return true
        }
    }

    static func lower(_ s: String) -> String {
        String(decoding: s.utf8.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
