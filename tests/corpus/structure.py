"""Variants that damage the shape of the file: delimiters, quotes, field counts, header,
blank, preamble and footnote lines, several tables, empty files."""

from __future__ import annotations

from tests.corpus import clean
from tests.corpus.model import BLANK, Doc, Expected, Rec, join, refused, reject, skip
from tests.corpus.registry import changed, loads_as, row_text, variant

NO_HEADER = "no header found"


def _out(doc: Doc, values: dict[str, dict[str, str]] | None = None) -> tuple[bytes, Expected]:
    return doc.encode(), doc.expected(values)


def _edited(row: int, old: str, new: str, reason: str) -> tuple[bytes, Expected]:
    """Data row `row` (0: C01) with `old` replaced by `new` in its text, rejected."""
    text = row_text(row, lambda r: r).replace(old, new)
    assert new in text
    return _out(clean.doc().put(row + 1, Rec(text, "reject", reason)))


# -- delimiters -----------------------------------------------------------------------------------


@variant("fields separated by semicolons")
def delim_semicolon() -> tuple[bytes, Expected]:
    return _out(clean.doc(";"))


@variant("fields separated by tabs")
def delim_tab() -> tuple[bytes, Expected]:
    return _out(clean.doc("\t"))


@variant("fields separated by pipes")
def delim_pipe() -> tuple[bytes, Expected]:
    return _out(clean.doc("|"))


@variant("fields separated by spaces: not a delimiter parity reads, so no header is found")
def delim_space() -> tuple[bytes, Expected]:
    return clean.doc(" ").encode(), refused(NO_HEADER)


@variant("two rows written with semicolons in a comma file: each is one field, rejected")
def delim_mixed_rows() -> tuple[bytes, Expected]:
    doc = clean.doc()
    for row in (2, 4):
        doc = doc.put(row + 1, reject(Rec(row_text(row, list, ";"), "load"), "malformed_row"))
    return _out(doc)


# -- quotes and escapes ---------------------------------------------------------------------------


@variant("every field quoted")
def quote_all() -> tuple[bytes, Expected]:
    doc = clean.doc().map_all(lambda t: ",".join(f'"{v}"' for v in t.split(",")))
    return _out(doc)


@variant("quoted fields holding delimiters, doubled quotes and a line break")
def quote_embedded() -> tuple[bytes, Expected]:
    doc = changed(2, "category", 'billing, "late" fee', None)
    values = clean.with_value(4, "category", "line one\nline two")[4]
    doc = doc.put(5, Rec(join(values), "load", cid="C05"))
    late = row_text(6, lambda r: [*r[:2], "soon", *r[3:]])
    doc = doc.put(7, Rec(late, "reject", "bad_timestamp"))
    expect = {**loads_as(doc, "C03", category='billing, "late" fee')}
    expect.update(loads_as(doc, "C05", category="line one\nline two"))
    return _out(doc, expect)


@variant('quotes escaped with a backslash (\\") instead of doubled: the row is malformed')
def quote_backslash_escape() -> tuple[bytes, Expected]:
    return _edited(3, ",delivery,", ',"say \\"hi\\"",', "malformed_row")


@variant("single quotes used as quote characters: the comma inside splits the field")
def quote_single_quotes() -> tuple[bytes, Expected]:
    return _edited(3, ",delivery,", ",'late, lost',", "malformed_row")


@variant("a stray quote in the middle of an unquoted field is a literal character")
def quote_stray_mid_field() -> tuple[bytes, Expected]:
    doc = changed(3, "category", 'deliv"ery', None)
    text = row_text(3, lambda r: r).replace(",delivery,", ',deliv"ery,')
    doc = doc.put(4, Rec(text, "load", cid="C04"))
    return _out(doc, loads_as(doc, "C04", category='deliv"ery'))


@variant("text after a closing quote in the same field: the row is malformed")
def quote_text_after_close() -> tuple[bytes, Expected]:
    return _edited(3, ",delivery,", ',"deli"very,', "malformed_row")


@variant("the last row opens a quote that never closes: one reject to the end of the file")
def quote_unterminated_last_row() -> tuple[bytes, Expected]:
    return _edited(7, ",outage,", ',"outage,', "unterminated_quote")


@variant("a quote opened in row 4 never closes: rows 4–8 are one record, rejected once")
def quote_unterminated_middle() -> tuple[bytes, Expected]:
    doc = clean.doc()
    first = row_text(3, lambda r: r).replace(",delivery,", ',"delivery,')
    swallowed = "\n".join([first, *(r.text for r in doc.records[5:])])
    recs = (*doc.records[:4], Rec(swallowed, "reject", "unterminated_quote"))
    return _out(Doc(recs))


