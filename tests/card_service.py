"""A simulated ID card reader service: a real HTTP server on a socket, answering what the
test sets (as the vendors' local services do: JSON with the card, photo and address)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: A card as a vendor's service answers it (field names of a common one), photo included.
CARD = {
    "resultFlag": 0,
    "partyName": "巴特尔",
    "gender": "男",
    "nation": "蒙古",
    "bornDay": "19900307",
    "certAddress": "内蒙古呼和浩特市新城区某街1号",
    "certNumber": "150102199003071237",
    "identityPic": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
}


class CardService:
    def __init__(self) -> None:
        self.status = 200
        self.body = json.dumps(CARD, ensure_ascii=False).encode()
        self.asked = 0
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                service.asked += 1
                self.send_response(service.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(service.body)))
                self.end_headers()
                self.wfile.write(service.body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/readcard"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, body: bytes | dict, status: int = 200) -> None:
        self.status = status
        self.body = body if isinstance(body, bytes) else json.dumps(body).encode()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
