"""The scale benchmark: N users per cloud through the real Pulumi engine against the local emulator.

Run it with ``bash scripts/bench.sh`` (which bootstraps and sources ``build/env.sh`` first)::

    bash scripts/bench.sh                      # N=50, 50 ms latency, the documented quotas
    bash scripts/bench.sh -n 200 --markdown out.md
    bash scripts/bench.sh -n 2000 --stacks tencentcloud
    bash scripts/bench.sh -n 200 --stacks alicloud --steps up --compare 130e71b --repeat 3
    bash scripts/bench.sh -n 200 --latency 0.2 --forms dynamic,native --both-checkpoints --repeat 2

For each stack (Tencent users, Alibaba users, and a mixed stack of N/2 of each; the users of
one cloud in zones/directories of at most 1,000, the emulator's user quota) it runs
``up``, a second ``preview``, ``refresh``, an update of one field (display_name) on every user,
and ``destroy`` (``--steps`` may add ``again``: an ``up`` with nothing to change), each stack in
its own throw-away backend and emulator process. ``--forms`` runs the same stacks as dynamic
resources (``pulumi_directory_users.tencentcloud.User``, …) and through the native provider plugin
(``pulumi_directory_users.native.tencentcloud.User``, …, its default provider configured from the
``directory-users:`` stack config), alternating, with the same emulator settings; ``--parallel``
is the engine's parallelism for every step (32). Per step it prints the wall seconds, the API calls per cloud and action as the emulator logged
them, the throttled answers, the API window (first to last call, as seen by a watcher that
stamps log lines within a few milliseconds) and its ratio to the rate floor: the time the
calls of the step's main action need at the documented quota (N ÷ quota). It also prints the
state file's size after ``up``, the mean size of one user's entry in it, and the emulator's own
time per request beyond the injected latency, so the emulator can be seen not to be what is
measured.

Each step runs in a process of its own, as ``pulumi up`` does (the program runs in that process,
the engine and the provider in its children), and reports their CPU seconds beside the wall time.
``--compare`` takes git refs or directories holding other trees of this project (comma-separated):
the steps then run for every tree side by side, alternating (each repeat starts one tree later),
each with its own package on PYTHONPATH and the same emulator of this tree, and the summary gives
each tree's range over ``--repeat`` runs and the ratio of its mean to this tree's (the native
form's needs ``pulumi_directory_users.native`` in that tree; the plugin on PATH imports the tree's package).

A benchmark, not a test: it asserts nothing and only reports.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from pulumi import automation as auto

from pulumi_directory_users.retry import DEFAULT_DEADLINE
from pulumi_directory_users.testing import (ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID, EmulatorProcess,
                                            native_stack_config, stack_config)

# One request in the emulator's log: "tencent CreateUser 200 OK 51.2ms". Matched anywhere, not
# per line: under concurrency two entries can land on one line.
LOG_ENTRY = re.compile(r"(tencent|alicloud) ([A-Za-z]+) (\d{3}|drop) (\S+) (\d+(?:\.\d+)?)ms")
THROTTLE_CODES = {"RequestLimitExceeded", "Throttling.User", "Throttling"}
# The quotas the clouds document (requests per second per action): what the floor is measured against.
DOCUMENTED_QUOTA = {"tencent": 20.0, "alicloud": 100.0}
MAIN_ACTION = {"up": "CreateUser", "update": "UpdateUser", "destroy": "DeleteUser"}
STEPS = ("up", "again", "preview", "refresh", "update", "destroy")
DEFAULT_STEPS = ("up", "preview", "refresh", "update", "destroy")
# The two front-ends: Python dynamic resources, and the native provider plugin (pulumi-resource-directory-users).
FORMS = ("dynamic", "native")
PASSPHRASE = "directory-users-bench"


@dataclass(frozen=True)
class Entry:
    seen: float  # monotonic time the watcher found it in the log
    cloud: str
    action: str
    status: str
    error: str
    millis: float  # the emulator's own time for the request, latency included


class LogWatcher:
    """Follows the emulator's log file from a thread, stamping each entry when it appears."""

    def __init__(self, path: Path, poll: float = 0.005) -> None:
        self._path = path
        self._poll = poll
        self._entries: list[Entry] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._follow, name="bench-log-watcher", daemon=True)

    def start(self) -> "LogWatcher":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def mark(self) -> int:
        time.sleep(self._poll * 3)  # let the watcher catch up with what is already written
        with self._lock:
            return len(self._entries)

    def since(self, mark: int) -> list[Entry]:
        time.sleep(self._poll * 3)
        with self._lock:
            return self._entries[mark:]

    def _follow(self) -> None:
        buffer, offset = "", 0
        while not self._stop.is_set():
            try:
                with open(self._path, encoding="utf-8", errors="replace") as log:
                    log.seek(offset)
                    chunk = log.read()
                    offset = log.tell()
            except FileNotFoundError:
                chunk = ""
            if chunk:
                now = time.monotonic()
                buffer += chunk
                last_end = 0
                found = []
                for match in LOG_ENTRY.finditer(buffer):
                    cloud, action, status, error, millis = match.groups()
                    found.append(Entry(now, cloud, action, status, error, float(millis)))
                    last_end = match.end()
                buffer = buffer[last_end:]  # an entry half written stays for the next read
                with self._lock:
                    self._entries.extend(found)
            self._stop.wait(self._poll)


