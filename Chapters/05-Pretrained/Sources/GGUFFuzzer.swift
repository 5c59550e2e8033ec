import Book
import Foundation

/// Random corruptions of a valid GGUF file: each is read, and if it still
/// reads, loaded and run on two tokens. Errors are the expected outcome;
/// a crash is a bug. The tests run a few hundred cases, `make bench` ten
/// thousand.
public struct GGUFFuzzer {
    public let valid: [UInt8]
    /// Where the corrupted files are written, one at a time.
    public let directory: URL

    public init(valid: [UInt8], directory: URL) {
        (self.valid, self.directory) = (valid, directory)
    }

    /// Runs `cases` corruptions: how many still loaded, and how many were
    /// rejected with an error.
    public func run(cases: Int, seed: UInt64) throws -> (loaded: Int, rejected: Int) {
        var rng = RandomGenerator(seed: seed)
        var loaded = 0
        let url = directory.appendingPathComponent("fuzzed.gguf")
        for _ in 0..<cases {
            var bytes = valid
            // One to four random bytes, mostly in the header, where the
            // parsing decisions are; sometimes a cut at a random length.
            for _ in 0..<1 + rng.int(below: 4) {
                let limit = rng.int(below: 4) == 0 ? bytes.count : min(bytes.count, 4096)
                bytes[rng.int(below: limit)] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.int(below: 8) == 0 { bytes = Array(bytes.prefix(rng.int(below: bytes.count))) }
            try Data(bytes).write(to: url)
            guard let model = try? PretrainedModel(contentsOf: url) else { continue }
            loaded += 1
            _ = try? model.engine.forward([1, 2], cache: model.engine.makeCache(capacity: 4))
            _ = model.tokenizer.encode("a <|im_end|> b", special: true)
        }
        return (loaded, cases - loaded)
    }
}
