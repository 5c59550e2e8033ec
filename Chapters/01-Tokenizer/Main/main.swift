import Book
import Tokenizer

// `ch01-tokenizer encode|decode ...` runs a tokenizer (Commands.swift);
// anything else runs the chapter's notebook.
if !runTokenizerCommand(CommandLine.arguments) {
    Notebook.run(chapter: "01") { nb in
        try nb.text("placeholder") { "Chapter 1 is being written." }
    }
}
