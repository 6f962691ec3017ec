"""Hostile uploads: zip bombs, corrupted and truncated archives, sheets with huge cells and
far-away columns, files renamed to the wrong type, random bytes.  Every upload ends in a
page with a Chinese message naming the file and what is wrong (400) or a report (200),
never a 500, and never with the worker's memory blown up or half the file written.
"""
import io
import random
import tracemalloc
import zipfile

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from accounts.permissions import actor_of
from kb.cases.transfer import MAX_UNPACKED
from tests.support.hostile_files import (bad_crc_zip, good_zip, huge_cell_xlsx, overlapping_zip,
                                          wide_xlsx, make_xlsx, zip_bomb)
from webapp.extensions import services

CASE_FILE = ("---\nuid: 0f8fad5b-d9cb-469f-a165-70867728950e\ntitle: 甲县财政局无预算支出案\n"
             "audit_type: 预算执行\n---\n## 定性依据\n\n违反《中华人民共和国样例审计法》第四条。\n")
USER_HEADER = ["工号", "姓名", "科室", "角色"]
QUESTION_HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案",
                   "解析", "法条依据", "难度", "标签"]
UPLOADS = {"case": ("/cases/import", "archive", "trainer"),
           "users": ("/admin/users/import", "sheet", "admin"),
           "bank": ("/bank/import", "sheet", "trainer")}


@pytest.fixture
def upload(browsers):
    """upload("case", data, "x.zip") → (status, page text), posted as that form's role."""
    tokens = {}

    def post(kind: str, data: bytes, filename: str):
        url, field, role = UPLOADS[kind]
        web = browsers[role]
        if role not in tokens:
            tokens[role] = web.csrf(url)
        # Encoded here in memory: the test client spools bodies over 500 KB to a temporary
        # file it never closes.
        body, _, boundary = stream_encode_multipart(
            {"csrf_token": tokens[role], field: FileStorage(io.BytesIO(data), filename)},
            use_tempfile=False)
        response = web.client.post(url, data=body.getvalue(),
                                   content_type=f"multipart/form-data; boundary={boundary}")
        return response.status_code, response.get_data(as_text=True)
    return post


def peak_memory(action):
    tracemalloc.start()
    try:
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_from_its_directory_without_unpacking(upload):
    bomb = zip_bomb()
    assert len(bomb) < 1_600_000
    (status, page), peak = peak_memory(lambda: upload("case", bomb, "cases.zip"))
    assert status == 400 and "cases.zip" in page and "解压后" in page, page
    assert peak < 40 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"


def test_an_overlapping_zip_is_refused(upload):
    status, page = upload("case", overlapping_zip(), "overlap.zip")
    assert status == 400 and "overlap.zip" in page


def test_the_total_unpacked_cap_holds_for_members_that_each_fit(upload):
    members = MAX_UNPACKED // 4_900_000 + 1
    status, page = upload("case", zip_bomb(members), "big.zip")
    assert status == 400 and "解压后" in page


def test_a_bad_crc_is_reported_for_its_file_and_the_other_files_import(upload, loaded_app):
    other = CASE_FILE.replace("0f8fad5b", "1f8fad5b").replace("甲县", "乙县")
    status, page = upload("case", bad_crc_zip({"cases/a.md": CASE_FILE, "cases/b.md": other}),
                          "crc.zip")
    assert status == 200 and "cases/a.md" in page and "已损坏" in page, page
    titles = [c.title for c in services(loaded_app).cases.list_cases(None, status=None).items]
    assert titles == ["乙县财政局无预算支出案"]


def test_a_nested_archive_is_named_and_not_unpacked(upload):
    status, page = upload("case", _nested(zip_bomb(30)), "nested.zip")
    assert status == 200 and "inner.zip" in page and "不会被展开" in page, page


