"""Workbooks (.xlsx, Strict .xlsx, .xlsm, .xls, .ods) read by python-calamine in a process of
its own, with its memory and time capped, so that a file that makes calamine end its process
ends only the reading. This module imports nothing but the standard library and the domain's
errors, so the reading process starts in a few milliseconds."""

import io
import itertools
import pickle
import re
import resource
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from domain.errors import InvalidInput

ZIP, CFB = b"PK\x03\x04", bytes.fromhex("d0cf11e0a1b11ae1")  # .xlsx .xlsm .ods; .xls and encrypted workbooks
RESAVE = "open it in Excel or LibreOffice, save a copy as .xlsx and import that"

PASSWORD_PROTECTED = 3  # how the reading process says so; any other failure is a damaged file
LIMITS = {resource.RLIMIT_AS: 4 << 30, resource.RLIMIT_CPU: 120}  # bytes of memory, seconds of work
CHUNK = 1000  # rows a pickle
READER = [sys.executable, "-c", "from importers.workbook import serve_rows; serve_rows()"]


def rows(name: str, data: bytes) -> Iterator[tuple[int, list]]:
    """The rows of a workbook's first visible sheet, read by calamine in a process of its own.

    calamine reads every format through one interface, Strict Open XML included, and several
    times faster than openpyxl. On some files it ends the process it runs in instead of raising:
    a 5 kB .xlsx with one cell at XFD1048576 asks for 550 GB, a damaged .xls panics or aborts. So
    it runs where that ends only the reading, with its memory and time capped, and sends the rows
    back a thousand at a time. It holds the sheet while it sends it: about 35 bytes a cell."""
    with subprocess.Popen(READER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          cwd=Path(__file__).parents[1]) as reader:
        try:
            _feed(reader.stdin, data)
            yield from enumerate(_unpickled(reader.stdout), start=1)
            status = reader.wait()
        finally:
            if reader.poll() is None:  # the import stopped reading part way
                reader.kill()
    if status == PASSWORD_PROTECTED:
        raise InvalidInput("file", name, "is password-protected: save a copy without a password and "
                           "import that")
    if status:
        raise InvalidInput("file", name, f"cannot be read as a spreadsheet (it may be damaged): {RESAVE}")


def _feed(pipe: BinaryIO, data: bytes) -> None:
    """Writes and closes as `communicate` does: a reader that stopped early says why by its status."""
    with suppress(BrokenPipeError):
        pipe.write(data)
    with suppress(BrokenPipeError):
        pipe.close()


def _unpickled(pipe: BinaryIO) -> Iterator[list]:
    """Each row the reading process sent, until it stopped: its status says whether it finished."""
    with suppress(EOFError, pickle.UnpicklingError):
        while True:
            yield from pickle.load(pipe)


def serve_rows() -> None:
    """The reading process: a workbook's bytes on standard input; out, the rows of its first
    visible sheet (the first sheet when none is marked visible), cells as values and dates as
    dates, pickled in lists of `CHUNK` rows: one pickle a row cost the importer more than
    calamine's reading."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum
    for kind, limit in LIMITS.items():
        resource.setrlimit(kind, (limit, limit))
    data, out = sys.stdin.buffer.read(), sys.stdout.buffer
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        shown = [n for n, sheet in enumerate(book.sheets_metadata)
                 if sheet.typ == SheetTypeEnum.WorkSheet and sheet.visible == SheetVisibleEnum.Visible]
        sheet = book.get_sheet_by_index(shown[0] if shown else 0).iter_rows()
        while chunk := list(itertools.islice(sheet, CHUNK)):
            pickle.dump(chunk, out, pickle.HIGHEST_PROTOCOL)
    except CalamineError as error:
        if isinstance(error, PasswordError) or _encrypted(data):
            sys.exit(PASSWORD_PROTECTED)
        raise
    out.flush()


ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # a stream's name in the container's directory
FILEPASS = re.compile(rb"\x09\x08\x10\x00.{16}\x2f\x00", re.DOTALL)  # BIFF8: the first record, then FILEPASS


def _encrypted(data: bytes) -> bool:
    """Encryption that calamine, reading from memory, reports only as a format it does not know:
    Office's (an OLE container holding an EncryptedPackage), an .xls whose opening record is
    followed by FILEPASS, an .ods whose manifest describes how it is encrypted."""
    if data.startswith(CFB):
        return ENCRYPTED_PACKAGE in data or FILEPASS.search(data) is not None
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return b"encryption-data" in book.read("META-INF/manifest.xml")
