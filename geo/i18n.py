"""Words and numbers in the user's language: one ``Lang`` type, one catalogue, one formatter.

* :data:`Lang` and :data:`LANGS` name the languages; :func:`check_lang` and
  :func:`lang_problems` validate a value received from outside.
* :func:`t` returns a message of :mod:`geo.messages` by its id; :func:`tn` picks
  the singular or plural form for a count with CLDR's plural rules (Babel);
  :func:`value_label` translates a data value (a sector, a type) or gives it back.
* :func:`format_number`, :func:`format_value` and :func:`format_date` are the one
  path from numbers and dates to text, built on Babel's CLDR data: ``1,234.5`` /
  ``1.234,5``; ``12.5%`` / ``12,5 %`` (Spanish puts a non-breaking space before
  the sign); "no data" / "sin datos" for missing and non-finite values; never
  ``-0``.

Rounding is decimal, half to even, on the number's shortest representation
(``2.675`` with two decimals gives ``2.68``, ``0.125`` gives ``0.12``).
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from functools import cache
from typing import Any, Literal, TypeGuard

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal as _babel_decimal
from babel.numbers import format_percent as _babel_percent
from cachetools import LRUCache

from geo._errors import InputValidationError
from geo.messages import MESSAGES, Msg

Lang = Literal["en", "es"]
#: The languages of the interface, English first (the default).
LANGS: tuple[Lang, ...] = ("en", "es")

Fmt = Literal["integer", "decimal", "percent"]
DateStyle = Literal["iso", "short", "medium", "long"]


def number_fmt(fmt: str) -> Fmt:
    """Return the :data:`Fmt` for a catalogue ``fmt``.

    ``"integer"`` and ``"percent"`` are kept; anything else (``"decimal"``, and the
    ``"text"`` of id columns) formats as a decimal, as :func:`format_value` always did.
    """
    if fmt == "integer":
        return "integer"
    if fmt == "percent":
        return "percent"
    return "decimal"


# --------------------------------------------------------------------------- languages


def is_lang(value: object) -> TypeGuard[Lang]:
    """Return True when ``value`` is one of :data:`LANGS`."""
    return isinstance(value, str) and value in LANGS


def lang_problems(value: object, *, name: str = "lang") -> list[str]:
    """Return ``[]`` for a valid language, else one line naming the value and the allowed ones."""
    if is_lang(value):
        return []
    allowed = ", ".join(repr(lang) for lang in LANGS)
    return [f"{name} must be one of {allowed}; got {value!r}"]


def check_lang(value: object, *, name: str = "lang") -> Lang:
    """Return ``value`` as a :data:`Lang`.

    Raises
    ------
    InputValidationError
        If ``value`` is not one of :data:`LANGS`; the message names the value
        received and the allowed ones.
    """
    if is_lang(value):
        return value
    raise InputValidationError(lang_problems(value, name=name))


# --------------------------------------------------------------------------- messages


def _entry(key: str) -> Msg:
    try:
        return MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in geo.messages; add it there") from None


def t(key: str, lang: str, **fields: object) -> str:
    """Return the message ``key`` in ``lang``, its ``{fields}`` filled in.

    Parameters
    ----------
    key
        A message id of :data:`geo.messages.MESSAGES`, e.g. ``"filters.title"``.
    lang
        ``"en"`` or ``"es"``.
    **fields
        Values of the message's ``{fields}`` (already formatted text or numbers).

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an unknown id, or a plural message (use :func:`tn`).
    InputValidationError
        For an unknown language.
    """
    text = getattr(_entry(key), check_lang(lang))
    if not isinstance(text, str):
        raise KeyError(f"message {key!r} has plural forms; call tn(key, n, lang)")
    return text.format(**fields) if fields else text


def plural_category(n: float, lang: str) -> str:
    """Return the CLDR plural category of ``n`` in ``lang`` (``"one"``, ``"other"``...)."""
    return _locale(check_lang(lang)).plural_form(abs(n))


def tn(key: str, n: float, lang: str, **fields: object) -> str:
    """Return the form of the plural message ``key`` that suits the count ``n``.

    The form comes from CLDR's plural rules (``babel.Locale.plural_form``); a
    category the entry does not spell out (Spanish ``many`` for a million)
    uses its ``other`` form. The field ``{n}`` is ``n`` formatted for ``lang``
    (whole numbers without decimals) unless ``fields`` gives it.

    Examples
    --------
    >>> tn("count.organizations", 1, "en")
    '1 organization'
    >>> tn("count.organizations", 1234, "es")
    '1.234 organizaciones'
    """
    language = check_lang(lang)
    forms = getattr(_entry(key), language)
    if isinstance(forms, str):
        raise KeyError(f"message {key!r} has no plural forms; call t(key, lang)")
    form = forms.get(plural_category(n, language)) or forms["other"]
    decimals = 0 if float(n).is_integer() else 1
    values = {"n": format_number(n, language, decimals), **fields}
    return form.format(**values)


def value_label(section: str, value: str, lang: str) -> str:
    """Translate a data value (``value_label("sector", "coffee", "es")`` is ``"Café"``).

    A value without an entry ``section.value`` is returned unchanged: data may
    hold values the catalogue does not know (an uploaded registry's sector).
    """
    key = f"{section}.{value}"
    return t(key, lang) if key in MESSAGES else value


# --------------------------------------------------------------------------- numbers


@cache
def _locale(lang: Lang) -> Locale:
    return Locale.parse(lang)


#: Decimal precision for any float (up to about 1.8e308) at any shown decimals; the default
#: context's 28 digits make quantize() fail on 1e27 with one decimal.
_CONTEXT = Context(prec=400)


def _missing(x: Any) -> bool:
    """Return True for None, NaN, infinities and values float() rejects (any value is allowed)."""
    if x is None:
        return True
    try:
        return not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True  # pd.NA, pd.NaT and other non-numbers


def _rounded(x: float | Decimal, decimals: int) -> Decimal:
    """``x`` rounded half to even to ``decimals`` digits, a zero never negative."""
    value = x if isinstance(x, Decimal) else Decimal(repr(float(x)))
    with localcontext(_CONTEXT):
        value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return abs(value) if value == 0 else value


def _with_decimals(pattern: str, decimals: int) -> str:
    """Give the CLDR pattern ``pattern`` (``#,##0.###``, ``#,##0 %``...) ``decimals`` digits."""
    head, digits, tail = pattern.partition("#,##0")
    if not digits:
        raise ValueError(f"unexpected CLDR number pattern {pattern!r}")
    fraction = "." + "0" * decimals if decimals else ""
    return head + digits + fraction + tail.lstrip(".#0")


#: Numbers formatted lately, per worker: a view change formats the same counts and
#: shares again (a unit's organizations in every tooltip), and Babel takes about 20 µs
#: a number. Bounded; callbacks run in several threads, so every access holds the lock.
_FORMATTED: LRUCache[tuple[object, ...], str] = LRUCache(maxsize=8192)
_FORMATTED_LOCK = threading.Lock()


def _remembered(key: tuple[object, ...], make: Callable[[], str]) -> str:
    """Return the text of ``key`` (kind, number, language, decimals), made once while kept.

    The number is keyed as it is formatted: a :class:`~decimal.Decimal` as itself,
    anything else as its float.
    """
    kind, x, lang, decimals = key
    number = x if isinstance(x, Decimal) else float(x)  # type: ignore[arg-type]
    full = (kind, number, lang, decimals)
    with _FORMATTED_LOCK:
        hit = _FORMATTED.get(full)
    if hit is None:
        hit = make()
        with _FORMATTED_LOCK:
            _FORMATTED[full] = hit
    return hit


def no_data(lang: str) -> str:
    """Return the text shown for a missing value: "no data" / "sin datos"."""
    return t("value.no_data", lang)


def format_number(x: float | None, lang: Lang = "en", decimals: int = 0) -> str:
    """Format a number with the grouping and decimal signs of ``lang``.

    Parameters
    ----------
    x
        The number; ``None``, NaN, ``pd.NA`` and infinities give the "no data" text.
    lang
        ``"en"`` gives ``1,234.5``; ``"es"`` gives ``1.234,5``.
    decimals
        Digits after the decimal sign (rounded half to even).

    Returns
    -------
    str

    Examples
    --------
    >>> format_number(1234.5, "es", 1)
    '1.234,5'
    >>> format_number(float("nan"), "es")
    'sin datos'
    """
    lang = check_lang(lang)
    if x is None or _missing(x):
        return no_data(lang)

    def make() -> str:
        pattern = _with_decimals(_locale(lang).decimal_formats[None].pattern, decimals)
        with localcontext(_CONTEXT):
            return _babel_decimal(_rounded(x, decimals), format=pattern, locale=_locale(lang))

    return _remembered(("number", x, lang, decimals), make)


def format_percent(x: float | None, lang: Lang = "en", decimals: int = 1) -> str:
    """Format a share (0.125 is 12.5 %) with the percent pattern of ``lang``.

    English gives ``12.5%``; Spanish ``12,5 %``, with a non-breaking space
    (U+00A0) before the sign, as CLDR and the browser's ``Intl`` formatter do.
    Missing values give the "no data" text.
    """
    lang = check_lang(lang)
    if x is None or _missing(x):
        return no_data(lang)

    def make() -> str:
        percent = _rounded(Decimal(repr(float(x))).scaleb(2), decimals)
        pattern = _with_decimals(_locale(lang).percent_formats[None].pattern, decimals)
        with localcontext(_CONTEXT):
            return _babel_percent(percent.scaleb(-2), format=pattern, locale=_locale(lang))

    return _remembered(("percent", x, lang, decimals), make)


def format_value(
    x: float | None, *, fmt: Fmt = "decimal", decimals: int = 1, unit: str = "", lang: Lang = "en"
) -> str:
    """Format one indicator value with its unit, as legends, tooltips and tables show it.

    Parameters
    ----------
    x
        The value; shares are fractions (0.25 means 25 %).
    fmt
        ``"integer"``, ``"decimal"`` (``decimals`` digits) or ``"percent"``
        (see :func:`format_percent`; ``unit`` is ignored).
    decimals
        Digits after the decimal sign for ``"decimal"`` and ``"percent"``.
    unit
        Text appended after a space, e.g. ``"per 100,000 inhabitants"``.
    lang
        ``"en"`` or ``"es"``.

    Returns
    -------
    str
        For example ``"12.5%"`` (en) / ``"12,5 %"`` (es), ``"1,234 organizations"``.
    """
    if _missing(x):
        return no_data(lang)
    if fmt == "percent":
        return format_percent(x, lang, decimals)
    number = format_number(x, lang, 0 if fmt == "integer" else decimals)
    return f"{number} {unit}" if unit else number


def format_date(day: dt.date, lang: Lang = "en", *, style: DateStyle = "iso") -> str:
    """Format a date: ISO 8601 (``2025-03-01``, the same in both languages) or CLDR's styles.

    ``style="long"`` gives ``March 1, 2025`` / ``1 de marzo de 2025``.
    """
    lang = check_lang(lang)
    if style == "iso":
        return day.isoformat()
    return _babel_date(day, format=style, locale=_locale(lang))


def plain_number(x: float, lang: Lang = "en", decimals: int = 0) -> str:
    """Format a number for a data file: rounded half to even, no grouping, ``lang``'s decimal sign.

    A spreadsheet set to ``lang`` reads it back as a number: ``1234.5`` (en),
    ``1234,5`` (es). Missing values give ``""``.

    Examples
    --------
    >>> plain_number(1234.56, "es", 1)
    '1234,6'
    """
    lang = check_lang(lang)
    if _missing(x):
        return ""
    text = f"{_rounded(x, decimals):f}"
    return text.replace(".", _locale(lang).number_symbols["latn"]["decimal"])


def list_separator(lang: Lang = "en") -> str:
    """Return the CSV field separator for ``lang``: ``;`` where the decimal sign is ``,``."""
    return ";" if _locale(check_lang(lang)).number_symbols["latn"]["decimal"] == "," else ","
