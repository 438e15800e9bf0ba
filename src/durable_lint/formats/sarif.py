"""SARIF 2.1.0, as GitHub code scanning reads it.

The run's `tool.driver.rules` is the whole rule catalogue (every rule module, plus DUR000 for
files that could not be checked), in code order, whichever rules fired: GitHub asks that rules
stay the same between analyses while results change, and a stable list keeps `ruleIndex`
stable too. Each entry carries the rule module's summary (`shortDescription`), its reason
(`fullDescription`), help text and Markdown (why, fix, bad and good examples) and `helpUri`, the
rule's page at docs/rules/DURxxx.md in the repository.

Results point at repository-relative URIs (`uriBaseId` `%SRCROOT%`, the context's root) with
1-based regions whose columns count code points (`columnKind` `unicodeCodePoints`; `ast`
counts UTF-8 bytes, converted here from the source line), `endColumn` exclusive.

Fingerprints: GitHub matches alerts across runs by `partialFingerprints.primaryLocationLineHash`
only, and keeps a value the tool gives. Ours is `<hash>:<n>`, where `<hash>` is the first 16 hex
digits of SHA-256 over the rule id, the file's repository-relative URI and the text of the
finding's first line with all whitespace removed, and `<n>` counts (from 1, in line and column
order) the findings of that rule in that file with the same line text. Line numbers and
messages stay out of it, so an alert survives lines added or removed above it and re-indenting;
editing the flagged line itself, renaming the file, or adding an identical line with the same
finding above it makes a new alert. Where the source cannot be read (DUR000), the message takes
the line's place.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from durable_lint.diagnostics.codes import PARSE_ERROR
from durable_lint.diagnostics.finding import Finding
from durable_lint.formats.base import (
    REPOSITORY_URL,
    TOOL_NAME,
    RenderContext,
    rule_doc_url,
    span_columns,
)
from durable_lint.rules import ALL_RULES
from durable_lint.rules.base import Rule
from durable_lint.rules.compat import COMPAT_RULES

SARIF_VERSION = "2.1.0"
# The schema URI GitHub's documentation gives in its examples.
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVEL = "error"  # every finding fails the run (exit 1), so every result is an error
TAGS = ("correctness", "durable-execution")
DESCRIPTION_LIMIT = 1024  # GitHub's limit for shortDescription and fullDescription
FINGERPRINT_KEY = "primaryLocationLineHash"

PARSE_ERROR_SUMMARY = "The file could not be read, decoded or parsed, so it was not checked."
PARSE_ERROR_WHY = (
    "durable-lint reports files it cannot check instead of skipping them silently: a syntax "
    "error, an undecodable file or an unreadable one hides every other finding in it."
)


def _limit(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1] + "…"


def rule_descriptor(rule: Rule) -> dict[str, object]:
    url = rule_doc_url(rule.code)
    text = (
        f"{rule.summary}\n\n{rule.why}\n\nFix: {rule.fix}\n\n"
        f"Flagged:\n\n{rule.bad}\nInstead:\n\n{rule.good}\nDocumentation: {url}\n"
    )
    markdown = (
        f"**{rule.code} ({rule.name})**: {rule.summary}\n\n{rule.why}\n\n"
        f"**Fix:** {rule.fix}\n\n"
        f"Flagged:\n\n```python\n{rule.bad}```\n\nInstead:\n\n```python\n{rule.good}```\n\n"
        f"[Documentation]({url})\n"
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _limit(rule.summary)},
        "fullDescription": {"text": _limit(rule.why)},
        "help": {"text": text, "markdown": markdown},
        "helpUri": url,
        "defaultConfiguration": {"enabled": rule.default_enabled, "level": LEVEL},
        "properties": {"tags": list(TAGS), "problem.severity": LEVEL},
    }


def _other_descriptor(code: str) -> dict[str, object]:
    """DUR000, or a code outside the catalogue (a plugin's), so every result has its rule."""
    if code == PARSE_ERROR:
        name, summary, why = "file-not-checked", PARSE_ERROR_SUMMARY, PARSE_ERROR_WHY
    else:
        name, summary, why = code.lower(), f"{code} finding.", f"{code} finding."
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": why},
        "help": {"text": f"{summary}\n\n{why}\n"},
        "defaultConfiguration": {"level": LEVEL},
        "properties": {"tags": list(TAGS), "problem.severity": LEVEL},
    }


def rule_descriptors(extra_codes: Sequence[str] = ()) -> list[dict[str, object]]:
    """DUR000, the catalogue in code order, then any other codes (sorted)."""
    known = {rule.code for rule in ALL_RULES} | {PARSE_ERROR}
    others = sorted(set(extra_codes) - known)
    compat = {rule.code: rule for rule in COMPAT_RULES}
    return [
        _other_descriptor(PARSE_ERROR),
        *(rule_descriptor(rule) for rule in ALL_RULES),
        *(
            rule_descriptor(compat[code]) if code in compat else _other_descriptor(code)
            for code in others
        ),
    ]


def artifact_location(path: str, context: RenderContext) -> dict[str, str]:
    """A URI relative to the root with `%SRCROOT%`, or an absolute `file:` URI outside it."""
    relative = context.relative(path)
    if relative is None:
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}


def _region(finding: Finding, context: RenderContext) -> dict[str, int]:
    start_text = context.line(finding.path, finding.line)
    end_text = start_text if finding.end_line == finding.line else None
    if end_text is None:
        end_text = context.line(finding.path, finding.end_line)
    start, end = span_columns(finding, start_text, end_text)
    end_line = max(finding.end_line, finding.line)
    if end_line == finding.line and end <= start:
        end = start + 1  # an empty span (DUR000) still marks one character
    return {"startLine": finding.line, "startColumn": start, "endLine": end_line, "endColumn": end}


def fingerprints(findings: Sequence[Finding], context: RenderContext) -> list[str]:
    """`primaryLocationLineHash` values, in the order of `findings` (see the module doc)."""
    digests = []
    for finding in findings:
        uri = artifact_location(finding.path, context)["uri"]
        line = context.line(finding.path, finding.line)
        anchor = "".join(line.split()) if line is not None else f"message:{finding.message}"
        key = "\0".join((finding.code, uri, anchor))
        digests.append(hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])
    order = sorted(
        range(len(findings)), key=lambda i: (digests[i], findings[i].line, findings[i].column)
    )
    seen: Counter[str] = Counter()
    values = [""] * len(findings)
    for i in order:
        seen[digests[i]] += 1
        values[i] = f"{digests[i]}:{seen[digests[i]]}"
    return values


def sarif_log(findings: Sequence[Finding], context: RenderContext) -> dict[str, object]:
    rules = rule_descriptors([f.code for f in findings])
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [
        {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": LEVEL,
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(finding.path, context),
                        "region": _region(finding, context),
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        for finding, fingerprint in zip(findings, fingerprints(findings, context), strict=True)
    ]
    root_uri = Path(os.path.abspath(context.root)).as_uri().rstrip("/") + "/"
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "semanticVersion": context.tool_version,
                        "informationUri": REPOSITORY_URL,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": root_uri}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(findings: Sequence[Finding], context: RenderContext) -> str:
    return json.dumps(sarif_log(findings, context), indent=2, ensure_ascii=False) + "\n"
