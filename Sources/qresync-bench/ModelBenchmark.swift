import Glibc
import IMAPTypes
import SpecModel

/// `qresync-bench model [--sizes N,N,...] [--ops K]` (issue 3): single-message operations of the
/// reference model (`MailStore.execute`) on one mailbox of each size, a QRESYNC SELECT with 10^4
/// changes since the client's mod-sequence, and the memory a message costs.
/// Goals: at the largest size a single-message operation costs at most 3x what it costs at the
/// smallest; the QRESYNC SELECT takes well under a second at 10^6 messages; at most 100 bytes a
/// message with system flags only.
enum ModelBenchmark {
    /// One kind of operation: `run` draws its argument and does any setup untimed, and returns the
    /// thread CPU seconds of the measured command alone.
    struct Operation {
        var name: String
        var run: (inout Bench, Int) -> Double
    }

    /// A store with one mailbox of `size` messages and two logged-in sessions that have INBOX
    /// selected: `actor` (QRESYNC enabled) runs the commands, `observer` (CONDSTORE) hears of them.
    struct Bench {
        var store: MailStore
        var actor: Int
        var observer: Int
        var rng = SplitMix64(seed: 0xBE4C_0003)
        var tag = 0

        init(size: Int) {
            store = MailStore(latitude: Latitude(), seed: 3, mailboxes: [.inbox])
            for _ in 0..<size { _ = store.deliver(to: .inbox, flags: []) }
            actor = store.openSession()
            observer = store.openSession()
            for (s, cap) in [(actor, Capability.qresync), (observer, .condstore)] {
                expectOK(store.execute(.login(user: "test", password: "testpass"), session: s))
                expectOK(store.execute(.enable([cap]), session: s))
                expectOK(store.execute(.select(.inbox, []), session: s))
            }
        }

        /// A UID present in INBOX, drawn uniformly.
        mutating func someUID() -> UInt32 {
            let mb = store.mailboxes[.inbox]!
            return mb.messages[Int(rng.below(UInt64(mb.messages.count)))].uid
        }

        mutating func run(_ command: Command, session: Int? = nil) -> CommandOutcome {
            tag += 1
            return store.execute(command, tag: Tag("t\(tag)")!, session: session ?? actor)
        }
    }

    static func expectOK(_ o: CommandOutcome, _ what: @autoclosure () -> String = "") {
        precondition(o.status == .ok, "benchmark command failed: \(o.status) \(o.text) \(what())")
    }

    static func uidSet(_ u: UInt32) -> SequenceSet { SequenceSet([u...u]) }

    /// The single-message operations.
    static var operations: [Operation] { [
        Operation(name: "UID STORE +FLAGS one UID") { b, i in
            let u = b.someUID()
            let action = StoreAction(i % 2 == 0 ? .add : .remove, flags: [.flagged])
            let t = Measure.threadCPU()
            let o = b.run(.store(uidSet(u), [], action, uid: true))
            let s = Measure.threadCPU() - t
            expectOK(o)
            return s
        },
        Operation(name: "UID STORE UNCHANGEDSINCE") { b, i in
            let u = b.someUID()
            let m = ModSeqOrZero(b.store.mailboxes[.inbox]!.highestModSeq)!
            let action = StoreAction(i % 2 == 0 ? .add : .remove, silent: true, flags: [.answered])
            let t = Measure.threadCPU()
            let o = b.run(.store(uidSet(u), [.unchangedSince(m)], action, uid: true))
            let s = Measure.threadCPU() - t
            expectOK(o)
            return s
        },
        Operation(name: "UID FETCH one UID (FLAGS MODSEQ)") { b, _ in
            let u = b.someUID()
            let t = Measure.threadCPU()
            let o = b.run(.fetch(uidSet(u), [.flags, .modSeq], [], uid: true))
            let s = Measure.threadCPU() - t
            expectOK(o)
            return s
        },
        Operation(name: "FETCH one number (UID FLAGS)") { b, _ in
            let n = UInt32(1 + b.rng.below(UInt64(b.store.sessions[b.actor]!.selection!.count)))
            let t = Measure.threadCPU()
            let o = b.run(.fetch(SequenceSet([n...n]), [.uid, .flags], [], uid: false))
            let s = Measure.threadCPU() - t
            expectOK(o)
            return s
        },
        Operation(name: "APPEND one message") { b, _ in
            let t = Measure.threadCPU()
            let o = b.run(.append(.inbox, flags: [.seen], date: nil, message: Array("Subject: x\r\n\r\nbody\r\n".utf8)))
            let s = Measure.threadCPU() - t
            expectOK(o)
            return s
        },
        Operation(name: "UID EXPUNGE one message") { b, _ in
            let u = b.someUID()
            expectOK(b.run(.store(uidSet(u), [], StoreAction(.add, silent: true, flags: [.deleted]), uid: true)))
            let t = Measure.threadCPU()
            let o = b.run(.uidExpunge(uidSet(u)))
            let s = Measure.threadCPU() - t
            expectOK(o)
            return s
        },
        Operation(name: "NOOP (other session, 1 change)") { b, i in
            // The first one tells the observer everything earlier operations did (untimed).
            if i == 0 { expectOK(b.run(.noop, session: b.observer)) }
            let u = b.someUID()
            expectOK(b.run(.store(uidSet(u), [], StoreAction(.add, silent: true, flags: [.seen]), uid: true)))
            let t = Measure.threadCPU()
            let o = b.run(.noop, session: b.observer)
            let s = Measure.threadCPU() - t
            expectOK(o)
            return s
        },
        Operation(name: "external delivery (deliver)") { b, _ in
            let t = Measure.threadCPU()
            let r = b.store.deliver(to: .inbox, flags: [])
            let s = Measure.threadCPU() - t
            precondition(r != nil)
            return s
        },
    ] }

