"""Synthetic run records, built through `from_dict` as if a worker had sent them.

Hostile text (HTML, rich markup, Markdown table syntax) sits where a run's own text goes,
so every view and export is tested against it.
"""

from __future__ import annotations

from typing import Any

from debugdemo.records import ScenarioResult

HOSTILE = "<script>alert(1)</script> [bold]loud[/bold] a|b `tick` [x](javascript:alert(2)) & *em*"


def frame(origin: str, line: int, function: str = "f", file: str = "/s/scenario.py") -> dict[str, Any]:
    return {"file": file, "line": line, "function": function, "code": "x = 1", "origin": origin}


def raised(
    mode: str,
    exc_type: str,
    *,
    message: str = "boom",
    points: bool | None = True,
    line: int = 10,
    bug_lines: tuple[int, ...] = (10,),
    phase: str | None = None,
    yours: int = 1,
    framework: int = 0,
    values: str | None = None,
) -> dict[str, Any]:
    frames = [frame("scenario", line - i) for i in range(yours)]
    frames += [frame("framework", 100 + i, file="/site-packages/torch/x.py") for i in range(framework)]
    frames.append(frame("debugdemo", 1, file="/debugdemo/process/worker_child.py"))  # never counted
    return {
        "mode": mode,
        "status": "raised",
        "exception": {"type": exc_type, "qualified_type": f"pkg.{exc_type}", "message": message},
        "frames": frames,
        "bug_lines": list(bug_lines),
        "surfaced_at": {"line": line, "function": "f"},
        "points_at_bug": points,
        "phase": phase,
        "breakpoints": _breakpoints(values),
    }


def returned(mode: str, value: str = "tensor(nan)", values: str | None = None) -> dict[str, Any]:
    return {
        "mode": mode,
        "status": "returned",
        "returned": value,
        "bug_lines": [7],
        "breakpoints": _breakpoints(values),
    }


def no_result(mode: str, status: str, detail: str = "no result after 1 s") -> dict[str, Any]:
    return {"mode": mode, "status": status, "detail": detail}


def _breakpoints(values: str | None) -> list[dict[str, Any]]:
    if values is None:
        return []
    local = {"kind": values, "type": "Tensor", "shape": "(4, 16)", "dtype": "float32", "preview": "…"}
    return [{"line": 5, "function": "f", "hits": 3 if values == "concrete" else 1, "locals": {"h": local}}]


def scenario(name: str, *runs: dict[str, Any], title: str = "A bug") -> ScenarioResult:
    return ScenarioResult.from_dict(
        {"scenario": name, "file": f"/s/{name.replace('-', '_')}.py", "title": title, "runs": list(runs)}
    )


def sample() -> list[ScenarioResult]:
    """Three scenarios in torch-eager and tf1-graph, one with hostile text everywhere."""
    return [
        scenario(
            "shape-mismatch",
            raised("torch-eager", "RuntimeError", yours=2, framework=1, values="concrete"),
            raised(
                "tf1-graph",
                "InvalidArgumentError",
                points=False,
                line=40,
                phase="run",
                yours=1,
                framework=9,
                values="symbolic",
            ),
        ),
        scenario(
            "nan-loss",
            returned("torch-eager", values="concrete"),
            raised("tf1-graph", "TypeError", phase="build", yours=3, framework=2),
        ),
        scenario(
            "hostile",
            raised("torch-eager", "ValueError", message=HOSTILE + "\nsecond line", points=False, line=12),
            no_result("tf1-graph", "timeout", detail=HOSTILE),
            title="<b>bold title</b> | [red]red[/red]",
        ),
    ]
