"""The root of gecko-apply's exception tree.

Every error the core raises on purpose derives from ``GeckoApplyError``; the CLI turns any of
them into one clear line and exit code 1, never a traceback. The tree::

    GeckoApplyError
    ├── config.ConfigError    configuration problems, all at once, with file:line:col
    ├── client.ApiError       an API request failed (status, message, request id, method, path)
    │   └── ...               one subclass per kind of failure, see reconciler/client/errors.py
    └── engine.PlanError      the plan cannot be made or applied (references, safety, staleness)
"""

from __future__ import annotations


class GeckoApplyError(Exception):
    """Base of every error gecko-apply reports to its user."""
