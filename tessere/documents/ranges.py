"""HTTP Range requests (RFC 9110 §14), single ranges only: enough for <audio> and <video> to
seek. Several ranges in one request ("bytes=0-1,5-9") are answered with the whole file, which
the RFC allows; a range past the end is a 416 with "Content-Range: bytes */<size>"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


class Unsatisfiable(Exception):
    """The range asked for lies outside the file (answer 416)."""


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one range to send, None for the whole file (no header, several ranges, or a header
    we do not understand: ignoring it is always allowed). Raises Unsatisfiable."""
    if not header:
        return None
    match = _RANGE.match(header)
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # "bytes=-500": the last 500 bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None  # syntactically invalid: ignored
    if start >= size:
        raise Unsatisfiable
    end = int(last) if last else size - 1
    return ByteRange(start, min(end, size - 1))
