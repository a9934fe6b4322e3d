"""Text normalisation for matching names as registries write them."""

from __future__ import annotations

import re
import unicodedata

import ftfy

# Characters that mojibake leaves in place of Ñ/ñ and that NFKD cannot decompose:
# a Latin-1 "Ñ"/"ñ" (0xD1/0xF1) shown through code page 850 reads as "Ð"/"±".
_MOJIBAKE_LETTERS = str.maketrans({"Ð": "N", "ð": "n", "¥": "N", "¤": "n", "±": "n"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Fold text to a matching key: lower-case ASCII words separated by single spaces.

    Repairs common mojibake (``"NARIÃ‘O"``, ``"CAÐAR"``), strips accents, case,
    punctuation and repeated white space.

    Parameters
    ----------
    text
        Any string.

    Returns
    -------
    str
        The folded key, possibly empty.

    Examples
    --------
    >>> fold("  Bogotá, D.C. ")
    'bogota d c'
    >>> fold("CAÐAR ")
    'canar'
    """
    repaired = ftfy.fix_text(text).translate(_MOJIBAKE_LETTERS)
    decomposed = unicodedata.normalize("NFKD", repaired)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", ascii_only.casefold()).strip()
