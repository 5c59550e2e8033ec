// Chapter 1 — Data and tokenizer, as a notebook.
//
//   swift run -c release ch01-tokenizer [--quick]
//   swift run -c release ch01-tokenizer encode|decode ...   (Commands.swift)
import Book
import Notebook
import Tokenizer

if !runTokenizerCommand(CommandLine.arguments) {
    Notebook.run(chapter: "01") { nb in
        let corpus = try cleanCorpus(nb)
        let tokenizer = try bytePairEncoding(nb, train: corpus.train,
                                             validation: corpus.validation)
        try writeTokenFiles(nb, tokenizer: tokenizer, corpus: corpus)
        try gpt4Tokenizer(nb, ours: tokenizer, validation: corpus.validation)
    }
}
