import IMAPTypes
import SpecModel

extension Checker {
    /// Adds what session `s` was told of mod-sequences to what its user's sessions share
    /// (`userModSeqs`): with the same UIDVALIDITY, the higher value for each UID; with another,
    /// this session's, the later.
    /// `only`: the one mailbox whose selection just ended (the rest were shared before); nil, all.
    mutating func shareModSeqs(_ s: SessionTracker, only ended: MailboxName? = nil) {
        guard let user = s.user else { return }
        let told = ended.map { n in s.earlierModSeqs[n].map { [n: $0] } ?? [:] } ?? s.toldModSeqs
        for (name, told) in told {
            guard var shared = userModSeqs[user]?[name], shared.uidValidity == told.uidValidity else {
                userModSeqs[user, default: [:]][name] = told
                continue
            }
            shared.merge(told.byUID)
            userModSeqs[user]![name] = shared
        }
    }

    /// A tagged response completes `cmd`: the rules that judge a command as a whole.
    mutating func complete(_ cmd: InFlightCommand, status: TaggedStatus, text rt: ResponseText,
                           _ s: inout SessionTracker, line: Int) {
        let p = Place(session: s.id, line: line, tag: cmd.tag, commandName: cmd.command.name, observed: cmd.evidence)
        if options.closedWorld, cmd.mutates, status != .bad {
            for id in sessions.keys { sessions[id]?.markOverlapped() }
        }
        if cmd.isCondstoreEnabling, status == .ok, !declinedCondstoreAlone(cmd, s), !s.serverLacksCondstore { s.condstoreAware = true }
        let taggedHighestModSeq: UInt64? = {
            if case .highestModSeq(let v) = rt.code { return v.rawValue }
            return nil
        }()

        // R7162-3.1#8: the first enabling command with a mailbox selected reports HIGHESTMODSEQ.
        if cmd.firstEnablingWithMailbox, status == .ok, s.serverHasCondstore, let v = s.view, !v.noModSeq, !cmd.sawNoModSeq {
            checking(Citation.firstEnablingReturnsHighestModSeq)
        }
        if cmd.firstEnablingWithMailbox, status == .ok, s.serverHasCondstore, let v = s.view, !v.noModSeq, !cmd.sawNoModSeq,
           cmd.sawHighestModSeqCode == nil, taggedHighestModSeq == nil, !statusReportedSelected(cmd, v) {
            violation(at: p, Citation.firstEnablingReturnsHighestModSeq,
                      "HIGHESTMODSEQ for the selected mailbox in answer to the first CONDSTORE enabling command")
        }

        // RFC 3501 §6.4.8: a message of a UID command answered only by FETCH without UID. Only an
        // OK answers at all; a message that failed a conditional UID STORE (MODIFIED lists its
        // UID) is owed nothing (RFC 7162 §3.1.3), so its FETCH is an update.
        var failedTest = UIDSet()
        if case .store(_, _, _, true) = cmd.command, let view = s.view { failedTest = Self.modified(rt.code, uid: true, in: view) ?? UIDSet() }
        for (u, fetch) in cmd.uidlessFetches.sorted(by: { $0.key < $1.key })
        where status == .ok && fetch.answerDue && !cmd.fetchedUIDs.contains(u) && !failedTest.contains(u) {
            violation(at: fetch.place, Citation.uidInUIDCommandFetch,
                      "UID in every FETCH response caused by a UID command (UID \(u) got no FETCH with its UID in this answer)")
        }

        if options.closedWorld { completeClosedWorld(cmd, status: status, code: rt.code, &s, at: p) }

        switch cmd.command {
        case .enable(let asked) where status == .ok:
            completeEnable(cmd, asked: asked, s, at: p)
            s.enabledSoFar.formUnion(cmd.enabledListed ?? [])
        case .enable:
            s.capabilitiesBeforeEnable = nil
        case .login, .authenticate:
            if status == .ok {
                s.phase = .authenticated
                s.user = s.userLoggingIn
            }
            s.userLoggingIn = nil
        case .logout:
            shareModSeqs(s)
            // RFC 3501 §3.4: an untagged BYE before the tagged OK (a BYE sets the phase).
            checking(Citation.logoutSendsBye)
            if status == .ok, s.phase != .loggedOut {
                violation(at: p, Citation.logoutSendsBye, "an untagged BYE before LOGOUT's tagged OK")
            }
            s.phase = .loggedOut
        case .select(_, let params), .examine(_, let params):
            let ended = s.view?.mailbox
            completeSelect(cmd, params: params, status: status, readOnly: rt.code == .readOnly, &s, at: p)
            shareModSeqs(s, only: ended)
            // Judged for the commands after it: this one's own answer is judged as before.
            if cmd.qresync != nil, status == .ok { s.qresyncShownOn() }
        case .close, .unselect:
            if status == .ok {
                // A SELECT/EXAMINE pipelined after it runs with no mailbox selected: no CLOSED due.
                for i in s.inFlight.indices where s.inFlight[i].isSelect && s.inFlight[i].line > cmd.line {
                    s.inFlight[i].hadSelectedMailbox = false
                    s.inFlight[i].reselectsSameMailbox = false
                }
                s.replaceView(with: nil)
                s.selectionUnknown = false
                s.phase = .authenticated
            }
        case .fetch(_, let items, let mods, let uid):
            if mods.contains(.vanished) {
                if !uid {
                    expectBAD(at: p, status: status, Citation.vanishedModifierNotOnFetch, "the VANISHED modifier is not allowed with FETCH")
                } else if !mods.contains(where: { if case .changedSince = $0 { return true }; return false }) {
                    expectBAD(at: p, status: status, Citation.vanishedModifierNeedsChangedSince, "VANISHED needs CHANGEDSINCE")
                } else if s.qresyncOff(options) {
                    expectBAD(at: p, status: status, options.on(.qresyncOnlyAfterEnabled) ? Citation.vanishedModifierNeedsQResync : Citation.rfc5162QResyncNeedsEnable,
                              "VANISHED before QRESYNC was enabled")
                }
            }
            let usesModSeq = items.contains(.modSeq) || mods.contains { if case .changedSince = $0 { return true }; return false }
            if s.view?.noModSeq == true, usesModSeq {
                expectBAD(at: p, status: status, Citation.noModSeqRejectsModSeqCommands, "CHANGEDSINCE or MODSEQ in a NOMODSEQ mailbox")
            }
        case .search(let sc, _):
            if s.view?.noModSeq == true, sc.keys.contains(where: { $0.usesModSeq }) {
                expectBAD(at: p, status: status, Citation.noModSeqRejectsModSeqCommands, "SEARCH MODSEQ in a NOMODSEQ mailbox")
            }
        case .store(let set, let mods, let action, let uid):
            completeStore(cmd, set: set, mods: mods, action: action, uid: uid, status: status, rt: rt, &s, at: p)
        case .move where status == .ok && !options.closedWorld:
            // RFC 6851 §4.4: with QRESYNC on, a MOVE that moved messages (its COPYUID says so, RFC
            // 4315 §3) reports the new HIGHESTMODSEQ. The closed world judges it from the removals.
            if s.qresyncOn(options), let v = s.view, !v.noModSeq, (cmd.copiedCount ?? 0) > 0 {
                checking(Citation.moveHighestModSeq)
                if taggedHighestModSeq == nil, cmd.sawHighestModSeqCode == nil {
                    violation(at: p, Citation.moveHighestModSeq,
                              "HIGHESTMODSEQ in the OK of a \(cmd.command.name) whose COPYUID shows messages moved (QRESYNC is on)")
                }
            }
        case .idle:
            s.idling = false
        default:
            break
        }
    }

