"""`durable-lint server`, driven over stdio by pytest-lsp as an editor would drive it."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="function")

SERVER = [sys.executable, "-c", "from durable_lint.cli import entry; entry()", "server"]
HANDLER = """\
import time

from aws_durable_execution_sdk_python import DurableContext, durable_execution

from helpers import describe


@durable_execution
def handler(event: dict, context: DurableContext):
    started = time.time()  # a clock read in replayed code
    label = describe(event)
    return context.step(lambda _: (started, label), name="total")
"""
CLEAN_HELPER = """\
def describe(event: dict) -> str:
    return f"order {event.get('id')}"
"""
CLOCK_HELPER = """\
import time


def describe(event: dict) -> str:
    return f"order {event.get('id')} at {time.time()}"
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "handler.py").write_text(HANDLER)
    (tmp_path / "helpers.py").write_text(CLEAN_HELPER)
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, workspace: Path):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=workspace.as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


async def open_document(client: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(
                uri=uri,
                language_id="python",
                version=1,
                text=text if text is not None else path.read_text(),
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


def replace_text(client: LanguageClient, uri: str, text: str) -> None:
    """The first edit of an open document (version 2): its whole unsaved text replaced."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics_of(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def cli_findings(path: Path) -> list[dict]:
    command = [sys.executable, "-m", "durable_lint", "--no-cache", "--format", "json", path.name]
    done = subprocess.run(command, cwd=path.parent, capture_output=True, text=True, check=False)
    return json.loads(done.stdout)


async def test_diagnostics_match_the_command_line(client: LanguageClient, workspace: Path):
    uri = await open_document(client, workspace / "handler.py")
    diagnostics = await diagnostics_of(client, uri)

    expected = [
        (f["code"], f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1)
        for f in cli_findings(workspace / "handler.py")
    ]
    assert expected and expected[0][0] == "DUR101"
    got = [
        (
            d.code,
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in diagnostics
    ]
    assert got == expected
    assert diagnostics[0].source == "durable-lint"
    assert diagnostics[0].code_description.href.endswith("docs/rules/DUR101.md")


async def test_a_quick_fix_leaves_no_finding(client: LanguageClient, workspace: Path):
    uri = await open_document(client, workspace / "handler.py")
    (finding,) = await diagnostics_of(client, uri)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            finding.range,
            types.CodeActionContext(diagnostics=[finding]),
        )
    )
    titles = [action.title for action in actions]
    fix = next(
        a for a in actions if a.kind == types.CodeActionKind.QuickFix and "noqa" not in a.title
    )
    assert fix.is_preferred is True and "unsafe" not in fix.title  # DUR101's fix is safe
    assert any("# noqa: DUR101" in title for title in titles)
    (edit,) = fix.edit.changes[uri]
    fixed = apply(HANDLER, edit)
    assert "context.step(lambda _: time.time()" in fixed

    replace_text(client, uri, fixed)
    client.diagnostics.pop(uri)
    assert await diagnostics_of(client, uri) == []


async def test_editing_a_helper_rechecks_the_handler(client: LanguageClient, workspace: Path):
    handler_uri = await open_document(client, workspace / "handler.py")
    assert [d.code for d in await diagnostics_of(client, handler_uri)] == ["DUR101"]
    helper_uri = await open_document(client, workspace / "helpers.py")
    client.diagnostics.pop(handler_uri)
    replace_text(client, helper_uri, CLOCK_HELPER)
    # Not saved: the handler is re-checked against the helper's unsaved text.
    diagnostics = await settled(client, handler_uri, lambda found: len(found) == 2)
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("DUR101", 9), ("DUR101", 10)]
    assert "`describe()` -> `time.time()` at helpers.py:5" in diagnostics[1].message

    # Closed without saving: the handler is checked against the helper on disk again.
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=helper_uri))
    )
    reverted = await settled(client, handler_uri, lambda found: len(found) == 1)
    assert [d.code for d in reverted] == ["DUR101"]


async def settled(client: LanguageClient, uri: str, done) -> list[types.Diagnostic]:
    """The document's diagnostics once they satisfy `done` (checks published before the
    awaited one may arrive first)."""
    for _ in range(50):
        diagnostics = await asyncio.wait_for(diagnostics_of(client, uri), timeout=10)
        if done(diagnostics):
            return diagnostics
        client.diagnostics.pop(uri)
    raise AssertionError(f"diagnostics of {uri} never settled: {diagnostics}")


async def test_a_syntax_error_is_dur000(client: LanguageClient, workspace: Path):
    broken = "from aws_durable_execution_sdk_python import durable_execution\n\ndef handler(:\n"
    uri = await open_document(client, workspace / "broken.py", broken)
    (diagnostic,) = await diagnostics_of(client, uri)
    assert diagnostic.code == "DUR000"
    assert diagnostic.severity == types.DiagnosticSeverity.Error


async def test_hover_explains_and_fix_all_applies(client: LanguageClient, workspace: Path):
    uri = await open_document(client, workspace / "handler.py")
    (finding,) = await diagnostics_of(client, uri)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), finding.range.start)
    )
    assert hover is not None and hover.contents.value.startswith("# DUR101: clock-outside-step")

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            types.Range(types.Position(0, 0), types.Position(0, 0)),
            types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    (fix_all,) = actions
    assert fix_all.kind == "source.fixAll.durable-lint"

    received: list[types.WorkspaceEdit] = []

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        received.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="durable-lint.applyFixAll", arguments=[uri])
    )
    for _ in range(100):
        if received:
            break
        await asyncio.sleep(0.05)
    (change,) = received[0].changes[uri]
    assert change == fix_all.edit.changes[uri][0]
    fixed = apply(HANDLER, change)
    replace_text(client, uri, fixed)
    client.diagnostics.pop(uri)
    assert await diagnostics_of(client, uri) == []


async def test_malformed_requests_do_not_stop_the_server(client: LanguageClient, workspace: Path):
    send_raw(client, b"{ this is not json")
    send_raw(client, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"x": 1}})
    # A request whose parameters cannot be read is answered with an error, not left waiting.
    answer = asyncio.get_running_loop().create_future()
    client.protocol._request_futures[900] = answer  # the client's own checks would refuse it
    send_raw(
        client,
        {
            "jsonrpc": "2.0",
            "id": 900,
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": 42}, "position": "nowhere"},
        },
    )
    with pytest.raises(Exception, match="Invalid Params"):
        await asyncio.wait_for(answer, timeout=10)
    with pytest.raises(Exception, match="takes the URI of an open document"):
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="durable-lint.applyFixAll", arguments=[])
        )
    uri = await open_document(client, workspace / "handler.py")
    assert [d.code for d in await diagnostics_of(client, uri)] == ["DUR101"]


def send_raw(client: LanguageClient, message: dict | bytes) -> None:
    """Bytes on the wire as a broken client would send them, past the client's own checks."""
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    client.protocol.writer.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)


