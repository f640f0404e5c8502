#!/usr/bin/env python
"""Check that the stored notebook outputs reproduce in several numeric environments.

A stored figure must not depend on the last bits of a floating-point sum, which change with the
CPU's SIMD width and the BLAS kernel. This script re-runs the notebook suite under nbval in a matrix
of environments this CPU can emulate and reports which cells differ where:

    numpy SIMD dispatch   native, or with the AVX2/FMA (X86_V3) paths disabled (NPY_DISABLE_CPU_FEATURES)
  x OpenBLAS kernel       OPENBLAS_CORETYPE = Prescott, Nehalem, Sandybridge, Haswell, Zen, SkylakeX
                          (kernels the CPU cannot run, and names that select a kernel already in the
                          list, are skipped with the reason)
  x BLAS threads          OPENBLAS_NUM_THREADS = 1, 2

Every environment is probed first in a subprocess: the script checks with numpy's runtime information
that the dispatch setting took effect and with threadpoolctl which OpenBLAS kernel actually runs.
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are set or removed explicitly for each environment, so nothing
leaks in from the caller's shell.

    python scripts/check_portability.py --quick                 # 3 environments, every notebook
    python scripts/check_portability.py --notebooks notebooks/course1/05_*.ipynb --quick
    python scripts/check_portability.py --jobs 2                # the full matrix, two environments at a time
    python scripts/check_portability.py --env noavx2-sandybridge-1t --workers 2   # one environment (CI)
    python scripts/check_portability.py --list                  # the environments and their probes

Exit status: 0 when every cell reproduces in every environment run, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# numpy 2.4 names its x86 feature groups X86_V2 (baseline), X86_V3 (AVX2, FMA3, ...) and X86_V4
# (AVX-512). Disabling X86_V3 leaves only the SSE4.2 baseline paths.
DISPATCH = {"native": None, "noavx2": "X86_V3"}
CORETYPES = ["Prescott", "Nehalem", "Sandybridge", "Haswell", "Zen", "SkylakeX"]
THREADS = [1, 2]
QUICK = ["native-default-2t", "noavx2-sandybridge-1t", "native-prescott-1t"]

PROBE = r"""
import json, numpy as np, threadpoolctl
from numpy._core._multiarray_umath import __cpu_features__ as features
a = np.random.default_rng(0).standard_normal((256, 256))
(a @ a).sum()                                   # make sure the selected kernel can actually run
blas = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
print(json.dumps({"x86_v3": bool(features.get("X86_V3")), "avx2": bool(features.get("AVX2")),
                  "blas": [(i.get("internal_api"), i.get("architecture"), i.get("num_threads")) for i in blas]}))
