import Foundation
import Testing
import IMAPTypes
import SpecModel
@testable import Conformance

/// Issue 4's first promise: traces the model produces under random server choices conform. Any
/// finding here is a model or checker bug.
@Suite("No false alarms - model traces under random latitude conform")
struct NoFalseAlarmTests {
    static func run(seed: UInt64, edition: Edition, operations: Int) -> FuzzResult {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9)
        var store = MailStore(latitude: Latitude.random(using: &rng), seed: seed, mailboxes: [.inbox, MailboxName("Archive")],
                              noModSeqMailboxes: rng.chance(1, in: 5) ? [MailboxName("Archive")] : [])
        store.edition = edition
        var runner = FuzzRunner(target: ModelTarget(store: store),
                                configuration: FuzzConfiguration(seed: seed, operations: operations, sessions: 3, edition: edition))
        return runner.run(stopAtFirstViolation: false)
    }

    static func describe(_ r: FuzzResult) -> String {
        guard let f = r.report.rootFindings.first else { return "" }
        let lo = max(0, f.line - 12), hi = min(r.events.count, f.line + 1)
        let context = r.events[lo..<hi].map { e in "\(e.line) \(e.direction == .client ? "C" : "S")\(e.session): " + String(decoding: e.bytes.dropLast(2), as: UTF8.self) }
        return "seed \(r.configuration.seed): \(f.requirementID) line \(f.line): \(f.expected)\n" + context.joined(separator: "\n")
    }

    @Test("rfc7162: 1,000 seeds x 200 operations, 3 sessions, 2 mailboxes", arguments: [Edition.rfc7162, .rfc4551And5162])
    func conforms(edition: Edition) {
        var failures = 0
        for seed in UInt64(0)..<1000 {
            let r = Self.run(seed: seed, edition: edition, operations: 200)
            if !r.report.findings.isEmpty {
                failures += 1
                if failures <= 3 { Issue.record(Comment(rawValue: Self.describe(r))) }
            }
            #expect(r.targetError == nil)
        }
        #expect(failures == 0)
    }
}

/// Transcripts written to RFC 9051 (IMAP4rev2) as servers that list it behave: `* LIST` in a SELECT
/// answer, no RECENT, ESEARCH for SEARCH (MODSEQ included), CLOSED on a reselect and unsolicited,
/// empty response text, STATUS SIZE and DELETED, BINARY. RFC 7162 still binds such a server.
@Suite("No false alarms - IMAP4rev2 servers (RFC 9051) with CONDSTORE and QRESYNC")
struct IMAP4rev2TranscriptTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/imap4rev2")

    /// Each file with the findings it has, in either world: only a true one (a CONDSTORE-only
    /// server's FETCH without UID, RFC 7162 §3.1.4.2's SHOULD).
    static let files: [(String, [String])] = [
        ("enable-rev2-condstore-qresync.txt", []), ("both-versions-esearch-closed.txt", []),
        ("closed-world-append-move.txt", []), ("failed-select-closed-idle-vanished.txt", []),
        ("rev2-only-condstore-only.txt", ["R7162-3.1.4.2#1 deviation"]),
    ]

    @Test("each transcript conforms, open and closed world", arguments: files)
    func conforms(_ file: String, _ expected: [String]) throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent(file), encoding: .utf8)
        for closedWorld in [false, true] {
            var c = TraceChecker(options: CheckOptions(closedWorld: closedWorld))
            c.check(try TranscriptReader.read(text, file: file))
            #expect(c.report.verdict == .conforms, "closed world \(closedWorld)")
            #expect(c.report.rootFindings.map { "\($0.requirementID) \($0.severity)" } == expected, "closed world \(closedWorld)")
        }
    }
}

/// Transcripts written as mail clients and servers talk (Thunderbird, K-9, Outlook, Gmail and
/// mutt-style sessions): commands sent without waiting (RFC 3501 §5.5), FETCH data split over
/// responses, unsolicited updates and IDLE, QRESYNC resynchronisation, MOVE with COPYUID,
/// NOMODSEQ, LIST-STATUS, two sessions. The `closed-` ones start from fresh mailboxes.
@Suite("No false alarms - mail-client traffic")
struct ClientTranscriptTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/clients")

    /// The one true finding among them: a CONDSTORE-only server's FETCH without UID (RFC 7162
    /// §3.1.4.2's SHOULD).
    static let expected: [String: [String]] = ["noop-idle.txt": ["R7162-3.1.4.2#1 deviation"]]

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }

    @Test("each transcript conforms, open and closed world", arguments: files)
    func conforms(_ file: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        for closedWorld in [false, true] {
            var c = TraceChecker(options: CheckOptions(closedWorld: closedWorld))
            c.check(try TranscriptReader.read(text, file: file))
            #expect(c.report.verdict == .conforms, "closed world \(closedWorld)")
            #expect(c.report.rootFindings.map { "\($0.requirementID) \($0.severity)" } == Self.expected[file] ?? [],
                    "closed world \(closedWorld)")
        }
    }

    @Test("the fixtures are there")
    func present() { #expect(Self.files.count >= 20) }
}

