"""``coopatlas export``'s options as one :class:`geo.indicators.view.View`, as the dashboard.

A dashboard link (``--view '?level=2&parent=CO-CAU&ind=priority_score&target=my_coop'``)
gives the view; the other options (``--level``, ``--parent``, ``--target``,
``--weights``, ``--country``, ``--filter``, ``--lang``, ``--scheme``, ``--classes``,
``--years``, ``--before``)
change it. Everything is parsed by :meth:`geo.indicators.view.View.from_query`, so a link and the
options mean the same, and anything it cannot use is an error here (a link opened in the
browser drops it with a notice instead).
"""

from __future__ import annotations

import argparse
from urllib.parse import parse_qsl, urlsplit

from geo._errors import InputValidationError
from geo.indicators.priority import COMPONENTS, TARGET_PROGRAMMES, load_weights
from geo.indicators.view import View
from geo.vocab import PROGRAMME_KEYS

#: Options that map to one key of the view's URL query.
_QUERY_KEYS = {
    "level": "level",
    "parent": "parent",
    "lang": "lang",
    "scheme": "scheme",
    "classes": "k",
    "years": "years",
    "before": "before",
}


def view_query(text: str) -> dict[str, str]:
    """Return the query of a dashboard link: a whole URL, ``?a=b&c=d`` or ``a=b&c=d``."""
    text = text.strip()
    query = urlsplit(text).query if "://" in text else text.split("?", 1)[-1]
    return dict(parse_qsl(query, keep_blank_values=False))


def target_key(text: str) -> str:
    """Return the programme key of ``--target`` (``My.Coop``, ``my_coop`` or ``any``)."""
    keys = {name.lower(): key for name, key in PROGRAMME_KEYS.items()}
    keys.update({key: key for key in TARGET_PROGRAMMES})
    key = keys.get(text.strip().lower())
    if text.strip().lower() == "any":
        return ""
    if key not in TARGET_PROGRAMMES:
        names = [n for n, k in PROGRAMME_KEYS.items() if k in TARGET_PROGRAMMES]
        raise InputValidationError(
            f"--target {text!r} is not a programme; use one of {', '.join(names)} or any"
        )
    return key


def weights_text(text: str) -> str:
    """Return ``--weights`` as the URL's ``w``: one number per component, in order.

    ``text`` is either that list (``1,1,2,1,1``) or ``name=value`` pairs
    (``coverage_gap=2,youth_share=0``); unnamed components keep the default weights.
    """
    if "=" not in text:
        return text
    weights = load_weights()
    for item in text.split(","):
        name, _, value = item.partition("=")
        name = name.strip()
        if name not in COMPONENTS:
            raise InputValidationError(
                f"--weights: {name!r} is not a priority component; use {', '.join(COMPONENTS)}"
            )
        try:
            weights[name] = float(value)
        except ValueError as exc:
            raise InputValidationError(
                f"--weights: {name}={value!r} is not a number (e.g. {name}=2)"
            ) from exc
    return ",".join(f"{weights[c]:g}" for c in COMPONENTS)


def export_view(
    args: argparse.Namespace, *, known_units: set[str], known_children: set[str]
) -> View:
    """Return the view of ``coopatlas export``'s options.

    Raises
    ------
    InputValidationError
        Listing everything the link or the options name that cannot be used.
    """
    query = view_query(args.view) if args.view else {}
    for option, key in _QUERY_KEYS.items():
        value = getattr(args, option, None)
        if value is not None:
            query[key] = str(value)
    if args.target is not None:
        query["target"] = target_key(args.target)
    if args.weights is not None:
        query["w"] = weights_text(args.weights)
    problems: list[str] = []
    for item in args.filter or []:
        key, sep, value = item.partition("=")
        if not sep:
            problems.append(
                f"--filter {item!r} must look like key=value (e.g. org_types=cooperative)"
            )
        query[key.strip()] = value.strip()
    if args.country:
        query["countries"] = args.country
    query = {k: v for k, v in query.items() if v != ""}
    view, notices = View.from_query(query, known_units=known_units, known_children=known_children)
    problems += notices
    if problems:
        raise InputValidationError(problems)
    return view


__all__ = ["export_view", "target_key", "view_query", "weights_text"]
