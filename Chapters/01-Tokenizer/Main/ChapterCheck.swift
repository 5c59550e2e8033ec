import Foundation

/// A result the notebook checks came out wrong; the run stops with it.
enum ChapterCheck: Error, CustomStringConvertible {
    case missingDocument(String)
    case trainersDisagree(atMerge: Int)
    case encodersDisagree(text: String)
    case signaturesDisagree
    case differsFromTiktoken(files: [String])
    case tokenFileReadBack(URL)

    var description: String {
        switch self {
        case .missingDocument(let id):
            "the corpus has no document \(id)"
        case .trainersDisagree(let merge):
            "the incremental trainer's merge \(merge) differs from the naive trainer's"
        case .encodersDisagree(let text):
            "the fast and the readable encoder give different ids for \(text)"
        case .signaturesDisagree:
            "the fast and the readable MinHash signatures differ"
        case .differsFromTiktoken(let files):
            "\(files.count) files give other ids than tiktoken's: "
                + files.joined(separator: ", ")
        case .tokenFileReadBack(let url):
            "\(url.relativePath) did not read back as written"
        }
    }
}
