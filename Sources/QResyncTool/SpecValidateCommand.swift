import Conformance
import Foundation
import SpecModel

/// `qresync spec validate [--edition E] [--against RFC] [--json] [--base DIR] FILE`: a plain-text RFC or
/// Internet-Draft judged by `DraftValidation`. Only `run` touches files: the document, and the
/// base grammars' RFC texts (rfc3501.txt, rfc4466.txt and the RFCs the document mentions) found
/// next to it, in `--base DIR`, or in `$QRESYNC_SPEC_SOURCES`.
enum SpecValidateCommand {
    static let usage = "Usage: qresync spec validate [--edition E] [--against RFC] [--json] [--base DIR] FILE"

    static func run(_ arguments: [String], _ streams: inout StandardStreams) -> Int32 {
        var edition: Edition? = nil
        var json = false
        var baseDirectory: String? = nil
        var against: Int? = nil
        var file: String? = nil
        var rest = arguments[...]
        while let a = rest.popFirst() {
            switch a {
            case "--json":
                json = true
            case "--edition":
                guard let v = rest.popFirst(), let e = Edition(rawValue: v) else {
                    streams.err("qresync spec validate: --edition takes rfc7162 or rfc4551+5162\n\(usage)\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                edition = e
            case "--against":
                let registered = Set(Registry.all.map(\.rfc))
                guard let v = rest.popFirst(), let n = Int(v), registered.contains(n) else {
                    streams.err("qresync spec validate: --against takes a registered RFC: "
                                + registered.sorted().map(String.init).joined(separator: ", ") + "\n\(usage)\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                against = n
            case "--base":
                guard let v = rest.popFirst() else {
                    streams.err("qresync spec validate: --base needs a directory\n\(usage)\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                baseDirectory = v
            default:
                if a.hasPrefix("-"), a != "-" || file != nil {
                    streams.err("qresync spec validate: unknown option '\(a)'\n\(usage)\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                guard file == nil else {
                    streams.err("qresync spec validate: one FILE only\n\(usage)\n")
                    return QResyncCommandLine.ExitCode.usage
                }
                file = a
            }
        }
        guard let file else {
            streams.err("qresync spec validate: no FILE given\n\(usage)\n")
            return QResyncCommandLine.ExitCode.usage
        }
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: file) else {
                streams.err("qresync spec validate: cannot read \(file)\n")
                return QResyncCommandLine.ExitCode.usage
            }
            data = d
        }
        if let problem = Self.notPlainText(data) {
            streams.err("qresync spec validate: \(file): \(problem); give the plain text of an RFC or Internet-Draft\n")
            return QResyncCommandLine.ExitCode.usage
        }
        let text = String(decoding: data, as: UTF8.self)
        let base = baseGrammars(for: text, file: file, directory: baseDirectory)
        let report = DraftValidation.validate(text: text, base: base, edition: edition, registryRFC: against)
        streams.out(json ? SpecValidateRendering.json(report, file: file) : SpecValidateRendering.text(report, file: file))
        return report.exitCode
    }

    /// Why `data` is not a plain-text document, if it is not: empty (or white space only), or
    /// binary (NUL bytes, or mostly bytes no text encoding uses).
    static func notPlainText(_ data: Data) -> String? {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0x0C }) { return "the file is empty" }
        let sample = data.prefix(1 << 16)
        if let nul = sample.firstIndex(of: 0) { return "the file is binary (a NUL byte at offset \(nul - sample.startIndex))" }
        let control = sample.filter { $0 < 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0x0C }.count
        if control * 20 > sample.count { return "the file is binary (\(control) control bytes in its first \(sample.count))" }
        return nil
    }

    /// The base grammars' texts: from `directory`, else the document's own directory, else
    /// `$QRESYNC_SPEC_SOURCES`; the first of these that holds rfc3501.txt.
    static func baseGrammars(for text: String, file: String, directory: String?) -> [(name: String, text: String)] {
        var candidates: [String] = []
        if let directory { candidates.append(directory) }
        if file != "-" { candidates.append(URL(fileURLWithPath: file).deletingLastPathComponent().path) }
        if let env = ProcessInfo.processInfo.environment["QRESYNC_SPEC_SOURCES"], !env.isEmpty { candidates.append(env) }
        let fm = FileManager.default
        guard let dir = candidates.first(where: { fm.fileExists(atPath: $0 + "/rfc3501.txt") || fm.fileExists(atPath: $0 + "/rfc4466.txt") })
        else { return [] }
        var available: [Int: String] = [:]
        for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] {
            guard name.hasPrefix("rfc"), name.hasSuffix(".txt"), let n = Int(name.dropFirst(3).dropLast(4)) else { continue }
            available[n] = dir + "/" + name
        }
        // Each RFC read once: for its header (what it obsoletes), then as a base grammar.
        var texts: [Int: String] = [:]
        func rfcText(_ n: Int) -> String? {
            if let t = texts[n] { return t }
            guard let path = available[n], let data = fm.contents(atPath: path) else { return nil }
            texts[n] = String(decoding: data, as: UTF8.self)
            return texts[n]
        }
        let bases = DraftValidation.baseRFCs(forText: text, available: Set(available.keys),
                                             obsoletes: { rfcText($0).map(FormalSyntax.obsoletes(ofText:)) ?? [] })
        return bases.compactMap { n in rfcText(n).map { ("RFC \(n)", $0) } }
    }
}
