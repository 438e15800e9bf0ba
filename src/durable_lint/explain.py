"""What each rule is for, written once from its module and shown as terminal text or Markdown.

`explain(code)` is `durable-lint --explain CODE`, `rules_table()` is `durable-lint --list-rules`
and `rule_page(rule)` is `docs/rules/DURxxx.md`. All three read only the `Rule` objects, so the
terminal and the published pages cannot say different things.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from durable_lint.rules import CATALOGUE, is_compat
from durable_lint.rules.base import Rule

# The families of the catalogue: `--select DUR1` selects one.
FAMILIES = {
    "DUR1": "Non-determinism in replayed code",
    "DUR2": "State that replay loses",
    "DUR3": "Operation identity",
    "DUR4": "Side effects in replayed code",
    "DUR5": "Misuse of durable primitives",
    "DUR6": "Changes that break executions in flight",
}

# What each fix safety means for the user, and how a rule's `fix` text starts for it.
FIX_SAFETY = {
    "safe": (
        "Safe automatic fix: `durable-lint --fix` applies it. It keeps the code's behaviour "
        "apart from the determinism it adds."
    ),
    "unsafe": (
        "Unsafe automatic fix: applied only with `--fix --unsafe-fixes` (and shown by `--diff`), "
        "because it changes when code runs. Review the change."
    ),
    "": "No automatic fix: the code has to be changed by hand.",
}
FIX_PREFIX = {"safe": "Safe: ", "unsafe": "Unsafe: ", "": "None automatic: "}
FIX_LABEL = {"safe": "safe", "unsafe": "unsafe", "": "none"}

TEXT_WIDTH = 88


class UnknownRuleCode(LookupError):
    """`--explain` was given something that is not a rule code; the message lists the codes."""

    def __init__(self, code: str) -> None:
        self.code = code
        matching = tuple(rule.code for rule in CATALOGUE if code and rule.code.startswith(code))
        if code in FAMILIES:
            detail = f"{code} is a family ({FAMILIES[code].lower()}), not a rule code"
        elif matching:
            detail = f"{code} is a prefix, not a rule code"
        else:
            detail = f"unknown rule code {code!r}"
        self.valid = matching or codes()
        choose = "explain one of" if matching else "valid codes"
        super().__init__(
            f"{detail}; {choose}: {', '.join(self.valid)} (see `durable-lint --list-rules`)"
        )


def codes() -> tuple[str, ...]:
    return tuple(rule.code for rule in CATALOGUE)


def find_rule(code: str) -> Rule:
    """The rule with this code (any case, surrounding spaces ignored)."""
    wanted = code.strip().upper()
    for rule in CATALOGUE:
        if rule.code == wanted:
            return rule
    raise UnknownRuleCode(wanted)


def family(rule: Rule) -> str:
    return FAMILIES[rule.code[:4]]


# -- the content, once ------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    label: str
    source: str


Block = str | Example


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


def fix_advice(rule: Rule) -> str:
    """The rule's fix text without its `Safe: ` / `Unsafe: ` / `None automatic: ` lead-in,
    which the safety line already says."""
    text = rule.fix.removeprefix(FIX_PREFIX[rule.fix_safety])
    return text[:1].upper() + text[1:]


def default_text(rule: Rule) -> str:
    if is_compat(rule):
        return (
            "Reported by `durable-lint compat --base REV` (or `--base-dir DIR`) for each handler "
            "present in both revisions; a check of one revision does not report it."
        )
    if rule.default_enabled:
        return (
            f"On: checked unless ignored (`--ignore {rule.code}`, "
            f"or `# noqa: {rule.code}` on a line)."
        )
    return (
        f"Off: checked only when selected (`--extend-select {rule.code}`, "
        "or `extend-select` in `[tool.durable-lint]`)."
    )


def default_label(rule: Rule) -> str:
    if is_compat(rule):
        return "compat"
    return "on" if rule.default_enabled else "off"


def headline(rule: Rule) -> str:
    default = default_label(rule)
    return (
        f"{family(rule)} ({rule.code[:4]}). Default: {default}. Fix: {FIX_LABEL[rule.fix_safety]}."
    )


def sections(rule: Rule) -> tuple[Section, ...]:
    if is_compat(rule):
        examples = (Example("Breaking:", rule.bad), Example("Compatible:", rule.good))
    else:
        examples = (Example("Flagged:", rule.bad), Example("Fixed:", rule.good))
    return (
        Section("What it flags", (rule.summary,)),
        Section("Why it breaks", (rule.why, rule.on_runtime)),
        Section("Example", examples),
        Section("Fix", (FIX_SAFETY[rule.fix_safety], fix_advice(rule))),
        Section("Default", (default_text(rule),)),
    )


# -- terminal text ----------------------------------------------------------------------------


def explain(code: str) -> str:
    """`durable-lint --explain CODE`: raises UnknownRuleCode for anything but a rule's code."""
    rule = find_rule(code)
    out = [f"{rule.code}: {rule.name}", headline(rule)]
    for section in sections(rule):
        out.append("")
        out.append(section.title)
        for block in section.blocks:
            if isinstance(block, Example):
                out.append(f"  {block.label}")
                out.append(textwrap.indent(block.source.rstrip("\n"), "      "))
            else:
                out.append(_wrap(block))
    return "\n".join(out) + "\n"


def _wrap(paragraph: str) -> str:
    return textwrap.fill(
        paragraph,
        width=TEXT_WIDTH,
        initial_indent="  ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def rules_table() -> str:
    """`durable-lint --list-rules`: one aligned line per rule."""
    header = ("code", "name", "fix", "default", "flags")
    rows = [header] + [
        (
            rule.code,
            rule.name,
            FIX_LABEL[rule.fix_safety],
            default_label(rule),
            rule.summary,
        )
        for rule in CATALOGUE
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True))
        + "  "
        + row[-1]
        for row in rows
    ]
    return "\n".join(lines) + "\n"


# -- Markdown ---------------------------------------------------------------------------------


def rule_page(rule: Rule) -> str:
    """docs/rules/DURxxx.md; its Python blocks are already as `ruff format` leaves them."""
    out = [f"# {rule.code}: {rule.name}", "", headline(rule)]
    for section in sections(rule):
        out += ["", f"## {section.title}"]
        for block in section.blocks:
            if isinstance(block, Example):
                out += ["", block.label, "", "```python", block.source.rstrip("\n"), "```"]
            else:
                out += ["", block]
    out += ["", "[All rules](README.md)"]
    return "\n".join(out) + "\n"
