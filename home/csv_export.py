"""One way to send a CSV: streamed row by row, every cell formula-escaped.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return as a formula, so such a cell gets a leading apostrophe
(shown as text, never run). Option titles, organisation names, members'
details and code cards all come from people, so every CSV goes through here.
"""

import csv
import io

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object that hands back what is written."""

    def write(self, value):
        return value


def csv_lines(rows):
    """Each row as one escaped CSV line."""
    writer = csv.writer(_Echo())
    return (writer.writerow([csv_safe(cell) for cell in row]) for row in rows)


def csv_text(rows):
    """The whole CSV as one string (for small files, e.g. a data: link)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([csv_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def csv_response(rows, filename):
    """A streamed CSV download that no cache or browser keeps."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
