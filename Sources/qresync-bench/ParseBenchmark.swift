import Glibc
import SpecModel
import IMAPTypes
import IMAPWire

/// `qresync-bench parse [--responses N] [--rounds R]`: a seeded server stream of mixed FETCH
/// (some with literal bodies), VANISHED, SEARCH and OK lines, framed alone and then framed and
/// parsed. Goal: full parsing costs at most 3x framing.
enum ParseBenchmark {
    static func run(_ arguments: [String]) -> Int32 {
        var count = 500_000, rounds = 3
        var i = 0
        while i < arguments.count {
            let value = i + 1 < arguments.count ? Int(arguments[i + 1]) : nil
            switch (arguments[i], value) {
            case ("--responses", let v?) where v > 0: count = v
            case ("--rounds", let v?) where v > 0: rounds = v
            default:
                print("usage: qresync-bench parse [--responses N] [--rounds R]")
                return 64
            }
            i += 2
        }
        let stream = generate(count: count)
        let megabytes = Double(stream.count) / 1_048_576
        print("stream: \(count) responses, \(String(format2: megabytes)) MB, best of \(rounds) rounds, thread CPU time")
        var bestFrame = Double.infinity, bestParse = Double.infinity
        for _ in 0..<rounds {
            bestFrame = min(bestFrame, time { frame(stream, parse: false) == count })
            bestParse = min(bestParse, time { frame(stream, parse: true) == count })
        }
        for (name, seconds) in [("framing", bestFrame), ("framing + parsing", bestParse)] {
            print("\(name.padded(18)) \(String(format2: seconds)) s  \(Int(Double(count) / seconds)) responses/s  \(String(format2: megabytes / seconds)) MB/s")
        }
        print("parse / frame ratio: \(String(format2: bestParse / bestFrame)) (goal: at most 3)")
        return 0
    }

    /// CPU seconds (this thread's, so that other processes on a shared machine do not count)
    /// taken by `body`, which must report success.
    static func time(_ body: () -> Bool) -> Double {
        func now() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        let start = now()
        let ok = body()
        let seconds = now() - start
        precondition(ok, "the benchmark stream did not frame or parse completely")
        return seconds
    }

    /// Frames the stream in 64 KiB reads; with `parse`, parses every unit. Returns the units seen.
    static func frame(_ stream: [UInt8], parse: Bool) -> Int {
        var framer = Framer(direction: .server)
        var units = 0
        var offset = 0
        while offset < stream.count {
            let end = min(stream.count, offset + 65_536)
            framer.append(stream[offset..<end])
            offset = end
            do {
                while let unit = try framer.next() {
                    if parse { _ = try ResponseParser.parse(unit) }
                    units += 1
                }
            } catch {
                print("error: \(error)")
                return -1
            }
        }
        return units
    }

    /// The stream: 55% FETCH (UID, FLAGS, MODSEQ), 5% FETCH with a literal body, 10% VANISHED
    /// (EARLIER), 5% SEARCH with MODSEQ, 10% OK with HIGHESTMODSEQ, 15% tagged OK.
    static func generate(count: Int) -> [UInt8] {
        var rng = SplitMix64(seed: 0xBE4C_0001)
        var out: [UInt8] = []
        out.reserveCapacity(count * 80)
        let flags: [[Flag]] = [[.seen], [.seen, .flagged], [], [.answered, .seen, Flag("$NoJunk")!], [.deleted]]
        let body = Array(repeating: Array("Subject: benchmark\r\n\r\nhello world, this is a line of body text\r\n".utf8), count: 8).flatMap { $0 }
        var modSeq: UInt64 = 715_194_045_007
        for n in 0..<count {
            modSeq += 1 + rng.below(5)
            let seq = SequenceNumber(UInt32(1 + n % 100_000))!
            let uid = UID(UInt32(1 + n))!
            let r: ServerResponse
            switch rng.below(100) {
            case 0..<55:
                r = .untagged(.fetch(seq, [.uid(uid), .flags(flags[Int(rng.below(5))]), .modSeq(ModSeq(modSeq)!)]))
            case 55..<60:
                let size = 64 + Int(rng.below(UInt64(body.count - 64)))
                r = .untagged(.fetch(seq, [.uid(uid), .modSeq(ModSeq(modSeq)!),
                                           .bodySection(name: "BODY", section: "", origin: nil, data: Array(body[0..<size]))]))
            case 60..<70:
                var set = UIDSet()
                var u = UInt32(1 + rng.below(1000))
                for _ in 0..<(1 + rng.below(12)) {
                    let len = UInt32(rng.below(50))
                    set.insert(u...(u + len))
                    u += len + 2 + UInt32(rng.below(20))
                }
                r = .untagged(rng.chance(1, in: 2) ? .vanishedEarlier(set) : .vanished(set))
            case 70..<75:
                r = .untagged(.search((0..<(1 + rng.below(20))).map { _ in UInt32(1 + rng.below(100_000)) }, modSeq: ModSeq(modSeq)!))
            case 75..<85:
                r = .untagged(.condition(.ok, ResponseText(code: .highestModSeq(ModSeq(modSeq)!), text: "Highest")))
            default:
                r = .tagged(Tag("a\(n)")!, .ok, ResponseText(text: "FETCH completed"))
            }
            out += ResponseEncoder.encode(r)
        }
        return out
    }
}

extension String {
    init(format2 value: Double) {
        let scaled = (value * 100).rounded() / 100
        self = String(scaled)
    }

    func padded(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
