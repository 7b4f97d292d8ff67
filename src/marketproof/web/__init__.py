"""`marketproof serve`: the editor's desk, a local web page to paste an article and read its verdicts.

Starlette and uvicorn are an optional extra (`pip install 'marketproof[serve]'`); nothing here is imported by
the other commands.
"""

from marketproof.web.app import create_app

__all__ = ["create_app"]
