"""Glossary terms from CSV: parse and validate every row before anything is stored.

Plain Python: no database. Columns (first row): name, short_definition (required), slug,
variants, exact_variants, auto_link. Several variants go in one cell, one per line or
separated by " | ". This is the format the admin's CSV export writes.
"""

import csv
import io

from django.utils.text import slugify

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "TermRow", "parse_terms_csv"]

COLUMNS = ["name", "slug", "variants", "exact_variants", "short_definition", "auto_link"]
REQUIRED_COLUMNS = ["name", "short_definition"]
TRUE = {"1", "true", "yes", "y", "ja", "x", ""}
FALSE = {"0", "false", "no", "n", "nein"}
MAX_BYTES = 5 * 1024 * 1024
MAX_NAME = 120
MAX_DEFINITION = 300


class TermRow(dict):
    """One validated term: name, slug, variants, exact_variants, short_definition, auto_link,
    and the row of the file it came from."""


def _variants(cell):
    parts = cell.replace(" | ", "\n").replace("|", "\n").splitlines()
    return "\n".join(part.strip() for part in parts if part.strip())


def parse_terms_csv(data):
    """(rows, errors) from the bytes of a CSV file; rows is empty whenever errors is not."""
    if len(data) > MAX_BYTES:
        return [], [f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB."]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [], [
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). "
            "Save it as “CSV UTF-8” and try again."
        ]
    if "\x00" in text:
        return [], ["The file contains NUL characters; save it again as “CSV UTF-8”."]
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    # strict: an unclosed quote is an error, not a cell that swallows the following rows.
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    except csv.Error as error:
        return [], [f"The first row is not valid CSV: {error}."]
    duplicated = sorted({column for column in header if column and header.count(column) > 1})
    if duplicated:
        return [], ["Column(s) named twice: " + ", ".join(duplicated) + "."]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        return [], [
            "Missing column(s): " + ", ".join(missing) + ". The first row must name the "
            "columns: " + ", ".join(COLUMNS) + "."
        ]
    unknown = [column for column in header if column and column not in COLUMNS]
    if unknown:
        return [], ["Unknown column(s): " + ", ".join(unknown) + "."]
    reader.fieldnames = header

    rows, errors = [], []
    seen_names, seen_slugs = {}, {}
    try:
        # line_num counts physical lines, so messages match the spreadsheet's row numbers.
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as error:
        return [], [f"The file is not valid CSV (near line {reader.line_num}): {error}."]
    for number, record in records:
        if None in record:
            errors.append(f"Row {number}: more cells than columns.")
            continue
        cell = {key: (value or "").strip() for key, value in record.items()}
        if not any(cell.values()):
            continue
        name = " ".join(cell.get("name", "").split())
        definition = cell.get("short_definition", "")
        slug = slugify(cell.get("slug") or name)
        problems = []
        if not name:
            problems.append("the name is empty")
        elif len(name) > MAX_NAME:
            problems.append(f"the name is longer than {MAX_NAME} characters")
        if not definition:
            problems.append("the short definition is empty")
        elif len(definition) > MAX_DEFINITION:
            problems.append(f"the short definition is longer than {MAX_DEFINITION} characters")
        if name and not slug:
            problems.append("no web address (slug) can be made from the name")
        auto_link = cell.get("auto_link", "").lower()
        if auto_link not in TRUE | FALSE:
            problems.append(f"auto_link must be yes or no, not “{cell['auto_link']}”")
        folded = name.casefold()
        if folded and folded in seen_names:
            problems.append(f"the name “{name}” already appears in row {seen_names[folded]}")
        if slug and slug in seen_slugs:
            problems.append(f"the slug “{slug}” already appears in row {seen_slugs[slug]}")
        if problems:
            errors.append(f"Row {number}: " + "; ".join(problems) + ".")
            continue
        seen_names[folded] = number
        seen_slugs[slug] = number
        rows.append(
            TermRow(
                row=number,
                name=name,
                slug=slug,
                variants=_variants(cell.get("variants", "")),
                exact_variants=_variants(cell.get("exact_variants", "")),
                short_definition=definition,
                auto_link=auto_link not in FALSE,
            )
        )
    if not rows and not errors:
        errors.append("The file has no terms in it.")
    return ([], errors) if errors else (rows, [])
