"""Whatever the input, validation ends in a result or a ConfigError, never a traceback, and every
error line points inside a file."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from ruamel.yaml import YAML

from reconciler.cli import main
from reconciler.config import ConfigError, load_catalogue
from reconciler.config.suggest import field_names
from reconciler.kinds import top_level_kinds
from reconciler.kinds.variant import Variant

from .trees import DIAGNOSTIC_LINE

SUMMARY = re.compile(r"^\d+ errors? in \d+ files?$")
FIELDS = [
    "gecko_apply",
    "options",
    "archive_missing",
    "thresholds",
    "locations",
    "label",
    "country",
    "payment_terms",
    "name",
    "due_in_days",
    "from",
    "tax_types",
    "code",
    "components",
    "rate",
    "price_lists",
    "currency",
    "products",
    "variants",
    "sku",
    "prices",
    "retail",
    "VIP",
    "weight",
    "weight_unit",
    "tags",
    "status",
    "renamed_from",
    "lifecycle",
    "ignore_fields",
    "protect",
    "initial_stock_location",
    "x-anchor",
    "<<",
    "upc",
]
YAML_CHARS = st.sampled_from(list(":-[]{},#&*!|>'\"\n\t ?%@`\\0123456789.eE+_abcxyzSKU<\x00é"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.text(alphabet=YAML_CHARS, max_size=12),
    st.sampled_from(["SG", "sgd", "kg", "now", "eom", "active", "retail", "1", "Main"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5),
    ),
    max_leaves=25,
)


def _dump(document: Any) -> str:
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(document, stream)
    return stream.getvalue()


def _records(model: type[BaseModel], nested: dict[str, Any] | None = None) -> Any:
    names = [*field_names(model), "bogus", "skus"]
    values = st.one_of(scalars, documents, *(nested or {}).values())
    record = st.dictionaries(st.sampled_from(names), values, max_size=6)
    if nested:
        record = st.builds(lambda r, n: {**r, **n}, record, st.fixed_dictionaries(nested))
    return st.lists(record, max_size=3)


def _sections() -> Any:
    variants = _records(Variant)
    sections = {
        spec.section: _records(
            spec.model, {"variants": variants} if spec.name == "product" else None
        )
        for spec in top_level_kinds()
    }
    return st.fixed_dictionaries({}, optional={**sections, "options": documents})


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    """A catalogue-shaped document, dumped as YAML, then damaged line by line."""
    body = draw(
        st.one_of(_sections(), st.dictionaries(st.sampled_from(FIELDS), documents, max_size=4))
    )
    if draw(st.booleans()):
        body = {"gecko_apply": draw(st.sampled_from([1, 1, 1, 2, "1"])), **body}
    lines = _dump(body).splitlines()
    for _ in range(draw(st.integers(0, 3))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["drop", "copy", "indent", "insert"]))
        if operation == "drop":
            del lines[at]
        elif operation == "copy":
            lines.insert(at, lines[at])
        elif operation == "indent":
            lines[at] = "  " + lines[at]
        else:
            lines.insert(at, draw(st.text(alphabet=YAML_CHARS, max_size=20)))
    return "\n".join(lines) + "\n"


inputs = st.one_of(
    st.binary(max_size=200),
    st.text(alphabet=YAML_CHARS, max_size=200).map(lambda text: text.encode("utf-8")),
    mutated_documents().map(lambda text: text.encode("utf-8")),
)


def _line_count(data: bytes) -> int:
    try:
        return max(1, len(data.decode("utf-8").removeprefix("\ufeff").splitlines()))
    except UnicodeDecodeError:
        return max(1, data.count(b"\n") + 1)


def _check_error_line(line: str, files: dict[str, bytes]) -> None:
    found = DIAGNOSTIC_LINE.match(line)
    assert found, f"no file:line:col prefix: {line!r}"
    assert found["file"] in files, line
    assert 1 <= int(found["line"]) <= _line_count(files[found["file"]]), line
    assert int(found["col"]) >= 1, line


def _write(root: Path, contents: list[bytes]) -> dict[str, bytes]:
    files = {}
    for index, data in enumerate(contents):
        path = root / f"{index}.yaml"
        path.write_bytes(data)
        files[str(path)] = data
    return files


@settings(max_examples=150, deadline=None)
@given(st.lists(inputs, min_size=1, max_size=3))
def test_validate_never_crashes(contents: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        files = _write(Path(directory), contents)
        result = CliRunner().invoke(main, ["validate", directory])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1)
        lines = result.stderr.splitlines()
        if result.exit_code == 1:
            assert lines and SUMMARY.match(lines[-1]), result.stderr
            lines = lines[:-1]
        else:
            assert result.stdout.startswith("ok: ")
        for line in lines:
            _check_error_line(line, files)
        assert "Traceback" not in result.output


@settings(max_examples=100, deadline=None)
@given(mutated_documents())
def test_load_catalogue_raises_only_config_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        files = _write(Path(directory), [text.encode("utf-8")])
        try:
            loaded = load_catalogue(directory)
        except ConfigError as error:
            assert error.diagnostics
            for diagnostic in error.diagnostics:
                _check_error_line(str(diagnostic), files)
        else:
            assert loaded.catalogue.version == 1
