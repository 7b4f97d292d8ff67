"""A written article: its text, the facts behind every figure, the self-check result, and its formats."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marketproof.write.facts import Fact, FactSet
from marketproof.write.period import StoryPeriod
from marketproof.write.render import GAP_PREFIX, Block, Span, marked_to_html, strip_marks, to_markdown
from marketproof.write.selfcheck import SelfCheckResult

FORMATS = ("text", "md", "html", "json")


@dataclass
class WrittenArticle:
    """An article that passed its own check, ready to print in any format."""

    story: str
    index: str | None
    as_of: date
    requested_as_of: date
    as_of_note: str
    period: StoryPeriod
    title: str
    blocks: list[Block]
    text: str
    spans: list[Span]
    facts: FactSet
    selfcheck: SelfCheckResult
    notes: list[str] = field(default_factory=list)
    charts: list = field(default_factory=list)  # ArticleChart: drawn for HTML where one helps

    def printed_facts(self) -> list[Fact]:
        """Facts that appear in the text, in order of first appearance."""
        ids = dict.fromkeys(s.id for s in self.spans if not s.id.startswith(GAP_PREFIX))
        return [self.facts.facts[i] for i in ids]

    def render(self, fmt: str = "text") -> str:
        """The article as text, md, html or json."""
        if fmt == "text":
            return self.text
        if fmt == "md":
            return to_markdown(self.blocks)
        if fmt == "html":
            return self.to_html()
        if fmt == "json":
            return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
        raise ValueError(f"unknown format {fmt!r}")

    def to_json(self) -> dict[str, Any]:
        """The article and its facts for a newsroom system: every figure with its span, value, method and sources."""
        printed = {f.id for f in self.printed_facts()}
        return {
            "story": self.story,
            "index": self.index,
            "as_of": self.as_of.isoformat(),
            "requested_as_of": self.requested_as_of.isoformat(),
            "as_of_note": self.as_of_note,
            "period": {"key": self.period.key, "label": self.period.phrase, "start": self.period.start.isoformat(),
                       "end": self.period.end.isoformat(), "measured_to": self.period.stop.isoformat(),
                       "complete": self.period.complete},
            "title": self.title,
            "text": self.text,
            "markdown": to_markdown(self.blocks),
            "blocks": [{"kind": b.kind, "text": strip_marks(b.marked)[0]} for b in self.blocks],
            "figures": [{"fact": s.id, "start": s.start, "end": s.end, "text": s.text}
                        for s in self.spans if not s.id.startswith(GAP_PREFIX)],
            "gap_passages": [{"gaps": s.id[len(GAP_PREFIX):].split(","), "start": s.start, "end": s.end}
                             for s in self.spans if s.id.startswith(GAP_PREFIX)],
            "facts": [{**f.model_dump(mode="json"), "printed": f.id in printed} for f in self.facts.facts.values()],
            "gaps": [g.model_dump(mode="json") for g in self.facts.gaps.values()],
            "selfcheck": self.selfcheck.model_dump(mode="json"),
            "notes": self.notes,
        }

    def to_html(self) -> str:
        """A self-contained HTML page: each figure links to its fact, whose method and sources are listed."""
        from markupsafe import Markup

        from marketproof.write.render import environment

        env = environment(autoescape=True)
        facts = self.facts.facts
        body: list[dict[str, Any]] = []
        for b in self.blocks:
            html = Markup(marked_to_html(b.marked, facts))
            if b.kind == "bullet" and body and body[-1]["kind"] == "bullets":
                body[-1]["items"].append(html)
            elif b.kind == "bullet":
                body.append({"kind": "bullets", "items": [html]})
            else:
                body.append({"kind": b.kind, "html": html})
        checked = set(self.selfcheck.facts_checked)
        from importlib.resources import files

        from marketproof.write.render import display_value

        css = files("marketproof").joinpath("templates/check_report.css").read_text(encoding="utf-8")
        return env.get_template("write_article.html.j2").render(
            article=self, body=body, facts=self.printed_facts(), checked=checked,
            gaps=list(self.facts.gaps.values()), css=css, charts=self.charts,
            display={f.id: display_value(f) for f in self.printed_facts()},
        )
