"""Addresses the app may send a person back to: its own paths only."""

from urllib.parse import urlsplit

#: Longer "next" addresses are not worth keeping (a pasted 10,000-character search, say).
MAX_BACK_TARGET = 512


def is_local_path(target: str) -> bool:
    """A path on this site only: no scheme, no host, no control characters or backslashes
    (browsers read a backslash, or a tab between slashes, as the start of another host)."""
    parts = urlsplit(target)
    return (
        target.startswith("/")
        and not parts.scheme
        and not parts.netloc
        and len(target) <= MAX_BACK_TARGET
        and target.isprintable()
        and not target.startswith("//")
        and "\\" not in target
    )
