/// Training and validation documents, split by *work*: no play has text on
/// both sides. Were Hamlet's Folio text in training and its modern text in
/// validation, the validation loss would measure memory, not learning.
public struct CorpusSplit: Sendable, Equatable {
    public var train: [Document]
    public var validation: [Document]
    public var seed: UInt64

    public var trainBytes: Int { train.reduce(0) { $0 + $1.byteCount } }
    public var validationBytes: Int { validation.reduce(0) { $0 + $1.byteCount } }
    /// The validation share of all bytes.
    public var validationFraction: Double {
        let total = trainBytes + validationBytes
        return total == 0 ? 0 : Double(validationBytes) / Double(total)
    }
    public var trainWorks: Set<String> { Set(train.map(\.workID)) }
    public var validationWorks: Set<String> { Set(validation.map(\.workID)) }

    // listing: split
    /// Orders the works by a seeded hash of their id — a shuffle that
    /// depends only on the ids and the seed, not on input order or on the
    /// machine — then walks that order, giving a work to validation
    /// whenever that brings validation's bytes closer to
    /// `validationFraction` of the total. Works are whole plays (~130 kB
    /// of ~6 MB), so the result lands within half a play of the target.
    public static func byWork(_ documents: [Document],
                              validationFraction: Double = 0.1,
                              seed: UInt64 = 1) -> CorpusSplit {
        var bytesOfWork: [String: Int] = [:]
        for document in documents {
            bytesOfWork[document.workID, default: 0] += document.byteCount
        }
        let order = bytesOfWork.keys.sorted {
            (Hash64.mix(seed ^ Hash64.fnv1a($0)), $0)
                < (Hash64.mix(seed ^ Hash64.fnv1a($1)), $1)
        }
        let total = bytesOfWork.values.reduce(0, +)
        let target = validationFraction * Double(total)
        var validationWorks = Set<String>()
        var validationBytes = 0.0
        for work in order {
            let bytes = Double(bytesOfWork[work]!)
            let closer = abs(validationBytes + bytes - target)
                < abs(validationBytes - target)
            if closer {
                validationWorks.insert(work)
                validationBytes += bytes
            }
        }
        let sorted = documents.sorted { $0.id < $1.id }
        return CorpusSplit(
            train: sorted.filter { !validationWorks.contains($0.workID) },
            validation: sorted.filter { validationWorks.contains($0.workID) },
            seed: seed)
    }
    // end listing
}
