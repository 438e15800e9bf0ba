"""The package layout is the architecture: each layer imports only the layers below it, and no
module of `src/` takes part in an import cycle (imports inside functions and under
`TYPE_CHECKING` count too)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("durable_lint", "durable_runtime")


def import_cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """Each import that closes a cycle, with the shortest way back: (a, b, ..., a), once per
    cycle whichever module it starts from."""
    cycles: dict[frozenset[str], tuple[str, ...]] = {}
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                cycles.setdefault(frozenset(back), (importer, *back))
    return list(cycles.values())


def test_no_import_cycle_in_src() -> None:
    cycles = import_cycles(grimp.build_graph(*PACKAGES, cache_dir=None))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_the_cycle_check_names_the_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "circle"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from circle import b\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from circle import c\n"
    )
    (package / "c.py").write_text("def later():\n    from circle import a\n")
    (package / "d.py").write_text("from circle import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    cycles = import_cycles(grimp.build_graph("circle", cache_dir=None))
    assert cycles == [("circle.a", "circle.b", "circle.c", "circle.a")]


def test_every_layer_imports_only_the_layers_below() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def contract_layers() -> dict[str, list[list[str]]]:
    """Each contract's layers, top first, as lists of module names."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {
        contract["name"]: [
            [module.strip() for module in layer.split("|")] for layer in contract["layers"]
        ]
        for contract in config["tool"]["importlinter"]["contracts"]
    }


def test_the_architecture_page_shows_the_layers_in_order() -> None:
    """docs/architecture.md draws each package's layers top first; its diagram must name every
    module of the contracts, in the contracts' order."""
    page = (ROOT / "docs" / "architecture.md").read_text()
    diagrams = re.findall(r"```text\n(.*?)```", page, re.S)
    for name, layers in contract_layers().items():
        package = name.split()[0]
        diagram = next(d for d in diagrams if f"{package}/" in d.splitlines()[0])
        positions = []
        for layer in layers:
            for module in layer:
                shown = module.removeprefix(package + ".")
                # a folder is drawn as `name/`, a module as `name.py`
                found = re.search(rf"(?<![\w./-]){re.escape(shown)}(/|\.py\b)", diagram)
                assert found, f"{module} is missing from the {package} diagram"
                positions.append((found.start(), module))
        order = [module for _, module in sorted(positions)]
        assert order == [module for layer in layers for module in layer], (
            f"the {package} diagram lists the layers in another order: {order}"
        )


def test_every_module_of_src_is_in_a_layer() -> None:
    """A new module or folder must be placed in the architecture, not left outside it."""
    layered = {
        module for layers in contract_layers().values() for layer in layers for module in layer
    }
    for package in PACKAGES:
        for path in sorted((ROOT / "src" / package).iterdir()):
            if path.name == "__init__.py" or path.name == "__pycache__":
                continue
            module = f"{package}.{path.name.removesuffix('.py')}"
            assert module in layered, f"{module} belongs to no layer of pyproject.toml"
