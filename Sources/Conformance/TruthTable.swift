import IMAPTypes
import SpecModel

/// Closed world: the ground truth of each mailbox (`MailboxTruth`), by name, and the names whose
/// truth cannot be kept because the name may not denote one mailbox.
///
/// A name means a mailbox of the user logged in (RFC 3501 §5.1: INBOX is "the primary mailbox for
/// this user"; other names may be the user's own or shared, RFC 2342), so sessions of two users
/// that use the same name may reach two mailboxes or one. Once that is seen (`use(_:by:)`), the
/// name has no truth: reading it gives nil and writing it is ignored, so every closed-world rule
/// about it starts from knowing nothing (the open-world rules still run).
struct TruthTable {
    private var truths: [MailboxName: MailboxTruth] = [:]
    /// The first user seen using each name, and the names used by more than one.
    private var userOf: [MailboxName: String] = [:]
    private(set) var ambiguous: Set<MailboxName> = []

    subscript(name: MailboxName) -> MailboxTruth? {
        get { truths[name] }
        set { if ambiguous.isEmpty || !ambiguous.contains(name) { truths[name] = newValue } }
    }

    mutating func removeValue(forKey name: MailboxName) -> MailboxTruth? { truths.removeValue(forKey: name) }

    /// A session of `user` (nil: not known) uses `name`. Returns true when this makes the name
    /// ambiguous: another user used it before.
    mutating func use(_ name: MailboxName, by user: String?) -> Bool {
        guard let user, !ambiguous.contains(name) else { return false }
        guard let first = userOf[name] else {
            userOf[name] = user
            return false
        }
        guard first != user else { return false }
        ambiguous.insert(name)
        truths[name] = nil
        return true
    }
}

extension Command {
    /// The mailboxes the command names (a LIST pattern names none).
    var mailboxNames: [MailboxName] {
        switch self {
        case .select(let m, _), .examine(let m, _), .create(let m), .delete(let m), .status(let m, _),
             .append(let m, _, _, _), .copy(_, let m, _), .move(_, let m, _):
            return [m]
        case .rename(let from, let to):
            return [from, to]
        default:
            return []
        }
    }
}

/// The user a SASL initial response names, for the mechanisms that carry one in the clear
/// (base64): PLAIN, XOAUTH2 and OAUTHBEARER. Nil for any other mechanism or a response that does
/// not decode.
func saslUser(mechanism: String, _ base64: String) -> String? {
    switch mechanism.uppercased() {
    case "PLAIN": return plainUser(base64)
    case "XOAUTH2":
        // "user=" user ^A "auth=Bearer " token ^A ^A (Google's and Microsoft's XOAUTH2).
        guard let bytes = Base64.decode(base64) else { return nil }
        let first = bytes.split(separator: 0x01, omittingEmptySubsequences: false).first ?? []
        guard first.starts(with: Array("user=".utf8)), first.count > 5 else { return nil }
        return String(decoding: first.dropFirst(5), as: UTF8.self)
    case "OAUTHBEARER":
        // RFC 7628 §3.1: a GS2 header "n,a=" authzid "," then ^A-separated key=value pairs; the
        // user is the authzid, when there is one (",", "=" escaped as =2C, =3D).
        guard let bytes = Base64.decode(base64) else { return nil }
        let header = bytes.split(separator: 0x01, omittingEmptySubsequences: false).first ?? []
        let fields = header.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard fields.count >= 2, fields[1].starts(with: Array("a=".utf8)), fields[1].count > 2 else { return nil }
        var user: [UInt8] = []
        var rest = fields[1].dropFirst(2)
        while let b = rest.first {
            if rest.starts(with: Array("=2C".utf8)) { user.append(UInt8(ascii: ",")); rest = rest.dropFirst(3) }
            else if rest.starts(with: Array("=3D".utf8)) { user.append(UInt8(ascii: "=")); rest = rest.dropFirst(3) }
            else { user.append(b); rest = rest.dropFirst() }
        }
        return String(decoding: user, as: UTF8.self)
    default: return nil
    }
}

/// The user a SASL PLAIN initial response names (RFC 4616 §2: `[authzid] NUL authcid NUL passwd`,
/// in base64): the authorization identity, or the authentication identity when that is empty.
func plainUser(_ base64: String) -> String? {
    guard let bytes = Base64.decode(base64) else { return nil }
    let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    let id = parts[0].isEmpty ? parts[1] : parts[0]
    return id.isEmpty ? nil : String(decoding: id, as: UTF8.self)
}