    /// A STATUS command naming the selected mailbox reports its HIGHESTMODSEQ as a data item.
    private func statusReportedSelected(_ cmd: InFlightCommand, _ v: MailboxView) -> Bool {
        guard case .status(let name, let atts) = cmd.command else { return false }
        return name == v.mailbox && atts.contains(.highestModSeq)
    }

    /// `readOnly`: the tagged OK says READ-ONLY, which a SELECT may get too (RFC 3501 §6.3.1).
    private mutating func completeSelect(_ cmd: InFlightCommand, params: [SelectParameter], status: TaggedStatus, readOnly: Bool,
                                         _ s: inout SessionTracker, at p: Place) {
        if cmd.qresync != nil, s.qresyncOff(options) {
            expectBAD(at: p, status: status, options.on(.qresyncOnlyAfterEnabled) ? Citation.selectQResyncBadWithoutEnable : Citation.rfc5162QResyncNeedsEnable,
                      "the QRESYNC parameter before ENABLE QRESYNC was " + (options.on(.qresyncOnlyAfterEnabled) ? "confirmed" : "issued"))
        }
        // A SELECT/EXAMINE pipelined after this one (RFC 3501 §5.5) runs once it completes: it
        // closes the mailbox this one opened, or none when this one failed (RFC 7162 §3.2.11).
        for i in s.inFlight.indices where s.inFlight[i].isSelect && s.inFlight[i].line > cmd.line {
            s.inFlight[i].hadSelectedMailbox = status == .ok || (status == .bad && s.view != nil)
            s.inFlight[i].reselectsSameMailbox = status == .ok && s.inFlight[i].newView?.mailbox == cmd.newView?.mailbox
        }
        guard status == .ok, let newView = cmd.newView else {
            // RFC 3501 §6.3.1: a failed SELECT leaves no mailbox selected; after a BAD the old one
            // may stay selected, so the selection is unknown until the next one.
            if status == .bad, s.view != nil { s.selectionUnknown = true }
            s.replaceView(with: nil)
            if s.phase == .selected { s.phase = .authenticated }
            return
        }
        s.selectionUnknown = false
        let mustReport = options.on(.highestModSeqOnlyAfterEnabling) ? (cmd.wasCondstoreAware || !params.isEmpty) : true
        if s.serverHasCondstore, mustReport {
            checking(options.on(.highestModSeqOnlyAfterEnabling) ? Citation.selectReturnsHighestModSeqOrNoModSeq : Citation.rfc4551SelectHighestModSeq)
        }
        if cmd.hadSelectedMailbox, !cmd.reselectsSameMailbox, !cmd.previousSelectionUnknown {
            if s.serverHasQResync {
                checking(Citation.closedOnImplicitClose)
            } else if s.serverHasCondstore, options.on(.closedForCondstoreOnly) {
                checking(Citation.closedForCondstoreOnly)
            }
        }
        if s.serverHasCondstore, mustReport, !newView.sawHighestModSeq, !newView.noModSeq {
            violation(at: p, options.on(.highestModSeqOnlyAfterEnabling) ? Citation.selectReturnsHighestModSeqOrNoModSeq : Citation.rfc4551SelectHighestModSeq,
                      options.on(.highestModSeqOnlyAfterEnabling)
                          ? "an untagged OK with HIGHESTMODSEQ or NOMODSEQ for a SELECT/EXAMINE after a CONDSTORE enabling command"
                          : "an untagged OK with HIGHESTMODSEQ or NOMODSEQ for every successful SELECT/EXAMINE of a CONDSTORE server"
                              + " (RFC 4551 §3.1.1, §3.1.2; RFC 7162 §3.1.2.2 asks it only after a CONDSTORE enabling command)")
        }
        if cmd.hadSelectedMailbox, !cmd.reselectsSameMailbox, !cmd.previousSelectionUnknown, !cmd.sawClosed || cmd.closedImplicitly {
            if s.serverHasQResync {
                violation(at: p, Citation.closedOnImplicitClose, "OK [CLOSED] when SELECT/EXAMINE closes the selected mailbox")
            } else if s.serverHasCondstore, options.on(.closedForCondstoreOnly) {
                violation(at: p, Citation.closedForCondstoreOnly,
                          "OK [CLOSED] when SELECT/EXAMINE closes the selected mailbox (a CONDSTORE server must too)")
            }
        }
        if let at = cmd.selectFetchWithoutModSeq, !newView.noModSeq {
            checking(Citation.modSeqInUnsolicitedFetch)
            violation(at: at, Citation.modSeqInUnsolicitedFetch,
                      "MODSEQ in every FETCH once a CONDSTORE enabling command was issued (the mailbox selected has mod-sequences)")
        }
        s.replaceView(with: newView)
        if readOnly { s.view?.readOnly = true }
        if !newView.noModSeq { s.view?.selectHighestModSeq = cmd.sawHighestModSeqCode }
        s.view?.inferDenseUIDs()
        highestModSeqAboveEarlierSelections(cmd, s, at: p)
        s.phase = .selected
        if newView.noModSeq {
            s.clientHighestModSeq.forget()
        } else {
            s.clientHighestModSeq.synchronised(at: cmd.sawHighestModSeqCode)
        }
    }

