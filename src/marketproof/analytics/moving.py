"""Simple moving averages of closes, the price against one, and crosses of two ('golden cross') with since-when."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Analytics, Measure, Point, SeriesView


def _prefix(an: Analytics, v: SeriesView) -> list[float]:
    key = ("prefix", v.series, v.field)
    cache = an.__dict__.setdefault("_prefix_sums", {})
    if key not in cache:
        acc = [0.0]
        for x in v.values:
            acc.append(acc[-1] + x)
        cache[key] = acc
    return cache[key]


def _sma_at(an: Analytics, v: SeriesView, i: int, n: int) -> float | None:
    if i + 1 < n:
        return None
    acc = _prefix(an, v)
    return (acc[i + 1] - acc[i + 1 - n]) / n


def _session_index(v: SeriesView, day: date) -> int:
    i = v.index_of(day)
    if i < 0 or (day - v.dates[i]).days > 4:
        raise v.gap("no close on or just before that day", day)
    return i


def sma(an: Analytics, series: str, day: date, n: int, field: str | None = None) -> Measure:
    """The mean of the last `n` closes up to the session on or before `day` (trading-day window)."""
    v = an.view(series, field)
    i = _session_index(v, day)
    value = _sma_at(an, v, i, n)
    if value is None:
        raise v.gap(f"fewer than {n} closes before that day", day)
    first, last = v.point(i + 1 - n), v.point(i)
    method = (f"{n}-day simple moving average of {v.series} {v.field}: mean of the {n} closes "
              f"{first.date.isoformat()}..{last.date.isoformat()} = {value:,.4f}")
    return Measure(value, "level", v.series, v.field, first, last, method, tuple(sorted(set(v.fetches[i + 1 - n:i + 1]))))


def price_vs_sma(an: Analytics, series: str, day: date, n: int) -> Measure:
    """The close vs its n-day SMA in percent; `start` is the first session of the current run on that side."""
    v = an.view(series)
    i = _session_index(v, day)
    avg = _sma_at(an, v, i, n)
    if avg is None:
        raise v.gap(f"fewer than {n} closes before that day", day)
    side = 1 if v.values[i] > avg else -1 if v.values[i] < avg else 0
    k = i
    while k - 1 >= n - 1:
        prev = _sma_at(an, v, k - 1, n)
        prev_side = 1 if v.values[k - 1] > prev else -1 if v.values[k - 1] < prev else 0
        if prev_side != side:
            break
        k -= 1
    pct = (v.values[i] / avg - 1) * 100
    where = "above" if side > 0 else "below" if side < 0 else "at"
    method = (f"{v.series} close {v.dates[i].isoformat()} {v.values[i]:,.2f} vs its {n}-day SMA {avg:,.2f}: "
              f"{pct:+.2f}%, {where} it on every session since {v.dates[k].isoformat()}")
    return Measure(pct, "percent", v.series, v.field, v.point(k), v.point(i), method, (v.fetches[k], v.fetches[i]))


def sma_cross(an: Analytics, series: str, day: date, fast: int = 50, slow: int = 200) -> Measure:
    """Fast SMA minus slow SMA on `day`; `start` is the session the current ordering began (the cross)."""
    v = an.view(series)
    i = _session_index(v, day)
    if i + 1 < slow:
        raise v.gap(f"fewer than {slow} closes before that day", day)

    def order(j: int) -> int:
        d = _sma_at(an, v, j, fast) - _sma_at(an, v, j, slow)
        return 1 if d > 0 else -1 if d < 0 else 0

    now = order(i)
    k = i
    while k - 1 >= slow - 1 and order(k - 1) == now:
        k -= 1
    diff = _sma_at(an, v, i, fast) - _sma_at(an, v, i, slow)
    crossed = k > slow - 1
    kind = "golden cross" if now > 0 else "death cross"
    method = (f"{v.series} {fast}-day SMA {_sma_at(an, v, i, fast):,.2f} vs {slow}-day SMA {_sma_at(an, v, i, slow):,.2f} "
              f"on {v.dates[i].isoformat()}: {'above' if now > 0 else 'below'}"
              + (f" since the {kind} of {v.dates[k].isoformat()}" if crossed else " since the data allow a comparison"))
    return Measure(diff, "level", v.series, v.field, Point(v.dates[k], v.values[k], v.fetches[k]), v.point(i), method,
                   (v.fetches[k], v.fetches[i]))
