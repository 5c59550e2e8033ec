/// Folds the First Folio's spelling and the modern one onto one key per
/// word, so that the two editions of a play can be recognised as the same
/// text.
///
/// The Folio writes "vnfold", "liue", "selfe", "Iulius", "houre", "thankes",
/// "lye", "Cæsar" where a modern edition writes "unfold", "live", "self",
/// "Julius", "hour", "thanks", "lie", "Caesar". Most of the difference is in
/// the vowels and in u/v, i/j/y, which the printers used interchangeably.
/// The *skeleton* of a word keeps only its consonants:
///
/// 1. lowercase; fold `v`→`u`, `j`→`i`, `y`→`i` (then all three are vowels);
/// 2. drop the vowels a e i o u, and any non-ASCII letter (æ, é);
/// 3. collapse doubled letters ("haue"→"h", "have"→"h"; "selfe"→"slf",
///    "self"→"slf"; "thankes"/"thanks"→"thnks"; "Cæsar"/"Caesar"→"csr").
///
/// Apostrophes vanish ("ha's"→"hs" = "has"). Different words can share a
/// skeleton ("live", "love", "leave" → "l"), which is why we compare runs of
/// three skeletons, not single ones. Words with an empty skeleton ("I", "a",
/// "you", "eye") are skipped.
public enum SpellingFold {
    // listing: skeleton
    /// The skeleton of one word's ASCII bytes, appended to `output`.
    @inline(__always)
    static func appendSkeleton(of byte: UInt8, to output: inout [UInt8]) {
        var c = byte | 0x20                 // lowercase; digits unchanged
        guard (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) else {
            return                                   // non-ASCII: drop
        }
        switch c {
        case 0x76: c = 0x75                          // v → u
        case 0x6a, 0x79: c = 0x69                    // j, y → i
        default: break
        }
        switch c {
        case 0x61, 0x65, 0x69, 0x6f, 0x75: return    // a e i o u: drop
        default: break
        }
        if output.last != c { output.append(c) }     // "ll" → "l"
    }
    // end listing

    /// The skeleton of a whole word, for tests and the book's examples:
    /// `skeleton("vnfold") == "nfld" == skeleton("unfold")`.
    public static func skeleton(_ word: String) -> String {
        var output: [UInt8] = []
        for byte in word.utf8 where byte != UInt8(ascii: "'") {
            appendSkeleton(of: byte, to: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }
}
