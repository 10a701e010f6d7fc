import SpecModel
import IMAPClient
import IMAPTypes
import Testing

/// Seeded random server behaviour: valid responses, garbage, truncation, silence. Whatever the
/// server does, the client returns a result or an error quickly, and the recording holds the
/// server's bytes exactly.
@Suite("Connection - seeded misbehaving servers")
struct ConnectionPropertyTests {
    static let fragments: [[UInt8]] = [
        "* 3 EXISTS\r\n", "* OK [HIGHESTMODSEQ 7] ok\r\n", "* 1 FETCH (UID 4 MODSEQ (9))\r\n",
        "* VANISHED (EARLIER) 1:3\r\n", "* 1 FETCH (BODY[] {3}\r\nabc)\r\n", "* OK\r\n", "* 2 EXISTS\n",
        "+ continue\r\n", "a1 OK done\r\n", "a1 NO nope\r\n", "zz OK other\r\n", "* FETCH garbage\r\n",
        "\u{0}\u{1}\r\n", "* 1 FETCH (BODY[] {999}\r\nab", "* BYE going\r\n",
    ].map { Array($0.utf8) }

    @Test("2 x 100 seeded server streams: result or error, never a hang; every server byte recorded",
          arguments: [UInt64(0x5EED_0001), 0x5EED_0002])
    func seeded(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var outcomes: Set<String> = []
        for _ in 0..<100 {
            var stream = Array(["* OK ready\r\n", "", "* BYE busy\r\n"][rng.chance(1, in: 5) ? Int(rng.below(2)) + 1 : 0].utf8)
            for _ in 0..<Int(rng.below(6)) {
                var fragment = Self.fragments[Int(rng.below(UInt64(Self.fragments.count)))]
                if rng.chance(1, in: 8) { fragment = Array(fragment.prefix(Int(rng.below(UInt64(fragment.count))))) }
                if !fragment.isEmpty, rng.chance(1, in: 10) { fragment[Int(rng.below(UInt64(fragment.count)))] = UInt8(truncatingIfNeeded: rng.next()) }
                stream += fragment
            }
            let closes = rng.chance(1, in: 2)
            let server = FakeIMAPServer([.sendBytes(stream)] + (closes ? [.close] : []))
            let c = Connection(transport: server.client, options: .init(timeout: .milliseconds(100)))
            let start = ContinuousClock.now
            var lastError: ConnectionError?
            do throws(ConnectionError) {
                _ = try c.readGreeting()
                _ = try c.execute(.noop)
            } catch {
                lastError = error
            }
            #expect(ContinuousClock.now - start < .seconds(2))
            let recorded = c.recorder.events.filter { $0.direction == .server }.flatMap(\.bytes)
            // Lossless: what was recorded is what the server sent, in order, with nothing made up.
            #expect(stream.starts(with: recorded))
            if let lastError {
                // The error's bytes are the tail of the recording.
                #expect(recorded.suffix(lastError.received.count).elementsEqual(lastError.received))
                // The stream arrives in one piece, so after an error all of it is recorded.
                #expect(recorded == stream)
                switch lastError.kind {
                case .timedOut: outcomes.insert("timeout")
                case .closedByServer: outcomes.insert("closed")
                case .unparseable: outcomes.insert("unparseable")
                case .unexpected: outcomes.insert("unexpected")
                case .refused: outcomes.insert("refused")
                case .transport: outcomes.insert("transport")
                }
            } else {
                outcomes.insert("result")
            }
        }
        // The seeds reach every way a session can end here.
        // (A send to a server that has closed is a transport error, EPIPE.)
        #expect(outcomes == ["result", "timeout", "closed", "unparseable", "unexpected", "refused", "transport"])
    }
}
