"""Importing statutes from the browser: a background job with progress in the database."""
from tests.support.work_queue import run_queue
from webapp.extensions import services


def test_admin_imports_a_folder_with_progress(app, accounts, web, statutes_path):
    web.login("admin")
    form = web.text("/admin/library/import")
    assert "法规库目前为空" in form and str(statutes_path) in form  # KB_CORPUS prefilled
    web.csrf("/admin/library/import")
    response = web.post("/admin/library/import", {"path": str(statutes_path)})
    assert response.status_code == 302
    job_url = response.location
    assert web.get(f"{job_url}/status").json["status"] == "queued"   # waiting for a worker
    assert run_queue(services(app)) == 1
    status = web.get(f"{job_url}/status").json
    assert status["status"] == "done" and status["percent"] == 100 and status["total"] == 9
    page = web.text(job_url)
    assert "已完成" in page and "法规库现有法规 7 部" in page
    assert "中华人民共和国样例审计法" in web.text("/laws")
    assert f"#{status['id']}" in web.text("/admin/library/import")


def test_import_of_a_missing_folder_is_refused(app, accounts, web):
    web.login("admin")
    web.csrf("/admin/library/import")
    response = web.post("/admin/library/import", {"path": "/no/such/folder"})
    assert response.status_code == 400 and "路径不存在" in response.get_data(as_text=True)


def test_after_import_steps_run_with_the_job(app, accounts, web, statutes_path):
    seen = []
    services(app).library_import.after_import.append(lambda summary, progress: seen.append(summary.files))
    web.login("admin")
    web.csrf("/admin/library/import")
    web.post("/admin/library/import", {"path": str(statutes_path)})
    run_queue(services(app))
    assert seen == [9]


def test_job_pages_of_unknown_jobs(app, accounts, web):
    web.login("admin")
    assert web.get("/admin/jobs/999").status_code == 404
    assert web.get("/admin/jobs/999/status").status_code == 404


def test_the_jobs_page_shows_queued_running_done_and_failed_jobs_with_reasons(app, accounts, web, statutes_path,
                                                                               tmp_path):
    kb = services(app)
    web.login("admin")
    web.csrf("/admin/library/import")
    web.post("/admin/library/import", {"path": str(statutes_path)})
    page = web.text("/admin/jobs")
    assert "队列中等待的任务" in page and "排队中（1）" in page
    run_queue(kb)
    (tmp_path / "empty").mkdir()
    web.csrf("/admin/library/import")
    web.post("/admin/library/import", {"path": str(tmp_path / "empty")})
    run_queue(kb)
    page = web.text("/admin/jobs")
    assert "已完成（1）" in page and "失败（1）" in page and "排队中（0）" in page
    failed = web.text("/admin/jobs?status=failed")
    assert "路径中没有法规文件" in failed and "法规库现有法规" not in failed
    assert "法规库现有法规 7 部" in web.text("/admin/jobs?status=done")
    assert web.get("/admin/jobs?status=whatever").status_code == 400
