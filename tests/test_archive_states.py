"""Archive states as values: found, none, unavailable, skipped; private URLs never leak."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fake_archives import FakeArchives, FakeInThread
from linkaudit.archive import ArchiveEndpoints
from test_archive_cli import run_archive
from test_audit_online import check, site  # noqa: F401 - the loopback site fixture


def _article(tmp_path: Path, site_base: str) -> Path:
    article = tmp_path / "a.md"
    article.write_text(f"# T\n\nThe agency [reported]({site_base}/gone).\n")
    return article


def test_archives_answering_no_copy_is_state_none_and_la009(
    tmp_path: Path,
    site: str,  # noqa: F811
) -> None:
    """When every archive answers "no capture", the link's state is none and LA009 fires."""
    with FakeInThread(FakeArchives()) as served:
        code, report, err = check(_article(tmp_path, site), served.base)
    assert code == 1, err
    link = report["links"][0]
    assert link["archive"]["state"] == "none"
    assert link["archive"]["url"] is None
    rules = {f["rule"] for f in report["findings"]}
    assert "LA009" in rules
    assert "LA015" not in rules


def test_private_link_is_never_sent_to_a_public_archive(
    tmp_path: Path,
    site: str,  # noqa: F811
) -> None:
    """With --allow-private a dead loopback link is checked but not looked up: state skipped."""
    fake = FakeArchives()
    with FakeInThread(fake) as served:
        code, report, err = check(_article(tmp_path, site), served.base, private_archive=False)
    assert code == 1, err
    link = report["links"][0]
    assert link["status"] == "dead"
    assert link["archive"]["state"] == "skipped"
    assert "private" in link["archive"]["detail"]
    assert fake.log == []  # not one request reached the archive
    assert "LA009" not in {f["rule"] for f in report["findings"]}


def _archive_state(base: str, url: str, *args: str) -> tuple[int, str]:
    proc = run_archive(base, "--json", *args, url)
    row = json.loads(proc.stdout.splitlines()[0])
    return proc.returncode, row["state"]


URL = "https://www.reuters.com/world/asia-pacific/kim-unification-2024-01-15/"


@pytest.mark.parametrize(
    ("captures", "down", "url", "expected"),
    [
        ({URL: [("20240116093000", 200)]}, set(), URL, (0, "found")),
        ({}, set(), URL, (1, "none")),
        ({}, set(), "http://127.0.0.1:9/intranet", (4, "skipped")),
        ({}, {"availability", "cdx", "timemap", "timegate"}, URL, (5, "unavailable")),
    ],
)
def test_archive_command_exit_code_per_state(
    captures: dict[str, list[tuple[str, int]]], down: set[str], url: str, expected: tuple[int, str]
) -> None:
    """`linkaudit archive` exits 0/1/4/5 for found/none/skipped/unavailable and prints the state."""
    fake = FakeArchives(captures=captures, down=down)
    with FakeInThread(fake) as served:
        assert _archive_state(served.base, url) == expected
    if expected[1] == "skipped":
        assert fake.log == []


def test_archive_command_saves_no_private_url() -> None:
    """--save of a private URL sends nothing to Save Page Now either."""
    fake = FakeArchives()
    with FakeInThread(fake) as served:
        code, state = _archive_state(served.base, "http://10.1.2.3/memo", "--save")
    assert (code, state) == (4, "skipped")
    assert fake.log == []


def test_only_a_declared_private_archive_may_hear_private_urls() -> None:
    """A loopback endpoint alone does not make an archive private; the variable does."""
    assert not ArchiveEndpoints.from_env({"LINKAUDIT_ARCHIVE_BASE": "http://127.0.0.1:1"}).may_ask(
        "http://192.168.0.4/x"
    )
    private = ArchiveEndpoints.from_env(
        {"LINKAUDIT_ARCHIVE_BASE": "http://127.0.0.1:1", "LINKAUDIT_ARCHIVE_PRIVATE": "1"}
    )
    assert private.may_ask("http://192.168.0.4/x")
    assert ArchiveEndpoints().may_ask("https://example.org/a")
    assert not ArchiveEndpoints().may_ask("http://[::1/broken")
