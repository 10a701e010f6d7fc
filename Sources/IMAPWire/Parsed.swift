/// A parsed value and the tolerances its parse needed (empty for a strict parse).
///
/// The entry points are `ResponseParser.parse(_:options:)` (one framed server unit to a
/// `ServerResponse`) and `CommandParser.parse(_:options:)` (one framed client unit to a
/// `ClientMessage`); a framed unit is one line with its literals inline, CRLF included.
public struct Parsed<Value: Hashable & Sendable>: Hashable, Sendable {
    public var value: Value
    public var usedLeniencies: Set<Leniency>

    public init(value: Value, usedLeniencies: Set<Leniency> = []) {
        self.value = value
        self.usedLeniencies = usedLeniencies
    }
}
