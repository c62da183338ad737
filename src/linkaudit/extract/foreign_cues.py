"""The cue lexicons of the languages read without a parser (data/foreign_cues.toml)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class ForeignCues:
    """One language's cue words, lower-case, as written (see the data file's header)."""

    code: str
    name: str
    speech: tuple[str, ...]
    inverted: frozenset[str]
    pronominal: frozenset[str]
    belief: frozenset[str]
    according: tuple[str, ...]
    according_after: tuple[str, ...]
    reportedly: tuple[str, ...]
    pronouns: frozenset[str]
    groups: frozenset[str]
    titles: frozenset[str]
    bodies: frozenset[str]
    skip: frozenset[str]
    connectors: frozenset[str]
    nouns_capitalised: bool = False
    # Korean only (eojeol stems and endings); empty elsewhere
    quoting: tuple[str, ...] = ()
    quoting_alone: tuple[str, ...] = ()
    say_after_quoting: tuple[str, ...] = ()
    group_stances: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    also: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    content_endings: tuple[str, ...] = ()


def _longest_first(words: list[str]) -> tuple[str, ...]:
    # alternatives are tried longest first, so "a déclaré" wins over "déclaré"
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _one(code: str, d: dict[str, Any]) -> ForeignCues:
    def words(key: str) -> list[str]:
        return [w.lower() for w in d.get(key, [])]

    return ForeignCues(
        code=code,
        name=d["name"],
        speech=_longest_first(words("speech") + words("inverted") + words("pronominal")),
        inverted=frozenset(words("inverted")),
        pronominal=frozenset(words("pronominal")),
        belief=frozenset(words("belief")),
        according=_longest_first(words("according")),
        according_after=_longest_first(words("according_after")),
        reportedly=_longest_first(words("reportedly")),
        pronouns=frozenset(words("pronouns")),
        groups=frozenset(words("groups")),
        titles=frozenset(words("titles")),
        bodies=frozenset(words("bodies")),
        skip=frozenset(words("skip")),
        connectors=frozenset(words("connectors")),
        nouns_capitalised=bool(d.get("nouns_capitalised", False)),
        quoting=_longest_first(words("quoting")),
        quoting_alone=_longest_first(words("quoting_alone")),
        say_after_quoting=_longest_first(words("say_after_quoting")),
        group_stances=_longest_first(words("group_stances")),
        particles=_longest_first(words("particles")),
        also=frozenset(words("also")),
        not_names=frozenset(words("not_names")),
        content_endings=_longest_first(words("content_endings")),
    )


@functools.cache
def _data() -> dict[str, Any]:
    raw = resources.files("linkaudit.extract").joinpath("data/foreign_cues.toml").read_text("utf-8")
    return tomllib.loads(raw)


@functools.cache
def foreign_cues(code: str) -> ForeignCues | None:
    """The lexicon of language ``code`` (ISO 639-1), or None when there is none."""
    d = _data().get(code)
    if code == "detect" or not isinstance(d, dict):
        return None
    return _one(code, d)


@functools.cache
def stop_words() -> dict[str, frozenset[str]]:
    """The function words that tell Latin-script languages apart, by language code."""
    return {code: frozenset(text.split()) for code, text in _data()["detect"].items()}
