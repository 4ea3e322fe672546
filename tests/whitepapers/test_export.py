"""The spreadsheet-safety rule for exported cells, without a database."""

import datetime

import pytest

from whitepapers.export import neutralise_formula


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "=", "-"],
)
def test_text_that_starts_like_a_formula_gets_a_quote(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["Ada", "", "ada@example.com", "1+1", "a=b", " =1", "'=already quoted"]
)
def test_ordinary_text_is_unchanged(value):
    assert neutralise_formula(value) == value


@pytest.mark.parametrize(
    "value", [None, -2, 3.5, True, datetime.datetime(2024, 5, 6, 10, 0), datetime.date(2024, 5, 6)]
)
def test_values_that_are_not_text_are_unchanged(value):
    assert neutralise_formula(value) is value
