import Foundation
import Testing
@testable import Replica

/// The merge laws, checked on random histories of three or more devices.
/// Set VP_PROPERTY_SEED to replay a failing run; the seed is in every failure message.
@Suite struct ConvergenceLawTests {
    static let cases = 1_000
    static let baseSeed: UInt64 = ProcessInfo.processInfo.environment["VP_PROPERTY_SEED"]
        .flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64(UInt32.max))

    private func history(_ seed: UInt64) -> [FieldOperation] {
        var simulation = ReplicaSimulation(seed: seed, deviceCount: 3 + Int(seed % 2))
        simulation.run(steps: 20 + Int(seed % 40))
        return simulation.allOperations
    }

    private func fold(_ operations: [FieldOperation]) -> ReplicaState {
        var state = ReplicaState()
        state.apply(contentsOf: operations)
        return state
    }

    @Test func applyingBatchesAcrossCoresGivesWhatApplyingInTurnGives() {
        for offset in 0..<UInt64(Self.cases / 5) {
            let seed = Self.baseSeed &+ offset
            var random = SeededRandom(seed: seed ^ 0x5A5A)
            var operations = history(seed)
            operations.shuffle(using: &random)
            let cut = Int.random(in: 0...operations.count, using: &random)
            let earlier = fold(Array(operations[..<cut]))
            var batches: [[FieldOperation]] = []
            var rest = operations[cut...]
            while !rest.isEmpty {
                let size = Int.random(in: 1...max(1, rest.count), using: &random)
                batches.append(Array(rest.prefix(size)))
                rest = rest.dropFirst(size)
            }
            var expected = earlier
            expected.apply(contentsOf: Array(operations[cut...]))
            let touched = BatchApplication.apply(batches, to: earlier.records)
            let merged = earlier.records.merging(touched) { _, after in after }
            #expect(merged == expected.records, "differs; replay with VP_PROPERTY_SEED=\(Self.baseSeed) (case seed \(seed))")
        }
    }

    @Test func commutativityAndIdempotenceAcrossReplicas() {
        for offset in 0..<UInt64(Self.cases) {
            let seed = Self.baseSeed &+ offset
            var random = SeededRandom(seed: seed ^ 0xA5A5)
            let operations = history(seed)
            let reference = fold(operations.sorted { $0.id < $1.id }).encoded()
            for _ in 0..<3 {
                // Every replica receives everything, in its own order, some of it twice.
                var delivery = operations + operations.filter { _ in Int.random(in: 0..<3, using: &random) == 0 }
                delivery.shuffle(using: &random)
                let converged = fold(delivery).encoded() == reference
                #expect(converged, "diverged; replay with VP_PROPERTY_SEED=\(Self.baseSeed) (case seed \(seed))")
                if !converged { return }
            }
        }
    }

    @Test func associativityOfStateMerge() {
        for offset in 0..<UInt64(Self.cases) {
            let seed = Self.baseSeed &+ offset
            var random = SeededRandom(seed: seed ^ 0x5A5A)
            let operations = history(seed)
            var parts: [[FieldOperation]] = [[], [], []]
            for operation in operations { parts[Int.random(in: 0..<3, using: &random)].append(operation) }
            let (a, b, c) = (fold(parts[0]), fold(parts[1]), fold(parts[2]))
            var left = a
            left.merge(b)
            left.merge(c)
            var bc = b
            bc.merge(c)
            var right = a
            right.merge(bc)
            var swapped = c
            swapped.merge(a)
            swapped.merge(b)
            let whole = fold(operations).encoded()
            let associative = left.encoded() == right.encoded()
            let commutative = swapped.encoded() == whole
            let agreesWithFold = left.encoded() == whole
            #expect(associative, "merge not associative; VP_PROPERTY_SEED=\(Self.baseSeed) case \(seed)")
            #expect(commutative, "merge order matters; VP_PROPERTY_SEED=\(Self.baseSeed) case \(seed)")
            #expect(agreesWithFold, "merge differs from fold; VP_PROPERTY_SEED=\(Self.baseSeed) case \(seed)")
            if !(associative && commutative && agreesWithFold) { return }
        }
    }

    @Test func encodingRoundTripsStateAndOperations() throws {
        for offset in 0..<UInt64(200) {
            let seed = Self.baseSeed &+ offset
            let operations = history(seed)
            let decoded = try FieldOperation.decodeBatch(FieldOperation.encode(operations))
            #expect(decoded == operations, "VP_PROPERTY_SEED=\(Self.baseSeed) case \(seed)")
            for (_, state) in fold(operations).records {
                #expect(try RecordState(encoded: state.encoded()) == state, "VP_PROPERTY_SEED=\(Self.baseSeed) case \(seed)")
            }
        }
    }
}
