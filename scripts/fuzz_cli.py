#!/usr/bin/env python3
"""Fuzz the fairhac binary: random mutations of valid CSV files, distance matrices and argument
lists, seeded, for a fixed time budget.

A run fails when the binary
  - dies on a signal or exits with a code >= 128 (a trap, an abort, a crash),
  - prints a Swift runtime error ("Fatal error", "Program crashed"),
  - hangs (runs past --timeout seconds),
  - lets Foundation's wording reach the user ("NSCocoaErrorDomain", "The operation could not be
    completed"), or prints an error message that spans several lines or holds raw control bytes,
  - or succeeds (cluster, exit 0) without a complete result set: every file, strict JSON (no NaN),
    n - 1 finite merges in linkage.csv, no staging folder left behind.
Anything else (exit 0, exit 1 with an error line, exit 64 with a usage message) is a pass.

Before the random cases, a fixed list of scenarios runs (issue 21, "nothing lost, nothing trapped"):
  - file safety: --out folders holding the user's files with output names (labels.csv,
    summary.json, report.md, grid.csv), folders named like outputs (out/summary.json/important.txt),
    the input inside --out, `--out .` / `--out $PWD` / `--out x/..` from inside a folder, a results
    folder with a file the user added, the input copied into a results folder, a file the user
    writes into a results folder while a run into it is under way. Every file that
    FairHAC did not write is snapshotted beforehand (name, size, sha256); the scenario fails if
    any is deleted or changed, whatever the exit code;
  - thread and memory-limit extremes (--threads 1000000000, 9223372036854775807, 0, -1, 1e8;
    --memory-limit 4E, 5E, 1e3G, 0) on cluster, --fair, single linkage, --auto and tune: a clean
    exit (0, or 1/64 with an error), never a signal or a hang; 4E is accepted (the limit is 4 EiB);
  - colliding group labels: intersectional values a×b, c against a, b×c (both "a×b×c") and a
    separate-mode attribute named s=x beside an attribute s with the value x=y: a clean exit, and
    on success summary.json without repeated keys.
  - trees and staging (issue 27): MakeFair at its parameters' bounds (fairhc at eps = 1/6 must
    end; --makefair-k 2^62 and --makefair-eps 1e-300 must not trap; reproduce -k 2^62), given
    --tree files that are folders, 3-d, hexadecimal, negative, short or combined with --sample
    (one clear error line naming the file), the input tree inside --out (never replaced),
    staging look-alikes without the tool's proof (kept, also around a refused folder), SIGINT
    and SIGTERM mid-run (exit 130 / 143, staging removed, earlier results intact), and data with
    few distinct points (said as such). The random cases also draw --method makefair, its
    options and --tree with random, mutated Z files (text or .npy).
Every child runs under an address-space limit (--address-space-limit, default 8G), so that a
runaway allocation fails fast instead of taking the machine.

CI runs a short, fixed budget:      python3 scripts/fuzz_cli.py --binary .build/release/fairhac --seconds 60
A developer runs it longer:         python3 scripts/fuzz_cli.py --seconds 1800 --seed 7 --keep fuzz-failures/
Each failure is printed with its seed-derived case number and, with --keep, saved (input files
and a `command` file) so that it can be replayed; `--case N` replays case N of a seed.
Scenarios only:                     python3 scripts/fuzz_cli.py --scenarios-only   (--no-scenarios: skip them)
"""
import argparse
import hashlib
import json
import math
import os
import random
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

HOSTILE_CELLS = [
    "", " ", "?", "NA", "NaN", "nan", "inf", "-inf", "Infinity", "1e308", "-1e308", "1.7976931348623157e308",
    "1e309", "1e155", "-1e160", "1e-320", "4.9e-324", "-0", "+5", "0x1p3", "0x10", "1_000", "1,5", "1.5.3",
    "１２", "٣", "1e", "e5", ".", "-", "--k", '"', '""', '"a,b"', '"multi\nline"', "\t", "\x00", "\x1b[31m",
    "\u202e", "\ufeff", "ü", "😀", "A" * 300, "9" * 400, "0." + "0" * 330 + "1", "1e+99999",
]
HOSTILE_NUMBERS = [
    "0", "-1", "1", "2", "3", "-0", "1e3", "1e9", "999999999999", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "1e308", "inf", "-inf", "nan", "0x10", "abc", "", " ", "1.5", "-1e-9", "1e-320",
]
HOSTILE_SIZES = ["512M", "8G", "1", "0", "-1", "inf", "nan", "1e30", "99999999999T", "1.5GiB", "1K", "T", "", "9" * 30,
                 "4E", "5E", "4EiB", "1P", "1e3G", "5000000T"]
MAKEFAIR_EPS = ["0.01", "0.0625", "0.16666666666666666", "0.1666666666666667", "1e-300", "4e-20", "5.4e-20", "0.124"]
HOSTILE_THREADS = ["1000000000", "9223372036854775807", "9223372036854775808", "1e8", "2147483648", "4294967297"]
LINKAGES = ["single", "complete", "average", "weighted", "ward", "centroid", "median"]
METRICS = ["euclidean", "sqeuclidean", "cityblock", "chebyshev", "cosine"]
FLAG_WORDS = ["-k", "--linkage", "--metric", "--fair", "--out", "--", "-", "--help", "-h", "--version", "--bogus"]


def base_table(rng):
    n = rng.randint(2, 40)
    d = rng.randint(1, 4)
    scale = rng.choice([1.0, 1.0, 1.0, 1e-3, 1e6, 1e100, 1e150, 1e200, 1e305])
    header = [f"x{j}" for j in range(d)] + ["grp", "name"]
    rows = []
    groups = rng.choice([["M", "F"], ["a", "b", "c"], ["only"], ["1", "2", "3", "4"]])
    for i in range(n):
        row = [repr(rng.gauss(0, 1) * scale) for _ in range(d)]
        row += [rng.choice(groups), f"row{i}"]
        rows.append(row)
    return header, rows


def render(header, rows, sep=","):
    return "\n".join(sep.join(r) for r in [header] + rows) + "\n"


