import Book
import Model

// Answers to the chapter 3 exercises.
