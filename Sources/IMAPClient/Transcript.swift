/// The project's transcript format, the RFC's `C:`/`S:` example style with session numbers:
///
///     S1: * OK ready
///     C1: a1 APPEND INBOX {5}
///     C1: hello
///     S1: a1 OK done
///
/// One transcript line per protocol line, CRLF removed; each line of a literal's payload carries
/// the same prefix as its unit. Bytes are shown as Latin-1, one character per byte. A transcript
/// is for reading; the `jsonl` format (`TraceJSONL`) is the lossless one.
public enum Transcript {
    /// The transcript of `units`, each line ended by a newline.
    public static func render(_ units: [TraceUnit]) -> String {
        var out = ""
        for unit in units {
            let prefix = "\(unit.direction.rawValue)\(unit.session): "
            var data = unit.data[...]
            if data.last == 0x0A { data = data.dropLast() }
            if data.last == 0x0D { data = data.dropLast() }
            for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
                var text = line
                if text.last == 0x0D { text = text.dropLast() }
                out += prefix
                out.unicodeScalars.append(contentsOf: text.map { Unicode.Scalar($0) })
                out += "\n"
            }
        }
        return out
    }
}
