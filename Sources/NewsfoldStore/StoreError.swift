/// What can go wrong with a store, by what the caller can do about it. The server maps each
/// kind to one HTTP status in one place (`APIError.from`): ``invalid(_:)`` 400,
/// ``conflict(_:)`` and ``locked(_:)`` 409, ``unavailable(_:)`` 503, ``corrupt(_:)`` and
/// ``incompatible(_:)`` 500.
///
/// ```swift
/// do { _ = try openStore("news.sqlite") } catch StoreError.locked(let why) { print(why) }
/// ```
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// What was asked cannot be understood: a bad cursor, a database address that does not
    /// parse, a store that does not exist. Fix the request.
    case invalid(String)
    /// The id is already stored with different content.
    case conflict(String)
    /// Another process writes the store, or this one opened it read-only. Wait, or write
    /// through the process that holds it.
    case locked(String)
    /// The database cannot be reached (connection refused, network down). Try again later.
    case unavailable(String)
    /// The stored data breaks an invariant the store keeps (a row that must exist is missing).
    /// Not the caller's fault; restore from a copy or re-ingest.
    case corrupt(String)
    /// The database was made with other copy-group settings or by a newer Newsfold.
    case incompatible(String)

    /// The message; for a conflict, an incompatible or a damaged store, followed by what to do.
    public var description: String {
        switch self {
        case .conflict(let m): return "\(m): give the article another id, or leave the id out to derive one from the content"
        case .incompatible(let m): return "\(m): use a new database file, or the Newsfold version that made it"
        case .corrupt(let m): return "\(m): the store is damaged; restore it from a copy or ingest again into a new one"
        case .invalid(let m), .locked(let m), .unavailable(let m): return m
        }
    }
}
