"""Unbound Flask extensions, bound to the app in `create_app`."""

from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session

from kiosk import rate_limit_storage  # noqa: F401  (registers the sqlite:// limits storage)
from kiosk.models.base import Base


class Database(SQLAlchemy):
    #: A scoped session: a proxy with every method of the Session of the current context,
    #: typed as that Session, which is what the plain domain functions take.
    session: Session  # type: ignore[assignment]


db = Database(model_class=Base)
migrate = Migrate()
babel = Babel()
htmx = HTMX()
csrf = CSRFProtect()
#: Limits per client address (the real one behind the hub's proxy: PROXY_HOPS), counted in
#: RATELIMIT_STORAGE_URI, by default a file all of the box's workers share (kiosk/__init__.py).
limiter = Limiter(key_func=get_remote_address)
login_manager = LoginManager()
