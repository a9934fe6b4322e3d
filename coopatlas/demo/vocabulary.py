"""The demo generator's vocabulary and weights, read from the CSV files in ``tables/``.

Every table of words and weights the synthetic registry is drawn from lives in a
data file, one table per file, so it can be read and edited without reading code:

========================== ================================================================
``countries.csv``          country codes in generator order, and their share of the rows
``country_spellings.csv``  how a registry writes each country, with probabilities
``units.csv``              per unit: agricultural weight, capital, urban share, short place
``sectors.csv``            sectors in order, their name words, base and urban weights
``sector_boosts.csv``      regional boosts added to a unit's base sector weight
``classes.csv``            canonical classes in order and their per-class factors
``type_labels.csv``        raw type labels by class (the order is the label index)
``type_label_weights.csv`` label probabilities by class, country and setting
``name_templates.csv``     organization name templates by label
``distinctive_words.csv``  distinctive name words, common (``any``) or of one country
``federations.csv``        federations (the order is the bit of the cell mask) by country
``services.csv``           social services and the probability of each
``programmes.csv``         programmes, their probability and first year
``programme_focus.csv``    units programmes concentrate on, with the share reached
========================== ================================================================

Numbers are read with :class:`float` (never pandas' parser), so a value equals the
Python literal it replaced and the generator's output is unchanged.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files

import numpy as np

from geo._errors import DataFileError, MissingDataError

#: Folder of the tables inside the ``geo`` package.
TABLES_DIR = "tables"

#: Setting of a type-label weight: rural rows, urban rows, or both.
_SETTINGS = ("rural", "urban", "any")


@dataclass(frozen=True, eq=False)
class DemoVocabulary:
    """Words and weights of the synthetic registry, in generator order.

    Arrays indexed "by class" follow :attr:`classes`; arrays and tuples "by
    country" follow :attr:`countries`.
    """

    countries: tuple[str, ...]
    country_share: np.ndarray
    country_spellings: dict[str, tuple[tuple[str, float], ...]]
    unit_profiles: dict[str, tuple[float, str, float, str]]  # weight, capital, urban, place
    sectors: tuple[str, ...]
    sector_words: dict[str, tuple[str, str]]  # adjective, noun
    base_sector_weights: np.ndarray
    urban_sector_weights: np.ndarray
    sector_boosts: tuple[tuple[str, str, float], ...]  # sector, unit, boost
    classes: tuple[str, ...]
    class_weights_rural: np.ndarray
    class_weights_urban: np.ndarray
    federation_share: np.ndarray
    services_share: np.ndarray
    member_factor: np.ndarray
    programme_class_factor: np.ndarray
    type_labels_by_class: dict[str, tuple[str, ...]]
    label_weights: tuple[tuple[str, str, str, str, float], ...]  # class, country, setting, ...
    name_templates: dict[str, tuple[str, ...]]
    distinctive: tuple[str, ...]
    distinctive_by_country: dict[str, tuple[str, ...]]
    federations: tuple[str, ...]
    federations_by_country: dict[str, tuple[int, ...]]
    services: tuple[str, ...]
    service_probability: np.ndarray
    programmes: tuple[str, ...]
    programme_p: np.ndarray
    programme_first_year: np.ndarray
    programme_focus: dict[str, float]

    @functools.cached_property
    def labels(self) -> tuple[str, ...]:
        """Every raw type label; a label's position is its index in the generator."""
        return tuple(label for labels in self.type_labels_by_class.values() for label in labels)

    @functools.cached_property
    def label_index(self) -> dict[str, int]:
        """Index of each raw type label in :attr:`labels`."""
        return {label: i for i, label in enumerate(self.labels)}

    @functools.cached_property
    def sector_index(self) -> dict[str, int]:
        """Index of each sector in :attr:`sectors`."""
        return {name: i for i, name in enumerate(self.sectors)}


@functools.cache
def load_vocabulary() -> DemoVocabulary:
    """Read every demo table once.

    Returns
    -------
    DemoVocabulary

    Raises
    ------
    DataFileError
        If a table is missing, lacks a column, or names a label, sector or class
        that the others do not define.
    """
    vocabulary = DemoVocabulary(
        **_place_fields(),
        **_sector_fields(),
        **_class_fields(),
        **_name_fields(),
        **_service_fields(),
        **_programme_fields(),
    )
    _check_references(vocabulary)
    return vocabulary


def _place_fields() -> dict:
    """Countries, their spellings and the unit profiles."""
    countries = _rows("countries.csv", "country", "share")
    units = _rows("units.csv", "iso_3166_2", "weight", "capital", "urban_share", "place")
    return {
        "countries": tuple(r["country"] for r in countries),
        "country_share": _floats(countries, "share"),
        "country_spellings": _grouped(
            _rows("country_spellings.csv", "country", "text", "probability"),
            "country",
            lambda r: (r["text"], float(r["probability"])),
        ),
        "unit_profiles": {
            r["iso_3166_2"]: (
                float(r["weight"]),
                r["capital"],
                float(r["urban_share"] or 0.0),
                r["place"],
            )
            for r in units
        },
    }


