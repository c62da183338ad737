"""Antecedents: whom "he", "she", "they" and "it" refer to.

The extractor tells this state who spoke, who was named and which unnamed group a sentence
talked about; ``pronoun`` then picks the referent: the recent speaker (a speaker stays the topic
across a quote), else the last person named, skipping people whose gender the pronoun rules out;
"they" right after a sentence about an unnamed group is that group; "he" right after an unnamed
spokesperson of a body is the body.
"""

from __future__ import annotations

import re
from dataclasses import replace

from linkaudit.extract.gender import Gender, from_name, from_title, pronoun_gender
from linkaudit.model import Mention

RECENT_SENTENCES = 6
GROUP_RE = re.compile(
    r"\b(?P<np>(?:(?!the\b|of\b|and\b)[a-z-]+\s+)?(?P<noun>experts|analysts|researchers|"
    r"scientists|economists|officials|critics|activists|residents|lawmakers|doctors))\b"
)


class Antecedents:
    """Who was last named, last spoke, and the genders the text showed."""

    def __init__(self) -> None:
        self.last_person: Mention | None = None  # the last person who spoke
        self.last_person_at = -99  # sentence number where they spoke
        self.last_named: Mention | None = None  # the last person merely named
        self.last_speaker: Mention | None = None
        self.sentence_no = 0
        self.genders: dict[str, Gender] = {}  # learned from pronouns that refer back
        self.recent: list[Mention] = []  # persons named or speaking, most recent last
        # an unnamed group the sentence before talked about: "they said" next is that group
        self.last_group: Mention | None = None
        self.last_group_at = -99
        # the body whose unnamed spokesperson spoke last: a following "he said" is that body
        self.spokesbody: Mention | None = None
        self.spokesbody_at = -99
        # the last company or organisation that spoke: "the company said" next is that body
        self.last_body: Mention | None = None

    def note(self, person: Mention) -> None:
        """Remember that ``person`` was just named (the antecedent search walks these back)."""
        self.recent = [p for p in self.recent if p.name != person.name][-11:]
        self.recent.append(person)

    def note_group(self, text: str, base: int) -> None:
        """Remember an unnamed group a sentence without a cue talks about ("left some of the
        state’s energy experts bewildered"), the referent of a "they said" right after it."""
        m = GROUP_RE.search(text)
        if m is not None:
            np = m.group("np")
            start = base + m.start("np")
            noun = m.group("noun").lower()
            self.last_group = Mention(np, "anonymous", start, start + len(np), noun, None, True)
            self.last_group_at = self.sentence_no

    def gender(self, m: Mention) -> Gender | None:
        return self.genders.get(m.name) or from_title(m.role) or from_name(m.name)

    def learn_gender(self, m: Mention, gender: Gender | None) -> None:
        """Record a gender the text shows for ``m``; titles and first names are not overridden."""
        if gender is not None and self.gender(m) is None:
            self.genders[m.name] = gender

    def _compatible(self, m: Mention | None, gender: Gender | None) -> bool:
        if m is None or gender is None:
            return m is not None
        known = self.gender(m)
        return known is None or known == gender

    # ------------------------------------------------------------ building blocks

    def pronoun(self, word: str) -> Mention | None:
        """He/she: the person who spoke in the last few sentences, else the last one named
        (a speaker stays the topic across a quote, a passing mention does not displace them)."""
        target = self.last_speaker
        group_recent = self.sentence_no - self.last_group_at <= 1
        if word.lower() == "they" and self.last_group is not None and group_recent:
            return replace(self.last_group, start=-1, end=-1)
        if target is not None and target.kind in ("person", "official", "academic"):
            target = None  # "they", "it": a group, an outlet or a body, not one named person
        if target is not None and word.lower() == "it" and target.kind == "anonymous":
            target = None
        if word.lower() in ("he", "she"):
            recent = self.sentence_no - self.last_person_at <= RECENT_SENTENCES
            target = self.last_person if recent else (self.last_named or self.last_person)
            spokes = self.sentence_no - self.spokesbody_at <= 2
            if self.spokesbody is not None and spokes and self.spokesbody_at > self.last_person_at:
                return replace(self.spokesbody, start=-1, end=-1)
            gender = pronoun_gender(word)
            if not self._compatible(target, gender):
                # "she said" right after a man spoke: the nearest woman (or unknown) named
                # before is meant; with none, keep the topic rather than drop the claim
                target = next(
                    (p for p in reversed(self.recent) if self._compatible(p, gender)), target
                )
            if target is not None:
                self.learn_gender(target, gender)
        if target is None:
            return None
        return replace(target, start=-1, end=-1)
