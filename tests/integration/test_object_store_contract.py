"""The ObjectStore port's contract (hoso/ports.py), run against the in-memory fake
(tests/fakes.py) and the S3 adapter on moto."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from hoso.ports import ObjectStore
from hoso_aws import bootstrap
from hoso_aws.adapters import S3ObjectStore
from hoso_local.template import REGION
from tests.fakes import MemoryObjectStore

pytestmark = pytest.mark.integration

UP, ART = "hoso-uploadbucket-test", "hoso-artefactbucket-test"
FORM = "incoming/d1/Tờ khai đăng ký khai sinh.pdf"


@dataclass
class Backend:
    store: ObjectStore
    station_upload: Callable[[str, str, bytes, dict[str, str]], None]  # outside the port


@pytest.fixture(params=["memory", "s3"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    if request.param == "memory":
        mem = MemoryObjectStore()

        def put_mem(bucket: str, key: str, data: bytes, metadata: dict[str, str]) -> None:
            mem.put(bucket, key, data, metadata=metadata)

        yield Backend(mem, put_mem)
        return
    s3: Any = request.getfixturevalue("aws")["s3"]
    for bucket in (UP, ART):
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})

    def put_s3(bucket: str, key: str, data: bytes, metadata: dict[str, str]) -> None:
        s3.put_object(Bucket=bucket, Key=key, Body=data, Metadata=metadata)

    # the client the composition root makes (SigV4 presigning), on the same moto
    yield Backend(S3ObjectStore(bootstrap.client("s3")), put_s3)


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def test_head_of_a_missing_object_is_none(backend: Backend) -> None:
    assert backend.store.head(UP, FORM) is None


def test_put_then_head_and_get(backend: Backend) -> None:
    store = backend.store
    data = "TỜ KHAI\nGIẤY CHỨNG SINH".encode()
    store.put(UP, FORM, data, content_type="application/pdf")
    head = store.head(UP, FORM)
    assert head is not None
    assert (head.bucket, head.key, head.size, head.etag) == (UP, FORM, len(data), md5(data))
    assert head.content_type == "application/pdf"
    assert dict(head.metadata) == {}
    assert store.get(UP, FORM) == data
    assert store.head(ART, FORM) is None  # buckets are apart


def test_put_defaults_to_octet_stream_and_overwrites(backend: Backend) -> None:
    store = backend.store
    store.put(ART, "dossiers/d1/ocr.json", b"{}")
    store.put(ART, "dossiers/d1/ocr.json", b'{"pages": []}')
    head = store.head(ART, "dossiers/d1/ocr.json")
    assert head is not None
    assert head.content_type == "application/octet-stream"
    assert (head.size, head.etag) == (13, md5(b'{"pages": []}'))
    assert store.get(ART, "dossiers/d1/ocr.json") == b'{"pages": []}'


def test_head_gives_the_metadata_a_station_set(backend: Backend) -> None:
    backend.station_upload(UP, "incoming/d2.pdf", b"%PDF", {"procedure-code": "KHAI_SINH"})
    head = backend.store.head(UP, "incoming/d2.pdf")
    assert head is not None
    assert dict(head.metadata) == {"procedure-code": "KHAI_SINH"}


def test_list_with_a_prefix_in_key_order(backend: Backend) -> None:
    store = backend.store
    objects = {
        "incoming/d1/manifest.json": b"{}",
        FORM: b"form",
        "incoming/d1/Giấy chứng sinh.jpg": b"birth",
        "incoming/d1/a.pdf": b"a",
        "incoming/d10/a.pdf": b"other dossier",
        "incoming/d1.pdf": b"single",
    }
    for key, data in objects.items():
        store.put(UP, key, data)
    store.put(ART, "incoming/d1/elsewhere.pdf", b"other bucket")
    listed = store.list(UP, "incoming/d1/")
    expected = sorted(k for k in objects if k.startswith("incoming/d1/"))
    assert [o.key for o in listed] == expected
    assert [(o.bucket, o.size, o.etag) for o in listed] == [
        (UP, len(objects[k]), md5(objects[k])) for k in expected
    ]
    assert store.list(UP, "incoming/d2/") == []
    assert len(store.list(UP, "incoming/")) == len(objects)


def test_presign_names_the_object_and_its_lifetime(backend: Backend) -> None:
    store = backend.store
    store.put(ART, "dossiers/d1/notices/receipt.pdf", b"%PDF-1.7", content_type="application/pdf")
    url = store.presign(ART, "dossiers/d1/notices/receipt.pdf", 3600)
    assert url.startswith("http") and ART in url and "dossiers/d1/notices/receipt.pdf" in url
    assert "X-Amz-Expires=3600" in url and "X-Amz-Signature=" in url
