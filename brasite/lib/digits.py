"""Digits as people type them: only 0–9 count.

`str.isdigit()` also accepts "²" and the digits of other scripts, which `int()` then refuses (a 500) or
reads as a number nobody typed; every check for "only digits" in the portal goes through here.
"""


def is_digits(text) -> bool:
    """The text is one or more of the ASCII digits 0–9 and nothing else."""
    return isinstance(text, str) and text.isascii() and text.isdigit()


def int_or_none(value, *, max_length: int = 18) -> int | None:
    """The value as a non-negative integer when it is plain digits (at most `max_length` of them, so it fits
    a database id); None for anything else."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    return int(text) if is_digits(text) and len(text) <= max_length else None
