"""The embedded runtime's generated secrets: one file per PostgreSQL role under `.run/secrets/`.

The directory is 0700 and every file 0600 (re-tightened whenever read, whatever the umask or a
copy left them): only the user who runs `make run` reads them — the supervisor, `shuangkong`
commands beside it, the test runtime. A password is made once, when first asked for, and kept:
the cluster stores only its SCRAM verifier (libs/roles.py).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_SUFFIX = ".password"


class SecretFiles:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(os.path.abspath(directory))

    def path(self, name: str) -> Path:
        return self.directory / f"{name}{_SUFFIX}"

    def read(self, name: str) -> str | None:
        """The secret kept for `name`, or None when there is none."""
        path = self.path(name)
        try:
            os.chmod(self.directory, 0o700)
            os.chmod(path, 0o600)
            value = path.read_text().strip()
        except FileNotFoundError:
            return None
        return value or None

    def password(self, name: str) -> str:
        """The password kept for `name`, made and written (0600) the first time."""
        kept = self.read(name)
        if kept is not None:
            return kept
        self._ensure_directory()
        value = secrets.token_urlsafe(24)  # URL-safe: it goes into connection URLs as it is
        path = self.path(name)
        staging = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(value + "\n")
        os.replace(staging, path)  # whole or absent, never half-written
        return value

    def _ensure_directory(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
