/// A mailbox name, RFC 3501 §5.1 and §9 (`mailbox = "INBOX" / astring`). The bytes are kept as sent
/// (modified UTF-7 is not decoded); `INBOX` is case-insensitive and normalised to upper case.
public struct MailboxName: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public static let inbox = MailboxName(bytes: Array("INBOX".utf8))

    public init(bytes: [UInt8]) {
        if bytes.count == 5, Flag.lower(String(decoding: bytes, as: UTF8.self)) == "inbox" {
            self.bytes = Array("INBOX".utf8)
        } else {
            self.bytes = bytes
        }
    }

    public init(_ name: String) { self.init(bytes: Array(name.utf8)) }

    public var isInbox: Bool { self == .inbox }

    /// The bytes hashed at once (the synthesized hash feeds the hasher one byte at a time).
    public func hash(into h: inout Hasher) { bytes.withUnsafeBytes { h.combine(bytes: $0) } }
    public var description: String { String(decoding: bytes, as: UTF8.self) }
}
