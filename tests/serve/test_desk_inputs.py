"""The desk refuses bad input with a message and the right status, and never writes to the store."""

from __future__ import annotations

import json

import pytest

from marketproof.check.reader import MAX_ARTICLE_BYTES

ARTICLE = "The Russell 2000 rose 0.4% on Friday, June 28, 2024."


@pytest.mark.parametrize("body, status, words", [
    ({"text": ""}, 422, "empty"),
    ({"text": "  \n\t "}, 422, "empty"),
    ({"text": ARTICLE, "as_of": "2024-13-01"}, 400, "not a YYYY-MM-DD date"),
    ({"text": ARTICLE, "as_of": "June 28"}, 400, "not a YYYY-MM-DD date"),
    ({"text": ARTICLE, "as_of": 20240628}, 400, "YYYY-MM-DD"),
    ({"text": 42}, 400, "must be a string"),
])
def test_api_check_refusals(tiny_client, body, status, words):
    r = tiny_client.post("/api/check", json=body)
    assert r.status_code == status
    assert words in r.json()["error"] and r.json()["status"] == status


def test_api_check_refuses_what_is_not_a_json_object(tiny_client):
    r = tiny_client.post("/api/check", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "not JSON" in r.json()["error"]
    r = tiny_client.post("/api/check", json=["a list"])
    assert r.status_code == 400 and "JSON object" in r.json()["error"]
    r = tiny_client.post("/api/check", content=b"", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_oversized_article_is_413_by_declared_length_and_by_streamed_bytes(tiny_client):
    big = "x" * (MAX_ARTICLE_BYTES + 1)
    r = tiny_client.post("/api/check", json={"text": big})
    assert r.status_code == 413 and "over 5 MB" in r.json()["error"]

    def chunks():  # no Content-Length: the limit holds on the streamed body too
        for _ in range(7):
            yield b"y" * 2**20

    r = tiny_client.post("/api/check", content=chunks(), headers={"content-type": "text/plain"})
    assert r.status_code == 413
    r = tiny_client.post("/check", data={"text": big, "as_of": "not a date"})
    assert r.status_code == 413 and "over 5 MB" in r.text  # size is judged before the date


def test_an_article_just_under_the_limit_is_not_refused_for_size(tiny_client):
    # The size passes; the (deliberately) malformed date is what stops it, so no 5 MB check is run.
    text = ARTICLE + " " + "filler " * ((MAX_ARTICLE_BYTES - 200) // 7)
    assert len(text.encode()) <= MAX_ARTICLE_BYTES
    r = tiny_client.post("/api/check?as_of=soon", content=text.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 400 and "not a YYYY-MM-DD date" in r.json()["error"], r.text[:300]
    r = tiny_client.post("/check", data={"text": text, "as_of": "soon"})
    assert r.status_code == 400 and "not a YYYY-MM-DD date" in r.text


def test_form_errors_are_on_the_page_with_the_typed_text_kept(tiny_client):
    r = tiny_client.post("/check", data={"text": ARTICLE, "as_of": "2024-02-30"})
    assert r.status_code == 400
    assert 'role="alert"' in r.text and "2024-02-30" in r.text and "not a YYYY-MM-DD date" in r.text
    assert ARTICLE in r.text  # the editor's text survives the error
    r = tiny_client.post("/check", data={"text": "", "as_of": ""})
    assert r.status_code == 422 and "empty" in r.text


@pytest.mark.parametrize("name, raw, status", [
    ("notes.pdf", b"%PDF-1.7", 400),
    ("binary.txt", b"\x00\x01\x02 not text", 400),
    ("latin1.txt", "Le marché a progressé".encode("latin-1"), 400),
    ("empty.txt", b"", 422),
])
def test_bad_uploads(tiny_client, name, raw, status):
    r = tiny_client.post("/check", files={"file": (name, raw)})
    assert r.status_code == status, r.text[:300]
    assert 'class="desk-error"' in r.text


def test_an_uploaded_html_page_is_read_as_its_article_text(tiny_client):
    page = f"<html><head><title>t</title><script>var x = 1;</script></head><body><p>{ARTICLE}</p></body></html>"
    r = tiny_client.post("/check", files={"file": ("story.html", page.encode())}, data={"as_of": "2024-06-28"})
    assert r.status_code == 200
    assert "var x" not in r.text.split('id="main"')[1].split("</article>")[0]
    assert 'class="claim ' in r.text


def test_the_text_plain_api_takes_as_of_from_the_query(tiny_client):
    r = tiny_client.post("/api/check?as_of=2024-06-28", content=ARTICLE.encode(),
                         headers={"content-type": "text/plain; charset=utf-8"})
    assert r.status_code == 200
    assert r.json()["as_of"] == "2024-06-28" and r.json()["as_of_basis"] == "given"


def test_the_store_is_read_only_and_unchanged_by_checks(tiny_client, tiny_store_path):
    desk = tiny_client.app.state.desk
    assert desk.store.read_only
    before = desk.store.content_hash()
    size, mtime = tiny_store_path.stat().st_size, tiny_store_path.stat().st_mtime_ns
    for _ in range(3):
        assert tiny_client.post("/api/check", json={"text": ARTICLE}).status_code == 200
        assert tiny_client.post("/check", data={"text": ARTICLE}).status_code == 200
    assert desk.store.content_hash() == before
    assert (tiny_store_path.stat().st_size, tiny_store_path.stat().st_mtime_ns) == (size, mtime)


def test_unknown_pages_and_methods(tiny_client):
    assert tiny_client.get("/nowhere").status_code == 404
    assert tiny_client.get("/api/check").status_code == 405
    assert tiny_client.get("/", follow_redirects=False).headers["location"] == "/check"


def test_every_response_forbids_other_origins(tiny_client):
    r = tiny_client.get("/check")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_write_refusals(tiny_client):
    r = tiny_client.post("/api/write", json={"story": "no-such-story"})
    assert r.status_code == 400 and "unknown story" in r.json()["error"]
    r = tiny_client.post("/api/write", json={})
    assert r.status_code == 422
    r = tiny_client.get("/write", params={"story": "smallcap-h1", "as_of": "30/06/2026"})
    assert r.status_code == 400 and "not a YYYY-MM-DD date" in r.text
    assert json.loads(tiny_client.get("/api/stories").text)[0]["story"]
