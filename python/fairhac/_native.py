"""The Swift library (C ABI product FairHACC) loaded with ctypes, and the one way it is called.

Every entry point that can fail takes raw buffers, ends with the same three parameters (a cancel
flag, the error buffer and its capacity) and returns a status code; `call` runs it in a worker
thread (ctypes releases the GIL for the foreign call) and turns a failing status into the
Python exception, with the message the CLI prints:

- 1 (invalid input) -> ValueError, 2 (memory estimate refused) -> MemoryError, 3 -> RuntimeError,
  4 (cancelled) -> KeyboardInterrupt, 5 (invalid parameter) -> InvalidParameterError.

Ctrl-C: the main thread waits for the worker on a lock the worker releases when the core has
returned (never on Thread.join, which CPython 3.11 can leave believing a running thread has
ended when a KeyboardInterrupt arrives during it). A KeyboardInterrupt during the wait sets the
call's cancel flag, which the core looks at in every long loop (every 64-256 merges); the wait
goes on, through further Ctrl-Cs, until the core has returned, and only then is
KeyboardInterrupt raised: no run is ever left behind.
"""

import ctypes
import os
import sys
import threading
from pathlib import Path

import numpy as np

_LIBRARY = "libFairHACC.dylib" if sys.platform == "darwin" else "libFairHACC.so"

OK, INVALID_INPUT, INSUFFICIENT_MEMORY, INTERNAL_ERROR, CANCELLED, INVALID_PARAMETER = 0, 1, 2, 3, 4, 5
ABI_VERSION = 8
_ERROR_CAPACITY = 4096

_d = ctypes.POINTER(ctypes.c_double)
_i = ctypes.POINTER(ctypes.c_int64)
_s = ctypes.c_char_p
_i64, _i32, _f64, _u64 = ctypes.c_int64, ctypes.c_int32, ctypes.c_double, ctypes.c_uint64
_cancel = ctypes.POINTER(ctypes.c_int32)
# Every entry point below ends with (cancel flag, error buffer, its capacity), which `call` adds.
_tail = [_cancel, ctypes.c_char_p, _i64]
_result = ctypes.POINTER(ctypes.c_void_p)

_SIGNATURES = {
    "fairhac_run": [_s, _d, _i64, _i64, _i32, _i, _s, _d, _i, _d, _i, _i, _result],
    "fairhac_tune": [_s, _d, _i64, _i64, _i, _s, _result],
    "fairhac_check_request": [_s],
    "fairhac_labels": [_d, _i64, _i64, _i],
    "fairhac_zscore": [_d, _i64, _i64, _d, _i, _i],
    "fairhac_summarised_plan": [_s, _s, _result],
    "fairhac_micro_cluster": [_s, _s, _i64, _i64, _i, _i64, _i64, _d, _i, _d, _d, _i, _i, _i, _i, _d],
    "fairhac_run_summaries": [_s, _s, _i, _d, _i, _i, _d, _i, _d, _d, _i, _d, _d, _i, _result],
    "fairhac_assemble": [_i64, _i64, _i, _d, _d, _d],
    "fairhac_file_digest": [_s, _i, ctypes.POINTER(ctypes.c_uint64)],
    "fairhac_invalid_cells_message": [_s, _result],
}


def _load():
    path = os.environ.get("FAIRHAC_LIBRARY") or str(Path(__file__).resolve().parent / _LIBRARY)
    if not Path(path).exists():
        raise ImportError(
            f"fairhac: the Swift library {path} is missing; install the wheel that scripts/build_wheel.sh builds, "
            "or `pip install ./python` from a FairHAC checkout (it builds the library)")
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
        fn.argtypes = argtypes + _tail
        fn.restype = ctypes.c_int32
    lib.fairhac_version.argtypes = []
    lib.fairhac_version.restype = ctypes.c_char_p
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
# FairHAC's version, as the library reports it (the file VERSION, which the package's metadata also carries).
VERSION = LIB.fairhac_version().decode("ascii")


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
    """A group name as the core's messages show it: control characters (NUL, line breaks) written
    as \\xHH and backslashes doubled, so that distinct labels stay distinct."""
    out = []
    for ch in str(label):
        if ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


_in_flight = 0
_in_flight_lock = threading.Lock()
_interrupted = 0


def in_flight():
    """How many calls into the core are running now (0 whenever no fairhac function is on the stack)."""
    return _in_flight


def interrupted_calls():
    """How many calls a Ctrl-C (KeyboardInterrupt) has stopped while the core ran."""
    return _interrupted


def call(name, *args):
    """Calls entry point `name` in a worker thread and waits for the core to return, even through
    Ctrl-C (see the module's documentation); raises the mapped exception on failure."""
    global _in_flight, _interrupted
    fn = getattr(LIB, name)
    err = ctypes.create_string_buffer(_ERROR_CAPACITY)
    cancel = ctypes.c_int32(0)
    outcome = {}
    returned = threading.Lock()
    returned.acquire()

    def work():
        global _in_flight
        # `args`, `cancel` and `err` stay referenced here until the core returns.
        try:
            outcome["status"] = fn(*args, ctypes.byref(cancel), err, _ERROR_CAPACITY)
        except BaseException as error:  # a ctypes conversion error: report it in the caller
            outcome["error"] = error
        finally:
            with _in_flight_lock:
                _in_flight -= 1
            outcome["returned"] = True
            returned.release()

    with _in_flight_lock:
        _in_flight += 1
    worker = threading.Thread(target=work, name=f"fairhac:{name}", daemon=True)
    try:
        worker.start()
    except BaseException:
        with _in_flight_lock:
            _in_flight -= 1
        raise
    interrupted = False
    while not outcome.get("returned"):
        try:
            returned.acquire(timeout=0.5)
        except KeyboardInterrupt:
            # Ask the core to stop, and keep waiting until it has.
            cancel.value = 1
            interrupted = True
    if interrupted:
        _interrupted += 1
        raise KeyboardInterrupt
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


def call_json(name, *args):
    """`call` for an entry point whose last argument before the cancel flag receives a JSON text the
    library allocates: returns it parsed (and frees it)."""
    import json

    result = ctypes.c_void_p()
    call(name, *args, ctypes.byref(result))
    try:
        return json.loads(ctypes.string_at(result.value).decode("utf-8"))
    finally:
        LIB.fairhac_free(result)


def file_digest(path):
    """(size, digest) of a file as the results folder's manifest records it (the CLI's digest)."""
    size = ctypes.c_int64(0)
    digest = ctypes.c_uint64(0)
    call("fairhac_file_digest", text(os.fspath(path)), ctypes.byref(size), ctypes.byref(digest))
    return int(size.value), int(digest.value)


def default_grid(which):
    """GridSearch's default values: 0 = b, 1 = d, 2 = the paper's grid (schedule_arg="merges")."""
    count = LIB.fairhac_default_grid(which, None, 0)
    out = np.empty(count)
    LIB.fairhac_default_grid(which, ptr(out), count)
    return out
