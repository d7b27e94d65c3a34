"""The import graph shows the architecture: arrows only downwards, no cycles.

Parsed with `ast` (nothing imported), so a layering mistake fails here with the
offending edge named, before it becomes a start-up ImportError.
"""

from __future__ import annotations

import ast
from pathlib import Path

import rtes_desktop

ROOT = Path(rtes_desktop.__file__).parent
PKG = "rtes_desktop"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in ROOT.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, *, module_level_only: bool) -> set[str]:
    """The project modules `name` imports (TYPE_CHECKING blocks left out)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def target(mod: str) -> None:
        if mod == PKG or mod.startswith(PKG + "."):
            while mod and mod not in MODULES:
                mod = mod.rpartition(".")[0]
            if mod:
                found.add(mod)

    def visit(nodes: list[ast.stmt] | list[ast.stmt | ast.ExceptHandler]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    target(alias.name)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    target(sub if sub in MODULES else base)
            if module_level_only and isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            ):
                continue
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    visit([n for n in inner if isinstance(n, ast.stmt | ast.ExceptHandler)])

    visit(tree.body)
    found.discard(name)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_the_parser_sees_known_edges() -> None:
    # Guards the guard: if parsing silently found nothing, every check below would pass.
    assert "rtes_desktop.core.sync.engine" in _imports(
        "rtes_desktop.core.demo", module_level_only=True
    )
    assert "rtes_desktop.core.library" in _imports(
        "rtes_desktop.core.sync.engine", module_level_only=True
    )
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_core_never_imports_gui_or_cli() -> None:
    bad = [
        (name, dep)
        for name in MODULES
        if name.startswith(f"{PKG}.core")
        for dep in _imports(name, module_level_only=False)
        if dep.startswith((f"{PKG}.gui", f"{PKG}.cli"))
    ]
    assert bad == []


def test_cli_never_imports_gui() -> None:
    bad = [
        (name, dep)
        for name in MODULES
        if name.startswith(f"{PKG}.cli")
        for dep in _imports(name, module_level_only=False)
        if dep.startswith(f"{PKG}.gui")
    ]
    assert bad == []


def test_library_sync_and_search_do_not_import_each_other_in_a_cycle() -> None:
    """Between the three core packages, even a lazy import inside a function counts."""
    areas = ("library", "sync", "search")

    def area(mod: str) -> str | None:
        for a in areas:
            if mod == f"{PKG}.core.{a}" or mod.startswith(f"{PKG}.core.{a}."):
                return a
        return None

    graph: dict[str, set[str]] = {a: set() for a in areas}
    for name in MODULES:
        src = area(name)
        if src is None:
            continue
        for dep in _imports(name, module_level_only=False):
            dst = area(dep)
            if dst is not None and dst != src:
                graph[src].add(dst)
    assert _cycles(graph) == []
    assert graph["library"] == set()  # the library is the bottom: it imports neither


def test_no_module_imports_another_that_imports_it_back() -> None:
    """No cycle of imports anywhere, lazy ones inside functions included: a lazy
    import is how a cycle hides until the day the order of imports changes."""
    graph = {name: _imports(name, module_level_only=False) for name in MODULES}
    assert _cycles(graph) == []


def test_no_module_level_cycle() -> None:
    graph = {name: _imports(name, module_level_only=True) for name in MODULES}
    assert _cycles(graph) == []
