"""Output folders that are whole or absent: a run's files are written into a temporary folder beside
the target and renamed into place at the end (:func:`staged`); the target is checked before any
simulation starts (:func:`check_target`). Light on imports, so that a command line can refuse a
folder before it loads the model."""

from __future__ import annotations

import glob
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


class OutputError(ValueError):
    """The output folder cannot be used (it names the folder and says why)."""


PROJECT = Path(__file__).resolve().parent.parent  # the project's folder: never replaced by --overwrite


def check_target(out: str | Path, overwrite: bool = False) -> Path:
    """Check, before anything runs, that ``out`` can take a run's outputs: it is not a file, an
    existing non-empty folder is replaced only with ``overwrite`` (and never when it holds the
    project or the current folder), and a folder can be created beside it (tried: a probe folder
    is made there and removed). Nothing is left behind; an :class:`OutputError` says what is wrong."""
    out = Path(out)
    if str(out) in ("", "."):
        raise OutputError(f"{str(out)!r}: the current folder cannot be replaced by a run's outputs; name a new folder")
    if any(len(os.fsencode(part)) > 200 for part in out.parts):
        raise OutputError(f"{str(out)[:60]}...: a folder name longer than 200 bytes (the system allows 255, and the "
                          "temporary folder beside it needs a few more)")
    try:
        return _check_target(out, overwrite)
    except OSError as exc:  # a path the system refuses outright (a loop of links, a name too long...)
        raise OutputError(f"{out}: cannot be used ({exc.strerror})") from None


def _check_target(out: Path, overwrite: bool) -> Path:
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not overwrite:
            raise OutputError(f"{out}: the folder exists and is not empty; choose another, or replace it with --overwrite")
        whole = out.resolve()
        for kept in (Path.cwd().resolve(), PROJECT, Path.home().resolve()):
            if kept == whole or kept.is_relative_to(whole):
                raise OutputError(f"{out}: holds {kept}, which --overwrite would delete; name a folder of its own")
    parent = out.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"{out}: {parent} is a file, not a folder")
    places = [parent] + [out] * (overwrite and out.is_dir())  # replacing a folder also empties it
    for place in places:
        try:
            os.rmdir(tempfile.mkdtemp(prefix=f".{out.name[:50]}.", suffix=".probe", dir=place))
        except OSError as exc:
            raise OutputError(f"{out}: cannot write in {place} ({exc.strerror})") from None
    return out


@contextmanager
def staged(out: str | Path, overwrite: bool = False):
    """A temporary folder beside ``out`` that takes its place when the block ends without error, so
    a run's outputs are whole or absent. An existing non-empty ``out`` is refused unless
    ``overwrite``, then replaced whole (no stray file of an earlier run stays); on any error, the
    temporary folder goes (and any parent folder made for it) and ``out`` is left as it was.
    Checked before the block runs (:func:`check_target`): ``out`` is not a file and its parent
    folder can be written."""
    out = check_target(out, overwrite)
    made = [p for p in out.absolute().parents if not p.exists()]  # parent folders this call creates
    _remove_abandoned(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name[:50]}.{os.getpid()}.", suffix=".partial", dir=out.parent))
    except OSError as exc:
        _remove_empty(made)
        raise OutputError(f"{out}: cannot write there ({exc.strerror})") from None
    umask = os.umask(0)
    os.umask(umask)
    stage.chmod(0o777 & ~umask)
    try:
        yield stage
        if out.exists():
            replaced = Path(tempfile.mkdtemp(prefix=f".{out.name[:50]}.", suffix=".replaced", dir=out.parent))
            os.replace(out, replaced / "old")
            try:
                os.replace(stage, out)
            except BaseException:
                os.replace(replaced / "old", out)  # the earlier outputs back in place
                replaced.rmdir()
                raise
            shutil.rmtree(replaced, ignore_errors=True)
        else:
            os.replace(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        _remove_empty(made)
        raise


def _remove_abandoned(out: Path) -> None:
    """Remove the temporary folders beside ``out`` left by a run that was killed (SIGKILL, power
    cut) before it could clean up: those whose process is gone. Those of a live process stay."""
    if not out.parent.is_dir():
        return
    for folder in out.parent.glob(f".{glob.escape(out.name[:50])}.*.partial"):
        pid = folder.name[len(out.name[:50]) + 2:].split(".")[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass  # another user's process: alive


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders made for a staged output (deepest first) when nothing else went in them."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


@contextmanager
def staged_files(out: str | Path):
    """For a folder that keeps other files (a report's folder in docs/, beside a study): the block
    writes its files into a temporary folder inside ``out``, and only when it ends without error
    are they moved in (each replaces the file of the same name); on any error, none is, and the
    earlier files stay as they were. ``out`` is checked first: not a file, and writable."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder")
    check_target(out / ".report", overwrite=False)  # its parent, out (or the nearest existing folder), is writable
    made = [p for p in [out, *out.absolute().parents] if not p.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".report.", suffix=".partial", dir=out))
    except OSError as exc:
        _remove_empty(made)
        raise OutputError(f"{out}: cannot write there ({exc.strerror})") from None
    try:
        yield stage
        for path in sorted(stage.iterdir()):
            os.replace(path, out / path.name)
        stage.rmdir()
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        _remove_empty(made)
        raise


def why(exc: OSError) -> str:
    """What an OSError of a write says, in the system's words ("File too large", "No space left on
    device"), also for pyarrow's errors, which carry the number only in their text."""
    number = exc.errno
    if not number and (found := re.search(r"\[errno (\d+)\]", str(exc), re.IGNORECASE)):
        number = int(found.group(1))
    text = os.strerror(number) if number else str(exc)
    return f"{text} ({exc.filename})" if exc.filename else text
