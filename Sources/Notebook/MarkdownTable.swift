import Book
import Foundation

/// A Markdown (pipe) table, padded so it also reads well as plain text in a
/// terminal. Columns of numbers are right-aligned, the rest left-aligned.
///
///     | op     |  time | GFLOP/s |
///     | :----- | ----: | ------: |
///     | matmul | 12 ms |     255 |
///
/// A short row is padded with empty cells; `|` in a cell is escaped and a line
/// break becomes a space, so no cell can break the table.
public func markdownTable(headers: [String], rows: [[String]]) -> String {
    let width = max(headers.count, rows.map(\.count).max() ?? 0)
    func complete(_ row: [String]) -> [String] {
        (row + Array(repeating: "", count: width - row.count)).map(escapeCell)
    }
    let header = complete(headers)
    let body = rows.map(complete)
    let rightAligned = (0..<width).map { column in
        isNumericColumn(body.map { $0[column] })
    }
    // At least 3 wide, so that an alignment marker (`:--`, `--:`) fits.
    let widths = (0..<width).map { column in
        max(3, ([header] + body).map { $0[column].count }.max() ?? 0)
    }

    func line(_ cells: [String]) -> String {
        let padded = cells.indices.map { column in
            let cell = cells[column]
            let padding = String(repeating: " ", count: widths[column] - cell.count)
            return rightAligned[column] ? padding + cell : cell + padding
        }
        return "| " + padded.joined(separator: " | ") + " |"
    }
    let rule = (0..<width).map { column in
        let dashes = String(repeating: "-", count: widths[column] - 1)
        return rightAligned[column] ? dashes + ":" : ":" + dashes
    }
    return ([line(header), "| " + rule.joined(separator: " | ") + " |"] + body.map(line))
        .joined(separator: "\n")
}

/// A table of numbers, each shown with `precision` digits after the point;
/// `rowLabels`, if given, become a first column headed by `headers[0]`.
public func markdownTable(
    headers: [String], rows: [[Double]], precision: Int, rowLabels: [String]? = nil
) -> String {
    numberTable(headers: headers, rows: rows, precision: precision, rowLabels: rowLabels)
}

private func numberTable(
    headers: [String], rows: [[Double]], precision: Int, rowLabels: [String]?
) -> String {
    let formatted = rows.enumerated().map { index, row in
        let numbers = row.map { formatNumber($0, precision: precision) }
        guard let rowLabels else { return numbers }
        return [index < rowLabels.count ? rowLabels[index] : ""] + numbers
    }
    return markdownTable(headers: headers, rows: formatted)
}

extension Tensor {
    /// The tensor as a table: one row per row of its last dimension (a
    /// matrix prints as itself), columns headed by their index unless
    /// `columnLabels` are given.
    public func markdownTable(
        precision: Int, rowLabels: [String]? = nil, columnLabels: [String]? = nil
    ) -> String {
        let (rowCount, columnCount) = rowsAndColumns
        let values = scalars.map(Double.init)
        let rows = (0..<rowCount).map { row in
            Array(values[row * columnCount..<(row + 1) * columnCount])
        }
        let columns = columnLabels ?? (0..<columnCount).map(String.init)
        return numberTable(headers: (rowLabels == nil ? [] : [""]) + columns,
                           rows: rows, precision: precision, rowLabels: rowLabels)
    }
}

/// `value` with `precision` decimals; NaN and infinities spelled out.
public func formatNumber(_ value: Double, precision: Int) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return String(format: "%.\(max(0, precision))f", value)
}

private func escapeCell(_ cell: String) -> String {
    cell.replacingOccurrences(of: "|", with: "\\|")
        .replacingOccurrences(of: "\r\n", with: " ")
        .replacingOccurrences(of: "\n", with: " ")
}

/// A column is numeric if every cell that says something starts with a number
/// ("12", "-0.5", "1,234", "12 ms", "3.2×", "NaN"); empty cells and dashes,
/// which mean "no value", don't decide.
private func isNumericColumn(_ cells: [String]) -> Bool {
    let meaningful = cells.map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !["", "-", "—", "–"].contains($0) }
    return !meaningful.isEmpty && meaningful.allSatisfy(startsWithNumber)
}

private func startsWithNumber(_ cell: String) -> Bool {
    if ["nan", "inf", "-inf", "+inf"].contains(cell.lowercased()) { return true }
    var rest = Substring(cell)
    if let sign = rest.first, "+-−".contains(sign) { rest = rest.dropFirst() }
    if rest.first == "." { rest = rest.dropFirst() }
    return rest.first?.isASCII == true && rest.first?.isNumber == true
}
