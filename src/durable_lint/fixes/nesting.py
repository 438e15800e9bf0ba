"""How deeply libcst's tree of a module would nest, measured on the module's `ast`.

libcst's native parser recurses once per level of its tree and has no depth limit of its own:
past several thousand levels it overflows the C stack and the process dies, with no exception
to catch. `ast` refuses most such code first, but keeps some constructs flat that libcst nests:
`a and b and c` is one `BoolOp` for `ast` and a chain of `BooleanOperation`s for libcst, and so
are the `for` clauses of a comprehension. The fixer measures before it hands a file to libcst.
"""

from __future__ import annotations

import ast

# Far below where libcst's parser crashes (about 7000 levels of `and` on an 8 MB stack), and
# above where its Python-side visitors already give up with a RecursionError (a few hundred).
MAX_CST_DEPTH = 1000


def cst_depth(tree: ast.AST) -> int:
    """An upper bound on the depth of the module's libcst tree: the `ast` depth, plus one level
    for each operand of a boolean operation and each `for` of a comprehension after the first."""
    deepest = 0
    pending = [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, ast.BoolOp):
            depth += len(node.values) - 1
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            depth += len(node.generators) - 1
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def too_deep_for_libcst(text: str) -> bool:
    """Whether libcst should not be given this source (which `ast` has parsed before)."""
    return cst_depth(ast.parse(text)) > MAX_CST_DEPTH
