"""Quote check: quoted words found on a page after folding."""

from __future__ import annotations

from linkaudit.archive import html_to_text, quote_found

PAGE = """<html><head><title>Vaddi at CSIS</title><style>p{color:red}</style>
<script>var q = "never shown";</script></head><body>
<p>“What we’re seeing between Russia and North Korea is an unprecedented level of
cooperation in the military sphere,” he said. “And I say ‘unprecedented’ very
deliberately—we have never seen this before.”</p>
<p>Moscow says it will develop ties with whatever countries it wants, and Russia has gone
out of its way to publicise the renaissance of its relationship.</p></body></html>"""


def test_quote_with_different_quote_marks_case_and_spacing_is_found() -> None:
    """Curly vs straight quotes, case, line breaks and dash spacing do not hide a quote."""
    text = html_to_text(PAGE)
    quote = 'And I say "unprecedented" very deliberately — We have never seen this before.'
    assert quote_found(quote, text)
    assert quote_found("what we're seeing between RUSSIA and North Korea", text)


def test_quote_with_ellipsis_matches_its_parts_in_order() -> None:
    """An elided quote is found when each part is on the page, in the same order."""
    text = html_to_text(PAGE)
    assert quote_found(
        "Moscow says it will develop ties with whatever countries it wants... "
        "Russia has gone out of its way",
        text,
    )
    assert not quote_found("Russia has gone out of its way… Moscow says it will develop ties", text)


def test_altered_or_absent_quote_is_not_found() -> None:
    """A changed word, script-only text or an empty quote gives False."""
    text = html_to_text(PAGE)
    assert not quote_found("an unprecedented level of cooperation in the nuclear sphere", text)
    assert not quote_found("never shown", text)
    assert not quote_found("...", text)
    assert not quote_found("", text)


def test_html_to_text_drops_scripts_and_styles() -> None:
    """Visible text survives html_to_text; script and style bodies do not."""
    text = html_to_text(PAGE)
    assert "renaissance of its relationship" in text
    assert "var q" not in text
    assert "color:red" not in text