@variant("a quote opened in row 4 closes at a quote in row 7: one malformed record, rows 4–7")
def quote_closed_rows_later() -> tuple[bytes, Expected]:
    doc = clean.doc()
    first = row_text(3, lambda r: r).replace(",delivery,", ',"delivery,')
    later = row_text(6, lambda r: r).replace(",delivery,", ',"delivery",')
    merged = "\n".join([first, doc.records[5].text, doc.records[6].text, later])
    recs = (*doc.records[:4], Rec(merged, "reject", "malformed_row"), doc.records[8])
    return _out(Doc(recs))


# -- one delimiter more or less -------------------------------------------------------------------


@variant("one row with an extra field")
def fields_extra_one_row() -> tuple[bytes, Expected]:
    return _edited(2, ",mail-2", ",mail-2,surplus", "malformed_row")


@variant("one row missing a field")
def fields_missing_one_row() -> tuple[bytes, Expected]:
    text = row_text(2, lambda r: r[:-1])
    return _out(clean.doc().put(3, Rec(text, "reject", "malformed_row")))


@variant("every row has one field too many: all rejected, none loaded")
def fields_extra_every_row() -> tuple[bytes, Expected]:
    doc = clean.doc().map_rows(lambda r: reject(Rec(r.text + ",x", "load"), "malformed_row"))
    return _out(doc)


@variant("every row has one field too few: all rejected, none loaded")
def fields_missing_every_row() -> tuple[bytes, Expected]:
    doc = clean.doc().map_rows(
        lambda r: reject(Rec(r.text.rsplit(",", 1)[0], "load"), "malformed_row")
    )
    return _out(doc)


@variant("every line, the header included, ends with a delimiter: an unnamed column, ignored")
def fields_trailing_delimiter_everywhere() -> tuple[bytes, Expected]:
    return _out(clean.doc().map_all(lambda t: t + ","))


@variant("rows end with a delimiter the header lacks: DuckDB takes it for a trailing one")
def fields_trailing_delimiter_rows_only() -> tuple[bytes, Expected]:
    return _out(clean.doc().map_rows(lambda r: Rec(r.text + ",", r.fate, r.reason, r.cid)))


# -- the header -----------------------------------------------------------------------------------


@variant("no header line: the data starts at line 1")
def header_missing() -> tuple[bytes, Expected]:
    return Doc(clean.doc().records[1:]).encode(), refused(NO_HEADER)


@variant("header names in other case, with spaces and hyphens")
def header_lenient_names() -> tuple[bytes, Expected]:
    names = [n.replace("_", " ").title() for n in clean.HEADER]
    names[1] = " CHANNEL "
    names[2] = "created-at"
    doc = clean.doc().put(0, Rec(join(names), "header"))
    return _out(doc)


@variant("the header quoted")
def header_quoted() -> tuple[bytes, Expected]:
    doc = clean.doc().put(0, Rec(",".join(f'"{n}"' for n in clean.HEADER), "header"))
    return _out(doc)


@variant("a canonical column appears twice in the header")
def header_duplicate_canonical() -> tuple[bytes, Expected]:
    doc = clean.doc().map_all(lambda t: t + ",x")
    text = join([*clean.HEADER, "Channel"]) + "\n" + doc.text().split("\n", 1)[1]
    return text.encode(), refused("column 'channel' appears twice in the header")


@variant("a column parity does not read appears twice: both ignored, the rows load")
def header_duplicate_ignored() -> tuple[bytes, Expected]:
    doc = clean.doc().map_rows(lambda r: Rec(r.text + ",n1,n2", r.fate, r.reason, r.cid))
    doc = doc.put(0, Rec(join([*clean.HEADER, "notes", "notes"]), "header"))
    return _out(doc)


@variant("the required created_at column is missing")
def header_missing_required() -> tuple[bytes, Expected]:
    drop = clean.COLUMN["created_at"]
    rows = [[v for i, v in enumerate(r) if i != drop] for r in clean.rows()]
    header = [n for i, n in enumerate(clean.HEADER) if i != drop]
    return Doc.of(header, rows).encode(), refused("required column 'created_at' is missing")


# -- empty files ----------------------------------------------------------------------------------


@variant("an empty file (0 bytes)")
def empty_file() -> tuple[bytes, Expected]:
    return b"", refused("the file is empty")


@variant("only blank and whitespace lines")
def empty_whitespace_only() -> tuple[bytes, Expected]:
    return b"\n   \n\t\n\n", refused("the file is empty")


@variant("a header and nothing else")
def empty_header_only() -> tuple[bytes, Expected]:
    return Doc(clean.doc().records[:1]).encode(), refused("no data rows")


