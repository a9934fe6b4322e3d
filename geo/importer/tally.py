"""Add up the reports of the chunks of an organization import into the whole import's.

Each chunk of a chunked build is imported on its own and reports like a small
import (:func:`geo.importer.report.organizations_report` plus the stages' notes).
:class:`ReportTally` adds those reports up, in file order, into the report the
whole import gives: counts summed, reasons and flags merged and sorted the same
way, each unmatched department name counted once with the suggestions of its
first row (chunks give their groups in file order, so names with as many rows sort
as the whole import sorts them), each file described once (with its whole row count)
and its id-counter and country decisions listed once; unrecognised type labels
are counted across chunks.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from geo.importer.report import sort_label_counts


class ReportTally:
    """The running total of the chunk reports of one import."""

    def __init__(self) -> None:
        self.input_rows = self.accepted = self.rejected = 0
        self.reasons: Counter[str] = Counter()
        self.flags: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()  # in order of first appearance
        self._unmatched: dict[tuple[Any, Any], dict[str, Any]] = {}
        self.unrecognised_types: Counter[str] = Counter()
        self._files: dict[int, dict[str, Any]] = {}  # file index -> its entry
        self._counters: dict[int, list[dict[str, Any]]] = {}
        self._countries: dict[int, list[dict[str, Any]]] = {}

    def add(self, file: int, report: dict[str, Any], statuses: list[str]) -> None:
        """Add the report of the next chunk of file number ``file``.

        Parameters
        ----------
        file
            The file's position among the import's files.
        report
            The chunk's report (with ``id_counters`` and ``country_from_file`` notes).
        statuses
            The canonical status of each accepted row of the chunk.
        """
        self.input_rows += report["input_rows"]
        self.accepted += report["accepted"]
        self.rejected += report["rejected"]
        self.reasons.update(report["rejected_by_reason"])
        self.flags.update(report["flags_by_kind"])
        self.statuses.update(statuses)
        for group in report["unmatched_departments"]:
            known = self._unmatched.get((group["value"], group["status"]))
            if known is None:
                self._unmatched[(group["value"], group["status"])] = dict(group)
            else:
                known["rows"] += group["rows"]
        for group in report["unrecognised_types"]:
            self.unrecognised_types[group["value"]] += group["rows"]
        self._files.setdefault(file, report["files"][0])
        self._counters.setdefault(file, report.get("id_counters", []))
        entries = report.get("country_from_file", [])
        if file not in self._countries:
            self._countries[file] = [dict(entry) for entry in entries]
        else:
            for known, entry in zip(self._countries[file], entries, strict=True):
                if "rows" in entry:
                    known["rows"] += entry["rows"]

    def report(self, rows_per_file: list[int], extra_flags: Counter[str]) -> dict[str, Any]:
        """Return the whole import's report.

        Parameters
        ----------
        rows_per_file
            Data rows of each file (the files' ``rows``).
        extra_flags
            Flags counted after the chunks (possible duplicates).
        """
        files = [dict(self._files[k], rows=n) for k, n in enumerate(rows_per_file)]
        flags = self.flags + extra_flags
        statuses = sorted(self.statuses.items(), key=lambda kv: -kv[1])  # stable: first seen
        return {
            "files": files,
            "input_rows": self.input_rows,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "rejected_by_reason": dict(sorted(self.reasons.items())),
            "flags_by_kind": {code: n for code, n in sorted(flags.items()) if n},
            "unmatched_departments": sorted(
                self._unmatched.values(), key=lambda g: (-g["rows"], str(g["value"]))
            ),
            "unrecognised_types": sort_label_counts(
                [{"value": v, "rows": n} for v, n in self.unrecognised_types.items()]
            ),
            "id_counters": [e for k in range(len(rows_per_file)) for e in self._counters[k]],
            "country_from_file": [e for k in range(len(rows_per_file)) for e in self._countries[k]],
            "statuses": dict(statuses),
            "inactive": sum(n for s, n in statuses if s not in ("active", "unknown")),
        }
