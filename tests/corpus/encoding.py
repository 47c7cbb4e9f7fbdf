"""Variants that damage the bytes: byte-order marks, line endings, encodings, NUL bytes,
and files that are not text at all."""

from __future__ import annotations

import codecs
import gzip
import random

from tests.corpus import clean
from tests.corpus.model import Doc, Expected, Rec, refused
from tests.corpus.registry import changed, loads_as, row_text, variant

NOT_TEXT = "not a text file"


# -- byte-order marks -----------------------------------------------------------------------------


@variant("a UTF-8 byte-order mark")
def bom_utf8() -> tuple[bytes, Expected]:
    doc = clean.doc()
    return doc.encode(bom=codecs.BOM_UTF8), doc.expected()


@variant("a UTF-8 byte-order mark and CRLF line ends")
def bom_utf8_crlf() -> tuple[bytes, Expected]:
    doc = clean.doc()
    return doc.encode("\r\n", bom=codecs.BOM_UTF8), doc.expected()


@variant("two UTF-8 byte-order marks (a file saved twice)")
def bom_twice() -> tuple[bytes, Expected]:
    doc = clean.doc()
    return doc.encode(bom=codecs.BOM_UTF8 * 2), doc.expected()


# -- line endings ---------------------------------------------------------------------------------


@variant("CRLF line ends")
def newline_crlf() -> tuple[bytes, Expected]:
    doc = clean.doc()
    return doc.encode("\r\n"), doc.expected()


@variant("CR-only line ends (classic Mac)")
def newline_cr_only() -> tuple[bytes, Expected]:
    doc = clean.doc()
    return doc.encode("\r"), doc.expected()


@variant("no line end after the last row")
def newline_none_at_end() -> tuple[bytes, Expected]:
    doc = clean.doc()
    return doc.encode(final=False), doc.expected()


@variant("CRLF line ends, none after the last row")
def newline_crlf_none_at_end() -> tuple[bytes, Expected]:
    doc = clean.doc()
    return doc.encode("\r\n", final=False), doc.expected()


@variant("CR-only line ends, none after the last row")
def newline_cr_only_none_at_end() -> tuple[bytes, Expected]:
    doc = clean.doc()
    return doc.encode("\r", final=False), doc.expected()


@variant("a CRLF header, LF data (DuckDB alone can return zero rows here)")
def newline_crlf_header_lf_data() -> tuple[bytes, Expected]:
    doc = clean.doc()
    head, rest = doc.text().split("\n", 1)
    return (head + "\r\n" + rest).encode(), doc.expected()


@variant("CRLF and LF alternating row by row")
def newline_alternating() -> tuple[bytes, Expected]:
    doc = clean.doc()
    text = "".join(r.text + ("\r\n" if i % 2 else "\n") for i, r in enumerate(doc.records))
    return text.encode(), doc.expected()


@variant("one row ends with a lone CR in an LF file: it joins the next row, one malformed record")
def newline_lone_cr_between_rows() -> tuple[bytes, Expected]:
    doc = clean.doc()
    joined = doc.records[3].text + "\r" + doc.records[4].text
    recs = (*doc.records[:3], Rec(joined, "reject", "malformed_row"), *doc.records[5:])
    return Doc(recs).encode(), Doc(recs).expected()


@variant("a CR inside a quoted field of an LF file: kept as a space")
def newline_cr_in_quoted_field() -> tuple[bytes, Expected]:
    doc = changed(1, "category", "out\rage", None)
    return doc.encode(), doc.expected(loads_as(doc, "C02", category="out age"))


@variant("CRLF rows with an LF inside a quoted field (a spreadsheet's line break)")
def newline_lf_in_quoted_field_of_crlf_file() -> tuple[bytes, Expected]:
    doc = changed(1, "category", "out\nage", None)
    text = "\r\n".join(r.text for r in doc.records) + "\r\n"
    return text.encode(), doc.expected(loads_as(doc, "C02", category="out\nage"))


# -- encodings ------------------------------------------------------------------------------------


def _category(
    value: str, encoding: str, stored: str = "", newline: str = "\n"
) -> tuple[bytes, Expected]:
    """The clean file with C01's category `value`, encoded; it loads as `stored` (or itself)."""
    doc = changed(0, "category", value, None)
    expected = doc.expected(loads_as(doc, "C01", category=stored or value))
    return doc.encode(newline, encoding=encoding), expected


@variant("Latin-1 text (é, è)")
def encoding_latin1() -> tuple[bytes, Expected]:
    return _category("Café crème", "latin-1")


@variant("Windows-1252 curly quotes and a euro sign (bytes DuckDB's Latin-1 reader refuses)")
def encoding_cp1252_quotes() -> tuple[bytes, Expected]:
    return _category("“late” €", "cp1252")


