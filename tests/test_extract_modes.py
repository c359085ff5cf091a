"""Lines recovered from the stacks frameworks write as text (no frameworks needed)."""

from __future__ import annotations

from pathlib import Path

from debugdemo.process import extract
from debugdemo.records import Origin, SourceLocation

PACKAGE = str(Path(extract.__file__).resolve().parent)
SCENARIO = "/home/me/scenarios/nan_loss.py"


def test_dynamo_from_user_code_is_recovered():
    message = (
        "RuntimeError when making fake tensor call\n\nfrom user code:\n"
        f'   File "{SCENARIO}", line 44, in torch_dynamo_resume_in_model_at_43\n'
        "    return x @ w2\n"
    )
    found = extract.defined_at(RuntimeError(message), SCENARIO)
    assert found == [SourceLocation(44, "torch_dynamo_resume_in_model_at_43", SCENARIO)]


def test_check_numerics_stack_with_cut_paths_is_recovered():
    message = (
        '!!! Detected Infinity or NaN in output 0 of graph op "Log" !!!\n'
        '  Stack trace of op\'s creation ("->": inferred user code):\n'
        "    + ...me/scenarios/nan_loss.py (L190) tf_function\n"
        " -> |   \n"
        "    + ...ython/eager/polymorphic_function/autograph_util.py (L41) autograph_handler\n"
        "    |   \n"
        "    + /home/me/scenarios/nan_loss.py (L177) cross_entropy\n"
    )
    found = extract.defined_at(ValueError(message), SCENARIO)
    assert [(d.line, d.function) for d in found] == [(190, "tf_function"), (177, "cross_entropy")]
    assert extract.defined_at(ValueError(message), "/elsewhere/other_loss.py") == []


def test_warning_text_is_a_source_too():
    warned = f'Traceback of forward call that caused the error:\n  File "{SCENARIO}", line 53, in f\n'
    assert extract.defined_at(RuntimeError("nan"), SCENARIO, extra=warned)[0].line == 53


def test_harness_frames_are_cut_from_stacks_in_messages():
    text = (
        "Detected at node 'Log' defined at (most recent call last):\n"
        '  File "<frozen runpy>", line 198, in _run_module_as_main\n'
        "\n"
        f'  File "{PACKAGE}/worker.py", line 279, in <module>\n'
        "    sys.exit(main(sys.argv[1:]))\n"
        "\n"
        f'  File "{SCENARIO}", line 90, in tf1_graph\n'
        "    loss = cross_entropy(logits, y)\n"
        "  Stack trace of op's creation:\n"
        "    + <frozen runpy> (L88) _run_code\n"
        " -> |   \n"
        f"    + {PACKAGE}/worker.py (L192) run_request\n"
        " -> |   value = fn()\n"
        f"    + {SCENARIO} (L90) tf1_graph\n"
        " -> |   loss = cross_entropy(logits, y)\n"
    )
    cut = extract.strip_harness_frames(text)
    assert "runpy" not in cut and "worker.py" not in cut and "sys.exit" not in cut
    assert f'  File "{SCENARIO}", line 90, in tf1_graph\n    loss = cross_entropy(logits, y)\n' in cut
    assert f"    + {SCENARIO} (L90) tf1_graph\n -> |   loss = cross_entropy(logits, y)\n" in cut


def test_autograph_files_are_framework_code():
    assert extract.origin_of("/tmp/__autograph_generated_filex1y2.py", SCENARIO) is Origin.FRAMEWORK


def test_the_line_jax_names_while_tracing_is_recovered():
    message = (
        "Attempted boolean conversion of traced array with shape bool[].\n"
        f"The error occurred while tracing the function train_step at {SCENARIO}:266 for jit. "
        "This concrete value was not available in Python because it depends on the value of x.\n"
        "See https://docs.jax.dev/en/latest/errors.html#jax.errors.TracerBoolConversionError"
    )
    assert extract.defined_at(TypeError(message), SCENARIO) == [SourceLocation(266, "train_step", SCENARIO)]
    elsewhere = message.replace(SCENARIO, "/somewhere/else.py")
    assert extract.defined_at(TypeError(elsewhere), SCENARIO) == []


def test_the_line_jax_names_for_a_tracer_is_recovered():
    message = f"This JitTracer with object id 1405 was created on line\n  {SCENARIO}:12:8 (model)\n"
    assert extract.defined_at(TypeError(message), SCENARIO) == [SourceLocation(12, "model", SCENARIO)]


def test_jax_unfiltered_copy_is_read_through_not_shown_as_a_second_error():
    class UnfilteredStackTrace(Exception):  # JAX's class, as JAX_TRACEBACK_FILTERING=remove_frames chains it
        pass

    try:
        try:
            raise KeyError("the first error")
        except KeyError as first:
            copy = UnfilteredStackTrace("the same error, JAX frames and all")
            copy.__cause__ = first
            raise TypeError("the error") from copy
    except TypeError as exc:
        info = extract.exception_info(exc, SCENARIO)
    assert [(c.type, c.relation) for c in info.chain] == [("KeyError", "cause")]
