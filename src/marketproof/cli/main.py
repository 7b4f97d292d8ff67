"""The `marketproof` command: a thin shell over the Python API; errors become one line here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from marketproof.cli.data import data_app
from marketproof.cli.streams import BROKEN_PIPE_EXIT, finish_stdout, guard_streams, silence_broken_stdout
from marketproof.errors import MarketproofError

app = typer.Typer(
    name="marketproof",
    help="Check market articles against primary data, write articles whose every figure is proven, "
    "and manage the local data store.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(data_app, name="data")


class Settings:
    """Options every command shares, set by the root callback."""

    store_path: Optional[Path] = None
    debug: bool = False


settings = Settings()


@app.callback()
def main(
    store: Optional[Path] = typer.Option(
        None, "--store", envvar="MARKETPROOF_STORE", help="Store file (default: the user data dir)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback on errors."),
) -> None:
    """marketproof: make market news provable."""
    settings.store_path = store
    settings.debug = debug


def _register_optional_commands() -> None:
    # Commands living in their own modules register themselves when present.
    import importlib

    for module in ("marketproof.cli.check", "marketproof.cli.write"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        mod.register(app)


_register_optional_commands()


def run() -> None:
    """Console-script entry point: run the app, turn marketproof errors into one line and an exit code."""
    debug = "--debug" in sys.argv
    guard_streams()
    try:
        rc = app(standalone_mode=False)
        if rc == 130:  # typer's answer to Ctrl-C (Exit(130)): say so like any other interruption
            raise KeyboardInterrupt
        finish_stdout()
    except BrokenPipeError:  # the reader of stdout went away (`| head`): nothing left to say to anyone
        silence_broken_stdout()
        sys.exit(BROKEN_PIPE_EXIT)
    except MarketproofError as exc:
        if debug:
            raise
        print(f"error: {exc.one_line()}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        sys.exit(130)
    except OSError as exc:  # a file the user named cannot be written or read (--out into a missing folder, ...)
        if debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort as exc:
        if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):  # click turns Ctrl-C into Abort
            print("error: interrupted", file=sys.stderr)
            sys.exit(130)
        print("error: aborted", file=sys.stderr)
        sys.exit(1)
    except Exception as exc:  # click usage errors and anything unexpected
        if isinstance(exc, _usage_exception_types()):
            _show_usage_error(exc)
        if debug:
            raise
        text = " ".join(str(exc).split())[:300]
        print(f"error: unexpected {type(exc).__name__}: {text} (run with --debug for the traceback)", file=sys.stderr)
        sys.exit(3)
    sys.exit(rc if isinstance(rc, int) else 0)


def _usage_exception_types() -> tuple[type[BaseException], ...]:
    """click's exception base: recent typer versions vendor click instead of depending on it."""
    import importlib

    types: list[type[BaseException]] = []
    for module in ("click", "typer._click"):
        try:
            types.append(importlib.import_module(module).ClickException)
        except (ImportError, AttributeError):
            continue
    return tuple(types)


def _show_usage_error(exc: Exception) -> None:
    """A usage error as one `error:` line naming the command (help requested by giving no arguments is shown as is)."""
    code = getattr(exc, "exit_code", 2)
    if type(exc).__name__ == "NoArgsIsHelpError":
        exc.show()  # type: ignore[attr-defined]
        sys.exit(code)
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", None) or "marketproof"
    message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
    print(f"error: {command}: {message} (see `{command} --help`)", file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    run()
