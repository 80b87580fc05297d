"""Did-you-mean suggestions, and the field names a model accepts at a place in the document."""

from __future__ import annotations

import difflib
import types
from collections.abc import Iterable
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'sku'?)`` for the closest candidate, or ``""`` when none is close."""
    names = sorted(set(candidates))
    folded = {name.casefold(): name for name in names}
    match = folded.get(word.casefold())
    if match is None:
        close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
        match = close[0] if close else None
    return f" (did you mean {match!r}?)" if match else ""


def field_names(model: type[BaseModel]) -> list[str]:
    """The names a model accepts in YAML: aliases where a field has one."""
    return [info.alias or name for name, info in model.model_fields.items()]


def _unwrap(annotation: Any) -> Any:
    """The type inside ``Annotated``/``Optional`` wrappers."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap(annotation)
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(part, str):
        for name, info in annotation.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    if origin in (tuple, list) and isinstance(part, int):
        return get_args(annotation)[0]
    if origin is dict and isinstance(part, str):
        return get_args(annotation)[1]
    return None


def model_at(model: type[BaseModel], loc: Iterable[str | int]) -> type[BaseModel] | None:
    """The model validating the mapping at ``loc`` inside ``model``, if any."""
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None
