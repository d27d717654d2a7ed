"""A small, valid PDF of plain text, for demo documents (no library needed).

Writes one page per ~45 lines in Helvetica (one of the 14 fonts every PDF
reader has, so nothing is embedded), with a correct cross-reference table so
readers open it without repairing it. Text outside Latin-1 is replaced, since
the standard fonts cannot show it; this is for demo content, not publishing.
"""

import textwrap

LINES_PER_PAGE = 45
WRAP = 85


def _escape(line):
    line = line.encode("latin-1", "replace").decode("latin-1")
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _lines(title, paragraphs):
    lines = [title, ""]
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(paragraph, WRAP) or [""])
        lines.append("")
    return lines


def _page_stream(lines, first):
    ops = ["BT", "/F1 11 Tf", "14 TL", "56 790 Td"]
    for n, line in enumerate(lines):
        if first and n == 0:
            ops += ["/F1 16 Tf", f"({_escape(line)}) Tj", "/F1 11 Tf", "T*"]
        else:
            ops += [f"({_escape(line)}) Tj", "T*"]
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def text_pdf(title, paragraphs):
    """The bytes of an A4 PDF holding ``title`` and the ``paragraphs``."""
    lines = _lines(title, paragraphs)
    chunks = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    # Objects: 1 catalog, 2 pages, 3 font, 4 info, then a page and its content per chunk.
    page_ids = [5 + 2 * i for i in range(len(chunks))]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids ["
        + b" ".join(f"{pid} 0 R".encode() for pid in page_ids)
        + f"] /Count {len(chunks)} >>".encode(),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: f"<< /Title ({_escape(title)}) /Producer (WMHN demo) >>".encode("latin-1"),
    }
    for i, chunk in enumerate(chunks):
        pid = page_ids[i]
        stream = _page_stream(chunk, first=i == 0)
        objects[pid] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {pid + 1} 0 R >>"
        ).encode()
        objects[pid + 1] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += f"{offsets[number]:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {size} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
