import SpecModel

/// How a trace is judged.
public struct CheckOptions: Hashable, Sendable {
    /// Which text the trace is judged against.
    public var edition: Edition
    /// True when every session touching the mailboxes is in the trace (what the fuzzer produces);
    /// then the checker reconstructs the ground truth and checks completeness too.
    public var closedWorld: Bool

    public init(edition: Edition = .rfc7162, closedWorld: Bool = false) {
        self.edition = edition
        self.closedWorld = closedWorld
    }

    /// Whether a rule as RFC 7162 states it applies.
    func on(_ rule: RuleSwitch) -> Bool { rule.isOn(in: edition) }
}
