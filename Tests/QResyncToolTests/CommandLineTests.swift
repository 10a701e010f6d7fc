import Testing
@testable import QResyncTool

@Suite("qresync command line")
struct CommandLineTests {
    @Test("no arguments and unknown commands exit 64 with usage on stderr")
    func usage() {
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run([], streams: &s) == 64)
        #expect(s.stderrText.contains("Usage: qresync"))
        var t = StandardStreams.captured
        #expect(QResyncCommandLine.run(["frobnicate"], streams: &t) == 64)
        #expect(t.stderrText.contains("unknown command 'frobnicate'"))
    }

    @Test("--help exits 0 and lists exit codes")
    func help() {
        var s = StandardStreams.captured
        #expect(QResyncCommandLine.run(["--help"], streams: &s) == 0)
        #expect(s.stdoutText.contains("Exit codes"))
    }
}
