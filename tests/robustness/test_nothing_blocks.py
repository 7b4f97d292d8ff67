"""Nothing blocks: articles that are not regular files, endless or closed streams, broken pipes.

Each case runs the real entry point in a subprocess with a timeout, so a read that waits for a writer
(a FIFO) or never ends (a device) fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from robustness_kit import TALLY, Outcome, assert_clean_error, cli_command, run_cli

from marketproof.check.reader import MAX_ARTICLE_BYTES

SUPPORTED = "The Russell 2000 fell 2.3% on Wednesday, January 3, 2024.\n"
TIMEOUT = 60


def _run(*args: object, stdin=None, close_fds_in_child: tuple[int, ...] = ()) -> Outcome:
    """The console entry point in a fresh interpreter, optionally with standard descriptors closed in the child."""

    def close_in_child() -> None:
        for fd in close_fds_in_child:
            os.close(fd)

    proc = subprocess.run(
        [*cli_command(), *(str(a) for a in args)], stdin=stdin,
        stdout=None if 1 in close_fds_in_child else subprocess.PIPE,
        stderr=None if 2 in close_fds_in_child else subprocess.PIPE,
        timeout=TIMEOUT, preexec_fn=close_in_child if close_fds_in_child else None,
    )
    return Outcome(proc.returncode, (proc.stdout or b"").decode("utf-8", "replace"),
                   (proc.stderr or b"").decode("utf-8", "replace"))


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


def test_regression_fifo_as_article_is_refused_without_waiting_for_a_writer(small_store, fifo: Path) -> None:
    store, _ = small_store
    outcome = _run("--store", store, "check", fifo)
    TALLY.bad_input("check: a FIFO as the article", outcome)
    assert_clean_error(outcome, (str(fifo), "named pipe", "not a regular file"))


def test_regression_fifo_inside_a_folder_is_listed_and_the_rest_is_checked(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-good.txt").write_text(SUPPORTED)
    os.mkfifo(folder / "b-pipe.txt")
    outcome = _run("--store", store, "check", folder, "--format", "json")
    TALLY.bad_input("check: a FIFO inside a folder", outcome)
    assert not outcome.crashed and outcome.rc == 2, outcome.describe()
    import json

    reports = json.loads(outcome.stdout)
    assert [r["article"] for r in reports] == [str(folder / "a-good.txt")]
    assert any("b-pipe.txt" in line and "named pipe" in line for line in outcome.error_lines), outcome.describe()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_regression_device_as_article_is_refused(device: str, small_store) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist on this system")
    store, _ = small_store
    outcome = _run("--store", store, "check", device)
    TALLY.bad_input(f"check: {device} as the article", outcome)
    assert_clean_error(outcome, (device, "device", "not a regular file"))


def test_regression_socket_as_article_is_refused(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    path = tmp_path / "sock.txt"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        outcome = _run("--store", store, "check", path)
    finally:
        server.close()
    TALLY.bad_input("check: a socket as the article", outcome)
    assert_clean_error(outcome, ("socket", "not a regular file"))


def test_regression_endless_stdin_is_cut_at_the_article_limit(small_store) -> None:
    store, _ = small_store
    with open("/dev/zero", "rb") as endless:
        outcome = _run("--store", store, "check", "-", stdin=endless)
    TALLY.bad_input("check: endless stdin", outcome)
    assert_clean_error(outcome, ("over", "MB", "refused"))


def test_stdin_just_over_the_limit_is_refused_and_at_the_limit_is_read(small_store) -> None:
    store, _ = small_store
    padding = b" " * (MAX_ARTICLE_BYTES - len(SUPPORTED))
    outcome = run_cli("--store", store, "check", "-", "--format", "json", stdin=SUPPORTED.encode() + padding)
    assert outcome.rc == 0, outcome.describe()
    outcome = run_cli("--store", store, "check", "-", stdin=SUPPORTED.encode() + padding + b" ")
    TALLY.bad_input("check: stdin one byte over the limit", outcome)
    assert_clean_error(outcome, ("over", "refused"))


def test_regression_closed_stdin_is_one_clean_error(small_store) -> None:
    store, _ = small_store
    outcome = _run("--store", store, "check", "-", close_fds_in_child=(0,))
    TALLY.bad_input("check: stdin closed", outcome)
    assert_clean_error(outcome, ("standard input is closed",))


def test_regression_closed_stdout_is_one_clean_error_not_an_attribute_error(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    article = tmp_path / "a.txt"
    article.write_text(SUPPORTED)
    for args in (("check", article), ("data", "ls"), ("data", "sources", "--format", "json")):
        outcome = _run("--store", store, *args, close_fds_in_child=(1,))
        TALLY.bad_input(f"{' '.join(map(str, args[:2]))}: stdout closed", outcome)
        assert "AttributeError" not in outcome.stderr, outcome.describe()
        assert_clean_error(outcome, ("standard output is closed",))


def test_closed_stdout_with_out_file_still_writes_the_report(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    article = tmp_path / "a.txt"
    article.write_text(SUPPORTED)
    report = tmp_path / "report.json"
    outcome = _run("--store", store, "check", article, "--format", "json", "--out", report, close_fds_in_child=(1,))
    assert outcome.rc == 0, outcome.describe()
    assert '"supported"' in report.read_text()


def test_regression_closed_stderr_keeps_errors_off_stdout(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    outcome = _run("--store", store, "check", tmp_path / "missing.txt", close_fds_in_child=(2,))
    TALLY.bad_input("check: stderr closed", outcome)
    assert outcome.rc == 2, outcome.describe()
    assert outcome.stdout == "", "an error meant for stderr went to stdout"


def test_regression_broken_stdout_pipe_exits_quietly(small_store) -> None:
    store, _ = small_store
    proc = subprocess.Popen(
        [*cli_command(), "--store", str(store), "data", "show", "RUT", "--all-sources", "--format", "csv"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader goes away before the first byte, like `| head -0`
    _, err = proc.communicate(timeout=TIMEOUT)
    outcome = Outcome(proc.returncode, "", err.decode())
    TALLY.bad_input("data show: stdout pipe closed by the reader", outcome)
    # click's own convention for a closed pipe is a quiet exit 1; 0 when the output fit the pipe before it closed
    assert outcome.rc in (0, 1), outcome.describe()
    assert "Traceback" not in outcome.stderr and "Exception ignored" not in outcome.stderr, outcome.describe()


def test_regression_stdout_on_a_full_disk_is_one_clean_error(small_store) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("/dev/full does not exist on this system")
    store, _ = small_store
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([*cli_command(), "--store", str(store), "data", "ls", "--format", "json"],
                              stdout=full, stderr=subprocess.PIPE, timeout=TIMEOUT)
    outcome = Outcome(proc.returncode, "", proc.stderr.decode())
    TALLY.bad_input("data ls: stdout on a full disk", outcome)
    assert_clean_error(outcome, ("No space left",))


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_regression_fifo_in_an_import_folder_is_not_read(blank_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    os.mkfifo(folder / "RUT.csv")
    outcome = _run("--store", blank_store, "data", "import", folder)
    TALLY.bad_input("import: a FIFO named like data", outcome)
    assert not outcome.crashed, outcome.describe()
