import Identifiers
/// Applies a large batch of operations (a sync brings tens of thousands) to the records
/// they touch, the records split over the cores: each record's operations stay together and
/// in order, so the result is the one applying them in turn would give.
public enum BatchApplication {
    /// The records the operations touch, as they are after them; `states` holds those
    /// already stored (a record absent there starts empty).
    /// `batches` are applied one after the other.
    public static func apply(_ batches: [[FieldOperation]], to states: [RecordID: RecordState]) -> [RecordID: RecordState] {
        let shardCount = max(1, ParallelChunks.coreCount * 2)
        // Each shard reads every operation and applies its own: no copy of the batch.
        let applied = ParallelChunks.map(Array(0..<shardCount), minimumChunk: 1) { chunk in
            chunk.map { shard in
                var touched: [RecordID: RecordState] = [:]
                for operation in batches.joined() where Int(operation.record.low % UInt64(shardCount)) == shard {
                    if touched[operation.record] == nil { touched[operation.record] = states[operation.record] ?? RecordState() }
                    touched[operation.record]!.apply(operation)
                }
                return touched
            }
        }
        var touched: [RecordID: RecordState] = [:]
        touched.reserveCapacity(states.count)
        for shard in applied.joined() { touched.merge(shard) { first, _ in first } }
        return touched
    }
}
