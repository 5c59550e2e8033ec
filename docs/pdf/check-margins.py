"""Fails when any word of the PDF sticks out past the page margins.

Usage: python3 docs/pdf/check-margins.py BOOK.pdf [MARGIN_PT]

LaTeX only warns about an overfull line; a table whose columns run together
or a sample line too long for the page then prints over the margin. This reads
every word's box (poppler's `pdftotext -bbox`) and names each one that ends
more than a few points past the text block: a glyph of punctuation hanging
into the margin is normal typesetting, a word is not.
"""
import re
import subprocess
import sys

TOLERANCE_PT = 5.0


def main():
    pdf = sys.argv[1]
    margin = float(sys.argv[2]) if len(sys.argv) > 2 else 70.87  # 2.5 cm
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout
    page_number, width, problems = 0, 0.0, []
    for line in html.splitlines():
        page = re.search(r'<page width="([\d.]+)"', line)
        if page:
            page_number, width = page_number + 1, float(page.group(1))
            continue
        word = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"'
                         r' yMax="[\d.]+">(.*)</word>', line)
        if not word:
            continue
        left, right = float(word.group(1)), float(word.group(2))
        if right > width - margin + TOLERANCE_PT or left < margin - TOLERANCE_PT:
            problems.append(f"page {page_number}: '{word.group(3)}' spans "
                            f"{left:.0f}–{right:.0f} pt, outside the text block "
                            f"{margin:.0f}–{width - margin:.0f} pt")
    for problem in problems:
        print(f"check-margins: {problem}", file=sys.stderr)
    if problems:
        print(f"check-margins: {len(problems)} words outside the margins of {pdf}",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
