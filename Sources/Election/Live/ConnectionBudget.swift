/// Which incoming connections the I/O thread keeps when many are open, so that whatever
/// strangers hold, a status query and a peer still get in.
///
/// Every accepted connection starts as a *stranger*. It stops being one when it
/// identifies itself: its first line names a member as sender (it becomes a *member*
/// connection, bounded per member by the event loop, never here), or it gets an answer to
/// a status query or an HTTP request (it becomes a *client*). Strangers and clients have
/// separate budgets; when one is full, the connection that has waited longest makes room:
/// the oldest stranger, or the client served least recently. So a flood of silent
/// connections only ever displaces other silent connections.
///
/// Connections are named by their ids, which grow with accept order, so the strangers
/// list is also ordered by age, oldest first.
struct ConnectionBudget {
    let maxStrangers: Int
    let maxClients: Int
    /// Stranger ids, oldest first.
    private(set) var strangers: [Int] = []
    /// Client ids, least recently served first.
    private(set) var clients: [Int] = []

    init(maxStrangers: Int, maxClients: Int) {
        self.maxStrangers = maxStrangers
        self.maxClients = maxClients
    }

    /// The stranger to close to make room for a newly accepted one, if the budget is full.
    /// The caller closes it (and calls `forget`) before calling `admitStranger`.
    var strangerToEvict: Int? { strangers.count >= maxStrangers ? strangers.first : nil }

    /// The stranger that has been waiting longest, whose identify deadline comes first.
    var oldestStranger: Int? { strangers.first }

    mutating func admitStranger(_ id: Int) {
        strangers.append(id)
    }

    /// `id` was answered (a status reply or an HTTP response). Returns the client to
    /// close to make room, if the client budget was full and `id` was not a client yet.
    mutating func served(_ id: Int) -> Int? {
        if let index = clients.firstIndex(of: id) {
            clients.remove(at: index)
            clients.append(id)
            return nil
        }
        remove(id, from: &strangers)
        clients.append(id)
        return clients.count > maxClients ? clients.first : nil
    }

    /// `id` identified itself as a member's connection: it no longer counts as a stranger.
    mutating func identifiedAsMember(_ id: Int) {
        remove(id, from: &strangers)
        remove(id, from: &clients)
    }

    /// `id` is closed.
    mutating func forget(_ id: Int) {
        remove(id, from: &strangers)
        remove(id, from: &clients)
    }

    /// Removal from a short list, at most a few hundred ids, once per connection.
    private func remove(_ id: Int, from list: inout [Int]) {
        if let index = list.firstIndex(of: id) { list.remove(at: index) }
    }
}
