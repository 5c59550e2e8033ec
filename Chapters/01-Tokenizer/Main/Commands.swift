import Book
import Notebook
import Foundation
import Tokenizer

/// `ch01-tokenizer encode` and `decode`: the chapter's tokenizers as Unix
/// filters, so any text can be tokenized from the shell:
///
///     echo "Hello, world" | swift run -c release ch01-tokenizer encode
///     9906 11 1917 198
///
/// Returns false, having done nothing, when the first argument is not one of
/// these subcommands (the executable then runs its notebook). Otherwise it
/// does the work and returns true, or exits: 2 for a bad command line, 1 for
/// missing data or bad input.
func runTokenizerCommand(_ arguments: [String]) -> Bool {
    guard let subcommand = arguments.dropFirst().first,
          subcommand == "encode" || subcommand == "decode" else { return false }
    var parsed = CommandLineArguments(
        arguments, synopsis: "encode|decode [--encoding cl100k_base | --tokenizer FILE]",
        help: """
            encode   reads UTF-8 text on standard input, prints its token ids
                     (special tokens' text is encoded as ordinary text)
            decode   reads token ids separated by whitespace, writes their bytes

            --encoding NAME  a built-in tokenizer: cl100k_base (GPT-4's, the default)
            --tokenizer FILE a tokenizer trained in this chapter
            """)
    _ = parsed.subcommand(subcommand)
    let encodingName: String?, tokenizerFile: String?
    do {
        encodingName = try parsed.option("--encoding")
        tokenizerFile = try parsed.option("--tokenizer")
        try parsed.finish()
    } catch {
        error.reportAndExit()
    }

    let encoding: Encoding
    do {
        switch (encodingName, tokenizerFile) {
        case (nil, let file?):
            encoding = try trainedEncoding(from: URL(fileURLWithPath: file))
        case (nil, nil), ("cl100k_base", nil):
            encoding = try Encoding.cl100kBase()
        case (let name?, nil):
            exitWithError("unknown encoding '\(name)'; the built-in one is cl100k_base\n\(parsed.usage)",
                 status: 2)
        case (_?, _?):
            exitWithError("give --encoding or --tokenizer, not both\n\(parsed.usage)", status: 2)
        }
    } catch {
        exitWithError("\(error)", status: 1)
    }

    let input = FileHandle.standardInput.readDataToEndOfFile()
    if subcommand == "encode" {
        let ids = input.withUnsafeBytes { encoding.encodeOrdinary(bytes: $0.bindMemory(to: UInt8.self)) }
        let text = ids.map(String.init).joined(separator: " ") + "\n"
        FileHandle.standardOutput.write(Data(text.utf8))
    } else {
        var ids: [Int] = []
        for word in input.split(whereSeparator: { $0 == 0x20 || (0x09...0x0D).contains($0) }) {
            guard let id = Int(String(decoding: word, as: UTF8.self)) else {
                exitWithError("decode: '\(String(decoding: word.prefix(40), as: UTF8.self))' "
                     + "is not a token id (an integer)", status: 1)
            }
            ids.append(id)
        }
        do {
            FileHandle.standardOutput.write(Data(try encoding.decode(ids)))
        } catch {
            exitWithError("decode: \(error)", status: 1)
        }
    }
    return true
}

/// The encoding of a tokenizer file this chapter's trainer wrote.
private func trainedEncoding(from url: URL) throws -> Encoding {
    try BPETokenizer(contentsOf: url).encoding
}
