import IMAPWire

/// Reads an RFC-style transcript into a `Trace`. Pure: it takes the text, never a path.
///
/// The format, line by line:
/// - `C:` or `S:`, optionally with a session number (`C1:`, `S12:`), then one optional space,
///   then the line's content. Every line of a unit carries the prefix, the payload lines of a
///   literal included: while a literal announced by `{n}` (or, from clients, `{n+}`) at the end
///   of the previous content still needs bytes, the next line with the same prefix continues the
///   unit, joined with CRLF (which counts towards the literal).
/// - A line starting with whitespace and no prefix continues the previous line, joined with one
///   space (RFCs wrap long lines that way).
/// - `#` comment lines, `!` annotation lines and blank lines are ignored.
/// - When the first meaningful line has no prefix, the whole input is raw server bytes (session 1)
///   cut by `Framer`.
/// - A transcript indented as a whole (pasted from an RFC, where examples sit three spaces in) is
///   read as if it were not: the first meaningful line's indentation, when a prefix follows it, is
///   the margin taken off every line; a line indented deeper still continues the line before.
///
/// A line ending (LF or CRLF) of the transcript file itself is not part of the content.
/// Malformed input is a `TraceError` naming the line; the reader never guesses.
public enum TranscriptReader {
    public static func read(_ text: String, file: String = "<input>", options: ParseOptions = .strict) throws(TraceError) -> Trace {
        try read(Array(text.utf8), file: file, options: options)
    }

    public static func read(_ source: [UInt8], file: String = "<input>", options: ParseOptions = .strict) throws(TraceError) -> Trace {
        if isRaw(source) { return try readRaw(source, file: file, options: options) }
        var reader = LineReader(file: file, options: options)
        let margin = margin(source)
        var lineNumber = 0
        var start = 0
        while start < source.count {
            lineNumber += 1
            let line = nextLine(source, from: start)
            try reader.take(source, skipMargin(source, line.start, line.end, margin), line.end, line: lineNumber)
            start = line.next
        }
        return try reader.finish()
    }

    /// The indentation (spaces and tabs) of the first meaningful line when a C/S prefix follows
    /// it: the margin of a transcript indented as a whole; 0 otherwise.
    static func margin(_ source: [UInt8]) -> Int {
        guard let (s, e) = firstMeaningfulLine(source) else { return 0 }
        let t = skipWhitespace(source, s, e)
        return prefix(source, t, e) == nil ? 0 : t - s
    }

    /// `s` moved past at most `margin` spaces or tabs.
    static func skipMargin(_ source: [UInt8], _ s: Int, _ e: Int, _ margin: Int) -> Int {
        var t = s
        while t < e, t - s < margin, source[t] == 0x20 || source[t] == 0x09 { t += 1 }
        return t
    }

    static func skipWhitespace(_ source: [UInt8], _ s: Int, _ e: Int) -> Int {
        skipMargin(source, s, e, e - s)
    }

    /// The bounds of the first line that is not blank, a comment or an annotation.
    static func firstMeaningfulLine(_ source: [UInt8]) -> (Int, Int)? {
        var start = 0
        while start < source.count {
            let line = nextLine(source, from: start)
            let t = skipWhitespace(source, line.start, line.end)
            if t < line.end, source[t] != UInt8(ascii: "#"), source[t] != UInt8(ascii: "!") { return (line.start, line.end) }
            start = line.next
        }
        return nil
    }

    /// The line starting at `start`: its bounds without the LF or CRLF, and where the next begins.
    static func nextLine(_ source: [UInt8], from start: Int) -> (start: Int, end: Int, next: Int) {
        var end = start
        while end < source.count, source[end] != 0x0A { end += 1 }
        let next = end + 1
        if end > start, source[end - 1] == 0x0D { end -= 1 }
        return (start, end, next)
    }

    // MARK: - Lines

    struct Prefix {
        var session: Int
        var direction: TraceEvent.Direction
        var contentStart: Int
    }

