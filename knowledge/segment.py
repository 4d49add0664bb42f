"""Word cutting (jieba) with a dictionary chosen here, the same in every process.

jieba's module-level functions (``jieba.cut``, ``jieba.posseg.cut``) share one global dictionary,
and Rasa's ``JiebaTokenizer`` adds the guides' user dictionary (``bot/jieba/userdict.txt``) to it
when a model is loaded. Code that cut words through the globals therefore cut differently in the
Rasa process, in the action server and in the offline evaluation, depending on whether a model had
been loaded before. Everything outside the NLU pipeline cuts through the tokenizers below instead.

The action code cuts with jieba's own dictionary (``guides=False``): measured on all eval sets
against the guides' dictionary, it answered two more out-of-scope questions of fresh_general
correctly and changed nothing else.

>>> cut("失业保险金申领")
['失业', '保险金', '申领']
>>> cut("失业保险金申领", guides=True)
['失业保险金申领']
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from knowledge.settings import PROJECT_ROOT

if TYPE_CHECKING:
    import jieba
    import jieba.posseg

USERDICT = PROJECT_ROOT / "bot" / "jieba" / "userdict.txt"  # names, aliases and field words (bot/generate)


@lru_cache(maxsize=2)
def tokenizer(guides: bool) -> jieba.Tokenizer:
    """jieba's own dictionary, with the guides' user dictionary added when ``guides`` (and it exists)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    cutter = jieba.Tokenizer()
    cutter.initialize()
    if guides and USERDICT.exists():
        cutter.load_userdict(str(USERDICT))
    return cutter


@lru_cache(maxsize=2)
def tagger(guides: bool = False) -> jieba.posseg.POSTokenizer:
    """The part-of-speech tagger over :func:`tokenizer`. Its word tags are a copy of those jieba's own
    tagger read when ``jieba.posseg`` was imported: reading the dictionary again would add a second
    and a half to the first question an action server answers."""
    import jieba.posseg

    tags = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tags.tokenizer = tokenizer(guides)
    tags.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    return tags


def cut(text: str, guides: bool = False) -> list[str]:
    """The text cut into words (see the module docstring)."""
    return list(tokenizer(guides).cut(text))
