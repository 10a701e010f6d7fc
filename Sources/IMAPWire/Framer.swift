/// Splits a byte stream into framed units, for either direction of a connection.
///
/// A unit is one line (RFC 3501 §2.2: lines end with CRLF) together with every literal it
/// announces: a line whose content ends with `{n}` (RFC 3501 §4.3 `literal`) or, from a client,
/// `{n+}` (RFC 7888 non-synchronising literal) continues after the CRLF with exactly n literal
/// bytes, then more line. The unit is returned with its literal bytes inline and its final CRLF
/// included, ready for `ResponseParser.parse` or `CommandParser.parse`.
///
/// Feed bytes split anywhere with `append(_:)`, then call `next()` until it returns nil. Memory is
/// bounded: a unit's line bytes (everything outside literals) may not exceed
/// `ParseOptions.maxLineLength` and each literal may not exceed `ParseOptions.maxLiteralSize`;
/// consumed bytes are released as units are taken. A framing error is a `WireError` whose offset
/// counts bytes from the start of the stream; the stream cannot be resynchronised after it, so
/// every later `next()` throws the same error.
///
/// A `{n}` at the end of a line is always a literal announcement, even where the grammar would
/// also read it as the end of `text` (`* OK see {5}`): IMAP framing cannot tell the two apart and
/// every implementation reads a literal.
public struct Framer: Sendable {
    /// Who sends the bytes being framed.
    public enum Direction: String, Hashable, Sendable {
        /// Server responses: only `{n}` announces a literal.
        case server
        /// Client commands: `{n}` (synchronising) and `{n+}` (RFC 7888) announce literals.
        case client
    }

    public let direction: Direction
    public let options: ParseOptions

    private var buffer: [UInt8] = []
    /// Stream offset of `buffer[0]`.
    private var consumed = 0
    /// Index of the first byte of the unit being assembled.
    private var start = 0
    /// Index of the first byte of the current line segment (after the last literal).
    private var segmentStart = 0
    /// Index where the search for LF resumes.
    private var scan = 0
    /// While inside a literal: the index one past its last byte.
    private var literalEnd: Int?
    /// Line bytes of the current unit before `segmentStart` (literal bytes excluded).
    private var lineBytes = 0
    /// The stream offset where the data of the last synchronising literal starts, and its size.
    private var synchronisingLiteral: (dataOffset: Int, size: Int)?
    private var failure: WireError?

    public init(direction: Direction, options: ParseOptions = .strict) {
        self.direction = direction
        self.options = options
    }