    /// A SELECT/EXAMINE's HIGHESTMODSEQ is the highest mod-sequence of the mailbox's messages
    /// (RFC 7162 §3.1.2.1): at least what an earlier selection of this session, under the same
    /// UIDVALIDITY, reported for a message this selection shows is there (its UID known, from the
    /// selection's own FETCH responses or from a count that leaves room for no other UIDs). Open
    /// and closed world: it needs nothing but the session's own responses.
    private mutating func highestModSeqAboveEarlierSelections(_ cmd: InFlightCommand, _ s: SessionTracker, at p: Place) {
        guard let h = cmd.sawHighestModSeqCode, let view = s.view, let earlier = s.earlierModSeqs(for: view) else { return }
        var floor: (modSeq: UInt64, uid: UInt32) = (0, 0)
        for u in view.knownUIDs { if let m = earlier[u], m > floor.modSeq { floor = (m, u) } }
        guard floor.modSeq > 0 else { return }
        checking(Citation.selectHighestModSeqIsHighest)
        if h < floor.modSeq {
            violation(at: p, Citation.selectHighestModSeqIsHighest,
                      "HIGHESTMODSEQ of the selected mailbox at least \(floor.modSeq), the mod-sequence an earlier selection reported for UID \(floor.uid), which this one shows is still there, not \(h)")
        }
    }

