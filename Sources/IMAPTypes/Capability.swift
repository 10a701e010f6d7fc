/// A capability name, RFC 3501 §9 (`capability = ("AUTH=" auth-type) / atom`). Compared
/// case-insensitively; the spelling is kept.
public struct Capability: Hashable, Sendable, CustomStringConvertible {
    public let spelling: String
    public let key: String

    public static let imap4rev1 = Capability(unchecked: "IMAP4rev1")
    public static let imap4rev2 = Capability(unchecked: "IMAP4rev2")
    public static let condstore = Capability(unchecked: "CONDSTORE")
    public static let qresync = Capability(unchecked: "QRESYNC")
    public static let enable = Capability(unchecked: "ENABLE")
    public static let uidplus = Capability(unchecked: "UIDPLUS")
    public static let move = Capability(unchecked: "MOVE")
    public static let idle = Capability(unchecked: "IDLE")
    public static let literalPlus = Capability(unchecked: "LITERAL+")
    public static let esearch = Capability(unchecked: "ESEARCH")
    public static let unselect = Capability(unchecked: "UNSELECT")
    /// RFC 9586.
    public static let uidOnly = Capability(unchecked: "UIDONLY")

    public init?(_ spelling: String) {
        let bytes = Array(spelling.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy(Flag.isAtomChar) else { return nil }
        self.init(unchecked: spelling)
    }

    private init(unchecked spelling: String) {
        self.spelling = spelling
        self.key = Flag.lower(spelling).uppercased()
    }

    public static func == (a: Self, b: Self) -> Bool { a.key == b.key }
    public func hash(into h: inout Hasher) { h.combine(key) }
    public var description: String { spelling }
}