@dataclass
class StepResult:
    stack: str
    step: str
    seconds: float
    tree: str = "this"
    run: int = 1
    form: str = "dynamic"
    checkpoints: str = "written"  # or "skipped" (PULUMI_SKIP_CHECKPOINTS=true)
    cpu_engine: float = 0.0  # CPU seconds of the step's child processes: the CLI and the providers
    cpu_program: float = 0.0  # CPU seconds of the program's process (the Automation API's too)
    calls: Counter[str] = field(default_factory=Counter)  # "tencent CreateUser" -> count
    throttled: int = 0
    window: float = 0.0
    floor: Optional[float] = None
    emulator_ms: list[float] = field(default_factory=list)  # per request, latency removed
    state_bytes: Optional[int] = None
    entry_bytes: Optional[int] = None  # mean compact-JSON size of one user's entry in the state

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())


# The emulator holds at most 1,000 users per zone/directory (its default quota): bigger stacks
# spread their users over as many as they need, users 0-999 in the first, and so on.
PER_CONTAINER = 1000


def container_ids(cloud: str, users: int) -> list[str]:
    """The zones (Tencent) or directories (Alibaba) a stack of ``users`` users uses, seeded one first."""
    seeded, prefix = (TENCENT_ZONE_ID, "z-bench") if cloud == "tencent" else (ALICLOUD_DIRECTORY_ID, "d-bench")
    extra = max(0, math.ceil(users / PER_CONTAINER) - 1)
    return [seeded] + [f"{prefix}{k:05d}" for k in range(1, extra + 1)]


