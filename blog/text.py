"""Plain-text helpers for posts: no database, no templates."""

import re
from html import unescape

__all__ = ["plain_text_of_stream", "reading_time_minutes", "WORDS_PER_MINUTE"]

WORDS_PER_MINUTE = 200
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def plain_text_of_stream(raw_blocks):
    """The readable text of a StreamField's raw data (rich text stripped of markup)."""
    parts = []

    def collect(value):
        if isinstance(value, str):
            parts.append(unescape(TAG.sub(" ", value)))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in {"type", "id", "level", "url", "page", "image", "network"}:
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for block in raw_blocks:
        collect(block.get("value"))
    return " ".join(parts)


def reading_time_minutes(*texts, words_per_minute=WORDS_PER_MINUTE):
    """Minutes needed to read the texts at an average pace, rounded, at least one."""
    words = sum(len(WORD.findall(text)) for text in texts)
    return max(1, round(words / words_per_minute))
