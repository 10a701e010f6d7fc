import Foundation

// Benchmarks print figures; they never assert timings (speed goals live here, not in tests).
// `qresync-bench <name> [options]`; each benchmark is one file with a `run` entry point.

let benchmarks: [(name: String, summary: String, run: ([String]) -> Int32)] = [
    ("parse", "framing alone vs framing and full parsing of a generated server stream", ParseBenchmark.run),
    ("model", "MailStore single-message operations at 10^3, 10^5, 10^6 messages; QRESYNC SELECT; bytes per message", ModelBenchmark.run),
    ("check", "closed-world checker on a generated 10^6-line trace with 4 sessions: lines/s, linearity, peak memory", CheckBenchmark.run),
    ("faults", "each named fault: found within 5,000 operations for how many seeds, cited right, shrunk to at most 12 commands", FaultsBenchmark.run),
    ("fuzz", "fuzzing operations/s (model, reference server in process and over loopback TCP); time to shrink a late failure", FuzzBenchmark.run),
]

let arguments = Array(CommandLine.arguments.dropFirst())
if let name = arguments.first, let benchmark = benchmarks.first(where: { $0.name == name }) {
    exit(benchmark.run(Array(arguments.dropFirst())))
}
var usage = "Usage: qresync-bench <benchmark> [options]\n\nBenchmarks:\n"
for b in benchmarks { usage += "  \(b.name)  \(b.summary)\n" }
FileHandle.standardError.write(Data(usage.utf8))
exit(arguments.first.map { $0 == "--help" || $0 == "-h" } == true ? 0 : 64)
