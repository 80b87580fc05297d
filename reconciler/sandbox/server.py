"""Running the sandbox under uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path

import uvicorn

from reconciler.sandbox.app import create_app
from reconciler.sandbox.faults import DroppedConnection


class _QuietDrops(logging.Filter):
    """Injected dropped connections are expected; keep their tracebacks out of the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, DroppedConnection)


def serve(  # noqa: PLR0917 - the documented positional signature
    host: str = "127.0.0.1",
    port: int = 4000,
    db: str | Path = ".gecko-sandbox.sqlite",
    seed: str = "demo",
    token: str = "sandbox-token",
    rate_limit: tuple[int, int] | None = (300, 300),
    faults: str | None = None,
    request_log_path: str | Path | None = None,
) -> None:
    """Serve the sandbox until interrupted, printing its URL and token first."""
    app = create_app(
        db, token=token, rate_limit=rate_limit, faults=faults, seed=seed,
        request_log_path=request_log_path,
    )
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    print(f"gecko-apply sandbox: http://{host}:{port}  (database {db})", flush=True)
    print(f"  token: {token}", flush=True)
    print(f"  try: GECKO_API_URL=http://{host}:{port} GECKO_ACCESS_TOKEN={token}", flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        app.state.sandbox.close()
