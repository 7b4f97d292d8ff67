"""`marketproof data import` on a corpus of bad inputs, each generated here in a temp folder.

Every case must end in exactly one `error: ...` line (saying what, which file and, where it applies,
which line) with exit code 2, no traceback, and the store's content_hash() unchanged. A few inputs that
look odd but are valid (BOM, CRLF, a folder holding a symlink loop to itself) must import, with the same
values as the plain file.
"""

from __future__ import annotations

import gzip
import io
import os
import random
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from robustness_kit import MARKET_BASE_HEADER, RUT_FIXTURE, TALLY, assert_clean_error, run_cli, store_hash

ROWS = "2024-01-02,1,2,0.5,1.5,0.0,,\n2024-01-03,1,2,0.5,1.6,0.0,,\n"
GOOD = MARKET_BASE_HEADER + ROWS
FIFTY_MB = 50 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One bad input: build it under a folder, return what to pass to `data import`."""

    name: str
    build: Callable[[Path], list[Path]]
    fragments: tuple[str, ...]  # every one must appear in the error line


def _file(name: str, content: bytes | str) -> Callable[[Path], list[Path]]:
    def build(root: Path) -> list[Path]:
        folder = root / "data"
        folder.mkdir()
        path = folder / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return [folder]

    return build


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("RUT.csv", GOOD)
    return buf.getvalue()


def _png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def _garbage_50mb(root: Path) -> list[Path]:
    folder = root / "data"
    folder.mkdir()
    path = folder / "RUT.csv"
    path.write_bytes(random.Random(50).randbytes(FIFTY_MB))
    return [folder]


def _header_then_50mb_text(root: Path) -> list[Path]:
    # Printable junk without a NUL byte: it passes the binary test and must fail on its first row.
    folder = root / "data"
    folder.mkdir()
    chunk = "".join(random.Random(7).choice("abcdefxyz0123456789 ;|") for _ in range(1 << 16))
    with open(folder / "RUT.csv", "w", encoding="utf-8") as handle:
        handle.write(MARKET_BASE_HEADER)
        for _ in range(FIFTY_MB // len(chunk)):
            handle.write(chunk)
    return [folder]


def _symlink_loop(root: Path) -> list[Path]:
    folder = root / "data"
    folder.mkdir()
    (folder / "RUT.csv").write_text(GOOD)
    os.symlink(folder / "b.csv", folder / "a.csv")
    os.symlink(folder / "a.csv", folder / "b.csv")
    return [folder]


def _broken_symlink(root: Path) -> list[Path]:
    folder = root / "data"
    folder.mkdir()
    os.symlink(folder / "gone.csv", folder / "SPX.csv")
    return [folder]


def _symlink_out_of_root(root: Path) -> list[Path]:
    outside = root / "outside"
    outside.mkdir()
    (outside / "SPX.csv").write_text(GOOD)
    folder = root / "data"
    folder.mkdir()
    os.symlink(outside / "SPX.csv", folder / "SPX.csv")
    return [folder]


def _dir_symlink_out_of_root(root: Path) -> list[Path]:
    # A linked folder is not followed, so its files are not imported and nothing escapes the root.
    outside = root / "outside"
    outside.mkdir()
    (outside / "SPX.csv").write_text("not,a,market,file\n")
    folder = root / "data"
    folder.mkdir()
    os.symlink(outside, folder / "escape")
    (folder / "RUT.csv").write_text("")
    return [folder]


def _good_then_bad(root: Path) -> list[Path]:
    # All or nothing: two good files before a bad one must not be written either.
    folder = root / "data"
    folder.mkdir()
    (folder / "A_IXIC.csv").write_text(GOOD)
    (folder / "B_SPX.csv").write_text(GOOD)
    (folder / "C_SOX.csv").write_text(GOOD + "2024-01-04,1,2,0.5,oops,0.0,,\n")
    return [folder]


def _missing_path(root: Path) -> list[Path]:
    return [root / "no-such-folder"]


def _fifo_argument(root: Path) -> list[Path]:
    path = root / "pipe.csv"
    os.mkfifo(path)
    return [path]


def _newline_in_name(root: Path) -> list[Path]:
    folder = root / "data"
    folder.mkdir()
    (folder / "bad\nname.csv").write_bytes(b"")
    return [folder]


CASES = [
    Case("empty file", _file("RUT.csv", b""), ("RUT.csv", "empty")),
    Case("whitespace only", _file("RUT.csv", b" \n\n\t \r\n"), ("RUT.csv", "empty")),
    Case("truncated mid-row", _file("RUT.csv", GOOD + "2024-01-04,1,2"), ("RUT.csv", "line 4", "truncated")),
    Case("truncated inside a quoted field", _file("RUT.csv", GOOD + '2024-01-04,"1,2,0.5,1.7'), ("RUT.csv", "line 4")),
    Case("semicolon delimiter", _file("RUT.csv", GOOD.replace(",", ";")), ("RUT.csv", "no parser recognises", "date;open")),
    Case("tab delimiter", _file("RUT.csv", GOOD.replace(",", "\t")), ("RUT.csv", "no parser recognises")),
    Case("semicolon rows under a comma header", _file("RUT.csv", MARKET_BASE_HEADER + ROWS.replace(",", ";")),
         ("RUT.csv", "line 2", "delimiter")),
    Case("header only", _file("RUT.csv", MARKET_BASE_HEADER), ("RUT.csv", "no data rows")),
    Case("header only, BOM and CRLF", _file("RUT.csv", ("\ufeff" + MARKET_BASE_HEADER).replace("\n", "\r\n")),
         ("RUT.csv", "no data rows")),
    Case("BOM and CRLF, truncated row", _file("RUT.csv", ("\ufeff" + GOOD + "2024-01-04,1,2").replace("\n", "\r\n")),
         ("RUT.csv", "line 4", "truncated")),
    Case("CR-only line ends, bad value", _file("RUT.csv", (GOOD + "2024-01-04,1,2,0.5,x,0.0,,\n").replace("\n", "\r")),
         ("RUT.csv", "line 4", "'x' is not a number")),
    Case("latin-1 byte", _file("RUT.csv", (GOOD + "2024-01-04,1,2,0.5,1.7,0.0,caf\xe9,\n").encode("latin-1")),
         ("RUT.csv", "line 4", "not UTF-8")),
    Case("UTF-16 encoded", _file("RUT.csv", GOOD.encode("utf-16")), ("RUT.csv", "binary")),
    Case("NUL byte after the sniffed head", _file("RUT.csv", GOOD + ROWS * 300 + "2024-01-04,1,2,0.5,1\x00,0,,\n"),
         ("RUT.csv", "line 604")),
    Case("ZIP renamed .csv", _file("RUT.csv", _zip_bytes()), ("RUT.csv", "binary")),
    Case("gzip renamed .csv", _file("RUT.csv", gzip.compress(GOOD.encode(), mtime=0)), ("RUT.csv", "binary")),
    Case("PNG renamed .csv", _file("RUT.csv", _png_bytes()), ("RUT.csv", "binary")),
    Case("HTML error page saved as .csv", _file("RUT.csv", "<!DOCTYPE html><html><body>Too Many Requests</body></html>"),
         ("RUT.csv", "no parser recognises", "DOCTYPE")),
    Case("JSON renamed .csv", _file("RUT.csv", '{"date": "2024-01-02", "close": 1.5}'), ("RUT.csv", "no parser recognises")),
    Case("50 MB of random bytes", _garbage_50mb, ("RUT.csv", "binary")),
    Case("header then 50 MB of text junk", _header_then_50mb_text, ("RUT.csv", "line 2")),
    Case("field over the CSV field limit", _file("RUT.csv", MARKET_BASE_HEADER + "2024-01-02," + "9" * 300_000 + ",2,1,1,0,,\n"),
         ("RUT.csv", "line 2", "field limit")),
    Case("31 February", _file("RUT.csv", GOOD + "2024-02-31,1,2,0.5,1.7,0.0,,\n"), ("RUT.csv", "line 4", "2024-02-31")),
    Case("year 0000", _file("RUT.csv", MARKET_BASE_HEADER + "0000-01-03,1,2,0.5,1.7,0.0,,\n"), ("RUT.csv", "line 2", "0000-01-03")),
    Case("fullwidth digits in a date", _file("RUT.csv", MARKET_BASE_HEADER + "２０２４-01-02,1,2,0.5,1.7,0.0,,\n"),
         ("RUT.csv", "line 2", "YYYY-MM-DD")),
    Case("junk after a date", _file("RUT.csv", MARKET_BASE_HEADER + "2024-01-02xyz,1,2,0.5,1.7,0.0,,\n"),
         ("RUT.csv", "line 2", "2024-01-02xyz")),
    Case("infinite value", _file("RUT.csv", MARKET_BASE_HEADER + "2024-01-02,1,inf,0.5,1.7,0.0,,\n"),
         ("RUT.csv", "line 2", "finite")),
    Case("a date repeated", _file("RUT.csv", GOOD + "2024-01-03,1,2,0.5,1.9,0.0,,\n"), ("RUT.csv", "2024-01-03", "more than one value")),
    Case("good files then a bad one", _good_then_bad, ("C_SOX.csv", "line 4", "'oops' is not a number")),
    Case("symlink loop", _symlink_loop, ("a.csv", "looping symlink")),
    Case("broken symlink", _broken_symlink, ("SPX.csv", "broken")),
    Case("symlink out of the import folder", _symlink_out_of_root, ("SPX.csv", "outside the import folder")),
    Case("missing path", _missing_path, ("no such file or folder", "no-such-folder")),
    Case("named pipe as the argument", _fifo_argument, ("not a regular file",)),
    Case("newline in a file name", _newline_in_name, ("bad name.csv", "empty")),
    Case("linked folder leading out, empty file inside", _dir_symlink_out_of_root, ("RUT.csv", "empty")),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_import_is_one_clean_error_and_changes_nothing(case: Case, small_store, tmp_path: Path) -> None:
    store, before = small_store
    paths = case.build(tmp_path)
    outcome = run_cli("--store", store, "data", "import", *paths)
    changed = store_hash(store) != before
    TALLY.bad_input(f"data import: {case.name}", outcome, changed)
    assert_clean_error(outcome, case.fragments)
    assert not changed, "the store changed after a failed import"


def _import_values(store: Path) -> dict[tuple[str, str], float]:
    from marketproof.store import Store

    with Store.open(store, read_only=True) as s:
        rows = s.con.execute("SELECT CAST(date AS VARCHAR), field, value FROM observations WHERE series_id = 'RUT'").fetchall()
    return {(d, f): v for d, f, v in rows}


@pytest.mark.parametrize(
    "variant",
    [
        ("BOM", lambda text: ("\ufeff" + text).encode()),
        ("CRLF", lambda text: text.replace("\n", "\r\n").encode()),
        ("BOM and CRLF", lambda text: ("\ufeff" + text).replace("\n", "\r\n").encode()),
        ("no final newline", lambda text: text.rstrip("\n").encode()),
        ("blank lines between rows", lambda text: text.replace("\n", "\n\n").encode()),
    ],
    ids=lambda v: v[0],
)
def test_valid_variants_import_the_same_values(variant, blank_store: Path, tmp_path: Path) -> None:
    name, encode = variant
    plain = RUT_FIXTURE.read_text()
    expected = {}
    for line in plain.splitlines()[1:]:  # read off the fixture by hand: date,open,high,low,close,...
        cells = line.split(",")
        for i, field in enumerate(("open", "high", "low", "close"), start=1):
            expected[(cells[0], field)] = float(cells[i])
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "RUT.csv").write_bytes(encode(plain))
    outcome = run_cli("--store", blank_store, "data", "import", folder)
    TALLY.bad_input(f"data import: valid {name}", outcome)
    assert outcome.rc == 0 and not outcome.crashed, outcome.describe()
    assert _import_values(blank_store) == expected


def test_content_decides_the_format_not_the_name(blank_store: Path, tmp_path: Path) -> None:
    # A market file saved as .xlsx, and a Fama-French file saved under an index's name.
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(RUT_FIXTURE, folder / "RUT.xlsx")
    shutil.copy(RUT_FIXTURE.parents[2] / "french" / "ff3_monthly.csv", folder / "SPX.csv")
    outcome = run_cli("--store", blank_store, "data", "import", folder, "--format", "json")
    TALLY.bad_input("data import: formats under other names", outcome)
    assert outcome.rc == 0 and not outcome.crashed, outcome.describe()
    parsers = {r["file"]: r["parser"] for r in __import__("json").loads(outcome.stdout)}
    assert parsers == {"RUT.xlsx": "market-base-ohlc", "SPX.csv": "french"}
    from marketproof.store import Store

    with Store.open(blank_store, read_only=True) as store:
        assert not store.has_series("SPX"), "a factor file was stored as the S&P 500"


def test_folder_holding_a_link_to_itself_imports_without_looping(blank_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(RUT_FIXTURE, folder / "RUT.csv")
    os.symlink(folder, folder / "loop")
    outcome = run_cli("--store", blank_store, "data", "import", folder, "--format", "json")
    TALLY.bad_input("data import: folder linking to itself", outcome)
    assert outcome.rc == 0 and not outcome.crashed, outcome.describe()
    assert [r["file"] for r in __import__("json").loads(outcome.stdout)] == ["RUT.csv"]


def test_named_pipe_inside_a_folder_is_not_read(blank_store: Path, tmp_path: Path) -> None:
    # Opening a FIFO for reading would block forever; a folder walk must pass it by.
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(RUT_FIXTURE, folder / "RUT.csv")
    os.mkfifo(folder / "SPX.csv")
    outcome = run_cli("--store", blank_store, "data", "import", folder, "--format", "json")
    TALLY.bad_input("data import: FIFO in a folder", outcome)
    assert outcome.rc == 0 and not outcome.crashed, outcome.describe()
    assert [r["file"] for r in __import__("json").loads(outcome.stdout)] == ["RUT.csv"]


# ---- bad store paths ----------------------------------------------------------------------------


def _garbage_store(root: Path) -> Path:
    path = root / "garbage.duckdb"
    path.write_bytes(random.Random(3).randbytes(300_000))
    return path


def _truncated_store(root: Path, template: Path) -> Path:
    path = root / "truncated.duckdb"
    path.write_bytes(template.read_bytes()[:100_000])
    return path


def _folder_as_store(root: Path) -> Path:
    path = root / "a-folder"
    path.mkdir()
    return path


def _store_under_a_file(root: Path) -> Path:
    blocker = root / "plain-file"
    blocker.write_text("x")
    return blocker / "store.duckdb"


def _store_is_a_text_file(root: Path) -> Path:
    path = root / "notes.duckdb"
    path.write_text("these are my notes, not a database\n")
    return path


STORE_CASES = {
    "random bytes as the store": (_garbage_store, ("cannot open the store",)),
    "a folder as the store": (_folder_as_store, ("is a folder",)),
    "store path below a plain file": (_store_under_a_file, ("cannot create the store's folder",)),
    "a text file as the store": (_store_is_a_text_file, ("cannot open the store",)),
}


@pytest.mark.parametrize("name", list(STORE_CASES))
def test_bad_store_path_is_one_clean_error_and_leaves_the_file(name: str, tmp_path: Path) -> None:
    make, fragments = STORE_CASES[name]
    store = make(tmp_path)
    before = store.read_bytes() if store.is_file() else None
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(RUT_FIXTURE, folder / "RUT.csv")
    outcome = run_cli("--store", store, "data", "import", folder)
    changed = store.is_file() and store.read_bytes() != before
    TALLY.bad_input(f"data import: {name}", outcome, changed)
    assert_clean_error(outcome, fragments)
    assert not changed


def test_truncated_store_file_is_one_clean_error(small_store, tmp_path: Path) -> None:
    template, _ = small_store
    store = _truncated_store(tmp_path, template)
    before = store.read_bytes()
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(RUT_FIXTURE, folder / "RUT.csv")
    outcome = run_cli("--store", store, "data", "import", folder)
    changed = store.read_bytes() != before
    TALLY.bad_input("data import: truncated store file", outcome, changed)
    assert_clean_error(outcome, ("store",))
    assert not changed


@pytest.mark.parametrize("command", [["data", "ls"], ["data", "show", "RUT"], ["data", "sources"], ["data", "check"]])
def test_read_commands_on_a_garbage_store_are_one_clean_error(command: list[str], tmp_path: Path) -> None:
    store = _garbage_store(tmp_path)
    before = store.read_bytes()
    outcome = run_cli("--store", store, *command)
    changed = store.read_bytes() != before
    TALLY.bad_input(f"data {' '.join(command[1:])}: garbage store", outcome, changed)
    assert_clean_error(outcome, ("cannot open the store",))
    assert not changed


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["data", "show", "NOPE"], ("no series 'NOPE'",)),
        (["data", "show", "RUT", "--from", "2024-02-30"], ("--from", "2024-02-30")),
        (["data", "show", "RUT", "--from", "2030-01-01"], ("no observations of RUT",)),
        (["data", "ls", "--format", "xml"], ("--format", "xml")),
        (["data", "import"], ("Missing argument",)),
        (["data", "nonsense"], ("No such command",)),
        (["--store"], ("--store",)),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_bad_arguments_are_one_clean_error(args: list[str], fragments: tuple[str, ...], small_store) -> None:
    store, before = small_store
    outcome = run_cli("--store", store, *args) if args != ["--store"] else run_cli(*args)
    changed = store_hash(store) != before
    TALLY.bad_input(f"marketproof {' '.join(args)}", outcome, changed)
    assert_clean_error(outcome, fragments)
    assert not changed
