/// The messages of a mailbox in UID order (RFC 3501 §2.3.1.1), held in chunks of at most
/// `chunkCapacity`, so that expunging one message moves at most one chunk and shifts the chunk
/// offsets, instead of moving every later message: with 10^6 messages a single-message UID
/// EXPUNGE must cost about what it costs with 10^3 (issue 3).
///
/// A random-access collection indexed 0..<count like the array it replaces; equality and hashing
/// are by the messages in order, whatever the chunking.
public struct MessageList: RandomAccessCollection, MutableCollection, Hashable, Sendable {
    static let chunkCapacity = 1024

    private var chunks: [[StoredMessage]] = []
    /// `starts[c]` is the index of the first message of `chunks[c]`.
    private var starts: [Int] = []
    public private(set) var count = 0

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public func index(after i: Int) -> Int { i + 1 }
    public func index(before i: Int) -> Int { i - 1 }

    /// The chunk holding index `i` and the offset in it (binary search over the chunk starts).
    private func locate(_ i: Int) -> (chunk: Int, offset: Int) {
        precondition(i >= 0 && i < count, "message index \(i) out of range 0..<\(count)")
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= i { lo = mid } else { hi = mid - 1 }
        }
        return (lo, i - starts[lo])
    }

    public subscript(i: Int) -> StoredMessage {
        get {
            let (c, j) = locate(i)
            return chunks[c][j]
        }
        set {
            let (c, j) = locate(i)
            chunks[c][j] = newValue
        }
    }

    public mutating func append(_ m: StoredMessage) {
        if chunks.isEmpty || chunks[chunks.count - 1].count >= Self.chunkCapacity {
            var chunk: [StoredMessage] = []
            chunk.reserveCapacity(Self.chunkCapacity)
            chunks.append(chunk)
            starts.append(count)
        }
        chunks[chunks.count - 1].append(m)
        count += 1
    }

    @discardableResult
    public mutating func remove(at i: Int) -> StoredMessage {
        let (c, j) = locate(i)
        let m = chunks[c].remove(at: j)
        count -= 1
        var next = c + 1
        if chunks[c].isEmpty {
            chunks.remove(at: c)
            starts.remove(at: c)
            next = c
        }
        for k in next..<starts.count { starts[k] -= 1 }
        return m
    }

    /// Removes every message that satisfies `shouldRemove`, in one pass.
    public mutating func removeAll(where shouldRemove: (StoredMessage) throws -> Bool) rethrows {
        var kept = MessageList()
        for chunk in chunks {
            for m in chunk where try !shouldRemove(m) { kept.append(m) }
        }
        self = kept
    }

    public struct Iterator: IteratorProtocol {
        fileprivate let chunks: [[StoredMessage]]
        fileprivate var chunk = 0
        fileprivate var offset = 0

        public mutating func next() -> StoredMessage? {
            while chunk < chunks.count {
                if offset < chunks[chunk].count {
                    defer { offset += 1 }
                    return chunks[chunk][offset]
                }
                chunk += 1
                offset = 0
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(chunks: chunks) }

    public static func == (a: MessageList, b: MessageList) -> Bool { a.count == b.count && a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for m in self { hasher.combine(m) }
    }
}
