"""Text normalisation for matching names as registries write them."""

from __future__ import annotations

import functools
import html
import re
import unicodedata

import ftfy

# Characters that mojibake leaves in place of Ñ/ñ and that NFKD cannot decompose:
# a Latin-1 "Ñ"/"ñ" (0xD1/0xF1) shown through code page 850 reads as "Ð"/"±".
_MOJIBAKE_LETTERS = str.maketrans({"Ð": "N", "ð": "n", "¥": "N", "¤": "n", "±": "n"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Characters that UTF-8 read as Windows-1252 or Latin-1 leaves behind ("Ã±", "Ã©",
# "â€œ"); only text containing one is passed to ftfy, which is slow.
_SUSPECT = re.compile("[ÃÂâ\u0080-\u009f]")


#: Folded keys kept: a chunk of a build folds each name in several stages (summary lines,
#: types from names, possible duplicates); a cache this size serves the later ones.
FOLD_CACHE_SIZE = 1 << 17


@functools.lru_cache(maxsize=FOLD_CACHE_SIZE)
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
    if _SUSPECT.search(text):
        text = ftfy.fix_text(text)
    ascii_only = (
        unicodedata.normalize("NFKD", text.translate(_MOJIBAKE_LETTERS))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    return _NON_ALNUM.sub(" ", ascii_only.lower()).strip()


#: An HTML character reference: named (``&iacute;``, ``&amp;``) or numeric (``&#237;``,
#: ``&#xED;``), the closing ``;`` optional as web exports cut it.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


def decode_entities(text: str) -> str:
    """Decode the HTML character references a web export leaves in a cell.

    Named and numeric references are decoded with or without their closing ``;``
    (``"Quind&#237;o"``, ``"Bol&#237"``, ``"Bogot&#227"``, ``"Nari&ntilde;o"``), as
    :func:`html.unescape` does (HTML5 rules); text without ``&`` is returned as it is.
    The result is text, never markup: whoever shows it escapes it.

    Examples
    --------
    >>> decode_entities("Quind&#237;o / Bol&#237 / Nari&ntilde;o / AT&T")
    'Quindío / Bolí / Nariño / AT&T'
    """
    if "&" not in text or not _ENTITY.search(text):
        return text
    return html.unescape(text)
