import IMAPTypes
import IMAPWire
import SpecModel

/// The example-level checks `ExampleReplay` adds to the checker's: facts the checker's view
/// does not follow, each sound for what an example shows. One instance follows one stretch of one
/// session (see `ExampleReplay`).
struct ExampleChecks {
    var uids = UIDArithmetic()
    var store = ConditionalStoreCheck()

    /// `closedWorld`: the example elides nothing, so only what it shows happened. `count`: the
    /// messages selected when the stretch starts, when known.
    init(closedWorld: Bool, singleSession: Bool, count: Int?) {
        store.closedWorld = closedWorld
        store.singleSession = singleSession
        store.count = count
    }

    /// After an elision in the middle of a SELECT or EXAMINE response ("S: ..." between its FETCH
    /// responses, RFC 5162 §3.1), what the UID arithmetic knew still holds: the elided lines are
    /// responses to the same SELECT, which expunges nothing, and a message that arrived meanwhile
    /// only adds to the end.
    mutating func continueAcrossGap(from old: ExampleChecks) {
        if old.uids.selectInProgress { uids = old.uids }
    }

    mutating func take(_ line: DocumentExample.Line) -> [Finding] {
        let bytes = Array(line.text.utf8) + [0x0D, 0x0A]
        var client: Command? = nil
        var tag: Tag? = nil
        var server: ServerResponse? = nil
        switch line.kind {
        case .client:
            if let p = try? CommandParser.parse(bytes, options: .lenient), case .command(let tc) = p.value {
                client = tc.command
                tag = tc.tag
            }
        case .server:
            server = (try? ResponseParser.parse(bytes, options: .lenient))?.value
        case .elision:
            break
        }
        var out: [Finding] = []
        if let f = uids.take(line, client: client, tag: tag, server: server) { out.append(f) }
        out += store.take(line, client: client, tag: tag, server: server)
        return out
    }
}
