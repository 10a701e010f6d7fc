/// Which text the model follows. RFC 7162 is the default; `rfc4551And5162` is the original pair of
/// documents it replaced, with every difference a named rule switch (see `RuleSwitch`).
public enum Edition: String, Hashable, Sendable, CaseIterable {
    case rfc7162 = "rfc7162"
    case rfc4551And5162 = "rfc4551+5162"
}
