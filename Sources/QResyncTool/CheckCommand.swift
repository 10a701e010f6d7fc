import Conformance
import IMAPWire
import Foundation
import SpecModel

/// `qresync check`: judges recorded traces against the model.
enum CheckCommand {
    static let help = """
        Usage: qresync check [--format F] [--closed-world] [--edition E] [--json] [--annotate OUT] FILE...

        Checks each trace and reports every server line no conforming server could have sent,
        with the requirement it breaks (ID, RFC section, level), the session, the trace line,
        the command it answers, what was expected and the lines observed.

        Options:
          --format F        transcript | jsonl | dovecot-rawlog | cyrus-telemetry | mailkit | horde |
                            thunderbird
                            (default: detected)
                              transcript: C:/S: lines, optional session digits (C1:, S2:); indented
                                as a whole (pasted from an RFC) is fine
                              jsonl: one JSON object per unit {"session","dir","t","data"}
                              dovecot-rawlog: .in/.out pairs (timestamped lines), one pair per session,
                                merged by time into one trace
                              cyrus-telemetry: per-session logs (<ts< client, >ts> server), merged by time
                              mailkit: MailKit's ProtocolLogger ("Connected to URI", then C: and S: lines),
                                one session per connection
                              horde: Horde_Imap_Client's debug log (Nextcloud Mail, IMP): ">> Connection to:"
                                starts a session; [LITERAL DATA: n bytes] stands for n bytes
                              thunderbird: Thunderbird's IMAP log (MOZ_LOG=IMAP:5): SendData and
                                CreateNewLineFromSocket lines, one session per protocol instance
                            A session recorded from the middle (it starts neither at a greeting nor,
                            after CAPABILITY, NOOP or ID, at LOGIN, AUTHENTICATE or STARTTLS) is
                            resumed with its history unknown: what
                            it enabled, selected and was told before is not assumed (stderr says so;
                            a closed world falls back to the open one)
          --closed-world    every session that touches the mailboxes is in the trace: also check
                            completeness (what a command had to report) against the reconstructed truth;
                            a mailbox name used by sessions of two users (LOGIN, AUTHENTICATE PLAIN,
                            XOAUTH2 or OAUTHBEARER name them) may be two mailboxes or one, and is checked
                            as in the open world; sessions whose user is not named count as one user
          --edition E       rfc7162 (default) or rfc4551+5162 (the original texts)
          --json            one JSON object per trace on stdout
          --annotate OUT    write the transcript back with '!' lines under each offending line
                            (transcript input only; the result is itself a valid input)

        Exit codes: 0 conforms, 1 violations found, 2 inconclusive, 64 bad input or usage.
        """

    static var subcommand: QResyncCommandLine.Subcommand {
        .init(name: "check", summary: "check recorded traces against the model", help: help, run: run)
    }

    static func run(_ args: [String], _ io: inout StandardStreams) -> Int32 {
        var format: TraceFormat?
        var options = CheckOptions()
        var json = false
        var annotate: String?
        var files: [String] = []
        var i = 0
        func value() -> String? {
            i += 1
            return i < args.count ? args[i] : nil
        }
        while i < args.count {
            switch args[i] {
            case "--format":
                guard let v = value(), let f = TraceFormat(rawValue: v) else {
                    io.err("qresync check: --format takes transcript, jsonl, dovecot-rawlog, cyrus-telemetry, mailkit, horde or thunderbird\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                format = f
            case "--closed-world": options.closedWorld = true
            case "--edition":
                guard let v = value(), let e = Edition(rawValue: v) else {
                    io.err("qresync check: --edition takes rfc7162 or rfc4551+5162\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                options.edition = e
            case "--json": json = true
            case "--annotate":
                guard let v = value() else {
                    io.err("qresync check: --annotate needs a file name\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                annotate = v
            default:
                if args[i].hasPrefix("-"), args[i] != "-" {
                    io.err("qresync check: unknown option \(args[i])\n\n" + help)
                    return QResyncCommandLine.ExitCode.usage
                }
                files.append(args[i])
            }
            i += 1
        }
        guard !files.isEmpty else {
            io.err("qresync check: no trace given\n\n" + help)
            return QResyncCommandLine.ExitCode.usage
        }
        let inputs: [TraceInput]
        do {
            inputs = try TraceInput.load(files, format: format)
        } catch {
            io.err("qresync check: \(error)\n")
            return QResyncCommandLine.ExitCode.usage
        }
        var anyViolation = false, anyInconclusive = false
        for input in inputs {
            // A session recorded from the middle (an excerpt, a log that starts after login) has
            // an unknown history: resumed, and the trace judged in the open world (the closed
            // world rebuilds each mailbox from the start of every session).
            var input = input
            var (tc, notes) = TraceChecker.forRecord(&input.trace, options: options)
            for note in notes { io.err("qresync check: \(input.name): \(note)\n") }
            tc.check(input.trace)
            let report = tc.report
            if json {
                io.out(report.json(source: input.name) + "\n")
            } else {
                io.out(report.text(source: input.name))
            }
            if let out = annotate, let text = input.text {
                do {
                    try report.annotate(text, events: input.trace.events).write(toFile: out, atomically: true, encoding: .utf8)
                } catch {
                    io.err("qresync check: cannot write \(out): \(error.localizedDescription)\n")
                    return QResyncCommandLine.ExitCode.usage
                }
            }
            switch report.verdict {
            case .violates: anyViolation = true
            case .inconclusive: anyInconclusive = true
            case .conforms: break
            }
        }
        return anyViolation ? QResyncCommandLine.ExitCode.violations
            : anyInconclusive ? QResyncCommandLine.ExitCode.inconclusive : QResyncCommandLine.ExitCode.conforms
    }
}
