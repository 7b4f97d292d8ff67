"""The desk served by uvicorn on 127.0.0.1 from a thread, for tests that need a real HTTP server."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve app on a free port of 127.0.0.1; yields its base URL and stops the server on exit."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False,
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, name="desk-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the desk server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
