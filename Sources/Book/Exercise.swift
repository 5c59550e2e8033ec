/// What an exercise stub throws until the reader writes it. The exercise tests
/// turn it into "A.2 not implemented yet" instead of a failure or a crash.
public enum ExerciseError: Error, CustomStringConvertible, Equatable {
    case notImplemented(String)

    public var description: String {
        switch self {
        case .notImplemented(let id): "\(id) not implemented yet"
        }
    }
}
