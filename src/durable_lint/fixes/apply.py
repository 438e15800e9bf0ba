"""Applying planned fixes with libcst, and repeating until the file stops changing.

libcst is imported here only, so runs without `--fix`/`--diff` never load it. Each planned fix
names an `ast` span; the transformer finds the CST node with the same UTF-8 byte span and
rewrites just that node, so everything else keeps its bytes.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import ByteSpanPositionProvider, CodeSpan

from durable_lint.diagnostics.finding import Finding
from durable_lint.diagnostics.fix import Applicability, EditKind, Fix, Span
from durable_lint.fixes.nesting import too_deep_for_libcst

MAX_ROUNDS = 6
TOO_DEEP = "the code is nested too deeply for the fixer"


@dataclass
class FixOutcome:
    """What fixing one source text did."""

    text: str
    fixed: Counter[str] = field(default_factory=Counter)
    remaining: list[Finding] = field(default_factory=list)
    error: str | None = None  # the fix was abandoned; `text` is the original


def line_offsets(text: str) -> list[int]:
    """Byte offset of the start of each line (1-based lines map to index line - 1)."""
    offsets = [0]
    for line in text.encode("utf-8").splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    return offsets


def _byte_range(span: Span, offsets: list[int]) -> tuple[int, int]:
    return offsets[span.line - 1] + span.column, offsets[span.end_line - 1] + span.end_column


def choose(fixes: Iterable[Fix], offsets: list[int]) -> list[Fix]:
    """Fixes that do not overlap; where two do, the outer one wins this round."""
    first_per_span: dict[Span, Fix] = {}
    for fix in fixes:
        first_per_span.setdefault(fix.span, fix)
    ordered = sorted(
        first_per_span.values(),
        key=lambda fix: (_byte_range(fix.span, offsets)[0], -_byte_range(fix.span, offsets)[1]),
    )
    chosen: list[Fix] = []
    end = -1
    for fix in ordered:
        start, stop = _byte_range(fix.span, offsets)
        if start >= end:
            chosen.append(fix)
            end = stop
    return chosen


class Unfixable(Exception):
    """libcst cannot take this source, though `ast` did: its fixes are not applied."""


def parse_module(text: str) -> cst.Module:
    """The source as libcst's tree, or Unfixable with the reason."""
    if too_deep_for_libcst(text):
        raise Unfixable(TOO_DEEP)
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        raise Unfixable(f"libcst cannot parse the file: {str(error).splitlines()[0]}") from error


def apply_fixes(text: str, fixes: list[Fix]) -> str:
    """One round: rewrite the nodes the fixes name and add the imports they need."""
    offsets = line_offsets(text)
    targets = {_byte_range(fix.span, offsets): fix for fix in choose(fixes, offsets)}
    module = parse_module(text)
    transformer = _Applier(targets, byte_spans(module), _preferred_quote(text))
    module = module.visit(transformer)
    imports = [item for fix in transformer.applied for item in fix.imports]
    if imports:
        context = CodemodContext()
        for module_name, name in dict.fromkeys(imports):
            AddImportsVisitor.add_needed_import(context, module_name, name)
        module = AddImportsVisitor(context).transform_module(module)
    return module.code


def byte_spans(module: cst.Module) -> Mapping[cst.CSTNode, CodeSpan]:
    """Every node's UTF-8 byte span, from libcst's own provider.

    Called directly rather than through `MetadataWrapper.resolve`, which also walks the whole
    tree once more for an empty batch of providers: that walk cost as much as the parse."""
    provider = ByteSpanPositionProvider()
    provider._gen_impl(module)
    return provider._computed


class _Applier(cst.CSTTransformer):
    def __init__(
        self,
        targets: dict[tuple[int, int], Fix],
        spans: Mapping[cst.CSTNode, CodeSpan],
        quote: str,
    ) -> None:
        super().__init__()
        self.targets = targets
        self.spans = spans
        self.quote = quote
        self.applied: list[Fix] = []
        self.fstring_quotes: list[str] = []  # quotes of the f-strings being rewritten inside

    def on_visit(self, node: cst.CSTNode) -> bool:
        """Descend only into nodes that contain a target: the rest is kept as it is, unvisited."""
        if isinstance(node, cst.FormattedString):
            self.fstring_quotes.append(node.quote)
        span = self.spans.get(node)
        if span is None:
            return True
        start, end = span.start, span.start + span.length
        return any(start <= first and last <= end for first, last in self.targets)

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        if isinstance(original_node, cst.FormattedString):
            self.fstring_quotes.pop()
        span = self.spans.get(original_node)
        if span is None:
            return updated_node
        fix = self.targets.get((span.start, span.start + span.length))
        if fix is None or not isinstance(original_node, _TARGET_TYPES[fix.kind]):
            return updated_node
        del self.targets[(span.start, span.start + span.length)]
        try:
            edited = _EDITS[fix.kind](updated_node, fix, self)
        except _Inexpressible:
            return updated_node  # the finding stays, unfixed
        self.applied.append(fix)
        return edited

    def string(self, value: str) -> str:
        """A new string literal for `value`. Inside an f-string, in quotes that do not end it
        and without backslashes, as Python before 3.12 requires: where no such literal exists,
        the edit is not made."""
        quote = self.quote
        if any(quote in used for used in self.fstring_quotes):
            quote = "'" if quote == '"' else '"'
        body = value.encode("unicode_escape").decode("ascii").replace(quote, "\\" + quote)
        if self.fstring_quotes and (
            "\\" in body or any(quote in used for used in self.fstring_quotes)
        ):
            raise _Inexpressible(value)
        return f"{quote}{body}{quote}"


