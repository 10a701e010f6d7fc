import Dispatch
import Foundation
import Glibc
import IMAPTypes
import ReferenceServer
import SpecModel

/// `qresync serve`: the reference server on a loopback TCP port until SIGINT or SIGTERM.
enum ServeCommand {
    static let subcommand = QResyncCommandLine.Subcommand(
        name: "serve", summary: "serve the reference model over IMAP on 127.0.0.1", help: help,
        run: { arguments, streams in run(arguments, &streams) })

    static let help = """
        Usage: qresync serve [--port N] [--host 127.0.0.1] [--seed N] [--fault NAME]...
                             [--user U] [--password-env VAR] [--condstore-only] [--edition E]
               qresync serve --faults

        Serves the reference model of RFC 7162 over IMAP until SIGINT or SIGTERM. The seed draws
        the server's latitude (the choices RFC 7162 leaves to servers) and its other choices; the
        same seed gives the same behaviour. Prints one line first:
          listening on HOST:PORT seed=N latitude=...

          --port N            TCP port (default 0: the system picks one, printed above)
          --host ADDRESS      a loopback address (default 127.0.0.1); others are refused
          --seed N            decimal or 0x-hex seed (default 0)
          --fault NAME        make one named deviation (repeatable, or NAME,NAME; default none)
          --faults            list the faults with the requirement each breaks, and exit
          --user U            the user name (default test)
          --password-env VAR  read the password from environment variable VAR (default testpass)
          --condstore-only    a CONDSTORE-only server: QRESYNC neither advertised nor enabled
          --edition E         rfc7162 (default), or rfc4551+5162: behave as RFC 4551 and 5162 were first
                              published where RFC 7162 changed them (e.g. HIGHESTMODSEQ on every SELECT)

        Mailboxes: INBOX, Archive, Drafts, and NoModSeq (no persistent mod-sequences).
        Authentication: LOGIN or AUTHENTICATE PLAIN.

        """

    struct Options {
        var host = "127.0.0.1"
        var port: UInt16 = 0
        var configuration = ReferenceServer.Configuration()
        var listFaults = false
    }

    struct UsageError: Error {
        var message: String
    }

    static func run(_ arguments: [String], _ streams: inout StandardStreams,
                    environment: [String: String] = ProcessInfo.processInfo.environment,
                    until waitForStop: (TCPListener) -> Void = waitForTerminationSignal) -> Int32 {
        let options: Options
        switch parse(arguments, environment: environment) {
        case .success(let o): options = o
        case .failure(let e):
            streams.err("qresync serve: \(e.message)\n\n" + help)
            return QResyncCommandLine.ExitCode.usage
        }
        if options.listFaults {
            streams.out(faultList())
            return QResyncCommandLine.ExitCode.conforms
        }
        let server = ReferenceServer(options.configuration)
        let listener: TCPListener
        do {
            listener = try server.listen(host: options.host, port: options.port)
        } catch .notLoopback(let host) {
            streams.err("qresync serve: \(ListenError.notLoopback(host))\n")
            return QResyncCommandLine.ExitCode.usage
        } catch {
            streams.err("qresync serve: cannot listen on \(options.host):\(options.port): \(error)\n")
            return QResyncCommandLine.ExitCode.unreachable
        }
        let faults = options.configuration.faults.isEmpty ? "" : " faults=" + options.configuration.faults.sorted().map(\.rawValue).joined(separator: ",")
        streams.out("listening on \(listener.host):\(listener.port) seed=\(options.configuration.seed) latitude=\(describe(server.latitude))\(faults)\(options.configuration.offersQResync ? "" : " condstore-only")\(options.configuration.edition == .rfc7162 ? "" : " edition=\(options.configuration.edition.rawValue)")\n")
        waitForStop(listener)
        listener.stop()
        streams.out("stopped\n")
        return QResyncCommandLine.ExitCode.conforms
    }

