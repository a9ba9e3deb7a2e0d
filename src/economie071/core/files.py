"""Files the platform writes for others to read (PDFs, static copies, caches).

Written atomically (a temporary file beside the target, then a rename: never a
half-written file) and readable by a web server that runs as another user: files 0644,
folders 0755, whatever the process's umask or the temporary file's own 0600.
"""

import os
import tempfile
from pathlib import Path

FILE_MODE = 0o644
FOLDER_MODE = 0o755


def write_file_atomically(path: Path, content: bytes) -> None:
    """Write `content` to `path` through a temporary file and a rename, mode 0644."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def make_readable(folder: Path) -> None:
    """Give a written folder tree the modes a web server can read: 0755 and 0644."""
    folder = Path(folder)
    os.chmod(folder, FOLDER_MODE)
    for path in folder.rglob("*"):
        os.chmod(path, FOLDER_MODE if path.is_dir() else FILE_MODE)
