"""The root of gecko-apply's exception tree.

Every error the core raises on purpose derives from ``GeckoApplyError``; the CLI turns any of
them into one clear line and exit code 1, never a traceback. The tree::

    GeckoApplyError
    ├── config.ConfigError                configuration problems, all at once, file:line:col
    ├── client.ApiError                   a request failed (status, message, request id, path)
    │   └── ...                           one subclass per failure, see client/errors.py
    ├── client.WaitTooLong                the API asked for a pause longer than --max-wait
    ├── client.endpoint.ConnectionSetupError  no token, a token or URL refused, a bad option
    ├── engine.PlanError                  the plan cannot be made (references, ambiguity)
    │   ├── engine.SafetyError            over a threshold; --force overrides
    │   └── engine.StalePlanError         a saved plan expired or no longer matches
    └── render.PlanFileError              a plan file that is not a gecko-apply plan
"""

from __future__ import annotations


class GeckoApplyError(Exception):
    """Base of every error gecko-apply reports to its user.

    ``fatal`` errors would recur on every further request (a wait the user did not allow):
    apply stops at the first instead of failing each remaining change alike.
    """

    fatal: bool = False
