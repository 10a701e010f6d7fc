import Conformance
import Foundation
import Glibc
import IMAPTypes
import IMAPWire
import SpecModel

/// `qresync-bench check [--lines N] [--sessions S] [--seed N] [--save-trace FILE]` (issue 4): the
/// closed-world checker (`TraceChecker`) on a trace of N lines (default 10^6) that the fuzzer's
/// generator produced against the reference model in process, and on its first N/10 lines.
/// `--save-trace` keeps the generated trace (the record format of `write`) so that
/// `qresync-bench check --memory-of FILE` can check it alone, for example under a profiler.
///
/// `qresync-bench check --trace FILE.jsonl` instead checks a trace recorded from a live server
/// (for example `qresync fuzz --server ... --keep-going`) and compares the checker's time with the
/// time the server took to produce it: for each command, from its line to the last server line
/// before that session's next command (the client's own time between commands left out).
/// Goals: linear (N lines take at most 12x the time of N/10), peak memory bounded by the mailbox
/// size rather than the trace length, and at least 10x the ~4,000 commands/s a local Dovecot
/// answers.
enum CheckBenchmark {
    static let serverRate = 4_000.0

    static func run(_ arguments: [String]) -> Int32 {
        var lines = 1_000_000, sessions = 4, seed: UInt64 = 0xC4EC_0004
        var memoryOf: String?, saveTrace: String?, recorded: String?
        var i = 0
        while i < arguments.count {
            if ["--memory-of", "--save-trace", "--trace"].contains(arguments[i]), i + 1 < arguments.count {
                switch arguments[i] {
                case "--memory-of": memoryOf = arguments[i + 1]
                case "--save-trace": saveTrace = arguments[i + 1]
                default: recorded = arguments[i + 1]
                }
                i += 2
                continue
            }
            let value = i + 1 < arguments.count ? UInt64(arguments[i + 1]) : nil
            switch (arguments[i], value) {
            case ("--lines", let v?) where v >= 10: lines = Int(v)
            case ("--sessions", let v?) where (1...26).contains(v): sessions = Int(v)
            case ("--seed", let v?): seed = v
            default:
                print("usage: qresync-bench check [--lines N] [--sessions S] [--seed N] [--save-trace FILE] | --trace FILE.jsonl")
                return 64
            }
            i += 2
        }
        if let file = memoryOf { return streamChecked(file: file, lines: lines) }
        if let file = recorded { return checkRecorded(file: file) }
        // The trace: generated operations against the model, every unit as it would travel.
        let w0 = Measure.wall()
        let configuration = FuzzConfiguration(seed: seed, operations: 2_000, sessions: sessions)
        var probe = FuzzRunner(target: ModelTarget(store: store(seed)), configuration: configuration)
        let perOperation = Double(probe.run(stopAtFirstViolation: false).events.count) / 2_000
        var full = configuration
        full.operations = Int(Double(lines) / perOperation * 1.1) + 100
        var runner = FuzzRunner(target: ModelTarget(store: store(seed)), configuration: full)
        let generated = runner.run(stopAtFirstViolation: false)
        guard generated.events.count >= lines else {
            print("the generated trace has only \(generated.events.count) lines; raise --lines or change --seed")
            return 70
        }
        let events = Array(generated.events.prefix(lines))
        let mailboxSizes = runner.target.store.mailboxes.sorted { $0.key.bytes.lexicographicallyPrecedes($1.key.bytes) }
            .map { "\($0.key): \($0.value.messages.count)" }
        let commandsIn = { (n: Int) in events.prefix(n).reduce(0) { $0 + ($1.direction == .client ? 1 : 0) } }
        print("trace: \(Measure.grouped(Double(lines))) lines, \(Measure.grouped(Double(commandsIn(lines)))) commands,"
              + " \(sessions) sessions, seed \(seed), generated in \(String(format2: Measure.wall() - w0)) s wall")
        print("mailboxes at the end (messages): " + mailboxSizes.joined(separator: ", "))
        print("figures: thread CPU time of TraceChecker.consume (strict parse, fall back to lenient, closed-world check)")
        print("memory: a child process streams the trace from disk into the checker; its peak resident set (VmHWM) minus its resident set at the start")

        var seconds: [Double] = []
        let file = saveTrace ?? "/tmp/qresync-bench-check-\(getpid()).trace"
        let written = write(events, to: file)
        defer { if saveTrace == nil { unlink(file) } }
        for n in [lines / 10, lines] {
            let t0 = Measure.threadCPU()
            var checker = TraceChecker(options: CheckOptions(edition: .rfc7162, closedWorld: true))
            for e in events.prefix(n) { checker.consume(e) }
            let s = Measure.threadCPU() - t0
            let report = checker.report
            seconds.append(s)
            let commands = Double(commandsIn(n))
            print("")
            print("\(Measure.grouped(Double(n))) lines: \(String(format2: s)) s, \(Measure.grouped(Double(n) / s)) lines/s,"
                  + " \(Measure.grouped(commands / s)) commands/s; findings \(report.findings.count)")
            // A model-generated trace must conform: any finding is a model or checker bug.
            for f in report.rootFindings.prefix(3) {
                print("  FINDING \(f.requirementID) session \(f.session) line \(f.line) (\(f.command ?? "")): \(f.expected)")
            }
            if written, let memory = childPeak(file: file, lines: n) { print("  " + memory) }
        }
        var parse = Measure.threadCPU()
        for e in events where e.direction == .server { _ = try? ResponseParser.parse(e.bytes) }
        parse = Measure.threadCPU() - parse
        let commandsPerSecond = Double(commandsIn(lines)) / seconds[1]
        print("")
        print("  of which strict parsing of the server lines alone: \(String(format2: parse)) s (\(String(format2: 100 * parse / seconds[1]))%)")
        print("time ratio \(Measure.grouped(Double(lines))) / \(Measure.grouped(Double(lines / 10))) lines: \(String(format2: seconds[1] / seconds[0])) (goal: at most 12)")
        print("checker on this trace vs a server answering \(Measure.grouped(serverRate)) commands/s: \(String(format2: commandsPerSecond / serverRate))x"
              + " (\(String(format2: Double(lines) / Double(commandsIn(lines)))) lines a command)")
        benchShaped(commands: 100_000)
        return 0
    }

