import Foundation
import IMAPClient
import IMAPTypes
import IMAPWire
import Testing

/// The loopback server named by an `imap://USER@127.0.0.1:PORT` URL in the environment variable
/// `name` (exported by Tests/Servers/with-servers.sh), with the password from
/// QRESYNC_SERVER_PASSWORD.
private struct RealServer {
    var host: String
    var port: UInt16
    var user: String
    var password: String

    init?(_ name: String) {
        let env = ProcessInfo.processInfo.environment
        guard let text = env[name], let url = URLComponents(string: text), url.scheme == "imap",
              let host = url.host, let port = url.port, let user = url.user,
              let port16 = UInt16(exactly: port) else { return nil }
        self.host = host
        self.port = port16
        self.user = user
        self.password = env["QRESYNC_SERVER_PASSWORD"] ?? "testpass"
    }

    /// A connection whose greeting has been read.
    func connect(_ recorder: TraceRecorder, prefix: String, extensions: Bool = true) throws -> Connection {
        try Connection.open(host: host, port: port, recorder: recorder,
                            options: .init(tagPrefix: Tag(prefix)!, timeout: .seconds(10),
                                           useLiteralPlus: extensions, useSASLIR: extensions))
    }
}

@Suite("Connection against real servers (Tests/Servers/with-servers.sh)")
struct RealServerConnectionTests {
    @Test("Dovecot: greeting, LOGIN, APPEND with both literal kinds, IDLE, AUTHENTICATE PLAIN both ways, LOGOUT",
          .enabled(if: RealServer("QRESYNC_DOVECOT_URL") != nil, "QRESYNC_DOVECOT_URL is not set"))
    func dovecot() throws { try session(RealServer("QRESYNC_DOVECOT_URL")!) }

    @Test("Cyrus: greeting, LOGIN, APPEND with both literal kinds, IDLE, AUTHENTICATE PLAIN both ways, LOGOUT",
          .enabled(if: RealServer("QRESYNC_CYRUS_URL") != nil, "QRESYNC_CYRUS_URL is not set"))
    func cyrus() throws { try session(RealServer("QRESYNC_CYRUS_URL")!) }

    private func session(_ server: RealServer) throws {
        let recorder = TraceRecorder()
        let c = try server.connect(recorder, prefix: "t")
        #expect(c.greeting?.status == .ok)
        #expect(try c.capability().isOK)
        #expect(c.capabilities.contains(.imap4rev1))
        #expect(try c.login(user: server.user, password: server.password).isOK)

        let mailbox = MailboxName(bytes: Array("client-test-\(UInt32.random(in: 0...UInt32.max))".utf8))
        #expect(try c.execute(.create(mailbox)).isOK)
        let message = Array("From: a@example.org\r\nSubject: literal\r\n\r\nbody\r\n".utf8)
        let append = try c.execute(.append(mailbox, flags: [], date: nil, message: message))
        #expect(append.isOK)
        let select = try c.execute(.select(mailbox, []))
        #expect(select.isOK)
        #expect(select.untagged.contains(.untagged(.exists(1))))
        let idle = try c.idle(for: .milliseconds(300))
        #expect(idle.isOK)
        _ = try c.execute(.close)
        #expect(try c.execute(.delete(mailbox)).isOK)
        let logout = try c.logout()
        #expect(logout.isOK)
        #expect(logout.untagged.contains { if case .untagged(.condition(.bye, _)) = $0 { return true } else { return false } })

        // The same without LITERAL+ and SASL-IR: synchronising literals and continuation requests.
        let d = try server.connect(recorder, prefix: "u", extensions: false)
        let auth = try d.authenticatePlain(user: server.user, password: server.password)
        #expect(auth.isOK)
        #expect(auth.lines.map(\.direction) == [.client, .server, .client, .server])
        #expect(try d.execute(.create(mailbox)).isOK)
        let syncAppend = try d.execute(.append(mailbox, flags: nil, date: nil, message: message))
        #expect(syncAppend.isOK)
        #expect(syncAppend.lines.first.map { $0.bytes.first == UInt8(ascii: "+") } == true)
        #expect(try d.execute(.delete(mailbox)).isOK)
        #expect(try d.logout().isOK)

        let jsonl = recorder.jsonl
        #expect(!jsonl.contains(server.password))
        #expect(!jsonl.contains(Data("\0\(server.user)\0\(server.password)".utf8).base64EncodedString()))
        #expect(try TraceJSONL.decode(Array(jsonl.utf8)).events == recorder.events)
        #expect(Set(recorder.events.map(\.session)) == [c.session, d.session])
    }
}