    static func parse(_ arguments: [String], environment: [String: String]) -> Result<Options, UsageError> {
        var o = Options()
        var i = 0
        func value(_ flag: String) -> Result<String, UsageError> {
            i += 1
            guard i < arguments.count else { return .failure(UsageError(message: "\(flag) needs a value")) }
            return .success(arguments[i])
        }
        while i < arguments.count {
            let flag = arguments[i]
            switch flag {
            case "--faults":
                o.listFaults = true
            case "--condstore-only":
                o.configuration.offersQResync = false
            case "--port", "--host", "--seed", "--fault", "--user", "--password-env", "--edition":
                let v: String
                switch value(flag) {
                case .success(let s): v = s
                case .failure(let e): return .failure(e)
                }
                switch flag {
                case "--port":
                    guard let p = UInt16(v) else { return .failure(UsageError(message: "--port needs a number from 0 to 65535, not '\(v)'")) }
                    o.port = p
                case "--host":
                    o.host = v
                case "--seed":
                    guard let s = parseSeed(v) else { return .failure(UsageError(message: "--seed needs a decimal or 0x-hex number, not '\(v)'")) }
                    o.configuration.seed = s
                case "--fault":
                    for name in v.split(separator: ",", omittingEmptySubsequences: false).map(String.init) where name != "none" {
                        guard let f = ServerFault(rawValue: name) else {
                            return .failure(UsageError(message: "unknown fault '\(name)' (qresync serve --faults lists them)"))
                        }
                        o.configuration.faults.insert(f)
                    }
                case "--edition":
                    guard let e = Edition(rawValue: v) else { return .failure(UsageError(message: "--edition takes rfc7162 or rfc4551+5162, not '\(v)'")) }
                    o.configuration.edition = e
                case "--user":
                    guard !v.isEmpty else { return .failure(UsageError(message: "--user needs a non-empty name")) }
                    o.configuration.user = v
                default:  // --password-env
                    guard let p = environment[v] else { return .failure(UsageError(message: "environment variable \(v) is not set")) }
                    o.configuration.password = p
                }
            default:
                return .failure(UsageError(message: "unknown option '\(flag)'"))
            }
            i += 1
        }
        return .success(o)
    }

    static func parseSeed(_ s: String) -> UInt64? {
        let lower = s.lowercased()
        return lower.hasPrefix("0x") ? UInt64(lower.dropFirst(2), radix: 16) : UInt64(s)
    }

    /// One line a fault: its name, the requirement it breaks, what the server does, and the other
    /// requirements it breaks where the same fault reaches other commands.
    static func faultList() -> String {
        let width = ServerFault.allCases.map(\.rawValue.count).max()! + 2
        return ServerFault.allCases.map { f in
            let also = f.brokenRequirements.dropFirst()
            return f.rawValue.padding(toLength: width) + f.requirementID.padding(toLength: 19) + f.summary
                + (also.isEmpty ? "" : " (also \(also.joined(separator: ", ")))") + "\n"
        }.joined()
    }

    /// The latitude as `name=value` pairs joined by commas.
    static func describe(_ l: Latitude) -> String {
        [
            "allocation=\(l.allocation.rawValue)", "maxGap=\(l.maxGap)", "initialModSeq=\(l.initialModSeq)",
            "noOpStoreBumps=\(l.noOpStoreBumps)", "modifiedInNo=\(l.modifiedInNo)",
            "fetchForFailedUnchangedSince=\(l.fetchForFailedUnchangedSince)", "vanishedEarlier=\(l.vanishedEarlier.rawValue)",
            "honourSequenceMatch=\(l.honourSequenceMatch)", "expungeHistoryLimit=\(l.expungeHistoryLimit.map(String.init) ?? "none")",
            "notificationTiming=\(l.notificationTiming.rawValue)", "highestModSeqInTaggedOK=\(l.highestModSeqInTaggedOK)",
            "keepsKeywords=\(l.keepsKeywords)", "avoidsSpuriousModified=\(l.avoidsSpuriousModified)",
        ].joined(separator: ",")
    }

    /// Blocks until SIGINT or SIGTERM.
    static func waitForTerminationSignal(_ listener: TCPListener) {
        let done = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { done.signal() }
            source.resume()
            return source
        }
        done.wait()
        for s in sources { s.cancel() }
    }
}
