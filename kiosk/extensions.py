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
#: Limits per client address, kept in each worker's memory: a box has few workers, and a
#: limit a few times higher than written is still a limit (see RATE_LIMITS in config).
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://")
login_manager = LoginManager()
