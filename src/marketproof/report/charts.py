"""Evidence charts as small inline SVG: the path behind a return, the ranking behind a record, a level in context.

Charts are drawn server-side with matplotlib (imported here, lazily, never at CLI start-up) so the
report stays one self-contained file. Text is left as SVG text (svg.fonttype 'none') so no font is
embedded and the page's own font is used.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from marketproof.check.models import ClaimResult, Evidence
from marketproof.errors import MarketproofError
from marketproof.report.formatting import format_number, format_signed

if TYPE_CHECKING:
    from marketproof.store.store import SeriesPoint, Store

INK = "#1f2933"
MUTED = "#7b8794"
GRID = "#e4e7eb"
LINE = "#2b6cb0"
FILL = "#dbe8f6"
BAR = "#c5cfda"
ACCENT = "#c05621"

# A path is drawn with at most this many points (a chart is ~400px wide; more only bloats the SVG).
MAX_PATH_POINTS = 800
# Paths of at most this many closes get one tick per close.
SHORT_PATH = 6
# Days of context drawn around a single-date level claim.
LEVEL_BEFORE = timedelta(days=365)
LEVEL_AFTER = timedelta(days=90)


@dataclass(frozen=True)
class Chart:
    """An inline SVG (or None when it could not be drawn) and a one-line caption saying what it shows or why not."""

    svg: str | None
    caption: str


def evidence_chart(claim: ClaimResult, store: Store | None) -> Chart | None:
    """The chart a claim's evidence asks for; None when it asks for none or needs a store that is absent."""
    evidence = claim.evidence
    if evidence is None or evidence.chart == "none":
        return None
    if evidence.chart == "ranking":
        return _ranking_chart(claim, evidence)
    if store is None:
        return None
    if not evidence.series:
        return Chart(None, "no chart: the evidence names no series")
    try:
        if evidence.chart == "period_return":
            return _period_return_chart(claim, evidence, store)
        return _level_chart(claim, evidence, store)
    except MarketproofError as exc:
        return Chart(None, f"no chart: {exc.one_line()}")


# ---- the three charts ------------------------------------------------------------------------


def _period_return_chart(claim: ClaimResult, ev: Evidence, store: Store) -> Chart:
    if ev.start is None or ev.end is None:
        return Chart(None, "no chart: the evidence has no start and end date")
    field = ev.field or store.default_field(ev.series)
    points = store.series(ev.series, field, ev.start, ev.end)
    if len(points) < 2:
        return Chart(None, f"no chart: the store has fewer than two {ev.series} {field} values in {ev.start} – {ev.end}")
    first, last = points[0], points[-1]
    change = (last.value / first.value - 1.0) * 100.0
    caption = (
        f"{ev.series} {field} from {first.date} ({format_number(first.value)}) "
        f"to {last.date} ({format_number(last.value)}): {format_signed(change, 'percent')}"
    )
    with _style():
        fig, ax = _figure()
        _draw_path(ax, points)
        for point, align in ((first, "left"), (last, "right")):
            _mark_point(ax, point, align)
        # Dates are in the point labels and the caption; the title stays short so it never meets the change.
        ax.set_title(f"{ev.series} {field}", loc="left", color=INK)
        ax.set_title(format_signed(change, "percent"), loc="right", color=ACCENT, fontweight="bold")
        svg = _to_svg(fig, claim.id, caption)
    return Chart(svg, caption)


def _level_chart(claim: ClaimResult, ev: Evidence, store: Store) -> Chart:
    marked = [d for d in (ev.start, ev.end) if d is not None]
    if not marked:
        return Chart(None, "no chart: the evidence has no date")
    field = ev.field or store.default_field(ev.series)
    lo = min(marked) - (LEVEL_BEFORE if len(marked) == 1 else timedelta(days=90))
    hi = max(marked) + (LEVEL_AFTER if len(marked) == 1 else timedelta(days=30))
    points = store.series(ev.series, field, lo, hi)
    if len(points) < 2:
        return Chart(None, f"no chart: the store has fewer than two {ev.series} {field} values in {lo} – {hi}")
    at = [_point_on_or_before(points, d) for d in marked]
    at = [p for p in at if p is not None]
    caption = f"{ev.series} {field}, {points[0].date} – {points[-1].date}" + "".join(
        f"; {p.date}: {format_number(p.value)}" for p in at
    )
    with _style():
        fig, ax = _figure()
        _draw_path(ax, points)
        for i, point in enumerate(at):
            _mark_point(ax, point, "right" if i == len(at) - 1 and len(at) > 1 else "auto")
        ax.set_title(f"{ev.series} {field} around {max(marked)}", loc="left", color=INK)
        svg = _to_svg(fig, claim.id, caption)
    return Chart(svg, caption)


