import Foundation
import Testing
import SpecModel
@testable import Conformance

/// `qresync spec validate` on the published texts (RFC 4551, RFC 5162, RFC 7162) and on drafts
/// made by editing RFC 7162. Every inconsistency pinned here was checked by hand; the reasoning
/// is in each test. Expected lines are found in the text by their content, not hard-coded.
/// Without ../shared/spec-sources the tests return at once and `sourcesPresent` says so in one line.
@Suite("Draft validation - qresync spec validate on RFC 4551, 5162 and 7162")
struct DraftValidationTests {
    @Test("RFC texts are present", .enabled(if: SpecSources.available, SpecSources.skipNote))
    func sourcesPresent() {
        #expect(SpecSources.text(rfc: 7162) != nil)
    }

    /// The base grammars the tool would load for `text`, from the spec-sources folder.
    static func base(for text: String) -> [(name: String, text: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: SpecSources.directory.path)) ?? []
        let available = Set(names.compactMap { n -> Int? in
            guard n.hasPrefix("rfc"), n.hasSuffix(".txt") else { return nil }
            return Int(n.dropFirst(3).dropLast(4))
        })
        return DraftValidation.baseRFCs(forText: text, available: available).compactMap { n in
            SpecSources.text(rfc: n).map { ("RFC \(n)", $0) }
        }
    }

    static func validate(_ text: String) -> DraftValidation {
        DraftValidation.validate(text: text, base: base(for: text))
    }

    /// The 1-based numbers of the lines of `text` that satisfy `predicate` (given the trimmed line).
    static func lines(_ text: String, where predicate: (String) -> Bool) -> [Int] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { i, l in
            predicate(l.trimmingCharacters(in: .whitespaces)) ? i + 1 : nil
        }
    }

    static func line(_ text: String, containing needle: String) -> Int? {
        lines(text) { $0.contains(needle) }.first
    }

    /// Lines "S: * OK [CODE ...]" with nothing after the "]", and tagged "S: tag OK" with no text:
    /// RFC 3501 §9 `resp-text` wants SP and text after a response code (RFC 7162 erratum 5055),
    /// and `resp-cond-state` wants SP resp-text after OK.
    static func textlessLines(_ text: String) -> Set<Int> {
        Set(lines(text) { l in
            guard l.hasPrefix("S: ") else { return false }
            let rest = l.dropFirst(3)
            if rest.hasPrefix("* OK ["), rest.hasSuffix("]"), rest.filter({ $0 == "]" }).count == 1 { return true }
            let words = rest.split(separator: " ")
            return words.count == 2 && words[1] == "OK" && words[0] != "*"
        })
    }

    /// The examples found inconsistent, by the line they start on.
    static func inconsistent(_ r: DraftValidation) -> [Int: [Finding]] {
        Dictionary(uniqueKeysWithValues: r.inconsistentExamples.map { ($0.example.firstLine, $0.findings) })
    }

    // MARK: - RFC 4551

    @Test("RFC 4551: Example 5 as printed (erratum 3509) is the only inconsistent example, R7162-3.1.3#2")
    func rfc4551Examples() throws {
        guard SpecSources.available, let text = SpecSources.text(rfc: 4551) else { return }
        let r = Self.validate(text)
        #expect(r.edition == .rfc4551And5162)
        // Example 5: "STORE 1 (UNCHANGEDSINCE ...) -FLAGS.SILENT" passes (tagged OK, no MODIFIED),
        // but the only FETCH is for message 50. Nothing is elided, so no other agent expunged
        // message 1: a FETCH with MODSEQ for message 1 was due, .SILENT or not.
        let store = try #require(Self.line(text, containing: "C: c101 STORE 1 (UNCHANGEDSINCE"))
        let tagged = try #require(Self.line(text, containing: "S: c101 OK Store"))
        let found = Self.inconsistent(r)
        #expect(Array(found.keys) == [store])
        #expect(found[store]?.map(\.requirementID) == ["R7162-3.1.3#2"])
        #expect(found[store]?.map(\.line) == [tagged])
    }

    @Test("RFC 4551: the grammar findings are the text-less OK lines and MODIFIED's undefined rule `set` (erratum 3506)")
    func rfc4551Grammar() {
        guard SpecSources.available, let text = SpecSources.text(rfc: 4551) else { return }
        let r = Self.validate(text)
        #expect(Set(r.linesBreakingGrammar.map(\.line.line)) == Self.textlessLines(text))
        #expect(!Self.textlessLines(text).isEmpty)
        // RFC 4551 §4 wrote `"MODIFIED" SP set`: RFC 2060's rule, which RFC 3501 renamed sequence-set.
        #expect(r.grammarRemarks.contains { $0.kind == .undefined && $0.rule == "set" })
        #expect(r.baseGrammars.starts(with: ["RFC 5234 core rules", "RFC 3501", "RFC 4466"]))
    }

    // MARK: - RFC 5162

    @Test("RFC 5162: UIDs that cannot fit below the UIDs VANISHED (EARLIER) left (R3501-2.3.1.1#8)")
    func rfc5162Examples() throws {
        guard SpecSources.available, let text = SpecSources.text(rfc: 5162) else { return }
        let r = Self.validate(text)
        // §3.1: VANISHED (EARLIER) 41,43:116,118,... leaves at most 41 UIDs below 117 (1-40 and
        // 42), yet message 49 has UID 117: 48 messages cannot have distinct smaller UIDs. Message
        // 100 has UID 541 with only 45 UIDs below it left (after "S: ...", still inside the SELECT).
        // §5: VANISHED (EARLIER) 1:5,7:8,10:15 leaves no UID below 6, yet message 2 has UID 6; and
        // one UID (6) below 9, yet message 5 has UID 9.
        let a03 = try #require(Self.line(text, containing: "C: A03 SELECT INBOX (QRESYNC"))
        let a142 = try #require(Self.line(text, containing: "C: A142 SELECT INBOX (QRESYNC"))
        let found = Self.inconsistent(r)
        #expect(Set(found.keys) == [a03, a142])
        let expected03 = ["* 49 FETCH (UID 117", "* 50 FETCH (UID 119", "* 100 FETCH (UID 541"].compactMap { Self.line(text, containing: $0) }
        #expect(found[a03]?.map(\.line) == expected03)
        let expected142 = ["* 2 FETCH (UID 6 ", "* 5 FETCH (UID 9 "].compactMap { Self.line(text, containing: $0) }
        #expect(found[a142]?.map(\.line) == expected142)
        #expect(found.values.joined().allSatisfy { $0.requirementID == "R3501-2.3.1.1#8" })
    }

    @Test("RFC 5162: select-param redefined with = (RFC 7162 made it =/), VANISHED modifier unreachable")
    func rfc5162Grammar() {
        guard SpecSources.available, let text = SpecSources.text(rfc: 5162) else { return }
        let r = Self.validate(text)
        #expect(r.grammarRemarks.contains { $0.kind == .redefinesBaseRule && $0.rule == "select-param" })
        #expect(r.grammarRemarks.contains { $0.kind == .unreachable && $0.rule == "rexpunges-fetch-mod" })
        // Wrapped sequence sets ("15000," then "22500") join without a space: not a failure.
        #expect(Set(r.linesBreakingGrammar.map(\.line.line)) == Self.textlessLines(text))
    }

    // MARK: - RFC 7162

    @Test("RFC 7162: exactly three inconsistent examples, each real (R3501-2.3.1.1#8, R7162-3.1.3#4)")
    func rfc7162Examples() throws {
        guard SpecSources.available, let text = SpecSources.text(rfc: 7162) else { return }
        let r = Self.validate(text)
        #expect(r.edition == .rfc7162)
        let found = Self.inconsistent(r)
        // §3.2.5.1: the RFC 5162 example with 100 EXISTS and message 51 = UID 541 (RFC 7162 fixed
        // the count), but message 49 still has UID 117 with at most 41 UIDs left below it.
        let a03 = try #require(Self.line(text, containing: "C: A03 SELECT INBOX (QRESYNC"))
        // §6: STORE 1:2 answered "OK [MODIFIED 3]": message 3 is not in the set the
        // UNCHANGEDSINCE test was made on.
        let a150 = try #require(Self.line(text, containing: "C: A150 STORE 1:2"))
        // §6: VANISHED (EARLIER) 1:5,7:8,10:15 and then message 2 = UID 6, message 5 = UID 9.
        let a142 = try #require(Self.line(text, containing: "C: A142 SELECT INBOX (QRESYNC"))
        #expect(Set(found.keys) == [a03, a150, a142])
        #expect(found[a150]?.map(\.requirementID) == ["R7162-3.1.3#4"])
        #expect(found[a150]?.map(\.line) == [try #require(Self.line(text, containing: "S: A150 OK [MODIFIED 3]"))])
        #expect(found[a03]?.allSatisfy { $0.requirementID == "R3501-2.3.1.1#8" } == true)
        #expect(found[a03]?.count == 3)
        #expect(found[a142]?.count == 2)
        // The §6 example's tagged "A153 OK" answers a command the example never sent (A152 was):
        // a remark, not an inconsistency (A153 could have been sent before the example starts).
        let remarks = r.examples.first { $0.example.firstLine == a150 }?.remarks ?? []
        #expect(remarks.map(\.line) == [try #require(Self.line(text, containing: "S: A153 OK"))])
    }

    @Test("RFC 7162: Example 5 with erratum 3509's correction is consistent; RFC 4551's is not")
    func erratum3509() throws {
        guard SpecSources.available, let new = SpecSources.text(rfc: 7162), let old = SpecSources.text(rfc: 4551) else { return }
        let corrected = try #require(Self.validate(new).examples.first { $0.example.lines.first?.text.hasPrefix("c101 STORE 50") == true })
        let printed = try #require(Self.validate(old).examples.first { $0.example.lines.first?.text.hasPrefix("c101 STORE 1 ") == true })
        #expect(corrected.outcome == .consistent)
        #expect(corrected.mode == .closedWorld)
        #expect(printed.outcome == .inconsistent)
    }

    @Test("RFC 7162: grammar findings are the text-less OK lines (erratum 5055 and kin); its own rules are all reachable but two")
    func rfc7162Grammar() {
        guard SpecSources.available, let text = SpecSources.text(rfc: 7162) else { return }
        let r = Self.validate(text)
        #expect(Set(r.linesBreakingGrammar.map(\.line.line)) == Self.textlessLines(text))
        let remarks = Set(r.grammarRemarks.map { "\($0.kind.rawValue) \($0.rule)" })
        // rexpunges-fetch-mod is never added to fetch-modifier; sort-data updates RFC 5256, not loaded.
        #expect(remarks == ["unreachable rexpunges-fetch-mod", "unreachable sort-data"])
        // MODIFIED names sequence-set since erratum 3506.
        #expect(!r.grammarRemarks.contains { $0.rule == "set" })
    }

    @Test("RFC 7162: every registered statement is found unchanged")
    func rfc7162Normative() {
        guard SpecSources.available, let text = SpecSources.text(rfc: 7162) else { return }
        let n = Self.validate(text).normative
        #expect(n.registryRFC == 7162)
        for c in [NormativeDiff.Change.moved, .changed, .new, .removed] { #expect(n.count(c) == 0, "\(c)") }
        #expect(n.count(.unchanged) == Registry.all.filter { $0.rfc == 7162 }.count)
        #expect(n.entries.contains { $0.notCheckable != nil })
    }

    @Test("a statement removed from a section leaves the later ones of the section unchanged (renumbered), not moved")
    func removedStatementRenumbers() throws {
        guard SpecSources.available, let text = SpecSources.text(rfc: 7162) else { return }
        let draft = try Self.edit(text, "An IMAP server that supports CONDSTORE MUST associate a positive",
                                  "An IMAP server that supports CONDSTORE associates a positive")
        let n = Self.validate(draft).normative
        #expect(n.count(.removed) == 1 && n.count(.moved) == 0 && n.count(.changed) == 0, "\(n.entries.filter { $0.change != .unchanged })")
    }

    // MARK: - A draft made by editing RFC 7162

    /// RFC 7162 with `old` replaced by `new` (exactly once).
    static func edit(_ text: String, _ old: String, _ new: String) throws -> String {
        let parts = text.components(separatedBy: old)
        try #require(parts.count == 2, "\"\(old)\" occurs \(parts.count - 1) times")
        return parts.joined(separator: new)
    }

    static let newExample = """

       For example, a VANISHED response that names a UID no message had:

       C: A301 FETCH 1:2 (UID)
       S: * 1 FETCH (UID 10)
       S: * 2 FETCH (UID 20)
       S: A301 OK done
       C: A302 EXPUNGE
       S: * VANISHED 15
       S: A302 OK done

    """

    @Test("a draft of RFC 7162 is reported exactly as edited: a MUST made SHOULD, a wrong VANISHED, a grammar rule changed")
    func syntheticDraft() throws {
        guard SpecSources.available, let original = SpecSources.text(rfc: 7162) else { return }
        // 1. A changed MUST: R7162-3.2.8#3 (CLOSE must not report HIGHESTMODSEQ) made a SHOULD NOT.
        var draft = try Self.edit(original, "   The server MUST NOT send the updated per-mailbox modification\n",
                                  "   The server SHOULD NOT send the updated per-mailbox modification\n")
        // 2. A new example in §3.2.10.2 whose VANISHED names UID 15: the session knows messages 1
        //    and 2 as UIDs 10 and 20, so no message it sees can have UID 15.
        draft = try Self.edit(draft, "   For Example, the last VANISHED response only contains UIDs of\n",
                              Self.newExample + "   For Example, the last VANISHED response only contains UIDs of\n")
        // 3. A grammar change: VANISHED always carries (EARLIER).
        draft = try Self.edit(draft, "expunged-resp       =  \"VANISHED\" [SP \"(EARLIER)\"] SP known-uids",
                              "expunged-resp       =  \"VANISHED\" SP \"(EARLIER)\" SP known-uids")
        let before = Self.validate(original)
        let r = Self.validate(draft)

        // 1: exactly one normative change, the edited sentence, MUST NOT -> SHOULD NOT (sentences
        // of sections the registry does not cover stay "unregistered", as in the RFC).
        let changed = r.normative.entries.filter { $0.change != .unchanged && $0.change != .unregistered }
        #expect(r.normative.count(.unregistered) == before.normative.count(.unregistered))
        #expect(changed.map(\.requirementID) == ["R7162-3.2.8#3"])
        #expect(changed.first?.change == .changed)
        #expect(changed.first?.previousLevel == .mustNot)
        #expect(changed.first?.level == .shouldNot)
        #expect(changed.first?.line == Self.line(draft, containing: "The server SHOULD NOT send the updated per-mailbox"))

        // 2: the new example is inconsistent at its VANISHED line, in §3.2.10.2; nothing else changed.
        let start = try #require(Self.line(draft, containing: "C: A301 FETCH 1:2 (UID)"))
        let vanished = try #require(Self.line(draft, containing: "S: * VANISHED 15"))
        let found = Self.inconsistent(r)
        #expect(found[start]?.map(\.requirementID) == ["R7162-3.2.10.2#3"])
        #expect(found[start]?.map(\.line) == [vanished])
        #expect(r.inconsistentExamples.first { $0.example.firstLine == start }?.example.section == "3.2.10.2")
        #expect(found.count == before.inconsistentExamples.count + 1)

        // 3: every plain VANISHED line now breaks the draft's own ABNF, and only those are new.
        let plainVanished = Set(Self.lines(draft) { $0.hasPrefix("S: * VANISHED ") && !$0.contains("(EARLIER)") })
        let abnfBreaks = Set(r.linesBreakingGrammar.filter { if case .breaks = $0.abnf { return true }; return false }.map(\.line.line))
        let beforeBreaks = Set(before.linesBreakingGrammar.filter { if case .breaks = $0.abnf { return true }; return false }.map(\.line.line))
        #expect(plainVanished.count >= 5)
        #expect(plainVanished.isSubset(of: abnfBreaks))
        // Lines after the inserted example moved down by its length.
        let shift = Self.newExample.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let shifted = Set(beforeBreaks.map { $0 > start ? $0 + shift : $0 })
        #expect(abnfBreaks.subtracting(plainVanished) == shifted)
        #expect(r.exitCode == 1)
    }

    @Test("a draft that redefines a base rule with = where =/ was meant is reported at that rule")
    func redefinition() throws {
        guard SpecSources.available, let original = SpecSources.text(rfc: 7162) else { return }
        let draft = try Self.edit(original, "capability          =/ \"CONDSTORE\" / \"QRESYNC\"",
                                  "capability          =  \"CONDSTORE\" / \"QRESYNC\"")
        let r = Self.validate(draft)
        let remark = try #require(r.grammarRemarks.first { $0.kind == .redefinesBaseRule })
        #expect(remark.rule == "capability")
        #expect(remark.line == Self.line(draft, containing: "capability          =  \"CONDSTORE\""))
        #expect(r.grammarRemarks.filter { $0.kind == .redefinesBaseRule }.count == 1)
    }
}
