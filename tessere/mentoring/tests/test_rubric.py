"""The capacity rubric: three capacities, four written descriptors each."""

from __future__ import annotations

from tessere.mentoring.models import CapacityAssessment
from tessere.mentoring.rubric import CAPACITIES, CAPACITY_KEYS, LEVELS, SCORES, capacity


def test_three_capacities_named_by_the_programme_match_the_model() -> None:
    assert CAPACITY_KEYS == ("organise", "monitor", "mechanisms")
    fields = {f.name for f in CapacityAssessment._meta.get_fields()}
    assert set(CAPACITY_KEYS) <= fields


def test_each_capacity_has_four_distinct_written_descriptors() -> None:
    assert SCORES == (1, 2, 3, 4)
    assert set(LEVELS) == set(SCORES)
    for cap in CAPACITIES:
        assert sorted(cap.descriptors) == [1, 2, 3, 4]
        texts = [cap.descriptor(score) for score in SCORES]
        assert all(len(text) > 60 for text in texts), cap.key
        assert len(set(texts)) == 4
        assert all(text.startswith(("Il capofila", "Le criticità")) for text in texts)
        assert str(cap.label) and str(cap.short_label)


def test_lookup_by_key() -> None:
    assert capacity("monitor").key == "monitor"
