import Conformance
import Foundation
import IMAPTypes
import QResyncTool
import ReferenceServer
import SpecModel

/// `qresync-bench fuzz [--ops N] [--seed N] [--fault NAME --fault-seed N] [--server imap://USER@127.0.0.1:PORT
/// [--password-env VAR] [--live-only]]` (issue 5): fuzzing operations per second against the model directly,
/// the embedded reference server in process and the same server over loopback TCP, each with
/// online closed-world checking, as `qresync fuzz` runs them; then the time to shrink a failing run
/// of about 5,000 operations (goal: under 30 s). With `--server`, the fuzzer's own CPU time as a
/// share of wall time against that server (loopback only); `--live-only` measures that alone (for a
/// profiler).
enum FuzzBenchmark {
    /// The latest first violation found over seeds 1...60 of every fault (5,000 operations,
    /// 3 sessions, 2 mailboxes): operation 1,399. No seed found fails later; every fault shows
    /// within about 1,500 operations.
    static let lateFault = ServerFault.highestModSeqOnClose
    static let lateSeed: UInt64 = 35

    struct Figures {
        var operations: Int
        var commands: Int
        var wall: Double
        var cpu: Double
        /// The part of `cpu` spent in the kernel (socket calls, and loopback TCP delivery to the
        /// server, which the sender's system time carries).
        var systemCPU: Double
        var findings: Int
    }

    static func run(_ arguments: [String]) -> Int32 {
        var ops = 5_000, seed: UInt64 = 0xF022_0005
        var fault = lateFault, faultSeed = lateSeed
        var serverURL: String?, passwordVar = "QRESYNC_SERVER_PASSWORD"
        var liveOnly = false
        var i = 0
        while i < arguments.count {
            let value = i + 1 < arguments.count ? arguments[i + 1] : nil
            switch (arguments[i], value) {
            case ("--ops", let v?): guard let n = Int(v), n > 0 else { return usage() }; ops = n
            case ("--seed", let v?): guard let n = UInt64(v) else { return usage() }; seed = n
            case ("--fault", let v?): guard let f = ServerFault(rawValue: v) else { return usage() }; fault = f
            case ("--fault-seed", let v?): guard let n = UInt64(v) else { return usage() }; faultSeed = n
            case ("--server", let v?): serverURL = v
            case ("--password-env", let v?): passwordVar = v
            case ("--live-only", _): liveOnly = true; i += 1; continue
            default: return usage()
            }
            i += 2
        }
        print("\(ops) operations, 3 sessions, 2 mailboxes, seed \(seed); online closed-world checking as in qresync fuzz;")
        print("wall time, and CPU time of the whole process (fuzzer, checker and any in-process server) as a share of it")
        print("")
        if liveOnly && serverURL == nil { return usage() }
        if !liveOnly { embeddedFigures(ops: ops, seed: seed) }
        // 4. A live server, when given: how much of the wall time is the fuzzer's own work.
        if let url = serverURL {
            guard var live = FuzzServer.parse(url), live.isLoopback else {
                print("--server takes imap://USER@HOST:PORT on loopback (127.0.0.0/8, localhost, ::1) only")
                return 64
            }
            guard let password = ProcessInfo.processInfo.environment[passwordVar] else {
                print("set \(passwordVar) to the server password (or name another variable with --password-env)")
                return 64
            }
            live.password = password
            live.seed = seed
            let mailboxes = live.mailboxes(count: 2, seed: seed)
            defer { live.cleanUp(mailboxes: mailboxes) }
            let f = measure(ops: ops, seed: seed, mailboxes: mailboxes) { try live.makeTarget(mailboxes: $0) }
            report(url, f)
            print("  fuzzer's own CPU per command: \(Measure.micros(f.cpu / Double(max(1, f.commands)))),"
                  + " \(String(format2: 100 * f.cpu / f.wall))% of wall time (goal: under 10%), of which system"
                  + " \(String(format2: 100 * f.systemCPU / f.wall))% and user \(String(format2: 100 * (f.cpu - f.systemCPU) / f.wall))%")
        }
        if liveOnly { return 0 }
        print("")
        shrink(fault: fault, seed: faultSeed)
        return 0
    }

