/// The choices RFC 7162 leaves to the server, as parameters. The reference server draws them from
/// its seed so that clients meet the whole latitude; none of them is a violation (the digest's
/// L-1 ... L-16, each confirmed against the RFC text cited).
public struct Latitude: Hashable, Sendable {
    /// RFC 7162 §3.1 (Examples 3 and 9): one mod-sequence per STORE command, or one per message.
    public enum Allocation: String, Hashable, Sendable, CaseIterable { case perCommand, perMessage }

    /// RFC 7162 §3.2.6 and §5: what VANISHED (EARLIER) may report beyond the UIDs expunged since
    /// the client's mod-sequence.
    public enum VanishedEarlierReporting: String, Hashable, Sendable, CaseIterable {
        /// Exactly the UIDs of the set expunged after the client's mod-sequence.
        case exact
        /// Every UID of the set that is not in the mailbox, including UIDs that never existed
        /// (§5.1, the server that remembers nothing; §3.2.10.2's last paragraph).
        case everyMissingUID
    }

    /// When changes made by other sessions reach a session (RFC 3501 §5.2 and §7.4.1; EXPUNGE and
    /// VANISHED never during FETCH, STORE or SEARCH, RFC 7162 §3.2.10.2).
    public enum NotificationTiming: String, Hashable, Sendable, CaseIterable {
        /// With the response to any command that may carry them.
        case anyCommand
        /// Only with NOOP and IDLE (and the commands that must, such as SELECT).
        case noopOnly
    }

    public var allocation: Allocation
    /// Mod-sequences may have gaps (§3.1: opaque values): each allocation skips 0...maxGap values.
    public var maxGap: UInt64
    /// The first mod-sequence a new mailbox uses; near 2^63-1 tests clients' 63-bit handling.
    public var initialModSeq: UInt64
    /// §3.1: a STORE that changes no flag SHOULD NOT change the mod-sequence. True here breaks the
    /// SHOULD (a deviation, never a violation); the reference server keeps it false by default.
    public var noOpStoreBumps: Bool
    /// §3.1.3: MODIFIED may come in a tagged NO (Example 11) when some messages no longer exist.
    public var modifiedInNo: Bool
    /// §3.1.3: it is RECOMMENDED to send a FETCH for messages that failed UNCHANGEDSINCE.
    public var fetchForFailedUnchangedSince: Bool
    public var vanishedEarlier: VanishedEarlierReporting
    /// §3.2.5.2, §5.2, §5.3: the server may ignore seq-match-data when its history suffices.
    public var honourSequenceMatch: Bool
    /// §5.3: at most this many expunge records are kept; older ones expire into one mod-sequence.
    public var expungeHistoryLimit: Int?
    public var notificationTiming: NotificationTiming
    /// §3.1: where the first enabling command's HIGHESTMODSEQ goes: untagged OK or tagged OK.
    public var highestModSeqInTaggedOK: Bool
    /// RFC 3501 §7.1: PERMANENTFLAGS lists `\*` and a STORE of a keyword lasts; or it lists only
    /// the system flags and a STORE of a keyword is ignored (APPEND and COPY still carry them).
    public var keepsKeywords: Bool
    /// §3.1.3 (R7162-3.1.3#8), §3.1.12: a conditional +FLAGS or -FLAGS fails only when a flag it
    /// names changed after the UNCHANGEDSINCE value (the server keeps what a mod-sequence per flag
    /// would say), not whenever the message's mod-sequence is above it; STORE FLAGS still fails then.
    public var avoidsSpuriousModified: Bool

    public init(allocation: Allocation = .perCommand, maxGap: UInt64 = 0, initialModSeq: UInt64 = 1,
                noOpStoreBumps: Bool = false, modifiedInNo: Bool = false, fetchForFailedUnchangedSince: Bool = true,
                vanishedEarlier: VanishedEarlierReporting = .exact, honourSequenceMatch: Bool = true,
                expungeHistoryLimit: Int? = nil, notificationTiming: NotificationTiming = .anyCommand,
                highestModSeqInTaggedOK: Bool = false, keepsKeywords: Bool = true, avoidsSpuriousModified: Bool = false) {
        self.allocation = allocation
        self.maxGap = maxGap
        self.initialModSeq = initialModSeq
        self.noOpStoreBumps = noOpStoreBumps
        self.modifiedInNo = modifiedInNo
        self.fetchForFailedUnchangedSince = fetchForFailedUnchangedSince
        self.vanishedEarlier = vanishedEarlier
        self.honourSequenceMatch = honourSequenceMatch
        self.expungeHistoryLimit = expungeHistoryLimit
        self.notificationTiming = notificationTiming
        self.highestModSeqInTaggedOK = highestModSeqInTaggedOK
        self.keepsKeywords = keepsKeywords
        self.avoidsSpuriousModified = avoidsSpuriousModified
    }

    /// A conforming choice of every parameter drawn from `rng`: what `qresync serve --seed` uses.
    /// `noOpStoreBumps` stays false: it would be a deviation from a SHOULD NOT.
    public static func random(using rng: inout SplitMix64) -> Latitude {
        func pick<T: CaseIterable>(_ t: T.Type) -> T where T.AllCases.Index == Int {
            T.allCases[Int(rng.below(UInt64(T.allCases.count)))]
        }
        let starts: [UInt64] = [1, 1, 1000, 0x7FFF_FF00_0000_0000]  // the last leaves 2^40 values of room
        return Latitude(
            allocation: pick(Allocation.self),
            maxGap: [0, 0, 3, 1000][Int(rng.below(4))],
            initialModSeq: starts[Int(rng.below(UInt64(starts.count)))],
            noOpStoreBumps: false,
            modifiedInNo: rng.chance(1, in: 2),
            fetchForFailedUnchangedSince: rng.chance(1, in: 2),
            vanishedEarlier: pick(VanishedEarlierReporting.self),
            honourSequenceMatch: rng.chance(1, in: 2),
            expungeHistoryLimit: rng.chance(1, in: 3) ? Int(rng.below(4)) + 1 : nil,
            notificationTiming: pick(NotificationTiming.self),
            highestModSeqInTaggedOK: rng.chance(1, in: 2),
            keepsKeywords: !rng.chance(1, in: 4),
            avoidsSpuriousModified: rng.chance(1, in: 2))
    }
}
