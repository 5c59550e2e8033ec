import Book
import Pretraining
print("todo")
