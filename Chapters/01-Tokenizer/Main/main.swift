// Chapter 1 — Data and tokenizer, as a notebook.
//
//   swift run -c release ch01-tokenizer [--quick]
//   swift run -c release ch01-tokenizer encode|decode ...   (Commands.swift)
import Notebook

if !runTokenizerCommand(CommandLine.arguments) {
    Notebook.run(chapter: "01") { nb in
        let build = try cleanCorpus(nb)
        let corpus = try removeDuplicates(nb, build)
        let tokenizer = try bytePairEncoding(nb, train: corpus.train,
                                             validation: corpus.validation)
        try writeTokenFiles(nb, tokenizer: tokenizer, corpus: corpus)
        try gpt4Tokenizer(nb, ours: tokenizer, validation: corpus.validation)
    }
}
