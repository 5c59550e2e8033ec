import Foundation
import Tokenizer

/// cl100k_base encoding throughput on one thread, ours against tiktoken's
/// (bench/tiktoken_bench.py, run in the same `make bench`) on the same text:
/// the whole Shakespeare corpus, its files concatenated in name order. Both
/// must give the same ids, checked by their count and hash.
func tokenizerRows(repeats: Int) -> [[String]] {
    let texts = TokenizerPaths.shakespeare.appendingPathComponent("texts")
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: texts.path)) ?? [])
        .filter { $0.hasSuffix(".txt") }.sorted()
    guard !files.isEmpty else {
        print("bench: tokenizer skipped: no texts in \(texts.relativePath); run `make data`")
        return []
    }
    let encoding: Encoding
    var corpus: [UInt8] = []
    do {
        encoding = try Encoding.cl100kBase()
        for file in files { corpus += try Data(contentsOf: texts.appendingPathComponent(file)) }
    } catch {
        print("bench: tokenizer skipped: \(error); run `make data`")
        return []
    }
    // Encoding a corpus takes long enough that a few runs give a stable median.
    let runs = max(3, repeats / 4)
    var ids: [Int] = []
    let seconds = medianSeconds(repeats: runs) { ids = encoding.encodeOrdinary(bytes: corpus) }
    let ours = Double(corpus.count) / seconds / 1e6
    let name = String(format: "cl100k_base encode, Shakespeare (%.1f MB), 1 thread",
                      Double(corpus.count) / 1e6)

    guard let reference = tiktokenThroughput(repeats: runs) else {
        return [[name, String(format: "%.1f MB/s", ours), "tiktoken unavailable", "–"]]
    }
    let sameIds = reference.tokens == ids.count && reference.fnv1a == Hash64.digest(ofIDs: ids)
    precondition(sameIds, "cl100k_base: our ids differ from tiktoken's on the corpus")
    return [[name, String(format: "%.1f MB/s", ours),
             String(format: "%.1f MB/s", reference.mbPerSecond) + " tiktoken \(reference.version)",
             String(format: "%.1f× faster", ours / reference.mbPerSecond)]]
}

/// What bench/tiktoken_bench.py measured, or nil if it could not run.
private func tiktokenThroughput(repeats: Int)
    -> (mbPerSecond: Double, tokens: Int, fnv1a: String, version: String)?
{
    guard let json = runReference("bench/tiktoken_bench.py", ["--repeats", "\(repeats)"]),
          let mbPerSecond = json["mb_per_s"] as? Double, let tokens = json["tokens"] as? Int,
          let hash = json["fnv1a"] as? String, let version = json["tiktoken"] as? String
    else { return nil }
    return (mbPerSecond, tokens, hash, version)
}
