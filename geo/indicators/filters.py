"""Filters: which organizations to count, and their URL query form.

:class:`Filters` holds the selection (countries, units, types, sectors,
sector groups, programmes, founding years, federations, social services). It normalises and
validates its values on construction, writes itself as a flat query dict
(:meth:`Filters.to_query`), reads one back while dropping what cannot be used
(:meth:`Filters.from_query`) and describes itself in words for export headers
(:meth:`Filters.describe`). The vocabulary of filter values lives here too: the
country codes, the list separator of query strings and the processed table,
and the patterns a value must match.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from geo._errors import InputValidationError
from geo.i18n import Lang, t, value_label
from geo.notice import Notice
from geo.vocab import (
    COUNTRY_CODES,
    DEFAULT_STATUSES,
    ORG_TYPES,
    PROGRAMME_KEYS,
    SECTOR_GROUPS,
    SERVICES,
    STATUSES,
)

#: Country codes in display order.

#: Separator of list values in the processed table and in filter query strings.
LIST_SEPARATOR = "|"

_UNIT_RE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
#: A lower-case key such as a sector key (``alpaca_fibre``).
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_YEAR_RE = re.compile(r"^\d{1,4}$")
_TRUE = {"true", "1", "yes", "y", "si", "sí"}
_FALSE = {"false", "0", "no", "n"}
_MAX_FEDERATION_LEN = 200


_LIST_FIELDS = (
    "countries",
    "units",
    "org_types",
    "sectors",
    "sector_groups",
    "programmes",
    "federations",
    "social_services",
    "status",
)
_YEAR_FIELDS = ("founded_from", "founded_to")
_BOOL_FIELDS = ("federated", "provides_services")


def _parse_item(name: str, text: str) -> str | None:
    """Canonical form of one list value of filter ``name``, or None if invalid."""
    value = text.strip()
    if not value:
        return None
    if name == "countries":
        value = value.upper()
        return value if value in COUNTRY_CODES else None
    if name == "units":
        value = value.upper()
        return value if _UNIT_RE.match(value) else None
    if name == "org_types":
        return value if value in ORG_TYPES else None
    if name == "sectors":
        value = value.lower()
        return value if KEY_RE.match(value) else None
    if name == "sector_groups":
        value = value.lower()
        return value if value in SECTOR_GROUPS else None
    if name == "programmes":
        for programme, key in PROGRAMME_KEYS.items():
            if value.lower() in (programme.lower(), key):
                return programme
        return None
    if name == "social_services":
        return value if value in SERVICES else None
    if name == "status":
        value = value.lower()
        return value if value in STATUSES else None
    # federations: free text, but never the list separator
    return value if LIST_SEPARATOR not in value and len(value) <= _MAX_FEDERATION_LEN else None


def _allowed_text(name: str) -> Notice:
    """Say what a value of list filter ``name`` must be (a notice: English as text)."""
    one_of = {
        "countries": COUNTRY_CODES,
        "org_types": ORG_TYPES,
        "sector_groups": SECTOR_GROUPS,
        "social_services": SERVICES,
        "status": STATUSES,
    }
    if name in one_of:
        return Notice("link.expect.one_of", values=str(list(one_of[name])))
    if name == "programmes":
        return Notice(
            "link.expect.programmes",
            values=str(list(PROGRAMME_KEYS)),
            keys=str(list(PROGRAMME_KEYS.values())),
        )
    if name == "federations":
        return Notice("link.expect.federations", sep=repr(LIST_SEPARATOR), n=_MAX_FEDERATION_LEN)
    return Notice(f"link.expect.{name}")  # units, sectors


def _as_items(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Collection):
        return list(value)
    return [value]


@dataclass(frozen=True)
class Filters:
    """Which organizations to count; ``Filters()`` counts all of them.

    Values within a field are alternatives (OR); fields combine with AND. List
    fields are stored sorted and without duplicates, so equal filters compare
    equal and hash alike (usable as a cache key). The constructor accepts a
    plain string for a one-value list and normalises case (``"co"`` -> ``"CO"``,
    ``"my_coop"`` -> ``"My.Coop"``); an invalid value raises
    :class:`~geo._errors.InputValidationError` listing every problem.
    :meth:`from_query` never raises: it drops invalid values and reports them.

    Attributes
    ----------
    countries
        Country codes (``CO``, ``PE``, ``EC``).
    units
        ISO 3166-2 codes of units.
    org_types
        Canonical organization types.
    sectors
        Sector keys; organizations with unknown sector never match.
    sector_groups
        Sector groups (:data:`geo.vocab.SECTOR_GROUPS`); a group selects every
        sector in it (:data:`geo.vocab.SECTOR_GROUP`; keys found only in the data
        are in ``other``). Combined with ``sectors`` as a union: an organization
        matches if its sector is listed in ``sectors`` or belongs to one of
        these groups.
    programmes
        Organizations that took part in any of these programmes (any year).
    founded_from, founded_to
        Inclusive range of the founding year; either end may be open. When a
        range is set, organizations with unknown founding year are left out.
    federated
        True: members of at least one federation; False: of none.
    federations
        Members of any of these federations (exact names).
    provides_services
        True: provide at least one social service; False: none.
    social_services
        Provide any of these services.
    status
        Legal statuses counted (:data:`geo.vocab.STATUSES`); empty means the default,
        :data:`geo.vocab.DEFAULT_STATUSES` (active and unknown): organizations in
        liquidation or cancelled are kept in the data but counted only when asked for.
        URL key ``status``.
    """

    countries: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    sector_groups: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    founded_from: int | None = None
    founded_to: int | None = None
    federated: bool | None = None
    federations: tuple[str, ...] = ()
    provides_services: bool | None = None
    social_services: tuple[str, ...] = ()
    status: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problems: list[str] = []
        for name in _LIST_FIELDS:
            clean: set[str] = set()
            for item in _as_items(getattr(self, name)):
                parsed = _parse_item(name, item) if isinstance(item, str) else None
                if parsed is None:
                    problems.append(f"{name}: {item!r} is not {_allowed_text(name)}")
                else:
                    clean.add(parsed)
            object.__setattr__(self, name, tuple(sorted(clean)))
        for name in _YEAR_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                problems.append(f"{name}: {value!r} is not a whole year such as 1995")
            else:
                object.__setattr__(self, name, int(value))
        low, high = self.founded_from, self.founded_to
        if isinstance(low, int) and isinstance(high, int) and low > high:
            problems.append(f"founded_from ({low}) is after founded_to ({high})")
        for name in _BOOL_FIELDS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, bool | np.bool_):
                problems.append(f"{name}: {value!r} is not True, False or None")
            elif value is not None:
                object.__setattr__(self, name, bool(value))
        if problems:
            raise InputValidationError(problems)
        if self.status == tuple(sorted(DEFAULT_STATUSES)):
            object.__setattr__(self, "status", ())  # the default is written one way

    @property
    def counted_statuses(self) -> tuple[str, ...]:
        """Return the statuses counted: ``status``, or the default when it is empty."""
        return self.status or DEFAULT_STATUSES

    @property
    def is_empty(self) -> bool:
        """True when no field is set (every organization counts)."""
        return self == Filters()

    def to_query(self) -> dict[str, str]:
        """Return the set fields as a flat dict of strings for a URL query.

        Lists are joined with ``|`` (the processed table's separator, so no value
        contains it), years are digits, booleans ``"true"``/``"false"``.
        ``Filters.from_query(f.to_query())`` gives back ``f``.
        """
        query: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value == ():
                continue
            if isinstance(value, tuple):
                query[f.name] = LIST_SEPARATOR.join(value)
            elif isinstance(value, bool):
                query[f.name] = "true" if value else "false"
            else:
                query[f.name] = str(value)
        return query

    @classmethod
    def from_query(
        cls, query: Mapping[str, object], *, known_units: Collection[str] | None = None
    ) -> tuple[Filters, list[str]]:
        """Parse a flat query dict, dropping what cannot be used; never raises.

        Parameters
        ----------
        query
            Field name -> string, as written by :meth:`to_query`.
        known_units
            If given, unit codes not in it are dropped too.

        Returns
        -------
        (Filters, list of str)
            The filters and one notice per dropped key or value.
        """
        notices: list[str] = []  # Notices: English text, and in any language
        kwargs: dict[str, Any] = {}  # values checked per field above
        names = {f.name for f in fields(cls)}
        known = {u.upper() for u in known_units} if known_units is not None else None
        for key, raw in query.items():
            if key not in names:
                notices.append(Notice("link.unknown_filter", name=repr(key)))
                continue
            if not isinstance(raw, str):
                notices.append(Notice("link.not_text", param=key, value=repr(raw)))
                continue
            if not raw.strip():
                continue
            if key in _LIST_FIELDS:
                values = []
                for item in raw.split(LIST_SEPARATOR):
                    if not item.strip():
                        continue
                    parsed = _parse_item(key, item)
                    if parsed is None:
                        notices.append(
                            Notice(
                                "link.item_dropped",
                                param=key,
                                value=repr(item),
                                expected=_allowed_text(key),
                            )
                        )
                    elif key == "units" and known is not None and parsed not in known:
                        notices.append(Notice("link.unit_dropped", value=repr(item)))
                    else:
                        values.append(parsed)
                if values:
                    kwargs[key] = tuple(values)
            elif key in _YEAR_FIELDS:
                if _YEAR_RE.match(raw.strip()):
                    kwargs[key] = int(raw.strip())
                else:
                    notices.append(Notice("link.year_dropped", param=key, value=repr(raw)))
            else:
                text = raw.strip().lower()
                if text in _TRUE | _FALSE:
                    kwargs[key] = text in _TRUE
                else:
                    notices.append(Notice("link.bool_dropped", param=key, value=repr(raw)))
        low, high = kwargs.get("founded_from"), kwargs.get("founded_to")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            notices.append(Notice("link.founded_range", low=low, high=high))
            del kwargs["founded_from"], kwargs["founded_to"]
        return cls(**kwargs), notices

    def describe(
        self,
        *,
        lang: Lang = "en",
        headline: bool = False,
        unit_names: Mapping[str, str] | None = None,
    ) -> str:
        """Return a one-line human description, e.g. for an export header.

        Parameters
        ----------
        lang
            Language of the words.
        headline
            False (default): ``"countries: PE; federated: no"``. True: the form of
            a map subtitle, every value in words and items apart with " · ":
            ``"Countries: Peru · Federated: no"``.
        unit_names
            Unit code -> name, used for the units in the headline form.
        """
        prefix = "headline" if headline else "describe"
        if self.is_empty:
            return t("export.all_organizations" if headline else "describe.none", lang)
        parts: list[str] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _YEAR_FIELDS or value is None or value == ():
                continue
            if isinstance(value, tuple):
                labels = (
                    _headline_label(f.name, v, lang, unit_names or {})
                    if headline
                    else _value_label(f.name, v, lang)
                    for v in value
                )
                shown = ", ".join(labels)
            else:
                shown = t(f"{prefix}.yes" if value else f"{prefix}.no", lang)
            label = t(f"{prefix}.{f.name}", lang)
            parts.append(t("describe.item", lang, label=label, shown=shown))
        if self.founded_from is not None or self.founded_to is not None:
            low = "" if self.founded_from is None else str(self.founded_from)
            high = "" if self.founded_to is None else str(self.founded_to)
            label = t(f"{prefix}.founded", lang)
            parts.append(t("describe.item", lang, label=label, shown=f"{low}–{high}"))
        return (" · " if headline else "; ").join(parts)


def _value_label(field_name: str, value: str, lang: Lang) -> str:
    """Return a filter value in words (type and sector codes in the language)."""
    section = {
        "org_types": "org_types",
        "sectors": "sector",
        "sector_groups": "sector_group",
        "status": "status",
    }.get(field_name)
    return value if section is None else value_label(section, value, lang)


def _headline_label(field_name: str, value: str, lang: Lang, unit_names: Mapping[str, str]) -> str:
    """Return a filter value in words for a subtitle (countries, units and programmes too)."""
    if field_name == "countries":
        return value_label("country", value, lang)
    if field_name == "units":
        return unit_names.get(value, value)
    if field_name == "programmes":
        return value_label("programme", value, lang)
    if field_name == "social_services":
        return value_label("service", value, lang)
    return _value_label(field_name, value, lang)