def _sector_fields() -> dict:
    """Sectors, their name words, weights and regional boosts."""
    sectors = _rows("sectors.csv", "sector", "adjective", "noun", "base_weight", "urban_weight")
    return {
        "sectors": tuple(r["sector"] for r in sectors),
        "sector_words": {r["sector"]: (r["adjective"], r["noun"]) for r in sectors},
        "base_sector_weights": _floats(sectors, "base_weight"),
        "urban_sector_weights": _floats(sectors, "urban_weight"),
        "sector_boosts": tuple(
            (r["sector"], r["iso_3166_2"], float(r["boost"]))
            for r in _rows("sector_boosts.csv", "sector", "iso_3166_2", "boost")
        ),
    }


def _class_fields() -> dict:
    """Canonical classes, their per-class factors, type labels and label weights."""
    factors = {
        "class_weights_rural": "rural_weight",
        "class_weights_urban": "urban_weight",
        "federation_share": "federation_share",
        "services_share": "services_share",
        "member_factor": "member_factor",
        "programme_class_factor": "programme_factor",
    }
    classes = _rows("classes.csv", "class", *factors.values())
    weights = _rows("type_label_weights.csv", "class", "country", "setting", "label", "probability")
    return {
        "classes": tuple(r["class"] for r in classes),
        **{field: _floats(classes, column) for field, column in factors.items()},
        "type_labels_by_class": _grouped(
            _rows("type_labels.csv", "class", "label"), "class", lambda r: r["label"]
        ),
        "label_weights": tuple(
            (r["class"], r["country"], r["setting"], r["label"], float(r["probability"]))
            for r in weights
        ),
    }


def _name_fields() -> dict:
    """Name templates and distinctive words."""
    words = _rows("distinctive_words.csv", "country", "word")
    return {
        "name_templates": _grouped(
            _rows("name_templates.csv", "label", "template"), "label", lambda r: r["template"]
        ),
        "distinctive": tuple(r["word"] for r in words if r["country"] == "any"),
        "distinctive_by_country": _grouped(
            [r for r in words if r["country"] != "any"], "country", lambda r: r["word"]
        ),
    }


def _service_fields() -> dict:
    """Federations (by country) and social services."""
    federations = _rows("federations.csv", "federation", "country")
    services = _rows("services.csv", "service", "probability")
    indexed = [{**r, "index": i} for i, r in enumerate(federations)]
    return {
        "federations": tuple(r["federation"] for r in federations),
        "federations_by_country": _grouped(indexed, "country", lambda r: r["index"]),
        "services": tuple(r["service"] for r in services),
        "service_probability": _floats(services, "probability"),
    }


def _programme_fields() -> dict:
    """Programmes and the units they concentrate on."""
    programmes = _rows("programmes.csv", "programme", "probability", "first_year")
    return {
        "programmes": tuple(r["programme"] for r in programmes),
        "programme_p": _floats(programmes, "probability"),
        "programme_first_year": np.array([int(r["first_year"]) for r in programmes]),
        "programme_focus": {
            r["iso_3166_2"]: float(r["reach"])
            for r in _rows("programme_focus.csv", "iso_3166_2", "reach")
        },
    }


def _rows(name: str, *columns: str) -> list[dict]:
    """Rows of one table as dicts of text, after checking its header."""
    resource = files("coopatlas.demo") / TABLES_DIR / name
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise MissingDataError(
            f"demo table {name} not found in coopatlas/demo/{TABLES_DIR}; "
            "restore it from the repository"
        ) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFileError(
            f"demo table {name} lacks columns {missing}; it has {reader.fieldnames}"
        )
    return list(reader)


def _floats(rows: list[dict], column: str) -> np.ndarray:
    return np.array([float(r[column]) for r in rows])


def _grouped(rows: list[dict], key: str, value: Callable[[dict], object]) -> dict:
    """Group ``value(row)`` by ``row[key]``, keeping the order of first appearance."""
    out: dict[str, list] = {}
    for row in rows:
        out.setdefault(row[key], []).append(value(row))
    return {k: tuple(v) for k, v in out.items()}


def _check_references(v: DemoVocabulary) -> None:
    """Fail once, listing every label, sector, class or setting a table names but none defines."""
    problems = []
    labels, classes = set(v.labels), set(v.classes)
    if set(v.type_labels_by_class) != classes:
        problems.append(f"type_labels.csv classes {sorted(v.type_labels_by_class)} != {v.classes}")
    for klass, country, setting, label, _ in v.label_weights:
        if klass not in classes or country not in v.countries or setting not in _SETTINGS:
            problems.append(f"type_label_weights.csv: unknown {klass}/{country}/{setting}")
        if label not in v.type_labels_by_class.get(klass, ()):
            problems.append(f"type_label_weights.csv: {label!r} is not a label of {klass}")
    if set(v.name_templates) != labels:
        problems.append(
            f"name_templates.csv must cover exactly the labels of type_labels.csv; "
            f"missing {sorted(labels - set(v.name_templates))}, "
            f"unknown {sorted(set(v.name_templates) - labels)}"
        )
    unknown = sorted({s for s, _, _ in v.sector_boosts} - set(v.sectors))
    if unknown:
        problems.append(f"sector_boosts.csv names unknown sectors {unknown}")
    if problems:
        raise DataFileError("; ".join(problems))
