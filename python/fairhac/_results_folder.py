"""A results folder that loses nothing: the CLI's rules (Sources/fairhac/Support/OutputDirectory.swift)
for Python's writers (the Spark command line).

A run removes or replaces only what it can prove it wrote, never its own input and never anything
else; everything else is kept, or the run is refused naming it.

- Proof: the folder's manifest ``.fairhac-results`` (the CLI's format: a line "fairhac-results 2",
  then one line "SIZE DIGEST PATH" per file, DIGEST the CLI's 64-bit content digest in 16 hex
  digits, read through the C ABI so that both compute the same) lists each file FairHAC wrote. A
  file is FairHAC's while it is a regular file listed with its size and digest; a folder output
  (Spark's Parquet folders) while every file in it is listed as "FOLDER/FILE" and matches.
- Start: the destination must be a new path, an empty folder, or a results folder. A folder with
  other entries and no manifest is refused; in a results folder, an entry the user added is kept,
  but one with the name of an output is refused, and so is an output that holds this run's input.
- Writing: everything goes into a hidden staging folder (``.fairhac-staging-PID`` inside an
  existing destination, ``.NAME.partial-PID`` beside a new one), so a failed or interrupted run
  leaves the earlier results as they were, and the staging folder is removed.
- Commit: a new destination is the staging folder renamed into place; an existing one is checked
  again, each new entry replaces its proven predecessor, proven entries this run does not write
  are removed, and the manifest is rewritten.
"""

import os
import shutil

from . import _native

MARKER = ".fairhac-results"
HEADER = "fairhac-results 2"
STAGING_PREFIX = ".fairhac-staging-"
#: Written into each staging folder: only a folder carrying it is ever cleaned up as abandoned.
STAGING_PROOF = ".fairhac-staging"
#: Names FairHAC's commands write (the CLI's, and the Spark command line's): a user's entry of
#: such a name in a results folder is refused when the run starts.
KNOWN_NAMES = frozenset({
    "linkage.csv", "linkage.npy", "labels.csv", "summary.json", "tree.nwk", "tree.json", "report.html", "timings.json",
    "grid.csv", "pareto.csv", "best.json", "runs.csv", "tables.csv", "figure1.svg", "report.md", "rules.csv", "rules.md",
    "two-attributes.md", "two-attributes.csv", "linkage.parquet", "labels.parquet", "micro_clusters.parquet",
})


#: Staging folders of runs in progress in this process, removed by ``discard_pending`` when the
#: program stops on an error or a signal (as the CLI's OutputDirectory.pending).
_PENDING = set()


def discard_pending():
    """Removes every staging folder this process has not committed or discarded."""
    for path in sorted(_PENDING):
        shutil.rmtree(path, ignore_errors=True)
    _PENDING.clear()


class ResultsFolderError(ValueError):
    """The destination holds something the run may not replace, or cannot be written."""


def _identity(path):
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _files_under(folder):
    """Every entry under `folder` (relative paths with "/"), and whether all are regular files."""
    out, plain = [], True
    for root, dirs, files in os.walk(folder, followlinks=False):
        for d in list(dirs):
            if os.path.islink(os.path.join(root, d)):
                plain = False
                dirs.remove(d)
        for f in files:
            full = os.path.join(root, f)
            if os.path.islink(full) or not os.path.isfile(full):
                plain = False
            out.append(os.path.relpath(full, folder).replace(os.sep, "/"))
    return sorted(out), plain


def digest_line(folder, relative):
    size, value = _native.file_digest(os.path.join(folder, relative))
    return size, f"{value:016x}"


