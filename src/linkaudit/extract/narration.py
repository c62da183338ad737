"""What narration (a sentence without a cue) teaches about who a later pronoun means."""

from __future__ import annotations

import re

from linkaudit.extract.gender import Gender, pronoun_gender
from linkaudit.extract.mentions import Mentions
from linkaudit.extract.people import Tok, runs, tokens
from linkaudit.model import Mention, Sentence

_WHO_FOLLOWS = re.compile(r"\s*[,—–-]\s*who\b")


def learn_from_narration(ctx: Mentions, sent: Sentence, masked: str) -> None:
    """Learn from a sentence without a cue: the unnamed group it talks about, the people it
    names (a person named is still the antecedent of a later "he"), and its subject."""
    ctx.note_group(masked, sent.start)
    toks = tokens(masked, sent.start)
    named: list[tuple[list[Tok], Mention]] = []
    for run in runs(toks):
        if ctx.hit_index.any_overlapping(run[0].start, run[0].start + 1):
            continue
        person = ctx.person(run, toks, toks.index(run[0]))
        # a lone name is taken for a person only when the text says so: "Tommy — who …"
        unresolved = (
            person is not None
            and " " not in person.name
            and not _WHO_FOLLOWS.match(masked, run[-1].end - sent.start)
        )
        if person is None or person.kind == "government" or unresolved:
            continue
        named.append((run, person))
        if not run[-1].text.endswith(("’s", "'s")):
            # "Joe Biden’s administration": not who a later "he" is
            ctx.last_named = person
            ctx.note(person)
    if len(named) > 1:
        # several people: the one opening the sentence is its subject ("Cox met Obama"); with
        # none there ("Meadows' plans … that Wayne King …") there is no telling
        named = [(r, p) for r, p in named[:1] if _opens_clause(toks, r) and not _possessive(r)]
    if not named:
        return
    run, person = named[0]
    end = run[-1].end - sent.start
    gender = gender_after(masked, end)
    ctx.learn_gender(person, gender)
    subject = _opens_clause(toks, run) and not _possessive(run)
    if subject or gender is not None:
        # the subject of a narrative sentence ("During an interview, Skaik paused";
        # "In Hajjaj’s case, she decided") is who the next "he"/"she" means
        ctx.last_person = person
        ctx.last_person_at = ctx.sentence_no
        ctx.note(person)


def _opens_clause(toks: list[Tok], run: list[Tok]) -> bool:
    """At the sentence's start or after a fronted phrase's comma: where its subject stands."""
    i = toks.index(run[0])
    return i == 0 or toks[i - 1].text == ","


def _possessive(run: list[Tok]) -> bool:
    return run[-1].text.endswith(("’s", "'s", "’", "'"))


def gender_after(masked: str, end: int) -> Gender | None:
    """The gender of a he/she/his/her within a few words after a name ("said he was")."""
    m = re.match(r"^(?:[\s,]+[\w’'-]+){0,4}?[\s,]+(he|she|his|her|him)\b", masked[end:])
    return pronoun_gender(m.group(1)) if m else None
