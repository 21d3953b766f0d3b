#!/usr/bin/env python3
"""Runs every `fairhac ...` command of the README's shell examples as written (a new user's
second hour), with the built binary in place of `fairhac`, from a scratch folder where
`examples/` is the repository's. Fails on any non-zero exit or error line. Also checks that the
README's list of rules is the one the CLI accepts.

    python3 scripts/check_readme_examples.py --binary .build/release/fairhac [--skip-slow]
"""
import argparse
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def commands(readme):
    """The `fairhac` commands of the ```sh blocks, continuation lines joined."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", readme, re.S):
        block = block.replace("\\\n", " ")
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("fairhac "):
                out.append(line)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=str(ROOT / ".build/release/fairhac"))
    ap.add_argument("--skip-slow", action="store_true", help="skip examples on whole bundled datasets (tens of seconds)")
    ap.add_argument("--python", help="also run the README's Python examples (not the Spark one) with this interpreter")
    args = ap.parse_args()
    args.binary = str(pathlib.Path(args.binary).resolve())
    readme = (ROOT / "README.md").read_text()
    failures = 0

    help_text = subprocess.run([args.binary, "cluster", "--help"], capture_output=True, text=True).stdout
    listed = re.search(r"`--rule ([a-z|-]+)`", readme)
    if not listed:
        print("README: no `--rule a|b|...` list found"); failures += 1
    else:
        for rule in listed.group(1).split("|"):
            probe = subprocess.run([args.binary, "cluster", "--dataset", "bank", "--sample", "50", "-k", "2", "--fair",
                                    "--rule", rule, "--out", tempfile.mkdtemp() + "/o", "--quiet"], capture_output=True, text=True)
            if probe.returncode != 0:
                print(f"README lists --rule {rule}, which the CLI refuses: {probe.stderr.strip()}"); failures += 1

    with tempfile.TemporaryDirectory() as scratch:
        (pathlib.Path(scratch) / "examples").symlink_to(ROOT / "examples")
        for line in commands(readme):
            argv = shlex.split(line)
            # Examples write under one out/ folder (.gitignore lists it), never loose folders in a checkout.
            writes = len(argv) > 1 and argv[1] in ("cluster", "tune", "reproduce") and "--help" not in argv
            out = argv[argv.index("--out") + 1] if "--out" in argv[:-1] else None
            if writes and (out is None or not out.startswith("out/")):
                print(f"FAIL {line}\n     writes {out or 'fairhac-output/ (no --out)'}; README examples write under out/")
                failures += 1
                continue
            if args.skip_slow and "--dataset" in argv and "--sample" not in argv:
                print(f"skip (slow): {line}")
                continue
            run = subprocess.run([args.binary] + argv[1:], cwd=scratch, capture_output=True, text=True, timeout=600)
            ok = run.returncode == 0 and "error:" not in run.stderr
            print(("ok   " if ok else "FAIL ") + line)
            if not ok:
                failures += 1
                print("     " + (run.stderr.strip() or run.stdout.strip())[-600:])
        if args.python:
            failures += python_examples(readme, args.python, scratch)
    print(f"{len(commands(readme))} README commands, {failures} failing")
    sys.exit(1 if failures else 0)


def python_examples(readme, python, scratch):
    """Runs the README's Python blocks (not the Spark one) in the scratch folder; returns the failures."""
    failures = 0
    for block in re.findall(r"```python\n(.*?)```", readme, re.S):
        if "fairhac.spark" in block:
            continue  # needs a Spark DataFrame; python/tests/test_spark.py runs it
        run = subprocess.run([python, "-c", block], capture_output=True, text=True, timeout=600, cwd=scratch)
        ok = run.returncode == 0
        print(("ok   " if ok else "FAIL ") + "python example: " + block.strip().splitlines()[0])
        if not ok:
            failures += 1
            print("     " + run.stderr.strip()[-800:])
    return failures


if __name__ == "__main__":
    main()