def _nested(inner: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("cases/a.md", CASE_FILE)
        archive.writestr("cases/inner.zip", inner)
    return out.getvalue()


def test_a_truncated_zip_is_reported_as_a_damaged_archive(upload):
    whole = good_zip({"cases/a.md": CASE_FILE * 50})
    status, page = upload("case", whole[: len(whole) // 2], "cut.zip")
    assert status == 400 and "cut.zip" in page and "压缩包" in page and "UTF-8" not in page, page


def test_a_wide_user_sheet_is_refused_while_streaming(upload):
    sheet = wide_xlsx(USER_HEADER)
    assert len(sheet) < 200_000
    (status, page), peak = peak_memory(lambda: upload("users", sheet, "名单.xlsx"))
    assert status == 400 and "名单.xlsx" in page and "列" in page, page
    assert peak < 40 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"


def test_a_huge_cell_is_refused_with_the_file_named(upload):
    status, page = upload("users", huge_cell_xlsx(USER_HEADER), "名单.xlsx")
    assert status == 400 and "名单.xlsx" in page, page
    status, page = upload("bank", huge_cell_xlsx(QUESTION_HEADER), "题.xlsx")
    assert status == 400 and "题.xlsx" in page, page


def test_a_csv_with_a_200000_character_cell_is_a_message(upload):
    data = ("工号,姓名\nu1," + "长" * 200_000 + "\n").encode("utf-8")
    status, page = upload("users", data, "名单.csv")
    assert status == 400 and "名单.csv" in page and "字符" in page, page


def corrupt_member(data: bytes, member: str) -> bytes:
    """The same zip with one byte in `member`'s compressed data flipped."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(data)
    damaged[start + info.compress_size // 2] ^= 0x55
    return bytes(damaged)


@pytest.mark.parametrize("kind, header", [("users", USER_HEADER), ("bank", QUESTION_HEADER)])
def test_cut_off_and_corrupted_workbooks_are_messages(upload, kind, header):
    sheet = make_xlsx([header] + [[f"u{i}", "张三"] for i in range(300)])
    for name, data in (("cut.xlsx", sheet[: len(sheet) * 2 // 3]),
                       ("bad.xlsx", corrupt_member(sheet, "xl/worksheets/sheet1.xml"))):
        status, page = upload(kind, data, name)
        assert status == 400 and name in page, (name, page)


def question_rows(count: int) -> bytes:
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet("试题")
    sheet.append(QUESTION_HEADER)
    for index in range(count):
        sheet.append(["判断题", f"第 {index} 道判断题的题干", "", "", "", "", "", "", "正确"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_oversized_question_sheet_is_refused_before_anything_is_written(upload, quiz,
                                                                           accounts):
    status, page = upload("bank", question_rows(5_100), "大表.xlsx")
    assert status == 400 and "大表.xlsx" in page and "5000" in page, page
    assert quiz.bank.list_questions(actor_of(accounts["trainer"])).total == 0


# -- fuzzing ---------------------------------------------------------------------------
def fuzz_cases():
    """(kind, filename, bytes): every form × renamed, truncated, random and hostile files."""
    rng = random.Random(20261207)
    sheet = make_xlsx([USER_HEADER, ["u1", "张三", "审计一科", "审计人员"]])
    questions = make_xlsx([QUESTION_HEADER, ["判断题", "题干", "", "", "", "", "", "", "正确"]])
    docx = good_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
    samples = {"zip": good_zip({"cases/a.md": CASE_FILE}), "md": CASE_FILE.encode(),
               "xlsx": sheet, "questions": questions, "docx": docx,
               "csv": "工号,姓名\nu1,张三\n".encode(), "json": b'{"questions": []}'}
    hostile = {"random": bytes(rng.getrandbits(8) for _ in range(4096)), "empty": b"",
               "nul": b"\x00" * 1000, "deep-json": b"[" * 100_000,
               "gbk-junk": "工号,姓名\n".encode("gb18030") + bytes(range(128, 256)),
               "html": b"<html><script>alert(1)</script></html>",
               "bomb": zip_bomb(30), "overlap": overlapping_zip(50),
               "crc": bad_crc_zip({"cases/a.md": CASE_FILE, "x.xml": "<a/>"})}
    for name, data in samples.items():
        for cut in (1, 7, len(data) // 3, len(data) - 22):
            hostile[f"{name}-cut{cut}"] = data[:cut]
        flipped = bytearray(data)
        for _ in range(8):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        hostile[f"{name}-flipped"] = bytes(flipped)
        hostile[name] = data
    extensions = {"case": ("md", "zip"), "users": ("xlsx", "csv"), "bank": ("xlsx", "json")}
    for kind, allowed in extensions.items():
        for label, data in hostile.items():
            for extension in allowed:
                yield kind, f"fuzz-{label}.{extension}", data


def test_upload_fuzzing_never_ends_in_a_server_error(upload):
    outcomes = {}
    for kind, filename, data in fuzz_cases():
        status, page = upload(kind, data, filename)
        outcomes[(kind, filename)] = status
        assert status in (200, 400), (kind, filename, status)
        if status == 400:
            assert filename in page or "表格" in page or "JSON" in page, (kind, filename, page[:400])
    assert len(outcomes) > 300