    /// The workload of Tests/Servers/bench.py (where the ~4,000 commands/s were measured): one
    /// session, a 10-message mailbox selected with CONDSTORE, NOOPs and single-UID STOREs that
    /// each change a flag, checked in closed-world mode.
    static func benchShaped(commands: Int) {
        var target = ModelTarget(store: MailStore(latitude: Latitude(), seed: 4, mailboxes: [.inbox]))
        var events: [TraceEvent] = []
        func add(_ new: [ExchangedUnit]) { for u in new { var e = u.event; e.line = events.count + 1; events.append(e) } }
        var tag = 0
        func send(_ c: Command) { tag += 1; add((try? target.send(TaggedCommand(tag: Tag("b\(tag)")!, command: c), session: 1)) ?? []) }
        add((try? target.connect(session: 1)) ?? [])
        send(.login(user: "test", password: "testpass"))
        for _ in 0..<10 { send(.append(.inbox, flags: [], date: nil, message: Array("Subject: bench\r\n\r\nbench\r\n".utf8))) }
        send(.select(.inbox, [.condstore]))
        let setup = tag
        for k in 0..<commands {
            if k % 2 == 0 {
                send(.noop)
            } else {
                let u = UInt32(1 + (k / 2) % 10)
                send(.store(SequenceSet([u...u]), [], StoreAction((k / 20) % 2 == 0 ? .add : .remove, flags: [Flag("$Bench")!]), uid: true))
            }
        }
        let t0 = Measure.threadCPU()
        var checker = TraceChecker(options: CheckOptions(edition: .rfc7162, closedWorld: true))
        for e in events { checker.consume(e) }
        let s = Measure.threadCPU() - t0
        let rate = Double(tag - setup) / s
        print("")
        print("bench.py's workload (NOOP and UID STORE of one flag, 10 messages, \(Measure.grouped(Double(commands))) commands,"
              + " \(Measure.grouped(Double(events.count))) lines): \(String(format2: s)) s, \(Measure.grouped(rate)) commands/s checked,"
              + " findings \(checker.report.findings.count)")
        print("  vs a server answering \(Measure.grouped(serverRate)) commands/s of it: \(String(format2: rate / serverRate))x (goal: at least 10x)")
    }

