"""The probe: a fresh interpreter that imports one framework for `debugdemo doctor`.

Started by probe_parent with the command line of a `protocol.ProbeArgs`, with the workers'
environment; it prints one `protocol.ProbeAnswer` line on stdout: the framework's version
and which of its modes can run.
"""

from __future__ import annotations

import os
import sys
import time

from debugdemo.modes import Framework, Mode
from debugdemo.process import extract, protocol
from debugdemo.process.environment import quiet
from debugdemo.process.worker_child import keep_jax_out, unavailable


def probe(framework: Framework) -> protocol.ProbeAnswer:
    """Import `framework`: its version and, per mode, None when it can run, else why not."""
    quiet(os.environ)
    started = time.perf_counter()
    modes = [m for m in Mode if m.framework is framework]
    keep_jax_out(modes[0])
    try:
        if framework is Framework.TORCH:
            import torch

            version = str(torch.__version__)
        elif framework is Framework.JAX:
            import jax

            version = jax.__version__
        else:
            import tensorflow as tf

            version = tf.__version__
    except Exception as exc:  # noqa: BLE001 - reported, whatever it is
        problem, missing = unavailable(framework, exc)
        return protocol.ProbeAnswer(
            framework.value,
            modes={m.value: problem for m in modes},
            unavailable=problem,
            missing=missing,
            import_s=round(time.perf_counter() - started, 3),
        )
    return protocol.ProbeAnswer(
        framework.value,
        version=str(version),
        modes={m.value: mode_problem(m) for m in modes},
        import_s=round(time.perf_counter() - started, 3),
    )


def mode_problem(mode: Mode) -> str | None:
    """None when `mode` can run in this (already imported) framework, else why not."""
    try:
        if mode is Mode.TORCH_COMPILE:
            import torch._dynamo

            if not torch._dynamo.is_dynamo_supported():
                return "torch.compile is not supported on this Python or platform"
        elif mode is Mode.TF1_GRAPH:
            import tensorflow as tf

            tf.compat.v1.Session  # noqa: B018 - the TF1 API this mode needs
        elif mode is Mode.TF_FUNCTION:
            import tensorflow as tf

            tf.function  # noqa: B018
        elif mode is Mode.JAX_JIT:
            import jax

            jax.jit(lambda x: x + 1)(1).block_until_ready()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {extract.safe_str(exc, 200)}"
    return None


def main(argv: list[str]) -> int:
    args = protocol.parse_args(argv, protocol.ProbeArgs)
    sys.stdout.write(protocol.encode(probe(args.framework)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
