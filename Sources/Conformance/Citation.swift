/// The requirement each checker rule cites, by registry ID (`SpecModel.Registry`). One place, so
/// that a test can check every citation against the registry and the RFC text.
public enum Citation {
    // RFC 7162 §3.1: CONDSTORE.
    static let modSeqRange = "R7162-3.1#1"
    static let flagChangeUpdatesModSeq = "R7162-3.1#4"
    static let modSeqInUnsolicitedFetch = "R7162-3.1#7"
    static let firstEnablingReturnsHighestModSeq = "R7162-3.1#8"
    static let selectReturnsHighestModSeqOrNoModSeq = "R7162-3.1.2#1"
    static let noModSeqRejectsModSeqCommands = "R7162-3.1.2.2#2"
    static let unchangedSinceFetchEvenIfSilent = "R7162-3.1.3#2"
    static let modifiedListsFailures = "R7162-3.1.3#4"
    static let systemFlagAlwaysExists = "R7162-3.1.3#6"
    static let unchangedSinceMustFail = "R7162-3.1.3#3"
    static let changedSinceOnlyNewer = "R7162-3.1.4.1#D1"
    static let moveSetsNoDeleted = "R6851-3.3#1"
    static let duplicateNotFailedAfterSuccess = "R7162-3.1.3#13"
    static let rfc5162QResyncNeedsEnable = "R5162-1#5"
    static let storesGetDistinctModSeqs = "R7162-3.1#2"
    static let laterStoreHigherModSeq = "R7162-3.1#3"
    static let changedSinceAnswersEvery = "R7162-3.1.4.1#D2"
    static let selectHighestModSeqIsHighest = "R7162-3.1.2.1#D1"
    static let statusNoModSeqZero = "R7162-3.1.7#1"
    static let statusHighestModSeqIsHighest = "R7162-3.1.7#D1"
    static let enabledOnlyAsked = "R5161-3.2#D1"
    static let vanishedEarlierOnlyGone = "R7162-3.2.10.1#D1"
    static let condstoreOnlyShouldSendUID = "R7162-3.1.4.2#1"
    static let searchModSeqAppended = "R7162-3.1.5#3"
    static let modSeqSearchOnlyAtLeast = "R7162-3.1.5#D1"
    static let modSeqSearchFindsEvery = "R7162-3.1.5#D2"
    static let esearchModSeq = "R7162-3.1.10#1"
    // RFC 5161 §3.1 and RFC 7162 §3.2.3: ENABLE.
    static let enableTurnsOnSupported = "R5161-3.1#3"
    static let enableAnsweredWithEnabled = "R5161-3.1#4"
    static let noResponseBeforeEnabled = "R5161-1#D1"
    static let enableKeepsCapabilities = "R5161-3.1#8"
    static let enableQResyncCondstoreEquivalent = "R7162-3.2.3#2"
    // RFC 7162 §3.2: QRESYNC.
    static let qresyncListsCondstore = "R7162-3.2.2#1"
    static let qresyncListsEnable = "R7162-3.2.3#1"
    static let clientEnablesQResync = "R7162-3.2.3#4"
    static let clientSeqMatchAscending = "R7162-3.2.5.2#2"
    static let clientVanishedWithChangedSince = "R7162-3.2.6#3"
    static let clientLineLength = "R7162-4#L1"
    static let clientCachesHighestModSeqCode = "R7162-6#5"
    static let expungeIncrementsModSeq = "R7162-3.2.7#1"
    static let uidExpungeIncrementsModSeq = "R7162-3.2.9#1"
    static let moveIncrementsModSeq = "R6851-4.4#2"
    static let noLostChanges = "R7162-3.2#3"
    static let uidAndModSeqInFetch = "R7162-3.2.4#1"
    static let selectQResyncBadWithoutEnable = "R7162-3.2.5#1"
    static let uidValidityMismatchIgnoresParameters = "R7162-3.2.5#3"
    static let noModSeqIgnoresParameters = "R7162-3.2.5.1#2"
    static let resyncFetchHasUIDs = "R7162-3.2.5.1#3"
    static let vanishedModifierNotOnFetch = "R7162-3.2.6#1"
    static let vanishedModifierNeedsQResync = "R7162-3.2.6#2"
    static let vanishedModifierNeedsChangedSince = "R7162-3.2.6#4"
    static let vanishedEarlierBeforeFetch = "R7162-3.2.6#5"
    static let vanishedModifierReportsExpunged = "R7162-3.2.6#D1"
    static let expungeHighestModSeq = "R7162-3.2.7#3"
    static let closeNoHighestModSeq = "R7162-3.2.8#3"
    static let uidExpungeHighestModSeq = "R7162-3.2.9#3"
    static let vanishedNotEarlier = "R7162-3.2.10#2"
    static let vanishedInsteadOfExpunge = "R7162-3.2.10.2#1"
    static let vanishedOnlyVisibleUIDs = "R7162-3.2.10.2#3"
    static let vanishedTiming = "R7162-3.2.10.2#5"
    static let vanishedNotInSeqSearch = "R7162-3.2.10.2#7"
    static let arrivalModSeq = "R7162-3.1#D1"
    static let closedOnImplicitClose = "R7162-3.2.11#1"
    static let closedForCondstoreOnly = "R7162-3.2.11#L1"
    // The original texts, cited under the rfc4551+5162 edition.
    static let rfc5162VanishedShould = "R5162-3.6#2"
    static let rfc5162VanishedOnlyNewUIDs = "R5162-3.6#5"
    static let rfc4551SelectHighestModSeq = "R4551-3.1#1"
    static let rfc5162CloseHighestModSeq = "R5162-3.4#3"
    static let rfc4551UnchangedSinceFetchEvenIfSilent = "R4551-3.2#2"
    static let rfc4551UnchangedSinceMustFail = "R4551-3.2#3"
    static let rfc4551ModifiedListsFailures = "R4551-3.2#4"
    // RFC 6851 §4.4: MOVE with QRESYNC.
    static let moveHighestModSeq = "R6851-4.4#4"
    // RFC 3501, the base protocol.
    static let grammar = "R3501-9#2"
    static let uidInUIDCommandFetch = "R3501-6.4.8#1"
    static let expungeTiming = "R3501-7.4.1#1"
    static let logoutSendsBye = "R3501-3.4#1"
    static let closeOnlyAfterBye = "R3501-3.4#2"
    static let messageNumberInRange = "R3501-2.3.1.2#D1"
    static let uidsAscendAndPersist = "R3501-2.3.1.1#2"
    static let uidsAscend = "R3501-2.3.1.1#8"
    static let existsNeverShrinks = "R3501-5.2#L1"

