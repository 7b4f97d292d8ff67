"""Property tests: every parser, on any bytes, returns a sound batch or raises marketproof's own error.

Two kinds of input: arbitrary bytes, and the hand-written fixtures of every format with random edits
(cut, duplicated, swapped or rewritten lines, odd cells, stray bytes), which reach far deeper into each
parser than noise does. A batch that parses must hold only finite values on real calendar dates, and
writing it to a store must succeed or fail with marketproof's own error (the store refuses, for
instance, one series field twice on one day); every such write is rolled back.
"""

from __future__ import annotations

import inspect
import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robustness_kit import FIXTURES, TALLY

import marketproof.parsers.edgar
import marketproof.parsers.fred
import marketproof.parsers.prices
from marketproof.errors import MarketproofError
from marketproof.models import RawMeta, utc_now
from marketproof.parsers.base import Parser
from marketproof.parsers.registry import PARSERS, detect_parser

PULL_PARSERS = [
    obj for module in (marketproof.parsers.fred, marketproof.parsers.prices, marketproof.parsers.edgar)
    for obj in vars(module).values()
    if inspect.isclass(obj) and issubclass(obj, Parser) and obj.__module__ == module.__name__
]
ALL_PARSERS = [*PARSERS, *(p for p in PULL_PARSERS if p not in PARSERS)]
SEEDS = {path.relative_to(FIXTURES).as_posix(): path.read_bytes() for path in sorted(FIXTURES.rglob("*")) if path.is_file()}
ODD_CELLS = [b"", b".", b"nan", b"NaN", b"inf", b"-inf", b"1e309", b"-0", b"null", b"9999-99-99", b"2024-02-30",
             b"0000-01-01", b"\xef\xbb\xbf", b'"', b'""', b",", b";", b"\t", b"\r", b"\x00", b"\xff\xfe", b"{}", b"[]",
             b"-99.99", b"-999", b"1,234.5", b"\xe2\x80\x8b", b"\xef\xbc\x91", b"2024-01-01T00:00:00Z", b"<html>"]
SETTINGS = settings(max_examples=30, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

assert len(PARSERS) >= 15 and len(PULL_PARSERS) >= 4, "premise: the parser lists were found"


def _edited(data: st.DataObject, raw: bytes) -> bytes:
    lines = raw.split(b"\n")
    for _ in range(data.draw(st.integers(1, 6), label="edits")):
        op = data.draw(st.sampled_from(["cut", "drop", "dup", "swap", "cell", "byte", "truncate", "join"]), label="op")
        i = data.draw(st.integers(0, max(0, len(lines) - 1)), label="line")
        if op == "cut" and lines:
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        elif op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "dup" and lines:
            lines.insert(i, lines[i])
        elif op == "swap" and len(lines) > 1:
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cell" and lines:
            cells = lines[i].split(b",")
            k = data.draw(st.integers(0, len(cells) - 1))
            cells[k] = data.draw(st.sampled_from(ODD_CELLS))
            lines[i] = b",".join(cells)
        elif op == "byte" and lines:
            pos = data.draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + data.draw(st.binary(min_size=1, max_size=3)) + lines[i][pos:]
        elif op == "truncate":
            lines = lines[: i + 1]
        elif op == "join" and len(lines) > 1 and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + lines[i + 1]]
    return b"\n".join(lines)


class _Rollback(Exception):
    pass


WRITES = {"tried": 0, "refused": 0}


