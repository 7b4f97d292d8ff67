"""Imports stream: a large file is parsed a block of text and a chunk of rows at a time, written inside the import's
one transaction, so peak memory follows the chunk, not the file; and streaming changes nothing else: the rows, the
series, the provenance (sha256 of every byte) and every refusal at the door are what the whole-file parse gives.

Blocks and chunks are patched tiny here, so even small hand-written files cross many of each."""

from __future__ import annotations

import csv
import hashlib
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from robustness_kit import TALLY, market_base_csv, store_hash

import marketproof.parsers.stream as text_stream
import marketproof.store.streamed as streamed
from marketproof.errors import BadInputError, ParseError
from marketproof.importer import import_paths
from marketproof.models import RawMeta
from marketproof.parsers.registry import detect_parser
from marketproof.paths import shared_data_dir
from marketproof.sources.files import FileSource
from marketproof.store import Store


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_stream, "BLOCK_BYTES", 700)  # a few lines per block, cutting lines in two
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 50)


def multi_ticker_csv(tickers: int, days: int, start: date = date(1990, 1, 1)) -> str:
    """A yfinance multi-ticker export (Price/Ticker/Date header lines), weekdays, values from the row number."""
    fields = ("Adj Close", "Close", "High", "Low", "Open", "Volume")
    names = [f"T{n:03d}" for n in range(tickers)]
    lines = ["Price," + ",".join(f for f in fields for _ in names),
             "Ticker," + ",".join(t for _ in fields for t in names),
             "Date" + "," * (len(fields) * len(names))]
    day, n = start, 0
    while n < days:
        if day.weekday() < 5:
            base = [50 + (n * 3 + i) % 97 / 4 for i in range(tickers)]
            cells = ([f"{b - 0.5:.4f}" for b in base] + [f"{b:.4f}" for b in base] + [f"{b + 1:.4f}" for b in base]
                     + [f"{b - 1:.4f}" for b in base] + [f"{b + 0.25:.4f}" for b in base] + ["1000"] * tickers)
            lines.append(day.isoformat() + "," + ",".join(cells))
            n += 1
        day += timedelta(days=1)
    return "\n".join(lines) + "\n"


def wide_rates_csv(rows: int, start: date = date(1990, 1, 1)) -> str:
    """A market-base FRED rates table: daily columns, and a monthly one blank on most days."""
    columns = ("DFF SOFR OBFR IORB DGS7 DGS20 DFEDTARL DFEDTARU DGS1MO DGS3MO DGS6MO DGS1 DGS2 DGS5 DGS10 DGS30 "
               "FEDFUNDS").split()
    lines = ["date," + ",".join(columns)]
    day = start
    for n in range(rows):
        cells = [f"{(n * 7 + i) % 500 / 100:.2f}" for i in range(len(columns) - 1)]
        cells.append(f"{n % 90 / 10:.2f}" if day.day == 1 else "")
        lines.append(day.isoformat() + "," + ",".join(cells))
        day += timedelta(days=1)
    return "\r\n".join(lines) + "\r\n"  # Windows line ends: split across blocks too


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def stored(store: Store, fetch_id: int) -> set[tuple[str, str, str, float]]:
    rows = store.con.execute("SELECT series_id, field, strftime(date, '%Y-%m-%d'), value FROM observations "
                             "WHERE fetch_id = ?", [fetch_id]).fetchall()
    return set(rows)


def whole_file_parse(path: Path):
    raw = path.read_bytes()
    meta = RawMeta(origin=path.name, filename=path.name)
    return detect_parser(raw[:8192], path.name, path.name).parse(raw, meta)


CASES = {
    "yfinance multi-ticker": ("prices.csv", lambda: multi_ticker_csv(7, 300)),
    "market-base FRED wide table": ("rates.csv", lambda: wide_rates_csv(900)),
    "market-base OHLC": ("RUT.csv", lambda: market_base_csv(800)),
    "Yahoo bars": ("RUT_yahoo.csv", lambda: "Date,Open,High,Low,Close,Adj Close,Volume\n" + "".join(
        f"{date(2000, 1, 3) + timedelta(days=n)},{10 + n % 7},{11 + n % 7},{9 + n % 7},{10.5 + n % 7},"
        f"{10.25 + n % 7},{n}\n" for n in range(600))),
}


