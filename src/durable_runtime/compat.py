"""An opt-in switch that makes `import aws_durable_execution_sdk_python...` load this runtime.

    from durable_runtime.compat import aws_sdk_on_runtime
    with aws_sdk_on_runtime():
        module = importlib.import_module("my_handler")   # written for the AWS SDK

Never on by default. While it is on, the AWS names resolve to `durable_runtime` modules (also
when the real SDK is installed); switching it off restores whatever was imported before, so
the real package is never altered.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.util
import sys
from collections.abc import Iterator

from durable_runtime.exceptions import serve_module_names

AWS_PACKAGE = "aws_durable_execution_sdk_python"
# AWS submodules and the runtime module that provides each.
SUBMODULES = {
    "": "durable_runtime",
    "context": "durable_runtime.context",
    "execution": "durable_runtime.execution",
    "config": "durable_runtime.config",
    "types": "durable_runtime.types",
    "waits": "durable_runtime.waits",
    "retries": "durable_runtime.retries",
    "serdes": "durable_runtime.serdes",
    "exceptions": "durable_runtime.exceptions",
    "concurrency": "durable_runtime.concurrency",
    "concurrency.models": "durable_runtime.concurrency.models",
    "lambda_service": "durable_runtime.lambda_service",
    "plugin": "durable_runtime.plugin",
}
# AWS's testing package, served for test suites (`pytest --durable-runtime`).
TESTING_PACKAGE = "aws_durable_execution_sdk_python_testing"
TESTING_SUBMODULES = {
    "": "durable_runtime.aws_testing",
    "runner": "durable_runtime.aws_testing",
    "exceptions": "durable_runtime.aws_testing",
}


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target
        self.target_spec = None

    def create_module(self, spec):  # type: ignore[no-untyped-def]
        module = importlib.import_module(self.target)
        self.target_spec = module.__spec__
        return module

    def exec_module(self, module) -> None:  # type: ignore[no-untyped-def]
        """The runtime module is already executed. The import system has just stamped the
        alias's spec on it; give it back its own, or the runtime module would claim to be the
        AWS one (and `importlib.util.find_spec("durable_runtime")` would find no files)."""
        module.__spec__ = self.target_spec


class _AliasFinder(importlib.abc.MetaPathFinder):
    def __init__(self, packages: dict[str, dict[str, str]]) -> None:
        self.packages = packages

    def find_spec(self, fullname, path=None, target=None):  # type: ignore[no-untyped-def]
        package = next((p for p in self.packages if _within(fullname, p)), None)
        if package is None:
            return None
        suffix = fullname[len(package) + 1 :]
        runtime = self.packages[package].get(suffix)
        if runtime is None:
            return None
        return importlib.util.spec_from_loader(
            fullname, _AliasLoader(runtime), is_package=suffix in ("", "concurrency")
        )


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@contextlib.contextmanager
def aws_sdk_on_runtime(testing: bool = False) -> Iterator[None]:
    """While active, AWS SDK imports resolve to this runtime; with `testing`, so do those of
    AWS's testing package (its local runner)."""
    packages = {AWS_PACKAGE: SUBMODULES}
    if testing:
        packages[TESTING_PACKAGE] = TESTING_SUBMODULES
    served = [n for n in sys.modules if any(_within(n, package) for package in packages)]
    saved = {name: sys.modules.pop(name) for name in served}
    finder = _AliasFinder(packages)
    sys.meta_path.insert(0, finder)
    # Errors are recorded under the AWS names too, as the SDK's `ErrorObject` names them.
    naming = serve_module_names(
        {
            runtime: f"{AWS_PACKAGE}.{suffix}" if suffix else AWS_PACKAGE
            for suffix, runtime in SUBMODULES.items()
        }
    )
    try:
        yield
    finally:
        serve_module_names(naming)
        sys.meta_path.remove(finder)
        for name in [n for n in sys.modules if any(_within(n, p) for p in packages)]:
            del sys.modules[name]
        sys.modules.update(saved)