    /// A trace recorded from a live server: the checker's thread CPU time against the server's
    /// time answering the same commands.
    static func checkRecorded(file: String) -> Int32 {
        guard let data = FileManager.default.contents(atPath: file) else {
            print("cannot read \(file)")
            return 66
        }
        let trace: Trace
        do { trace = try TraceJSONL.decode(Array(data), file: file) } catch {
            print("\(error)")
            return 65
        }
        // Per session: each command's time runs to the last server line before its next command.
        var commandStart: [Int: Double] = [:], lastServer: [Int: Double] = [:]
        var serverSeconds = 0.0, commands = 0, timed = true
        for e in trace.events {
            guard let t = e.time else { timed = false; break }
            if e.direction == .client {
                if let c = commandStart[e.session], let l = lastServer[e.session], l > c { serverSeconds += l - c }
                commandStart[e.session] = t
                lastServer[e.session] = nil
                commands += 1
            } else {
                lastServer[e.session] = t
            }
        }
        for (session, c) in commandStart { if let l = lastServer[session], l > c { serverSeconds += l - c } }
        let t0 = Measure.threadCPU()
        var checker = TraceChecker(options: CheckOptions(edition: .rfc7162, closedWorld: true))
        for e in trace.events { checker.consume(e) }
        let s = Measure.threadCPU() - t0
        let lines = Double(trace.events.count)
        print("\(file): \(Measure.grouped(lines)) lines, \(Measure.grouped(Double(commands))) commands (\(String(format2: lines / Double(max(commands, 1)))) lines a command)")
        print("checker (closed world, parse and judge): \(String(format2: s)) s CPU, \(Measure.grouped(lines / s)) lines/s,"
              + " \(Measure.grouped(Double(commands) / s)) commands/s; findings \(checker.report.findings.count)")
        guard timed, serverSeconds > 0 else {
            print("the trace has no times: no comparison with the server")
            return 0
        }
        print("server answering the same commands: \(String(format2: serverSeconds)) s, \(Measure.grouped(Double(commands) / serverSeconds)) commands/s")
        print("checker vs server: \(String(format2: serverSeconds / s))x (goal: at least 10x)")
        return 0
    }

    /// Writes the trace as records (session, direction, length, bytes) for a child process.
    static func write(_ events: [TraceEvent], to path: String) -> Bool {
        guard let f = fopen(path, "w") else { return false }
        defer { fclose(f) }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        for e in events {
            let n = UInt32(e.bytes.count)
            out += [UInt8(e.session), e.direction == .client ? 0 : 1, UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24)]
            out += e.bytes
            if out.count > 1 << 20 { guard fwrite(out, 1, out.count, f) == out.count else { return false }; out.removeAll(keepingCapacity: true) }
        }
        return fwrite(out, 1, out.count, f) == out.count
    }

    /// Runs this program again to check the first `lines` records of `file` streamed from disk
    /// (no trace held in memory, no heap left over from generating it) and returns its memory line.
    static func childPeak(file: String, lines: Int) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        p.arguments = ["check", "--memory-of", file, "--lines", String(lines)]
        let pipe = Pipe()
        p.standardOutput = pipe
        do { try p.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The child: streams the records into the checker and prints the peak resident set above the
    /// resident set at the start, and the whole process peak.
    static func streamChecked(file: String, lines: Int) -> Int32 {
        guard let f = fopen(file, "r") else { return 66 }
        defer { fclose(f) }
        let base = Measure.residentBytes()
        var checker = TraceChecker(options: CheckOptions(edition: .rfc7162, closedWorld: true))
        var header = [UInt8](repeating: 0, count: 6)
        var line = 0
        while line < lines, fread(&header, 1, 6, f) == 6 {
            let n = Int(header[2]) | Int(header[3]) << 8 | Int(header[4]) << 16 | Int(header[5]) << 24
            var bytes = [UInt8](repeating: 0, count: n)
            guard fread(&bytes, 1, n, f) == n else { break }
            line += 1
            checker.consume(TraceEvent(session: Int(header[0]), direction: header[1] == 0 ? .client : .server, bytes: bytes, line: line))
        }
        let findings = checker.report.findings.count
        let peak = Measure.peakResidentBytes()
        print("peak memory of a process checking the \(Measure.grouped(Double(line))) lines streamed from disk:"
              + " \(Measure.megabytes(peak - base)) above its start (\(Measure.megabytes(peak)) VmHWM); findings \(findings)")
        return 0
    }

    /// The model the trace is generated against: a latitude drawn from the seed, two mailboxes.
    static func store(_ seed: UInt64) -> MailStore {
        var rng = SplitMix64(seed: seed)
        return MailStore(latitude: Latitude.random(using: &rng), seed: seed, mailboxes: [.inbox, MailboxName("Archive")])
    }
}