@variant("a header followed by blank lines only")
def empty_header_then_blank_lines() -> tuple[bytes, Expected]:
    return Doc(clean.doc().records[:1]).encode() + b"\n\n\n", refused("no data rows")


# -- blank and delimiter-only lines ---------------------------------------------------------------


@variant("blank lines between rows and at the end: skipped and counted")
def blank_lines() -> tuple[bytes, Expected]:
    doc = clean.doc().insert(3, BLANK).insert(7, BLANK, BLANK).append(BLANK)
    return _out(doc)


@variant("lines of only delimiters (a spreadsheet's empty rows): rejected, contact_id missing")
def blank_delimiter_only_lines() -> tuple[bytes, Expected]:
    empty = "," * (len(clean.HEADER) - 1)
    doc = clean.doc().insert(3, Rec(empty, "reject", "missing_value"))
    doc = doc.append(Rec(empty, "reject", "missing_value"), Rec(empty, "reject", "missing_value"))
    return _out(doc)


@variant("a line of spaces: one field, rejected as malformed (only an empty line is blank)")
def blank_whitespace_line() -> tuple[bytes, Expected]:
    return _out(clean.doc().insert(3, Rec("   ", "reject", "malformed_row")))


@variant("a line of two delimiters: too few fields, rejected")
def blank_short_delimiter_line() -> tuple[bytes, Expected]:
    return _out(clean.doc().insert(5, Rec(",,", "reject", "malformed_row")))


# -- preamble and footnotes -----------------------------------------------------------------------


@variant("two title lines before the header: a preamble, skipped")
def preamble_title_lines() -> tuple[bytes, Expected]:
    doc = clean.doc().insert(0, skip("Contact export", "preamble"))
    doc = doc.insert(1, skip("Generated 2026-03-03 by Helpdesk", "preamble"))
    return _out(doc)


@variant("a preamble with delimiters and a blank line before the header")
def preamble_with_delimiters() -> tuple[bytes, Expected]:
    doc = clean.doc().insert(0, skip("Report,March 2026,all channels", "preamble"))
    doc = doc.insert(1, skip("", "preamble"))
    return _out(doc)


@variant("Excel's sep=, line before the header")
def preamble_excel_sep_line() -> tuple[bytes, Expected]:
    return _out(clean.doc().insert(0, skip("sep=,", "preamble")))


@variant("footnote lines after the data: skipped as a footer")
def footer_notes() -> tuple[bytes, Expected]:
    doc = clean.doc().append(
        skip("Total: 8 contacts", "footer"), skip("Exported by Zendesk", "footer")
    )
    return _out(doc)


@variant("a blank line, then a footnote")
def footer_after_blank_line() -> tuple[bytes, Expected]:
    return _out(clean.doc().append(BLANK, skip("(c) 2026 Example Ltd", "footer")))


@variant("a note line in the middle of the data: rejected, not a footer")
def footer_note_in_the_middle() -> tuple[bytes, Expected]:
    return _out(clean.doc().insert(4, Rec("Page 2", "reject", "malformed_row")))


@variant("a footnote with a delimiter in it: a malformed row, rejected")
def footer_note_with_delimiter() -> tuple[bytes, Expected]:
    return _out(clean.doc().append(Rec("Total,8", "reject", "malformed_row")))


@variant("a preamble and a footer around the data")
def preamble_and_footer() -> tuple[bytes, Expected]:
    doc = clean.doc().insert(0, skip("Weekly export", "preamble"))
    return _out(doc.append(BLANK, skip("end of report", "footer")))


# -- more than one table --------------------------------------------------------------------------


@variant("two exports concatenated: the header appears again at line 6")
def tables_repeated_header() -> tuple[bytes, Expected]:
    doc = clean.doc().insert(5, clean.doc().records[0])
    return doc.text().encode(), refused(":6: a second header")


@variant("a second, narrower export appended after a blank line")
def tables_second_export() -> tuple[bytes, Expected]:
    second = Doc.of(
        ["contact_id", "channel", "created_at", "csat"], [["S1", "sms", "2026-03-02", "4"]]
    )
    text = clean.doc().text() + "\n" + second.text()
    return text.encode(), refused(":11: a second header")


@variant("a summary table appended after a blank line: its rows do not fit, rejected")
def tables_summary_appended() -> tuple[bytes, Expected]:
    doc = clean.doc().append(BLANK, Rec("channel,contacts", "reject", "malformed_row"))
    doc = doc.append(
        Rec("phone,2", "reject", "malformed_row"), Rec("email,2", "reject", "malformed_row")
    )
    return _out(doc)