    private mutating func completeStore(_ cmd: InFlightCommand, set: SequenceSet, mods: [StoreModifier],
                                        action: StoreAction, uid: Bool, status: TaggedStatus, rt: ResponseText,
                                        _ s: inout SessionTracker, at p: Place) {
        guard let unchanged = mods.first.map({ m -> UInt64 in
            switch m { case .unchangedSince(let v): return v.rawValue }
        }), !s.serverLacksCondstore else { return }
        if s.view?.noModSeq == true {
            expectBAD(at: p, status: status, Citation.noModSeqRejectsModSeqCommands, "UNCHANGEDSINCE in a NOMODSEQ mailbox")
            return
        }
        guard status != .bad, let view = s.view else { return }
        let modified = Self.modified(rt.code, uid: uid, in: view)
        // R7162-3.1.3#4: MODIFIED lists only messages of the command's set.
        if let mset = modified {
            checking(modifiedListsFailures)
            // By ranges: MODIFIED may name up to 2^32-1 numbers (walking them one by one hung).
            let named = uid ? set.mayContainSet() : set.resolved(largest: UInt32(view.count))
            let outside = named.map { mset.subtracting($0) } ?? UIDSet()
            if !outside.isEmpty {
                violation(at: p, modifiedListsFailures,
                          "MODIFIED lists only messages of the STORE's set; \(outside) is not in \(set)")
            }
        }
        // R7162-3.1.3#6: with UNCHANGEDSINCE 0 a system flag always exists, so every message that
        // is still there fails. A message another session expunged may still be answered for from
        // this session's view (RFC 2180 §4.1) and left out of MODIFIED, so only the closed world,
        // which knows what was expunged, judges: a message this command's FETCH answered for and
        // that the trace did not show expunged is still there.
        if unchanged == 0, action.touchesSystemFlag, status == .ok, options.closedWorld, case .ranges = set, let t = truth[view.mailbox] {
            checking(Citation.systemFlagAlwaysExists)
            let present: [UInt32] = uid ? Array(cmd.fetchedUIDs) : cmd.fetchedModSeqs.keys.map { UInt32($0) }
            let members = present.filter { n in
                let known: UInt32? = uid ? n : (n >= 1 && Int(n) <= view.count ? view[sequence: Int(n)].uid : nil)
                guard let u = known, t.expunged[u] == nil, t.maybeGone[u] == nil else { return false }
                return uid ? set.mayContain(n) && !set.containsStar : set.contains(n, largest: UInt32(view.count))
            }
            let notFailed = members.filter { modified?.contains($0) != true }
            if !notFailed.isEmpty {
                violation(at: p, Citation.systemFlagAlwaysExists,
                          "UNCHANGEDSINCE 0 with a system flag fails for every message; \(UIDSet(notFailed)) is missing from MODIFIED")
            }
        }
    }

