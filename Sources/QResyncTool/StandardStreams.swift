import Foundation

/// Where a subcommand writes: the process's stdout/stderr, or buffers in tests.
public struct StandardStreams: Sendable {
    public var stdout: [UInt8] = []
    public var stderr: [UInt8] = []
    let captures: Bool

    public static var process: StandardStreams { StandardStreams(captures: false) }
    public static var captured: StandardStreams { StandardStreams(captures: true) }

    public mutating func out(_ s: String) {
        if captures { stdout += Array(s.utf8) } else { FileHandle.standardOutput.write(Data(s.utf8)) }
    }

    public mutating func err(_ s: String) {
        if captures { stderr += Array(s.utf8) } else { FileHandle.standardError.write(Data(s.utf8)) }
    }

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}
