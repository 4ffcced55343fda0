from flask import Blueprint, Response, jsonify, request

from kiosk.keys.pinyin import candidates

bp = Blueprint("keys", __name__, url_prefix="/keys")

#: Enough for a person to pick from, paged on the keypad; a search box has room for no more.
MOST = 120


@bp.get("/pinyin")
def pinyin() -> Response:
    """The characters for the first syllable of the letters typed: {syllable, candidates}."""
    found = candidates(request.args.get("syllable", "")[:40])
    response = jsonify(syllable=found.syllable, candidates=found.characters[:MOST])
    # The same letters always give the same characters until the software changes.
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