    /// Every requirement some checker rule cites.
    public static let all: Set<String> = [
        modSeqRange, flagChangeUpdatesModSeq, arrivalModSeq, modSeqInUnsolicitedFetch, firstEnablingReturnsHighestModSeq,
        enableTurnsOnSupported, enableAnsweredWithEnabled, noResponseBeforeEnabled, enableKeepsCapabilities, enableQResyncCondstoreEquivalent, qresyncListsCondstore, qresyncListsEnable, clientEnablesQResync, clientSeqMatchAscending, clientVanishedWithChangedSince, clientLineLength, clientCachesHighestModSeqCode,
        selectReturnsHighestModSeqOrNoModSeq, noModSeqRejectsModSeqCommands, unchangedSinceFetchEvenIfSilent,
        modifiedListsFailures, systemFlagAlwaysExists, unchangedSinceMustFail, changedSinceOnlyNewer,
        storesGetDistinctModSeqs, laterStoreHigherModSeq, moveSetsNoDeleted, duplicateNotFailedAfterSuccess, rfc5162QResyncNeedsEnable,
        condstoreOnlyShouldSendUID, searchModSeqAppended, modSeqSearchOnlyAtLeast, modSeqSearchFindsEvery, esearchModSeq, expungeIncrementsModSeq,
        uidExpungeIncrementsModSeq, moveIncrementsModSeq, noLostChanges, uidAndModSeqInFetch,
        selectQResyncBadWithoutEnable, uidValidityMismatchIgnoresParameters, noModSeqIgnoresParameters,
        resyncFetchHasUIDs, vanishedModifierNotOnFetch, vanishedModifierNeedsQResync,
        vanishedModifierNeedsChangedSince, vanishedEarlierBeforeFetch, vanishedModifierReportsExpunged,
        expungeHighestModSeq, closeNoHighestModSeq, uidExpungeHighestModSeq, vanishedNotEarlier,
        vanishedInsteadOfExpunge, vanishedOnlyVisibleUIDs, vanishedTiming, vanishedNotInSeqSearch,
        closedOnImplicitClose, closedForCondstoreOnly, rfc5162VanishedShould, rfc5162VanishedOnlyNewUIDs,
        rfc4551SelectHighestModSeq, rfc5162CloseHighestModSeq, rfc4551UnchangedSinceFetchEvenIfSilent,
        rfc4551UnchangedSinceMustFail, rfc4551ModifiedListsFailures, moveHighestModSeq, grammar, uidInUIDCommandFetch,
        expungeTiming, messageNumberInRange, uidsAscendAndPersist, uidsAscend, existsNeverShrinks,
        changedSinceAnswersEvery, selectHighestModSeqIsHighest, statusNoModSeqZero, statusHighestModSeqIsHighest,
        enabledOnlyAsked, vanishedEarlierOnlyGone, logoutSendsBye, closeOnlyAfterBye,
    ]
}