    /// The messages a MODIFIED code names (RFC 7162 §3.1.3), by UID or by message number as the
    /// STORE named them, `*` resolved in the session's view; nil without MODIFIED.
    static func modified(_ code: ResponseCode?, uid: Bool, in view: MailboxView) -> UIDSet? {
        guard case .modified(let set)? = code else { return nil }
        return set.resolved(largest: uid ? (view.knownUIDs.last ?? UInt32.max) : UInt32(view.count))
    }

    /// RFC 7162 §3.2.3: "there is no requirement for a compliant server to support 'ENABLE
    /// CONDSTORE' by itself". A QRESYNC server whose ENABLED leaves CONDSTORE out of an ENABLE that
    /// asked for it without QRESYNC declined it: the client is not CONDSTORE-aware through it.
    private func declinedCondstoreAlone(_ cmd: InFlightCommand, _ s: SessionTracker) -> Bool {
        guard case .enable(let asked) = cmd.command, asked.contains(.condstore), !asked.contains(.qresync),
              s.serverHasQResync else { return false }
        let listed = cmd.enabledListed ?? []
        return !listed.contains(.condstore) && !listed.contains(.qresync)
    }

    /// RFC 5161 §3.1: a successful ENABLE turns on every named extension the server supports that
    /// needs enabling (CONDSTORE, and QRESYNC by RFC 7162 §3.2.3), and ENABLED lists what it turned
    /// on (§3.2). Judged when an ENABLED response came and the capabilities are known; CONDSTORE
    /// counts as enabled with QRESYNC, which implies it. RFC 7162 §3.2.3 (Appendix B item 3) also
    /// requires either order of ENABLE QRESYNC CONDSTORE to work.
    private mutating func completeEnable(_ cmd: InFlightCommand, asked: [Capability], _ s: SessionTracker, at p: Place) {
        // §3.1: "If the ENABLE command is successful, the server MUST send an untagged ENABLED
        // response" (one listing nothing is one).
        checking(Citation.enableAnsweredWithEnabled)
        if cmd.enabledListed == nil, !cmd.mayHaveGotEnabled {
            violation(at: p, Citation.enableAnsweredWithEnabled, "an untagged ENABLED response (it may list nothing) before the OK of ENABLE")
        }
        enabledOnlyAsked(cmd, asked: asked, enabledBefore: s.enabledSoFar, at: p)
        guard let listed = cmd.enabledListed, let advertised = s.capabilities else { return }
        // An extension enabled before may be left out (§3.1: each ENABLED SHOULD list only what
        // that ENABLE turned on), also CONDSTORE after any enabling command was issued, even one
        // answered NO or BAD (RFC 7162 §3.1 says "issued").
        var missing: [Capability] = []
        if asked.contains(.qresync), advertised.contains(.qresync), !listed.contains(.qresync), !s.qresyncConfirmed {
            missing.append(.qresync)
        }
        if asked.contains(.condstore), advertised.contains(.condstore) || advertised.contains(.qresync),
           !listed.contains(.condstore), !listed.contains(.qresync), !cmd.mayHaveBeenCondstoreAware, !s.qresyncConfirmed,
           !declinedCondstoreAlone(cmd, s) {
            missing.append(.condstore)
        }
        let askedBoth = asked.contains(.qresync) && asked.contains(.condstore)
        if asked.contains(.qresync) || asked.contains(.condstore) {
            checking(Citation.enableTurnsOnSupported)
            if askedBoth, options.on(.enableOrderEquivalence) { checking(Citation.enableQResyncCondstoreEquivalent) }
        }
        guard !missing.isEmpty else { return }
        let names = missing.map(\.description).joined(separator: " ")
        violation(at: p, Citation.enableTurnsOnSupported, "ENABLED listing \(names): the server advertises it and ENABLE succeeded")
        if missing.contains(.qresync), askedBoth, options.on(.enableOrderEquivalence) {
            violation(at: p, Citation.enableQResyncCondstoreEquivalent,
                      "ENABLE with QRESYNC and CONDSTORE, in either order, enables QRESYNC as ENABLE QRESYNC does")
        }
    }
}
