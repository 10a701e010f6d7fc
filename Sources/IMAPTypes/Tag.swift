/// A command tag, RFC 3501 §9 (`tag = 1*<any ASTRING-CHAR except "+">`).
public struct Tag: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy(Tag.isTagChar) else { return nil }
        self.rawValue = rawValue
    }

    /// A tag from its wire bytes, as `init?(_:)` without the intermediate copy.
    public init?(bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty, bytes.allSatisfy(Tag.isTagChar) else { return nil }
        self.rawValue = String(decoding: bytes, as: UTF8.self)
    }

    /// ASTRING-CHAR (ATOM-CHAR or `]`) except `+`.
    public static func isTagChar(_ b: UInt8) -> Bool {
        b != UInt8(ascii: "+") && (Flag.isAtomChar(b) || b == UInt8(ascii: "]"))
    }

    public var description: String { rawValue }
}
