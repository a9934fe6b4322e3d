"""The upload report speaks the page's language: every rejection reason and flag has words."""

from __future__ import annotations

import pytest

from dashboard.upload_panels import upload_report, verdict_label
from geo.importer.rows import FLAGS, REJECTION_REASONS
from geo.messages import MESSAGES


@pytest.mark.parametrize(
    ("kind", "codes"), [("reason", REJECTION_REASONS), ("flag", FLAGS)]
)  # fmt: skip
def test_every_reason_and_flag_has_words_in_both_languages(kind, codes) -> None:
    missing = [c for c in codes if f"verdict.{kind}.{c}" not in MESSAGES]
    assert missing == []
    extra = [k for k in MESSAGES if k.startswith(f"verdict.{kind}.")]
    assert sorted(k.split(".")[-1] for k in extra) == sorted(codes)  # no words for no code


def test_the_report_shows_words_not_codes() -> None:
    report = {
        "organizations": {
            "files": [{"file": "registro.csv"}],
            "input_rows": 18,
            "accepted": 17,
            "rejected": 1,
            "rejected_by_reason": {"missing_name": 1},
            "flags_by_kind": {"type_unrecognised": 2},
            "unmatched_departments": [],
        }
    }
    text = str(upload_report(report, "es"))
    assert "missing_name" not in text and "type_unrecognised" not in text
    assert "Sin nombre: 1" in text
    assert "Tipo vacío o no reconocido (contado como otra ESS): 2" in text
    assert verdict_label("flag", "not_yet_worded", "en") == "not_yet_worded"
