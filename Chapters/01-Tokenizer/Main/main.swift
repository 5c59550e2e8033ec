import Book
import Tokenizer

Notebook.run(chapter: "01") { nb in
    try nb.text("placeholder") { "Chapter 1 is being written." }
}
