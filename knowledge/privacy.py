"""Masking of personal numbers citizens type: 身份证号 and phone numbers.

Used before anything a user wrote is logged, recorded for the bureau or stored.
"""

from __future__ import annotations

import os
import re

# 18-digit resident ID (last may be X), 15-digit old IDs; mobile numbers; landlines with area code
_ID = re.compile(r"(?<![0-9])([1-9][0-9]{5})(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])")
_OLD_ID = re.compile(r"(?<![0-9])[1-9][0-9]{14}(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(0[0-9]{2,3})-?[0-9]{7,8}(?![0-9])")
# the bureau's own published numbers are not personal data
_PUBLIC_NUMBERS = ("0312-7318400", "0312-7844619", "12333")


def masking_enabled() -> bool:
    """Masking is on unless PRIVACY_MASKING=off (for local debugging only)."""
    return os.environ.get("PRIVACY_MASKING", "on").lower() not in ("off", "0", "false", "no")


def mask(text: str) -> str:
    """The text with ID and phone numbers masked (e.g. 130***********123X, 138****5678)."""
    if not text or not masking_enabled():
        return text
    text = _ID.sub(lambda m: m.group(1)[:3] + "*" * 11 + m.group(0)[-4:], text)
    text = _OLD_ID.sub(lambda m: m.group(0)[:3] + "*" * 8 + m.group(0)[-4:], text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    return _LANDLINE.sub(lambda m: m.group(0) if m.group(0) in _PUBLIC_NUMBERS else f"{m.group(1)}-****", text)