/// Transcripts of legal behaviour as servers the live tests do not cover document or are known to
/// show it: Stalwart (IMAP4rev2, OBJECTID: MAILBOXID in SELECT and STATUS), Gmail (CONDSTORE
/// only, X-GM-* items), Yahoo (HIGHESTMODSEQ without CONDSTORE), iCloud, Zimbra and
/// Archiveopteryx (QRESYNC, unsolicited HIGHESTMODSEQ), Courier (no CONDSTORE), Cyrus 3.8+ and
/// Dovecot 2.4 extension responses mixed in, UIDONLY's UIDFETCH (RFC 9586); and defects from
/// public reports with their conforming twins. Each conforms, open and closed world, unless listed.
@Suite("No false alarms - servers not tested live")
struct ServerTranscriptTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/servers")

    /// Files whose verdict is not "conforms": its exit code (1 violates, 2 inconclusive) and the
    /// root findings expected in both worlds. A UIDONLY session (RFC 9586) whose UIDs the checker
    /// cannot place: its UIDFETCH responses are not judged. A NOTIFY session (RFC 5465) whose
    /// EXPUNGE with no command in progress is legal while NOTIFY SET holds, and a violation once
    /// NOTIFY NONE ended it.
    static let expected: [String: (Int32, [String])] = [
        "cyrus-uidonly-unknown-uids.txt": (2, []),
        "dovecot24-notify-expunge.txt": (1, ["R3501-7.4.1#1 violation"]),
        // Recorded live from Dovecot 2.3.19.1 and Cyrus 3.6.1: real deviations, each explained in the
        // file's header. RFC 7162 §3.2.4: UID in every untagged FETCH after a CONDSTORE enabling
        // command, also one answering a FETCH that implicitly set \Seen; §3.1: MODSEQ likewise;
        // §3.1.9: "THREAD responses are unchanged by the CONDSTORE extension".
        "cyrus36-thread-modseq.txt": (1, ["R7162-3.2.4#1 violation", "R3501-9#2 violation"]),
        "dovecot23-body-sets-seen.txt": (1, ["R7162-3.1#7 violation", "R7162-3.2.4#1 violation"]),
        "dovecot23-context-search-update.txt": (1, ["R7162-3.2.4#1 violation"]),
        // Defects from public reports, each written down in the file's header with its source; each
        // has a "-fixed" twin that conforms. Cyrus (nextcloud/mail #11908) and Apache James
        // (JAMES-3642), a QRESYNC SELECT whose VANISHED (EARLIER) names messages that are still
        // there, are in `closedWorldOnly`. SmarterMail: CHANGEDSINCE answered without MODSEQ.
        // Gmail: an untagged OK [HIGHESTMODSEQ n] with no text after the code.
        "smartermail-changedsince-no-modseq.txt": (1, ["R7162-3.1#7 violation"]),
        "gmail-highestmodseq-no-text.txt": (1, ["R3501-9#2 violation"]),
    ]

    /// Violations only the closed world sees, added to `expected`: they need the truth of every
    /// session. Dovecot 2.3.19.1, live: after NOTIFY NONE a NOOP answers OK [HIGHESTMODSEQ 12] without
    /// reporting another session's flag change at 10 (RFC 7162 §3.2: no change lost on connectivity loss).
    static let closedWorldOnly: [String: [String]] = [
        "dovecot23-notify-set-none.txt": ["R7162-3.2#3 violation"],
        // Cyrus and James: with no other session expunging meanwhile, the message numbers after the
        // VANISHED (EARLIER) leave too few UIDs below them (in the open world a message expunged
        // during the SELECT could be counted by its EXISTS and named by its VANISHED (EARLIER)
        // too, RFC 7162 §3.2.10); and a later session sees the UIDs James's named.
        "cyrus-qresync-vanished-earlier-live-uids.txt": ["R3501-2.3.1.1#8 violation"],
        "james-qresync-select-vanishes-unchanged.txt": ["R3501-2.3.1.1#8 violation", "R7162-3.2.10.1#D1 violation"],
    ]

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }

    @Test("each transcript gets its verdict, open and closed world", arguments: files)
    func conforms(_ file: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        for closedWorld in [false, true] {
            var (exitCode, findings) = Self.expected[file] ?? (0, [])
            if closedWorld, let more = Self.closedWorldOnly[file] {
                findings += more
                exitCode = max(exitCode, 1)
            }
            var c = TraceChecker(options: CheckOptions(closedWorld: closedWorld))
            c.check(try TranscriptReader.read(text, file: file))
            #expect(c.report.verdict.exitCode == exitCode, "closed world \(closedWorld): \(c.report.verdict)")
            #expect(c.report.rootFindings.map { "\($0.requirementID) \($0.severity)" } == findings, "closed world \(closedWorld)")
        }
    }

    @Test("the fixtures are there")
    func present() { #expect(Self.files.count >= 5) }
}
