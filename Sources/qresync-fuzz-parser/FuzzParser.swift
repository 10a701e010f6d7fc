import IMAPTypes
import IMAPWire

// The response parser under libFuzzer (built with -DFUZZING, see README "Development"), or, in a
// plain build, a corpus replayer: `qresync-fuzz-parser FILE...` runs every file through the same
// check and prints one line per file.

/// One fuzz input: framed as a server stream (small limits, every leniency), each unit parsed
/// strictly and leniently; whatever parses must re-encode to bytes that parse to the same value.
func checkOneInput(_ bytes: [UInt8]) -> Int {
    let options = ParseOptions(leniencies: Set(Leniency.allCases), maxLineLength: 4096, maxLiteralSize: 4096, maxNesting: 16)
    var units: [[UInt8]] = [bytes]
    var framer = Framer(direction: .server, options: options)
    var i = 0
    while i < bytes.count {
        framer.append(bytes[i..<Swift.min(bytes.count, i + 7)])
        i += 7
        while let unit = try? framer.next() { units.append(unit) }
    }
    var parsed = 0
    for unit in units {
        _ = try? ResponseParser.parse(unit)
        guard let value = try? ResponseParser.parse(unit, options: options).value else { continue }
        parsed += 1
        let encoded = ResponseEncoder.encode(value)
        guard let again = try? ResponseParser.parse(encoded, options: options).value, again == value else {
            fatalError("re-encoding changed the response: \(value) -> \(String(decoding: encoded, as: UTF8.self))")
        }
    }
    return parsed
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponseParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    _ = checkOneInput(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's driver (compiler-rt `FuzzerDriver.cpp`).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

// SwiftPM links an executable's `main` to `<module>_main`; here that entry point hands over to
// libFuzzer's driver.
@_cdecl("qresync_fuzz_parser_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzResponseParser)
}
#else
import Foundation

@main
enum FuzzParser {
    static func main() {
        let files = CommandLine.arguments.dropFirst()
        if files.isEmpty {
            FileHandle.standardError.write(Data("usage: qresync-fuzz-parser FILE... (replays inputs through the response parser)\n".utf8))
            exit(64)
        }
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("qresync-fuzz-parser: cannot read \(path)\n".utf8))
                exit(64)
            }
            let parsed = checkOneInput(Array(data))
            print("\(path): \(data.count) bytes, \(parsed) unit(s) parsed")
        }
    }
}
#endif
