import Book