class _Inexpressible(Exception):
    """An edit needs a string literal that cannot be written where the edit goes."""


def _preferred_quote(code: str) -> str:
    """New string literals follow the file: single quotes only where the file prefers them."""
    return "'" if code.count("'") > 2 * code.count('"') else '"'


# -- edits -----------------------------------------------------------------------------------


def _step_call(ctx: str, function: cst.BaseExpression, name: str, applier: _Applier) -> cst.Call:
    template = cst.parse_expression(f"{ctx}.step(_, name={applier.string(name)})")
    assert isinstance(template, cst.Call)
    return template.with_changes(
        args=[template.args[0].with_changes(value=function), template.args[1]]
    )


def _lambda_parameter(node: cst.CSTNode) -> str:
    """`_`, unless the wrapped code itself uses `_` (gettext, say)."""
    used = {n.value for n in _names(node)}
    name = "_"
    while name in used:
        name += "_"
    return name


def _names(node: cst.CSTNode) -> list[cst.Name]:
    found: list[cst.Name] = []

    class Collect(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            found.append(name)

    node.visit(Collect())
    return found


def wrap_in_step(node: cst.BaseExpression, fix: Fix, applier: _Applier) -> cst.CSTNode:
    parameter = _lambda_parameter(node)
    function = cst.Lambda(
        params=cst.Parameters(params=[cst.Param(cst.Name(parameter))]),
        body=node,
    )
    return _step_call(str(fix.option("ctx")), function, str(fix.option("name")), applier)


def block_to_step(
    node: cst.With | cst.SimpleStatementLine, fix: Fix, applier: _Applier
) -> cst.CSTNode:
    function_name = str(fix.option("function"))
    returns = tuple(fix.option("returns", ()))  # type: ignore[arg-type]
    body: list[cst.BaseStatement] = [node.with_changes(leading_lines=[])]
    if returns:
        body.append(cst.parse_statement(f"return {', '.join(returns)}\n"))
    function = cst.FunctionDef(
        name=cst.Name(function_name),
        params=cst.Parameters(params=[cst.Param(cst.Name("_"))]),
        body=cst.IndentedBlock(body=body),
        leading_lines=node.leading_lines,
    )
    call = (
        f"{fix.option('ctx')}.step({function_name}, name={applier.string(str(fix.option('name')))})"
    )
    step = cst.parse_statement(f"{', '.join(returns)} = {call}\n" if returns else f"{call}\n")
    return cst.FlattenSentinel([function, step])


def call_to_logger(node: cst.Call, fix: Fix, applier: _Applier) -> cst.CSTNode:
    logger = cst.parse_expression(f"{fix.option('ctx')}.logger.{fix.option('level')}")
    args = list(node.args)
    if fix.option("print"):
        args = [arg for arg in args if arg.keyword is None]
        if not args:
            args = [cst.Arg(cst.SimpleString(applier.string("")))]
        elif len(args) > 1:
            args = _format_arguments(args, str(fix.option("sep")), applier)
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return node.with_changes(func=logger, args=args)


def _format_arguments(args: list[cst.Arg], separator: str, applier: _Applier) -> list[cst.Arg]:
    """print(a, b) -> ("%s %s", a, b): the same text through the logger's %-formatting. A
    leading plain string literal joins the format: print("sent", n) -> ("sent %s", n)."""
    lead = ""
    first = args[0].value
    if isinstance(first, cst.SimpleString) and "b" not in first.prefix.lower():
        value = first.evaluated_value
        if isinstance(value, str) and value.isprintable() and not set(value) & set("%'\"\\"):
            lead, args = value + separator, args[1:]
    pattern = lead + separator.join(["%s"] * len(args))
    return [cst.Arg(cst.parse_expression(applier.string(pattern))), *args]


def sleep_to_wait(node: cst.Call, fix: Fix, applier: _Applier) -> cst.CSTNode:
    name = applier.string(str(fix.option("name")))
    template = cst.parse_expression(
        f"{fix.option('ctx')}.wait({fix.option('duration')}.from_seconds(_), name={name})"
    )
    assert isinstance(template, cst.Call)
    duration = template.args[0].value
    assert isinstance(duration, cst.Call)
    seconds = node.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    duration = duration.with_changes(args=[seconds])
    return template.with_changes(
        args=[template.args[0].with_changes(value=duration), template.args[1]]
    )


def bind_defaults(node: cst.Lambda | cst.FunctionDef, fix: Fix, applier: _Applier) -> cst.CSTNode:
    params = node.params
    bound = [
        cst.Param(
            cst.Name(name),
            default=cst.Name(name),
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            ),
        )
        for name in fix.option("names", ())  # type: ignore[union-attr]
    ]
    if isinstance(params.star_arg, cst.Param):  # after *args, only keywords fit
        params = params.with_changes(kwonly_params=[*params.kwonly_params, *bound])
    else:
        params = params.with_changes(params=[*params.params, *bound])
    return node.with_changes(params=params)


