import Book

// listing: gradient-buckets
/// The model's gradients, packed into a few large buffers for the
/// all-reduce. One all-reduce per parameter would pay MPI's fixed cost per
/// message dozens of times a step; one for the whole model could not start
/// until the backward pass ends. Buckets of about `capacity` floats, filled
/// from the last parameter to the first (the order in which the backward
/// pass finishes them), are PyTorch DDP's answer (25 MB there).
public final class GradientBuckets {
    public struct Bucket {
        public let parameters: [Variable]
        /// Their gradients, one after another: [Σ counts]
        public let buffer: Tensor
    }

    public let buckets: [Bucket]

    public init(_ parameters: [Variable], capacity: Int = 1 << 22) {
        var buckets: [Bucket] = [], group: [Variable] = [], filled = 0
        func close() {
            guard !group.isEmpty else { return }
            buckets.append(Bucket(parameters: group, buffer: Tensor(zeros: [filled])))
            (group, filled) = ([], 0)
        }
        for p in parameters.reversed() {
            if filled > 0 && filled + p.value.count > capacity { close() }
            group.append(p)
            filled += p.value.count
        }
        close()
        self.buckets = buckets
    }

    /// Every rank's gradients become their mean over the ranks.
    public func average(over world: Communicator) throws {
        for bucket in buckets {
            pack(bucket)
            try world.allReduceSum(bucket.buffer.data, count: bucket.buffer.count)
            unpack(bucket, scale: 1 / Float(world.size))
        }
    }

    /// Copies the bucket's gradients into its buffer.
    func pack(_ bucket: Bucket) {
        var offset = 0
        for p in bucket.parameters {
            (bucket.buffer.data + offset).update(from: p.gradient.data, count: p.value.count)
            offset += p.value.count
        }
    }

    /// Copies the buffer back, times `scale`.
    func unpack(_ bucket: Bucket, scale: Float) {
        var offset = 0
        for p in bucket.parameters {
            parallelMap(bucket.buffer.data + offset, p.gradient.data, count: p.value.count) {
                $0 * scale
            }
            offset += p.value.count
        }
    }
}
// end listing
