import SpecModel

/// A named deviation from RFC 7162 that the reference server can be told to make
/// (`qresync serve --fault NAME`), so that checkers and clients can be tested against a server
/// that is known to be wrong in exactly one way. Each fault names the requirement it breaks (IDs
/// of the registry in `SpecModel`); with no fault the server conforms.
///
/// Faults that only change what is said are injected by rewriting the model's outcome
/// (`FaultRewriter`); faults whose later responses must follow from the wrong state are
/// `InjectedFault`s of the store.
public enum ServerFault: String, Hashable, Sendable, CaseIterable, Comparable {
    /// A STORE that changes flags keeps the old mod-sequence.
    case modSeqNotBumped = "modseq-not-bumped"
    /// FETCH CHANGEDSINCE m also returns the messages whose mod-sequence equals m (the command is
    /// run as CHANGEDSINCE m-1).
    case changedSinceInclusive = "changedsince-inclusive"
    /// STORE UNCHANGEDSINCE stores even where the message's mod-sequence is higher.
    case unchangedSinceIgnored = "unchangedsince-ignored"
    /// EXPUNGE does not increment the mailbox's mod-sequence; its tagged OK reports the old value.
    case expungeKeepsHighestModSeq = "expunge-keeps-highestmodseq"
    /// Expunges are reported with EXPUNGE even after ENABLE QRESYNC.
    case expungeInsteadOfVanished = "expunge-instead-of-vanished"
    /// VANISHED (EARLIER) leaves out the highest UID it should report.
    case vanishedEarlierIncomplete = "vanished-earlier-incomplete"
    /// SELECT or EXAMINE closing the selected mailbox sends no OK [CLOSED].
    case missingClosed = "missing-closed"
    /// Unsolicited FETCH responses (NOOP, CHECK, IDLE) carry no UID after CONDSTORE was enabled.
    case fetchWithoutUID = "fetch-without-uid"
    /// CLOSE's tagged OK carries HIGHESTMODSEQ.
    case highestModSeqOnClose = "highestmodseq-on-close"
    /// Mod-sequences on the wire start above 2^63-1 (RFC 4551's 64-bit range): every value is
    /// the model's plus 2^63-1, and the client's values are read back the same way.
    case modSeq64Bit = "modseq-64-bit"

    /// The requirement the fault breaks.
    public var requirementID: String {
        switch self {
        case .modSeqNotBumped: return "R7162-3.1#4"
        // §3.1.4.1 defines CHANGEDSINCE as "strictly greater" without a BCP 14 keyword, so the
        // registry has no numbered statement for it; the section is the citation.
        case .changedSinceInclusive: return "R7162-3.1.4.1#D1"
        case .unchangedSinceIgnored: return "R7162-3.1.3#3"
        case .expungeKeepsHighestModSeq: return "R7162-3.2.7#1"
        case .expungeInsteadOfVanished: return "R7162-3.2.10.2#1"
        case .vanishedEarlierIncomplete: return "R7162-3.2.5.1#3"
        case .missingClosed: return "R7162-3.2.11#1"
        case .fetchWithoutUID: return "R7162-3.2.4#1"
        case .highestModSeqOnClose: return "R7162-3.2.8#3"
        case .modSeq64Bit: return "R7162-3.1#1"
        }
    }

    /// Every requirement the fault breaks by construction, its own first: a rule stated once per
    /// command is broken in each command the fault reaches (VANISHED (EARLIER) in SELECT and in UID
    /// FETCH; an expunge by EXPUNGE, UID EXPUNGE or MOVE), and a change without a new mod-sequence
    /// can show as a conditional STORE or CHANGEDSINCE that the old value no longer explains.
    public var brokenRequirements: [String] {
        switch self {
        case .vanishedEarlierIncomplete: return [requirementID, "R7162-3.2.6#D1"]
        case .unchangedSinceIgnored: return [requirementID, "R7162-3.1.3#6"]
        // An expunge at the old mod-sequence is also missing from a resynchronisation since that
        // value (VANISHED (EARLIER) of SELECT QRESYNC and of UID FETCH VANISHED).
        case .expungeKeepsHighestModSeq: return [requirementID, "R7162-3.2.9#1", "R6851-4.4#2", "R7162-3.2.5.1#3", "R7162-3.2.6#D1"]
        // A change kept at the old mod-sequence: the values that must cover it do not (the
        // CHANGEDSINCE answer, a search's MODSEQ, HIGHESTMODSEQ in SELECT and STATUS), and a message
        // appended after a silent change gets a mod-sequence not above the changed message's.
        case .modSeqNotBumped: return [requirementID, "R7162-3.1.3#3", "R7162-3.1.4.1#D1", "R7162-3.1.4.1#D2",
                                       "R7162-3.1.5#3", "R7162-3.1.10#1", "R7162-3.1.2.1#D1", "R7162-3.1.7#D1",
                                       "R7162-3.1#D1"]
        default: return [requirementID]
        }
    }

    /// One line on what the server then does wrong.
    public var summary: String {
        switch self {
        case .modSeqNotBumped: return "a STORE that changes flags keeps the old mod-sequence"
        case .changedSinceInclusive: return "FETCH CHANGEDSINCE m also returns messages whose mod-sequence is m"
        case .unchangedSinceIgnored: return "STORE UNCHANGEDSINCE stores even when the mod-sequence is higher"
        case .expungeKeepsHighestModSeq: return "EXPUNGE keeps HIGHESTMODSEQ and reports the old value in its tagged OK"
        case .expungeInsteadOfVanished: return "EXPUNGE responses instead of VANISHED after ENABLE QRESYNC"
        case .vanishedEarlierIncomplete: return "VANISHED (EARLIER) drops the highest UID it should report"
        case .missingClosed: return "no OK [CLOSED] when SELECT or EXAMINE closes the selected mailbox"
        case .fetchWithoutUID: return "unsolicited FETCH responses without UID after CONDSTORE was enabled"
        case .highestModSeqOnClose: return "CLOSE's tagged OK carries HIGHESTMODSEQ"
        case .modSeq64Bit: return "mod-sequences above 2^63-1 (64-bit values on the wire)"
        }
    }

    /// The store-level fault behind this one, when the fault changes the model's state.
    public var injectedFault: InjectedFault? {
        switch self {
        case .modSeqNotBumped: return .modSeqNotBumped
        case .unchangedSinceIgnored: return .unchangedSinceIgnored
        case .expungeKeepsHighestModSeq: return .expungeKeepsHighestModSeq
        default: return nil
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
