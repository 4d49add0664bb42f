"""Masking of personal numbers citizens type: 身份证号 and phone numbers.

Used before anything a user wrote is logged, recorded for the bureau or stored (also in Rasa's
conversation store, ``bot.tracker_store``). Full-width digits count as digits; mobile numbers may
be typed with spaces or dashes (138 1234 5678). The 12-digit 事项编码 (002014008001…) and the
bureau's published numbers are not personal data and stay as they are.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

# 18-digit resident ID (last may be X), 15-digit old IDs; mobile numbers; landlines with area code
# (area codes start 01–09: "00…" is no area code, and 事项编码 such as 002014008001 start so)
_ID = re.compile(r"(?<![0-9])([1-9][0-9]{5})(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])")
_OLD_ID = re.compile(r"(?<![0-9])[1-9][0-9]{14}(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9])[- ]?[0-9]{4}[- ]?([0-9]{4})(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(0[1-9][0-9]{1,2})-?[0-9]{7,8}(?![0-9])")
# the bureau's own published numbers are not personal data
_PUBLIC_NUMBERS = ("0312-7318400", "0312-7844619", "12333")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_ID, lambda m: m.group(1)[:3] + "*" * 11 + m.group(0)[-4:]),
    (_OLD_ID, lambda m: m.group(0)[:3] + "*" * 8 + m.group(0)[-4:]),
    (_MOBILE, lambda m: f"{m.group(1)}****{m.group(2)}"),
    (_LANDLINE, lambda m: m.group(0) if m.group(0) in _PUBLIC_NUMBERS else f"{m.group(1)}-****"),
)


def masking_enabled() -> bool:
    """Masking is on unless PRIVACY_MASKING=off (for local debugging only)."""
    return os.environ.get("PRIVACY_MASKING", "on").lower() not in ("off", "0", "false", "no")


def _masked(text: str, found: dict[str, str] | None = None) -> str:
    if any("０" <= ch <= "９" for ch in text):
        text = text.translate(_FULL_WIDTH_DIGITS)
    for pattern, replace in _RULES:
        def substitute(match: re.Match[str], replace: Callable[[re.Match[str]], str] = replace) -> str:
            masked = replace(match)
            if found is not None and masked != match.group(0):
                found[match.group(0)] = masked
            return masked

        text = pattern.sub(substitute, text)
    return text


def mask(text: str) -> str:
    """The text with ID and phone numbers masked (e.g. 130***********123X, 138****5678)."""
    if not text or not masking_enabled():
        return text
    return _masked(text)


def personal_numbers(text: str) -> dict[str, str]:
    """Each personal number in the text (with full-width digits made ASCII) → its masked form.

    Lets a store mask the same numbers wherever else they were copied (the bot quoting the
    question, a slot holding it) without masking anything that only looks like a number there.
    """
    found: dict[str, str] = {}
    if text and masking_enabled():
        _masked(text, found)
    return found
