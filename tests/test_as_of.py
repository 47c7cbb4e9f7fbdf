"""An earlier as-of time gives the figures as they stood then (queries/observed.sql).

`parity summary` computes each period as of its end (plus the follow-up), so
events recorded after that moment must read as "not yet": the contact is
censored at the as-of time instead.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from parity import metrics
from parity.importers.pipeline import import_files
from parity.store import Store
from tests.conftest import write_csv
from tests.test_metrics import PHONE, PHONE_HEADER, SOCIAL, SOCIAL_HEADER, T


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store.memory()
    import_files(
        store,
        [
            write_csv(tmp_path / "phone.csv", PHONE_HEADER, PHONE),
            write_csv(tmp_path / "social.csv", SOCIAL_HEADER, SOCIAL),
        ],
    )
    return store


def test_events_after_the_as_of_time_have_not_happened_yet(store: Store) -> None:
    as_of = datetime.fromisoformat(T) + timedelta(seconds=150)
    phone = metrics.compute(store.con, as_of=as_of).channels["phone"]
    # p1 and p2 answered by +150; p3 (answered +180) and p4 (abandoned +300) still waiting
    assert phone["response_rate"] == pytest.approx(2 / 4)
    assert phone["abandon_rate"] == pytest.approx(0)
    assert phone["resolution_rate"] == pytest.approx(0)  # first resolution at +600
    # KM: 60 (3/4), 120 (1/2), then p3 and p4 censored at 150: no later event → 120
    assert phone["first_response_time_median_s"] == pytest.approx(120.0)
    # p3's hold happened after an answer that had not happened yet
    assert phone["hold_time_median_s"] == pytest.approx(60.0)


def test_the_default_as_of_masks_nothing(store: Store) -> None:
    default = metrics.compute(store.con)
    explicit = metrics.compute(store.con, as_of=default.period.as_of)
    assert default.channels == explicit.channels
