import IMAPTypes

/// Carries an erratum scenario's client lines over to a live server (`qresync errata run
/// --server`). A scenario was written against a mailbox with its own UIDVALIDITY and
/// mod-sequences; the live server picks other values (RFC 3501 §2.3.1.1, RFC 7162 §3: the server
/// chooses them). The rewriter learns pairs (scenario value, live value) from the responses the
/// scenario shows and the ones the server sent for the same command, and rewrites the values a
/// client line carries: mailbox names, the UIDVALIDITY and mod-sequence of a `QRESYNC` parameter
/// (RFC 7162 §3.2.5), and the mod-sequence after `CHANGEDSINCE`, `UNCHANGEDSINCE` (and its
/// misspelling `UNCHANGESINCE`, RFC 4551 erratum 3401) and the `MODSEQ` search key (§3.1.5).
///
/// Pure: no I/O. Message numbers and UIDs are kept as written (a fresh mailbox numbers its first
/// messages from 1, as the scenarios do).
struct ScenarioRewriter {
    /// Scenario mailbox name (INBOX upper-cased, RFC 3501 §5.1) to the live one.
    var mailboxes: [String: String] = [:]
    /// Scenario UIDVALIDITY to the live one.
    var uidValidities: [UInt64: UInt64] = [:]
    /// Scenario mod-sequence to the live one; the latest pair for a value wins.
    private(set) var modSeqs: [UInt64: UInt64] = [:]

    mutating func pairModSeq(scenario: UInt64, live: UInt64) { modSeqs[scenario] = live }

    /// A live mod-sequence for a scenario value: the paired one; else one that keeps the value's
    /// distance from the nearest paired value below it (above it when there is none below), so that
    /// "newer than what the client saw" stays newer. 0 stays 0 (`mod-sequence-valzer`), and so
    /// does a value beyond 2^63-1 (RFC 7162 §7: outside the grammar, sent to be refused); with no
    /// pair at all, the value is kept.
    func liveModSeq(_ value: UInt64) -> UInt64 {
        if value == 0 || value > ModSeq.max { return value }
        if let exact = modSeqs[value] { return exact }
        if let below = modSeqs.keys.filter({ $0 < value }).max(), let live = modSeqs[below] {
            let (sum, overflow) = live.addingReportingOverflow(value - below)
            return overflow ? value : sum
        }
        if let above = modSeqs.keys.filter({ $0 > value }).min(), let live = modSeqs[above] {
            let distance = above - value
            return live > distance ? live - distance : 1
        }
        return value
    }

    // MARK: - Learning pairs from responses

    /// The values a command's responses carry, in the order they appear: HIGHESTMODSEQ (response
    /// code or STATUS item), UIDVALIDITY, and per message the FETCH MODSEQ, keyed by UID when the
    /// FETCH has one, else by message number.
    struct Observed: Equatable {
        var highestModSeqs: [UInt64] = []
        var uidValidities: [UInt64] = []
        var fetchModSeqs: [String: UInt64] = [:]
        var searchModSeqs: [UInt64] = []
        var messageCount: UInt32?

        init(_ responses: [ServerResponse]) {
            for response in responses {
                switch response {
                case .tagged(_, _, let text): note(text.code)
                case .untagged(.condition(_, let text)): note(text.code)
                case .untagged(.status(_, let items)):
                    for item in items {
                        switch item {
                        case .highestModSeq(let m): highestModSeqs.append(m.rawValue)
                        case .uidValidity(let v): uidValidities.append(UInt64(v.rawValue))
                        case .messages(let n): messageCount = messageCount ?? n
                        default: break
                        }
                    }
                case .untagged(.exists(let n)): messageCount = messageCount ?? n
                case .untagged(.fetch(let number, let attributes)):
                    var uid: UInt32?
                    var modSeq: UInt64?
                    for a in attributes {
                        if case .uid(let u) = a { uid = u.rawValue }
                        if case .modSeq(let m) = a { modSeq = m.rawValue }
                    }
                    if let modSeq { fetchModSeqs[uid.map { "uid \($0)" } ?? "message \(number.rawValue)"] = modSeq }
                case .untagged(.search(_, let m?)): searchModSeqs.append(m.rawValue)
                default: break
                }
            }
        }

