"""Grammatical gender of the people a text names, so "he" and "she" find the right antecedent.

A person's gender comes from what the text itself says: an honorific or a gendered title
("Ms", "spokeswoman", "mother"), a common first name, or a pronoun that refers back to them in
the sentence that names them ("Hajjaj and her family", "Abu Hatab said he was able"). Unknown
stays unknown: an unknown person is compatible with either pronoun.
"""

from __future__ import annotations

import re
from typing import Literal

from linkaudit.extract.cues import wordset

Gender = Literal["m", "f"]

FEMALE_WORDS = wordset(
    """
    ms mrs miss madam madame dame lady queen princess duchess countess baroness sister
    spokeswoman congresswoman chairwoman businesswoman councilwoman alderwoman assemblywoman
    policewoman stateswoman anchorwoman sportswoman mother grandmother wife daughter
    granddaughter niece aunt widow girlfriend actress waitress woman girl mom mum"""
)
MALE_WORDS = wordset(
    """
    mr sir lord king prince duke count baron brother father grandfather husband son grandson
    nephew uncle widower boyfriend spokesman congressman chairman businessman councilman
    alderman assemblyman policeman statesman anchorman sportsman actor waiter man boy dad"""
)
# Common given names (English-language news, plus frequent Arabic, Slavic and Spanish ones).
# A short list on purpose: a name missing here falls back to the evidence in the text.
FEMALE_NAMES = wordset(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa margaret
    betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa deborah
    stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela
    nicole samantha katherine emma ruth christine catherine debra rachel carolyn janet virginia
    maria heather diane julie joyce victoria kelly christina joan evelyn lauren judith olivia
    martha cheryl megan andrea hannah jacqueline ann jean alice kathryn gloria teresa doris sara
    janice julia marie madison grace judy theresa beverly denise marilyn amber danielle abigail
    brittany rose diana natalie sophia alexis lori kayla jane hillary nancy kamala ilhan
    alexandria theresa angela ursula christine jacinda nicola priti liz jo claire sue kate
    fatima aisha maryam mariam khadija zainab layla leila noor nour amina salma hana huda
    yasmin yasmine rania dina lina sana olga natalia svetlana tatiana irina elena ekaterina
    maria anastasia yulia valentina carmen ana lucia sofia isabel raquel rosa pilar marta
    beatriz camila gabriela adriana"""
)
MALE_NAMES = wordset(
    """
    james robert john michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle walter ethan jeremy harold
    keith christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan
    joe jordan billy bruce albert willie gabriel logan alan juan wayne roy ralph randy eugene
    vincent russell elijah louis bobby philip johnny bill mike jim tom bob dan dave steve tony
    chris jay pete bernie boris vladimir sergey sergei dmitry dmitri andrey andrei alexei
    alexey ivan nikolai mikhail yuri igor oleg viktor pavel maxim mohammed mohamed muhammad
    ahmed ahmad ali omar hassan hussein mahmoud mustafa mostafa khaled khalid ibrahim youssef
    yusuf abdullah abdul karim tariq walid waleed samir sami bassam hamza carlos luis miguel
    jorge pedro manuel francisco javier antonio rafael emmanuel xi jinping kim"""
) - {"kim"}  # "Kim" is a surname as often as a given name
PRONOUN_GENDER: dict[str, Gender] = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
_PRONOUN_RE = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)


def from_title(text: str | None) -> Gender | None:
    """Gender given by an honorific or a gendered title in ``text`` ("Ms", "spokeswoman")."""
    for w in (text or "").replace("-", " ").split():
        w = w.strip(",.’'").lower()
        if w in FEMALE_WORDS:
            return "f"
        if w in MALE_WORDS:
            return "m"
    return None


def from_name(name: str) -> Gender | None:
    """Gender of a common given name at the start of ``name``; a surname says nothing."""
    words = name.split()
    if len(words) < 2:
        return None
    first = words[0].strip(".,").lower()
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    return None


def pronoun_gender(word: str) -> Gender | None:
    return PRONOUN_GENDER.get(word.lower())


def referring_pronoun(text: str) -> Gender | None:
    """The gender of the pronouns in ``text`` when they all agree ("and her family")."""
    found = {PRONOUN_GENDER[m.group(1).lower()] for m in _PRONOUN_RE.finditer(text)}
    return found.pop() if len(found) == 1 else None
