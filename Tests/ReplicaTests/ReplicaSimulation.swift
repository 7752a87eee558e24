import Identifiers
@testable import Replica

/// Simulates several devices editing a few records offline and gossiping partial logs,
/// so the generated operations carry real causality (removes observe adds, writes
/// supersede heads) as well as real concurrency.
struct ReplicaSimulation {
    struct Device {
        var clock: HybridClock
        var state = ReplicaState()
        var seen: [FieldOperation] = []
        var wall: UInt64
    }

    static let records = (1...3).map { RecordID(high: 0, low: UInt64($0)) }
    static let elements = ["bullying", "integrity", "other", "work_pressure"]
    static let registerValues: [Value] = [.string("open"), .string("closed"), .integer(7), .null, .bool(true), .decimal(1.5)]

    private(set) var devices: [Device]
    private var random: SeededRandom

    init(seed: UInt64, deviceCount: Int = 3) {
        random = SeededRandom(seed: seed)
        devices = (0..<deviceCount).map { index in
            Device(clock: HybridClock(device: DeviceID(rawValue: UInt64(index + 1) << 40)), wall: 1_700_000_000_000)
        }
    }

    /// Every distinct operation any device made.
    var allOperations: [FieldOperation] {
        Array(Set(devices.flatMap(\.seen)))
    }

    mutating func run(steps: Int) {
        for _ in 0..<steps {
            let index = Int.random(in: 0..<devices.count, using: &random)
            if Int.random(in: 0..<4, using: &random) == 0 {
                let source = Int.random(in: 0..<devices.count, using: &random)
                gossip(from: source, to: index)
            } else {
                edit(on: index)
            }
        }
    }

    private mutating func gossip(from source: Int, to target: Int) {
        let offered = devices[source].seen.filter { _ in Bool.random(using: &random) }
        let known = Set(devices[target].seen)
        for operation in offered where !known.contains(operation) {
            devices[target].clock.observe(operation.id.timestamp)
            devices[target].state.apply(operation)
            devices[target].seen.append(operation)
        }
    }

    private mutating func edit(on index: Int) {
        // Wall clocks drift, sometimes backwards, to exercise the counter.
        devices[index].wall = devices[index].wall &+ UInt64.random(in: 0...3, using: &random) &- 1
        let id = devices[index].clock.tick(wallMilliseconds: devices[index].wall)
        let record = Self.records.randomElement(using: &random)!
        let state = devices[index].state.records[record] ?? RecordState()
        let change: (String, Change)
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            change = ("status", .assign(Self.registerValues.randomElement(using: &random)!))
        case 1:
            change = ("categories", .insert(Self.elements.randomElement(using: &random)!))
        case 2:
            let element = Self.elements.randomElement(using: &random)!
            let observed = state.sets["categories"]?.tags[element].map { Array($0) } ?? []
            change = ("categories", .delete(element, observed: observed.sorted()))
        case 3:
            let heads = state.text("summary")?.versions.map(\.id) ?? []
            change = ("summary", .write("v\(id.timestamp.rawValue % 1000)", supersedes: heads))
        default:
            change = ("future_field", .unknown(kind: 42, payload: [1, 2, 3]))
        }
        let operation = FieldOperation(id: id, record: record, field: change.0, change: change.1)
        devices[index].state.apply(operation)
        devices[index].seen.append(operation)
    }
}