@variant("Windows-1252 with CR-only line ends")
def encoding_cp1252_cr_only() -> tuple[bytes, Expected]:
    return _category("Café", "cp1252", newline="\r")


@variant("UTF-16 little-endian with a byte-order mark")
def encoding_utf16_le() -> tuple[bytes, Expected]:
    doc = changed(0, "category", "Ünïcode", None)
    return (
        doc.encode("\r\n", encoding="utf-16-le", bom=codecs.BOM_UTF16_LE),
        doc.expected(loads_as(doc, "C01", category="Ünïcode")),
    )


@variant("UTF-16 big-endian with a byte-order mark")
def encoding_utf16_be() -> tuple[bytes, Expected]:
    doc = clean.doc()
    return doc.encode(encoding="utf-16-be", bom=codecs.BOM_UTF16_BE), doc.expected()


@variant("UTF-16 without a byte-order mark")
def encoding_utf16_no_bom() -> tuple[bytes, Expected]:
    return clean.doc().encode(encoding="utf-16-le"), refused("UTF-16")


@variant("UTF-8 with invalid bytes in one row: that row is rejected")
def encoding_invalid_utf8_row() -> tuple[bytes, Expected]:
    doc = changed(0, "category", "Zoë", None)
    bad = row_text(2, lambda r: r).replace(",billing,", ",bill\udcff\udcfeing,")
    doc = doc.put(3, Rec(bad, "reject", "invalid_encoding"))
    data = doc.text().encode("utf-8", errors="surrogateescape")
    return data, doc.expected(loads_as(doc, "C01", category="Zoë"))


@variant("one byte that is not UTF-8 and no multi-byte character: read as Latin-1")
def encoding_lone_high_byte() -> tuple[bytes, Expected]:
    return _category("bill\xffing", "latin-1", stored="billÿing")


@variant("a multi-byte character cut off at the end of the file")
def encoding_truncated_at_end() -> tuple[bytes, Expected]:
    doc = changed(0, "category", "Zoë", None)
    last = doc.records[8].text.replace(",business,chat-3", ",business,chat-\udcc3")
    doc = doc.put(8, Rec(last, "reject", "invalid_encoding"))
    data = doc.text(final=False).encode("utf-8", errors="surrogateescape")
    return data, doc.expected()


@variant("an overlong UTF-8 sequence in one row")
def encoding_overlong() -> tuple[bytes, Expected]:
    doc = changed(0, "category", "Zoë", None)
    bad = row_text(4, lambda r: r).replace(",outage,", ",out\udcc0\udcafage,")
    doc = doc.put(5, Rec(bad, "reject", "invalid_encoding"))
    return doc.text().encode("utf-8", errors="surrogateescape"), doc.expected()


# -- NUL bytes and binary files -------------------------------------------------------------------


@variant("a NUL byte inside a field: the row is rejected")
def nul_in_field() -> tuple[bytes, Expected]:
    bad = row_text(1, lambda r: r).replace(",outage,", ",out\0age,")
    doc = clean.doc().put(2, Rec(bad, "reject", "invalid_encoding"))
    return doc.encode(), doc.expected()


@variant("a line holding only a NUL byte: rejected")
def nul_line() -> tuple[bytes, Expected]:
    doc = clean.doc().insert(4, Rec("\0", "reject", "malformed_row"))
    return doc.encode(), doc.expected()


@variant("random bytes named .csv")
def binary_random() -> tuple[bytes, Expected]:
    data = random.Random(9).randbytes(4096)
    return data, refused(NOT_TEXT)


@variant("a PNG image named .csv")
def binary_png() -> tuple[bytes, Expected]:
    data = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + random.Random(1).randbytes(2000)
    return data, refused(NOT_TEXT)


@variant("an Excel workbook (a ZIP archive) named .csv")
def binary_xlsx() -> tuple[bytes, Expected]:
    data = b"PK\x03\x04\x14\0\x06\0" + random.Random(2).randbytes(2000)
    return data, refused("ZIP archive")


@variant("a gzip-compressed export named .csv")
def binary_gzip() -> tuple[bytes, Expected]:
    return gzip.compress(clean.doc().encode(), mtime=0), refused("gzip")


@variant("an HTML error page saved as .csv")
def text_html_page() -> tuple[bytes, Expected]:
    page = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n</html>\n"
    return page.encode(), refused("no header found")


@variant("JSON saved as .csv")
def text_json_document() -> tuple[bytes, Expected]:
    body = '[{"contact_id": "C01", "channel": "phone"}]\n'
    return body.encode(), refused("no header found")


@variant("a huge line with no line break at all (1 MiB of one character)")
def text_one_huge_line() -> tuple[bytes, Expected]:
    return b"x" * (1 << 20), refused("no header found")
