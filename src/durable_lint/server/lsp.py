"""The language server: diagnostics on open, change (debounced) and save; quick fixes, fix all
and `# noqa` as code actions; the rule's page on hover; `durable-lint.applyFixAll`.

Every handler catches what goes wrong in a check and logs it: a bad file or configuration is
reported to the editor, never allowed to stop the server.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import traceback
from typing import Any

import click
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path

from durable_lint import __version__
from durable_lint.diagnostics.codes import PARSE_ERROR
from durable_lint.diagnostics.finding import Finding
from durable_lint.diagnostics.fix import Applicability
from durable_lint.formats.base import TOOL_NAME, rule_doc_url, split_lines
from durable_lint.run.config import ConfigError
from durable_lint.server import actions
from durable_lint.server.documents import Checked, Documents
from durable_lint.server.positions import (
    UTF16,
    finding_range,
    overlaps,
    replacement,
    size,
)

DEBOUNCE_SECONDS = 0.15
FIX_ALL_COMMAND = "durable-lint.applyFixAll"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.durable-lint"
logger = logging.getLogger(__name__)


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, answering a request whose parameters cannot be read with an
    InvalidParams error, where pygls would only show a message and leave the client waiting."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], error=error.to_response_error())
            raise


class DurableLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(TOOL_NAME, __version__, protocol_cls=_Protocol)
        self.documents = Documents()
        self.uris: dict[str, str] = {}  # absolute path -> the URI the editor uses for it
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.shown_error: str | None = None  # a configuration error is shown once, not per key
        self.writes: set[asyncio.Future[Any]] = set()  # replies written by hand, until sent

    @property
    def encoding(self) -> str:
        """The position units agreed with the client at start-up."""
        agreed = self.workspace.position_encoding
        return str(getattr(agreed, "value", agreed) or UTF16)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """A message that is not JSON gets JSON-RPC's parse error reply (id null)."""
        if isinstance(error, json.JSONDecodeError) and self.protocol.writer is not None:
            # Written by hand: pygls leaves out an `id` of null, which this reply must carry.
            reply = {"code": -32700, "message": f"Parse error: {error}"}
            body = json.dumps({"jsonrpc": "2.0", "id": None, "error": reply}).encode()
            written = self.protocol.writer.write(
                f"Content-Length: {len(body)}\r\n\r\n".encode() + body
            )
            if inspect.isawaitable(written):
                task = asyncio.ensure_future(written)
                self.writes.add(task)
                task.add_done_callback(self.writes.discard)
            return
        super().report_server_error(error, source)

    # -- checking ----------------------------------------------------------------------------

    def text(self, uri: str) -> str:
        return self.workspace.get_text_document(uri).source

    def sync(self, uri: str) -> str | None:
        """Take the editor's text of an open document; returns its path (None: not open)."""
        if uri not in self.workspace.text_documents:
            return None
        path = os.path.abspath(to_fs_path(uri) or uri)
        self.uris[path] = uri
        self.documents.update(path, self.text(uri))
        return path

    def publish(self, path: str) -> Checked | None:
        uri = self.uris.get(path) or from_fs_path(path) or path
        try:
            checked = self.documents.check(path)
        except ConfigError as error:
            if str(error) != self.shown_error:
                self.shown_error = str(error)
                self.window_show_message(
                    types.ShowMessageParams(type=types.MessageType.Error, message=str(error))
                )
            return None
        except Exception:  # a bug in a check: logged, and the server goes on
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Error, message=traceback.format_exc())
            )
            return None
        self.shown_error = None
        lines = split_lines(self.documents.texts.get(path, ""))
        version = (
            self.workspace.get_text_document(uri).version if uri in self.uris.values() else None
        )
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                diagnostics=[
                    diagnostic(finding, lines, self.encoding) for finding in checked.findings
                ],
                version=version,
            )
        )
        return checked

    def publish_with_dependents(self, path: str) -> None:
        self.publish(path)
        for dependent in self.documents.dependents(path):
            self.publish(dependent)

    def schedule(self, path: str) -> None:
        """Check once the typing stops for a moment: each change restarts the wait."""
        earlier = self.pending.pop(path, None)
        if earlier is not None:
            earlier.cancel()

        async def later() -> None:
            await asyncio.sleep(DEBOUNCE_SECONDS)
            self.pending.pop(path, None)
            self.publish_with_dependents(path)

        self.pending[path] = asyncio.ensure_future(later())

    def current(self, uri: str) -> tuple[str, Checked | None]:
        """A document's path and a check of its current text (None when it is not open): the
        last one when the text has not changed since, as for the code actions and hovers an
        editor asks for at every move of the cursor."""
        path = self.sync(uri)
        if path is None:
            return "", None
        return path, self.documents.current(path) or self.publish(path)


def diagnostic(finding: Finding, lines: list[str], encoding: str = UTF16) -> types.Diagnostic:
    description = None
    if finding.code != PARSE_ERROR:
        description = types.CodeDescription(href=rule_doc_url(finding.code))
    severity = types.DiagnosticSeverity.Error if finding.code == PARSE_ERROR else None
    return types.Diagnostic(
        range=finding_range(finding, lines, encoding),
        message=finding.message,
        severity=severity or types.DiagnosticSeverity.Warning,
        code=finding.code,
        code_description=description,
        source=TOOL_NAME,
    )


