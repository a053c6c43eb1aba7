"""The package's layering, read from the source: no import circles, no import of analysis/."""

from __future__ import annotations

import ast
from pathlib import Path

SIMULATION = Path(__file__).resolve().parent.parent / "simulation"


def module_imports() -> dict[str, set[str]]:
    """For each module of the simulation package, the package's modules it imports when loaded
    (statements at module level; imports inside functions are deferred to a call)."""
    graph = {}
    for path in SIMULATION.rglob("*.py"):
        parts = path.relative_to(SIMULATION.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
                found |= {target} | {f"{target}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.ImportFrom) or isinstance(node, ast.Import):
                found |= {node.module} if isinstance(node, ast.ImportFrom) else {a.name for a in node.names}
        graph[name] = found
    return {name: {t for t in targets if t in graph or not t.startswith("simulation")} for name, targets in graph.items()}


def test_the_simulation_package_never_imports_analysis():
    every_import = set()
    for path in SIMULATION.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                every_import |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                every_import.add(node.module)
    assert not {m for m in every_import if m == "analysis" or m.startswith("analysis.")}


def test_no_import_circle_between_modules():
    # a module importing its own package (``from . import registry``) is not a circle: the package is
    # already being loaded
    graph = {name: {t for t in targets if t.startswith("simulation") and not name.startswith(t + ".")}
             for name, targets in module_imports().items()}
    assert "simulation.interventions" in graph["simulation.scenario"]  # the scenario reads the levers' registry

    def cycle_from(start: str) -> list[str] | None:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    return path + [nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
        return None

    circles = [circle for name in graph if (circle := cycle_from(name))]
    assert not circles, circles
