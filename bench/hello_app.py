"""The smallest Flask app: the yardstick bench/search.py compares the job list against.

Served by gunicorn with the project's own gunicorn.conf.py; every path answers with a short
string, so it can be loaded with exactly the same URL list as the real app.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
@app.get("/<path:_path>")
def hello(_path: str = "") -> str:
    return "Hello, kiosk"
