import Glibc

/// Clocks and memory figures the benchmarks share. Times are CPU seconds of the calling thread
/// (other processes on a shared machine do not count) unless a name says wall.
enum Measure {
    /// This thread's CPU time, in seconds.
    static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Monotonic wall-clock time, in seconds.
    static func wall() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// User plus system CPU time of the whole process (every thread), in seconds.
    static func processCPU() -> Double {
        let (user, system) = processCPUSplit()
        return user + system
    }

    /// User and system CPU time of the whole process (every thread), in seconds.
    static func processCPUSplit() -> (user: Double, system: Double) {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (s(u.ru_utime), s(u.ru_stime))
    }

    /// Resident set size now, in bytes (`/proc/self/statm`, second field, in pages).
    static func residentBytes() -> Int {
        guard let text = readProc("/proc/self/statm") else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Peak resident set size (`VmHWM` of `/proc/self/status`), in bytes.
    static func peakResidentBytes() -> Int {
        guard let text = readProc("/proc/self/status") else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }

    static func readProc(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func megabytes(_ bytes: Int) -> String { String(format2: Double(bytes) / 1_048_576) + " MB" }

    /// A rate or count with thousands separators, e.g. 1,234,567.
    static func grouped(_ value: Double) -> String {
        let n = Int(value.rounded())
        var digits = Array(String(abs(n)))
        var out: [Character] = []
        while digits.count > 3 {
            out = [","] + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + String(digits + out)
    }

    /// Microseconds, two decimals.
    static func micros(_ seconds: Double) -> String { String(format2: seconds * 1e6) + " µs" }
}
