"""Plain text and Markdown -> block drafts (line-based block parser + markdown-it inlines).

Plain text is read with the same grammar: an article pasted from a web page carries
Markdown-style links, and one reader keeps offsets consistent for both formats.

Blocks stay line-based here rather than markdown-it's block parser: plain text is no strict
CommonMark (an indented paragraph of a pasted article is prose, not a code block), and the
chrome pass reads the hints this parser leaves (``hr-before``, ``strong-only``). Inside each
block markdown-it reads the inlines (inline.py).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from linkaudit.load.assemble import BlockDraft
from linkaudit.load.inline import References, add_reference, render_inline

_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT_EQ = re.compile(r"^ {0,3}=+[ \t]*$")
_SETEXT_DASH = re.compile(r"^ {0,3}-+[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\S)")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_REF_DEF = re.compile(
    r"^ {0,3}\[((?:[^\]\\]|\\.){1,999})\]:[ \t]*(<[^>\n]*>|\S+)"
    r"""(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$"""
)
_MAX_FRONT_LINES = 200
# front matter keys: a string, or a list of strings (authors, tags)
FrontMatter = dict[str, "str | list[str]"]
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w\-]*)\s*:\s*(.*)$")


@dataclass(slots=True)
class _Raw:
    """A block's source lines before inline parsing: (content, 1-based line)."""

    kind: str
    lines: list[tuple[str, int]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


@dataclass(slots=True)
class ParsedText:
    drafts: list[BlockDraft]
    front_matter: FrontMatter


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them (only CR, LF, CRLF end a line)."""
    return _LINE_SPLIT.split(text)


def _front_matter(lines: list[str]) -> tuple[FrontMatter, int]:
    """``---`` front matter read by a YAML parser: (its top-level keys, lines it spans).

    Lists stay lists (``author: [A. B., C. D.]`` is two authors) and dates become ISO
    strings; front matter YAML cannot read falls back to simple ``key: value`` lines.
    """
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for k in range(1, min(len(lines), _MAX_FRONT_LINES)):
        if lines[k].strip() in ("---", "..."):
            break
    else:
        return {}, 0
    found = _yaml_mapping("\n".join(lines[1:k]))
    if found is None:
        found = _simple_pairs(lines[1:k])
    return (found, k + 1) if found else ({}, 0)


def _scalar(value: object) -> str | None:
    if isinstance(value, datetime.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return None
    text = " ".join(str(value).split())
    return text or None


def _yaml_mapping(source: str) -> FrontMatter | None:
    import yaml  # here: most documents have no front matter, and PyYAML is ~1 MB resident

    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    found: FrontMatter = {}
    for key, value in data.items():
        if not isinstance(key, str):
            continue
        if isinstance(value, list):
            items = [s for s in (_scalar(v) for v in value[:50]) if s]
            if items:
                found[key.lower()] = items
        else:
            text = _scalar(value)
            if text:
                found[key.lower()] = text
    return found


def _simple_pairs(lines: list[str]) -> FrontMatter:
    found: FrontMatter = {}
    for line in lines:
        m = _FRONT_KEY.match(line)
        if m is not None:
            found[m.group(1).lower()] = m.group(2).strip().strip("\"'")
        elif line.strip() and not line.startswith((" ", "\t", "-")):
            return {}
    return found


def _blocks(lines: list[str], first: int) -> tuple[list[_Raw], References]:
    raws: list[_Raw] = []
    refs: References = {}
    cur: _Raw | None = None
    fence: str | None = None
    hr_before = False

    def close() -> None:
        nonlocal cur, hr_before
        if cur is not None:
            if hr_before:
                cur.flags.add("hr-before")
                hr_before = False
            raws.append(cur)
            cur = None

    for index in range(first, len(lines)):
        line = lines[index]
        number = index + 1
        if fence is not None:
            if line.lstrip(" ").startswith(fence) and not line.strip(" \t`~"):
                fence = None
                close()
            elif cur is not None and line.strip():
                cur.lines.append((line.rstrip(), number))
            continue
        stripped = line.strip()
        if not stripped:
            close()
            continue
        m = _FENCE.match(line)
        # a backtick fence's info string may not hold a backtick (CommonMark): "``` x ``" is text
        if m is not None and not (m.group(1)[0] == "`" and "`" in line[m.end() :]):
            close()
            fence = m.group(1)
            cur = _Raw("pre")
            continue
        if (
            cur is not None
            and cur.kind == "p"
            and (_SETEXT_EQ.match(line) or _SETEXT_DASH.match(line))
        ):
            cur.kind = "heading"
            close()
            continue
        if _HR.match(line):
            close()
            hr_before = True
            continue
        m = _ATX.match(line)
        if m is not None:
            close()
            cur = _Raw("heading", [(m.group(2) or "", number)])
            close()
            continue
        if cur is None or cur.kind != "p":
            ref = _REF_DEF.match(line)
            if ref is not None:
                close()
                dest = ref.group(2)
                if dest.startswith("<") and dest.endswith(">"):
                    dest = dest[1:-1]
                add_reference(refs, ref.group(1), dest)
                continue
        m = _LIST.match(line)
        if m is not None:
            close()
            cur = _Raw("li", [(line[m.end() :].strip(), number)])
            continue
        m = _QUOTE.match(line)
        if m is not None:
            if cur is None or cur.kind != "quote":
                close()
                cur = _Raw("quote")
            content = line[m.end() :].strip()
            if content:
                cur.lines.append((content, number))
            else:
                close()
            continue
        if cur is None or cur.kind == "pre":
            close()
            cur = _Raw("p")
        cur.lines.append((stripped, number))
    close()
    return raws, refs


def _hard_break_free(content: str) -> str:
    # a trailing backslash is a Markdown hard line break; the newline already says it
    if content.endswith("\\") and not content.endswith("\\\\"):
        return content[:-1].rstrip()
    return content


_STRONG_ONLY = re.compile(r"\A(\*\*|__)(?=\S)(?:(?!\1).)+?(?<=\S)\1\Z", re.DOTALL)
_EM_ONLY = re.compile(r"\A([*_])(?=[^\s*_])(?:(?!\1).)+?(?<=[^\s*_])\1\Z", re.DOTALL)


_TITLE_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "vs",
        "via",
        "is",
        "it",
        "its",
        "be",
    ]
)


def _is_title_line(raw: _Raw, text: str) -> bool:
    """One short line whose words are capitalised as in a headline ("Wash Post Fact-Check: If
    Obama Says It, It's True."): a headline, never a claim and never a source of names."""
    words = [w.strip("‘’“”\"'(),.:;!?–—-") for w in text.split()]
    words = [w for w in words if w and w[0].isalpha()]
    if len(raw.lines) != 1 or not 3 <= len(words) <= 30:
        return False
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    capital = sum(1 for w in content if w[0].isupper())
    return len(content) >= 3 and capital >= 0.8 * len(content)


def _is_headline(raws: list[_Raw], text: str) -> bool:
    """The first line of a plain-text article is its headline when it is in title case, or when
    it stands alone, short, before a longer paragraph ("Clinton calls on U.S. to lead fight
    against Islamic State." and then the story): a headline is never a claim."""
    first = raws[0]
    if _is_title_line(first, text):
        return True
    words = len(text.split())
    if len(first.lines) != 1 or not 3 <= words <= 30 or len(raws) < 3:
        return False
    nxt = next((r for r in raws[1:] if r.kind == "p" and r.lines), None)
    return nxt is not None and sum(len(c.split()) for c, _ in nxt.lines) > words


def parse_text(text: str) -> ParsedText:
    """Block drafts (role still "body") and front matter of a plain-text/Markdown document."""
    lines = split_lines(text)
    front, skip = _front_matter(lines)
    raws, refs = _blocks(lines, skip)
    drafts: list[BlockDraft] = []
    for raw in raws:
        if not raw.lines:
            continue
        if raw.kind == "pre":
            src = "\n".join(content for content, _ in raw.lines)
            positions = []
            pos = 0
            for content, number in raw.lines:
                positions.append((pos, number))
                pos += len(content) + 1
            draft = BlockDraft(src.strip("\n"), "pre", lines=positions)
            drafts.append(draft)
            continue
        contents = [_hard_break_free(c) for c, _ in raw.lines]
        src = "\n".join(contents)
        line_of: list[tuple[int, int]] = []
        pos = 0
        for content, (_, number) in zip(contents, raw.lines, strict=True):
            line_of.append((pos, number))
            pos += len(content) + 1
        result = render_inline(src, line_of, refs)
        flags = set(raw.flags)
        if _STRONG_ONLY.match(src):
            flags.add("strong-only")
        elif _EM_ONLY.match(src):
            flags.add("em-only")
        if src.lstrip().startswith("!["):
            flags.add("image")
        kind = raw.kind
        if kind == "p" and "strong-only" in flags and len(result.text.split()) <= 80:
            kind = "caption"
        if kind == "p" and not drafts and len(raws) > 1 and _is_headline(raws, result.text):
            kind = "heading"  # a plain-text article's first line: its headline
        drafts.append(
            BlockDraft(result.text, kind, links=result.links, lines=result.lines, flags=flags)
        )
    return ParsedText(drafts, front)
