"""Every command has help text and is named in the README."""

from __future__ import annotations

from pathlib import Path

import typer.main

from marketproof.cli.main import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        path = (*prefix, name)
        yield path, cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, path)


def test_every_command_has_help_and_is_in_the_readme():
    root = typer.main.get_command(app)
    seen = 0
    for path, cmd in _commands(root):
        seen += 1
        assert (cmd.help or "").strip(), f"{' '.join(path)} has no help text"
        assert " ".join(path) in README, f"`{' '.join(path)}` is not in the README"
    assert seen >= 10
