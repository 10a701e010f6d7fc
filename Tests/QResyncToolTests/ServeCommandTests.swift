import Testing
import ReferenceServer
@testable import QResyncTool

@Suite("qresync serve")
struct ServeCommandTests {
    @Test("--faults lists the ten faults with the requirement each breaks")
    func listsFaults() {
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run(["serve", "--faults"], streams: &s) == 0)
        let lines = s.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == 10)
        for f in ServerFault.allCases {
            #expect(lines.contains { $0.hasPrefix(f.rawValue + " ") && $0.contains(" \(f.requirementID) ") }, "\(f.rawValue)")
        }
    }

    @Test("bad flags are usage errors (exit 64)", arguments: [
        ["--bogus"], ["--port"], ["--port", "70000"], ["--seed", "0xZZ"], ["--fault", "no-such-fault"],
        ["--password-env", "QRESYNC_TEST_VARIABLE_THAT_IS_NOT_SET"], ["--user", ""], ["--edition", "rfc3501"],
    ])
    func usage(arguments: [String]) {
        var s = StandardStreams.captured
        #expect(ServeCommand.run(arguments, &s, environment: [:], until: { _ in Issue.record("served") }) == 64)
        #expect(s.stderrText.hasPrefix("qresync serve: "))
    }

    @Test("a non-loopback host is refused with exit 64", arguments: ["0.0.0.0", "10.0.0.1"])
    func refusesHost(host: String) {
        var s = StandardStreams.captured
        #expect(ServeCommand.run(["--host", host], &s, environment: [:], until: { _ in Issue.record("served") }) == 64)
        #expect(s.stderrText.contains("refusing to listen on \(host)"))
    }

    @Test("serves on an ephemeral loopback port with the configured user until told to stop")
    func serves() {
        var s = StandardStreams.captured
        var greeting: String?, login: [String] = []
        var boundPort: UInt16 = 0
        let rc = ServeCommand.run(["--seed", "0x2A", "--user", "alice", "--password-env", "PW", "--fault", "none,missing-closed"], &s,
                                  environment: ["PW": "s3cret"], until: { listener in
            boundPort = listener.port
            let c = RawIMAPClient.connect(.tcp, listener.server, listener: listener)
            greeting = c.next()
            login = c.run("a", "LOGIN alice s3cret")
        })
        #expect(rc == 0)
        #expect(greeting?.hasSuffix("] qresync reference server ready") == true)
        #expect(login.last?.hasPrefix("a OK ") == true)
        let first = s.stdoutText.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("listening on 127.0.0.1:\(boundPort) seed=42 latitude=allocation="))
        #expect(first.hasSuffix(" faults=missing-closed"))
        #expect(s.stdoutText.hasSuffix("stopped\n"))
    }

    @Test("--edition rfc4551+5162 serves RFC 4551's rule: HIGHESTMODSEQ on a SELECT with no CONDSTORE enabling command (RFC 4551 §3.1.1), which RFC 7162 §3.1.2.1 asks only after one")
    func edition() {
        func select(_ arguments: [String]) -> (first: String, answer: [String]) {
            var s = StandardStreams.captured
            var answer: [String] = []
            _ = ServeCommand.run(arguments, &s, environment: [:], until: { listener in
                let c = RawIMAPClient.connect(.tcp, listener.server, listener: listener)
                _ = c.next()
                _ = c.run("a", "LOGIN test testpass")
                answer = c.run("b", "SELECT INBOX")
            })
            return (s.stdoutText.split(separator: "\n").first.map(String.init) ?? "", answer)
        }
        let original = select(["--edition", "rfc4551+5162"])
        #expect(original.first.hasSuffix(" edition=rfc4551+5162"))
        #expect(original.answer.contains { $0.contains("[HIGHESTMODSEQ ") }, "\(original.answer)")
        let current = select([])
        #expect(!current.first.contains("edition="))
        #expect(!current.answer.contains { $0.contains("[HIGHESTMODSEQ ") }, "\(current.answer)")
    }
}
