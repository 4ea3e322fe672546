"""What a lead export writes into a cell, safe to open in a spreadsheet.

Plain Python; the leads listing's export calls it for CSV and XLSX alike.
"""

__all__ = ["FORMULA_TRIGGERS", "neutralise_formula"]

# A spreadsheet reads a cell that starts with one of these as a formula (tab and carriage
# return can hide one after them); readers type their own name, company and UTM values.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Return `value`, with a leading `'` if it is text a spreadsheet would run as a formula.

    Numbers, dates and None pass unchanged: only text comes from readers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
