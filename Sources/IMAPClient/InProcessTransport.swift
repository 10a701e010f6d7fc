import Foundation

/// One end of an in-memory byte stream pair, for driving a server that runs in the same process
/// without sockets. Bytes sent on one end arrive, in order, at the other; `close()` on one end is
/// an end of stream for the other end's `receive` and makes its `send` fail like a reset socket.
/// Sends never block (the buffer is unbounded); receives wait on a condition up to their deadline.
public final class InProcessTransport: Transport {
    private let inbound: ByteChannel
    private let outbound: ByteChannel

    private init(inbound: ByteChannel, outbound: ByteChannel) {
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Two connected ends: what one sends, the other receives.
    public static func makePair() -> (InProcessTransport, InProcessTransport) {
        let ab = ByteChannel()
        let ba = ByteChannel()
        return (InProcessTransport(inbound: ba, outbound: ab), InProcessTransport(inbound: ab, outbound: ba))
    }

    public func send(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(TransportError) {
        try outbound.write(bytes)
    }

    public func receive(deadline: ContinuousClock.Instant) throws(TransportError) -> [UInt8] {
        try inbound.read(deadline: deadline)
    }

    public func close() {
        outbound.closeWriter()
        inbound.closeReader()
    }
}

/// A one-way byte queue between two threads. All state is guarded by `condition`'s lock, which
/// is what makes the unchecked `Sendable` sound.
private final class ByteChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    /// The writing end closed: the reader sees the end of the stream once the bytes are drained.
    private var writerClosed = false
    /// The reading end closed: writes fail, reads fail.
    private var readerClosed = false

    func write(_ data: [UInt8]) throws(TransportError) {
        condition.lock()
        defer { condition.unlock() }
        if writerClosed {
            throw TransportError(operation: "send", errno: EBADF, detail: "the transport is closed")
        }
        if readerClosed {
            throw TransportError(operation: "send", errno: EPIPE, detail: "the peer closed the connection")
        }
        bytes.append(contentsOf: data)
        condition.broadcast()
    }

    func read(deadline: ContinuousClock.Instant) throws(TransportError) -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if readerClosed {
                throw TransportError(operation: "receive", errno: EBADF, detail: "the transport is closed")
            }
            if !bytes.isEmpty {
                let out = bytes
                bytes.removeAll(keepingCapacity: true)
                return out
            }
            if writerClosed { return [] }
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                throw TransportError.timedOut("receive", detail: "no data from the peer before the deadline")
            }
            _ = condition.wait(until: Date(timeIntervalSinceNow: left.seconds))
        }
    }

    func closeWriter() {
        condition.lock()
        writerClosed = true
        condition.broadcast()
        condition.unlock()
    }

    func closeReader() {
        condition.lock()
        readerClosed = true
        bytes.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
