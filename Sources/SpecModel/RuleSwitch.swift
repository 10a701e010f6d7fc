/// One difference between the original texts (RFC 4551 and RFC 5162) and RFC 7162, named after
/// the rule it changes, with the erratum or appendix item it comes from. The model and the checker
/// consult `isOn(in:)`; nothing else distinguishes the editions.
public enum RuleSwitch: String, Hashable, Sendable, CaseIterable {
    /// RFC 7162 Appendix A item 1 / Appendix B item 1: mod-sequences are 63-bit (RFC 4551: 64-bit).
    case modSeq63Bit
    /// Appendix B item 4: VANISHED instead of EXPUNGE after ENABLE QRESYNC is MUST (RFC 5162: SHOULD).
    case vanishedMustReplaceExpunge
    /// RFC 5162 erratum 1807: unsolicited FETCH responses carry UID and MODSEQ.
    case uidInUnsolicitedFetch
    /// RFC 5162 erratum 1808: CLOSE's tagged OK carries no HIGHESTMODSEQ (RFC 5162: MUST carry it).
    case noHighestModSeqOnClose
    /// RFC 5162 erratum 1809: a HIGHESTMODSEQ code wins over higher MODSEQs seen (RFC 7162 §6).
    case clientHighestModSeqRule
    /// RFC 5162 erratum 1810: events ordered so that no change is lost on disconnect (RFC 7162 §3.2).
    case noLostChangesOrdering
    /// RFC 5162 erratum 3322: plain VANISHED only for UIDs visible to the session (MUST, was SHOULD).
    case vanishedOnlyAnnouncedUIDs
    /// RFC 5162 erratum 1365: QRESYNC is on only once the server answered `ENABLED QRESYNC`.
    case qresyncOnlyAfterEnabled
    /// Appendix A item 3: HIGHESTMODSEQ/NOMODSEQ on SELECT only after a CONDSTORE enabling command
    /// (RFC 4551: on every successful SELECT/EXAMINE).
    case highestModSeqOnlyAfterEnabling
    /// RFC 4551 erratum 3506: `"MODIFIED" SP sequence-set` (RFC 4551's ABNF named the RFC 2060 rule `set`).
    case modifiedGrammar
    /// RFC 7162 §3.2.11: a server advertising only CONDSTORE also sends `OK [CLOSED]`.
    case closedForCondstoreOnly
    /// Appendix A item 4: UNCHANGEDSINCE checks every mod-sequence the STORE affects.
    case unchangedSinceChecksAllModSeqs
    /// Appendix B item 3: `ENABLE QRESYNC CONDSTORE` and `ENABLE CONDSTORE QRESYNC` are equivalent.
    case enableOrderEquivalence
    /// Appendix B items 5 and 6: SETMETADATA changes and per-message annotations count as metadata.
    case metadataBumpsModSeq
    /// RFC 4551 erratum 3401 (editorial): the modifier is spelled UNCHANGEDSINCE.
    case unchangedSinceSpelling
    /// RFC 4551 erratum 3509: Example 5's STORE names message 50, the one its FETCH reports.
    case example5Corrected
    /// RFC 7162 erratum 5055: a response code is followed by SP and text, also in the examples.
    case responseCodeTextInExamples

    /// Whether the rule as RFC 7162 (and its errata) states it applies in `edition`.
    public func isOn(in edition: Edition) -> Bool { edition == .rfc7162 }

    /// The erratum ID, or nil for a change listed only in RFC 7162's appendices or text.
    public var erratum: (rfc: Int, id: Int)? {
        switch self {
        case .uidInUnsolicitedFetch: return (5162, 1807)
        case .noHighestModSeqOnClose: return (5162, 1808)
        case .clientHighestModSeqRule: return (5162, 1809)
        case .noLostChangesOrdering: return (5162, 1810)
        case .vanishedOnlyAnnouncedUIDs: return (5162, 3322)
        case .qresyncOnlyAfterEnabled: return (5162, 1365)
        case .modifiedGrammar: return (4551, 3506)
        case .unchangedSinceSpelling: return (4551, 3401)
        case .example5Corrected: return (4551, 3509)
        case .responseCodeTextInExamples: return (7162, 5055)
        default: return nil
        }
    }

