"""Publication dates as written in pages and datelines -> ISO 8601 dates."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_SLASHED = re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:\D|$)")
_MDY = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE)
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b", re.IGNORECASE)

DATE_PATTERN = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+\d{4}\b",
    re.IGNORECASE,
)


def _iso(year: str, month: int | str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(value: str | None) -> str | None:
    """The first calendar date in ``value`` as YYYY-MM-DD, or None."""
    if not value:
        return None
    value = value[:500]
    for pattern in (_ISO, _SLASHED, _COMPACT):
        m = pattern.search(value)
        if m is not None:
            got = _iso(m.group(1), m.group(2), m.group(3))
            if got is not None:
                return got
    m = _MDY.search(value)
    if m is not None:
        got = _iso(m.group(3), _MONTHS[m.group(1).lower()], m.group(2))
        if got is not None:
            return got
    m = _DMY.search(value)
    if m is not None:
        return _iso(m.group(3), _MONTHS[m.group(2).lower()], m.group(1))
    return None
