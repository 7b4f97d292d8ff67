"""The overlap index the reader uses to drop drafts under special-purpose ones agrees with comparing every pair."""

from __future__ import annotations

import random
from types import SimpleNamespace

from marketproof.check.read import _Spans


def test_overlap_index_agrees_with_comparing_every_pair():
    rng = random.Random(7)
    for _ in range(200):
        drafts = [SimpleNamespace(start=a, end=a + rng.randint(1, 40)) for a in rng.sample(range(500), rng.randint(0, 30))]
        index = _Spans(drafts)
        for _ in range(50):
            start = rng.randint(0, 540)
            end = start + rng.randint(1, 30)
            expected = any(d.start < end and start < d.end for d in drafts)
            assert index.overlaps(start, end) == expected, (drafts, start, end)


def test_touching_spans_do_not_overlap():
    index = _Spans([SimpleNamespace(start=10, end=20)])
    assert not index.overlaps(20, 25) and not index.overlaps(0, 10)
    assert index.overlaps(19, 21) and index.overlaps(0, 11) and index.overlaps(12, 13)
