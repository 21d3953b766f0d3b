"""The Swift library (C ABI product FairHACC) loaded with ctypes, and the one way it is called.

Every entry point takes raw buffers and returns a status code; `call` runs it in a worker
thread (ctypes releases the GIL for the foreign call) and turns a failing status into the
Python exception, with the message the CLI prints:

- 1 (invalid input) -> ValueError, 2 (memory estimate refused) -> MemoryError, 3 -> RuntimeError,
  4 (cancelled) -> KeyboardInterrupt.

Ctrl-C: the main thread waits for the worker in short joins, so it sees KeyboardInterrupt at
once; it then sets the call's cancel flag, which the core's merge loops look at every 64-256
merges (clustering, fair merging, the grid search), waits for the core to stop, and raises
KeyboardInterrupt: no run is left behind. A second Ctrl-C stops the wait.
"""

import ctypes
import os
import sys
import threading
from pathlib import Path

import numpy as np

_LIBRARY = "libFairHACC.dylib" if sys.platform == "darwin" else "libFairHACC.so"

OK, INVALID_INPUT, INSUFFICIENT_MEMORY, INTERNAL_ERROR, CANCELLED, INVALID_PARAMETER = 0, 1, 2, 3, 4, 5
ABI_VERSION = 6
GROUP_NAME_SEPARATOR = "\x1f"
_ERROR_CAPACITY = 4096

_d = ctypes.POINTER(ctypes.c_double)
_i = ctypes.POINTER(ctypes.c_int64)
_s = ctypes.c_char_p
_i64, _i32, _f64, _u64 = ctypes.c_int64, ctypes.c_int32, ctypes.c_double, ctypes.c_uint64
_err = [ctypes.c_char_p, _i64]
_cancel = ctypes.POINTER(ctypes.c_int32)
# Entry points that take a cancel flag just before the error buffer: a Ctrl-C sets it and the core
# stops at its next look (every 64-256 merges).
_CANCELLABLE = ("fairhac_linkage", "fairhac_run", "fairhac_tune", "fairhac_summarised", "fairhac_summarised_top")
_result = ctypes.POINTER(ctypes.c_void_p)

_SIGNATURES = {
    "fairhac_linkage": [_d, _i64, _i64, _i32, _s, _s, _i64, _i32, _s, _d, _cancel] + _err,
    "fairhac_run": [_s, _d, _i64, _i64, _i32, _i, _s, _d, _i, _d, _i, _i, _result, _cancel] + _err,
    "fairhac_tune": [_s, _d, _i64, _i64, _i, _s, _d, _i64, _d, _i64, _i64, _d, _d, _i, _d, _d, _i, _i, _i, _cancel] + _err,
    "fairhac_make_fair": [_s, _d, _i64, _i, _s, _d, _i, _d, _d] + _err,
    "fairhac_check_request": [_s] + _err,
    "fairhac_labels": [_d, _i64, _i64, _i] + _err,
    "fairhac_zscore": [_d, _i64, _i64, _d, _i, _i] + _err,
}


def _load():
    path = os.environ.get("FAIRHAC_LIBRARY") or str(Path(__file__).resolve().parent / _LIBRARY)
    if not Path(path).exists():
        raise ImportError(
            f"fairhac: the Swift library {path} is missing; install the package with `pip install ./python` "
            "from a FairHAC checkout (it builds the library)")
    # The Swift runtime's crash backtracer starts a helper that inherits the interpreter's stderr
    # and can outlive a crash for minutes; it reads SWIFT_BACKTRACE once, when the runtime loads.
    # Off unless the user set it (as the `fairhac` tool does).
    os.environ.setdefault("SWIFT_BACKTRACE", "enable=no")
    lib = ctypes.CDLL(path)
    lib.fairhac_abi_version.restype = ctypes.c_int32
    if lib.fairhac_abi_version() != ABI_VERSION:
        raise ImportError(f"fairhac: {path} has ABI version {lib.fairhac_abi_version()}, expected {ABI_VERSION}; reinstall")
    for name, argtypes in _SIGNATURES.items():
        fn = getattr(lib, name)
        fn.argtypes = argtypes
        fn.restype = ctypes.c_int32
    lib.fairhac_free.argtypes = [ctypes.c_void_p]
    lib.fairhac_free.restype = None
    lib.fairhac_parse_size.argtypes = [_s]
    lib.fairhac_parse_size.restype = _i64
    lib.fairhac_defaults.argtypes = [_result]
    lib.fairhac_defaults.restype = ctypes.c_int32
    lib.fairhac_default_grid.argtypes = [_i32, _d, _i64]
    lib.fairhac_default_grid.restype = _i64
    return lib


