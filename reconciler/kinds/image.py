"""Images of products, declared by URL under their product, keyed by file name within it.

The API keeps an uploaded image's file name and where it stored the upload (``base_path``), not
the URL it was fetched from, so a declared image is matched by the file name its URL ends with,
among its product's images: ``https://cdn.example/peach.jpg`` is ``image["<product>/peach.jpg"]``.
A create sends the URL and the API fetches it; the URL is never compared afterwards. An image
belongs to the variants it lists by SKU (default: every variant declared under its product).
Positions are the API's, given in the order images are created; export writes images in that
order, each as ``base_path/file_name``, so applying an export re-creates them in order.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar
from urllib.parse import unquote, urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, WithJsonSchema

from reconciler.kinds.base import Fields, KindSpec, References, Wanted
from reconciler.kinds.fields import Key, Record, ReferenceTo, scalar_text
from reconciler.kinds.values import integer, text

VARIANTS = "variants"
URL = "url"
POSITION = "position"


def file_name(url: str) -> str:
    """The file name a URL ends with, as the API parses it (``/a/b%20c.jpg`` → ``b c.jpg``)."""
    return unquote(posixpath.basename(urlsplit(url.strip()).path))


def _image_url(value: str) -> str:
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not an http(s) URL")
    if not file_name(url):
        raise ValueError(f"{value!r} does not end with a file name")
    return url


# What urlsplit finds: an http(s) scheme, a host, and a path ending with a file name.
URL_PATTERN = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^/?#]+/(?:[^?#]*/)?[^/?#]*[^/?#\s](?:[?#].*)?\s*$"

ImageUrl = Annotated[
    str,
    BeforeValidator(scalar_text),
    AfterValidator(_image_url),
    WithJsonSchema({"type": "string", "pattern": URL_PATTERN}),
]


class Image(Record):
    """One image of a product."""

    url: ImageUrl = Field(
        title="URL",
        description=(
            "http(s) URL the API fetches the image from on create; the image is matched by the "
            "file name the URL ends with, among its product's images."
        ),
        examples=["https://cdn.example.com/gobstopper-peach.jpg"],
    )
    variants: tuple[Key, ...] | None = Field(
        default=None,
        title="Variants",
        description=(
            "SKUs of the product's variants the image belongs to, compared as a set; default: "
            "every variant declared under the product."
        ),
        examples=[["DEMO-GOBS-PEA"]],
    )

    def yaml_references(self) -> tuple[ReferenceTo, ...]:
        return tuple(("variant", sku, (VARIANTS, i)) for i, sku in enumerate(self.variants or ()))


def _skus(skus: Any) -> list[str]:
    return sorted({sku for sku in (text(item) for item in skus or ()) if sku})


def _variant_ids(skus: list[str], refs: References) -> list[int | str]:
    return [refs.id_of("variant", sku) for sku in skus]


class ImageSpec(KindSpec):
    """Images: ``image["Everlasting Gobstopper/peach.jpg"]``, nested under ``products[].images``."""

    name: ClassVar[str] = "image"
    section: ClassVar[str] = "images"
    resource: ClassVar[str] = "images"
    root: ClassVar[str] = "image"
    key_field: ClassVar[str] = URL
    model: ClassVar[type[BaseModel]] = Image
    parent: ClassVar[str | None] = "product"
    needs: ClassVar[tuple[str, ...]] = ("product", "variant")
    read_statuses: ClassVar[tuple[str, ...] | None] = None
    create_only: ClassVar[frozenset[str]] = frozenset({URL})
    keyed_within_parent: ClassVar[bool] = True
    listed_by_parent: ClassVar[bool] = True
    removal: ClassVar[str] = "delete"

    def declared_key(self, record: BaseModel) -> str:
        return file_name(str(getattr(record, URL)))

    def key_of(self, api_record: Mapping[str, Any]) -> str | None:
        return text(api_record.get("file_name"))

    def desired(self, record: BaseModel, ctx: Mapping[str, Any]) -> Fields:
        fields: Fields = {URL: getattr(record, URL)}
        written = getattr(record, VARIANTS)
        parent = ctx.get("parent")
        if written is not None:
            fields[VARIANTS] = _skus(written)
        elif parent is not None and getattr(parent, VARIANTS, None):
            fields[VARIANTS] = _skus(variant.sku for variant in getattr(parent, VARIANTS))
        return fields

    def current(
        self, api_record: Mapping[str, Any], refs: References, only: Wanted = None
    ) -> Fields:
        base = str(api_record.get("base_path") or "").rstrip("/")
        name = str(api_record.get("file_name") or "")
        ids = api_record.get("variant_ids") or []
        skus = [refs.key_of("variant", i) for i in ids] if isinstance(ids, list) else []
        return {
            URL: f"{base}/{name}" if base else name,
            VARIANTS: _skus(skus),
            POSITION: integer(api_record.get(POSITION)),
        }

    def create_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        return {URL: fields[URL], "variant_ids": _variant_ids(fields.get(VARIANTS) or [], refs)}

    def update_body(self, fields: Fields, refs: References) -> dict[str, Any]:
        if VARIANTS not in fields:
            return {}
        return {"variant_ids": _variant_ids(fields[VARIANTS] or [], refs)}

    def is_set(self, name: str) -> bool:
        return name == VARIANTS

    def export(self, fields: Fields) -> dict[str, Any]:
        """The URL and, always, the variants: an image on no variant exports ``[]``."""
        return {URL: fields.get(URL), VARIANTS: list(fields.get(VARIANTS) or [])}

    def export_order(self, key: str, fields: Fields) -> tuple[Any, ...]:
        position = fields.get(POSITION)
        return (position if isinstance(position, int) else 0, key.casefold())
