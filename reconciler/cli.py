"""The ``gecko-apply`` command line: click commands only.

Each command parses its options, calls one function of the core, renders the result and exits
with the code of DESIGN.md section 2 (0 success, 1 error, 2 changes with --detailed-exitcode).
"""

from __future__ import annotations

import click

from reconciler import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gecko-apply")
def main() -> None:
    """Catalogue-as-code for TradeGecko: validate, plan and apply a YAML catalogue."""
