from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconciler.engine.plan import Action, Change, FieldChange
from reconciler.errors import GeckoApplyError
from reconciler.render.json import PlanFileError, load_plan_json, render_plan_json

from .plans import small_plan


def test_format_version_first_and_summary_included() -> None:
    text = render_plan_json(small_plan())
    data = json.loads(text)
    assert next(iter(data)) == "format_version"
    assert data["format_version"] == "1"
    assert data["summary"] == {"create": 2, "update": 5, "restore": 1, "archive": 2}
    assert text.startswith('{\n  "format_version": "1",\n')


def test_round_trip_equals_the_original() -> None:
    plan = small_plan()
    assert load_plan_json(render_plan_json(plan)).model_dump() == plan.model_dump()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=5,
)


@settings(max_examples=50, deadline=None)
@given(
    key=st.text(min_size=1, max_size=30),
    action=st.sampled_from(list(Action)),
    fields=st.dictionaries(
        st.text(min_size=1, max_size=10), st.tuples(json_values, json_values), max_size=3
    ),
)
def test_round_trip_of_any_change(
    key: str, action: Action, fields: dict[str, tuple[object, object]]
) -> None:
    change = Change(
        address=f'product["{key}"]', kind="product", key=key, action=action, reason="r",
        fields={name: FieldChange(before=b, after=a) for name, (b, a) in fields.items()},
    )  # fmt: skip
    plan = small_plan().model_copy(update={"changes": (change,)})
    assert load_plan_json(render_plan_json(plan)).model_dump() == plan.model_dump()


def test_wrong_format_version_is_refused() -> None:
    data = json.loads(render_plan_json(small_plan()))
    data["format_version"] = "2"
    with pytest.raises(PlanFileError, match=r"format_version '2'.*reads format_version '1'"):
        load_plan_json(json.dumps(data))


def test_missing_format_version_is_refused() -> None:
    with pytest.raises(PlanFileError, match="no format_version"):
        load_plan_json('{"changes": []}')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON \\(line 1, column 2"),
        ("[1, 2]", "expected a JSON object"),
        (
            '{"format_version": "1", "changes": [{"address": "x"}]}',
            "changes.0.kind: Field required",
        ),
        ('{"format_version": "1", "estimate": {"requests": "many"}}', "estimate.requests"),
    ],
)
def test_invalid_content_is_refused_clearly(text: str, message: str) -> None:
    with pytest.raises(PlanFileError, match=message) as caught:
        load_plan_json(text)
    assert isinstance(caught.value, GeckoApplyError)
    assert "Traceback" not in str(caught.value)


def test_the_file_is_the_json_mode_dump() -> None:
    plan = small_plan()
    text = render_plan_json(plan)
    assert json.loads(text) == plan.model_dump(mode="json")
    assert text == json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


REQUIRED = ("changes", "estimate", "created_at", "expires_at", "config_hash", "config_path",
            "account")


@pytest.mark.parametrize("name", REQUIRED)
def test_a_plan_file_missing_a_required_field_is_refused(name: str) -> None:
    data = json.loads(render_plan_json(small_plan()))
    del data[name]
    with pytest.raises(PlanFileError, match=f"{name}: Field required"):
        load_plan_json(json.dumps(data))


def test_a_format_version_alone_is_not_a_plan() -> None:
    with pytest.raises(PlanFileError, match="created_at: Field required") as caught:
        load_plan_json('{"format_version": "1"}')
    assert "and 4 more" in str(caught.value)


def test_violations_come_right_after_the_format_version() -> None:
    plan = small_plan().model_copy(update={"violations": ("over the 25% threshold",)})
    data = json.loads(render_plan_json(plan))
    assert list(data)[:2] == ["format_version", "violations"]
    assert data["violations"] == ["over the 25% threshold"]
