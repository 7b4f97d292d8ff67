"""Kept regex programs: a pattern rebuilt from the cache behaves exactly as re.compile's, and a missing, damaged,
foreign or unwritable cache only costs time."""

from __future__ import annotations

import importlib
import re

import pytest

SAMPLES = [
    (r"(?P<day>\d{1,2})\s+(?P<month>(?-i:May|June))(?:,?\s+(?P<year>(?:19|20)\d{2}))?", re.I),
    (r"(?<![\w-])(?:rose|fell)\s+(\d+(?:\.\d+)?)\s?%", 0),
    (r"\b(?:the\s+)?(?:Russell\s+2000|small[- ]caps?)\b", re.I),
    (r"^\W*key takeaways?\W*$", re.I | re.M),
]
TEXTS = ["On 5 June, 2026 the index rose 2.5% while small caps fell 1%.", "KEY TAKEAWAYS", "3 may 2020",
         "The Russell 2000 rose 10 %", "Key takeaways:\nnone"]


@pytest.fixture
def patterns(tmp_path, monkeypatch):
    monkeypatch.setenv("MARKETPROOF_CACHE", str(tmp_path))
    import marketproof.patterns as module

    module = importlib.reload(module)
    yield module
    importlib.reload(module)


def _fresh(module):
    """The module as a new process sees it: nothing loaded, nothing pending."""
    module._programs = None
    module._added = {}
    return module


def _behaviour(pattern: re.Pattern[str]) -> list:
    return [(pattern.flags, pattern.groups, pattern.groupindex,
             [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(t)]) for t in TEXTS]


@pytest.mark.parametrize("regex, flags", SAMPLES)
def test_a_kept_program_behaves_as_re_compile(patterns, regex, flags):
    first = patterns.compiled(regex, flags)
    patterns.save()
    assert patterns.cache_path().is_file()
    _fresh(patterns)
    kept = patterns.compiled(regex, flags)
    assert patterns._added == {}, "the second run compiled nothing afresh"
    assert _behaviour(kept) == _behaviour(first) == _behaviour(re.compile(regex, flags))
    assert kept.pattern == regex


def test_a_damaged_cache_is_ignored(patterns):
    path = patterns.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00not a marshal file")
    regex, flags = SAMPLES[0]
    assert _behaviour(patterns.compiled(regex, flags)) == _behaviour(re.compile(regex, flags))


def test_a_corrupt_program_falls_back_to_compiling(patterns):
    regex, flags = SAMPLES[1]
    patterns.compiled(regex, flags)
    patterns.save()
    _fresh(patterns)
    loaded = patterns._load()
    final_flags, words, groups, groupindex, indexgroup = loaded[(regex, flags)]
    loaded[(regex, flags)] = (final_flags, b"\xff\xff\xff\xff" * 3, groups, groupindex, indexgroup)
    assert _behaviour(patterns.compiled(regex, flags)) == _behaviour(re.compile(regex, flags))


def test_programs_from_another_python_build_are_not_used(patterns, monkeypatch):
    regex, flags = SAMPLES[2]
    patterns.compiled(regex, flags)
    patterns.save()
    _fresh(patterns)
    monkeypatch.setattr(patterns, "_BUILD", "another build")
    assert patterns._load() == {}


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("MARKETPROOF_CACHE", str(blocker))
    import marketproof.patterns as module

    module = _fresh(importlib.reload(module))
    regex, flags = SAMPLES[3]
    assert _behaviour(module.compiled(regex, flags)) == _behaviour(re.compile(regex, flags))
    module.save()  # cannot write below a file: nothing raised, nothing kept
    assert not module.cache_path().exists()


def test_a_bad_pattern_raises_as_re_compile_does(patterns):
    with pytest.raises(re.error):
        patterns.compiled(r"(unclosed", 0)
