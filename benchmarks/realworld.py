"""Accuracy of `check` on published market prose: the shared realworld passages and their gold verdicts.

Each gold claim is matched to the checker's claim whose span overlaps the claim's anchor most; the verdicts are
compared. Claims whose gold note says AMBIGUOUS are reported apart and not scored. The same figures are measured
for a baseline commit in the same run (a temporary git worktree of that commit, run in a subprocess).

    python benchmarks/realworld.py [--baseline REF] [--no-baseline] [--json] [--show wrong|all]

Needs the shared snapshot (MARKETPROOF_SHARED, default ../shared next to the checkout).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The last commit of the pattern-per-phrasing extractor: the figures the frame reader is measured against.
DEFAULT_BASELINE = "57ab7fb"
VERDICTS = ("supported", "contradicted", "unverifiable", "not_checkable")


def shared_dir() -> Path:
    return Path(os.environ.get("MARKETPROOF_SHARED") or ROOT.parent / "shared")


def load_gold(realworld: Path) -> list[dict]:
    gold = [json.loads(line) for line in (realworld / "gold.jsonl").read_text().splitlines() if line.strip()]
    anchors = json.loads((realworld / "anchors.json").read_text())
    if len(anchors) != len(gold):
        raise SystemExit(f"anchors.json has {len(anchors)} entries, gold.jsonl {len(gold)}")
    for g, a in zip(gold, anchors):
        g["anchor"] = a
    return gold


def split_article(path: Path) -> tuple[date | None, str]:
    """The passage's publication date (None when unknown) and its body (the text after the 3-line header)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n", 3)
    m = re.match(r"date:\s*(\d{4}-\d{2}-\d{2})", lines[1])
    return (date.fromisoformat(m.group(1)) if m else None), (lines[3] if len(lines) > 3 else "")


def shape_of(body: str, start: int) -> str:
    """The document shape holding an offset: headline, list, table, faq or paragraph."""
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", start)
    line = body[line_start:line_end if line_end != -1 else len(body)]
    first_line = body[:line_start].strip() == ""
    if first_line and len(line) < 160 and not line.rstrip().endswith((".", ":")):
        return "headline"
    if re.match(r"\s*(?:[-*•·]|\d+[.)])\s+", line):
        return "list"
    if line.count("|") >= 2 or re.search(r"\S {3,}\S.* {3,}\S", line) or "\t" in line:
        return "table"
    if re.match(r"\s*(?:Q:|A:|Q\.|A\.)", line) or line.rstrip().endswith("?"):
        return "faq"
    return "paragraph"


def frame_of(claim: str, method: str) -> str:
    """A rough frame label for a gold claim, for the per-frame breakdown (the gold carries no frame)."""
    c = claim.lower()
    m = method.lower()
    rules = [
        ("POLICY", r"target range|fed funds|federal funds|rate (?:hike|cut)|raised rates|cut rates|basis-point (?:hike|cut)"),
        ("MACRO", r"\bcpi\b|consumer price|inflation|unemployment|payroll|jobs|gdp|core prices"),
        ("STREAK", r"straight|consecutive|in a row|streak"),
        ("RECORD", r"record|all-time"),
        ("RANK", r"\b(?:best|worst|biggest|largest|highest|lowest|strongest|weakest|steepest|sharpest)\b.*\bsince\b|"
                 r"\b(?:best|worst)\b.*\b(?:ever|on record|in history)\b"),
        ("AVERAGE", r"\baverage|\bmean\b"),
        ("COUNT", r"\b(?:times|sessions|trading days|occasions)\b.*\b(?:above|below|closed)|how many"),
        ("COMPARE", r"outperform|underperform|outpac|lagg|trail|beat\b|than the"),
        ("DISTANCE", r"\bfrom (?:its|the) .*(?:high|peak|record|low)|below (?:its|the) .*(?:high|peak|record)|correction|bear market"),
        ("LEVEL", r"\b(?:closed at|ended at|finished at|settled at|stood at|was at|at \d|to \d|level of|yield(?:ed)? \d)"),
        ("CHANGE", r"\b(?:rose|fell|gained|lost|climbed|dropped|jumped|slid|declined|advanced|up|down|added|sank|tumbled|surged|rallied|plunged)\b"),
    ]
    for label, pattern in rules:
        if re.search(pattern, c):
            return label
    if "not_checkable" in m or "opinion" in m:
        return "OTHER"
    return "OTHER"


