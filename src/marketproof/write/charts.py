"""Small inline SVG charts for `write --format html`: the index over the period, and the period's rank among all years.

Drawn as plain SVG text (no plotting library), so the HTML stays one self-contained file and writing
stays fast. Colours and fonts follow the check report's stylesheet variables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import escape

WIDTH, HEIGHT, PAD = 640, 220, 36
# A single session is drawn with this much history before it, so the move has context.
SESSION_CONTEXT = timedelta(days=92)


@dataclass(frozen=True)
class ArticleChart:
    """An inline SVG and its caption."""

    svg: str
    caption: str


def path_chart(dates: list[date], values: list[float], title: str, caption: str) -> ArticleChart | None:
    """A line of closes; None with fewer than two points."""
    if len(values) < 2:
        return None
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    n = len(values) - 1
    pts = " ".join(f"{PAD + (WIDTH - 2 * PAD) * i / n:.1f},{HEIGHT - PAD - (HEIGHT - 2 * PAD) * (v - lo) / span:.1f}"
                   for i, v in enumerate(values))
    labels = (f'<text x="{PAD}" y="{HEIGHT - 10}" class="axis">{dates[0].isoformat()}</text>'
              f'<text x="{WIDTH - PAD}" y="{HEIGHT - 10}" class="axis" text-anchor="end">{dates[-1].isoformat()}</text>'
              f'<text x="4" y="{PAD}" class="axis">{hi:,.2f}</text>'
              f'<text x="4" y="{HEIGHT - PAD}" class="axis">{lo:,.2f}</text>')
    svg = (f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" class="chart">'
           f'<polyline fill="none" stroke="var(--accent)" stroke-width="2" points="{pts}"/>{labels}</svg>')
    return ArticleChart(svg, caption)


def ranking_chart(table: dict[str, float], year: int, title: str, caption: str) -> ArticleChart | None:
    """One bar per year, the story's year highlighted."""
    if len(table) < 2:
        return None
    years = sorted(table, key=int)
    values = [table[y] for y in years]
    top, bottom = max(max(values), 0.0), min(min(values), 0.0)
    span = (top - bottom) or 1.0
    step = (WIDTH - 2 * PAD) / len(years)
    zero = HEIGHT - PAD - (HEIGHT - 2 * PAD) * (0 - bottom) / span
    bars = []
    for i, (y, v) in enumerate(zip(years, values)):
        y_top = HEIGHT - PAD - (HEIGHT - 2 * PAD) * (max(v, 0) - bottom) / span
        h = abs(v) / span * (HEIGHT - 2 * PAD)
        colour = "var(--contradicted)" if int(y) == year else "var(--faint)"
        bars.append(f'<rect x="{PAD + i * step:.1f}" y="{y_top:.1f}" width="{max(step - 1, 1):.1f}" height="{h:.1f}" '
                    f'fill="{colour}"><title>{y}: {v:+.1f}%</title></rect>')
    axis = (f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="var(--rule)"/>'
            f'<text x="{PAD}" y="{HEIGHT - 10}" class="axis">{years[0]}</text>'
            f'<text x="{WIDTH - PAD}" y="{HEIGHT - 10}" class="axis" text-anchor="end">{years[-1]}</text>')
    svg = (f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" class="chart">'
           f'{"".join(bars)}{axis}</svg>')
    return ArticleChart(svg, caption)
