"""gunicorn's access log without the secrets some addresses carry: the token of a slip
(/s/<token>, which opens it) and of a phone hand-off (/register/h/<token>) become "…"."""

import re

from gunicorn.glogging import Logger

#: Paths whose next segment is a bearer token (anyone holding it opens the record).
TOKEN_PATHS = re.compile(r"(?:(?<=\s)|^)(/s|/register/h)/[^/?\s]+")


def mask_tokens(text: str) -> str:
    return TOKEN_PATHS.sub(r"\1/…", text)


class TokenMaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_tokens(atoms[key])
        return atoms
