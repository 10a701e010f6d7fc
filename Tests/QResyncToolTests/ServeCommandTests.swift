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
        ["--password-env", "QRESYNC_TEST_VARIABLE_THAT_IS_NOT_SET"], ["--user", ""],
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
}