        private mutating func note(_ code: ResponseCode?) {
            switch code {
            case .highestModSeq(let m)?: highestModSeqs.append(m.rawValue)
            case .uidValidity(let v)?: uidValidities.append(UInt64(v.rawValue))
            default: break
            }
        }
    }

    /// Learns the pairs that the scenario's responses to one command and the live responses to the
    /// same command show, value by value in order of appearance.
    mutating func learn(scenario: Observed, live: Observed) {
        for (s, l) in zip(scenario.highestModSeqs, live.highestModSeqs) { pairModSeq(scenario: s, live: l) }
        for (s, l) in zip(scenario.searchModSeqs, live.searchModSeqs) { pairModSeq(scenario: s, live: l) }
        for (key, s) in scenario.fetchModSeqs {
            if let l = live.fetchModSeqs[key] { pairModSeq(scenario: s, live: l) }
        }
        for (s, l) in zip(scenario.uidValidities, live.uidValidities) { uidValidities[s] = l }
    }

    // MARK: - Rewriting a client line

    /// The client line `text` (after its tag) with every mapped value replaced. Works on tokens,
    /// not on the grammar, so a malformed line (a scenario may send one on purpose) is carried over
    /// as faithfully as a well-formed one.
    func rewrite(_ text: [UInt8]) -> [UInt8] {
        enum Expect { case none, modSeq(skips: Int), qresyncOpen, qresyncUIDValidity, qresyncModSeq }
        var out: [UInt8] = []
        var expect = Expect.none
        var i = 0
        func isDelimiter(_ b: UInt8) -> Bool { b == 0x20 || b == 0x28 || b == 0x29 || b == 0x22 }
        while i < text.count {
            let b = text[i]
            if b == 0x22 {  // a quoted string, copied or replaced whole
                var j = i + 1
                var content: [UInt8] = []
                while j < text.count, text[j] != 0x22 {
                    if text[j] == 0x5C, j + 1 < text.count { j += 1 }
                    content.append(text[j])
                    j += 1
                }
                let quoted = Array(text[i..<min(j + 1, text.count)])
                if let live = mailbox(content) {
                    out += [0x22] + Array(live.utf8) + [0x22]
                } else {
                    out += quoted
                }
                i = j + 1
                if case .modSeq(let skips) = expect, skips > 0 { expect = .modSeq(skips: skips - 1) } else { expect = .none }
                continue
            }
            if isDelimiter(b) {
                out.append(b)
                if b == 0x28, case .qresyncOpen = expect { expect = .qresyncUIDValidity }
                if b == 0x29 { expect = .none }
                i += 1
                continue
            }
            var j = i
            while j < text.count, !isDelimiter(text[j]) { j += 1 }
            let token = Array(text[i..<j])
            i = j
            let upper = String(decoding: token, as: UTF8.self).uppercased()
            let number = token.allSatisfy { (0x30...0x39).contains($0) } ? UInt64(upper) : nil
            switch (expect, number) {
            case (.modSeq, let n?):
                out += Array(String(liveModSeq(n)).utf8)
                expect = .none
                continue
            case (.qresyncUIDValidity, let n?):
                out += Array(String(uidValidities[n] ?? n).utf8)
                expect = .qresyncModSeq
                continue
            case (.qresyncModSeq, let n?):
                out += Array(String(liveModSeq(n)).utf8)
                expect = .none
                continue
            case (.modSeq(let skips), nil) where skips > 0 && ["PRIV", "SHARED", "ALL"].contains(upper):
                out += token
                expect = .modSeq(skips: skips - 1)
                continue
            default:
                break
            }
            switch upper {
            case "CHANGEDSINCE", "UNCHANGEDSINCE", "UNCHANGESINCE": expect = .modSeq(skips: 0)
            case "MODSEQ": expect = .modSeq(skips: 2)
            case "QRESYNC": expect = .qresyncOpen
            default: expect = .none
            }
            out += mailbox(token).map { Array($0.utf8) } ?? token
        }
        return out
    }

    private func mailbox(_ name: [UInt8]) -> String? {
        let s = String(decoding: name, as: UTF8.self)
        return mailboxes[s.uppercased() == "INBOX" ? "INBOX" : s]
    }
}
