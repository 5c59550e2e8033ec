import Book
import Model

// Chapter 3 exercises. Replace each `throw` with your code, then run
// `make exercises CH=3`. The answers are in ../Solutions — try first!
