"""The process boundary: command lines and messages round-trip; anything else is named, not hung on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from debugdemo.errors import DebugDemoError, ExitCode
from debugdemo.modes import Framework, Mode
from debugdemo.process import protocol
from debugdemo.process.protocol import (
    EventKind,
    Finished,
    PdbArgs,
    ProbeAnswer,
    ProbeArgs,
    ProtocolError,
    Ready,
    Request,
    Started,
    WorkerArgs,
)
from debugdemo.process.worker_parent import Runner, Worker, WorkerDied
from debugdemo.records import RunResult, RunStatus
from debugdemo.scenario import load_scenario

from .conftest import ASSETS

FORGED = ASSETS / "protocol" / "forged_messages.py"


def _finished() -> Finished:
    result = RunResult("torch-eager", RunStatus.RAISED, bug_lines=[3], stdout="hi\n", aid_detail="anomaly")
    return Finished("shape-mismatch-1", result)


@pytest.mark.parametrize(
    "message",
    [
        Request("run-1", "/tmp/s.py", "torch_eager", (4, 7), aid=True),
        Ready(1.5, "ImportError: no torch", missing=True),
        Ready(0.25),
        Started("run-1"),
        ProbeAnswer("torch", "2.1", {"torch-eager": None, "torch-compile": "not here"}, import_s=0.5),
    ],
)
def test_every_message_round_trips(message):
    line = protocol.encode(message)
    assert line.endswith("\n") and line.count("\n") == 1
    assert protocol.decode(line) == message
    assert protocol.decode(line.encode()) == message  # as read from a pipe


def test_a_finished_message_carries_the_whole_run_record():
    message = _finished()
    back = protocol.decode(protocol.encode(message))
    assert isinstance(back, Finished)
    assert back.run_id == "shape-mismatch-1"
    assert back.result.to_dict() == message.result.to_dict()
    assert back.result.aid_detail == "anomaly"


def test_the_event_field_names_the_kind():
    assert '"event": "started"' in protocol.encode(Started("x"))
    assert {k.value for k in EventKind} == {"request", "ready", "started", "finished", "probed"}


@pytest.mark.parametrize(
    ("line", "says"),
    [
        (b"this is not json", "not a JSON message: b'this is not json'"),
        (b"[1, 2]", "not a message object: b'[1, 2]'"),
        (b'{"event": "hello"}', """unknown event in message b'{"event": "hello"}'"""),
        (b'{"run_id": "x"}', """unknown event in message b'{"run_id": "x"}'"""),
        (b'{"event": "started"}', "malformed 'started' message"),
        (b'{"event": "started", "run_id": "x", "extra": 1}', "malformed 'started' message"),
        (b'{"event": "finished", "run_id": "x", "result": {}}', "malformed 'finished' message"),
    ],
)
def test_a_malformed_message_is_an_error_that_quotes_it(line, says):
    with pytest.raises(ProtocolError) as caught:
        protocol.decode(line)
    assert says in str(caught.value)
    assert isinstance(caught.value, DebugDemoError)
    assert caught.value.exit_code is ExitCode.FAILED


def test_an_unexpected_message_is_named():
    with pytest.raises(ProtocolError, match=r"expected a 'finished' message, got '\{\"event\": \"started\""):
        protocol.expect(Started("run-1"), Finished)
    with pytest.raises(ProtocolError, match="for run 'run-2', got one for 'run-1'"):
        protocol.expect(Started("run-1"), Started, "run-2")
    assert protocol.expect(Started("run-1"), Started, "run-1") == Started("run-1")


@pytest.mark.parametrize(
    "args",
    [
        WorkerArgs(Mode.TF1_GRAPH, 5, 7, "abc123", preload=False),
        WorkerArgs(Mode.TORCH_EAGER, 10, 11, "t"),
        PdbArgs(Mode.TF_FUNCTION, Path("/tmp/a b.py"), post_mortem=True),
        PdbArgs(Mode.TORCH_COMPILE, Path("/tmp/x.py"), preload=False),
        ProbeArgs(Framework.TENSORFLOW),
    ],
)
def test_command_lines_round_trip(args):
    argv = protocol.command(args)
    assert argv[0] == sys.executable
    assert argv[argv.index("-m") + 1] == args.module
    assert protocol.parse_args(argv[argv.index("-m") + 2 :], type(args)) == args


def test_only_the_worker_runs_unbuffered():
    assert "-u" in protocol.command(WorkerArgs(Mode.TF1_GRAPH, 5, 7, "t"))
    assert "-u" not in protocol.command(ProbeArgs(Framework.TORCH))


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["tf1-graph", "5"], "unexpected argument 'tf1-graph'"),
        (["--mode", "tf9"], "bad value 'tf9' for --mode"),
        (["--mode", "tf1-graph", "--request-fd", "five"], "bad value 'five' for --request-fd"),
        (["--mode", "tf1-graph"], "missing --request-fd, --response-fd, --token"),
        (["--mode", "tf1-graph", "--bogus", "1"], "unexpected argument '--bogus'"),
        (["--mode"], "unexpected argument '--mode'"),
    ],
)
def test_a_bad_command_line_names_what_is_wrong(argv, says):
    with pytest.raises(ProtocolError, match=r"debugdemo\.process\.worker_child: ") as caught:
        protocol.parse_args(argv, WorkerArgs)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    ("code", "says"),
    [
        (-9, "was killed by SIGKILL"),
        (-11, "was killed by SIGSEGV"),
        (3, "exited with code 3"),
        (-999, "signal 999"),
    ],
)
def test_how_a_process_ended(code, says):
    assert says in protocol.how_it_ended(code)


def test_a_worker_that_forges_messages_is_given_up_on_with_what_it_sent():
    """End to end: the scenario writes into the response pipe; the runner checks kind and run id."""
    scenario = load_scenario(FORGED)
    # A timeout far longer than the test: a runner that waited would report TIMEOUT, not CRASHED.
    [result] = Runner((Mode.TORCH_EAGER, Mode.TF1_GRAPH), timeout=600, preload=False).run([scenario])
    garbage, other_run = result.runs
    assert garbage.status is RunStatus.CRASHED
    assert garbage.detail.startswith("the worker broke the protocol: not a JSON message: b'this is not json")
    assert other_run.status is RunStatus.CRASHED
    assert "expected a 'finished' message for run 'forged-messages-" in other_run.detail
    assert "got one for 'someone-else'" in other_run.detail
    assert other_run.returned is None  # the forged record was not believed


def test_a_worker_sent_a_malformed_request_says_so_and_ends():
    """The other direction: the child checks what it reads too, and ends rather than guess."""
    worker = Worker(Mode.TORCH_EAGER, preload=False)
    try:
        assert isinstance(protocol.expect(worker.receive(60), Ready), Ready)
        worker.stderr.next_capture()
        worker._requests.write('{"event": "started", "run_id": "x"}\n')
        worker._requests.flush()
        with pytest.raises(WorkerDied):
            worker.receive(60)
        said = worker.stderr.next_capture()
        assert 'debugdemo worker: expected a \'request\' message, got \'{"event": "started"' in said
        assert worker.exit_detail() == "the interpreter was killed by SIGKILL"  # its process group ended
    finally:
        worker.kill()
