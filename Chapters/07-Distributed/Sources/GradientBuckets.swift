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
            let buffer = Tensor(zeros: [filled])
            buckets.append(Bucket(parameters: group, buffer: buffer))
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
            let buffer = bucket.buffer
            try world.allReduceSum(buffer.data, count: buffer.count)
            unpack(bucket, scale: 1 / Float(world.size))
        }
    }

    /// Copies the bucket's gradients into its buffer.
    func pack(_ bucket: Bucket) {
        var offset = 0
        for p in bucket.parameters {
            (bucket.buffer.data + offset).update(from: p.gradient.data,
                                                 count: p.value.count)
            offset += p.value.count
        }
    }

    /// Copies the buffer back, times `scale`.
    func unpack(_ bucket: Bucket, scale: Float) {
        var offset = 0
        for p in bucket.parameters {
            parallelMap(bucket.buffer.data + offset, p.gradient.data,
                        count: p.value.count) { $0 * scale }
            offset += p.value.count
        }
    }
}
// end listing

// listing: overlap
/// The same average, overlapped with the backward pass: a bucket's
/// all-reduce starts as soon as the tape reports the last of its gradients
/// final, and the backward pass goes on through the layers before it while
/// the bytes travel. Every rank sees the same reports in the same order,
/// so every rank starts the same all-reduces in the same order, as MPI
/// requires.
public final class OverlappedAverage {
    let buckets: GradientBuckets
    let world: Communicator
    /// For each parameter, its bucket.
    let bucketOf: [ObjectIdentifier: Int]
    var waitingFor: [Int]
    var requests: [Communicator.Request?]
    var failure: Error?

    public init(_ buckets: GradientBuckets, over world: Communicator) {
        (self.buckets, self.world) = (buckets, world)
        var bucketOf: [ObjectIdentifier: Int] = [:]
        for (b, bucket) in buckets.buckets.enumerated() {
            for p in bucket.parameters { bucketOf[ObjectIdentifier(p)] = b }
        }
        self.bucketOf = bucketOf
        waitingFor = buckets.buckets.map(\.parameters.count)
        requests = Array(repeating: nil, count: buckets.buckets.count)
    }

    /// For `Tape.backward(finished:)`: counts the finished weights off, and
    /// starts each bucket that has none left to wait for.
    public func finished(_ variables: [Variable]) {
        for v in variables {
            guard let b = bucketOf[ObjectIdentifier(v)] else { continue }
            waitingFor[b] -= 1
            if waitingFor[b] == 0 { start(b) }
        }
        // OpenMPI moves a nonblocking collective on only inside MPI calls.
        do {
            for request in requests { _ = try request?.test() }
        } catch {
            failure = failure ?? error
        }
    }

    /// Starts what the backward pass did not (a weight no step read), waits
    /// for every bucket, and leaves the mean gradients in the parameters.
    public func wait() throws {
        for b in buckets.buckets.indices where requests[b] == nil { start(b) }
        if let failure { throw failure }
        for (b, request) in requests.enumerated() {
            try request?.wait()
            buckets.unpack(buckets.buckets[b], scale: 1 / Float(world.size))
        }
    }

    func start(_ b: Int) {
        let bucket = buckets.buckets[b]
        buckets.pack(bucket)
        do {
            let buffer = bucket.buffer
            requests[b] = try world.startAllReduceSum(buffer.data,
                                                      count: buffer.count)
        } catch {
            failure = failure ?? error
        }
    }
}
// end listing