"""


@dataclass
class Env:
    name: str
    dispatch: str
    coretype: str | None
    threads: int
    probe: dict = field(default_factory=dict)
    skip: str = ""

    def environ(self) -> dict:
        env = dict(os.environ)
        for key in ("NPY_DISABLE_CPU_FEATURES", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                    "OMP_NUM_THREADS", "OPENBLAS_VERBOSE"):
            env.pop(key, None)
        if DISPATCH[self.dispatch]:
            env["NPY_DISABLE_CPU_FEATURES"] = DISPATCH[self.dispatch]
        if self.coretype:
            env["OPENBLAS_CORETYPE"] = self.coretype
        env["OPENBLAS_NUM_THREADS"] = str(self.threads)
        env["OMP_NUM_THREADS"] = str(self.threads)
        env["PYTHONHASHSEED"] = "0"
        src = str(ROOT / "src")
        env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        return env

    @property
    def kernel(self) -> str:
        blas = self.probe.get("blas") or []
        return blas[0][1] if blas else "?"

    def describe(self) -> str:
        if not self.probe:
            return ""
        simd = "AVX2 paths on" if self.probe["x86_v3"] else "AVX2 paths off"
        blas = ", ".join(f"{api} {arch} x{n}" for api, arch, n in self.probe["blas"])
        return f"numpy {simd}; {blas}"


def all_envs() -> list[Env]:
    envs = []
    for dispatch in DISPATCH:
        for core in [None] + CORETYPES:
            for t in THREADS:
                envs.append(Env(f"{dispatch}-{(core or 'default').lower()}-{t}t", dispatch, core, t))
    return envs


def probe(env: Env) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], env=env.environ(), capture_output=True, text=True,
                          timeout=300)
    if proc.returncode != 0:
        sig = -proc.returncode if proc.returncode < 0 else None
        why = "illegal instruction: this CPU lacks the kernel's instructions" if sig == 4 else \
            f"exit status {proc.returncode}: {proc.stderr.strip().splitlines()[-1:] or ''}"
        env.skip = f"probe crashed ({why})"
        return
    env.probe = json.loads(proc.stdout.strip().splitlines()[-1])
    if env.probe["x86_v3"] != (DISPATCH[env.dispatch] is None):
        env.skip = f"NPY_DISABLE_CPU_FEATURES={DISPATCH[env.dispatch]} did not take effect"
    elif not env.probe["blas"]:
        env.skip = "threadpoolctl found no BLAS library"
    elif env.probe["blas"][0][2] != env.threads:
        env.skip = f"BLAS runs {env.probe['blas'][0][2]} threads, not {env.threads}"


def select(envs: list[Env]) -> None:
    """Skip environments that would repeat another one (a core type that maps to a kernel already run)."""
    seen: dict[tuple, str] = {}
    for env in envs:
        if env.skip:
            continue
        key = (env.probe["x86_v3"], env.kernel, env.threads)
        if env.coretype is None:  # the default kernel is always run; forced duplicates are skipped
            seen.setdefault(key, env.name)
    for env in envs:
        if env.skip or env.coretype is None:
            continue
        key = (env.probe["x86_v3"], env.kernel, env.threads)
        if key in seen:
            env.skip = f"selects the {env.kernel} kernel, same as {seen[key]}"
        else:
            seen[key] = env.name


def run_env(env: Env, notebooks: list[str], workers: int) -> dict:
    """Run nbval in ``env``; return {notebook: [failing cell names]} (every notebook present)."""
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "junit.xml"
        cmd = [sys.executable, "-m", "pytest", *notebooks, "-q", "-p", "no:cacheprovider", f"--junitxml={xml}"]
        # a notebook's cells share one kernel, in order; -n 0 (no workers) overrides the -n of addopts
        cmd += ["-n", str(workers), "--dist", "loadscope"] if workers > 1 else ["-n", "0"]
        proc = subprocess.run(cmd, cwd=ROOT, env=env.environ(), capture_output=True, text=True)
        result = {nb: [] for nb in notebooks}
        if not xml.exists():
            return {nb: [f"pytest error {proc.returncode}"] for nb in notebooks}
        for case in ET.parse(xml).getroot().iter("testcase"):
            if case.find("failure") is None and case.find("error") is None:
                continue
            nb = next((n for n in notebooks if Path(n).stem in (case.get("classname", "") + case.get("file", ""))),
                      None)
            name = case.get("name", "?").replace("Cell ", "C")
            bad = case.find("failure") if case.find("failure") is not None else case.find("error")
            detail = (bad.get("message") or "") + (bad.text or "")
            if "KeyboardInterrupt" in detail or "Timeout" in detail or "timed out" in detail:
                name += "(timeout)"  # the cell ran over nbval's cell timeout: load, not a numeric difference
            result.setdefault(nb or case.get("classname", "?"), []).append(name)
        if proc.returncode not in (0, 1):
            result.setdefault("(pytest)", []).append(f"exit {proc.returncode}")
        return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notebooks", nargs="+", help="notebooks to check (default: every notebooks/**/*.ipynb)")
    parser.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK)}")
    parser.add_argument("--env", action="append", default=[], help="run only this environment (repeatable)")
    parser.add_argument("--jobs", type=int, default=1, help="environments run at the same time")
    parser.add_argument("--workers", type=int, default=1, help="pytest-xdist workers inside each environment")
    parser.add_argument("--list", action="store_true", help="probe and list the environments, run nothing")
    args = parser.parse_args(argv)

    notebooks = args.notebooks or sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").rglob("*.ipynb")
                                         if ".ipynb_checkpoints" not in p.parts)
    notebooks = [str(Path(n).resolve().relative_to(ROOT)) if Path(n).exists() else n for n in notebooks]
    envs = all_envs()
    known = {e.name for e in envs}
    wanted = args.env or (QUICK if args.quick else [])
    for name in wanted:
        if name not in known:
            parser.error(f"unknown environment {name!r}; choose from: {', '.join(sorted(known))}")
    # probe the wanted environments, and the default-kernel ones that duplicates are judged against
    probed = [e for e in envs if not wanted or e.name in wanted or e.coretype is None]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(probe, probed))
    envs = probed
    select(envs)
    if wanted:
        envs = [e for e in envs if e.name in wanted]
    for env in envs:
        print(f"{env.name:<24} {'SKIP ' + env.skip if env.skip else env.describe()}")
    runnable = [e for e in envs if not e.skip]
    if args.list:
        return 0
    if not runnable:
        print("no environment to run", file=sys.stderr)
        return 1
    print(f"\nrunning {len(notebooks)} notebook(s) in {len(runnable)} environment(s) ...", flush=True)

    def job(env):
        # BLAS threads x pytest workers x parallel environments beyond the cores make OpenBLAS threads spin
        # against each other (2 workers x 2 threads on 2 cores: over ten times slower), so fewer workers
        workers = max(1, min(args.workers, (os.cpu_count() or 1) // (env.threads * max(1, args.jobs))))
        res = run_env(env, notebooks, workers)
        bad = sum(len(v) for v in res.values())
        where = "; ".join(f"{Path(nb).stem}: {','.join(c)}" for nb, c in res.items() if c)
        print(f"  {env.name}: {'all cells reproduce' if not bad else f'{bad} cell(s) differ ({where})'}", flush=True)
        return res

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = dict(zip([e.name for e in runnable], pool.map(job, runnable)))

    cols = sorted({nb for r in results.values() for nb in r}, key=lambda n: (n not in notebooks, n))
    short = {nb: Path(nb).stem.split("_")[0] if Path(nb).stem[:2].isdigit() else Path(nb).stem for nb in cols}
    parents = {Path(nb).parent.name for nb in cols}
    if len(parents) > 1:
        short = {nb: f"{Path(nb).parent.name[-1]}.{s}" for nb, s in short.items()}
    width = max(len(s) for s in short.values())
    print("\nfailing cells (nbval numbering) per environment and notebook:")
    print(" ".join(f"{s}={nb}" for nb, s in short.items() if s != nb))
    cell_w = max([width, 2] + [len(",".join(r.get(nb, []))) for r in results.values() for nb in cols])
    print(f"{'environment':<24} {'kernel':<12}" + "".join(f" {short[nb]:<{cell_w}}" for nb in cols))
    failed = False
    for env in runnable:
        row = results[env.name]
        cells = [",".join(row.get(nb, [])) or "ok" for nb in cols]
        failed |= any(c != "ok" for c in cells)
        print(f"{env.name:<24} {env.kernel:<12}" + "".join(f" {c:<{cell_w}}" for c in cells))
    print("\nRESULT:", "cells differ between environments" if failed else "every cell reproduces in every environment")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
