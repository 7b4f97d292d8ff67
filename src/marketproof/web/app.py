"""The desk as an ASGI app (Starlette): pages for people, a JSON API behind each for newsroom tools.

GET  /check, POST /check       paste or upload an article, get the report on the same page
POST /api/check                {"text": ..., "as_of": "YYYY-MM-DD"?} -> the check JSON contract
GET  /write                    story, index, period, date -> the article and its self-check
POST /api/write                {"story": ..., "index"?, "period"?, "as_of"?} -> write's JSON
GET  /data, GET /api/series    the series in the store, their first and last dates and sources
GET  /api/stories              the story kinds
"""

from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from marketproof.errors import MarketproofError
from marketproof.web import pages
from marketproof.web.desk import Desk
from marketproof.web.inputs import (
    MAX_ARTICLE_BYTES, MAX_BODY_BYTES, DeskInputError, check_request, read_body, write_request,
)

log = logging.getLogger("marketproof.web")
# Headers every response carries: nothing is framed elsewhere or loaded from another origin.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(store_path: str | Path | None = None, *, desk: Desk | None = None) -> Starlette:
    """The desk app over a store opened read-only (or over a given Desk, which the caller closes)."""
    desk = desk or Desk.open(store_path)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        desk.close()

    routes = [
        Route("/", lambda request: RedirectResponse("/check", status_code=303)),
        Route("/check", _handler(desk, check_form), methods=["GET"]),
        Route("/check", _handler(desk, check_submit), methods=["POST"]),
        Route("/write", _handler(desk, write_form), methods=["GET"]),
        Route("/data", _handler(desk, data_page), methods=["GET"]),
        Route("/api/check", _handler(desk, api_check, json_errors=True), methods=["POST"]),
        Route("/api/write", _handler(desk, api_write, json_errors=True), methods=["POST"]),
        Route("/api/series", _handler(desk, api_series, json_errors=True), methods=["GET"]),
        Route("/api/stories", _handler(desk, api_stories, json_errors=True), methods=["GET"]),
        # The report's own stylesheet and script are served from the report package, not copied.
        Route("/static/report.css", _resource_route("check_report.css", "text/css")),
        Route("/static/report.js", _resource_route("check_report.js", "text/javascript")),
        Mount("/static", app=StaticFiles(packages=[("marketproof.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.desk = desk
    return app


def _handler(desk: Desk, view, *, json_errors: bool = False):
    """Wrap a view: refusals become the right status with a message, failures one line, never a traceback."""
    async def endpoint(request: Request) -> Response:
        try:
            response = await view(desk, request)
        except DeskInputError as exc:
            response = _error(exc.status, exc.message, json_errors, request, desk)
        except MarketproofError as exc:
            response = _error(500, exc.one_line(), json_errors, request, desk)
        except Exception as exc:  # noqa: BLE001 - the page says what failed; the log keeps the traceback
            log.exception("desk request failed")
            response = _error(500, f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())[:200]}",
                              json_errors, request, desk)
        response.headers.update(SECURITY_HEADERS)
        return response

    return endpoint


def _error(status: int, message: str, as_json: bool, request: Request, desk: Desk) -> Response:
    if as_json:
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return HTMLResponse(pages.error_page(status, message), status_code=status)


def _resource_route(name: str, media_type: str):
    from marketproof.report.html import _resource

    body = _resource(name)

    async def endpoint(request: Request) -> Response:
        return Response(body, media_type=media_type, headers={"Cache-Control": "max-age=3600"})

    return endpoint


# ---- Check ---------------------------------------------------------------------------------------


async def check_form(desk: Desk, request: Request) -> Response:
    return HTMLResponse(pages.check_page())


async def check_submit(desk: Desk, request: Request) -> Response:
    """The form post: the report on the same page, or the form again with the reason and the right status."""
    text = as_of = ""
    try:
        form = await _form(request)
        text = form.get("text") if isinstance(form.get("text"), str) else ""
        as_of = form.get("as_of") if isinstance(form.get("as_of"), str) else ""
        upload = form.get("file")
        name = getattr(upload, "filename", None) or None
        raw = await upload.read() if name else None
        checked = check_request(text, as_of, name, raw)
        report = await run_in_threadpool(desk.check, checked)
        context = await run_in_threadpool(desk.report_context, report)
    except DeskInputError as exc:
        return HTMLResponse(pages.check_page(text=text or "", as_of=as_of or "", error=exc.message),
                            status_code=exc.status)
    return HTMLResponse(pages.check_page(text=checked.pasted, as_of=checked.as_of_text, report=context,
                                         checked=checked.source))


async def api_check(desk: Desk, request: Request) -> Response:
    """{"text": "...", "as_of": "YYYY-MM-DD"?, "source": name?} (or a text/plain body, ?as_of=) -> the JSON contract."""
    body = await read_body(request)
    if request.headers.get("content-type", "").startswith("text/plain"):
        fields: dict[str, Any] = {"text": _decode(body), "as_of": request.query_params.get("as_of"),
                                  "source": request.query_params.get("source", "-")}
    else:
        fields = _json_object(body)
    checked = check_request(fields.get("text"), fields.get("as_of"), source=fields.get("source", "-"))
    report = await run_in_threadpool(desk.check, checked)
    return JSONResponse(report.contract_json())


# ---- Write and Data ------------------------------------------------------------------------------


async def write_form(desk: Desk, request: Request) -> Response:
    """GET /write shows the form; with ?story=... it writes the story (a form that works without scripts)."""
    params = dict(request.query_params)
    choice = {k: params.get(k, "") for k in ("story", "index", "period", "as_of")}
    stories = desk.stories()
    if not params.get("story"):
        return HTMLResponse(pages.write_page(stories=stories, choice=choice))
    try:
        article = await run_in_threadpool(desk.write, write_request(params))
    except DeskInputError as exc:
        return HTMLResponse(pages.write_page(stories=stories, choice=choice, error=exc.message),
                            status_code=exc.status)
    return HTMLResponse(pages.write_page(stories=stories, choice=choice, article=article))


async def api_write(desk: Desk, request: Request) -> Response:
    fields = _json_object(await read_body(request, 64 * 1024))
    article = await run_in_threadpool(desk.write, write_request(fields))
    return JSONResponse(article.to_json())


async def data_page(desk: Desk, request: Request) -> Response:
    series = await run_in_threadpool(desk.series)
    return HTMLResponse(pages.data_page(series, str(desk.store.path)))


async def api_series(desk: Desk, request: Request) -> Response:
    return JSONResponse(await run_in_threadpool(desk.series))


async def api_stories(desk: Desk, request: Request) -> Response:
    return JSONResponse(desk.stories())


# ---- request bodies ------------------------------------------------------------------------------


async def _form(request: Request):
    """The posted form, its size checked before it is parsed (413 past the article limit)."""
    body = await read_body(request)
    replayed = Request(request.scope, receive=_replay(body))
    try:
        return await replayed.form(max_files=1, max_fields=8, max_part_size=MAX_BODY_BYTES)
    except Exception as exc:  # malformed multipart or urlencoded data
        if getattr(exc, "status_code", 400) == 413:
            raise DeskInputError(413, f"articles over {MAX_ARTICLE_BYTES // 2**20} MB are refused") from None
        raise DeskInputError(400, f"the form could not be read: {' '.join(str(exc).split())[:120]}") from None


def _replay(body: bytes):
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeskInputError(400, "the request body is not UTF-8 text") from None


def _json_object(body: bytes) -> dict[str, Any]:
    if not body.strip():
        raise DeskInputError(422, "send a JSON object, e.g. {\"text\": \"...\"}")
    try:
        value = json.loads(_decode(body))
    except json.JSONDecodeError as exc:
        raise DeskInputError(400, f"the request body is not JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(value, dict):
        raise DeskInputError(400, "send a JSON object, e.g. {\"text\": \"...\"}")
    return value
