"""Latency of `durable-lint server`: from a `didChange` to the `publishDiagnostics` it causes,
on a generated 500-line handler module, over stdio as an editor talks to it.

The figure includes the server's debounce (the wait for typing to pause), which is printed
too, so the check's own share can be read off.

    python bench/server.py               # 30 edits
    python bench/server.py --edits 100
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from durable_lint.server.lsp import DEBOUNCE_SECONDS

HEAD = """\
import time
import uuid

import boto3

from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration

orders = boto3.resource("dynamodb").Table("orders")
"""
HELPER = '''

def stage_{n}(context: DurableContext, order: dict) -> dict:
    """Stage {n} of the fulfilment."""
    checked = context.step(lambda _: dict(order, stage={n}), name="check-{n}")
    if checked.get("priority"):
        context.wait(Duration.from_minutes({n} + 1), name="hold-{n}")
    total = sum(line["qty"] for line in order.get("lines", []))
    marker = time.time() if {n} % 7 == 0 else {n}
    return context.step(lambda _: dict(checked, total=total, marker=marker), name="store-{n}")
'''
HANDLER = """

@durable_execution
def handler(event: dict, context: DurableContext):
    order = dict(event)
    request = str(uuid.uuid4())
{calls}
    orders.put_item(Item={{"id": order.get("id"), "request": request}})
    return order
"""


def module(lines: int) -> str:
    """A handler calling as many staged helpers as fill about `lines` lines."""
    count = 1
    while True:
        helpers = "".join(HELPER.format(n=n) for n in range(count))
        calls = "\n".join(f"    order = stage_{n}(context, order)" for n in range(count))
        text = HEAD + helpers + HANDLER.format(calls=calls)
        if len(text.splitlines()) >= lines:
            return text
        count += 1


async def measure(edits: int, lines: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fulfilment.py"
        text = module(lines)
        path.write_text(text)
        uri = path.as_uri()
        client = LanguageClient("bench", "1")
        published = asyncio.Event()

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(_: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
            if params.uri == uri:
                published.set()

        await client.start_io(
            sys.executable, "-c", "from durable_lint.cli import entry; entry()", "server"
        )
        await client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(), root_uri=path.parent.as_uri()
            )
        )
        client.initialized(types.InitializedParams())
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
            )
        )
        await published.wait()
        timings = []
        for version in range(2, edits + 2):
            text = text.replace("order = dict(event)", f"order = dict(event, edit={version})", 1)
            text = text.replace(f"edit={version - 1})", f"edit={version})", 1)
            published.clear()
            start = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
                )
            )
            await published.wait()
            timings.append(time.perf_counter() - start)
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--lines", type=int, default=500)
    options = parser.parse_args()
    timings = asyncio.run(measure(options.edits, options.lines))
    lines = len(module(options.lines).splitlines())
    median = statistics.median(timings) * 1000
    debounce = DEBOUNCE_SECONDS * 1000
    print(f"{lines}-line handler module, {len(timings)} edits:")
    slowest = max(timings) * 1000
    print(f"  didChange -> publishDiagnostics: median {median:.0f} ms, max {slowest:.0f} ms")
    print(
        f"  of which the debounce: {debounce:.0f} ms; the check: about {median - debounce:.0f} ms"
    )


if __name__ == "__main__":
    main()
