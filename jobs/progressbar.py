"""A progress bar for the terminal, drawn on one line of stderr when it is a terminal, line by line otherwise."""

from __future__ import annotations

from typing import TextIO

WIDTH = 30


class ProgressBar:
    def __init__(self, stream: TextIO):
        self.stream = stream
        self.interactive = stream.isatty()

    def __call__(self, done: int, total: int, text: str) -> None:
        filled = int(WIDTH * done / total) if total else 0
        line = f"[{'#' * filled}{'-' * (WIDTH - filled)}] {done}/{total} {text}"
        if self.interactive:
            self.stream.write("\r" + line.ljust(WIDTH + 40))
            if total and done >= total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
