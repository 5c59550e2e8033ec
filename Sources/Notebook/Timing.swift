import Foundation

/// A duration as a person would say it: "42 µs", "850 ms", "12.3 s",
/// "1 min 12 s", "2 h 05 min": three significant figures below a minute,
/// whole units above.
public func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "–" }
    let s = max(0, seconds)
    switch s {
    case ..<0.0009995: return "\(significantFigures(s * 1e6)) µs"
    case ..<0.9995: return "\(significantFigures(s * 1e3)) ms"
    case ..<59.5: return "\(significantFigures(s)) s"
    case ..<3570:
        let whole = Int(s.rounded())
        return "\(whole / 60) min \(whole % 60) s"
    default:
        let minutes = Int((s / 60).rounded())
        return "\(minutes / 60) h " + String(format: "%02d min", minutes % 60)
    }
}

/// `value` (≥ 0) with three significant figures below 100 and as a whole
/// number above, without trailing zeros: 0.25, 1.5, 12.3, 850, 1024.
func significantFigures(_ value: Double) -> String {
    let decimals = value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2
    var text = String(format: "%.\(decimals)f", value)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text
}
