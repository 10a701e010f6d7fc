import Foundation
import Testing

/// Where the RFC texts are: `$QRESYNC_SPEC_SOURCES`, else `../shared/spec-sources` next to the
/// repository root (three levels above this file).
enum SpecSources {
    static let directory: URL = {
        if let env = ProcessInfo.processInfo.environment["QRESYNC_SPEC_SOURCES"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/spec-sources", isDirectory: true)
    }()

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("rfc7162.txt").path)
    }

    static let skipNote: Comment = "RFC texts not found at \(directory.path) (set QRESYNC_SPEC_SOURCES): draft validation checks skipped"

    /// The text of RFC `number`, or nil if its file is absent.
    static func text(rfc number: Int) -> String? {
        try? String(contentsOf: directory.appendingPathComponent("rfc\(number).txt"), encoding: .utf8)
    }
}
