"""The self-check gate: a draft with a wrong fact, an unbound figure or an unread figure is never printed."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date

import jinja2
import pytest

pytestmark = pytest.mark.snapshot

AS_OF = date(2026, 6, 30)


def _tamper(monkeypatch, fact_id: str, change) -> None:
    """Make the smallcap-h1 builder hand the writer a wrong value for one fact (it believes the value)."""
    from marketproof.write import stories

    story = stories.STORIES["smallcap-h1"]

    def build(ctx):
        fs = story.build(ctx)
        fact = fs[fact_id]
        fact.value = fact.check_value = change(float(fact.value))
        return fs

    monkeypatch.setitem(stories.STORIES, "smallcap-h1", dataclasses.replace(story, build=build))


def test_a_wrong_fact_is_refused(monkeypatch, snapshot_store) -> None:
    """The Russell 2000's first-half return off by 1.5 points: the draft is rejected, naming the claim."""
    from marketproof.errors import DraftRejectedError
    from marketproof.write import write_story

    _tamper(monkeypatch, "idx_ret", lambda v: v + 1.5)
    with pytest.raises(DraftRejectedError) as err:
        write_story(snapshot_store, "smallcap-h1", as_of=AS_OF)
    message = err.value.one_line()
    assert "draft rejected" in message
    assert "'The Russell 2000 rose 23.4% in the first half of 2026' is contradicted" in message
    assert "21.9" in message  # check says what it computed instead
    assert err.value.exit_code == 1


def test_a_wrong_direction_is_refused(monkeypatch, snapshot_store) -> None:
    """The S&P 500's rise written as a fall: rejected as a wrong direction."""
    from marketproof.errors import DraftRejectedError
    from marketproof.write import write_story

    _tamper(monkeypatch, "ret_SPX", lambda v: -v)
    with pytest.raises(DraftRejectedError, match=r"the S&P 500 fell 9\.6%.*contradicted: wrong direction"):
        write_story(snapshot_store, "smallcap-h1", as_of=AS_OF)


def test_the_cli_prints_nothing_and_exits_1(monkeypatch, capsys, snapshot_store_path, snapshot_store) -> None:
    """Same wrong fact through the command: exit 1, one error line, nothing on stdout."""
    from marketproof.cli.main import run

    _tamper(monkeypatch, "idx_ret", lambda v: v + 1.5)
    monkeypatch.setattr(sys, "argv", ["marketproof", "--store", str(snapshot_store_path), "write", "smallcap-h1",
                                      "--as-of", AS_OF.isoformat()])
    with pytest.raises(SystemExit) as exit_:
        run()
    captured = capsys.readouterr()
    assert exit_.value.code == 1
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: draft rejected by its own check"), captured.err


def test_a_figure_the_writer_did_not_bind_is_refused(snapshot_store) -> None:
    """A typed number check reads as a claim, with no fact behind it."""
    from marketproof.errors import DraftRejectedError
    from marketproof.write.facts import FactSet
    from marketproof.write.selfcheck import self_check

    text = "Small Caps Rally\n\nThe Russell 2000 rose 21.9% in the first half of 2026.\n"
    with pytest.raises(DraftRejectedError, match="did not bind to any fact"):
        self_check(text, [], FactSet(), snapshot_store, AS_OF)


def test_an_unverifiable_claim_outside_a_gap_is_refused(snapshot_store) -> None:
    """A figure about a series the store lacks is neither supported nor a declared gap."""
    from marketproof.errors import DraftRejectedError
    from marketproof.write.facts import FactSet
    from marketproof.write.selfcheck import self_check

    text = "Blue Chips Rally\n\nThe Dow Jones Industrial Average rose 5% in the first half of 2026.\n"
    with pytest.raises(DraftRejectedError, match="series_not_in_store"):
        self_check(text, [], FactSet(), snapshot_store, AS_OF)


def test_a_checkable_figure_check_cannot_read_is_refused(snapshot_store) -> None:
    """A bound, checkable fact written so the extractor skips it (no unit): not read back, so refused."""
    from marketproof.errors import DraftRejectedError
    from marketproof.write.facts import Fact, FactSet
    from marketproof.write.render import Span
    from marketproof.write.selfcheck import self_check

    fs = FactSet()
    fs.add(Fact(id="x", label="a return", value=21.86, unit="percent", check_value=21.86, check_kind="performance"))
    text = "Small Caps Rally\n\nThe Russell 2000 scored 21.9 in the first half of 2026.\n"
    start = text.index("21.9")
    with pytest.raises(DraftRejectedError, match="was not read back by check"):
        self_check(text, [Span("x", start, start + 4, "21.9")], fs, snapshot_store, AS_OF)


def test_a_figure_with_no_fact_is_a_render_error() -> None:
    """fig() of an unknown fact id raises; an undefined template variable raises (StrictUndefined)."""
    from marketproof.write.facts import FactSet
    from marketproof.write.render import FigureError, environment

    env = environment()
    with pytest.raises(FigureError, match="'nope', which has no bound fact"):
        env.from_string("{{ fig('nope') }}").render(_fs=FactSet(), _template="inline")
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("The index rose {{ missing }}.").render(_fs=FactSet(), _template="inline")


def _tamper_story(monkeypatch, name: str, fact_id: str, edit) -> None:
    """Let a story's builder hand the writer an edited fact."""
    from marketproof.write import stories

    story = stories.STORIES[name]

    def build(ctx):
        fs = story.build(ctx)
        edit(fs[fact_id])
        return fs

    monkeypatch.setitem(stories.STORIES, name, dataclasses.replace(story, build=build))


def test_a_desk_story_with_a_wrong_close_is_refused(monkeypatch, snapshot_store) -> None:
    """market-close with the S&P 500's close off by ten points: rejected, naming the sentence."""
    from marketproof.errors import DraftRejectedError
    from marketproof.write import write_story

    def wrong(f):
        f.value = f.check_value = float(f.value) + 10

    _tamper_story(monkeypatch, "market-close", "close_SPX", wrong)
    with pytest.raises(DraftRejectedError, match=r"7,808\.99.*contradicted"):
        write_story(snapshot_store, "market-close", as_of=date(2026, 8, 13))


def test_claims_map_back_by_figure_not_by_kind(monkeypatch, snapshot_store) -> None:
    """A reader that names a claim's kind differently still maps it to the fact by its figure."""
    from marketproof.write import write_story

    def rename(f):
        f.check_kind = "a-kind-the-reader-does-not-use"

    _tamper_story(monkeypatch, "market-close", "day_SPX", rename)
    art = write_story(snapshot_store, "market-close", as_of=date(2026, 8, 13))
    assert "day_SPX" in art.selfcheck.facts_checked


def test_a_figure_check_computes_differently_is_refused(monkeypatch, snapshot_store) -> None:
    """The printed words stay right but the fact's value for check is off: no claim matches, so it is refused."""
    from marketproof.errors import DraftRejectedError
    from marketproof.write import write_story

    def shift(f):
        f.check_value = float(f.check_value) + 1

    _tamper_story(monkeypatch, "cpi", "cpi_mom", shift)
    with pytest.raises(DraftRejectedError, match="not the fact written there|was not read back"):
        write_story(snapshot_store, "cpi", as_of=date(2026, 8, 17))
