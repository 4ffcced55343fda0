"""A receipt printer on a real socket (raw TCP, as on port 9100), and a decoder for what it got."""

import contextlib
import socket
import threading

from PIL import Image

GS_V_0 = b"\x1dv0"


class RawPrinter:
    """Accepts connections on 127.0.0.1 and keeps the bytes of each one, like a network printer."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self._done = threading.Condition()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return  # closed
            with connection:
                chunks = []
                while chunk := connection.recv(65536):
                    chunks.append(chunk)
            with self._done:
                self.jobs.append(b"".join(chunks))
                self._done.notify_all()

    def wait_for(self, count: int, timeout: float = 10) -> list[bytes]:
        with self._done:
            self._done.wait_for(lambda: len(self.jobs) >= count, timeout)
        return self.jobs

    def close(self) -> None:
        """Unplug it: the port refuses connections from now on."""
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.server.close()


def decode_raster(job: bytes) -> Image.Image:
    """Put the GS v 0 bands of a print job back together into one 1-bit image."""
    bands = []
    at = job.find(GS_V_0)
    assert at >= 0, "no raster image in the print job"
    while at >= 0:
        width_bytes = job[at + 4] | job[at + 5] << 8
        height = job[at + 6] | job[at + 7] << 8
        start = at + 8
        data = job[start : start + width_bytes * height]
        # ESC/POS: a set bit is a black dot; PIL's "1" raw mode reads a set bit as white.
        band = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in data))
        bands.append(band)
        at = job.find(GS_V_0, start + len(data))
    picture = Image.new("1", (bands[0].width, sum(b.height for b in bands)), 1)
    y = 0
    for band in bands:
        picture.paste(band, (0, y))
        y += band.height
    return picture
