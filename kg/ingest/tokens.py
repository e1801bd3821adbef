"""Words of a Chinese report: jieba's part-of-speech segmentation, as offsets into the text.

jieba ships its own dictionary and tags each word (``v`` verb, ``n`` noun, ``ns`` place name,
``nt`` organisation, ``r`` pronoun …). Its dictionary is Simplified Chinese, and on Traditional
text it splits words it knows (強調 → 強 / 調應), so the text is first mapped character for
character to Simplified with OpenCC's ``t2s`` profile; when that mapping changes the length
(it never has on a report seen so far) the text is segmented as it is. The words are used to
tell a cue that acts from the same characters inside a longer word (保留 in 保留項目) and to
see whether a clause opens with a noun of its own (a subject that is not a holder).
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import opencc


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    flag: str


@lru_cache(maxsize=1)
def _tagger() -> Any:  # jieba.posseg: jieba has no type hints
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC("t2s")


class Words:
    """The words of one text, looked up by offset."""

    def __init__(self, text: str) -> None:
        simplified = _to_simplified().convert(text)
        if len(simplified) != len(text):
            simplified = text
        words: list[Word] = []
        pos = 0
        for pair in _tagger().cut(simplified):
            end = pos + len(pair.word)
            words.append(Word(pos, end, pair.flag))
            pos = end
        self.words = words
        self.starts = [w.start for w in words]
        self.ends = {w.end for w in words}

    def at(self, offset: int) -> Word | None:
        """The word that covers ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.words[i] if 0 <= i < len(self.words) else None

    def is_boundary(self, offset: int) -> bool:
        """Whether a word starts (or the text ends) at ``offset``."""
        i = bisect.bisect_left(self.starts, offset)
        return (i < len(self.starts) and self.starts[i] == offset) or offset in self.ends

    def whole(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is one or more whole words."""
        return self.is_boundary(start) and self.is_boundary(end)

    def within(self, start: int, end: int) -> list[Word]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.words) and self.words[i].start < end:
            out.append(self.words[i])
            i += 1
        return out