def apply(text: str, edit: types.TextEdit) -> str:
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: edit.range.start.line]) + edit.range.start.character
    end = sum(len(line) for line in lines[: edit.range.end.line]) + edit.range.end.character
    return text[:start] + edit.new_text + text[end:]


async def test_the_project_settings_apply_and_a_bad_one_is_reported(
    client: LanguageClient, workspace: Path
):
    (workspace / "pyproject.toml").write_text('[tool.durable-lint]\nignore = ["DUR101"]\n')
    uri = await open_document(client, workspace / "handler.py")
    assert await diagnostics_of(client, uri) == []

    (workspace / "pyproject.toml").write_text('[tool.durable-lint]\nignore-codes = ["DUR101"]\n')
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    (message,) = client.messages
    assert message.type == types.MessageType.Error
    assert "unknown key `ignore-codes`" in message.message


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def utf8_client(lsp_client: LanguageClient, workspace: Path):
    capabilities = client_capabilities("visual-studio-code")
    capabilities.general = types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
    )
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities, root_uri=workspace.as_uri())
    )
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


NON_ASCII = HANDLER.replace(
    "    started = time.time()  # a clock read in replayed code",
    '    started = {"café-🎉": 1}["café-🎉"] * time.time()',
)


async def test_columns_and_edits_in_the_units_the_client_chose(
    utf8_client: LanguageClient, workspace: Path
):
    uri = await open_document(utf8_client, workspace / "handler.py", NON_ASCII)
    (finding,) = await diagnostics_of(utf8_client, uri)
    line = NON_ASCII.splitlines()[finding.range.start.line]
    start = line.encode("utf-8").index(b"time.time()")
    assert (finding.range.start.character, finding.range.end.character) == (start, start + 11)

    actions = await utf8_client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    fix = next(a for a in actions if a.is_preferred)
    (change,) = fix.edit.changes[uri]
    fixed = apply_utf8(NON_ASCII, change)
    compile(fixed, "handler.py", "exec")
    wrapped = 'context.step(lambda _: {"café-🎉": 1}["café-🎉"] * time.time(), name="started")'
    assert f"    started = {wrapped}\n" in fixed


def apply_utf8(text: str, edit: types.TextEdit) -> str:
    data = text.encode("utf-8")
    lines = data.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: edit.range.start.line]) + edit.range.start.character
    end = sum(len(line) for line in lines[: edit.range.end.line]) + edit.range.end.character
    return (data[:start] + edit.new_text.encode("utf-8") + data[end:]).decode("utf-8")


NESTED = """\
import asyncio

from aws_durable_execution_sdk_python import DurableContext, durable_execution


@durable_execution
async def handler(event: dict, context: DurableContext):
    await asyncio.sleep(1)
    return "done"
"""


async def test_hover_on_nested_findings_shows_the_innermost_first(
    client: LanguageClient, workspace: Path
):
    uri = await open_document(client, workspace / "nested.py", NESTED)
    codes = {d.code: d for d in await diagnostics_of(client, uri)}
    inner, outer = codes["DUR502"], codes["DUR508"]
    assert outer.range.start.line < inner.range.start.line <= outer.range.end.line
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=inner.range.start
        )
    )
    pages = hover.contents.value.split("\n---\n")
    assert pages[0].startswith("# DUR502") and pages[1].lstrip().startswith("# DUR508")


async def test_a_message_that_is_not_json_gets_a_parse_error_reply(client: LanguageClient):
    answer = asyncio.get_running_loop().create_future()
    client.protocol._request_futures[None] = answer  # JSON-RPC answers it with id null
    send_raw(client, b'{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {')
    with pytest.raises(Exception, match="Parse error"):
        await asyncio.wait_for(answer, timeout=10)