def catch_exception(node: cst.ExceptHandler, fix: Fix, applier: _Applier) -> cst.CSTNode:
    exception = cst.Name("Exception")
    if node.type is None:
        return node.with_changes(type=exception, whitespace_after_except=cst.SimpleWhitespace(" "))
    if isinstance(node.type, cst.Tuple):
        elements = [
            element.with_changes(value=exception)
            if isinstance(element.value, cst.Name) and element.value.value == "BaseException"
            else element
            for element in node.type.elements
        ]
        return node.with_changes(type=node.type.with_changes(elements=elements))
    return node.with_changes(type=exception)


def rename(node: cst.Name, fix: Fix, applier: _Applier) -> cst.CSTNode:
    return node.with_changes(value=str(fix.option("name")))


def add_call(node: cst.BaseExpression, fix: Fix, applier: _Applier) -> cst.CSTNode:
    return cst.Call(func=node)


_EDITS: dict[EditKind, Callable[..., cst.CSTNode]] = {
    EditKind.WRAP_IN_STEP: wrap_in_step,
    EditKind.BLOCK_TO_STEP: block_to_step,
    EditKind.CALL_TO_LOGGER: call_to_logger,
    EditKind.SLEEP_TO_WAIT: sleep_to_wait,
    EditKind.BIND_DEFAULTS: bind_defaults,
    EditKind.CATCH_EXCEPTION: catch_exception,
    EditKind.RENAME: rename,
    EditKind.ADD_CALL: add_call,
}
_TARGET_TYPES: dict[EditKind, type | tuple[type, ...]] = {
    EditKind.WRAP_IN_STEP: cst.BaseExpression,
    EditKind.BLOCK_TO_STEP: (cst.With, cst.SimpleStatementLine),
    EditKind.CALL_TO_LOGGER: cst.Call,
    EditKind.SLEEP_TO_WAIT: cst.Call,
    EditKind.BIND_DEFAULTS: (cst.Lambda, cst.FunctionDef),
    EditKind.CATCH_EXCEPTION: cst.ExceptHandler,
    EditKind.RENAME: cst.Name,
    EditKind.ADD_CALL: cst.BaseExpression,
}


# -- the loop --------------------------------------------------------------------------------


def fix_source(
    text: str,
    lint: Callable[[str], list[Finding]],
    applicable: frozenset[Applicability],
    findings: list[Finding] | None = None,
) -> FixOutcome:
    """Fix, re-lint and repeat until nothing applicable remains (or the text stops changing).

    `findings` are the text's findings when the caller has them already. A round whose output
    does not parse, or a loop that does not settle, abandons the fixes: the original text is
    kept and the reason reported, since either is a bug in a fix. So does a source that libcst
    cannot parse, or that nests too deeply for it.
    """
    if findings is None:
        findings = lint(text)
    original = findings
    before = Counter(finding.code for finding in findings)
    current = text
    for _ in range(MAX_ROUNDS):
        fixes = [f.fix for f in findings if f.fix is not None and f.fix.applicability in applicable]
        if not fixes:
            break
        try:
            changed = apply_fixes(current, fixes)
            ast.parse(changed)
        except (cst.ParserSyntaxError, SyntaxError, ValueError) as error:
            return FixOutcome(
                text, remaining=lint(text), error=f"fix produced invalid code: {error}"
            )
        except Unfixable as error:
            return FixOutcome(text, remaining=original, error=f"fixes not applied: {error}")
        except RecursionError:  # libcst's visitors recurse once per level of nesting
            return FixOutcome(text, remaining=original, error=f"fixes not applied: {TOO_DEEP}")
        if changed == current:
            break
        current = changed
        findings = lint(current)
    else:
        if any(f.fix is not None and f.fix.applicability in applicable for f in findings):
            reason = f"fixes did not settle after {MAX_ROUNDS} rounds"
            return FixOutcome(text, remaining=original, error=reason)
    after = Counter(finding.code for finding in findings)
    return FixOutcome(current, before - after, findings)
