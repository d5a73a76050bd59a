"""A progress bar for the terminal, drawn on one line of stderr when it is a terminal; otherwise (a log file)
a line at each tenth of the way, so thousands of rows make ten lines, not thousands."""

from __future__ import annotations

from typing import TextIO

WIDTH = 30


class ProgressBar:
    def __init__(self, stream: TextIO):
        self.stream = stream
        self.interactive = stream.isatty()
        self._logged_tenth = -1

    def __call__(self, done: int, total: int, text: str) -> None:
        filled = int(WIDTH * done / total) if total else 0
        tenth = 10 * done // total if total else 0
        if not self.interactive and total > 10 and tenth == self._logged_tenth:
            return
        self._logged_tenth = tenth
        line = f"[{'#' * filled}{'-' * (WIDTH - filled)}] {done}/{total} {text}"
        if self.interactive:
            self.stream.write("\r" + line.ljust(WIDTH + 40))
            if total and done >= total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
