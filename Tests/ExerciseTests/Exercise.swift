import Book
import XCTest

/// Runs one exercise's test body. Against the reader's stubs (built with
/// -DEXERCISES by `make exercises`), an unfinished exercise is reported as
/// skipped with "A.2 not implemented yet"; against the solutions it fails.
func exercise(_ id: String, file: StaticString = #filePath, line: UInt = #line,
              _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExerciseError {
        #if EXERCISES
        throw XCTSkip("\(error)")
        #else
        XCTFail("solution to \(id) threw: \(error)", file: file, line: line)
        #endif
    }
}