def mutate_table(rng, header, rows, sep):
    header, rows = list(header), [list(r) for r in rows]
    for _ in range(rng.randint(0, 4)):
        kind = rng.randrange(9)
        if kind < 3 and rows:
            r = rng.randrange(len(rows))
            c = rng.randrange(len(rows[r]))
            rows[r][c] = rng.choice(HOSTILE_CELLS)
        elif kind == 3 and rows:
            del rows[rng.randrange(len(rows))]
        elif kind == 4 and rows:
            rows.insert(rng.randrange(len(rows) + 1), list(rng.choice(rows)))
        elif kind == 5:
            c = rng.randrange(len(header))
            header[c] = rng.choice(["", header[0], "x 0", '"q"', "grp", "\u00e9", "a,b"])
        elif kind == 6 and rows:
            r = rng.randrange(len(rows))
            if rng.random() < 0.5 and len(rows[r]) > 1:
                rows[r].pop()
            else:
                rows[r].append("extra")
        elif kind == 7:
            rows = rows[: rng.randrange(len(rows) + 1)]
        else:
            for row in rows:
                for c in range(len(row) - 2):
                    row[c] = rng.choice([row[c], "1e308", "-1e308", "0", "1e-320"])
    text = render(header, rows, sep)
    data = text.encode("utf-8", "surrogatepass")
    for _ in range(rng.choice([0, 0, 0, 1, 2, 5])):
        kind = rng.randrange(6)
        if kind == 0 and data:
            i = rng.randrange(len(data))
            data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :]
        elif kind == 1 and data:
            data = data[: rng.randrange(len(data))]
        elif kind == 2:
            i = rng.randrange(len(data) + 1)
            data = data[:i] + rng.choice([b'"', b"\n", b"\r", b"\r\n", b",", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf"]) + data[i:]
        elif kind == 3:
            data = data.replace(b"\n", b"\r\n")
        elif kind == 4:
            data = b"\xef\xbb\xbf" + data
        else:
            data = text.encode("utf-16") if rng.random() < 0.5 else text.encode("utf-16-le")
    return header, data


def distance_matrix(rng):
    n = rng.randint(2, 25)
    scale = rng.choice([1.0, 1.0, 1e100, 1e150, 1e200, 1e308, 1e-300])
    pts = [[rng.gauss(0, 1) for _ in range(2)] for _ in range(n)]
    rows = []
    for i in range(n):
        rows.append([repr(scale * sum((a - b) ** 2 for a, b in zip(pts[i], pts[j])) ** 0.5) for j in range(n)])
    for _ in range(rng.choice([0, 0, 1, 3])):
        i, j = rng.randrange(n), rng.randrange(n)
        rows[i][j] = rng.choice(HOSTILE_CELLS + ["1e308", "0"])
    text = "\n".join(",".join(r) for r in rows) + "\n"
    groups = "\n".join(rng.choice(["a", "b"]) for _ in range(n + rng.choice([0, 0, 0, 1, -1]))) + "\n"
    return text.encode("utf-8", "surrogatepass"), groups.encode()


def pick(rng, values, hostile=()):
    """One of `values` (sensible ones, and some odd ones in the list), or one of `hostile` one time in five."""
    if hostile and rng.random() < 0.2:
        return rng.choice(list(hostile))
    return rng.choice(values)


def arguments(rng, command, input_path, header, out, distances):
    args = [command]
    if command == "cluster":
        args.append(input_path)
    elif command == "tune":
        args.append(input_path)
    else:
        return ["reproduce", "--quick", "--n", pick(rng, ["20", "30", "2", "1", "-3", "1e9"]),
                "--seeds", pick(rng, ["1", "2", "0", "-1"]), "--out", out, "--quiet"]
    if distances:
        args += ["--input-kind", "distances"]
        if rng.random() < 0.8:
            args += ["--group-file", os.path.join(os.path.dirname(input_path), "groups.txt")]
    if rng.random() < 0.95:
        args += ["-k", pick(rng, ["2", "2", "3", "4", "2", "3"], HOSTILE_NUMBERS)]
    names = header or ["x0"]
    options = [
        lambda: ["--linkage", pick(rng, LINKAGES + ["bogus", ""])],
        lambda: ["--metric", pick(rng, METRICS + ["hamming"])],
        lambda: ["--fair"],
        lambda: ["--rule", pick(rng, ["gain", "window", "paper", "x"])],
        lambda: ["-b", pick(rng, ["0", "0.5", "1", "2"], HOSTILE_NUMBERS)],
        lambda: ["-d", pick(rng, ["0", "0.5", "1", "2"], HOSTILE_NUMBERS)],
        lambda: ["--schedule", pick(rng, ["exp", "power", "linear", "x"])],
        lambda: ["--ideal", pick(rng, ["data", "uniform", "0.5,0.5", "0.6,0.4", "1,0", "0.2,0.3,0.5", "-1,2", "nan,nan", ""])],
        lambda: ["--method", pick(rng, ["hac", "fhac", "afhac-v", "afhac-r", "x"])],
        lambda: ["--alpha", pick(rng, ["1", "1.5", "2"], HOSTILE_NUMBERS)],
        lambda: ["--ratio", pick(rng, ["1:2", "1:1", "0:1", "a:b", "9999999999:1", "1:"])],
        lambda: ["--eps", pick(rng, ["0.1"], HOSTILE_NUMBERS)],
        lambda: ["--memory-limit", pick(rng, ["512M", "8G", "1G"], HOSTILE_SIZES)],
        lambda: ["--threads", pick(rng, ["1", "2", "0", "-1", "100000"], HOSTILE_THREADS)],
        lambda: ["--sample", pick(rng, ["2", "5", "10"], HOSTILE_NUMBERS)],
        lambda: ["--seed", pick(rng, ["0", "1", "18446744073709551615", "18446744073709551616", "-1"])],
        lambda: ["--scale", pick(rng, ["zscore", "none", "minmax"])],
        lambda: ["--features", ",".join(rng.sample(names, rng.randint(1, len(names))) + rng.choice([[], [names[0]], ["nope"], [""]]))],
        lambda: ["--group", pick(rng, names + ["nope", ""])],
        lambda: ["--group-bins", pick(rng, ["<=0,>0", "<0,>=0", "a..b", "x", "<=1,2,3,>=4", "low=<0,high=>=0", ""])],
        lambda: ["--drop-missing"],
        lambda: ["--delimiter", pick(rng, [",", ";", "\\t", "ab", "", '"'])],
        lambda: ["--report"],
        lambda: ["--report-leaves", pick(rng, ["2", "60"], HOSTILE_NUMBERS)],
        lambda: ["--no-quality"],
        lambda: ["--dataset", pick(rng, ["census", "bogus"])],
        lambda: [pick(rng, FLAG_WORDS)],
        # Issue 27: the post-processing, its parameters at and past their bounds, and given trees.
        lambda: ["--method", "makefair"],
        lambda: ["--makefair-variant", pick(rng, ["makefair", "fairhc", "x"])],
        lambda: ["--makefair-h", pick(rng, ["2", "3", "8", "12", "64", "4096", "4097"], HOSTILE_NUMBERS)],
        lambda: ["--makefair-k", pick(rng, ["2", "3", "4", "4611686018427387904"], HOSTILE_NUMBERS)],
        lambda: ["--makefair-eps", pick(rng, MAKEFAIR_EPS, HOSTILE_NUMBERS)],
        lambda: ["--level-tolerance", pick(rng, ["0.1", "1", "0.5"], HOSTILE_NUMBERS)],
        lambda: ["--method", "makefair", "--tree", os.path.join(os.path.dirname(input_path), rng.choice(["z.csv", "z.npy"]))],
        lambda: ["--form", pick(rng, ["auto", "exact", "summarised"])],
        lambda: ["--micro-clusters", pick(rng, ["2", "3", "10", "1180591620717411303424"], HOSTILE_NUMBERS)],
    ]
    if command == "tune":
        options += [
            lambda: ["--objective", pick(rng, ["balance", "mfc", "x"])],
            lambda: ["--grid-b", pick(rng, ["0,1", "0", "2,4"], ["1e308", "inf", "-1", "nan", "", "1e-320"])],
            lambda: ["--grid-d", pick(rng, ["0,1", "0", "0.5"], ["1e308", "inf", "-1", "nan", "", "1e-320"])],
        ]
    if not distances and header and "grp" in header and rng.random() < 0.7:
        args += ["--group", "grp"]
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 5])):
        args += rng.choice(options)()
    # Mostly coherent combinations, so that most runs get past validation and into the work.
    if set(args) & {"-b", "-d", "--ideal", "--rule", "--schedule"} and "--method" not in args and rng.random() < 0.85:
        args.append("--fair")
    if set(args) & {"--alpha", "--ratio", "--eps"} and "--method" not in args and "--fair" not in args and rng.random() < 0.85:
        args += ["--method", "afhac-v"]
    if "--dataset" in args and rng.random() < 0.9:
        at = args.index("--dataset")
        del args[at : at + 2]
    if rng.random() < 0.05:
        args.insert(rng.randrange(1, len(args) + 1), rng.choice(["-1", "--", "-k", "=", "--out="]))
    args += ["--out", out, "--quiet"]
    return args