def users_program(tencent: int, alicloud: int, form: str = "dynamic") -> Callable[[], None]:
    """An inline program of ``tencent`` + ``alicloud`` users of ``form``; config ``bench:suffix`` edits display_name."""
    zones, directories = container_ids("tencent", tencent), container_ids("alicloud", alicloud)

    def program() -> None:
        import importlib

        import pulumi

        package = "pulumi_directory_users" + (".native" if form == "native" else "")
        tc, ali = importlib.import_module(f"{package}.tencentcloud"), importlib.import_module(f"{package}.alicloud")

        suffix = pulumi.Config("bench").get("suffix") or ""
        for i in range(tencent):
            tc.User(f"tc-{i:05d}", zone_id=zones[i // PER_CONTAINER], user_name=f"bench-{i:05d}",
                    display_name=f"Bench {i}{suffix}")
        for i in range(alicloud):
            ali.User(f"ali-{i:05d}", directory_id=directories[i // PER_CONTAINER], user_name=f"bench-{i:05d}",
                     display_name=f"Bench {i}{suffix}")

    return program


def engine_env(workdir: Path, skip_checkpoints: bool) -> dict[str, str]:
    backend = workdir / "backend"
    backend.mkdir(parents=True, exist_ok=True)
    env = {
        "PULUMI_HOME": str(workdir / "pulumi-home"),
        "PULUMI_BACKEND_URL": backend.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_DISABLE_REGISTRY_RESOLVE": "true",
        "PULUMI_PYTHON_CMD": sys.executable,
        "PYTHONUNBUFFERED": "1",
    }
    if skip_checkpoints:
        env["PULUMI_SKIP_CHECKPOINTS"] = "true"
    return env


def floor_seconds(step: str, counts: dict[str, int]) -> Optional[float]:
    """N ÷ quota for the step's main action, the slower cloud deciding (they run side by side)."""
    if step not in MAIN_ACTION:
        return None
    return max(n / DOCUMENTED_QUOTA[cloud] for cloud, n in counts.items() if n) if any(counts.values()) else None


def form_config(form: str, url: str) -> dict[str, auto.ConfigValue]:
    """The stack config of ``form``'s default provider, pointed at the emulator; the same retry deadline for both."""
    config = native_stack_config(url) if form == "native" else stack_config(url)
    return {**config, "directory-users:retryDeadline": auto.ConfigValue(f"{DEFAULT_DEADLINE:g}")}


def run_stack(name: str, counts: dict[str, int], args: argparse.Namespace, workdir: Path,
              tree: Optional[Path] = None, label: str = "this", run: int = 1,
              skip_checkpoints: bool = False, form: str = "dynamic") -> list[StepResult]:
    """The steps of one stack of ``form``, each in a worker process with ``tree``'s package (default: this tree's)."""
    emulator_args = ["--latency", str(args.latency)]
    for cloud, action in (("tencent", "CreateUser"), ("tencent", "DeleteUser")):
        emulator_args += ["--rate-limit", f"{cloud}:{action}={args.tencent_quota}/s"]
    for zone in container_ids("tencent", counts["tencent"])[1:]:
        emulator_args += ["--zone", zone]
    for directory in container_ids("alicloud", counts["alicloud"])[1:]:
        emulator_args += ["--directory", directory]
    if args.emulator_state_file:
        emulator_args += ["--state-file", str(workdir / "emulator-state.json")]
    results: list[StepResult] = []
    with EmulatorProcess(workdir / "emulator", emulator_args) as emulator:
        watcher = LogWatcher(emulator.log_path).start()
        try:
            for index, step in enumerate(args.steps):
                job = {"name": name, "counts": counts, "workdir": str(workdir), "url": emulator.url, "step": step,
                       "create": index == 0, "skip_checkpoints": skip_checkpoints, "form": form,
                       "parallel": args.parallel}
                mark = watcher.mark()
                done = run_worker(job, tree)
                result = summarize(name, step, done["seconds"], watcher.since(mark), counts, args.latency)
                result.tree, result.run, result.form = label, run, form
                result.checkpoints = "skipped" if skip_checkpoints else "written"
                result.cpu_engine, result.cpu_program = done["cpu_engine"], done["cpu_program"]
                if step == "up":
                    result.state_bytes, result.entry_bytes = state_sizes(workdir / "backend")
                results.append(result)
                print(format_step(result), flush=True)
        finally:
            watcher.stop()
    return results


def run_worker(job: dict[str, Any], tree: Optional[Path]) -> dict[str, Any]:
    """One step in a fresh process, as the CLI runs one; ``tree``'s package first on its path."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree / "provider"), env.get("PYTHONPATH")]))
    answer = subprocess.run([sys.executable, __file__, "--worker", json.dumps(job)], env=env, check=True,
                            stdout=subprocess.PIPE, text=True)
    return dict(json.loads(answer.stdout.strip().splitlines()[-1]))


def worker(job: dict[str, Any]) -> dict[str, Any]:
    """The worker's side: select (or create) the stack, run its step, say how long it took."""
    workdir, name = Path(job["workdir"]), job["name"]
    env = engine_env(workdir, job["skip_checkpoints"])
    settings = auto.ProjectSettings(name="bench", runtime="python",
                                    backend=auto.ProjectBackend(url=env["PULUMI_BACKEND_URL"]))
    work = workdir / "work"
    work.mkdir(exist_ok=True)
    opts = auto.LocalWorkspaceOptions(work_dir=str(work), pulumi_home=env["PULUMI_HOME"], env_vars=env,
                                      secrets_provider="passphrase", project_settings=settings)
    program = users_program(job["counts"]["tencent"], job["counts"]["alicloud"], job["form"])
    if job["create"]:
        stack = auto.create_stack(name, project_name="bench", program=program, opts=opts)
        stack.set_all_config({**form_config(job["form"], job["url"]), "bench:suffix": auto.ConfigValue("")})
    else:
        stack = auto.select_stack(name, project_name="bench", program=program, opts=opts)
    step = job["step"]
    if step == "update":
        stack.set_config("bench:suffix", auto.ConfigValue(" (updated)"))
    operation = {"update": "up", "again": "up"}.get(step, step)
    before_self, before_children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    getattr(stack, operation)(color="never", parallel=job["parallel"],
                              **({"expect_no_changes": True} if step == "preview" else {}))
    seconds = time.monotonic() - started
    return {"seconds": seconds, "cpu_program": _cpu(resource.RUSAGE_SELF) - before_self,
            "cpu_engine": _cpu(resource.RUSAGE_CHILDREN) - before_children}


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def state_sizes(backend: Path) -> tuple[int, Optional[int]]:
    """The stack's state file in bytes, and the mean size of one user's entry in it (compact JSON)."""
    files = [p for p in backend.rglob("*.json") if "/.pulumi/stacks/" in p.as_posix()]
    entries = [len(json.dumps(r, separators=(",", ":")).encode())
               for p in files for r in json.loads(p.read_text(encoding="utf-8"))["checkpoint"]["latest"]["resources"]
               if r["type"].endswith(":User")]
    return sum(p.stat().st_size for p in files), (sum(entries) // len(entries) if entries else None)


def summarize(stack: str, step: str, seconds: float, entries: list[Entry], counts: dict[str, int],
              latency: float) -> StepResult:
    result = StepResult(stack, step, seconds)
    for entry in entries:
        result.calls[f"{entry.cloud} {entry.action}"] += 1
        result.throttled += entry.error in THROTTLE_CODES
        result.emulator_ms.append(max(0.0, entry.millis - latency * 1000))
    if entries:
        result.window = entries[-1].seen - entries[0].seen
    result.floor = floor_seconds(step, counts)
    return result


def variant(r: StepResult) -> str:
    """The front-end and tree a result ran with: ``native``, ``dynamic @main``."""
    return r.form if r.tree == "this" else f"{r.form} @{r.tree}"


def ratio(r: StepResult) -> Optional[float]:
    return r.window / r.floor if r.floor and r.window else None


def format_step(r: StepResult) -> str:
    calls = ", ".join(f"{k} {v}" for k, v in sorted(r.calls.items())) or "none"
    shown = f"{ratio(r):.2f}" if ratio(r) else "-"
    entry = f"  {r.entry_bytes} bytes per user entry" if r.entry_bytes else ""
    skipped = " +skip" if r.checkpoints == "skipped" else ""
    return (f"bench: {variant(r)}#{r.run}{skipped} {r.stack:<12} {r.step:<8} {r.seconds:7.1f}s  "
            f"cpu engine {r.cpu_engine:.1f}s program {r.cpu_program:.1f}s  calls {r.total_calls:5d} ({calls})  "
            f"throttled {r.throttled}  window {r.window:.1f}s  floor {r.floor or 0:.1f}s  ratio {shown}{entry}")


def markdown(results: list[StepResult], args: argparse.Namespace, command: str) -> str:
    checkpoints = "written and skipped" if args.both_checkpoints else (
        "skipped" if args.skip_checkpoints else "written")
    lines = [
        f"N = {args.n} per cloud (mixed: N/2 of each), emulator latency {args.latency * 1000:.0f} ms, "
        f"Tencent quota {args.tencent_quota:g}/s on CreateUser/DeleteUser, engine parallelism {args.parallel}, "
        f"forms {', '.join(args.forms)}, {os.cpu_count()} cores, checkpoints {checkpoints}, "
        f"emulator state file {'on' if args.emulator_state_file else 'off'}.",
        f"Command: `{command}`",
        "",
        "| form | checkpoints | run | stack | step | wall s | CPU s engine / program | API calls | calls per action "
        "| throttled | API window s | floor s | window / floor |",
        "|---|---|---:|---|---|---:|---|---:|---|---:|---:|---:|---:|",
    ]
    for r in results:
        per_action = ", ".join(f"{k} {v}" for k, v in sorted(r.calls.items())) or "–"
        shown = f"{ratio(r):.2f}" if ratio(r) else "–"
        floor = f"{r.floor:.1f}" if r.floor else "–"
        lines.append(f"| {variant(r)} | {r.checkpoints} | {r.run} | {r.stack} | {r.step} | {r.seconds:.1f} | "
                     f"{r.cpu_engine:.1f} / {r.cpu_program:.1f} | {r.total_calls} | {per_action} | "
                     f"{r.throttled} | {r.window:.1f} | {floor} | {shown} |")
    lines += ["", "| form | checkpoints | run | stack | state file after up (bytes) | bytes per user entry "
              "| emulator ms per request beyond latency (mean / p95) |", "|---|---|---:|---|---:|---:|---|"]
    for key in dict.fromkeys((variant(r), r.checkpoints, r.run, r.stack) for r in results):
        mine = [r for r in results if (variant(r), r.checkpoints, r.run, r.stack) == key]
        up = next((r for r in mine if r.step == "up"), StepResult(key[3], "up", 0.0))
        emulator_ms = [ms for r in mine for ms in r.emulator_ms]
        spread = (f"{statistics.fmean(emulator_ms):.1f} / {percentile(emulator_ms, 95):.1f}"
                  if emulator_ms else "–")
        lines.append(f"| {' | '.join(map(str, key))} | {up.state_bytes or 0} | {up.entry_bytes or '–'} | {spread} |")
    if len({variant(r) for r in results}) > 1 or args.repeat > 1:
        lines += ["", comparison(results)]
    return "\n".join(lines) + "\n"


def comparison(results: list[StepResult]) -> str:
    """Per stack, step and checkpoint mode: each variant's range over the runs of wall seconds and of
    window / floor, the ratio of its mean wall time to the first variant's, and its engine CPU seconds."""
    names = list(dict.fromkeys(variant(r) for r in results))
    base, others = names[0], names[1:]
    head = ([f"{v} wall s" for v in names] + [f"{v} / {base} wall" for v in others]
            + [f"{v} window / floor" for v in names] + [f"{v} engine CPU s" for v in names])
    lines = ["| stack | step | checkpoints | " + " | ".join(head) + " |", "|---|---|---|" + "---:|" * len(head)]
    for stack, step, mode in dict.fromkeys((r.stack, r.step, r.checkpoints) for r in results):
        mine = {v: [r for r in results if (r.stack, r.step, r.checkpoints, variant(r)) == (stack, step, mode, v)]
                for v in names}
        if not all(mine.values()):
            continue
        walls = {v: [r.seconds for r in rs] for v, rs in mine.items()}
        ratios = [f"{statistics.fmean(walls[v]) / statistics.fmean(walls[base]):.2f}" for v in others]
        floors = [_range([x for x in map(ratio, mine[v]) if x], 2) for v in names]
        cells = ([_range(walls[v]) for v in names] + ratios + floors
                 + [_range([r.cpu_engine for r in mine[v]]) for v in names])
        lines.append(f"| {stack} | {step} | {mode} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _range(values: list[float], digits: int = 1) -> str:
    if not values:
        return "–"
    low, high = f"{min(values):.{digits}f}", f"{max(values):.{digits}f}"
    return low if low == high else f"{low}–{high}"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1)]


def stacks_for(n: int, wanted: list[str]) -> list[tuple[str, dict[str, int]]]:
    every = {
        "tencentcloud": {"tencent": n, "alicloud": 0},
        "alicloud": {"tencent": 0, "alicloud": n},
        "mixed": {"tencent": n // 2, "alicloud": n - n // 2},
    }
    return [(name, every[name]) for name in wanted]


def parse_args(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=50, help="users per stack (default 50)")
    parser.add_argument("--latency", type=float, default=0.05, help="emulator latency per request, s (0.05)")
    parser.add_argument("--tencent-quota", type=float, default=20.0,
                        help="the emulator's Tencent CreateUser/DeleteUser quota, requests/s (20)")
    parser.add_argument("--stacks", default="tencentcloud,alicloud,mixed",
                        help="comma-separated: tencentcloud, alicloud, mixed (all three)")
    parser.add_argument("--steps", default=",".join(DEFAULT_STEPS),
                        help=f"comma-separated steps, in order ({','.join(STEPS)}); later ones need up")
    parser.add_argument("--skip-checkpoints", action="store_true",
                        help="PULUMI_SKIP_CHECKPOINTS=true: the engine writes state only at the end of a step")
    parser.add_argument("--both-checkpoints", action="store_true",
                        help="run every tree with and without checkpoints, alternating ('+skip' marks the latter)")
    parser.add_argument("--emulator-state-file", action="store_true",
                        help="the emulator persists its state to a file after each change")
    parser.add_argument("--compare", metavar="REF_OR_DIR[,...]",
                        help="also run other trees of this project, alternating: git refs or directories")
    parser.add_argument("--forms", default=",".join(FORMS),
                        help="comma-separated front-ends, run alternating: dynamic, native (both)")
    parser.add_argument("--parallel", type=int, default=32,
                        help="the engine's parallelism (--parallel of every step; 32)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each stack per tree and form (1)")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    args = parser.parse_args(argv)
    unknown = set(args.stacks.split(",")) - {"tencentcloud", "alicloud", "mixed"}
    if unknown:
        parser.error(f"unknown stacks {sorted(unknown)}: expected tencentcloud, alicloud, mixed")
    args.forms = args.forms.split(",")
    if not args.forms or set(args.forms) - set(FORMS):
        parser.error(f"unknown forms {sorted(set(args.forms) - set(FORMS))}: expected {', '.join(FORMS)}")
    if args.parallel < 1:
        parser.error(f"--parallel {args.parallel}: the engine needs at least 1")
    args.steps = args.steps.split(",")
    if set(args.steps) - set(STEPS):
        parser.error(f"unknown steps {sorted(set(args.steps) - set(STEPS))}: expected {', '.join(STEPS)}")
    return args


def other_tree(spec: str, into: Path) -> tuple[Path, str]:
    """The tree to compare with: a directory as is, or a git ref's files exported into ``into``."""
    if (Path(spec) / "provider" / "pulumi_directory_users").is_dir():
        return Path(spec).resolve(), Path(spec).name
    root = Path(__file__).resolve().parent.parent
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(root), "archive", spec, "provider"], check=True, stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into, spec


def has_native(tree: Optional[Path], label: str) -> bool:
    """Whether ``tree`` (None: this one) has the native front-end; says so when it has not."""
    root = tree if tree is not None else Path(__file__).resolve().parent.parent
    if (root / "provider" / "pulumi_directory_users" / "native").is_dir():
        return True
    print(f"bench: {label} has no pulumi_directory_users.native: its native form is left out", file=sys.stderr)
    return False


def main(argv: Optional[list[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        print(json.dumps(worker(json.loads(argv[1]))), flush=True)
        return 0
    args = parse_args(argv)
    tools = ["pulumi", "pulumi-resource-pulumi-python"] + (["pulumi-resource-directory-users"] if "native" in args.forms else [])
    for tool in tools:
        if shutil.which(tool) is None:
            print(f"bench: `{tool}` is not on PATH; run `bash scripts/bench.sh`", file=sys.stderr)
            return 2
    command = "bash scripts/bench.sh " + " ".join(argv)
    results: list[StepResult] = []
    with tempfile.TemporaryDirectory(prefix="bench-trees-") as trees_dir:
        trees: list[tuple[Optional[Path], str]] = [(None, "this")]
        for k, spec in enumerate(filter(None, (args.compare or "").split(","))):
            trees.append(other_tree(spec, Path(trees_dir) / f"tree{k}"))
        modes = (False, True) if args.both_checkpoints else (args.skip_checkpoints,)
        variants = [(tree, label, skip, form) for tree, label in trees for skip in modes for form in args.forms
                    if form == "dynamic" or has_native(tree, label)]
        for run in range(1, args.repeat + 1):
            shift = (run - 1) % len(variants)
            for tree, label, skip, form in variants[shift:] + variants[:shift]:
                for name, counts in stacks_for(args.n, args.stacks.split(",")):
                    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
                        results += run_stack(name, counts, args, Path(tmp), tree, label, run, skip, form)
    table = markdown(results, args, command.strip())
    print(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    if args.json:
        raw: list[dict[str, Any]] = [{**r.__dict__, "calls": dict(r.calls)} for r in results]
        args.json.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
