"""Plain-text helpers for posts: no database, no templates."""

import re

__all__ = ["WORDS_PER_MINUTE", "reading_time_minutes"]

WORDS_PER_MINUTE = 200
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def reading_time_minutes(*texts, words_per_minute=WORDS_PER_MINUTE):
    """Minutes needed to read the texts at an average pace, rounded, at least one."""
    words = sum(len(WORD.findall(text)) for text in texts)
    return max(1, round(words / words_per_minute))
