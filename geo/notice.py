"""A notice: a problem said once, by message id and fields, readable in every language.

Code that finds a problem in a link, an option or a registry row (``View.from_query``,
``Filters.from_query``, the importer's stages) says it as a :class:`Notice`: a message
id of the catalogue (:mod:`geo.messages`) and the values it names. A notice *is* its
English text (a ``str``), so the command line, the logs and the build's machine
files keep their English wording unchanged, while a page shows
:meth:`Notice.in_lang` in its own language. A field may itself be a notice (an
expectation such as "a year such as 1995"); it is said in the same language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.i18n import t


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
    >>> n = Notice("link.unknown_filter", key_name="'types'")
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

    def in_lang(self, lang: str) -> str:
        """Return the notice in ``lang`` (``"en"``: the notice's own text)."""
        return t(self.key, lang, **_said(self.fields, lang))

    def to_json(self) -> list[Any]:
        """Return ``[key, fields]`` with nested notices as such lists (for a JSON file)."""
        return [
            self.key,
            {k: v.to_json() if isinstance(v, Notice) else v for k, v in self.fields.items()},
        ]

    @classmethod
    def from_json(cls, value: object) -> Notice | None:
        """Return the notice written by :meth:`to_json`, or None if ``value`` is not one.

        A message id the catalogue does not know (a file written by another version)
        gives None too, so the caller keeps the English text it has.
        """
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)):
            return None
        key, fields = value
        if not isinstance(fields, dict):
            return None
        said: dict[str, object] = {}
        for name, item in fields.items():
            nested = cls.from_json(item) if isinstance(item, list) else None
            if isinstance(item, list) and nested is None:
                return None
            said[str(name)] = nested if nested is not None else item
        try:
            return cls(key, **said)
        except (KeyError, IndexError, ValueError):
            return None

    def __reduce__(self) -> tuple[Any, ...]:
        # str's own pickling would call Notice(text): rebuild from the id and fields
        return (_rebuild, (self.key, dict(self.fields)))


def _rebuild(key: str, fields: dict[str, object]) -> Notice:
    return Notice(key, **fields)


def _said(fields: Mapping[str, object], lang: str) -> dict[str, object]:
    """Return ``fields`` with every nested notice said in ``lang``."""
    return {k: v.in_lang(lang) if isinstance(v, Notice) else v for k, v in fields.items()}


def in_lang(text: str, lang: str) -> str:
    """Return ``text`` in ``lang`` when it is a :class:`Notice`, else unchanged."""
    return text.in_lang(lang) if isinstance(text, Notice) else text


__all__ = ["Notice", "in_lang"]