def build() -> DurableLintServer:
    server = DurableLintServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_open_or_save(
        ls: DurableLintServer,
        params: types.DidOpenTextDocumentParams | types.DidSaveTextDocumentParams,
    ) -> None:
        path = ls.sync(params.text_document.uri)
        if path is not None:
            ls.publish_with_dependents(path)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DurableLintServer, params: types.DidChangeTextDocumentParams) -> None:
        path = ls.sync(params.text_document.uri)
        if path is not None:
            ls.schedule(path)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DurableLintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = os.path.abspath(to_fs_path(uri) or uri)
        pending = ls.pending.pop(path, None)
        if pending is not None:
            pending.cancel()
        dependents = ls.documents.dependents(path)
        ls.documents.close(path)
        ls.uris.pop(path, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )
        for dependent in dependents:  # they read its unsaved text: now the file on disk
            ls.publish(dependent)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    def code_action(
        ls: DurableLintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        uri = params.text_document.uri
        path, checked = ls.current(uri)
        if checked is None:
            return []
        text = ls.documents.texts[path]
        lines = split_lines(text)
        wanted = params.context.only
        offered: list[types.CodeAction] = []
        if not wanted or types.CodeActionKind.QuickFix in wanted:
            for finding in checked.findings:
                shown = diagnostic(finding, lines, ls.encoding)
                if overlaps(shown.range, params.range):
                    offered.extend(quick_fixes(uri, text, finding, shown, ls.encoding))
        if not wanted or any(FIX_ALL_KIND.startswith(kind) for kind in wanted):
            fixed = actions.with_all_fixes(checked.linter, text, path)
            if fixed is not None:
                offered.append(
                    types.CodeAction(
                        title=f"{TOOL_NAME}: fix all safely fixable findings",
                        kind=FIX_ALL_KIND,
                        edit=edit(uri, text, fixed, ls.encoding),
                    )
                )
        return offered

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: DurableLintServer, params: types.HoverParams) -> types.Hover | None:
        path, checked = ls.current(params.text_document.uri)
        if checked is None:
            return None
        lines = split_lines(ls.documents.texts[path])
        point = types.Range(start=params.position, end=params.position)
        under = [diagnostic(finding, lines, ls.encoding) for finding in checked.findings]
        under = sorted((d for d in under if overlaps(d.range, point)), key=lambda d: size(d.range))
        pages = dict.fromkeys(actions.explanation(str(d.code)) for d in under)  # innermost first
        shown = [page for page in pages if page]
        if not shown:
            return None
        content = types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n---\n\n".join(shown))
        return types.Hover(contents=content, range=under[0].range)

    @server.command(FIX_ALL_COMMAND)
    def fix_all(ls: DurableLintServer, *arguments: Any) -> None:
        """Arguments: the document's URI (or `{"uri": ...}`)."""
        uri = _uri(arguments)
        if uri is None or uri not in ls.workspace.text_documents:
            raise JsonRpcInvalidParams(f"{FIX_ALL_COMMAND} takes the URI of an open document")
        path, checked = ls.current(uri)
        if checked is None:
            return
        text = ls.documents.texts[path]
        fixed = actions.with_all_fixes(checked.linter, text, path)
        if fixed is not None:
            change = edit(uri, text, fixed, ls.encoding)
            ls.workspace_apply_edit(types.ApplyWorkspaceEditParams(edit=change))

    return server


def _uri(arguments: tuple[Any, ...]) -> str | None:
    for argument in arguments:
        if isinstance(argument, list):
            found = _uri(tuple(argument))
            if found:
                return found
        if isinstance(argument, str):
            return argument
        if isinstance(argument, dict) and isinstance(argument.get("uri"), str):
            return argument["uri"]
    return None


def edit(uri: str, old: str, new: str, encoding: str) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: [replacement(old, new, encoding)]})


def quick_fixes(
    uri: str, text: str, finding: Finding, shown: types.Diagnostic, encoding: str
) -> list[types.CodeAction]:
    offered = []
    fixed = actions.with_fix(text, finding)
    if fixed is not None and finding.fix is not None:
        safe = finding.fix.applicability is Applicability.SAFE
        title = finding.fix.description + ("" if safe else " (unsafe)")
        offered.append(
            types.CodeAction(
                title=f"{finding.code}: {title}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[shown],
                is_preferred=safe,
                edit=edit(uri, text, fixed, encoding),
            )
        )
    commented = actions.with_noqa(text, finding) if finding.code != PARSE_ERROR else None
    if commented is not None:
        offered.append(
            types.CodeAction(
                title=f"{finding.code}: add `# noqa: {finding.code}` on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[shown],
                edit=edit(uri, text, commented, encoding),
            )
        )
    return offered


@click.command(name="server", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--stdio",
    "_stdio",
    is_flag=True,
    help="Talk over standard input and output (the only transport; accepted as editors pass it).",
)
def main(_stdio: bool) -> None:
    """Run the language server over standard input and output, for an editor."""
    build().start_io()
