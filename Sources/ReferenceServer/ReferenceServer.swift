import Dispatch
import Foundation
import IMAPTypes
import IMAPWire
import SpecModel
import Synchronization

/// The reference model served over IMAP: one shared `MailStore` behind a lock, any number of
/// connections into it (each its own session), its latitude drawn from a seed, and the named
/// faults of `ServerFault` when asked for.
///
/// Serve a connection with `serve(_:)` (on the calling thread) or `start(_:)` (on a new thread);
/// `listen(host:port:)` accepts TCP connections on the loopback interface. `stop()` closes every
/// connection and waits for their threads.
public final class ReferenceServer: Sendable {
    /// Everything that makes one server: same configuration, same behaviour (timing aside).
    public struct Configuration: Hashable, Sendable {
        public var user: String
        public var password: String
        /// Drives the latitude (when `latitude` is nil) and the store's own choices.
        public var seed: UInt64
        /// A fixed latitude instead of one drawn from the seed.
        public var latitude: Latitude?
        /// The mailboxes that exist at the start, in order (UIDVALIDITY is assigned in this order).
        public var mailboxes: [MailboxName]
        /// Mailboxes without persistent mod-sequences (RFC 7162 §3.1.2.2, NOMODSEQ).
        public var noModSeqMailboxes: Set<MailboxName>
        public var faults: Set<ServerFault>
        /// Limits on client input: line length and literal size (RFC 7889 TOOBIG beyond them).
        public var parseOptions: ParseOptions
        /// How often an IDLE connection looks for changes made by other sessions.
        public var idlePollInterval: Duration
        /// False: a CONDSTORE-only server (RFC 7162 §3.1), without QRESYNC.
        public var offersQResync = true
        /// The text the server follows where the editions differ (`MailStore.edition`): RFC 7162,
        /// or RFC 4551 and 5162 as first published.
        public var edition = Edition.rfc7162

        public init(user: String = "test", password: String = "testpass", seed: UInt64 = 0, latitude: Latitude? = nil,
                    mailboxes: [MailboxName] = Self.defaultMailboxes, noModSeqMailboxes: Set<MailboxName> = [MailboxName("NoModSeq")],
                    faults: Set<ServerFault> = [],
                    parseOptions: ParseOptions = ParseOptions(maxLineLength: 1 << 20, maxLiteralSize: 8 << 20),
                    idlePollInterval: Duration = .milliseconds(20)) {
            self.user = user
            self.password = password
            self.seed = seed
            self.latitude = latitude
            self.mailboxes = mailboxes
            self.noModSeqMailboxes = noModSeqMailboxes
            self.faults = faults
            self.parseOptions = parseOptions
            self.idlePollInterval = idlePollInterval
        }

        public static let defaultMailboxes: [MailboxName] = [.inbox, MailboxName("Archive"), MailboxName("Drafts"), MailboxName("NoModSeq")]
    }

    public let configuration: Configuration
    /// The latitude in force: the configured one or the one drawn from the seed.
    public let latitude: Latitude
    let rewriter: FaultRewriter
    /// What the greeting and CAPABILITY list (`ServerIdentity`).
    let capabilities: [Capability]
    /// Options for parsing client input: the configured limits, plus RFC 4551's 64-bit
    /// mod-sequences when the server itself sends them (`.modSeq64Bit`).
    let parseOptions: ParseOptions
    private let store: Mutex<MailStore>
    /// Counts changes to the store, so that IDLE looks for news only after one.
    private let changes = Atomic<UInt64>(0)
    private let registry = Mutex(Registry())
    private let threads = DispatchGroup()

