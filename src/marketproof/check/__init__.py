"""`check`: extract every factual claim from a market article and judge it against the store."""

from marketproof.check.models import CheckReport, ClaimResult
from marketproof.check.pipeline import check_article, check_text
from marketproof.check.reader import Article, article_from_text, read_article

__all__ = ["Article", "CheckReport", "ClaimResult", "article_from_text", "check_article", "check_text", "read_article"]
