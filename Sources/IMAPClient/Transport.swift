/// A byte stream to an IMAP peer (RFC 3501 §2.1: IMAP runs over a reliable stream). Every
/// blocking call takes a deadline, so no call waits forever on a silent or vanished peer.
///
/// Implementations are safe to share between threads: `close()` may be called from any thread and
/// wakes a `receive` blocked in another.
public protocol Transport: AnyObject, Sendable {
    /// Sends all of `bytes`, or fails. Fails with a timeout (`TransportError.isTimeout`) when the
    /// peer does not take the bytes before `deadline`.
    func send(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(TransportError)

    /// The next bytes from the peer (at least one), or an empty array when the peer closed its
    /// side in order (end of stream). Fails with a timeout when nothing arrives before `deadline`.
    func receive(deadline: ContinuousClock.Instant) throws(TransportError) -> [UInt8]

    /// Closes both directions. Idempotent; later `send` and `receive` fail.
    func close()
}

extension ContinuousClock.Instant {
    /// Milliseconds from now until this instant, rounded up and clamped to what `poll(2)` takes;
    /// 0 when the instant has passed.
    var pollMilliseconds: Int32 {
        let left = self - ContinuousClock.now
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: ms)
    }
}

extension Duration {
    /// Seconds as a Double, for messages and trace times.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