class ResultsFolder:
    """`destination` checked and its staging folder made; write into ``.path``, then ``commit()``
    (or ``discard()``). `option` names the destination in messages (the CLI's ``--out``)."""

    def __init__(self, destination, inputs=(), option="--out"):
        self.option = option
        self.destination = destination
        if not str(destination).strip():
            raise ResultsFolderError(f"{option} is empty; name the folder for the results, e.g. {option} results/")
        resolved = os.path.realpath(os.path.expanduser(destination))
        if resolved == os.path.sep:
            raise ResultsFolderError(f"{option} {destination}: give the results a folder of their own, e.g. {option} results/")
        self.absolute = resolved
        self.inputs = [p for p in inputs if p]
        self.committed = False
        if os.path.lexists(resolved):
            if not os.path.isdir(resolved) or os.path.islink(resolved):
                raise ResultsFolderError(f"{option} {destination}: a file is already there; results go into a folder "
                                         "(choose a new path or remove the file)")
            self.existed = True
            self._remove_abandoned(resolved, STAGING_PREFIX)
            self._check(resolved, KNOWN_NAMES)
            self.path = os.path.join(resolved, f"{STAGING_PREFIX}{os.getpid()}")
        else:
            self.existed = False
            parent, name = os.path.split(resolved)
            try:
                os.makedirs(parent, exist_ok=True)
            except OSError as error:
                raise ResultsFolderError(f"{option} {destination}: cannot create the folder {parent}: {error.strerror}") from None
            self._remove_abandoned(parent, f".{name}.partial-")
            self.path = os.path.join(parent, f".{name}.partial-{os.getpid()}")
        try:
            os.mkdir(self.path)
            _PENDING.add(self.path)
            with open(os.path.join(self.path, STAGING_PROOF), "w") as f:
                f.write(f"fairhac-staging {os.getpid()}\n")
        except OSError as error:
            raise ResultsFolderError(f"{option} {destination}: cannot write there: {error.strerror}") from None

    # -- checks ------------------------------------------------------------------------------

    def _manifest(self, folder):
        """{path: [(size, hex)]} of the manifest, or None when there is none (or not a readable one)."""
        try:
            with open(os.path.join(folder, MARKER), encoding="utf-8") as f:
                lines = f.read(1 << 22).split("\n")
        except (OSError, UnicodeDecodeError):
            return None
        if not lines or lines[0] != HEADER:
            return None
        claims = {}
        for line in lines[1:]:
            if not line:
                continue
            parts = line.split(" ", 2)
            if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) != 16:
                return None
            claims.setdefault(parts[2], []).append((int(parts[0]), parts[1].lower()))
        return claims

    def _proven(self, folder, name, claims):
        """The proven files of entry `name` ({relative path: (size, hex)}), or None when it is not FairHAC's."""
        full = os.path.join(folder, name)

        def matches(relative):
            listed = claims.get(relative)
            if not listed or not os.path.isfile(os.path.join(folder, relative)):
                return None
            if not any(size == os.path.getsize(os.path.join(folder, relative)) for size, _ in listed):
                return None
            line = digest_line(folder, relative)
            return line if line in listed else None

        if os.path.islink(full):
            return None
        if os.path.isfile(full):
            line = matches(name)
            return None if line is None else {name: line}
        if os.path.isdir(full):
            if not any(path.startswith(name + "/") for path in claims):
                return None
            files, plain = _files_under(full)
            if not plain:
                return None
            proven = {}
            for relative in files:
                line = matches(f"{name}/{relative}")
                if line is None:
                    return None
                proven[f"{name}/{relative}"] = line
            return proven
        return None

    def _check(self, folder, writing):
        """The proven entries of `folder` ({name: {path: (size, hex)}}) after checking that the run may write `writing`."""
        option, destination = self.option, self.destination
        try:
            names = sorted(n for n in os.listdir(folder)
                           if not n.startswith(STAGING_PREFIX) and not n.startswith(".manifest-") and n != MARKER)
        except OSError as error:
            raise ResultsFolderError(f"{option} {destination}: {error.strerror}") from None
        claims = self._manifest(folder)
        proven, foreign = {}, []
        for name in names:
            files = None if claims is None else self._proven(folder, name, claims)
            if files is None:
                foreign.append(name)
            else:
                proven[name] = files
        if claims is None and foreign:
            why = (" and its .fairhac-results marker lists none of them (an older version's folder?)"
                   if os.path.exists(os.path.join(folder, MARKER)) else "")
            raise ResultsFolderError(
                f"{option} {destination}: the folder holds files FairHAC did not write (such as {foreign[0]!r}){why}; a run "
                "writes only into a new folder, an empty one, or one of its own results. Choose another folder, or remove "
                "those files yourself")
        clash = next((name for name in foreign if name in writing), None)
        if clash is not None:
            raise ResultsFolderError(
                f"{option} {destination}: {clash!r} there was not written by FairHAC (or was changed since), and this run "
                "would replace it; it is left as it is. Move it away or choose another folder")
        inputs = self._input_identities()
        for name in sorted(proven):
            paths = [name] + sorted(proven[name])
            if any(_identity(os.path.join(folder, p)) in inputs for p in paths):
                verb = "replace" if name in writing else "remove"
                raise ResultsFolderError(
                    f"{option} {destination}: {name!r} there is this run's input, which the run would {verb}; "
                    "choose another folder for the results")
        return proven

    def _input_identities(self):
        out = set()
        for path in self.inputs:
            identity = _identity(path)
            if identity is not None:
                out.add(identity)
            if os.path.isdir(path):
                for relative in _files_under(path)[0]:
                    identity = _identity(os.path.join(path, relative))
                    if identity is not None:
                        out.add(identity)
        return out

    @staticmethod
    def _remove_abandoned(folder, prefix):
        """Staging folders of runs that were killed: only those carrying this tool's proof, whose process is gone."""
        try:
            entries = os.listdir(folder)
        except OSError:
            return
        for entry in entries:
            if not entry.startswith(prefix):
                continue
            pid = entry[len(prefix):]
            full = os.path.join(folder, entry)
            if not pid.isdigit() or os.path.islink(full) or not os.path.isdir(full):
                continue
            try:
                with open(os.path.join(full, STAGING_PROOF)) as f:
                    if f.read().strip() != f"fairhac-staging {pid}":
                        continue
                os.kill(int(pid), 0)
            except ProcessLookupError:
                shutil.rmtree(full, ignore_errors=True)
            except (OSError, ValueError):
                continue

    # -- commit ------------------------------------------------------------------------------

    def _staged(self):
        names = sorted(n for n in os.listdir(self.path) if n != STAGING_PROOF)
        written = {}
        for name in names:
            full = os.path.join(self.path, name)
            relatives = [name] if os.path.isfile(full) else [f"{name}/{r}" for r in _files_under(full)[0]]
            for relative in relatives:
                written[relative] = digest_line(self.path, relative)
        return names, written

    def _write_manifest(self, files, folder, extra=None):
        lines = [HEADER]
        for path in sorted(files):
            if "\n" in path:
                raise ResultsFolderError(f"{self.option} {self.destination}: cannot list {path!r} in the manifest")
            size, value = files[path]
            lines.append(f"{size} {value} {path}")
            old = (extra or {}).get(path)
            if old is not None and old != files[path]:
                lines.append(f"{old[0]} {old[1]} {path}")
        temporary = os.path.join(self.path, f".manifest-{os.getpid()}")
        with open(temporary, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(temporary, os.path.join(folder, MARKER))

    def commit(self):
        """Moves the staged results into place (see the module's documentation)."""
        names, written = self._staged()
        if not self.existed:
            os.remove(os.path.join(self.path, STAGING_PROOF))
            self._write_manifest(written, self.path)
            try:
                os.rename(self.path, self.absolute)
                self.committed = True
                _PENDING.discard(self.path)
                return
            except OSError:
                # Created during the run: treat it as an existing folder.
                with open(os.path.join(self.path, STAGING_PROOF), "w") as f:
                    f.write(f"fairhac-staging {os.getpid()}\n")
        proven = self._check(self.absolute, set(names))
        earlier = {path: line for files in proven.values() for path, line in files.items()}
        self._write_manifest({**earlier, **written}, self.absolute, extra=earlier)
        trash = os.path.join(self.path, ".replaced")
        for name in names:
            target = os.path.join(self.absolute, name)
            if name in proven and os.path.isdir(target):
                os.makedirs(trash, exist_ok=True)
                os.rename(target, os.path.join(trash, name))
            os.replace(os.path.join(self.path, name), target)
        for name in sorted(set(proven) - set(names)):
            target = os.path.join(self.absolute, name)
            if os.path.isdir(target):
                shutil.rmtree(target, ignore_errors=True)
            else:
                try:
                    os.remove(target)
                except OSError:
                    pass
        self._write_manifest(written, self.absolute)
        self.committed = True
        shutil.rmtree(self.path, ignore_errors=True)
        _PENDING.discard(self.path)

    def discard(self):
        """Removes the staging folder (a failed or interrupted run)."""
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)
            _PENDING.discard(self.path)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is not None:
            self.discard()
        return False