def measure(shared: Path, store_path: Path | None, show: str | None) -> dict:
    """Run the checker in this interpreter over every passage; return the figures and per-claim rows."""
    from marketproof import Store, check_article
    from marketproof.importer import import_paths

    realworld = shared / "realworld"
    gold = load_gold(realworld)
    tmp = None
    if store_path is None or not Path(store_path).exists():
        tmp = tempfile.TemporaryDirectory()
        store_path = Path(tmp.name) / "store.duckdb"
        with Store.open(store_path) as s:
            import_paths(s, [shared / "data"])
    store = Store.open(store_path, read_only=True)
    by_article: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_article[g["article"]].append(g)
    rows = []
    t0 = time.perf_counter()
    errors = 0
    for name, claims in by_article.items():
        as_of, body = split_article(realworld / "articles" / name)
        try:
            try:  # the passage's date is its publication date (older trees take it as the as-of)
                report = check_article(body, store, published=as_of, source=name)
            except TypeError:
                report = check_article(body, store, as_of=as_of, source=name)
            text, checked = report.text, report.claims
        except Exception as exc:  # one article failing is a measured error, not a crash of the benchmark
            errors += 1
            text, checked = body, []
            print(f"{name}: check failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        for g in claims:
            a0 = text.find(g["anchor"])
            if a0 < 0:
                a0 = body.find(g["anchor"])
            a1 = a0 + len(g["anchor"])
            best, best_overlap = None, 0
            for c in checked:
                overlap = min(a1, c.span[1]) - max(a0, c.span[0])
                if overlap > best_overlap:
                    best, best_overlap = c, overlap
            rows.append({
                "article": name, "claim": g["claim"], "gold": g["verdict"].lower(),
                "got": best.verdict if best else None, "got_text": best.text if best else None,
                "got_expl": (best.explanation if best else "")[:200],
                "ambiguous": "AMBIGUOUS" in (g.get("notes") or ""), "synthetic": bool(g.get("synthetic")),
                "shape": shape_of(text, max(a0, 0)), "frame": frame_of(g["claim"], g.get("method") or ""),
            })
    elapsed = time.perf_counter() - t0
    store.close()
    if tmp:
        tmp.cleanup()
    figures = summarise(rows)
    figures["seconds"] = round(elapsed, 2)
    figures["articles"] = len(by_article)
    figures["article_errors"] = errors
    if show:
        figures["rows"] = [r for r in rows if show == "all" or (not r["ambiguous"] and r["got"] != r["gold"])]
    return figures


def summarise(rows: list[dict]) -> dict:
    scored = [r for r in rows if not r["ambiguous"]]
    true_claims = [r for r in scored if r["gold"] == "supported"]
    matched = [r for r in scored if r["got"] is not None]
    correct = [r for r in scored if r["got"] == r["gold"]]

    def acc(group: list[dict]) -> str:
        ok = sum(r["got"] == r["gold"] for r in group)
        return f"{ok}/{len(group)}"

    by_frame, by_shape = defaultdict(list), defaultdict(list)
    for r in scored:
        by_frame[r["frame"]].append(r)
        by_shape[r["shape"]].append(r)
    ambiguous = [r for r in rows if r["ambiguous"]]
    return {
        "claims": len(rows),
        "scored": len(scored),
        "matched": len(matched),
        "correct": len(correct),
        "accuracy": round(100 * len(correct) / max(len(scored), 1), 1),
        "false_supported": sum(r["got"] == "supported" and r["gold"] != "supported" for r in scored),
        "false_contradicted": sum(r["got"] == "contradicted" and r["gold"] == "supported" for r in scored),
        "false_contradicted_pct": round(100 * sum(r["got"] == "contradicted" for r in true_claims)
                                        / max(len(true_claims), 1), 1),
        "unverifiable_share": round(100 * sum(r["got"] == "unverifiable" for r in scored) / max(len(scored), 1), 1),
        "confusion": {g: dict(Counter(r["got"] or "unmatched" for r in scored if r["gold"] == g)) for g in VERDICTS},
        "by_frame": {k: acc(v) for k, v in sorted(by_frame.items())},
        "by_shape": {k: acc(v) for k, v in sorted(by_shape.items())},
        "ambiguous": {"claims": len(ambiguous), "agree_with_gold": sum(r["got"] == r["gold"] for r in ambiguous),
                      "supported": sum(r["got"] == "supported" for r in ambiguous)},
    }


def baseline_figures(ref: str, shared: Path, store_path: Path | None) -> dict | None:
    """Measure a commit in a temporary worktree, in a subprocess that imports that commit's package."""
    with tempfile.TemporaryDirectory() as tmp:
        wt = Path(tmp) / "baseline"
        add = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(wt), ref],
                             capture_output=True, text=True)
        if add.returncode != 0:
            print(f"baseline {ref}: {add.stderr.strip()}", file=sys.stderr)
            return None
        try:
            env = dict(os.environ, PYTHONPATH=str(wt / "src"), MARKETPROOF_SHARED=str(shared))
            cmd = [sys.executable, str(Path(__file__).resolve()), "--no-baseline", "--json", "--in-process"]
            if store_path:
                cmd += ["--store", str(store_path)]
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=str(wt))
            if out.returncode != 0:
                print(f"baseline {ref} failed: {out.stderr.strip()[-400:]}", file=sys.stderr)
                return None
            return json.loads(out.stdout)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(wt)], capture_output=True)