@pytest.mark.parametrize("case", list(CASES))
def test_streamed_import_stores_what_the_whole_file_parse_gives(case: str, tiny_chunks, blank_store: Path,
                                                                 tmp_path: Path) -> None:
    name, make = CASES[case]
    path = write(tmp_path / "data", name, make())
    expected = whole_file_parse(path)
    assert detect_parser(path.read_bytes()[:8192], name, name).streams
    with Store.open(blank_store) as store:
        [result] = import_paths(store, [path.parent])
        assert result.status == "imported" and result.rows == len(expected.observations) > 200
        assert stored(store, result.fetch_id) == set(expected.observations.rows())
        series = dict(store.con.execute("SELECT series_id, frequency FROM series").fetchall())
        assert series == {s.series_id: s.frequency for s in expected.series}
        sha, size, rows, notes = store.con.execute(
            "SELECT sha256, size_bytes, rows_written, notes FROM fetches WHERE fetch_id = ?", [result.fetch_id]).fetchone()
    assert (sha, size) == (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_size)
    assert rows == len(expected.observations) and notes == ("; ".join(expected.notes) or None)


def test_streamed_wide_table_counts_match_the_raw_cells(tiny_chunks, blank_store: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "data", "rates.csv", wide_rates_csv(900))
    with path.open(newline="") as handle:  # golden figures with plain csv: non-blank cells per column
        body = list(csv.reader(handle))
    header, rows = body[0], body[1:]
    filled = {column: sum(1 for r in rows if r[i]) for i, column in enumerate(header) if i}
    with Store.open(blank_store) as store:
        import_paths(store, [path.parent])
        counts = dict(store.con.execute("SELECT series_id, count(*) FROM observations GROUP BY ALL").fetchall())
        monthly = store.con.execute("SELECT frequency FROM series WHERE series_id = 'FEDFUNDS'").fetchone()[0]
    assert counts == filled and monthly == "monthly"  # the frequency reads the days of every chunk


@pytest.mark.parametrize("fault, row, fragment", [
    ("not a number", "2026-01-05,abc,{v},{v},{v},0.0,,", "'abc' is not a number"),
    ("infinite value", "2026-01-05,inf,{v},{v},{v},0.0,,", "not a finite number"),
    ("implausible date", "2999-01-05,{v},{v},{v},{v},0.0,,", "implausible date"),
    ("date before 1800", "1700-01-05,{v},{v},{v},{v},0.0,,", "implausible date"),
    ("zero price", "2026-01-05,0,0,0,0,0.0,,", "a price of 0 is a placeholder"),
    ("short row", "2026-01-05,{v}", "row has 2 fields"),
])
def test_regression_bad_row_after_many_written_chunks_refuses_the_whole_import(
        fault: str, row: str, fragment: str, tiny_chunks, small_store: tuple[Path, str], tmp_path: Path) -> None:
    path_store, before = small_store
    good = market_base_csv(800, start_year=2003)
    data = tmp_path / "data"
    write(data, "SPX.csv", good)
    bad = write(data, "SOX.csv", good + row.format(v="1234.5") + "\n")
    line = good.count("\n") + 1
    with Store.open(path_store) as store, pytest.raises(ParseError) as err:
        import_paths(store, [data])
    message = err.value.one_line()
    assert fragment in message and bad.name in message
    if "implausible" not in fault and "zero" not in fault:
        assert f"line {line}" in message
    assert store_hash(path_store) == before  # neither file, nor any chunk of the bad one
    TALLY.fault(f"streamed import: {fault} after many chunks", False, store_hash(path_store) != before)


def test_regression_date_repeated_in_a_later_chunk_is_refused(tiny_chunks, small_store: tuple[Path, str],
                                                               tmp_path: Path) -> None:
    path_store, before = small_store
    good = market_base_csv(800, start_year=2003)
    first_row = good.splitlines()[1]
    path = write(tmp_path / "data", "SPX.csv", good + first_row + "\n")  # market-base files need not be sorted
    with Store.open(path_store) as store, pytest.raises(ParseError, match="has more than one value for 2003-01-01"):
        import_paths(store, [path.parent])
    assert store_hash(path_store) == before


