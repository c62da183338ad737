"""The parse stage: the pinned model is found by path, verified by hash, loaded once."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linkaudit.errors import ModelError
from linkaudit.parse import DeferredParser, Parser, get_parser, locate_model
from linkaudit.parse.model_files import manifest, verify


def test_installed_model_matches_the_shipped_manifest() -> None:
    """The model the package depends on passes the SHA-256 check of all 24 files."""
    files = locate_model()
    assert files.version == "3.8.0"
    assert len(manifest()["files"]) == 24
    assert all((files.path / rel).is_file() for rel in manifest()["files"])


def _copy_model(tmp_path: Path) -> Path:
    src = locate_model().path
    dst = tmp_path / "model"
    shutil.copytree(src, dst)
    return dst


def test_a_changed_model_file_is_a_one_line_error(tmp_path: Path) -> None:
    """One flipped byte in a weight file is refused with a message naming the file."""
    folder = _copy_model(tmp_path)
    weights = folder / "parser" / "model"
    data = bytearray(weights.read_bytes())
    data[100] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError) as exc:
        verify(folder, "test")
    assert "parser/model" in str(exc.value)
    assert "\n" not in str(exc.value)


def test_a_missing_file_or_another_version_is_refused(tmp_path: Path) -> None:
    """A model folder without its NER weights, or of another version, is not used."""
    folder = _copy_model(tmp_path)
    (folder / "ner" / "model").unlink()
    with pytest.raises(ModelError, match="missing"):
        verify(folder, "test")
    folder2 = tmp_path / "other"
    shutil.copytree(locate_model().path, folder2)
    meta = json.loads((folder2 / "meta.json").read_text())
    meta["version"] = "3.7.1"
    (folder2 / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"3\.7\.1"):
        verify(folder2, "test")


def test_cli_reports_a_tampered_model_in_one_line_with_exit_2(tmp_path: Path) -> None:
    """LINKAUDIT_SPACY_MODEL pointing at a tampered copy stops `check` with exit 2, no traceback."""
    folder = _copy_model(tmp_path)
    (folder / "tok2vec" / "model").write_bytes(b"not the weights")
    article = tmp_path / "a.txt"
    article.write_text("The minister said the plan was sound.\n")
    env = {"LINKAUDIT_SPACY_MODEL": str(folder), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "linkaudit", "check", str(article), "--offline", "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert "tok2vec/model" in lines[0]


def test_parser_is_loaded_once_and_runs_no_model_package_code() -> None:
    """get_parser() returns one object per process and never imports the model package."""
    code = (
        "import sys; from linkaudit.parse import get_parser; a = get_parser(); b = get_parser();"
        "print(a is b, any(m.startswith('en_core_web_sm') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["True", "False"]


def test_the_deferred_parser_loads_at_its_first_span() -> None:
    """No spans ask nothing of spaCy; the first span is parsed by the process's one parser."""
    text = "Intro.\nThe Pentagon rejected these accusations on Monday."
    deferred = DeferredParser()
    assert deferred.parse_spans(text, []) == []
    assert not deferred.loaded
    spans = [(7, len(text))]
    assert deferred.parse_spans(text, spans) == get_parser().parse_spans(text, spans)
    assert deferred.loaded


def test_parse_keeps_document_offsets() -> None:
    """Tokens carry offsets into the whole text, so spans map back to Document.text."""
    text = "Intro.\nThe Pentagon rejected these accusations on Monday."
    (ps,) = get_parser().parse_spans(text, [(7, len(text))])
    pentagon = next(t for t in ps.toks if t.text == "Pentagon")
    assert text[pentagon.start : pentagon.end] == "Pentagon"
    assert pentagon.dep == "nsubj"
    assert ps.toks[pentagon.head].lemma == "reject"
    monday = next(t for t in ps.toks if t.text == "Monday")
    assert monday.ent == ""  # NER is off by default (its cost is measured in the Parser)
    (ps2,) = Parser(locate_model(), entities=True).parse_spans(text, [(7, len(text))])
    assert next(t for t in ps2.toks if t.text == "Monday").ent == "DATE"


def test_cli_help_does_not_import_spacy() -> None:
    """`linkaudit --help` stays fast: spaCy is imported only when a document is extracted."""
    code = (
        "import sys; from linkaudit import cli; from linkaudit import audit;"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "False"


def test_parse_without_the_vocab_strings_is_the_same() -> None:
    """Loading the model without strings.json (issue 14: ~16 MB) changes no token of a parse."""
    import spacy

    from linkaudit.parse.pipeline import _tok

    text = (
        "The Kremlin said on Monday that talks would resume, according to TASS. "
        '"We\'re ready," the spokeswoman told Reuters; she hoped Pyongyang\'s officials '
        "weren't bluffing. A 2019 report by the Brookings Institution, blogged about by "
        "@analyst_88, put costs at $4.5bn (about €4bn) — NATO's estimate was higher."
    )
    spans = [(0, 71), (72, 193), (194, len(text))]
    parsed = get_parser().parse_spans(text, spans)
    full = spacy.load(locate_model().path, exclude=["senter", "ner"])  # with every string
    assert len(full.vocab.strings) > 10 * len(get_parser()._nlp.vocab.strings)
    for (a, b), ps in zip(spans, parsed, strict=True):
        assert ps.toks == tuple(_tok(t, a) for t in full(text[a:b]))