    /// The model, the embedded server in process and the embedded server over loopback TCP.
    static func embeddedFigures(ops: Int, seed: UInt64) {
        // 1. The model driven directly (no connection, no server threads).
        let modelFigures = measure(ops: ops, seed: seed) { mailboxes in
            var rng = SplitMix64(seed: seed)
            return ModelTarget(store: MailStore(latitude: Latitude.random(using: &rng), seed: seed, mailboxes: [.inbox] + mailboxes))
        }
        report("model in process (ModelTarget)", modelFigures)
        // 2. The embedded reference server through an in-process transport.
        var embedded = FuzzServer()
        embedded.seed = seed
        report("reference server, in process", measure(ops: ops, seed: seed) { try embedded.makeTarget(mailboxes: $0) })
        // 3. The same server over loopback TCP.
        let server = ReferenceServer(ReferenceServer.Configuration(seed: seed))
        do {
            let listener = try server.listen(host: "127.0.0.1", port: 0)
            defer { listener.stop() }
            guard var tcp = FuzzServer.parse("imap://test@127.0.0.1:\(listener.port)") else { return }
            tcp.password = "testpass"
            report("reference server, loopback TCP", measure(ops: ops, seed: seed) { try tcp.makeTarget(mailboxes: $0) })
        } catch {
            print("reference server, loopback TCP: cannot listen: \(error)")
        }
    }

    /// Runs `ops` generated operations against a fresh target, checking online.
    static func measure<T: FuzzTarget>(ops: Int, seed: UInt64, mailboxes: [MailboxName]? = nil,
                                       _ makeTarget: ([MailboxName]) throws -> T) -> Figures {
        let mailboxes = mailboxes ?? FuzzServer().mailboxes(count: 2, seed: seed)
        let w0 = Measure.wall(), c0 = Measure.processCPUSplit()
        do {
            var runner = FuzzRunner(target: try makeTarget(mailboxes), configuration: FuzzConfiguration(seed: seed, operations: ops, mailboxes: mailboxes))
            let r = runner.run(stopAtFirstViolation: false)
            if let e = r.targetError { print("  the run ended early: \(e)") }
            let c1 = Measure.processCPUSplit()
            return Figures(operations: r.operations.count, commands: r.events.filter { $0.direction == .client }.count,
                           wall: Measure.wall() - w0, cpu: c1.user - c0.user + c1.system - c0.system, systemCPU: c1.system - c0.system,
                           findings: r.report.rootFindings.count)
        } catch {
            print("  cannot set up the target: \(error)")
            return Figures(operations: 0, commands: 0, wall: 1, cpu: 0, systemCPU: 0, findings: 0)
        }
    }

    static func report(_ name: String, _ f: Figures) {
        print("\(name.padded(34)) \(Measure.grouped(Double(f.commands) / f.wall)) commands/s"
              + " (\(Measure.grouped(Double(f.operations))) operations, \(Measure.grouped(Double(f.commands))) commands, \(String(format2: f.wall)) s wall,"
              + " CPU \(String(format2: 100 * f.cpu / f.wall))% of wall); findings \(f.findings)")
    }

    /// Shrinks as `qresync fuzz` does (`FuzzServer.shrink`: each candidate replayed against a fresh
    /// embedded server with its commands adapted, kept while it still shows the requirement): the run cut at its first
    /// violation, as `qresync fuzz` shrinks it, and the same seed run on to 5,000 operations.
    static func shrink(fault: ServerFault, seed: UInt64) {
        var server = FuzzServer()
        server.seed = seed
        server.fault = fault
        let mailboxes = server.mailboxes(count: 2, seed: seed)
        let config = FuzzConfiguration(seed: seed, operations: 5_000, mailboxes: mailboxes)
        print("shrinking, fault \(fault.rawValue), seed \(seed) (goal: under 30 s; the shrinker stops at 60 s or 2,000 replays):")
        for stopAtFirst in [true, false] {
            guard let target = try? server.makeTarget(mailboxes: mailboxes) else { return }
            var runner = FuzzRunner(target: target, configuration: config)
            let failing = runner.run(stopAtFirstViolation: stopAtFirst)
            guard let violation = failing.firstViolation else {
                print("  no violation in 5,000 operations; pick another --fault-seed")
                return
            }
            let w0 = Measure.wall()
            guard let shrunk = server.shrink(failing, requirement: violation.requirementID, mailboxes: mailboxes) else {
                print("  the shrunk run no longer shows \(violation.requirementID)")
                return
            }
            let seconds = Measure.wall() - w0
            let what = stopAtFirst ? "cut at its first violation (\(violation.requirementID))" : "run on to 5,000 operations"
            print("  \(what): \(Measure.grouped(Double(failing.operations.count))) operations shrunk to \(shrunk.run.operations.count)"
                  + " in \(shrunk.attempts) replays, \(String(format2: seconds)) s wall")
        }
    }

    static func usage() -> Int32 {
        print("usage: qresync-bench fuzz [--ops N] [--seed N] [--fault NAME] [--fault-seed N]"
              + " [--server imap://USER@127.0.0.1:PORT [--password-env VAR] [--live-only]]")
        return 64
    }
}
