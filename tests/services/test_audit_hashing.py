"""The fast paths that hash audit events and rows give exactly what the plain JSON encoder gives."""

from __future__ import annotations

import json
from datetime import date

import pytest

from pmsdesk.models.base import utcnow
from pmsdesk.services.actor import Actor
from pmsdesk.services.audit import Change, _event_values, _utc_iso, event_hash, sorted_json_encoder

VALUES = [None, 0, -7, 2**70, 1.5, -0.0, 1e300, float("inf"), "", "é ü ☃ \u2028 \"quoted\" \\", True,
          {"b": [1, {"z": None, "a": False}], "a": "x"}, {"when": date(2025, 7, 1)}, [], {}, [[["deep"]]]]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_the_built_once_encoder_writes_what_json_writes(value):
    audit = sorted_json_encoder(item_separator=", ", key_separator=": ", default=str)
    assert audit(value) == json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode(value)
    if "when" not in (value if isinstance(value, dict) else {}):
        compact = sorted_json_encoder(item_separator=",", key_separator=":")
        assert compact(value) == json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_an_event_built_from_its_parts_hashes_as_the_chain_check_recomputes_it(value):
    change = Change("update", "kpi", "ké-1", old={"name": value}, new={"name": "n", "other": value},
                    reason=None if isinstance(value, bool) else "sync ☃")
    now = utcnow()
    row = _event_values(Actor.system("tester ü"), change, "0" * 64, (now, _utc_iso(now)))
    payload = {"occurred_at": _utc_iso(now), "actor": "tester ü", "action": "update", "entity": "kpi",
               "entity_id": "ké-1", "old": change.old, "new": change.new, "reason": change.reason}
    assert row["event_hash"] == event_hash("0" * 64, payload)
