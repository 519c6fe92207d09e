"""Progress on the console while the bench runs (rich): one line per measurement step."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


def progress_display(console: Console) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=False)


class Step:
    """The current measurement's line: what it is doing, and how far along a known amount of work."""

    def __init__(self, progress: Progress, name: str) -> None:
        self._progress, self._name = progress, name
        self._task = progress.add_task(name, total=None)

    def say(self, doing: str, total: float | None = None) -> None:
        """Describe the step; with `total`, restart the bar for that much work."""
        fields: dict = {"description": f"{self._name}: {doing}"}
        if total is not None:
            fields.update(total=total, completed=0)
        self._progress.update(self._task, **fields)

    def advance_to(self, completed: float) -> None:
        self._progress.update(self._task, completed=completed)

    def log(self, message: str) -> None:
        self._progress.console.log(f"{self._name}: {message}")

    def finish(self, summary: str) -> None:
        self._progress.update(self._task, description=f"{self._name}: {summary}", total=1, completed=1)
