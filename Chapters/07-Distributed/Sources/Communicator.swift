import Book
import CMPI

/// An MPI call that failed: which call, and MPI's own words for why.
public struct MPIError: Error, CustomStringConvertible {
    public let call: String
    public let code: Int32

    public var description: String {
        var text = [CChar](repeating: 0, count: 512)
        var length: Int32 = 0
        _ = MPI_Error_string(code, &text, &length)
        return "\(call) failed: \(String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))"
    }
}

// listing: communicator
/// The processes `mpirun` started, and the collective operations data
/// parallelism needs. Every rank runs the same program; `rank` says which
/// one this is (0..<size). A collective is called by every rank, in the
/// same order, and returns on each when its part is done.
public final class Communicator {
    public let rank: Int
    public let size: Int
    private let comm: MPI_Comm?

    /// Starts MPI (once per process) and returns the world: all the ranks.
    /// Errors are returned to the caller instead of aborting every process,
    /// so a failure is reported by the rank that saw it.
    public static func world() throws -> Communicator {
        var started: Int32 = 0
        try check("MPI_Initialized", MPI_Initialized(&started))
        if started == 0 {
            // Only the main thread calls MPI; the kernels' worker threads
            // never do.
            var provided: Int32 = 0
            let funneled = Int32(MPI_THREAD_FUNNELED)
            try check("MPI_Init_thread",
                      MPI_Init_thread(nil, nil, funneled, &provided))
            guard provided >= funneled else {
                throw InputError("MPI_Init_thread: this MPI offers thread "
                    + "level \(provided), below MPI_THREAD_FUNNELED")
            }
        }
        let comm = book_mpi_comm_world()
        try check("MPI_Comm_set_errhandler",
                  MPI_Comm_set_errhandler(comm, book_mpi_errors_return()))
        var rank: Int32 = 0, size: Int32 = 0
        try check("MPI_Comm_rank", MPI_Comm_rank(comm, &rank))
        try check("MPI_Comm_size", MPI_Comm_size(comm, &size))
        return Communicator(comm: comm, rank: Int(rank), size: Int(size))
    }

    private init(comm: MPI_Comm?, rank: Int, size: Int) {
        (self.comm, self.rank, self.size) = (comm, rank, size)
    }

    /// x ← Σ over ranks of x, on every rank, in place.  x: [count]
    public func allReduceSum(_ x: UnsafeMutablePointer<Float>,
                             count: Int) throws {
        try Self.check("MPI_Allreduce", MPI_Allreduce(
            book_mpi_in_place(), x, Int32(count), book_mpi_float(),
            book_mpi_sum(), comm))
    }

    /// Starts the same sum without waiting for it: the caller goes on
    /// computing, and waits on the request when it needs the result.
    public func startAllReduceSum(_ x: UnsafeMutablePointer<Float>,
                                  count: Int) throws -> Request {
        var request = book_mpi_request_null()
        try Self.check("MPI_Iallreduce", MPI_Iallreduce(
            book_mpi_in_place(), x, Int32(count), book_mpi_float(),
            book_mpi_sum(), comm, &request))
        return Request(request)
    }

    /// Rank r receives Σ over ranks of block r of x, by the ring algorithm:
    /// in N − 1 steps, each rank sends a block to the next rank and adds the
    /// block it receives from the previous one to its own partial sum of
    /// it; the block completed at the last step is the rank's own. Each
    /// rank sends (N − 1)/N of x, half of what a ring all-reduce sends.
    /// (OpenMPI's `MPI_Reduce_scatter_block` took 46–81 ms for 50 MB on
    /// 2 ranks, whichever algorithm it was told to use, and this 11 ms, on
    /// the Intel Xeon of commit f4c8af8.)
    ///   x: [size · block], left holding partial sums  →  owned: [block]
    public func reduceScatterSum(_ x: UnsafeMutablePointer<Float>,
                                 into owned: UnsafeMutablePointer<Float>,
                                 block: Int) throws {
        guard size > 1 else { return owned.update(from: x, count: block) }
        let received = UnsafeMutablePointer<Float>.allocate(capacity: block)
        defer { received.deallocate() }
        let next = Int32((rank + 1) % size)
        let previous = Int32((rank + size - 1) % size)
        for step in 0..<size - 1 {
            let send = (rank - step - 1 + size) % size
            let add = (rank - step - 2 + 2 * size) % size
            try Self.check("MPI_Sendrecv", MPI_Sendrecv(
                x + send * block, Int32(block), book_mpi_float(), next, 0,
                received, Int32(block), book_mpi_float(), previous, 0, comm,
                book_mpi_status_ignore()))
            let sum = step == size - 2 ? owned : x + add * block
            zipMap(x + add * block, received, sum, count: block) { $0 + $1 }
        }
    }

    /// Every rank's block r becomes rank r's block.
    ///   x: [size · block], in place
    public func allGather(_ x: UnsafeMutablePointer<Float>, block: Int) throws {
        try Self.check("MPI_Allgather", MPI_Allgather(
            book_mpi_in_place(), 0, book_mpi_float(), x, Int32(block),
            book_mpi_float(), comm))
    }
    // end listing

    /// Every rank's block, in rank order, on rank `root` only.
    ///   x: [block]  →  all: [size · block] (nil on the other ranks)
    public func gather(_ x: UnsafePointer<Float>, block: Int, into all: UnsafeMutablePointer<Float>?,
                       root: Int = 0) throws {
        try Self.check("MPI_Gather", MPI_Gather(
            x, Int32(block), book_mpi_float(), all, Int32(block), book_mpi_float(), Int32(root),
            comm))
    }

    /// Each rank's value, in rank order, on every rank.
    public func allGather(_ value: UInt64) throws -> [UInt64] {
        var mine = value
        var all = [UInt64](repeating: 0, count: size)
        try Self.check("MPI_Allgather", MPI_Allgather(
            &mine, 8, book_mpi_byte(), &all, 8, book_mpi_byte(), comm))
        return all
    }

    /// The sum of the ranks' values, on every rank.
    public func sum(_ value: Double) throws -> Double {
        var x = value
        try Self.check("MPI_Allreduce", MPI_Allreduce(
            book_mpi_in_place(), &x, 1, book_mpi_double(), book_mpi_sum(), comm))
        return x
    }

    /// The largest of the ranks' values, on every rank.
    public func max(_ value: Double) throws -> Double {
        var x = value
        try Self.check("MPI_Allreduce", MPI_Allreduce(
            book_mpi_in_place(), &x, 1, book_mpi_double(), book_mpi_max(), comm))
        return x
    }

    /// Returns when every rank has called it.
    public func barrier() throws { try Self.check("MPI_Barrier", MPI_Barrier(comm)) }

    /// Ends MPI in this process; no collective may follow.
    public func finalize() throws { try Self.check("MPI_Finalize", MPI_Finalize()) }

    static func check(_ call: String, _ code: Int32) throws {
        guard code == MPI_SUCCESS else { throw MPIError(call: call, code: code) }
    }

    /// A collective started and not yet waited for.
    public final class Request {
        private var handle: MPI_Request?

        init(_ handle: MPI_Request?) { self.handle = handle }

        /// Lets MPI move the operation on (OpenMPI has no progress thread
        /// of its own), and says whether it is done.
        public func test() throws -> Bool {
            var done: Int32 = 0
            try Communicator.check("MPI_Test", MPI_Test(&handle, &done, book_mpi_status_ignore()))
            return done != 0
        }

        /// Returns when the operation is done.
        public func wait() throws {
            try Communicator.check("MPI_Wait", MPI_Wait(&handle, book_mpi_status_ignore()))
        }
    }
}