def _ranking_chart(claim: ClaimResult, ev: Evidence) -> Chart:
    rows = ev.ranking
    if not rows:
        return Chart(None, "no chart: the ranking is empty")
    # Ranked values carry no unit of their own (the claim's unit may be a year): plain numbers.
    unit = ""
    rows = [replace(r, label=_short_label(r.label)) for r in rows]
    picked = [r for r in rows if r.highlight]
    caption = f"{len(rows)} values ranked" + (
        "; highlighted: " + ", ".join(f"{r.label} ({format_number(r.value, unit)})" for r in picked) if picked else ""
    )
    with _style():
        fig, ax = _figure(height=2.5)
        xs = list(range(len(rows)))
        colors = [ACCENT if r.highlight else BAR for r in rows]
        ax.bar(xs, [r.value for r in rows], color=colors, width=0.78, zorder=2)
        ax.axhline(0, color=MUTED, linewidth=0.8, zorder=3)
        # Label every bar when few, else only the highlighted ones (plus a sparse guide).
        step = 1 if len(rows) <= 16 else max(1, len(rows) // 10)
        ticks = [i for i, r in enumerate(rows) if r.highlight or i % step == 0]
        ax.set_xticks(ticks)
        ax.set_xticklabels([rows[i].label for i in ticks], rotation=90 if len(rows) > 8 else 0, fontsize=8)
        for tick, i in zip(ax.get_xticklabels(), ticks):
            if rows[i].highlight:
                tick.set_color(ACCENT)
                tick.set_fontweight("bold")
        for i, r in enumerate(rows):
            if r.highlight:
                # Near either end a centred label would run into the axis labels: anchor it inwards.
                ha = "left" if i < len(rows) * 0.12 else "right" if i > len(rows) * 0.88 else "center"
                ax.annotate(
                    format_number(r.value, unit), (i, r.value), xytext=(-2 if ha == "left" else 2 if ha == "right" else 0,
                                                                        3 if r.value >= 0 else -10),
                    textcoords="offset points", ha=ha, fontsize=8, color=ACCENT, fontweight="bold",
                )
        ax.set_xlim(-0.7, len(rows) - 0.3)
        ax.grid(axis="x", visible=False)
        _headroom(ax, [r.value for r in rows])
        ax.set_title(ranking_title(claim), loc="left", color=INK)
        svg = _to_svg(fig, claim.id, caption)
    return Chart(svg, caption)


_RANKED = re.compile(r"^(?P<what>[A-Z0-9^.]+ .+?) ranked over ")
_PAIR_LABEL = re.compile(r"^(?P<key>\S+) (?P<a>[A-Z0-9^.]+)-(?P<b>[A-Z0-9^.]+)$")


def ranking_title(claim: ClaimResult) -> str:
    """What a bar chart ranks, in words: 'RUT − SPX return, by year (pp)' for a comparison,
    'RUT first half, by year' for a record; never a bare 'RUT ranking'."""
    ev = claim.evidence
    rows = ev.ranking if ev else []
    pairs = [m for m in (_PAIR_LABEL.match(r.label) for r in rows) if m]
    if rows and len(pairs) == len(rows) and len({(m["a"], m["b"]) for m in pairs}) == 1:
        return f"{pairs[0]['a']} return minus {pairs[0]['b']} return, by year (pp)"
    ranked = _RANKED.match(claim.method or "")
    if ranked:
        return f"{ranked['what']}, each period ranked"
    series = ev.series if ev and ev.series else ""
    noun = "comparison" if claim.kind == "comparison" else "values ranked"
    return f"{series} {noun}".strip()


def _short_label(label: str) -> str:
    # '2023 RUT-SPX' -> '2023': the title already says what is compared.
    m = _PAIR_LABEL.match(label)
    return m["key"] if m else label


# ---- drawing helpers ---------------------------------------------------------------------------


def _headroom(ax, values: list[float]) -> None:
    """Room above the highest value for its label, so no label reaches the title."""
    lo, hi = min(values + [0.0]), max(values + [0.0])
    span = (hi - lo) or abs(hi) or 1.0
    ax.set_ylim(lo - (span * 0.12 if lo < 0 else 0), hi + span * 0.22)


def _style():
    import matplotlib

    matplotlib.use("Agg", force=False)
    return matplotlib.rc_context({
        "svg.fonttype": "none",
        "svg.hashsalt": "marketproof",  # stable ids, so the same report renders byte-identical
        "font.size": 8.5,
        "axes.titlesize": 9,
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": GRID,
        "grid.linewidth": 0.7,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
    })


def _figure(height: float = 2.3):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.8, height))
    ax = fig.add_subplot()
    return fig, ax