def strict_json(path):
    """A JSON file read strictly: no NaN or Infinity, no key twice in an object (two groups named alike)."""
    def strict(value):
        raise ValueError(f"non-finite number {value} in JSON")

    def unique(pairs):
        keys = [k for k, _ in pairs]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"key {repeated[0]!r} appears twice in an object of {os.path.basename(path)}")
        return dict(pairs)

    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_constant=strict, object_pairs_hook=unique)


def check_outputs(args, out):
    """After a successful cluster run: a complete, readable result set (strict JSON, finite Z)."""
    if args[0] != "cluster" or "--help" in args or "-h" in args or "--version" in args:
        return None
    if not os.path.isdir(out):
        return "exit 0 but no --out folder"
    for name in ["linkage.csv", "labels.csv", "summary.json", "tree.nwk", "tree.json", "timings.json"]:
        if not os.path.isfile(os.path.join(out, name)):
            return f"exit 0 but {name} is missing"
    try:
        summary = strict_json(os.path.join(out, "summary.json"))
        strict_json(os.path.join(out, "tree.json"))
    except ValueError as e:
        return f"invalid JSON output: {e}"
    with open(os.path.join(out, "linkage.csv")) as f:
        rows = [line.split(",") for line in f.read().splitlines() if line and not line.startswith("a,")]
    n = summary.get("n", 0)
    if len(rows) != n - 1:
        return f"linkage.csv has {len(rows)} merges for n = {n}"
    for row in rows:
        if len(row) != 4 or not all(math.isfinite(float(v)) for v in row):
            return f"linkage.csv row {row} is not four finite numbers"
    if any(name.startswith(".") and "partial" in name for name in os.listdir(os.path.dirname(out))):
        return "a staging folder was left beside --out"
    return None


def check(result, elapsed, timeout):
    if result is None:
        return f"hang (over {timeout} s)"
    code = result.returncode
    text = result.stderr.decode("utf-8", "replace") + result.stdout.decode("utf-8", "replace")
    if code < 0:
        return f"killed by signal {-code}"
    if code >= 128:
        return f"exit code {code}"
    for needle in ["Fatal error", "Program crashed", "NSCocoaErrorDomain", "could not be completed"]:
        if needle in text:
            return f"output contains {needle!r}"
    if code == 1:
        err = result.stderr.decode("utf-8", "replace")
        lines = [l for l in err.splitlines() if l.strip()]
        errors = [l for l in lines if l.startswith("error:")]
        if len(errors) != 1 or len(lines) != 1:
            return "an error that is not exactly one line"
        if any(ord(ch) < 0x20 and ch not in "\n" for ch in err.replace("\x1b[2K\r", "")):
            return "raw control characters in the error"
    return None


class Limits:
    """What every child runs under: an address-space limit (RLIMIT_AS), so that a runaway
    allocation (a thread count taken at its word) fails fast instead of taking the machine."""

    address_space = 8 * 2**30

    def apply(self):
        if self.address_space:
            resource.setrlimit(resource.RLIMIT_AS, (self.address_space, self.address_space))


LIMITS = Limits()