    /// `("C" / "S") [session] ":" [SP]` at the start of `source[s..<e]`.
    static func prefix(_ source: [UInt8], _ s: Int, _ e: Int) -> Prefix? {
        guard e - s >= 2 else { return nil }
        let direction: TraceEvent.Direction
        switch source[s] {
        case UInt8(ascii: "C"): direction = .client
        case UInt8(ascii: "S"): direction = .server
        default: return nil
        }
        var i = s + 1
        var session = 0
        var digits = 0
        while i < e, source[i] >= 0x30, source[i] <= 0x39, digits < 9 {
            session = session * 10 + Int(source[i] - 0x30)
            digits += 1
            i += 1
        }
        guard i < e, source[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        if i < e, source[i] == 0x20 { i += 1 }
        return Prefix(session: digits == 0 ? 1 : session, direction: direction, contentStart: i)
    }

    static func splitLines(_ source: [UInt8]) -> [SourceLine] {
        var lines: [SourceLine] = []
        var start = 0
        while start < source.count {
            let line = nextLine(source, from: start)
            lines.append(SourceLine(start: line.start, end: line.end))
            start = line.next
        }
        return lines
    }

    static func isBlank(_ source: [UInt8], _ s: Int, _ e: Int) -> Bool {
        var i = s
        while i < e {
            if source[i] != 0x20 && source[i] != 0x09 { return false }
            i += 1
        }
        return true
    }

    /// Whether the first line that is not blank, a comment or an annotation lacks a C/S prefix
    /// (after the margin).
    static func isRaw(_ source: [UInt8]) -> Bool {
        guard let (s, e) = firstMeaningfulLine(source) else { return false }
        return prefix(source, skipWhitespace(source, s, e), e) == nil
    }

    // MARK: - Raw server bytes

    static func readRaw(_ source: [UInt8], file: String, options: ParseOptions) throws(TraceError) -> Trace {
        var framer = Framer(direction: .server, options: options)
        framer.append(source)
        var events: [TraceEvent] = []
        var line = 1
        do {
            while let unit = try framer.next() {
                events.append(TraceEvent(session: 1, direction: .server, bytes: unit, line: line))
                for b in unit where b == 0x0A { line += 1 }
            }
            try framer.finish()
        } catch {
            var errorLine = 1
            for b in source[0..<Swift.min(error.offset, source.count)] where b == 0x0A { errorLine += 1 }
            throw TraceError(file: file, line: errorLine, reason: "raw server bytes: \(error)")
        }
        return Trace(events: events)
    }
}

/// One line of a source text: its bytes are `start..<end`, without the line ending.
struct SourceLine: Sendable {
    var start: Int
    var end: Int
}

/// A transcript's text with its lines indexed once, to map a byte of a unit back to the line and
/// column where it was written (for error messages).
public struct TranscriptSource: Sendable {
    public let bytes: [UInt8]
    let lines: [SourceLine]
    let isRaw: Bool
    let margin: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.lines = TranscriptReader.splitLines(bytes)
        self.isRaw = TranscriptReader.isRaw(bytes)
        self.margin = TranscriptReader.margin(bytes)
    }

    /// Where byte `offset` of `event`'s unit was written: 1-based line and column.
    public func locate(offset: Int, in event: TraceEvent) -> (line: Int, column: Int) {
        let source = bytes
        guard event.line >= 1, event.line <= lines.count else { return (event.line, 1) }
        if isRaw {
            var line = event.line, lineStart = lines[event.line - 1].start
            let target = Swift.min(source.count, lineStart + offset)
            var i = lineStart
            while i < target {
                if source[i] == 0x0A {
                    line += 1
                    lineStart = i + 1
                }
                i += 1
            }
            return (line, target - lineStart + 1)
        }
        var position = 0
        var lastLine = event.line, lastColumn = 1
        var index = event.line - 1
        var started = false
        // Whether the last prefixed line belonged to the unit (continuation lines attach to it).
        var ours = false
        // Stops once the unit's bytes are all accounted for (only its final CRLF remains).
        while index < lines.count, !started || position + 2 < event.bytes.count {
            let lineStart = lines[index].start, e = lines[index].end
            let s = TranscriptReader.skipMargin(source, lineStart, e, margin)
            let number = index + 1
            index += 1
            guard e > s, source[s] != UInt8(ascii: "#"), source[s] != UInt8(ascii: "!") else { continue }
            if source[s] == 0x20 || source[s] == 0x09 {
                guard ours, !TranscriptReader.isBlank(source, s, e) else { continue }
                var t = s
                while t < e, source[t] == 0x20 || source[t] == 0x09 { t += 1 }
                if offset < position + 1 + (e - t) { return (number, Swift.max(1, t - lineStart + offset - position)) }
                position += 1 + (e - t)
                lastLine = number
                lastColumn = e - lineStart + 1
                continue
            }
            guard let p = TranscriptReader.prefix(source, s, e) else { continue }
            guard p.session == event.session, p.direction == event.direction, started || number == event.line else {
                ours = false
                continue
            }
            if started {
                // A CRLF joined this line to the previous one.
                if offset < position + 2 { return (lastLine, lastColumn + offset - position) }
                position += 2
            }
            started = true
            ours = true
            if offset < position + (e - p.contentStart) { return (number, p.contentStart - lineStart + 1 + offset - position) }
            position += e - p.contentStart
            lastLine = number
            lastColumn = e - lineStart + 1
        }
        return (lastLine, lastColumn + Swift.max(0, offset - position))
    }
}

