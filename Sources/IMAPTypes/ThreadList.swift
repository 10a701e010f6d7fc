/// One thread of a THREAD response, RFC 5256 §4: `thread-list = "(" (thread-members /
/// thread-nested) ")"`, `thread-members = nz-number *(SP nz-number) [SP thread-nested]`,
/// `thread-nested = 2*thread-list`. A chain of messages, each the parent of the next, then either
/// no subthreads or at least two (a single child would continue the chain); a thread with no
/// members of its own (a missing root) has at least two subthreads.
public struct ThreadList: Hashable, Sendable {
    /// The chain's message numbers or UIDs, each non-zero.
    public let members: [UInt32]
    /// The subthreads below the last member: none or at least two.
    public let children: [ThreadList]

    /// The thread, or nil for a shape `thread-list` cannot carry: a member 0, exactly one
    /// subthread, or neither members nor subthreads.
    public init?(members: [UInt32], children: [ThreadList] = []) {
        guard !members.contains(0), children.count != 1, !(members.isEmpty && children.isEmpty) else { return nil }
        self.members = members
        self.children = children
    }
}
