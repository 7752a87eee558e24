/// What a vault indexes about each record, so that a command finds the few records it
/// needs without opening all of them. The schema above the data core defines it; the vault
/// stores it keyed, so the index reveals nothing without the vault key.
public protocol RecordIndexing: Sendable {
    /// Changes whenever `entries` would give other results; a vault rebuilds its index then.
    var version: Int { get }
    func entries(of state: RecordState, id: RecordID) -> RecordIndexEntries
}

/// Exact-match terms that find a record, and named counters it raises (the vault keeps the
/// highest value each counter has ever had).
public struct RecordIndexEntries: Sendable, Equatable {
    public var terms: [String]
    public var counters: [String: Int]

    public init(terms: [String] = [], counters: [String: Int] = [:]) {
        self.terms = terms
        self.counters = counters
    }
}

/// The records and counters one command needs, found through the index.
public struct RecordNeeds: Sendable, Equatable {
    public var terms: [String]
    public var records: [RecordID]
    public var counters: [String]

    public init(terms: [String] = [], records: [RecordID] = [], counters: [String] = []) {
        self.terms = terms
        self.records = records
        self.counters = counters
    }
}