    /// Where RFC 7162 records the change.
    public var source: String {
        switch self {
        case .modSeq63Bit: return "RFC 7162 Appendix A item 1, Appendix B item 1"
        case .vanishedMustReplaceExpunge: return "RFC 7162 Appendix B item 4"
        case .highestModSeqOnlyAfterEnabling: return "RFC 7162 Appendix A item 3"
        case .closedForCondstoreOnly: return "RFC 7162 §3.2.11"
        case .unchangedSinceChecksAllModSeqs: return "RFC 7162 Appendix A item 4"
        case .enableOrderEquivalence: return "RFC 7162 Appendix B item 3"
        case .metadataBumpsModSeq: return "RFC 7162 Appendix B items 5 and 6"
        default:
            let e = erratum!
            return "RFC \(e.rfc) erratum \(e.id)"
        }
    }

    /// The RFC 7162 requirements (see `Registry`) whose text the switch changes.
    public var requirementIDs: [String] {
        switch self {
        case .modSeq63Bit: return ["R7162-3.1#1"]
        case .vanishedMustReplaceExpunge: return ["R7162-3.2.3#3", "R7162-3.2.10#1", "R7162-3.2.10.2#1"]
        case .uidInUnsolicitedFetch: return ["R7162-3.2.4#1", "R7162-3.1.4.2#1"]
        case .noHighestModSeqOnClose: return ["R7162-3.2.8#3"]
        case .clientHighestModSeqRule: return ["R7162-6#5", "R7162-6#6"]
        case .noLostChangesOrdering: return ["R7162-3.2#3", "R7162-3.2#4"]
        case .vanishedOnlyAnnouncedUIDs: return ["R7162-3.2.10.2#3", "R7162-3.2.10.2#4"]
        case .qresyncOnlyAfterEnabled: return ["R7162-3.2.3#5", "R7162-3.2.5#1", "R7162-3.2.10#1", "R7162-3.2.10.2#1"]
        case .highestModSeqOnlyAfterEnabling: return ["R7162-3.1.2#1", "R7162-3.1.2.1#1", "R7162-3.1.2.2#1"]
        case .modifiedGrammar: return ["R7162-3.1.3#4"]
        case .closedForCondstoreOnly: return ["R7162-3.2.11#L1"]
        case .unchangedSinceChecksAllModSeqs: return ["R7162-3.1.3#3"]
        case .enableOrderEquivalence: return ["R7162-3.2.3#2"]
        case .metadataBumpsModSeq: return ["R7162-3.2#2"]
        case .unchangedSinceSpelling: return ["R7162-3.1.3#3", "R7162-3.1.3#4"]
        case .example5Corrected: return ["R7162-3.1.3#2"]
        case .responseCodeTextInExamples: return ["R7162-3.1.2.1#1"]
        }
    }

    /// The RFC 4551 or RFC 5162 statements (see `Registry`) that the switch replaces, cited by the
    /// `rfc4551+5162` edition; empty where the original text has no keyword sentence for it (the
    /// rule was missing, or lived in the grammar or an example).
    public var originalRequirementIDs: [String] {
        switch self {
        case .modSeq63Bit: return ["R4551-1#1"]
        case .vanishedMustReplaceExpunge: return ["R5162-1#2", "R5162-3.6#2", "R5162-3.6#3"]
        case .uidInUnsolicitedFetch: return ["R4551-1#7"]
        case .noHighestModSeqOnClose: return ["R5162-3.4#3"]
        case .clientHighestModSeqRule: return ["R5162-5#3", "R5162-5#4"]
        case .vanishedOnlyAnnouncedUIDs: return ["R5162-3.6#5", "R5162-3.6#6"]
        case .qresyncOnlyAfterEnabled: return ["R5162-1#5"]
        case .highestModSeqOnlyAfterEnabling: return ["R4551-3.1#1", "R4551-3.1.1#1", "R4551-3.1.2#1"]
        case .closedForCondstoreOnly: return ["R5162-3.7#1"]
        case .metadataBumpsModSeq: return ["R5162-1#6"]
        case .unchangedSinceChecksAllModSeqs: return ["R4551-3.2#3"]
        case .example5Corrected: return ["R4551-3.2#2"]
        case .noLostChangesOrdering, .modifiedGrammar, .enableOrderEquivalence, .unchangedSinceSpelling,
             .responseCodeTextInExamples:
            return []
        }
    }
}