def _draw_path(ax, points: list[SeriesPoint]) -> None:
    import matplotlib.dates as mdates

    points = thin(points, MAX_PATH_POINTS)
    days = [p.date for p in points]
    values = [p.value for p in points]
    ax.plot(days, values, color=LINE, linewidth=1.3, zorder=3)
    spread = (max(values) - min(values)) or abs(values[0]) * 0.01 or 1.0
    floor = min(values) - spread * 0.08
    ax.fill_between(days, values, floor, color=FILL, alpha=0.6, linewidth=0, zorder=2)
    # Headroom above the path for the point labels, so they never reach the title.
    ax.set_ylim(bottom=floor, top=max(values) + spread * 0.45)
    if len(points) <= SHORT_PATH:
        # A move over a few sessions (one day: two closes): one tick per close, never hourly ticks.
        ax.set_xticks(days)
        ax.set_xticklabels([d.strftime("%b %-d") for d in days])
        ax.margins(x=0.12)
        return
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.margins(x=0.02)


def _mark_point(ax, point: SeriesPoint, align: str) -> None:
    ax.scatter([point.date], [point.value], s=26, color=ACCENT, zorder=4, edgecolors="white", linewidths=0.8)
    ha = {"left": "left", "right": "right"}.get(align, "center")
    ax.annotate(
        f"{point.date}\n{format_number(point.value)}", (point.date, point.value), xytext=(0, 7),
        textcoords="offset points", ha=ha, va="bottom", fontsize=7.5, color=INK,
        bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": GRID, "lw": 0.6},
        zorder=5,
    )


def thin(points: list[SeriesPoint], limit: int) -> list[SeriesPoint]:
    """At most limit points, evenly spaced, always keeping the first and the last."""
    if len(points) <= limit:
        return points
    step = (len(points) - 1) / (limit - 1)
    return [points[round(i * step)] for i in range(limit)]


def _point_on_or_before(points: list[SeriesPoint], day: date) -> SeriesPoint | None:
    before = [p for p in points if p.date <= day]
    return before[-1] if before else (points[0] if points else None)


def _to_svg(fig, key: str, caption: str) -> str:
    fig.tight_layout(pad=0.4)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return inline_svg(buffer.getvalue(), key, caption)


_ID = re.compile(r'\sid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^")]+)')


def inline_svg(svg: str, key: str, label: str) -> str:
    """Make a standalone SVG fit for inlining: no prolog, unique ids, page fonts, scalable, labelled."""
    from markupsafe import escape

    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    prefix = "c" + re.sub(r"[^A-Za-z0-9_-]", "_", key) + "-"
    referenced = {m.group(2) for m in _REF.finditer(svg)}
    # Drop ids nothing points at; prefix the rest so several charts can share one page.
    svg = _ID.sub(lambda m: f' id="{prefix}{m.group(1)}"' if m.group(1) in referenced else "", svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)
    svg = re.sub(r"font-family:[^;\"]*", "font-family: inherit", svg)
    svg = re.sub(r"\n\s*", "\n", svg)
    head_end = svg.index(">")
    head = svg[:head_end]
    head = re.sub(r'\s(width|height|version|xmlns(:xlink)?)="[^"]*"', "", head)
    title = escape(label)
    svg = f'{head} class="chart" role="img" aria-label="{title}"><title>{title}</title>' + svg[head_end + 1:]
    return svg
