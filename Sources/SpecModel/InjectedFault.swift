/// A deliberate deviation from RFC 7162 that changes the model's state, for testing checkers and
/// clients against a server known to be wrong. Test-only: a `MailStore` whose `injectedFaults` is
/// empty (the default) is the conforming model. Faults that only change what is said on the wire
/// are injected by the reference server, which rewrites the model's responses; these are the ones
/// whose later responses must follow from the wrong state.
public enum InjectedFault: String, Hashable, Sendable, CaseIterable {
    /// A STORE that changes flags leaves the message's mod-sequence as it was (breaks R7162-3.1#4).
    case modSeqNotBumped = "modseq-not-bumped"
    /// STORE UNCHANGEDSINCE stores even where the message's mod-sequence is above the given value
    /// (breaks R7162-3.1.3#3).
    case unchangedSinceIgnored = "unchangedsince-ignored"
    /// EXPUNGE and UID EXPUNGE remove messages without incrementing the mailbox's mod-sequence; the
    /// expunge is remembered with the old value, which the tagged OK reports (breaks R7162-3.2.7#1).
    case expungeKeepsHighestModSeq = "expunge-keeps-highestmodseq"
}