def test_regression_bad_utf8_in_a_late_block_names_the_byte_and_line(tiny_chunks, blank_store: Path,
                                                                     tmp_path: Path) -> None:
    good = market_base_csv(300).encode()
    raw = good + b"2026-01-05,1\xff00.0,1,1,1,0.0,,\n"
    path = write(tmp_path / "data", "RUT.csv", raw)
    with pytest.raises(ParseError) as whole:
        whole_file_parse(path)
    with Store.open(blank_store) as store, pytest.raises(ParseError) as streamed_error:
        import_paths(store, [path.parent])
    assert f"offset {len(good) + 12}" in streamed_error.value.one_line()
    assert streamed_error.value.line == whole.value.line == good.count(b"\n") + 1
    assert streamed_error.value.message == whole.value.message
    with Store.open(blank_store, read_only=True) as store:
        assert store.is_empty()


def test_regression_lone_cr_line_ends_split_across_blocks(tiny_chunks, blank_store: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "data", "RUT.csv", market_base_csv(300).replace("\n", "\r"))
    expected = whole_file_parse(path)
    with Store.open(blank_store) as store:
        [result] = import_paths(store, [path.parent])
        assert stored(store, result.fetch_id) == set(expected.observations.rows()) and result.rows == 1200


def test_regression_file_changed_while_imported_is_refused(blank_store: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "data", "RUT.csv", market_base_csv(50))
    real_digest = FileSource.digest

    def digest_then_change(self, query):
        answer = real_digest(self, query)
        path.write_text(market_base_csv(60))  # the file grows between the digest and the read
        return answer

    monkeypatch.setattr(FileSource, "digest", digest_then_change)
    with Store.open(blank_store) as store, pytest.raises(BadInputError, match="changed while it was being imported"):
        import_paths(store, [path.parent])
    with Store.open(blank_store, read_only=True) as store:
        assert store.is_empty()


def test_unchanged_streamed_file_is_not_parsed_again(blank_store: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "data", "RUT.csv", market_base_csv(50))
    with Store.open(blank_store) as store:
        [first] = import_paths(store, [path.parent])
        monkeypatch.setattr(FileSource, "text_stream", lambda *a: pytest.fail("an unchanged file was read again"))
        [again] = import_paths(store, [path.parent])
    assert (first.status, again.status, again.fetch_id) == ("imported", "unchanged", first.fetch_id)


def test_replacing_a_streamed_file_keeps_only_the_new_rows(tiny_chunks, blank_store: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "data", "RUT.csv", market_base_csv(300))
    with Store.open(blank_store) as store:
        import_paths(store, [path.parent])
        path.write_text(market_base_csv(200, series_seed=7))
        [result] = import_paths(store, [path.parent])
        assert result.status == "replaced"
        assert store.con.execute("SELECT count(*), count(DISTINCT fetch_id) FROM observations").fetchone() == (800, 1)


def test_snapshot_files_stream_as_they_parse_whole(tiny_chunks, blank_store: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_stream, "BLOCK_BYTES", 64 * 1024)
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 20_000)
    shared = shared_data_dir()
    names = ["market-base/RUT.csv", "market-base/fred/rates/rates.csv", "market-base/cboe/volatility.csv",
             "shiller/data.csv", "cpi-us/cpiai.csv", "vix/vix-daily.csv", "tqqq-simulation/RUT_yahoo.csv",
             "etf-seasonality/IWM.csv", "us-10y-yield/monthly.csv", "market-base/etf/pool_prices.csv"]
    missing = [n for n in names if not (shared / n).is_file()]
    if missing:
        pytest.skip(f"the shared data snapshot lacks {', '.join(missing)} (set MARKETPROOF_SHARED)")
    for name in names:
        folder = tmp_path / name.replace("/", "_")
        folder.mkdir()
        shutil.copy(shared / name, folder / Path(name).name)
        expected = whole_file_parse(folder / Path(name).name)
        with Store.open(blank_store) as store:
            [result] = import_paths(store, [folder])
            assert stored(store, result.fetch_id) == set(expected.observations.rows()), name
            assert result.rows == len(expected.observations), name