/// The transcript state: one framer per session and direction, and the last prefixed line, held
/// back until it is known that no continuation line follows.
struct LineReader {
    struct Key: Hashable {
        var session: Int
        var direction: TraceEvent.Direction
    }

    struct Pending {
        var key: Key
        var content: [UInt8]
        var line: Int
    }

    let file: String
    let options: ParseOptions
    var framers: [Key: (framer: Framer, firstLine: Int)] = [:]
    var pending: Pending?
    var events: [TraceEvent] = []

    init(file: String, options: ParseOptions) {
        self.file = file
        self.options = options
    }

    mutating func take(_ source: [UInt8], _ s: Int, _ e: Int, line: Int) throws(TraceError) {
        if TranscriptReader.isBlank(source, s, e) { return }
        let first = source[s]
        if first == UInt8(ascii: "#") || first == UInt8(ascii: "!") { return }
        if first == 0x20 || first == 0x09 {
            guard pending != nil else {
                throw TraceError(file: file, line: line, reason: "a continuation line (starting with whitespace) with no C:/S: line before it")
            }
            var t = s
            while t < e, source[t] == 0x20 || source[t] == 0x09 { t += 1 }
            pending!.content.append(0x20)
            pending!.content.append(contentsOf: source[t..<e])
            return
        }
        guard let p = TranscriptReader.prefix(source, s, e) else {
            let shown = String(decoding: source[s..<Swift.min(e, s + 20)], as: UTF8.self)
            throw TraceError(file: file, line: line, reason: "expected a C: or S: prefix (optionally C1:, S12:), found \"\(shown)\"")
        }
        try flush()
        pending = Pending(key: Key(session: p.session, direction: p.direction), content: Array(source[p.contentStart..<e]), line: line)
    }

    mutating func flush() throws(TraceError) {
        guard let p = pending else { return }
        pending = nil
        var entry = framers[p.key] ?? (Framer(direction: p.key.direction == .client ? .client : .server, options: options), p.line)
        if !entry.framer.hasPartialUnit {
            entry.firstLine = p.line
            if p.content.last != UInt8(ascii: "}"), p.content.count <= options.maxLineLength {
                // The common case: a whole unit on one line.
                events.append(TraceEvent(session: p.key.session, direction: p.key.direction, bytes: p.content + [0x0D, 0x0A], line: p.line))
                return
            }
        }
        entry.framer.append(p.content)
        entry.framer.append([0x0D, 0x0A])
        do {
            while let unit = try entry.framer.next() {
                events.append(TraceEvent(session: p.key.session, direction: p.key.direction, bytes: unit, line: entry.firstLine))
            }
        } catch {
            throw TraceError(file: file, line: p.line, reason: "\(error) (in the unit starting at line \(entry.firstLine))")
        }
        framers[p.key] = entry
    }

    mutating func finish() throws(TraceError) -> Trace {
        try flush()
        let open = framers.filter { $0.value.framer.hasPartialUnit }.sorted { $0.value.firstLine < $1.value.firstLine }
        if let (key, entry) = open.first {
            var framer = entry.framer
            let reason: String
            do {
                try framer.finish()
                reason = "incomplete unit"
            } catch {
                reason = error.expected
            }
            let who = key.direction == .client ? "C" : "S"
            throw TraceError(file: file, line: entry.firstLine,
                             reason: "the \(who)\(key.session) unit starting here is incomplete at the end of the transcript: \(reason)")
        }
        return Trace(events: events)
    }
}
