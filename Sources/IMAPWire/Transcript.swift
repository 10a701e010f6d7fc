
/// The project's transcript format, the RFC's `C:`/`S:` example style with session numbers:
///
///     S1: * OK ready
///     C1: a1 APPEND INBOX {5}
///     C1: hello
///     S1: a1 OK done
///
/// One transcript line per protocol line, CRLF removed; each line of a literal's payload carries
/// the same prefix as its unit. The bytes of a line are kept as they are (what Tests/Servers'
/// recorder writes by decoding and encoding Latin-1), so `TranscriptReader` reads a rendered
/// transcript back into the same units, as long as no unit holds a bare CR or LF. The `jsonl`
/// format (`TraceJSONL`) is the lossless one.
public enum Transcript {
    /// The transcript of `events` as bytes, each line ended by LF.
    public static func render(_ events: [TraceEvent]) -> [UInt8] {
        var out: [UInt8] = []
        for event in events {
            let prefix = Array("\(event.direction == .client ? "C" : "S")\(event.session): ".utf8)
            var data = event.bytes[...]
            if data.last == 0x0A { data = data.dropLast() }
            if data.last == 0x0D { data = data.dropLast() }
            for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
                var text = line
                if text.last == 0x0D { text = text.dropLast() }
                out += prefix
                out += text
                out.append(0x0A)
            }
        }
        return out
    }

    /// The transcript of `events` for display: bytes that are not UTF-8 are shown as U+FFFD.
    public static func renderText(_ events: [TraceEvent]) -> String {
        String(decoding: render(events), as: UTF8.self)
    }
}