def one_case(binary, seed, case, work, timeout):
    rng = random.Random(seed * 1_000_003 + case)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    distances = rng.random() < 0.15
    header = None
    if distances:
        data, groups = distance_matrix(rng)
        with open(os.path.join(work, "groups.txt"), "wb") as f:
            f.write(groups)
    name = rng.choice(["data.csv", "data.csv", "data.tsv", "data.txt"])
    if not distances:
        header, rows = base_table(rng)
        sep = "\t" if name.endswith(".tsv") and rng.random() < 0.9 else rng.choice([",", ",", ",", ";", "\t"])
        header, data = mutate_table(rng, header, rows, sep)
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(data)
    out = os.path.join(work, "out")
    special = rng.random()
    if special < 0.05:
        with open(out, "w") as f:
            f.write("in the way\n")
    elif special < 0.08:
        out = os.path.join(work, "data.csv", "out")
    elif special < 0.10:
        out = "/proc/fairhac-cannot-write"
    elif special < 0.12:
        path = work  # a directory as the input
    command = rng.choices(["cluster", "tune", "reproduce"], weights=[90, 9, 1])[0]
    args = arguments(rng, command, path, header, out, distances)
    if "--tree" in args:
        tree = args[args.index("--tree") + 1]
        rows_here = len(rows) if not distances else data.count(b"\n")
        write(tree, random_tree(rng, max(2, rows_here + rng.choice([0, 0, 0, 0, -1, 1])), npy=tree.endswith(".npy")))
    started = time.monotonic()
    try:
        result = subprocess.run([binary] + args, capture_output=True, timeout=timeout, cwd=work, preexec_fn=LIMITS.apply)
    except subprocess.TimeoutExpired:
        result = None
    problem = check(result, time.monotonic() - started, timeout)
    if problem is None and result is not None and result.returncode == 0 and out == os.path.join(work, "out"):
        problem = check_outputs(args, out)
    return args, problem, result



# -- scenarios (issue 21): the user's files, extreme settings, colliding labels ------------------


def small_table(path, n=30, groups=None, columns=("grp",), seed=0):
    """A small, valid CSV: x0, x1 and group columns (default one column grp of a/b)."""
    rng = random.Random(seed)
    groups = groups or {"grp": [("a", "b")[i % 2] for i in range(n)]}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(["x0", "x1"] + list(groups)) + "\n")
        for i in range(n):
            shift = 4.0 if i < n // 2 else 0.0
            cells = [repr(rng.gauss(0, 1) + shift), repr(rng.gauss(0, 1))] + [str(g[i]) for g in groups.values()]
            f.write(",".join(cells) + "\n")


def write(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode())


def snapshot(root, skip=()):
    """Every file under root (hidden ones too) as relative path -> (size, sha256), but `skip`."""
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            if rel in skip or os.path.islink(path) or not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                data = f.read()
            files[rel] = (len(data), hashlib.sha256(data).hexdigest())
    return files


def lost(before, root):
    """The snapshotted files that are gone or changed."""
    after = snapshot(root)
    problems = []
    for rel, (size, digest) in sorted(before.items()):
        if rel not in after:
            problems.append(f"{rel} deleted")
        elif after[rel] != (size, digest):
            problems.append(f"{rel} changed ({size} -> {after[rel][0]} bytes)")
    return problems


def run(binary, args, cwd, timeout):
    try:
        return subprocess.run([binary] + args, capture_output=True, timeout=timeout, cwd=cwd, preexec_fn=LIMITS.apply)
    except subprocess.TimeoutExpired:
        return None


def user_files_scenario(setup, command, cwd=".", previous_runs=()):
    """A file-safety scenario: `setup(root)` makes the user's files; each of `previous_runs`
    (args, post) is a FairHAC run made before (what it writes is FairHAC's, not snapshotted),
    after which `post(root)` adds more of the user's files. Every file that FairHAC did not write
    must survive `command` (run in root/cwd) unchanged, whatever its exit code."""
    def scenario(binary, root, timeout):
        setup(root)
        written = set()
        for args, post in previous_runs:
            mine = set(snapshot(root)) - written
            done = run(binary, args, root, timeout)
            if done is None or done.returncode != 0:
                return "the preparing run failed: " + (done.stderr.decode("utf-8", "replace").strip() if done else "hang")
            written |= set(snapshot(root)) - mine
            post(root)
        before = snapshot(root, skip=written)
        result = run(binary, command, os.path.join(root, cwd), timeout)
        problem = check(result, 0, timeout)
        gone = lost(before, root)
        if gone:
            return "the user's files were lost: " + "; ".join(gone[:6]) + (f" (exit {result.returncode})" if result else "")
        return problem
    return scenario


def base_input(root):
    small_table(os.path.join(root, "data.csv"))


CLUSTER = ["cluster", "data.csv", "-k", "2", "--group", "grp", "--quiet"]


def file_scenarios():
    out = {}

    def notes(root):
        base_input(root)
        write(os.path.join(root, "notes", "report.md"), "# my report\nweeks of work\n")
        write(os.path.join(root, "notes", "summary.json"), '{"mine": true}\n')
        write(os.path.join(root, "notes", "labels.csv"), "my,labels\n1,2\n")
    out["files with output names in --out"] = user_files_scenario(notes, CLUSTER + ["--out", "notes", "--report"])

    def tune_notes(root):
        base_input(root)
        for name in ("grid.csv", "pareto.csv", "best.json", "report.html"):
            write(os.path.join(root, "notes", name), f"the user's {name}\n")
    out["tune: files with output names in --out"] = user_files_scenario(
        tune_notes, ["tune", "data.csv", "-k", "2", "--group", "grp", "--rule", "gain", "--grid-d", "0,1", "--quiet", "--out", "notes"])

    def nested(root):
        base_input(root)
        write(os.path.join(root, "nested", "summary.json", "important.txt"), "keep me\n")
        write(os.path.join(root, "nested", "tree.json", "deep", "data.bin"), bytes(range(256)))
        write(os.path.join(root, "nested", "labels.csv"), "the user's labels\n")
    out["folders named like outputs in --out"] = user_files_scenario(nested, CLUSTER + ["--out", "nested"])

    def input_as_labels(root):
        small_table(os.path.join(root, "p", "labels.csv"))
    out["the input p/labels.csv inside --out p"] = user_files_scenario(
        input_as_labels, ["cluster", "p/labels.csv", "-k", "2", "--group", "grp", "--quiet", "--out", "p"])

    def input_in_folder(root):
        small_table(os.path.join(root, "p", "tables.csv"))
    out["--out . from inside the input's folder"] = user_files_scenario(
        input_in_folder, ["cluster", "tables.csv", "-k", "2", "--group", "grp", "--quiet", "--out", "."], cwd="p")
    out["--out $PWD from inside the input's folder"] = lambda binary, root, timeout: user_files_scenario(
        input_in_folder, ["cluster", "tables.csv", "-k", "2", "--group", "grp", "--quiet", "--out", os.path.join(root, "p")],
        cwd="p")(binary, root, timeout)

    def with_sub(root):
        small_table(os.path.join(root, "p", "tables.csv"))
        write(os.path.join(root, "p", "x", "keep.txt"), "keep\n")
    out["--out p/x/.. (the input's folder)"] = user_files_scenario(
        with_sub, ["cluster", "p/tables.csv", "-k", "2", "--group", "grp", "--quiet", "--out", "p/x/.."])

    def only_output_names(root):
        # A folder holding only names FairHAC writes, without the .fairhac-results marker.
        base_input(root)
        for name in ("labels.csv", "summary.json", "tree.nwk", "tree.json", "linkage.csv", "timings.json"):
            write(os.path.join(root, "old", name), f"the user's own {name}\n")
    out["a folder of output names without the marker"] = user_files_scenario(only_output_names, CLUSTER + ["--out", "old"])

    def add_mine(root):
        write(os.path.join(root, "res", "mine.txt"), "the user's note\n")
        write(os.path.join(root, "res", "sub", "keep.md"), "keep\n")
    out["a results folder with a file the user added"] = user_files_scenario(
        base_input, CLUSTER + ["--out", "res"], previous_runs=[(CLUSTER + ["--out", "res"], add_mine)])

    def copy_input(root):
        shutil.copy(os.path.join(root, "data.csv"), os.path.join(root, "res", "input.csv"))
    out["the input copied into a results folder"] = user_files_scenario(
        base_input, ["cluster", "res/input.csv", "-k", "2", "--group", "grp", "--quiet", "--out", "res"],
        previous_runs=[(CLUSTER + ["--out", "res"], copy_input)])

    def readme(root):
        base_input(root)
        write(os.path.join(root, "README.txt"), "the user's folder\n")
    out["--out . in the user's folder"] = user_files_scenario(readme, CLUSTER + ["--out", "."])
    out["--out naming the input file"] = user_files_scenario(base_input, CLUSTER + ["--out", "data.csv"])
    out["a file the user adds to --out during the run"] = race_scenario
    return out


