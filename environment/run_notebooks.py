"""Executes halo-java notebooks headless and writes executed copies.

Usage: run-notebooks [--scale smoke|default|paper] [--out DIR | --in-place] [--timeout S] [NB ...]

With no notebooks given, runs every notebooks/*.ipynb in name order. The scale reaches the notebooks
as the environment variable HALO_SCALE (the kernel inherits it). On the first failing cell it prints
the notebook, the cell number and the error, still writes the partly executed copy, and exits 1.

Outputs are written as a reader sees them: consecutive stream outputs are merged and a progress bar
redrawn with carriage returns keeps only its last state. A notebook over MAX_BYTES fails the run,
naming its largest outputs. Smoke runs never write into the committed notebooks (--in-place is
refused) and their executed copies go to build/notebooks-smoke/ by default.
"""
import argparse
import atexit
import json
import os
import re
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = pathlib.Path(__file__).resolve().parent.parent


def first_error(nb):
    """Returns (cell number, code cell number, ename, evalue, traceback) of the first error output."""
    code_no = 0
    for no, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        code_no += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return no, code_no, out.get("ename", ""), out.get("evalue", ""), out.get("traceback", [])
    return None


# rapaio-jupyter-kernel 3.0.1 sometimes never answers its first kernel_info request (a start-up race
# in the kernel; seen about one start in four on a busy 2-core machine). A healthy start answers in a
# second or two (seen here: within 1 s of binding its sockets, both cores busy), so a stuck start is abandoned after
# STARTUP_TIMEOUT and a fresh kernel is started. A start can also end with the kernel's JVM exiting
# before it answers ("Kernel died before replying to kernel_info": seen once in CI on a machine busy with
# two training jobs); that is retried the same way, and the kernel's log says why it exited.
STARTUP_TIMEOUT = 20
STARTUP_ATTEMPTS = 5
STARTUP_FAILURES = ("didn't respond", "died before replying")

# the largest notebook a reader should have to download (GitHub renders up to a few MB; 1 MB loads quickly)
MAX_BYTES = 1_000_000


def overwrite_carriage_returns(text):
    """What a terminal shows for text with carriage returns: each line keeps what follows its last \\r."""
    lines = text.split("\n")
    return "\n".join(re.sub(r"^.*\r(?=[^\r]*$)", "", line) if "\r" in line else line for line in lines)


def tidy_streams(nb):
    """Merges consecutive stream outputs of one name and resolves carriage returns (one line per bar)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.get("outputs", []):
            if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == out.get("name")):
                merged[-1]["text"] = merged[-1]["text"] + out["text"]
            else:
                merged.append(out)
        for out in merged:
            if out.get("output_type") == "stream":
                out["text"] = overwrite_carriage_returns(out["text"])
        cell["outputs"] = merged


def largest_outputs(nb, n=3):
    sizes = []
    for no, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            sizes.append((len(json.dumps(out)), no, out.get("output_type")))
    return sorted(sizes, reverse=True)[:n]


def execute(nb, path, timeout, kernel, log_path):
    for attempt in range(1, STARTUP_ATTEMPTS + 1):
        client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, startup_timeout=STARTUP_TIMEOUT,
                                resources={"metadata": {"path": str(path.parent)}})
        with open(log_path, "a") as log:  # the kernel's own chatter goes here, not to the terminal
            try:
                client.execute(stdout=log, stderr=log)
                return
            except RuntimeError as e:
                if not any(m in str(e) for m in STARTUP_FAILURES) or attempt == STARTUP_ATTEMPTS:
                    raise
                # the failed client already cleaned up; its exit hook would assert on the gone kernel manager
                atexit.unregister(client._cleanup_kernel)
                print(f"        kernel did not start (attempt {attempt}); starting a new one", file=sys.stderr)


def run(path, out_path, scale, timeout, kernel):
    nb = nbformat.read(path, as_version=4)
    os.environ["HALO_SCALE"] = scale
    # this checkout's kernel spec (written by environment/setup) before any user-wide one
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(ROOT / "build" / "jupyter")] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    started = time.time()
    failure = None
    log_path = ROOT / "build" / "logs" / (path.stem + ".kernel.log")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text("")
    try:
        execute(nb, path, timeout, kernel, log_path)
    except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError) as e:
        failure = e
    finally:
        tidy_streams(nb)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = out_path.with_suffix(".ipynb.tmp")
        nbformat.write(nb, tmp)
        tmp.replace(out_path)
    seconds = time.time() - started
    size = out_path.stat().st_size
    if failure is None and size > MAX_BYTES:
        print(f"FAILED  {path.name}: the executed notebook is {size:,} bytes, over the {MAX_BYTES:,} byte budget;"
              " largest outputs: " + ", ".join(f"cell {no} {kind} {b:,} bytes" for b, no, kind in largest_outputs(nb)),
              file=sys.stderr)
        return False
    if failure is None:
        print(f"ok      {path.name}  ({seconds:.0f} s, scale {scale}) -> {out_path}", flush=True)
        return True
    err = first_error(nb)
    if err:
        no, code_no, ename, evalue, tb = err
        src = nb.cells[no - 1].source.strip().splitlines()
        print(f"FAILED  {path.name}: cell {no} (code cell {code_no}) raised {ename}: {evalue}", file=sys.stderr)
        print(f"        cell {no} begins: {src[0] if src else ''}", file=sys.stderr)
        for line in tb:
            print("        " + line, file=sys.stderr)
    else:
        print(f"FAILED  {path.name}: {type(failure).__name__}: {failure}", file=sys.stderr)
    print(f"        partly executed copy: {out_path}", file=sys.stderr)
    print(f"        kernel log: {log_path}", file=sys.stderr)
    return False


def main(argv):
    p = argparse.ArgumentParser(prog="run-notebooks", description=__doc__.splitlines()[0])
    p.add_argument("notebooks", nargs="*", type=pathlib.Path)
    p.add_argument("--scale", default=os.environ.get("HALO_SCALE", "default"),
                   choices=["smoke", "default", "paper"])
    p.add_argument("--out", type=pathlib.Path, default=None,
                   help="folder for the executed copies (default results/notebooks, build/notebooks-smoke at smoke scale)")
    p.add_argument("--in-place", action="store_true", help="write outputs into the notebooks themselves")
    p.add_argument("--timeout", type=int, default=14400, help="seconds allowed per cell (default 4 h: a default-scale cell trains or generates for up to an hour on a slow 2-core machine)")
    p.add_argument("--kernel", default="java")
    a = p.parse_args(argv)
    if a.in_place and a.scale == "smoke":
        print("run-notebooks: --in-place at the smoke scale would put smoke numbers into the committed notebooks;"
              " use --out DIR (default build/notebooks-smoke)", file=sys.stderr)
        return 2
    if a.out is None:
        a.out = ROOT / "build" / "notebooks-smoke" if a.scale == "smoke" else ROOT / "results" / "notebooks"
    notebooks = a.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    if not notebooks:
        print("run-notebooks: no notebooks found", file=sys.stderr)
        return 1
    for nb in notebooks:
        if not nb.is_file():
            print(f"run-notebooks: no such notebook: {nb}", file=sys.stderr)
            return 1
        out = nb if a.in_place else a.out / nb.name
        if not run(nb.resolve(), out, a.scale, a.timeout, a.kernel):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