def test_regression_store_shrunk_by_its_own_checkpoint_is_not_called_damaged(blank_store: Path,
                                                                             tmp_path: Path) -> None:
    # DuckDB cuts free blocks off the end of its file while the header still counts them: a file shorter than
    # its header says is damaged only when a block in use is missing (the truncated-store test covers that).
    from marketproof.store.store import truncation_of

    folder = tmp_path / "data"
    for rows, seed in ((20_000, 0), (100, 1), (100, 2)):  # a large series replaced twice by a small one
        write(folder, "RUT.csv", market_base_csv(rows, start_year=1950, series_seed=seed))
        with Store.open(blank_store) as store:
            import_paths(store, [folder])
    assert truncation_of(blank_store), "premise: the file is shorter than its header counts"
    with Store.open(blank_store, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM observations").fetchone()[0] == 400


def test_regression_import_peak_memory_follows_the_chunk_not_the_file(blank_store: Path, tmp_path: Path) -> None:
    # Before imports streamed: about 12 MB of memory for each MB of a multi-ticker export (80 MB took 1.1 GB).
    from test_data_cannot_be_lost import import_peak_kb

    files = []
    for tickers in (8, 60):  # about 3 and 25 MB
        folder = tmp_path / f"multi-{tickers}"
        files.append(write(folder, "prices.csv", multi_ticker_csv(tickers, 9_000, start=date(1960, 1, 1))))
    peaks = [import_peak_kb(blank_store, f, tmp_path / f"{f.parent.name}.duckdb") / 1024 for f in files]
    grown_file = (files[1].stat().st_size - files[0].stat().st_size) / 2**20
    assert grown_file > 15
    assert (peaks[1] - peaks[0]) / grown_file < 1, f"{(peaks[1] - peaks[0]) / grown_file:.2f} MB per MB ({peaks})"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab,1.\r\n\"é€😀 ")), min_size=1, max_size=400),
       bom=st.booleans(), block=st.integers(min_value=1, max_value=64))
def test_text_stream_lines_are_the_whole_texts_lines(text: str, bom: bool, block: int) -> None:
    """Any text, cut into blocks anywhere (inside a \\r\\n or a multi-byte character): the lines csv would get from
    the whole decoded text, and the sha256 and size of every byte."""
    import io

    from hypothesis import assume

    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    assume(raw.strip() and text.strip())
    meta = RawMeta(origin="t.csv")
    stream = text_stream.TextStream(io.BytesIO(raw), meta, block_bytes=block)
    assert list(stream) == list(io.StringIO(text, newline=""))
    stream.drain()
    assert (stream.sha256, stream.size) == (hashlib.sha256(raw).hexdigest(), len(raw))


@settings(max_examples=200, deadline=None)
@given(head=st.text(alphabet=st.sampled_from(list("a,1\r\n€")), max_size=80),
       bad=st.sampled_from([b"\xff", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80", b"\xf0\x9f"]),
       tail=st.text(alphabet=st.sampled_from(list("a,1\n")), max_size=20), bom=st.booleans(),
       block=st.integers(min_value=1, max_value=32))
def test_text_stream_names_a_bad_byte_as_the_whole_file_decode_does(head: str, bad: bytes, tail: str, bom: bool,
                                                                    block: int) -> None:
    import io

    from hypothesis import assume

    from marketproof.parsers.base import decode_text

    raw = (b"\xef\xbb\xbf" if bom else b"") + ("x" + head).encode() + bad + tail.encode()
    meta = RawMeta(origin="t.csv")
    with pytest.raises(ParseError) as whole:
        decode_text(raw, meta)
    assume("UTF-8" in whole.value.message)
    with pytest.raises(ParseError) as streamed_error:
        list(text_stream.TextStream(io.BytesIO(raw), meta, block_bytes=block))
    assert (streamed_error.value.message, streamed_error.value.line) == (whole.value.message, whole.value.line)
