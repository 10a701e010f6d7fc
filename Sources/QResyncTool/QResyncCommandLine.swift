/// The `qresync` command line: subcommands, help and exit codes (STYLE.md: 0 conforms, 1
/// violations, 2 inconclusive, 64 usage or bad input, 69 server unreachable, 70 internal error).
/// It returns an exit code and never calls `exit()` itself.
public enum QResyncCommandLine {
    public enum ExitCode {
        public static let conforms: Int32 = 0
        public static let violations: Int32 = 1
        public static let inconclusive: Int32 = 2
        public static let usage: Int32 = 64
        public static let unreachable: Int32 = 69
        public static let internalError: Int32 = 70
    }

    /// A subcommand: its name, one-line summary, help text and entry point.
    public struct Subcommand: Sendable {
        public var name: String
        public var summary: String
        public var help: String
        public var run: @Sendable ([String], inout StandardStreams) -> Int32
    }

    public static var subcommands: [Subcommand] {
        [FuzzCommand.subcommand, ReplayCommand.subcommand, CheckCommand.subcommand, ParseCommand.subcommand,
         ServeCommand.subcommand, SpecCommand.subcommand, ErrataCommand.subcommand, ReportCommand.subcommand]
    }

    public static let overview = """
        qresync: the executable reference model of IMAP CONDSTORE and QRESYNC (RFC 7162).

        Usage: qresync <command> [options]
               qresync <command> --help
        """

    public static func usage() -> String {
        var s = overview + "\n\nCommands:\n"
        for c in subcommands { s += "  " + c.name.padding(toLength: 10) + c.summary + "\n" }
        s += "\nExit codes: 0 conforms, 1 violations, 2 inconclusive, 64 usage or bad input,\n"
        s += "69 server unreachable, 70 internal error.\n"
        return s
    }

    /// Runs with real standard streams.
    public static func run(_ arguments: [String]) -> Int32 {
        var streams = StandardStreams.process
        return run(arguments, streams: &streams)
    }

    /// Runs with the given streams (tests capture them).
    public static func run(_ arguments: [String], streams: inout StandardStreams) -> Int32 {
        guard let first = arguments.first else {
            streams.err(usage())
            return ExitCode.usage
        }
        if first == "--help" || first == "-h" || first == "help" {
            streams.out(usage())
            return ExitCode.conforms
        }
        guard let command = subcommands.first(where: { $0.name == first }) else {
            streams.err("qresync: unknown command '\(first)'\n\n" + usage())
            return ExitCode.usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            streams.out(command.help)
            return ExitCode.conforms
        }
        return command.run(rest, &streams)
    }
}

extension String {
    func padding(toLength n: Int) -> String {
        count >= n ? self + " " : self + String(repeating: " ", count: n - count)
    }
}
