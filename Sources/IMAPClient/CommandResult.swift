import IMAPTypes
import IMAPWire

/// The outcome of one command, RFC 3501 §2.2.2: the untagged responses the server sent while the
/// command ran, and the tagged completion that ended it.
public struct CommandResult: Hashable, Sendable {
    /// `tag SP resp-cond-state`: the status and its text.
    public struct Completion: Hashable, Sendable {
        public var status: TaggedStatus
        public var text: ResponseText

        public init(status: TaggedStatus, text: ResponseText) {
            self.status = status
            self.text = text
        }
    }

    public var tag: Tag
    /// The untagged responses (`.untagged`), in order.
    public var untagged: [ServerResponse]
    public var tagged: Completion
    /// Every unit sent and received for the command, as recorded (passwords masked), in order.
    public var lines: [TraceEvent]
    /// The tolerances the server's responses needed: empty when all of them parsed strictly.
    public var usedLeniencies: Set<Leniency>
    /// For each response that only the lenient parser accepted, in order, the strict parser's
    /// error: the grammar deviation, with its rule and offset. Empty when all parsed strictly.
    public var strictErrors: [WireError]

    public init(tag: Tag, untagged: [ServerResponse], tagged: Completion, lines: [TraceEvent],
                usedLeniencies: Set<Leniency>, strictErrors: [WireError] = []) {
        self.tag = tag
        self.untagged = untagged
        self.tagged = tagged
        self.lines = lines
        self.usedLeniencies = usedLeniencies
        self.strictErrors = strictErrors
    }

    /// Whether the command completed with OK.
    public var isOK: Bool { tagged.status == .ok }
}
