import Testing
import IMAPTypes
@testable import IMAPWire

/// RFC 7162 §3.2.5.2 and §7: the two sets of `seq-match-data` are in ascending order (the rules'
/// comments, as binding as their "* is not allowed"); the strict parser rejects any other order.
@Suite("seq-match-data order - RFC 7162 §3.2.5.2")
struct SeqMatchDataTests {
    @Test("R7162-3.2.5.2#2: both sets of seq-match-data ascend, or the command does not parse", arguments: [
        ("(1 1 (1 2))", nil), ("(1 1 1:5 (1,3 5,7))", nil), ("(1 1 (1:2,4 5:6,9))", nil), ("(1 1 (2:1 6:5))", nil),
        ("(1 1 (1,4294967295 2,4294967295))", nil),
        ("(1 1 (3,1 7,9))", "known-sequence-set"), ("(1 1 (1,3 9,7))", "known-uid-set"),
        ("(1 1 (1,1 5,7))", "known-sequence-set"), ("(1 1 (1:3,2 4:6,9))", "known-sequence-set"),
        ("(1 1 1:9 (1,2 7,5:6))", "known-uid-set"), ("(1 1 (2,3:1 4,5))", "known-sequence-set"),
    ] as [(String, String?)])
    func ascending(_ params: String, _ failingRule: String?) {
        let line = "a1 SELECT INBOX (QRESYNC \(params))"
        let error = clientCommandError(line)
        #expect(error?.rule == failingRule, "\(line): \(String(describing: error))")
    }

    @Test("R7162-3.2.5.2#2: the error points at the first element that does not ascend")
    func errorOffset() throws {
        let line = "a1 EXAMINE INBOX (QRESYNC (1 1 (1,3 7,9,8)))"
        let error = try #require(clientCommandError(line))
        #expect(error.rule == "known-uid-set")
        #expect(error.offset == "a1 EXAMINE INBOX (QRESYNC (1 1 (1,3 7,9,".utf8.count)
    }
}
