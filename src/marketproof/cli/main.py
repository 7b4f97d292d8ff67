"""The `marketproof` command: a thin shell over the Python API; errors become one line here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from marketproof.cli.streams import BROKEN_PIPE_EXIT, finish_stdout, guard_streams, silence_broken_stdout
from marketproof.errors import MarketproofError

# Command groups built only when named (or listed): `marketproof check` never imports or builds `data`'s
# commands. name -> (module, Typer attribute).
LAZY_GROUPS = {"data": ("marketproof.cli.data", "data_app")}


class _LazyCommands(dict):
    """A group's commands, the lazy groups' built on first use (looking one up by name builds only that one)."""

    def __init__(self, commands, loaders) -> None:
        super().__init__(commands)
        self._loaders = dict(loaders)

    def _load(self, name: str) -> None:
        loader = self._loaders.pop(name, None)
        if loader is not None:
            dict.__setitem__(self, name, loader())

    def _load_all(self) -> None:
        for name in list(self._loaders):
            self._load(name)

    def get(self, name, default=None):
        self._load(name)
        return dict.get(self, name, default)

    def __getitem__(self, name):
        self._load(name)
        return dict.__getitem__(self, name)

    def __contains__(self, name) -> bool:
        return name in self._loaders or dict.__contains__(self, name)

    def __iter__(self):
        self._load_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        return dict.__len__(self) + len(self._loaders)

    def keys(self):
        self._load_all()
        return dict.keys(self)

    def values(self):
        self._load_all()
        return dict.values(self)

    def items(self):
        self._load_all()
        return dict.items(self)


def _build_group(name: str):
    import importlib

    from typer.main import get_group_from_info
    from typer.models import TyperInfo

    module, attribute = LAZY_GROUPS[name]
    sub_app = getattr(importlib.import_module(module), attribute)
    return get_group_from_info(TyperInfo(sub_app, name=name), pretty_exceptions_short=True, suggest_commands=True,
                               rich_markup_mode=None)


class _RootGroup(TyperGroup):
    """The root command group: its lazy groups are built when a command line or the help names them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _LazyCommands(self.commands, {n: (lambda n=n: _build_group(n)) for n in LAZY_GROUPS})


app = typer.Typer(
    name="marketproof",
    help="Check market articles against primary data, write articles whose every figure is proven, "
    "and manage the local data store.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=_RootGroup,
)


class Settings:
    """Options every command shares, set by the root callback."""

    store_path: Optional[Path] = None
    debug: bool = False


settings = Settings()


def open_store(read_only: bool = False):
    """Open the store chosen by --store / MARKETPROOF_STORE / the default path."""
    from marketproof.store import Store

    return Store.open(settings.store_path, read_only=read_only)


@app.callback()
def main(
    store: Optional[Path] = typer.Option(
        None, "--store", envvar="MARKETPROOF_STORE", metavar="PATH",
        help="Store file (default: marketproof.duckdb in the user data dir, ~/.local/share/marketproof on Linux)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback on errors."),
) -> None:
    """marketproof: make market news provable."""
    settings.store_path = store
    settings.debug = debug


def _register_optional_commands() -> None:
    # Commands living in their own modules register themselves when present.
    import importlib

    for module in ("marketproof.cli.check", "marketproof.cli.write", "marketproof.cli.serve"):
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


def console_main() -> None:
    """The `marketproof` console script: run(), then leave without the interpreter's teardown.

    Tearing down the interpreter (freeing every module, compiled pattern and model schema, and the
    database library) costs a noticeable share of a short command's wall time. Every command has closed
    its store and files by the time run() ends, so once the output is flushed nothing is left to do.
    """
    import os

    try:
        run()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # a message: let Python print it and exit as usual
            raise
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away (`| head`): nothing more to deliver
        pass
    if "marketproof.patterns" in sys.modules:  # keep this run's compiled patterns for the next one
        sys.modules["marketproof.patterns"].save()
    os._exit(code)


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