LIB = _load()


def _defaults():
    """The core's defaults and names (fairhac_defaults): rules, rule_specs, auto_rules, grid_b,
    grid_d, paper_grid. Read once; the package copies none of them."""
    import json

    out = ctypes.c_void_p()
    if LIB.fairhac_defaults(ctypes.byref(out)) != OK:
        raise ImportError("fairhac: the library could not report its defaults")
    try:
        return json.loads(ctypes.string_at(out.value).decode("utf-8"))
    finally:
        LIB.fairhac_free(out)


DEFAULTS = _defaults()


def ptr(array):
    """A pointer to the data of a C-contiguous array (None for None): no copy is made."""
    if array is None:
        return None
    assert array.flags.c_contiguous, "internal: buffers passed to the core must be C-contiguous"
    if array.dtype == np.float64:
        return array.ctypes.data_as(_d)
    if array.dtype == np.int64:
        return array.ctypes.data_as(_i)
    raise TypeError(f"internal: unexpected buffer dtype {array.dtype}")


def text(value):
    """A string for the core, NUL-terminated: the parameters are checked before (fairhac._params),
    so a NUL byte here, which would cut the string short in C, is a bug."""
    if value is None:
        return None
    encoded = str(value).encode("utf-8", "backslashreplace")
    if b"\x00" in encoded:
        raise ValueError(f"a text parameter contains a NUL character: {value!r}")
    return encoded


def _message_name(label):
    """A group name as the core's messages show it: control characters (the separator 0x1F, NUL,
    line breaks) written as \\xHH and backslashes doubled, so that distinct labels stay distinct."""
    out = []
    for ch in str(label):
        if ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


def names(labels):
    """Group names for the core's messages, joined by the separator the C side splits on."""
    return GROUP_NAME_SEPARATOR.join(_message_name(v) for v in labels).encode("utf-8", "backslashreplace")


def call(name, *args):
    """Calls entry point `name` in a worker thread; raises the mapped exception on failure."""
    fn = getattr(LIB, name)
    err = ctypes.create_string_buffer(_ERROR_CAPACITY)
    outcome = {}
    cancel = ctypes.c_int32(0)
    extra = (ctypes.byref(cancel),) if name in _CANCELLABLE else ()

    def work():
        # `args`, `cancel` and `err` stay referenced here until the core returns.
        try:
            outcome["status"] = fn(*args, *extra, err, _ERROR_CAPACITY)
        except BaseException as error:  # a ctypes conversion error: report it in the caller
            outcome["error"] = error

    worker = threading.Thread(target=work, name=f"fairhac:{name}", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)  # returns as soon as the worker ends; lets KeyboardInterrupt through
    except KeyboardInterrupt:
        # Ask the core to stop and wait for it (it looks every few hundred merges), so that no
        # abandoned run keeps the cores and its memory; a second Ctrl-C stops waiting.
        cancel.value = 1
        try:
            while worker.is_alive():
                worker.join(0.1)
        finally:
            raise KeyboardInterrupt from None
    if "error" in outcome:
        raise outcome["error"]
    status = outcome["status"]
    if status == OK:
        return
    message = err.value.decode("utf-8", "replace")
    if status == INVALID_INPUT:
        raise ValueError(message)
    if status == INSUFFICIENT_MEMORY:
        raise MemoryError(message)
    if status == CANCELLED:
        raise KeyboardInterrupt
    if status == INVALID_PARAMETER:
        from ._params import InvalidParameterError

        raise InvalidParameterError(message)
    raise RuntimeError(f"fairhac internal error ({name}): {message}")


def default_grid(which):
    """GridSearch's default values: 0 = b, 1 = d, 2 = the paper's grid (schedule_arg="merges")."""
    count = LIB.fairhac_default_grid(which, None, 0)
    out = np.empty(count)
    LIB.fairhac_default_grid(which, ptr(out), count)
    return out
