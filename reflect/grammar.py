"""Counts and articles in English, so titles never read "1 hours" or "a other".

One home for the rule, used wherever Reflect builds a sentence around a number or a label.
"""

from __future__ import annotations

VOWEL_SOUNDS = ("a", "e", "i", "o", "u")
CONSONANT_SOUND_EXCEPTIONS = ("one", "use", "user", "uni", "eu")  # written with a vowel, said with a consonant


def number(count: float) -> str:
    """A count as people write it: whole numbers with thousands commas, others as short decimals."""
    return f"{int(count):,}" if float(count).is_integer() else f"{count:g}"


def plural(count: float, noun: str, nouns: str | None = None) -> str:
    """``count`` and the noun, singular only for exactly one: "1 hour", "1.5 hours", "2 reflections"."""
    return f"{number(count)} {noun if count == 1 else (nouns or noun + 's')}"


def with_article(phrase: str) -> str:
    """The phrase after "a" or "an" as its first sound needs ("an assessment"); "an other" is "another"."""
    word = phrase.lower()
    if word.startswith("other"):
        return "an" + phrase
    vowel = word.startswith(VOWEL_SOUNDS) and not word.startswith(CONSONANT_SOUND_EXCEPTIONS)
    return f"{'an' if vowel else 'a'} {phrase}"
