import IMAPTypes
import SpecModel

/// What the reference server says about itself: the model's capabilities (RFC 7162 §3.1.1,
/// §3.2.3; `MailStore.capabilities`) plus the SASL mechanism it implements, PLAIN (RFC 4616), and SASL-IR (RFC 4959) for
/// its initial response.
public enum ServerIdentity {
    public static func capabilities(_ model: [Capability]) -> [Capability] {
        model + [Capability("AUTH=PLAIN")!, Capability("SASL-IR")!]
    }

    /// The text of the greeting, RFC 3501 §7.1.1 (`* OK [CAPABILITY ...] text`).
    public static let greetingText = "qresync reference server ready"
}
