"""File-format parsers: pure functions of raw bytes, shared by `data import` and `data pull`."""

from marketproof.parsers.base import Parser
from marketproof.parsers.registry import PARSERS, detect_parser, parser_by_name

__all__ = ["PARSERS", "Parser", "detect_parser", "parser_by_name"]
