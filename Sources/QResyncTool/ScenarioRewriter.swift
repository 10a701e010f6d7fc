import Conformance
import IMAPTypes

/// Carries an erratum scenario's client lines over to a live server (`qresync errata run
/// --server`). A scenario was written against a mailbox with its own UIDVALIDITY and
/// mod-sequences; the live server picks other values (RFC 3501 §2.3.1.1, RFC 7162 §3: the server
/// chooses them). `values` learns pairs (scenario value, live value) from the responses the
/// scenario shows and the ones the server sent for the same command; the rewriter replaces the
/// values a client line carries, token by token: mailbox names, the UIDVALIDITY and mod-sequence of a `QRESYNC` parameter
/// (RFC 7162 §3.2.5), and the mod-sequence after `CHANGEDSINCE`, `UNCHANGEDSINCE` (and its
/// misspelling `UNCHANGESINCE`, RFC 4551 erratum 3401) and the `MODSEQ` search key (§3.1.5).
///
/// Pure: no I/O. Message numbers and UIDs are kept as written (a fresh mailbox numbers its first
/// messages from 1, as the scenarios do).
struct ScenarioRewriter {
    /// Scenario mailbox name (INBOX upper-cased, RFC 3501 §5.1) to the live one.
    var mailboxes: [String: String] = [:]
    /// Scenario UIDVALIDITY and mod-sequences to the live ones.
    var values = ValueCorrespondence()

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
                out += Array(String(values.modSeq(n)).utf8)
                expect = .none
                continue
            case (.qresyncUIDValidity, let n?):
                out += Array(String(values.uidValidity(n)).utf8)
                expect = .qresyncModSeq
                continue
            case (.qresyncModSeq, let n?):
                out += Array(String(values.modSeq(n)).utf8)
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
