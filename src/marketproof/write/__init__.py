"""`write`: articles generated from the store, every figure bound to a computed fact, printed only if they pass their own check."""

from marketproof.write.article import WrittenArticle
from marketproof.write.facts import Fact, FactSet, Gap
from marketproof.write.stories import STORIES, Story, list_stories, write_story

__all__ = ["STORIES", "Fact", "FactSet", "Gap", "Story", "WrittenArticle", "list_stories", "write_story"]
