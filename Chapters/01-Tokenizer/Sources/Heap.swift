/// A binary min-heap: an array in which every element is no larger than its
/// two children (at 2i + 1 and 2i + 2), so the smallest is at the root and
/// pushing or popping moves an element along one path of log n steps.
///
/// The chapter needs one twice: the BPE trainer keeps its pair counts in it
/// (`PairCount` orders the most frequent pair first), and the encoder keeps
/// the candidate merges of a long piece in it (lowest rank first).
struct Heap<Element: Comparable> {
    private var elements: [Element] = []

    init() {}

    init(_ elements: some Sequence<Element>) {
        for element in elements { push(element) }
    }

    var isEmpty: Bool { elements.isEmpty }

    mutating func push(_ element: Element) {
        elements.append(element)
        var child = elements.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard elements[child] < elements[parent] else { break }
            elements.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the smallest element, or nil if there is none.
    mutating func pop() -> Element? {
        guard let last = elements.popLast() else { return nil }
        guard !elements.isEmpty else { return last }
        let smallest = elements[0]
        elements[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var child = parent
            if left < elements.count, elements[left] < elements[child] { child = left }
            if right < elements.count, elements[right] < elements[child] { child = right }
            if child == parent { return smallest }
            elements.swapAt(parent, child)
            parent = child
        }
    }
}
