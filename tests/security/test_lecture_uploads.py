"""Hostile lecture uploads: materials of the wrong type, renamed, truncated, bit-flipped or
bombs, and broken attendance sheets.  Every one ends in a 400 page naming the file (or is
stored when it is a real document), never a 500; a refused material leaves no file behind;
and whatever was stored is served only as an attachment of its checked type."""
import io
import random

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from accounts.permissions import SYSTEM
from tests.support.hostile_files import bad_crc_zip, overlapping_zip, zip_bomb
from tests.support.sheets import HTML, PDF, office_zip, xlsx
from webapp.extensions import services


@pytest.fixture
def lecture(loaded_app, browsers):
    trainer = browsers["trainer"]
    token = trainer.csrf("/lectures/new")
    response = trainer.client.post("/lectures/new", data={
        "csrf_token": token, "title": "讲座", "kind": "lecture", "speaker": "王处长", "held_on": "2026-02-27",
        "hours": "1"})
    assert response.status_code == 302
    lecture_id = int(response.location.rsplit("/", 1)[1])

    def post(path: str, field: str, data: bytes, filename: str):
        body, _, boundary = stream_encode_multipart(
            {"csrf_token": token, field: FileStorage(io.BytesIO(data), filename)}, use_tempfile=False)
        response = trainer.client.post(f"/lectures/{lecture_id}/{path}", data=body.getvalue(),
                                       content_type=f"multipart/form-data; boundary={boundary}")
        return response.status_code, response.get_data(as_text=True)
    return lecture_id, post


def hostile_files():
    rng = random.Random(16)
    docx = office_zip("word/document.xml")
    files = {"random": bytes(rng.getrandbits(8) for _ in range(4096)), "empty": b"", "nul": b"\x00" * 100,
             "html": HTML, "svg": b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
             "bomb": zip_bomb(30), "overlap": overlapping_zip(50), "crc": bad_crc_zip({"word/document.xml": "<a/>"}),
             "plain-zip": office_zip("readme.txt")}
    for name, data in (("pdf", PDF), ("docx", docx)):
        for cut in (1, 4, len(data) // 2):
            files[f"{name}-cut{cut}"] = data[:cut]
    return files


def test_hostile_materials_are_refused_naming_the_file(loaded_app, lecture):
    lecture_id, post = lecture
    for label, data in hostile_files().items():
        for extension in ("pdf", "docx", "pptx", "png", "html"):
            filename = f"fuzz-{label}.{extension}"
            status, page = post("materials", "file", data, filename)
            if status == 302:    # a real document of that type (a PDF cut after its header)
                assert extension == "pdf" and data.startswith(b"%PDF-"), filename
                continue
            assert status == 400, (filename, status)
            assert filename in page or "只能上传" in page, (filename, page[:300])
    stored = services(loaded_app).lectures.get(SYSTEM, lecture_id).materials
    folder = services(loaded_app).settings.data_dir / "lectures"
    assert len(list(folder.iterdir())) == len(stored)
    for material in stored:
        response = loaded_app.test_client().get(f"/lectures/{lecture_id}/materials/{material.id}")
        assert response.status_code in (302, 401)   # not signed in: no file


def test_every_stored_material_is_an_attachment_of_its_checked_type(loaded_app, browsers, lecture):
    lecture_id, post = lecture
    for name, data in (("a.pdf", PDF), ("b.docx", office_zip("word/document.xml")), ("c.png", b"\x89PNG\r\n\x1a\n0")):
        assert post("materials", "file", data, name)[0] == 302
    for material in services(loaded_app).lectures.get(SYSTEM, lecture_id).materials:
        response = browsers["staff"].get(f"/lectures/{lecture_id}/materials/{material.id}")
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.mimetype == material.media_type and "html" not in response.mimetype
        assert "sandbox" in response.headers["Content-Security-Policy"]


def test_broken_attendance_sheets_are_refused_naming_the_file(loaded_app, lecture):
    lecture_id, post = lecture
    sheet = xlsx([("工号", "姓名"), ("nobody", "某人")])
    cases = {**hostile_files(), "sheet-flipped": bytes(b ^ 1 if i % 97 == 0 else b for i, b in enumerate(sheet)),
             "sheet-cut": sheet[: len(sheet) // 2], "unknown": sheet}
    for label, data in cases.items():
        for extension in ("xlsx", "csv"):
            filename = f"fuzz-{label}.{extension}"
            status, page = post("attendance/import", "sheet", data, filename)
            assert status == 400, (filename, status)
            assert filename in page or "未导入任何签到记录" in page, (filename, page[:300])
    assert services(loaded_app).lectures.get(SYSTEM, lecture_id).summary.attendee_count == 0

