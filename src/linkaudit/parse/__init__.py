"""The parse stage: spaCy's ``en_core_web_sm`` 3.8.0, pinned and verified by hash.

Only this package imports spaCy, lazily: ``linkaudit --help`` and the link checker never pay
for it. The extractor reads the parse through the small typed records of ``tokens.py``, so the
parser can be swapped or faked in tests (``tokens.ParseLike``).
"""

from __future__ import annotations

from linkaudit.parse.model_files import MODEL_NAME, MODEL_VERSION, ModelFiles, locate_model
from linkaudit.parse.pipeline import DeferredParser, Parser, get_parser
from linkaudit.parse.tokens import ParsedSentence, ParseLike, Tok

__all__ = [
    "MODEL_NAME",
    "MODEL_VERSION",
    "DeferredParser",
    "ModelFiles",
    "ParseLike",
    "ParsedSentence",
    "Parser",
    "Tok",
    "get_parser",
    "locate_model",
]
