/// The requirement registry: every normative statement the model, the checker and the parser
/// cite, registered once (STYLE.md habit 5). Each check names a requirement by its ID; the
/// coverage report (`qresync spec coverage`) lists which ones are enforced and tested.
public enum Registry {
    /// Every registered requirement: RFC 7162 first, then the other RFCs by number; within an RFC
    /// in the order of its text (see `Requirement.precedes(_:_:)`).
    /// (Each sort key is made once: made in every comparison, they cost more than a small check.)
    public static let all: [Requirement] =
        (rfc7162 + rfc3501 + rfc5161 + rfc4315 + rfc6851 + rfc4551 + rfc5162)
            .map { ($0.sortKey, $0) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
            .map(\.1)

    static let byID: [String: Requirement] = {
        var table: [String: Requirement] = [:]
        for r in all where table[r.id] == nil { table[r.id] = r }
        return table
    }()

    /// The requirement with this ID, or nil if none is registered.
    public static func requirement(_ id: String) -> Requirement? { byID[id] }
}