def race_scenario(binary, root, timeout):
    """Issue 21, item 4: the folder is checked when the run starts and replaced when it ends; a
    file the user writes into it meanwhile must survive. A results folder from an earlier run,
    then a run long enough (6000 rows) to write res/late.txt once its staging folder appears."""
    small_table(os.path.join(root, "big.csv"), n=6000)
    args = ["cluster", "big.csv", "-k", "2", "--group", "grp", "--quiet", "--no-quality", "--out", "res"]
    done = run(binary, args, root, timeout)
    if done is None or done.returncode != 0:
        return "the preparing run failed: " + (done.stderr.decode("utf-8", "replace").strip() if done else "hang")
    proc = subprocess.Popen([binary] + args, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=LIMITS.apply)
    added = False
    started = time.monotonic()
    while proc.poll() is None and time.monotonic() - started < timeout:
        # The staging folder: .res.partial-PID beside a new --out, .fairhac-staging-PID inside an existing one.
        inside = os.listdir(os.path.join(root, "res")) if os.path.isdir(os.path.join(root, "res")) else []
        if any(name.startswith(".") and "partial" in name for name in os.listdir(root)) or any(
                name.startswith(".fairhac-staging") for name in inside):
            write(os.path.join(root, "res", "late.txt"), "written by the user during the run\n")
            added = True
            break
        time.sleep(0.002)
    try:
        _, err = proc.communicate(timeout=max(1, timeout - (time.monotonic() - started)))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return f"hang (over {timeout} s)"
    if proc.returncode < 0 or proc.returncode >= 128:
        return f"killed by signal {-proc.returncode}" if proc.returncode < 0 else f"exit code {proc.returncode}"
    if added and not os.path.isfile(os.path.join(root, "res", "late.txt")):
        return f"res/late.txt, written into --out during the run, was deleted (exit {proc.returncode})"
    if not added:
        print("note: scenario 'a file the user adds to --out during the run': the run ended before its staging folder "
              "was seen; nothing was checked", flush=True)
    return None


THREADS = ["1000000000", "9223372036854775807", "0", "-1", "1e8"]
MEMORY = ["4E", "5E", "1e3G", "0"]
VARIANTS = {
    "cluster": CLUSTER,
    "cluster --fair": CLUSTER + ["--fair", "-d", "1"],
    "cluster single": CLUSTER + ["--linkage", "single"],
    "cluster --auto": CLUSTER + ["--fair", "--auto", "--rule", "gain"],
    "tune": ["tune", "data.csv", "-k", "2", "--group", "grp", "--rule", "gain", "--grid-d", "0,1", "--quiet"],
}


def extreme_scenario(args, expect_exit=None, expect_text=None, setup=base_input):
    """`args` run on `setup`'s files: a clean exit (`expect_exit` if given); an error must say
    `expect_text` (a text, or a list of texts); a success, a complete result set."""
    def scenario(binary, root, timeout):
        setup(root)
        result = run(binary, args + ["--out", "out"], root, timeout)
        problem = check(result, 0, timeout)
        if problem:
            return problem
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        if expect_exit is not None and result.returncode != expect_exit:
            return f"exit {result.returncode}, expected {expect_exit}: " + (said[0][:300] if said else "")
        if result.returncode != 0 and any("is available" in line for line in said):
            # 30 rows fit in any budget: a refusal is the thread count or the limit misread.
            return "a false memory refusal on 30 rows: " + said[0][:300]
        texts = [expect_text] if isinstance(expect_text, str) else list(expect_text or [])
        if result.returncode != 0 and any(t not in result.stderr.decode("utf-8", "replace") for t in texts):
            return f"the error does not say {texts!r}: " + result.stderr.decode("utf-8", "replace").strip()[:300]
        if result.returncode == 0:
            return check_outputs(args, os.path.join(root, "out"))
        return None
    return scenario


def extreme_scenarios():
    out = {}
    for name, args in VARIANTS.items():
        for t in THREADS:
            out[f"{name} --threads {t}"] = extreme_scenario(args + ["--threads", t])
        for m in MEMORY:
            out[f"{name} --memory-limit {m}"] = extreme_scenario(
                args + ["--memory-limit", m], expect_exit=0 if m == "4E" else None,
                expect_text="4 EiB" if m == "5E" else None)
    return out