def print_table(now: dict, base: dict | None, base_ref: str) -> None:
    def row(label: str, key: str, fmt: str = "{}") -> None:
        b = fmt.format(base[key]) if base else "-"
        print(f"  {label:<34} {fmt.format(now[key]):>12} {b:>12}")

    print(f"realworld: {now['articles']} passages, {now['claims']} gold claims ({now['scored']} scored, "
          f"{now['ambiguous']['claims']} AMBIGUOUS reported apart)")
    print(f"  {'':<34} {'this tree':>12} {'baseline ' + base_ref:>12}")
    row("matched", "matched")
    row("correct", "correct")
    row("accuracy %", "accuracy")
    row("false supported", "false_supported")
    row("false contradicted (true claims)", "false_contradicted")
    row("false contradicted % of true", "false_contradicted_pct")
    row("unverifiable share %", "unverifiable_share")
    row("seconds", "seconds")
    print("  targets: accuracy >= 90%, 0 false supported, false contradicted <= 2% of true claims")
    for title, key in (("by frame", "by_frame"), ("by document shape", "by_shape")):
        print(f"  {title}:")
        for k, v in now[key].items():
            b = base[key].get(k, "-") if base else "-"
            print(f"    {k:<32} {v:>12} {b:>12}")
    print("  confusion (gold -> checker):")
    for g, counts in now["confusion"].items():
        print(f"    {g:<16} {json.dumps(counts)}")
    amb = now["ambiguous"]
    print(f"  AMBIGUOUS: {amb['claims']} claims, {amb['agree_with_gold']} agree with gold, {amb['supported']} judged supported")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default=DEFAULT_BASELINE)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--store", type=Path, default=None, help="a store already holding the snapshot")
    ap.add_argument("--show", choices=("wrong", "all"), default=None)
    args = ap.parse_args()
    shared = shared_dir()
    if not (shared / "realworld" / "gold.jsonl").is_file():
        raise SystemExit(f"no realworld set under {shared} (set MARKETPROOF_SHARED)")
    if not args.in_process:
        sys.path.insert(0, str(ROOT / "src"))
    now = measure(shared, args.store, args.show)
    if args.json:
        print(json.dumps(now))
        return
    base = None if args.no_baseline else baseline_figures(args.baseline, shared, args.store)
    if args.show:
        for r in now.pop("rows"):
            print(f"[{r['gold']:>13} -> {str(r['got']):>13}] {r['article'][:22]} | {r['claim'][:110]}")
            print(f"      got: {str(r['got_text'])[:110]!r} :: {r['got_expl'][:150]}")
    print_table(now, base, args.baseline)


if __name__ == "__main__":
    main()
