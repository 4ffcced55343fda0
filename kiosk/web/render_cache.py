"""Small per-app caches of rendered HTML, for what kiosks ask again and again (a tapped job
list, the gig board's cards). Each is kept in `app.extensions` under its own name, so every app
(a test makes many in one process) has its own."""

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from flask import current_app


class RenderCache:
    """An LRU of rendered HTML. A hit is current only if the key holds everything the HTML
    depends on (an index generation, a record's version, the language): that is the caller's
    part."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple, str] = OrderedDict()
        self._lock = Lock()  # gunicorn's workers are single-threaded; `kiosk run` is not

    def __contains__(self, key: tuple) -> bool:
        with self._lock:
            return key in self._entries

    def get_or_render(self, key: tuple, render: Callable[[], str]) -> str:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        html = render()
        with self._lock:
            self._entries[key] = html
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return html


def render_cache(name: str, size: int) -> RenderCache:
    """This app's cache called `name`, made with `size` entries the first time."""
    key = f"kiosk.render_cache.{name}"
    cache = current_app.extensions.get(key)
    if cache is None:
        cache = current_app.extensions[key] = RenderCache(size)
    return cache
