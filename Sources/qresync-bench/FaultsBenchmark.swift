import Conformance
import Foundation
import QResyncTool
import ReferenceServer

/// `qresync-bench faults [--seeds N] [--ops N] [--fault NAME] [--show-long]`: issue 5's teeth. For every named fault and seeds
/// 1...N: is it found within the operations, cited with the fault's requirement, and how short is
/// the shrunk counterexample (goal: found for at least 95 of 100 seeds, shrunk to at most 12
/// commands)? Prints one row per fault; a figure, not a test. `--fault` measures one fault;
/// `--show-long` prints each counterexample longer than 12 commands, to see what the shrinker
/// could not remove.
enum FaultsBenchmark {
    static func run(_ arguments: [String]) -> Int32 {
        var seeds = 100, ops = 5_000
        var only: ServerFault?, showLong = false
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--seeds" where i + 1 < arguments.count: seeds = Int(arguments[i + 1]) ?? seeds; i += 1
            case "--ops" where i + 1 < arguments.count: ops = Int(arguments[i + 1]) ?? ops; i += 1
            case "--fault" where i + 1 < arguments.count && ServerFault(rawValue: arguments[i + 1]) != nil:
                only = ServerFault(rawValue: arguments[i + 1]); i += 1
            case "--show-long": showLong = true
            default:
                print("usage: qresync-bench faults [--seeds N] [--ops N] [--fault NAME] [--show-long]")
                return 64
            }
            i += 1
        }
        print("named faults, seeds 1-\(seeds), \(ops) operations each, shrunk as qresync fuzz shrinks:")
        print("fault".padding(toLength: 30, withPad: " ", startingAt: 0) + " found  right ID  shrunk<=12  median  max  seconds")
        var allFound = 0, allShort = 0, total = 0
        for fault in ServerFault.allCases where only == nil || only == fault {
            var found = 0, right = 0, short = 0
            var others: [String: Int] = [:]
            var sizes: [Int] = []
            let w0 = Date()
            for seed in 1...UInt64(seeds) {
                var server = FuzzServer()
                server.seed = seed
                server.fault = fault
                let mailboxes = server.mailboxes(count: 2, seed: seed)
                guard let target = try? server.makeTarget(mailboxes: mailboxes) else { continue }
                var runner = FuzzRunner(target: target, configuration: FuzzConfiguration(seed: seed, operations: ops, mailboxes: mailboxes))
                let result = runner.run(stopAtFirstViolation: true)
                guard let v = result.firstViolation else { continue }
                found += 1
                if fault.brokenRequirements.contains(v.requirementID) { right += 1 } else { others[v.requirementID, default: 0] += 1 }
                guard let shrunk = server.shrink(result, requirement: v.requirementID, mailboxes: mailboxes) else { continue }
                sizes.append(shrunk.run.operations.count)
                if shrunk.run.operations.count <= 12 { short += 1 } else if showLong {
                    print("  seed \(seed): \(shrunk.run.operations.count) commands, first violation \(v.requirementID)")
                    for e in shrunk.run.events where e.direction == .client {
                        print("    C\(e.session): " + String(decoding: e.bytes, as: UTF8.self).trimmingCharacters(in: .newlines))
                    }
                }
            }
            sizes.sort()
            let median = sizes.isEmpty ? 0 : sizes[sizes.count / 2]
            print(fault.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)
                  + " \(String(found).leftPad(5))  \(String(right).leftPad(8))  \(String(short).leftPad(10))  \(String(median).leftPad(6))"
                  + "  \(String(sizes.last ?? 0).leftPad(3))  \(String(format: "%7.1f", Date().timeIntervalSince(w0)))")
            if !others.isEmpty {
                print("  first cited outside the fault's requirements: " + others.sorted { $0.value > $1.value }.map { "\($0.key) x\($0.value)" }.joined(separator: ", "))
            }
            allFound += found
            allShort += short
            total += seeds
        }
        print("all faults: found \(allFound) of \(total) runs, shrunk to at most 12 commands: \(allShort)")
        return 0
    }
}

extension String {
    fileprivate func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