def label_scenario(groups, args):
    def scenario(binary, root, timeout):
        small_table(os.path.join(root, "data.csv"), n=len(next(iter(groups.values()))), groups=groups)
        result = run(binary, args + ["--out", "out"], root, timeout)
        problem = check(result, 0, timeout)
        if problem or result.returncode != 0:
            return problem
        return check_outputs(args, os.path.join(root, "out"))
    return scenario


def label_scenarios():
    n = 40
    # Rows alternate (a×b, c) and (a, b×c): both combinations read a×b×c.
    p = ["a×b", "a"] * (n // 2)
    q = ["c", "b×c"] * (n // 2)
    # Separate mode: attribute "s=x" with value y reads s=x=y, as attribute "s" with value x=y.
    sx = ["y", "z"] * (n // 2)
    s_ = ["x=y", "w", "w", "x=y"] * (n // 4)
    out = {}
    for name, extra in {"cluster": [], "cluster --fair": ["--fair", "-d", "1"], "cluster --merge-rare": ["--merge-rare"],
                        "cluster --report": ["--report"]}.items():
        out[f"intersectional a×b,c vs a,b×c: {name}"] = label_scenario(
            {"p": p, "q": q}, ["cluster", "data.csv", "-k", "2", "--group", "p,q", "--group-mode", "intersectional", "--quiet"] + extra)
        out[f"separate s=x beside s: {name}"] = label_scenario(
            {"s=x": sx, "s": s_}, ["cluster", "data.csv", "-k", "2", "--group", "s=x,s", "--quiet"] + extra)
    out["intersectional a×b,c vs a,b×c: tune"] = label_scenario(
        {"p": p, "q": q}, ["tune", "data.csv", "-k", "2", "--group", "p,q", "--group-mode", "intersectional", "--rule", "gain",
                           "--grid-d", "0,1", "--quiet"])
    out["separate s=x beside s: tune"] = label_scenario(
        {"s=x": sx, "s": s_}, ["tune", "data.csv", "-k", "2", "--group", "s=x,s", "--rule", "gain", "--grid-d", "0,1", "--quiet"])
    return out


# -- scenarios (issue 27): MakeFair and given trees, staging folders, signals, what the core says --

def random_tree(rng, n, npy=False, mutate=True):
    """A scipy Z over n leaves (random merges, rising heights), then perhaps mutated the ways a
    hand-made file goes wrong: hexadecimal ids, negative or NaN heights, fractional or unknown
    ids, a row short or too many, a wrong size; as text, or as .npy (perhaps 3-d or truncated)."""
    clusters = [(i, 1) for i in range(n)]
    z = []
    while len(clusters) > 1:
        a = clusters.pop(rng.randrange(len(clusters)))
        b = clusters.pop(rng.randrange(len(clusters)))
        z.append([min(a[0], b[0]), max(a[0], b[0]), float(len(z)) + rng.random(), a[1] + b[1]])
        clusters.append((n + len(z) - 1, a[1] + b[1]))
    cells = [[repr(float(v)) for v in row] for row in z]
    for _ in range(rng.choice([0, 0, 0, 1, 2]) if mutate else 0):
        if not cells:
            break
        r, kind = rng.randrange(len(cells)), rng.randrange(8)
        if kind == 0:
            cells[r][0] = "0x" + format(int(float(cells[r][0])), "x")
        elif kind == 1:
            cells[r][2] = rng.choice(["-1", "nan", "inf", "-0.5"])
        elif kind == 2:
            cells[r][1] = rng.choice(["1.5", "-1", "1e20", str(2 * n)])
        elif kind == 3:
            del cells[r]
        elif kind == 4:
            cells.append(list(cells[r]))
        elif kind == 5:
            cells[r][3] = str(int(float(cells[r][3])) + 1)
        elif kind == 6:
            cells[r].append("0")
        else:
            cells[r][0] = rng.choice(["", "x", "1,5"])
    if not npy:
        return ("\n".join(",".join(row) for row in cells) + "\n").encode()
    values = []
    for row in cells:
        for v in row[:4] + ["0"] * (4 - len(row[:4])):
            try:
                values.append(float(v) if not v.startswith("0x") else float(int(v, 16)))
            except ValueError:
                values.append(float("nan"))
    shape = rng.choice([f"({len(cells)}, 4)"] * 6 + [f"({len(cells)}, 4, 1)", f"({len(cells)}, 4, x)", f"({len(cells) * 4},)"])
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }" % shape
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    body = b"".join(struct.pack("<d", v) for v in values)
    if rng.random() < 0.1:
        body = body[: len(body) // 2]
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + body


def dead_pid():
    """The id of a process that has exited (a child reaped just now)."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def one_line_error(result, needles):
    """None when the run ended with exit 1 or 64 and one error line holding every needle."""
    if result is None:
        return "hang"
    err = result.stderr.decode("utf-8", "replace")
    if result.returncode not in (1, 64) or not all(n in err for n in needles) or "the file operation failed" in err:
        return f"exit {result.returncode}, expected a clear error saying {needles}: {err.strip()[:300]}"
    return None


def tree_scenarios():
    out = {}

    def three_groups(root, n=240):
        small_table(os.path.join(root, "data.csv"), n=n, groups={"grp": [("a", "b", "c")[i % 3] for i in range(n)]})

    def clean(args, needles=(), setup=three_groups, expect_exit=None):
        return extreme_scenario(args, expect_exit=expect_exit, expect_text=list(needles), setup=setup)

    makefair = ["cluster", "data.csv", "-k", "3", "--group", "grp", "--method", "makefair", "--quiet"]
    out["fairhc at eps = 1/6 (it looped forever for n >= 200)"] = clean(
        makefair + ["--makefair-variant", "fairhc", "--makefair-eps", "0.16666666666666666"], expect_exit=0)
    for variant in ("makefair", "fairhc"):
        out[f"{variant} --makefair-k 2^62 (2k overflowed)"] = clean(
            makefair + ["--makefair-variant", variant, "--makefair-k", "4611686018427387904"], ["--makefair-k"], expect_exit=1)
        for eps in ("1e-300", "4e-20"):
            out[f"{variant} --makefair-eps {eps} (1/(2 eps) overflowed)"] = clean(
                makefair + ["--makefair-variant", variant, "--makefair-eps", eps], expect_exit=0)
    out["reproduce -k 2^62 (the result-size estimate overflowed)"] = clean(
        ["reproduce", "--quick", "--n", "40", "--seeds", "1", "--dataset", "bank", "--linkage", "average", "-k",
         "4611686018427387904", "--quiet"], ["k must be between 2 and n = 40"], setup=lambda root: None, expect_exit=1)

    def few(root):
        small_table(os.path.join(root, "data.csv"), n=2)
        with open(os.path.join(root, "data.csv"), "w") as f:
            f.write("x0,x1,grp\n" + "".join(f"{i % 3},{2 * (i % 3)},{'ab'[i % 2]}\n" for i in range(2000)))
    out["3 distinct points, fair summarised, k 5"] = clean(
        ["cluster", "data.csv", "-k", "5", "--group", "grp", "--fair", "--form", "summarised", "--micro-clusters", "100", "--quiet"],
        ["only 3 distinct points", "k must be at most 3"], setup=few, expect_exit=1)

    def same(root):
        with open(os.path.join(root, "data.csv"), "w") as f:
            f.write("x0,x1,grp\n" + "".join(f"1,2,{'ab'[i % 2]}\n" for i in range(500)))
    out["all-identical rows, fair summarised"] = clean(
        ["cluster", "data.csv", "-k", "2", "--group", "grp", "--fair", "--form", "summarised", "--micro-clusters", "50", "--quiet"],
        ["same point"], setup=same, expect_exit=1)

    def note(binary, root, timeout):
        base_input(root)
        result = run(binary, ["cluster", "data.csv", "-k", "2", "--micro-clusters", "10", "--out", "out"], root, timeout)
        problem = check(result, 0, timeout)
        if problem or result.returncode != 0 or "configures the summarised form" not in result.stderr.decode("utf-8", "replace"):
            return problem or "--micro-clusters with the exact form chosen was not said: " + result.stderr.decode("utf-8", "replace")[:300]
        return None
    out["--micro-clusters when auto picks the exact form: a note"] = note

    # Given trees that cannot be read: one clear line naming the file (never "error 256").
    def given(name, content, needles, extra=()):
        def scenario(binary, root, timeout):
            small_table(os.path.join(root, "data.csv"), n=30)
            path = os.path.join(root, name)
            if content is None:
                os.makedirs(path)
            else:
                write(path, content(random.Random(5)))
            result = run(binary, ["cluster", "data.csv", "-k", "2", "--group", "grp", "--method", "makefair", "--tree", name,
                                  "--out", "out", "--quiet"] + list(extra), root, timeout)
            return check(result, 0, timeout) or one_line_error(result, [name] + needles if "--sample" not in extra else needles)
        return scenario

    def tree_text(n, change=None):
        def make(rng):
            rows = random_tree(random.Random(1), n, mutate=False).decode().splitlines()
            if change:
                rows = change(rows)
            return ("\n".join(rows) + "\n").encode()
        return make

    def hexa(rows):
        first = rows[0].split(",")
        first[0] = "0x" + format(int(float(first[0])), "x")
        return [",".join(first)] + rows[1:]

    def negative(rows):
        row = rows[3].split(",")
        row[2] = "-1"
        return rows[:3] + [",".join(row)] + rows[4:]

    out["--tree on a folder"] = given("z", None, ["directory"])
    out["--tree with a hexadecimal id"] = given("z.csv", tree_text(30, hexa), ["line 1, column 0", "decimal"])
    out["--tree with a negative height"] = given("z.csv", tree_text(30, negative), ["row 3", "height"])
    out["--tree over 29 points for 30 rows"] = given("z.csv", tree_text(29), ["the data have 30 rows"])
    out["--tree over 30 points less its last row (a forest)"] = given("z.csv", tree_text(30, lambda rows: rows[:-1]), ["over 29 points", "the data have 30 rows"])

    def npy3(rng):
        header = "{'descr': '<f8', 'fortran_order': False, 'shape': (29, 4, 2), }"
        header += " " * (63 - (10 + len(header)) % 64) + "\n"
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + bytes(29 * 8 * 8)
    out["--tree a (29, 4, 2) .npy"] = given("z.npy", npy3, ["2-d"])
    out["--tree with --sample"] = given("z.csv", tree_text(30), ["--sample"], extra=["--sample", "10"])

    # The input tree inside --out is never replaced (it was: --tree out/linkage.npy --out out).
    def tree_in_out(binary, root, timeout):
        small_table(os.path.join(root, "data.csv"), n=30)
        first = run(binary, ["cluster", "data.csv", "-k", "2", "--out", "out", "--quiet"], root, timeout)
        if first is None or first.returncode != 0:
            return "the preparing run failed"
        before = snapshot(os.path.join(root, "out"))
        result = run(binary, ["cluster", "data.csv", "-k", "2", "--group", "grp", "--method", "makefair", "--tree", "out/linkage.npy",
                              "--out", "out", "--quiet"], root, timeout)
        gone = lost(before, os.path.join(root, "out"))
        return check(result, 0, timeout) or ("the results (and the input tree) changed: " + "; ".join(gone) if gone else None) \
            or one_line_error(result, ["this run's input"])
    out["--tree out/linkage.npy --out out"] = tree_in_out

    # Staging look-alikes without the tool's proof are the user's (they were deleted when their
    # pid was gone, even in a folder the run then refused).
    def look_alikes(root):
        base_input(root)
        pid = dead_pid()
        write(os.path.join(root, f".out.partial-{pid}"), "the user's file\n")
        write(os.path.join(root, f".out.partial-{pid}-1f", "mine.txt"), "the user's folder\n")
    out["look-alikes of staging beside a new --out"] = user_files_scenario(look_alikes, CLUSTER + ["--out", "out"])

    def staging_inside(root):
        write(os.path.join(root, "res", f".fairhac-staging-{dead_pid()}", "data.txt"), "the user's\n")
    out["a look-alike staging folder inside a results folder"] = user_files_scenario(
        base_input, CLUSTER + ["--out", "res"], previous_runs=[(CLUSTER + ["--out", "res"], staging_inside)])

    def refused_folder(root):
        base_input(root)
        pid = dead_pid()
        write(os.path.join(root, "mine", "summary.json"), "{}\n")
        write(os.path.join(root, "mine", f".fairhac-staging-{pid}", "x.txt"), "the user's\n")
        write(os.path.join(root, f".mine.partial-{pid}", "y.txt"), "the user's\n")
    out["staging look-alikes around a refused folder"] = user_files_scenario(refused_folder, CLUSTER + ["--out", "mine"])

    for name, number, code in (("SIGINT", signal.SIGINT, 130), ("SIGTERM", signal.SIGTERM, 143)):
        out[f"{name} during a run: staging removed, exit {code}"] = signal_scenario(number, code)
    return out


def signal_scenario(number, code):
    """Ctrl-C or SIGTERM once the run's staging folder exists: exit 128 + the signal, the staging
    folder gone, the earlier results untouched."""
    def scenario(binary, root, timeout):
        small_table(os.path.join(root, "big.csv"), n=2500)
        small_table(os.path.join(root, "data.csv"), n=30)
        first = run(binary, ["cluster", "data.csv", "-k", "2", "--out", "res", "--quiet"], root, timeout)
        if first is None or first.returncode != 0:
            return "the preparing run failed"
        before = snapshot(os.path.join(root, "res"))
        args = ["cluster", "big.csv", "-k", "3", "--group", "grp", "--fair", "--rule", "paper", "--force", "-d", "1", "--quiet", "--out", "res"]
        proc = subprocess.Popen([binary] + args, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=LIMITS.apply)
        started, seen = time.monotonic(), False
        while proc.poll() is None and time.monotonic() - started < timeout:
            if any(name.startswith(".fairhac-staging") for name in os.listdir(os.path.join(root, "res"))):
                seen = True
                break
            time.sleep(0.002)
        if seen:
            proc.send_signal(number)
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return "hang after the signal"
        if not seen:
            print(f"note: scenario signal {number}: the run ended before its staging folder was seen; nothing was checked", flush=True)
            return None
        if proc.returncode != code:
            return f"exit {proc.returncode} after the signal, expected {code}"
        left = [name for name in os.listdir(os.path.join(root, "res")) if name.startswith(".fairhac-staging")]
        gone = lost(before, os.path.join(root, "res"))
        if left or gone:
            return f"after the signal: staging left {left}, results changed {gone}"
        return None
    return scenario


def scenarios():
    """Every scenario by name, in a fixed order: file safety, extremes, colliding labels, trees."""
    out = {}
    for group, made in (("files", file_scenarios()), ("extremes", extreme_scenarios()), ("labels", label_scenarios()),
                        ("trees", tree_scenarios())):
        for name, scenario in made.items():
            out[f"{group}: {name}"] = scenario
    return out


def run_scenarios(binary, root, timeout, keep=None, only=None):
    failures = []
    chosen = {name: s for name, s in scenarios().items() if not only or only in name}
    for i, (name, scenario) in enumerate(chosen.items()):
        work = os.path.join(root, f"scenario-{i}")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        try:
            problem = scenario(binary, work, timeout)
        except OSError as error:  # the run moved or removed the folder the harness works in
            problem = f"the scenario's folder was disturbed: {error!r}"
        if problem:
            failures.append(name)
            print(f"FAIL scenario {name}: {problem}", flush=True)
            if keep:
                shutil.copytree(work, os.path.join(keep, f"scenario-{i}"), dirs_exist_ok=True, symlinks=True)
        shutil.rmtree(work, ignore_errors=True)
    print(f"scenarios: {len(chosen)} run, {len(failures)} failing", flush=True)
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/fairhac")
    parser.add_argument("--seconds", type=float, default=60, help="time budget (default 60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30, help="seconds one run may take (default 30)")
    parser.add_argument("--case", type=int, help="replay one case of --seed and print its output")
    parser.add_argument("--keep", help="save failing cases into this folder")
    parser.add_argument("--no-scenarios", action="store_true", help="skip the fixed scenarios (files, extremes, labels)")
    parser.add_argument("--scenarios-only", action="store_true", help="run the fixed scenarios and no random case")
    parser.add_argument("--scenario", help="run only the scenarios whose name contains this text")
    parser.add_argument("--scenario-timeout", type=float, default=20, help="seconds one scenario run may take (default 20)")
    parser.add_argument("--address-space-limit", default="8G",
                        help="RLIMIT_AS of every run, e.g. 8G (default); 0 for none")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"fuzz_cli.py: no executable at {binary}; build it with swift build -c release --product fairhac")
    limit = options.address_space_limit.strip().upper()
    scale = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}.get(limit[-1:], 1)
    LIMITS.address_space = int(float(limit.rstrip("KMGT") or 0) * scale)
    root = tempfile.mkdtemp(prefix="fairhac-fuzz-")
    work = os.path.join(root, "case")
    failures = 0
    cases = 0
    codes = {}
    try:
        if options.case is None and not options.no_scenarios:
            failures += len(run_scenarios(binary, root, options.scenario_timeout, options.keep, options.scenario))
            if options.scenarios_only or options.scenario:
                return 1 if failures else 0
        if options.case is not None:
            args, problem, result = one_case(binary, options.seed, options.case, work, options.timeout)
            print("command:", " ".join(repr(a) for a in args))
            if result is not None:
                print("exit", result.returncode)
                sys.stdout.write(result.stderr.decode("utf-8", "replace")[-3000:])
            print("verdict:", problem or "pass")
            print("files kept in", work)
            return 1 if problem else 0
        deadline = time.monotonic() + options.seconds
        case = 0
        while time.monotonic() < deadline:
            args, problem, result = one_case(binary, options.seed, case, work, options.timeout)
            cases += 1
            if result is not None:
                codes[result.returncode] = codes.get(result.returncode, 0) + 1
            if problem:
                failures += 1
                print(f"FAIL seed {options.seed} case {case}: {problem}")
                print("  fairhac " + " ".join(repr(a) for a in args))
                if result is not None:
                    tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
                    for line in tail:
                        print("  | " + line[:300])
                if options.keep:
                    dest = os.path.join(options.keep, f"seed{options.seed}-case{case}")
                    shutil.copytree(work, dest, dirs_exist_ok=True)
                    with open(os.path.join(dest, "command"), "w") as f:
                        f.write(" ".join(repr(a) for a in args) + "\n")
            case += 1
    finally:
        shutil.rmtree(root, ignore_errors=True)
    summary = ", ".join(f"exit {k}: {v}" for k, v in sorted(codes.items()))
    print(f"fuzz: {cases} cases in {options.seconds:.0f} s (seed {options.seed}), {failures} failing; {summary}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
