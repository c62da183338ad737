"""RFC 7089 TimeMap link-format parsing."""

from __future__ import annotations

from datetime import UTC, datetime

from linkaudit.archive.memento import archive_name, mementos, parse_link_format

TIMEMAP = """<http://a.example.org/page?x=1,2>;rel="original",
<http://arxiv.example.net/timemap/http://a.example.org/page?x=1,2>
  ; rel="self";type="application/link-format"
  ; from="Tue, 20 Jun 2000 18:02:59 GMT"
  ; until="Wed, 09 Apr 2008 20:30:51 GMT",
<http://arxiv.example.net/timegate/http://a.example.org/page?x=1,2>
  ; rel="timegate",
<http://arxiv.example.net/web/20000620180259/http://a.example.org/page?x=1,2>
  ; rel="first memento";datetime="Tue, 20 Jun 2000 18:02:59 GMT"
  ; license="http://creativecommons.org/publicdomain/zero/1.0/",
<http://arxiv.example.net/web/20091027204954/http://a.example.org/page?x=1,2>
   ; rel="last memento";datetime="Tue, 27 Oct 2009 20:49:54 GMT",
<../web/20000621011731/http://a.example.org/page?x=1,2>
  ; rel="memento";datetime="Wed, 21 Jun 2000 01:17:31 GMT"
"""


def test_parser_reads_every_entry_with_commas_inside_uris() -> None:
    """Entries split across lines, with commas inside URIs and dates, parse one by one."""
    entries = parse_link_format(TIMEMAP)
    assert len(entries) == 6
    assert entries[0].uri == "http://a.example.org/page?x=1,2"
    assert entries[0].rels == {"original"}
    assert entries[1].get("until") == "Wed, 09 Apr 2008 20:30:51 GMT"
    assert entries[3].rels == {"first", "memento"}


def test_mementos_carry_datetimes_and_absolute_uris() -> None:
    """Every memento rel (first/last/plain) is listed, relative URIs resolved against the map."""
    base = "http://arxiv.example.net/timemap/x"
    caps = mementos(parse_link_format(TIMEMAP), base)
    assert [c.at for c in caps] == [
        datetime(2000, 6, 20, 18, 2, 59, tzinfo=UTC),
        datetime(2009, 10, 27, 20, 49, 54, tzinfo=UTC),
        datetime(2000, 6, 21, 1, 17, 31, tzinfo=UTC),
    ]
    assert (
        caps[2].url == "http://arxiv.example.net/web/20000621011731/http://a.example.org/page?x=1,2"
    )


def test_bad_entries_are_skipped_not_fatal() -> None:
    """A memento without a valid datetime and trailing junk are ignored."""
    text = (
        '<http://m/1>; rel="memento"; datetime="not a date", garbage, '
        '<http://m/2>; rel=memento; datetime="Sat, 20 Jan 2024 08:15:02 GMT"'
    )
    caps = mementos(parse_link_format(text))
    assert [c.url for c in caps] == ["http://m/2"]
    assert parse_link_format("") == []
    assert parse_link_format("<unterminated") == []


def test_archive_name_names_the_host() -> None:
    """A memento's source is memento:<archive host> without www."""
    assert archive_name("https://www.webcitation.org/6abc") == "memento:webcitation.org"
    assert archive_name("https://archive.ph/2024/x") == "memento:archive.ph"
