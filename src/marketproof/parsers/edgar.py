"""SEC EDGAR JSON: the ticker -> CIK map, submissions, and XBRL companyfacts (-> records["company_facts"]).

companyfacts lists every fact as filed: the same figure (concept, unit, period, value) comes back in
each later filing that repeats it (a 10-K repeats the prior year's numbers). Its fy/fp describe the
FILING, not the period the value covers, so they must not be read as the period. We keep one row
per (taxonomy, concept, unit, start, end, value): the earliest filed (ties: the lowest accession).
A revised value for the same period is a different value and is kept as its own row.
"""

from __future__ import annotations

import json
import re
from typing import Any

from marketproof.errors import ParseError
from marketproof.models import ParsedBatch, RawMeta
from marketproof.parsers.base import Parser, decode_text

_TICKER_CLEAN = re.compile(r"[^A-Z0-9-]")
_ISO_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def normalise_ticker(ticker: str) -> str:
    """EDGAR spells share classes with a dash: BRK.B and BRK/B -> BRK-B."""
    return _TICKER_CLEAN.sub("", ticker.strip().upper().replace(".", "-").replace("/", "-"))


def cik10(cik: int | str) -> str:
    """A CIK as EDGAR's 10-digit, zero-padded string."""
    digits = str(cik).strip().upper().removeprefix("CIK")
    if not digits.isdigit() or len(digits) > 10:
        raise ParseError(f"{cik!r} is not a CIK number")
    return digits.zfill(10)


def _json(raw: bytes, meta: RawMeta) -> Any:
    text = decode_text(raw, meta)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ParseError(f"malformed JSON ({exc.msg} at byte {exc.pos})", origin=meta.origin) from None


def parse_ticker_map(raw: bytes, meta: RawMeta) -> dict[str, tuple[str, str]]:
    """company_tickers.json ({"0": {"cik_str", "ticker", "title"}, ...}) -> {TICKER: (cik10, title)}."""
    doc = _json(raw, meta)
    if not isinstance(doc, dict) or not doc:
        raise ParseError("expected a non-empty JSON object of companies", origin=meta.origin)
    out: dict[str, tuple[str, str]] = {}
    for row in doc.values():
        if not isinstance(row, dict) or "ticker" not in row or "cik_str" not in row:
            raise ParseError("a company entry lacks ticker or cik_str", origin=meta.origin)
        out.setdefault(normalise_ticker(str(row["ticker"])), (cik10(row["cik_str"]), str(row.get("title") or "")))
    return out


def parse_submissions(raw: bytes, meta: RawMeta) -> dict[str, Any]:
    """The company header of a submissions JSON: cik, name, tickers, exchanges, sic, fiscal year end."""
    doc = _json(raw, meta)
    if not isinstance(doc, dict) or "cik" not in doc:
        raise ParseError("not an EDGAR submissions document (no cik)", origin=meta.origin)
    return {
        "cik": cik10(doc["cik"]),
        "name": str(doc.get("name") or ""),
        "tickers": [str(t) for t in doc.get("tickers") or []],
        "exchanges": [str(e) for e in doc.get("exchanges") or [] if e],
        "sic": str(doc.get("sic") or ""),
        "sic_description": str(doc.get("sicDescription") or ""),
        "fiscal_year_end": str(doc.get("fiscalYearEnd") or ""),
    }


class EdgarCompanyFactsParser(Parser):
    """SEC EDGAR XBRL companyfacts JSON -> company_facts rows, repeated periods de-duplicated."""

    name = "edgar-companyfacts"
    version = "1"
    precedence = 50

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """A JSON object with cik, entityName and facts."""
        return head.lstrip().startswith("{") and '"entityName"' in head and '"facts"' in head

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """One row per distinct (taxonomy, concept, unit, start, end, value): the earliest filing of it."""
        doc = _json(raw, meta)
        if not isinstance(doc, dict) or "facts" not in doc or "cik" not in doc:
            raise ParseError("not an EDGAR companyfacts document (no cik/facts)", origin=meta.origin)
        cik = cik10(doc["cik"])
        entity = str(doc.get("entityName") or "")
        ticker = meta.params.get("ticker")
        facts = doc["facts"]
        if not isinstance(facts, dict):
            raise ParseError("'facts' is not an object", origin=meta.origin)
        best: dict[tuple, dict[str, Any]] = {}
        seen = 0
        for taxonomy, concepts in facts.items():
            if not isinstance(concepts, dict):
                raise ParseError(f"facts[{taxonomy!r}] is not an object", origin=meta.origin)
            for concept, body in concepts.items():
                units = body.get("units") if isinstance(body, dict) else None
                if not isinstance(units, dict):
                    raise ParseError(f"{taxonomy}:{concept} has no units", origin=meta.origin)
                for unit, items in units.items():
                    if not isinstance(items, list):
                        raise ParseError(f"{taxonomy}:{concept} [{unit}] is not a list", origin=meta.origin)
                    for item in items:
                        seen += 1
                        row = _fact_row(item, taxonomy, concept, unit, meta)
                        if row is None:
                            continue
                        key = (taxonomy, concept, unit, row["period_start"], row["period_end"], row["value"])
                        kept = best.get(key)
                        if kept is None or _filing_order(row) < _filing_order(kept):
                            best[key] = row
        if not best:
            raise ParseError(f"no XBRL facts for CIK {cik}", origin=meta.origin)
        rows = sorted(best.values(), key=lambda r: (r["taxonomy"], r["concept"], r["unit"], r["period_end"],
                                                    r["period_start"] or ""))
        for row in rows:
            row.update(cik=cik, ticker=ticker, entity_name=entity)
        batch = cls.new_batch(records={"company_facts": rows})
        batch.notes.append(f"{seen} facts as filed, {len(rows)} after removing periods repeated in later filings")
        company = meta.params.get("company") or {}
        if company.get("sic_description"):
            batch.notes.append(f"SIC {company.get('sic')} {company['sic_description']}")
        return batch


def _filing_order(row: dict[str, Any]) -> tuple[str, str]:
    return (row["filed"] or "9999-12-31", row["accession"] or "")


def _iso(value: Any, what: str, meta: RawMeta) -> str:
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        raise ParseError(f"{what}: {text[:30]!r} is not a YYYY-MM-DD date", origin=meta.origin)
    return text


def _fact_row(item: Any, taxonomy: str, concept: str, unit: str, meta: RawMeta) -> dict[str, Any] | None:
    where = f"{taxonomy}:{concept} [{unit}]"
    if not isinstance(item, dict) or "end" not in item or "val" not in item:
        raise ParseError(f"{where}: a fact lacks end or val", origin=meta.origin)
    value = item["val"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParseError(f"{where}: value {str(value)[:30]!r} is not a number", origin=meta.origin)
    end = _iso(item["end"], f"{where} end", meta)
    start = _iso(item["start"], f"{where} start", meta) if item.get("start") else None
    filed = _iso(item["filed"], f"{where} filed", meta) if item.get("filed") else None
    fy = item.get("fy")
    return {
        "taxonomy": taxonomy,
        "concept": concept,
        "unit": unit,
        "period_start": start,
        "period_end": end,
        "value": float(value),
        "form": item.get("form"),
        "fiscal_year": int(fy) if isinstance(fy, (int, float)) and not isinstance(fy, bool) else None,
        "fiscal_period": item.get("fp"),
        "filed": filed,
        "accession": item.get("accn"),
        "frame": item.get("frame"),
    }