    private struct Registry {
        var nextID = 0
        var streams: [Int: any ServerStream] = [:]
        var stopped = false
    }

    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
        var rng = SplitMix64(seed: configuration.seed)
        let latitude = configuration.latitude ?? Latitude.random(using: &rng)
        self.latitude = latitude
        var st = MailStore(latitude: latitude, seed: configuration.seed, user: configuration.user,
                           password: configuration.password, mailboxes: configuration.mailboxes,
                           noModSeqMailboxes: configuration.noModSeqMailboxes)
        st.injectedFaults = Set(configuration.faults.compactMap(\.injectedFault))
        st.offersQResync = configuration.offersQResync
        st.edition = configuration.edition
        capabilities = ServerIdentity.capabilities(st.capabilities)
        store = Mutex(st)
        rewriter = FaultRewriter(faults: configuration.faults)
        var options = configuration.parseOptions
        if configuration.faults.contains(.modSeq64Bit) { options.leniencies.insert(.modSeq64Bit) }
        parseOptions = options
    }

    // MARK: - The store

    /// Runs `body` on the store under its lock, e.g. to deliver a message as an external agent
    /// would (`MailStore.deliver`, `externalStore`, `externalExpunge`); IDLE sessions hear of it.
    public func withStore<R: Sendable>(_ body: (inout MailStore) -> R) -> R {
        let r = store.withLock { body(&$0) }
        changes.add(1, ordering: .releasing)
        return r
    }

    /// A number that changes whenever the store may have changed.
    var changeCount: UInt64 { changes.load(ordering: .acquiring) }

    func openSession() -> Int { withStore { $0.openSession() } }

    func closeSession(_ id: Int) { withStore { $0.closeSession(id) } }

    /// Whether the session has logged in.
    func isAuthenticated(_ session: Int) -> Bool { store.withLock { $0.sessions[session]?.authenticated ?? false } }

    /// Runs one command through the faults and the model, as the client sees it. IDLE's polls
    /// for news change nothing other sessions could hear of, so they do not count as changes.
    func execute(_ command: Command, tag: Tag?, session: Int) -> CommandOutcome {
        let modelCommand = rewriter.command(command)
        let run = { [rewriter, capabilities] (st: inout MailStore) -> CommandOutcome in
            let before = st.sessions[session]?.selection
            var outcome = st.execute(modelCommand, tag: tag, session: session)
            let previous = before.flatMap { st.mailboxes[$0.mailbox] }
            let context = FaultRewriter.Context(
                viewBefore: before?.announced, condstoreEnabled: st.sessions[session]?.condstoreEnabled ?? false,
                previousMailboxModSeq: previous.flatMap { $0.persistentModSeq ? $0.highestModSeq : nil })
            outcome = rewriter.outcome(outcome, of: command, context)
            // The CAPABILITY command lists what the greeting did (RFC 3501 §7.2.1).
            outcome.untagged = outcome.untagged.map { u in
                if case .capability = u { return .capability(capabilities) }
                return u
            }
            return outcome
        }
        return command == .idle ? store.withLock { run(&$0) } : withStore(run)
    }

    // MARK: - Connections

    /// Serves one connection on the calling thread until LOGOUT, the end of the stream, a
    /// stream failure or `stop()`; closes the stream before returning.
    public func serve(_ stream: any ServerStream) {
        let id: Int? = registry.withLock { r in
            guard !r.stopped else { return nil }
            r.nextID += 1
            r.streams[r.nextID] = stream
            return r.nextID
        }
        guard let id else {
            stream.close()
            return
        }
        let session = openSession()
        ServerConnection(server: self, stream: stream, session: session).run()
        closeSession(session)
        stream.close()
        _ = registry.withLock { $0.streams.removeValue(forKey: id) }
    }

    /// Serves one connection on a new thread and returns at once; `stop()` waits for it.
    public func start(_ stream: any ServerStream) {
        threads.enter()
        // The thread takes the stream out of the slot, so that its last reference (and, for a
        // socket, the descriptor) is gone before `stop()` can return.
        let slot = Mutex<(any ServerStream)?>(stream)
        Thread { [self] in
            if let stream = slot.withLock({ $0.take() }) { serve(stream) }
            threads.leave()
        }.start()
    }

    /// Stops serving: new connections are closed at once, open ones are closed, and the call
    /// returns when every thread started by `start(_:)` has ended.
    public func stop() {
        do {
            let open = registry.withLock { r in
                r.stopped = true
                return Array(r.streams.values)
            }
            for s in open { s.close() }
        }
        threads.wait()
    }
}
