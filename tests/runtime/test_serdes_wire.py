"""The default serdes writes what AWS's SDK writes, byte for byte, and reads it back."""

from __future__ import annotations

import datetime
import decimal
import uuid

import pytest
from aws_durable_execution_sdk_python.serdes import ExtendedTypeSerDes as AwsSerDes
from aws_durable_execution_sdk_python.serdes import SerDesContext as AwsContext

from durable_runtime.concurrency.models import (
    BatchItem,
    BatchItemStatus,
    BatchResult,
    CompletionReason,
)
from durable_runtime.serdes import ExtendedTypeSerDes, SerDesContext

VALUES = [
    7,
    "text",
    None,
    True,
    2.5,
    10**30,
    [1, "a", None, [2.5, False]],
    [],
    {},
    {"order": {"id": "o-1", "lines": [{"sku": "a", "qty": 2}], "paid": False, "note": None}},
    ("a", 1),
    [1, (2,)],
    {1: "int key"},
    datetime.datetime(2026, 12, 6, 10, 30, tzinfo=datetime.timezone.utc),
    datetime.date(2026, 12, 6),
    decimal.Decimal("19.99"),
    uuid.UUID(int=42),
    b"\x00bytes",
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_wire_form_is_aws(value: object) -> None:
    ours = ExtendedTypeSerDes().serialize(value, SerDesContext())
    theirs = AwsSerDes().serialize(value, AwsContext("1", "arn"))
    assert ours == theirs
    assert ExtendedTypeSerDes().deserialize(theirs) == AwsSerDes().deserialize(ours)


def test_a_batch_result_is_a_br_envelope_that_comes_back_as_itself() -> None:
    batch = BatchResult(
        [BatchItem(0, BatchItemStatus.SUCCEEDED, result={"total": 3})],
        CompletionReason.ALL_COMPLETED,
    )
    text = ExtendedTypeSerDes().serialize(batch, SerDesContext())
    assert text.startswith('{"t":"br","v":')
    assert ExtendedTypeSerDes().deserialize(text).to_dict() == batch.to_dict()


def test_the_runtime_s_earlier_tagged_json_still_reads() -> None:
    earlier = '{"at":{"__durable_type__":"date","value":"2026-12-06"}}'
    assert ExtendedTypeSerDes().deserialize(earlier) == {"at": datetime.date(2026, 12, 6)}
