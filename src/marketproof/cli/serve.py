"""`marketproof serve`: the editor's desk on this machine (Check, Write and Data pages and their JSON API)."""

from __future__ import annotations

import sys

import typer

DEFAULT_PORT = 8765


def register(app: typer.Typer) -> None:
    """Add the serve command to the root app."""
    app.command("serve")(serve_cmd)


def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(DEFAULT_PORT, "--port", metavar="PORT", help="Port to listen on."),
) -> None:
    """Serve the editor's desk: paste an article and read its verdicts, write a story, see the data. Ctrl-C stops."""
    from marketproof.cli.main import settings
    from marketproof.errors import BadInputError

    if not 0 < port < 65536:
        raise BadInputError(f"--port {port} is not a port number (1-65535)")
    try:
        import uvicorn

        from marketproof.web import create_app
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("starlette", "uvicorn", "multipart", "python_multipart"):
            raise BadInputError(f"marketproof serve needs {exc.name}: pip install 'marketproof[serve]'") from None
        raise
    app = create_app(settings.store_path)  # the store is opened read-only here: a missing store fails now
    print(f"marketproof desk on http://{_url_host(host)}:{port}/ (store {app.state.desk.store.path}, read-only); "
          "Ctrl-C stops", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