    /// Adds bytes received from the stream.
    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if start > 0, start >= 4096, start * 2 >= buffer.count { compact() }
        buffer.append(contentsOf: bytes)
    }

    /// Bytes held that do not yet form a complete unit.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Whether a unit has started but is not complete.
    public var hasPartialUnit: Bool { buffer.count > start }

    /// For client commands: the size of a synchronising literal (`{n}`, RFC 3501 §7.5) that the
    /// last line announced and of which no byte has arrived yet. While it is non-nil a client
    /// must wait for the server's continuation request (`+`) before sending the literal.
    public var pendingSynchronizingLiteral: Int? {
        guard let s = synchronisingLiteral, s.dataOffset == consumed + buffer.count else { return nil }
        return s.size
    }

    /// The next complete unit, or nil when more bytes are needed.
    public mutating func next() throws(WireError) -> [UInt8]? {
        if let failure { throw failure }
        while true {
            if let end = literalEnd {
                guard buffer.count >= end else { return nil }
                literalEnd = nil
                segmentStart = end
                scan = end
            }
            guard let lf = findLF(from: scan) else {
                scan = buffer.count
                if lineBytes + (buffer.count - segmentStart) > options.maxLineLength + 1 {
                    try fail(rule: "line", at: segmentStart,
                             expected: "a line of at most \(options.maxLineLength) bytes")
                }
                return nil
            }
            let hasCR = lf > segmentStart && buffer[lf - 1] == 0x0D
            if !hasCR && !options.leniencies.contains(.bareLF) {
                try fail(rule: "CRLF", at: lf, expected: "CRLF (a bare LF ends this line)")
            }
            let contentEnd = hasCR ? lf - 1 : lf
            if lineBytes + (contentEnd - segmentStart) > options.maxLineLength {
                try fail(rule: "line", at: segmentStart, expected: "a line of at most \(options.maxLineLength) bytes")
            }
            if let (size, synchronising) = try literalAnnouncement(endingAt: contentEnd) {
                lineBytes += lf + 1 - segmentStart
                literalEnd = lf + 1 + size
                scan = lf + 1
                synchronisingLiteral = synchronising && direction == .client
                    ? (dataOffset: consumed + lf + 1, size: size) : nil
                continue
            }
            let unit = Array(buffer[start...lf])
            start = lf + 1
            segmentStart = start
            scan = start
            lineBytes = 0
            return unit
        }
    }

    /// Fails when the stream ended inside a unit (call once no more bytes will come).
    public mutating func finish() throws(WireError) {
        if let failure { throw failure }
        guard hasPartialUnit else { return }
        if let end = literalEnd {
            try fail(rule: "literal", at: buffer.count,
                     expected: "\(end - buffer.count) more literal bytes before the end of the stream")
        }
        try fail(rule: "CRLF", at: buffer.count, expected: "CRLF before the end of the stream")
    }

    private func findLF(from index: Int) -> Int? {
        buffer.withUnsafeBufferPointer { p -> Int? in
            var i = index
            let n = p.count
            while i < n {
                if p[i] == 0x0A { return i }
                i += 1
            }
            return nil
        }
    }

    /// `"{" number ["+"] "}"` at the very end of a line's content: the literal's size and whether
    /// it is synchronising. Nil when the content does not end that way.
    private mutating func literalAnnouncement(endingAt end: Int) throws(WireError) -> (Int, Bool)? {
        guard let (digits, synchronising) = Self.literalAnnouncement(endOf: buffer[segmentStart..<end]),
              synchronising || direction == .client else { return nil }
        var size = 0
        for d in buffer[digits] {
            size = size * 10 + Int(d - 0x30)
            if size > options.maxLiteralSize {
                try fail(rule: "literal", at: digits.lowerBound,
                         expected: "a literal of at most \(options.maxLiteralSize) bytes")
            }
        }
        return (size, synchronising)
    }

    /// Where the digits of `"{" number ["+"] "}"` at the very end of `content` are, and whether the
    /// literal is synchronising (no `+`, RFC 7888); nil when the content does not end that way.
    /// The size is the caller's to read and bound.
    public static func literalAnnouncement(endOf content: ArraySlice<UInt8>) -> (digits: Range<Int>, synchronising: Bool)? {
        guard content.count >= 3, content.last == UInt8(ascii: "}") else { return nil }
        var i = content.endIndex - 2
        var synchronising = true
        if content[i] == UInt8(ascii: "+") {
            synchronising = false
            i -= 1
        }
        let digitsEnd = i + 1
        while i >= content.startIndex, content[i] >= 0x30, content[i] <= 0x39 { i -= 1 }
        let digitsStart = i + 1
        guard digitsStart < digitsEnd, i >= content.startIndex, content[i] == UInt8(ascii: "{") else { return nil }
        return (digitsStart..<digitsEnd, synchronising)
    }

    private mutating func fail(rule: String, at index: Int, expected: String) throws(WireError) -> Never {
        var found = "end of input"
        if index < buffer.count {
            let slice = buffer[index..<Swift.min(buffer.count, index + 12)]
            found = ByteCursor(Array(slice)).foundDescription
        }
        let error = WireError(rule: rule, offset: consumed + index, expected: expected, found: found)
        failure = error
        throw error
    }

    private mutating func compact() {
        buffer.removeFirst(start)
        consumed += start
        segmentStart -= start
        scan -= start
        if let end = literalEnd { literalEnd = end - start }
        start = 0
    }
}
