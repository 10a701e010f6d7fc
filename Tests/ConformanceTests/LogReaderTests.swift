import Foundation
import Testing
import IMAPWire
@testable import Conformance

@Suite("Server protocol logs - Dovecot rawlog and Cyrus telemetry")
struct LogReaderTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/real")

    static func load(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(path)))
    }

    @Test("telemetry keeps each session's own order (one-second timestamps tie)")
    func telemetryOrder() throws {
        let events = try LogReaders.cyrusTelemetry(Self.load("cyrus-telemetry/session1.log"), session: 1, file: "s1")
        let texts = events.map { String(decoding: $0.bytes, as: UTF8.self) }
        let enable = try #require(texts.firstIndex { $0.hasPrefix("A012 ENABLE") })
        let enabled = try #require(texts.firstIndex { $0.hasPrefix("* ENABLED") })
        let ok = try #require(texts.firstIndex { $0.hasPrefix("A012 OK") })
        #expect(enable < enabled && enabled < ok, "\(texts[max(0, enable - 2)...min(texts.count - 1, ok + 2)])")
        // Every unit is complete: a line (with literals) ending in CRLF.
        #expect(events.allSatisfy { $0.bytes.suffix(2) == [0x0D, 0x0A] })
    }

    @Test("rawlog pairs interleave client and server by time")
    func rawlogOrder() throws {
        let events = try LogReaders.dovecotRawlog(input: Self.load("dovecot-rawlog/session1.in"),
                                                  output: Self.load("dovecot-rawlog/session1.out"), session: 1, file: "s1")
        let texts = events.map { String(decoding: $0.bytes, as: UTF8.self) }
        var checked = 0
        for (i, e) in events.enumerated() where e.direction == .server && texts[i].hasPrefix("A") {
            let tag = String(texts[i].prefix { $0 != " " })
            // The log starts after LOGIN: skip completions whose command was never logged.
            guard let command = events.firstIndex(where: { $0.direction == .client && texts[events.firstIndex(of: $0)!].hasPrefix(tag + " ") })
            else { continue }
            #expect(command < i, "\(tag): completion before its command")
            checked += 1
        }
        #expect(checked > 20)
    }

    @Test("malformed logs give an error with the line")
    func malformed() {
        #expect(throws: TraceError.self) {
            _ = try LogReaders.dovecotRawlog(input: Array("not-a-time A1 NOOP\n".utf8), output: [], session: 1, file: "x")
        }
        #expect(throws: TraceError.self) {
            _ = try LogReaders.cyrusTelemetry(Array("stray text\n".utf8), session: 1, file: "x")
        }
    }
}
