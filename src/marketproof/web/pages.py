"""The desk's HTML pages: Check, Write and Data, rendered from the package's templates (no network assets)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marketproof.write.article import WrittenArticle

PERIODS = (("", "the story's default"), ("h1", "first half"), ("h2", "second half"), ("ytd", "year to date"),
           ("q1", "Q1"), ("q2", "Q2"), ("q3", "Q3"), ("q4", "Q4"), ("month", "month"), ("week", "week"))
INDICES = (("", "the story's default"), ("RUT", "Russell 2000"), ("SPX", "S&P 500"), ("IXIC", "Nasdaq Composite"),
           ("SOX", "PHLX Semiconductor"))
NAV = (("check", "/check", "Check"), ("write", "/write", "Write"), ("data", "/data", "Data"))


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    from marketproof.report.html import environment

    return environment(jinja2.PackageLoader("marketproof.web", "templates"))


def render(template: str, page: str, **context: Any) -> str:
    """One page of the desk; `page` marks the current item of the navigation."""
    return _environment().get_template(template).render(nav=NAV, page=page, **context)


def check_page(*, text: str = "", as_of: str = "", error: str = "", report: dict[str, Any] | None = None,
               checked: str = "") -> str:
    """The Check page: the form (with what was typed), an error, or the report under it."""
    return render("check.html.j2", "check", form_text=text, form_as_of=as_of, error=error, report=bool(report),
                  checked=checked, **(report or {}))


def write_page(*, stories: list[dict[str, Any]], choice: dict[str, str], error: str = "",
               article: WrittenArticle | None = None) -> str:
    """The Write page: story, index, period and date; the article and its self-check under them."""
    return render("write.html.j2", "write", stories=stories, choice=choice, periods=PERIODS, indices=INDICES,
                  error=error, article=_article_context(article) if article else None)


def data_page(series: list[dict[str, Any]], store_path: str) -> str:
    """The Data page: every series with its first and last date and sources."""
    return render("data.html.j2", "data", series=series, store_path=store_path)


def error_page(status: int, message: str) -> str:
    return render("error.html.j2", "", status=status, message=message)


def _article_context(article: WrittenArticle) -> dict[str, Any]:
    from markupsafe import Markup

    from marketproof.write.render import marked_to_html

    facts = article.facts.facts
    body: list[dict[str, Any]] = []
    for block in article.blocks:
        html = Markup(marked_to_html(block.marked, facts))
        if block.kind == "bullet" and body and body[-1]["kind"] == "bullets":
            body[-1]["items"].append(html)
        elif block.kind == "bullet":
            body.append({"kind": "bullets", "items": [html]})
        else:
            body.append({"kind": block.kind, "html": html})
    check = article.selfcheck
    checked = set(check.facts_checked)
    return {
        "title": article.title, "story": article.story, "index": article.index, "as_of": article.as_of.isoformat(),
        "period": article.period.phrase, "notes": article.notes, "body": body,
        "selfcheck": {"supported": check.supported, "gaps": check.unverifiable_in_gaps,
                      "outside": check.outside_check, "not_checkable": check.not_checkable,
                      "claims": [{"text": c.text, "verdict": c.verdict, "facts": c.facts} for c in check.claims]},
        "facts": [{"id": f.id, "label": f.label, "value": f.value, "unit": f.unit, "method": f.method,
                   "sources": f.sources, "checked": f.id in checked} for f in article.printed_facts()],
        "gaps": list(article.facts.gaps.values()),
    }