@pytest.fixture(scope="module")
def store(blank_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    """One store for every example; each write is rolled back."""
    import shutil

    from marketproof.store import Store

    path = tmp_path_factory.mktemp("fuzz-store") / "store.duckdb"
    shutil.copy(blank_store_template, path)
    with Store.open(path) as opened:
        yield opened


def _assert_sound(batch, parser: type[Parser]) -> None:
    obs = batch.observations
    for sid, day, value in zip(obs.series_id, obs.date, obs.value):
        assert math.isfinite(value), f"{parser.name}: non-finite value {value} for {sid} {day}"
        parsed = date.fromisoformat(day)  # a real calendar date, in ASCII ISO form
        assert parsed.year >= 1 and len(day) == 10, day
    for table, rows in batch.records.items():
        for row in rows:
            for key, value in row.items():
                if isinstance(value, float):
                    assert math.isfinite(value), f"{parser.name}: {table}.{key} = {value}"


def _parse(parser: type[Parser], raw: bytes, filename: str, store) -> None:
    from marketproof.models import RawPayload

    # What a pull tells its parser besides the bytes (file imports leave these empty).
    params = {"series": "FUZZ", "symbol": "FUZZ", "ticker": "FUZZ"} if parser in PULL_PARSERS else {}
    meta = RawMeta(origin=f"fuzz/{filename}", origin_kind="file", filename=filename, retrieved_at=utc_now(), params=params)
    try:
        batch = parser.parse(raw, meta)
    except MarketproofError as exc:
        assert "\n" not in exc.one_line()
        return
    except Exception as exc:
        TALLY.fault(f"parser {parser.name}: {type(exc).__name__}", True, False)
        raise
    _assert_sound(batch, parser)
    WRITES["tried"] += 1
    try:
        with store.transaction():
            store.write_batch(RawPayload(raw, meta), batch, source_key=f"fuzz:{filename}")
            raise _Rollback
    except _Rollback:
        pass
    except MarketproofError:
        WRITES["refused"] += 1


@pytest.mark.parametrize("parser", ALL_PARSERS, ids=lambda p: p.name)
@SETTINGS
@given(raw=st.binary(max_size=3000), filename=st.sampled_from(["RUT.csv", "data.csv", "x.json", "", "F-F_Research_Data_Factors.csv"]))
def test_parser_on_arbitrary_bytes_raises_only_marketproof_errors(parser: type[Parser], raw: bytes, filename: str,
                                                                 store) -> None:
    _parse(parser, raw, filename, store)


@pytest.mark.parametrize("parser", ALL_PARSERS, ids=lambda p: p.name)
@SETTINGS
@given(data=st.data())
def test_parser_on_edited_real_formats_raises_only_marketproof_errors(parser: type[Parser], data: st.DataObject,
                                                                     store) -> None:
    own = [name for name, raw in SEEDS.items() if _sniffs(parser, raw, Path(name).name)]
    name = data.draw(st.sampled_from(own or list(SEEDS)) if not own or data.draw(st.booleans()) else st.sampled_from(list(SEEDS)),
                     label="seed")
    _parse(parser, _edited(data, SEEDS[name]), Path(name).name, store)


def _sniffs(parser: type[Parser], raw: bytes, filename: str) -> bool:
    return parser.sniff(raw[:8192].decode("utf-8-sig", errors="replace"), filename)


@SETTINGS
@given(raw=st.binary(max_size=2000), filename=st.text(max_size=30))
def test_format_detection_raises_only_marketproof_errors(raw: bytes, filename: str) -> None:
    try:
        detect_parser(raw, filename, "fuzz")
    except MarketproofError:
        pass


def test_every_parser_was_fed_its_own_format() -> None:
    # Guards the seeds: a parser with no fixture of its own is only fuzzed with noise and other formats.
    fed = {p.name for p in ALL_PARSERS if any(_sniffs(p, raw, Path(n).name) for n, raw in SEEDS.items())}
    skipping = {p.name for p in ALL_PARSERS if p.skip_reason}
    json_parsers = {p.name for p in PULL_PARSERS}
    assert {p.name for p in ALL_PARSERS} - fed - skipping - json_parsers == set()



@pytest.mark.parametrize("parser", [p for p in ALL_PARSERS if not p.skip_reason], ids=lambda p: p.name)
def test_unedited_fixtures_parse_and_write(parser: type[Parser], store) -> None:
    # The write half of the properties above only runs for inputs that parse: make sure it runs at all.
    own = [(n, raw) for n, raw in SEEDS.items() if _sniffs(parser, raw, Path(n).name)]
    before = WRITES["tried"] - WRITES["refused"]
    for name, raw in own:
        _parse(parser, raw, Path(name).name, store)
    assert not own or WRITES["tried"] - WRITES["refused"] > before, f"no fixture of {parser.name} reached the store"