    static func run(_ arguments: [String]) -> Int32 {
        var sizes = [1_000, 100_000, 1_000_000], ops = 2_000, changes = 10_000
        var i = 0
        while i < arguments.count {
            let value = i + 1 < arguments.count ? arguments[i + 1] : nil
            switch (arguments[i], value) {
            case ("--sizes", let v?):
                let parsed = v.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
                guard !parsed.isEmpty else { return usage() }
                sizes = parsed
            case ("--ops", let v?): guard let n = Int(v), n > 0 else { return usage() }; ops = n
            case ("--changes", let v?): guard let n = Int(v), n > 0 else { return usage() }; changes = n
            default: return usage()
            }
            i += 2
        }
        print("MailStore, one mailbox, system flags only; \(ops) operations of each kind on uniformly drawn UIDs;")
        print("per-operation figures are thread CPU time of MailStore.execute (or deliver)")
        var perOp: [[Double]] = []  // [size][operation] seconds per operation
        for size in sizes {
            let rss0 = Measure.residentBytes()
            let t0 = Measure.threadCPU()
            var b = Bench(size: size)
            let built = Measure.threadCPU() - t0
            let rss = Measure.residentBytes() - rss0
            print("")
            print("\(Measure.grouped(Double(size))) messages: built in \(String(format2: built)) s (\(Measure.grouped(Double(size) / built)) deliveries/s);"
                  + " memory"
                  + " \(String(format2: Double(rss) / Double(size))) bytes/message (resident set delta)")
            var row: [Double] = []
            for op in operations {
                var total = 0.0
                for k in 0..<ops { total += op.run(&b, k) }
                let each = total / Double(ops)
                row.append(each)
                print("  \(op.name.padded(34)) \(Measure.micros(each).padded(12)) \(Measure.grouped(1 / each)) ops/s")
            }
            perOp.append(row)
            if size == sizes.last { qresyncSelect(&b, changes: changes) }
        }
        if sizes.count > 1 {
            print("")
            print("per-operation time at \(Measure.grouped(Double(sizes.last!))) / at \(Measure.grouped(Double(sizes.first!))) messages (goal: at most 3):")
            var worst = 0.0
            for (k, op) in operations.enumerated() {
                let ratio = perOp.last![k] / perOp.first![k]
                worst = max(worst, ratio)
                print("  \(op.name.padded(34)) \(String(format2: ratio))")
            }
            print("  worst ratio \(String(format2: worst)) (goal: at most 3)")
        }
        print("")
        print("StoredMessage: MemoryLayout size \(MemoryLayout<StoredMessage>.size), stride \(MemoryLayout<StoredMessage>.stride) bytes (goal for the whole: at most 100 bytes/message)")
        return 0
    }

    /// A client that knew every UID at mod-sequence M comes back after `changes` changes
    /// (9 in 10 flag changes by another agent, 1 in 10 expunges) and selects with QRESYNC.
    static func qresyncSelect(_ b: inout Bench, changes: Int) {
        let client = b.store.openSession()
        expectOK(b.store.execute(.login(user: "test", password: "testpass"), session: client))
        expectOK(b.store.execute(.enable([.qresync]), session: client))
        let mb = b.store.mailboxes[.inbox]!
        let known = UIDSet(sortedDisjointRanges: ranges(of: mb.messages.map(\.uid)))
        let since = ModSeq(mb.highestModSeq)!
        let validity = UIDValidity(mb.uidValidity)!
        for k in 0..<changes {
            let u = b.someUID()
            if k % 10 == 9 {
                b.store.externalExpunge(.inbox, uids: UIDSet([u]))
            } else {
                b.store.externalStore(.inbox, uid: u, StoreAction(.add, flags: [Flag.storableSystemFlags[k % 4]]))
            }
        }
        let count = b.store.mailboxes[.inbox]!.messages.count
        let command = Command.select(.inbox, [.qresync(QResyncParameters(uidValidity: validity, modSeq: since, knownUIDs: SequenceSet(known.ranges)))])
        let w0 = Measure.wall(), t0 = Measure.threadCPU()
        let o = b.store.execute(command, session: client)
        let cpu = Measure.threadCPU() - t0, wall = Measure.wall() - w0
        expectOK(o)
        var fetches = 0, vanished = 0
        for u in o.untagged {
            switch u {
            case .fetch: fetches += 1
            case .vanishedEarlier(let set): vanished += set.count
            default: break
            }
        }
        print("")
        print("QRESYNC SELECT, \(Measure.grouped(Double(count))) messages, \(Measure.grouped(Double(known.count))) known UIDs"
              + " (\(known.ranges.count) ranges), \(Measure.grouped(Double(changes))) changes since the client's mod-sequence:")
        print("  \(String(format2: cpu * 1000)) ms thread CPU, \(String(format2: wall * 1000)) ms wall;"
              + " \(fetches) FETCH, VANISHED (EARLIER) of \(vanished) UIDs (goal: well under 1 s)")
    }

    /// Ascending numbers as maximal ranges.
    static func ranges(of sorted: [UInt32]) -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        for u in sorted {
            if let last = out.last, last.upperBound &+ 1 == u { out[out.count - 1] = last.lowerBound...u } else { out.append(u...u) }
        }
        return out
    }

    static func usage() -> Int32 {
        print("usage: qresync-bench model [--sizes N,N,...] [--ops K] [--changes C]")
        return 64
    }
}
