"""A notice: a problem said once, by message id and fields, readable in every language.

Code that finds a problem in a link, an option or a registry row (``View.from_query``,
``Filters.from_query``, the importer's stages) says it as a :class:`Notice`: a message
id of the catalogue (:mod:`geo.messages`) and the values it names. A notice *is* its
English text (a ``str``), so the command line, the logs and the build's machine
files keep their English wording unchanged, while a page shows
:meth:`Notice.in_lang` in its own language. A field may itself be a notice (an
expectation such as "a year such as 1995"); it is said in the same language, and a
tuple of fields is said item by item, joined with ", ".

A page is no command line: where the English text names a command-line option
(``--country``), the catalogue holds a second wording for the web under the id
followed by ``.web``, which :meth:`Notice.in_lang` prefers with ``web=True``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.i18n import t
from geo.messages import MESSAGES


class Notice(str):
    """A message of the catalogue with its fields; as a ``str``, its English text.

    Parameters
    ----------
    key
        A message id of :data:`geo.messages.MESSAGES`.
    **fields
        The values of the message's ``{fields}``: text, numbers or notices.

    Examples
    --------
    >>> n = Notice("link.unknown_filter", name="'types'")
    >>> str(n)
    "unknown filter 'types' ignored"
    >>> n.in_lang("es")
    "filtro desconocido 'types' ignorado"
    """

    key: str
    fields: Mapping[str, object]

    def __new__(cls, key: str, /, **fields: object) -> Notice:  # noqa: D102 (the class says it)
        text = t(key, "en", **_said(fields, "en"))
        self = super().__new__(cls, text)
        self.key = key
        self.fields = dict(fields)
        return self

    def in_lang(self, lang: str, *, web: bool = False) -> str:
        """Return the notice in ``lang``; ``web``: the words for a page, where there are any."""
        key = self.key
        if web and f"{key}.web" in MESSAGES:
            key = f"{key}.web"
        return t(key, lang, **_said(self.fields, lang, web=web))

    def to_json(self) -> dict[str, Any]:
        """Return ``{"id", "fields"}``, nested notices alike, tuples as lists (for JSON)."""
        return {"id": self.key, "fields": {k: _json(v) for k, v in self.fields.items()}}

    @classmethod
    def from_json(cls, value: object) -> Notice | None:
        """Return the notice written by :meth:`to_json`, or None if ``value`` is not one.

        A message id the catalogue does not know, or fields it does not take (a file
        written by another version), give None too: the caller keeps the English text.
        """
        if not (isinstance(value, dict) and isinstance(value.get("id"), str)):
            return None
        fields = value.get("fields")
        if not isinstance(fields, dict):
            return None
        try:
            return cls(value["id"], **{str(k): _unjson(v) for k, v in fields.items()})
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    def __reduce__(self) -> tuple[Any, ...]:
        # str's own pickling would call Notice(text): rebuild from the id and fields
        return (_rebuild, (self.key, dict(self.fields)))


class _NotANoticeError(ValueError):
    """A nested value of a JSON notice that is no notice."""


def _json(value: object) -> object:
    if isinstance(value, Notice):
        return value.to_json()
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value


def _unjson(value: object) -> object:
    if isinstance(value, dict):
        notice = Notice.from_json(value)
        if notice is None:
            raise _NotANoticeError(value)
        return notice
    if isinstance(value, list):
        return tuple(_unjson(v) for v in value)
    return value


def _rebuild(key: str, fields: dict[str, object]) -> Notice:
    return Notice(key, **fields)


def _said(fields: Mapping[str, object], lang: str, *, web: bool = False) -> dict[str, object]:
    """Return ``fields`` with every notice said in ``lang`` and every tuple joined."""
    return {k: _say(v, lang, web) for k, v in fields.items()}


def _say(value: object, lang: str, web: bool) -> object:
    if isinstance(value, Notice):
        return value.in_lang(lang, web=web)
    if isinstance(value, tuple):
        return ", ".join(str(_say(v, lang, web)) for v in value)
    return value


def in_lang(text: str, lang: str, *, web: bool = False) -> str:
    """Return ``text`` in ``lang`` when it is a :class:`Notice`, else unchanged."""
    return text.in_lang(lang, web=web) if isinstance(text, Notice) else text


__all__ = ["Notice", "in_lang"]
