import Book
import DistributedTraining

// Chapter 7 exercises. Replace each `throw` with your code, then run
// `make exercises CH=7`. The answers are in ../Solutions — try first!
// None of them needs MPI: the ranks are simulated, one array each.

/// Exercise 7.1 — shard a batch by rank: a global batch of `rows` rows of
/// `width` tokens each, row after row, split over `size` ranks; return rank
/// `rank`'s consecutive rows. Throw if the rows do not split evenly.
public func shardRows(_ batch: [Int32], width: Int, rank: Int, size: Int) throws -> [Int32] {
    throw ExerciseError.notImplemented("7.1")
}

/// Exercise 7.2 — average gradients with a ring all-reduce: `gradients[r]`
/// is rank r's gradient (all the same length, divisible by the number of
/// ranks N). Run the ring as MPI does: N − 1 reduce-scatter steps, in which
/// each rank sends one chunk to the next rank, which adds it to its own;
/// then N − 1 all-gather steps passing the finished chunks on. Return
/// every rank's buffer at the end, each the mean of the inputs. Throw if
/// there are no ranks, or the lengths differ or do not divide by N.
public func ringAllReduceMean(_ gradients: [[Float]]) throws -> [[Float]] {
    throw ExerciseError.notImplemented("7.2")
}

/// Exercise 7.3 — the ZeRO-1 owned-shard update: the parameters `weights`
/// and the summed gradient `gradient` are flat, of length divisible by
/// `size`. Rank `rank` owns block `rank` and keeps AdamW's moments `m`, `v`
/// for that block only. Apply one AdamW step (step number `step`, from 1)
/// to the owned block of `weights`, updating `m` and `v`, and return the
/// updated block. Use the gradient's mean over ranks: `gradient` / size.
/// Throw if the lengths do not fit together or `rank` is not in 0..<size.
public func ownedShardUpdate(weights: [Float], gradient: [Float], m: inout [Float],
                             v: inout [Float], rank: Int, size: Int, step: Int, lr: Float,
                             beta1: Float, beta2: Float, eps: Float, weightDecay: Float)
    throws -> [Float]
{
    throw ExerciseError.notImplemented("7.3")
}
