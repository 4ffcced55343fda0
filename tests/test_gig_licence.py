"""The photo of a business licence sent with a gig post: shrunk, upright, stripped of where it
was taken, sealed, and seen only by the station's reviewer; a file that is no photo, or one too
large to send, is refused with a message and nothing is saved."""

import io
import re

from PIL import Image
from sqlalchemy import select
from test_gigs import file_post, gig, posts, problem, receipt_of, the_post, token
from test_staff import csrf, get, signed_in
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from kiosk.extensions import db
from kiosk.gigs import licence
from kiosk.models import GigLicence

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def camera_photo(width: int = 4000, height: int = 3000, *, turned: bool = True) -> bytes:
    """A phone camera's JPEG: large, held sideways (EXIF orientation 6), with where it was
    taken (a GPS position in Hohhot)."""
    image = Image.new("RGB", (width, height), "white")
    image.paste((200, 30, 30), (0, 0, width // 4, height // 4))  # a red seal, top left
    exif = Image.Exif()
    exif[ORIENTATION] = 6 if turned else 1
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 49.0, 0.0), 3: "E", 4: (111.0, 40.0, 0.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def post_with(client, app, photo: bytes, name: str = "licence.jpg", **changes):
    url = f"/post/{token(app)}"
    with app.app_context():
        page = client.get(url).get_data(as_text=True)
    # Encoded here in memory: the test client would spool a large body to an unclosed file.
    fields = {"csrf_token": csrf(page), **gig(**changes),
              "licence": FileStorage(io.BytesIO(photo), name)}  # fmt: skip
    boundary, body = encode_multipart(fields)
    with app.app_context():
        return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def kept_photo(app) -> Image.Image:
    post = the_post()
    sealed = db.session.get(GigLicence, post.id).photo_sealed
    assert not sealed.startswith(b"\xff\xd8")  # sealed, not a JPEG lying in the database
    return Image.open(io.BytesIO(licence.photo(db.session, post.id, _vault(app))))


def _vault(app):
    from kiosk.personal_data import vault_for

    return vault_for(app)


def test_the_photo_is_kept_upright_small_and_without_its_place(app, client):
    receipt = receipt_of(post_with(client, app, camera_photo()))
    photo = kept_photo(app)
    assert photo.format == "JPEG"
    assert photo.size == (1200, 1600)  # turned upright, then at most 1,600 px each way
    assert GPS_IFD not in photo.getexif() and not photo.getexif()  # no place, no camera
    assert photo.getpixel((10, photo.height - 10))[0] > 150  # the red seal, turned with it
    page = get(client, f"/post/r/{receipt}").get_data(as_text=True)
    assert "营业执照照片" in page and "已随信息提交" in page
    assert "licence.jpg" not in page  # the employer's page never shows the photo itself


def test_only_the_reviewer_sees_the_photo(app, client):
    receipt_of(post_with(client, app, camera_photo(turned=False)))
    url = f"/staff/gigs/{the_post().id}/licence.jpg"
    assert get(client, url).status_code in (302, 303)  # not signed in: the sign-in page
    desk = signed_in(app, "wang")
    review = get(desk, f"/staff/gigs/{the_post().id}").get_data(as_text=True)
    assert f'src="{url}"' in review
    answer = get(desk, url)
    assert answer.status_code == 200 and answer.mimetype == "image/jpeg"
    assert answer.headers["Cache-Control"] == "no-store"
    assert Image.open(io.BytesIO(answer.data)).size == (1600, 1200)


def test_a_post_without_a_photo_says_so_to_the_reviewer(app, client):
    receipt_of(file_post(client, app))
    desk = signed_in(app, "wang")
    review = get(desk, f"/staff/gigs/{the_post().id}").get_data(as_text=True)
    assert "未提交" in review and "licence.jpg" not in review
    assert get(desk, f"/staff/gigs/{the_post().id}/licence.jpg").status_code == 404


def test_a_file_that_is_no_photo_is_refused_and_nothing_is_saved(app, client):
    for content, name in ((b"%PDF-1.7 not a photo", "licence.jpg"),
                          (b"GIF89a" + b"\0" * 40, "licence.gif")):  # fmt: skip
        answer = post_with(client, app, content, name)
        assert answer.status_code == 422
        page = answer.get_data(as_text=True)
        assert "不是可读取的照片" in problem(page, "licence")
        assert "请重新选择照片" in page  # a browser never keeps the chosen file
    assert posts() == 0 and db.session.scalars(select(GigLicence)).first() is None


def test_a_photo_too_large_to_send_gets_its_own_message(app, client):
    # Just over the limit (the form's own fields fit beside it), and far over: both refused.
    for size in (licence.MAX_BYTES + 1, licence.MAX_BYTES + 200_000):
        answer = post_with(client, app, b"\xff\xd8" + b"\0" * size)
        assert answer.status_code == 413
        page = answer.get_data(as_text=True)
        assert "照片太大" in page and "最大 12 MB" in page
    assert posts() == 0


def test_the_photo_limit_is_only_for_the_forms_that_take_one(app, client):
    # Any other form keeps the app's own limit of 2 MB.
    with app.app_context():
        page = client.get("/").get_data(as_text=True)
    with app.app_context():
        padding = "x" * (3 * 1024 * 1024)
        answer = client.post("/register/phone", data={"csrf_token": csrf(page), "pad": padding})
    assert answer.status_code == 413


def test_an_edit_keeps_the_photo_unless_a_new_one_comes(app, client):
    receipt = receipt_of(post_with(client, app, camera_photo(turned=False)))
    first = db.session.get(GigLicence, the_post().id).photo_sealed

    def edit(**extra):
        with app.app_context():
            page = client.get(f"/post/r/{receipt}/edit").get_data(as_text=True)
        assert "之前已上传过照片" in page
        version = re.search(r'name="version" value="(\d+)"', page)[1]
        with app.app_context():
            form = {"csrf_token": csrf(page), "version": version, **gig(pay="240"), **extra}
            return client.post(f"/post/r/{receipt}/edit", data=form)

    assert edit().status_code == 303
    db.session.expire_all()
    assert db.session.get(GigLicence, the_post().id).photo_sealed == first
    assert (
        edit(licence=(io.BytesIO(camera_photo(800, 600, turned=False)), "new.jpg")).status_code
        == 303
    )
    db.session.expire_all()
    assert kept_photo(app).size == (800, 600)


def test_the_mongolian_form_says_the_problem_in_mongolian(app, client):
    client.get("/lang/mn_Mong_CN")
    answer = post_with(client, app, b"not a photo")
    assert answer.status_code == 422
    assert "ᠵᠢᠷᠤᠭ" in problem(answer.get_data(as_text=True), "licence")
    assert token(app)  # the same station code opened the form
