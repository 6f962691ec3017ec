"""The OpenAPI description of the case, guide and citation routes (webapp/cases/api.py,
guide.py, citations.py), added to the document in webapp/api/openapi.py.

Operations that need more than the staff role say so in `x-required-role` (and in their
summary); tests/webapp/test_openapi.py signs its generated requests in with that role.
Bodies the domain also checks against the library — the audit type must be on the list,
a guide entry's articles must exist — carry `x-checked-by-domain`: there a body the
schema allows can still be refused with 400 naming what is wrong.
"""
from __future__ import annotations

from kb.cases.kinds import CASE_KINDS
from kb.cases.values import MAX_BODY
from kb.citations.check import MAX_TEXT
from kb.citations.resolver import STATUS_NAMES
from kb.models import STATUSES
from webapp.api.openapi import (ARTICLE_NO, DATE_PARAM, ID, LAW_ID, PATHS, SCHEMAS,
                                VERSION_PARAM, error_responses, link, nullable, ok, query, ref)

TRAINER = {"x-required-role": "trainer"}
DOMAIN_CHECKED = {"x-checked-by-domain": True}
STRING = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
DATE = nullable("string", format="date")
STATUS = {"type": "string", "enum": ["draft", "published"]}
CASE_ID = {"name": "case_id", "in": "path", "required": True, "schema": ID, "description": "案例编号"}
SLUG = {"name": "slug", "in": "path", "required": True,
        "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,78}$"}, "description": "指引编号"}
REVISION = {"type": "integer", "minimum": 1, "maximum": 2 ** 31 - 1,
            "description": "编辑开始时的版次；期间有人保存过新版本则返回 409，不写入任何内容"}


def obj(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


def strict(required: list[str], **properties) -> dict:
    """A request object: fields it does not list are refused (400), not ignored."""
    return {**obj(required, **properties), "additionalProperties": False}


def body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def strings(limit: int, count: int = 50) -> dict:
    return {"type": "array", "maxItems": count, "items": {"type": "string", "maxLength": limit}}


CITATION = obj(
    ["text", "law_title", "short_title", "article_no", "article_label", "resolved", "status"],
    text=STRING, start=INT, end=INT, law_title=STRING, short_title=STRING,
    statute_id=nullable("integer"), article_no=INT, article_suffix=INT, article_label=STRING,
    paragraph=nullable("integer"), item=nullable("integer"),
    paragraphs={"type": "array", "items": INT}, items={"type": "array", "items": INT},
    resolved=BOOL, status={"type": "string", "enum": list(STATUS_NAMES)},
    version_id=nullable("integer"), version_date=DATE, exact_version=BOOL, implied=BOOL,
    repealed_on=DATE, repealed_by=nullable("string"),
    successor=nullable("string", description="已废止法规的废止依据（新法或废止决定）"),
    statute_status={"type": "string", "enum": ["", *STATUSES],
                    "description": "被引法规在文中日期的时效性；法规库不知道该法规时为空"},
    notice={"type": "string", "description": "库中没有当时有效的版本等说明"},
    status_text=STRING, url=nullable("string", description="条文页面（站内路径）；未能解析时为 null"))
CASE_SUMMARY = obj(["id", "uid", "title", "audit_type", "tags", "status", "revision"],
                   id=INT, uid=STRING, title=STRING, audit_type=STRING,
                   kind={"type": "string", "enum": list(CASE_KINDS),
                         "description": "audit：审计案例；court：裁判案例（审计类型为司法案例）"},
                   tags={"type": "array", "items": STRING}, case_date=DATE, source=STRING,
                   summary=STRING, status=STATUS, revision=INT,
                   updated_at=nullable("string", format="date-time"),
                   updated_by=nullable("string"))
CASE_FULL = {**CASE_SUMMARY["properties"], "body": STRING,
             "created_at": nullable("string", format="date-time"),
             "created_by": nullable("string"), "published_at": nullable("string", format="date-time")}
CASE_INPUT = {"title": {"type": "string", "minLength": 1, "maxLength": 200},
              "audit_type": {"type": "string", "minLength": 1, "maxLength": 40,
                             "description": "审计类型名称（须已在审计类型列表中）"},
              "body": {"type": "string", "maxLength": MAX_BODY, "description": "Markdown 正文"},
              "tags": strings(40, 20), "case_date": DATE,
              "source": {"type": "string", "maxLength": 300},
              "summary": {"type": "string", "maxLength": 500}}
BASIS_INPUT = strict(["law", "article_no"],
                  law={"type": "string", "minLength": 1, "maxLength": 300},
                  article_no={"type": "integer", "minimum": 1, "maximum": 9999},
                  article_suffix={"type": "integer", "minimum": 0, "maximum": 999},
                  paragraph=nullable("integer", minimum=1, maximum=99),
                  item=nullable("integer", minimum=1, maximum=99),
                  note={"type": "string", "maxLength": 300})
GUIDE_INPUT = {"slug": SLUG["schema"], "title": {"type": "string", "minLength": 1, "maxLength": 200},
               "category": {"type": "string", "maxLength": 40}, "keywords": strings(40),
               "description": {"type": "string", "maxLength": 5000},
               "advice": {"type": "string", "maxLength": 5000},
               "characterisation": {"type": "array", "maxItems": 30, "items": BASIS_INPUT},
               "sanction": {"type": "array", "maxItems": 30, "items": BASIS_INPUT},
               "cases": strings(64)}
GUIDE_SUMMARY = obj(["id", "slug", "title", "category", "keywords", "revision"],
                    id=INT, slug=STRING, title=STRING, category=STRING,
                    keywords={"type": "array", "items": STRING}, revision=INT)
GUIDE_BASIS = obj(["role", "label", "law", "article_no", "resolved"],
                  role={"type": "string", "enum": ["characterisation", "sanction"]}, label=STRING,
                  law=STRING, article_no=INT, article_suffix=INT, paragraph=nullable("integer"),
                  item=nullable("integer"), note=STRING, statute_id=nullable("integer"),
                  law_title=STRING, version_id=nullable("integer"), resolved=BOOL, text=STRING)
RELATED_CASE = obj(["id", "uid", "title", "attached"], id=INT, uid=STRING, title=STRING, attached=BOOL)
CITING_ARTICLE = obj(["law_id", "law_title", "version_id", "article_no", "article_label", "text"],
                     law_id=INT, law_title=STRING, short_title=STRING, version_id=INT,
                     version_date=DATE, article_no=INT, article_suffix=INT, article_label=STRING,
                     text=STRING, exact_version=BOOL, same_statute=BOOL)

NEW_SCHEMAS = {
    "Citation": CITATION,
    "CaseSummary": CASE_SUMMARY,
    "CasePage": obj(["items", "page", "per_page", "total", "pages"],
                    items={"type": "array", "items": ref("CaseSummary")}, page=INT, per_page=INT,
                    total=INT, pages=INT),
    "Case": obj(["id", "uid", "title", "body", "html", "citations"], **CASE_FULL,
                html={"type": "string", "description": "正文渲染后的安全 HTML，引用已链接"},
                citations={"type": "array", "items": ref("Citation")}),
    "SavedCase": obj(["id", "uid", "title", "body", "revision", "citations", "unresolved"],
                     **CASE_FULL, citations={"type": "array", "items": ref("Citation")},
                     unresolved={"type": "integer", "description": "未能解析的引用数"}),
    "GuideSummary": GUIDE_SUMMARY,
    "GuideList": obj(["items", "total"], total=INT, items={"type": "array", "items": obj(
        ["id", "slug", "title"], **GUIDE_SUMMARY["properties"], score={"type": "number"},
        matched={"type": "array", "items": STRING})}),
    "GuideEntry": obj(["id", "slug", "title", "characterisation", "sanction", "cases"],
                      **GUIDE_SUMMARY["properties"], description=STRING, advice=STRING,
                      characterisation={"type": "array", "items": GUIDE_BASIS},
                      sanction={"type": "array", "items": GUIDE_BASIS},
                      cases={"type": "array", "items": RELATED_CASE},
                      question_ids={"type": "array", "items": INT}),
    "CheckReport": obj(["date", "counts", "citations", "warnings"], date=DATE,
                       counts={"type": "object", "additionalProperties": INT},
                       citations={"type": "array", "items": obj(
                           ["text", "status", "message", "ok"], **CITATION["properties"],
                           message=STRING, ok=BOOL)},
                       warnings={"type": "array", "items": obj(
                           ["kind", "entry_slug", "entry_title", "message"],
                           kind={"type": "string", "enum": ["missing_sanction",
                                                            "missing_characterisation",
                                                            "wrong_article"]},
                           entry_slug=STRING, entry_title=STRING, message=STRING, start=INT,
                           end=INT, suggested={"type": "array", "items": STRING})}),
    "Backlinks": obj(["law_id", "article_no", "total", "cases", "questions", "articles"],
                     law_id=INT, article_no=INT, article_suffix=INT, total=INT, version_id=INT,
                     cases={"type": "array", "items": obj(
                         ["id", "uid", "title", "status"], id=INT, uid=STRING, title=STRING,
                         kind={"type": "string", "enum": list(CASE_KINDS)}, status=STATUS, text=STRING, exact_version=BOOL)},
                     questions={"type": "array", "items": obj(
                         ["id"], id=INT, text=STRING, exact_version=BOOL)},
                     articles={"type": "array", "items": CITING_ARTICLE}),
}

LIST_PARAMS = [
    query("kind", {"type": "string", "enum": list(CASE_KINDS)},
          "案例类别：audit 审计案例、court 裁判案例（默认两者都列）"),
    query("audit_type", {"type": "string", "minLength": 1, "maxLength": 40}, "审计类型"),
    query("tag", {"type": "string", "minLength": 1, "maxLength": 40}, "标签"),
    query("status", STATUS, "状态（只对培训管理员和系统管理员有效；审计人员只看到已发布的案例）"),
    query("q", {"type": "string", "minLength": 1, "maxLength": 100}, "标题或摘要中的文字"),
    query("page", {"type": "integer", "minimum": 1, "maximum": 1_000_000}, "页码，从 1 开始"),
    query("per_page", {"type": "integer", "minimum": 1, "maximum": 200}, "每页条数")]


def revision_only(summary: str, operation: str) -> dict:
    return {"summary": summary, "operationId": operation, "parameters": [CASE_ID], **TRAINER,
            "requestBody": body(strict(["revision"], revision=REVISION)),
            "responses": {**ok(ref("SavedCase")), **error_responses(400, 401, 403, 404, 409)}}


CASE_LINKS = {name: link(operation, case_id="$response.body#/id") for name, operation in (
    ("GetCase", "getCase"), ("UpdateCase", "updateCase"), ("PublishCase", "publishCase"),
    ("UnpublishCase", "unpublishCase"))}
# The write bodies, also read by the routes (webapp.common.body.JsonFields.described).
CASE_CREATE_BODY = strict(["title", "audit_type"], **CASE_INPUT,
                          publish={"type": "boolean", "description": "直接发布（默认存为草稿）"},
                          uid={"type": "string", "minLength": 1, "maxLength": 64,
                               "pattern": r"^\S+$", "description": "案例编号（默认自动生成）"})
CASE_UPDATE_BODY = strict(["title", "audit_type", "revision"], **CASE_INPUT, revision=REVISION,
                          note={"type": "string", "maxLength": 200, "description": "修订说明"})
GUIDE_CREATE_BODY = strict(["slug", "title", "characterisation", "sanction"], **GUIDE_INPUT)
GUIDE_UPDATE_BODY = strict(["slug", "title", "characterisation", "sanction", "revision"],
                           **GUIDE_INPUT, revision=REVISION)

NEW_PATHS = {
    "/cases": {
        "get": {"summary": "案例列表（按审计类型、标签、状态、文字筛选，分页）", "operationId": "listCases",
                "parameters": LIST_PARAMS,
                "responses": {**ok(ref("CasePage")), **error_responses(400, 401, 403)}},
        "post": {"summary": "新建案例（培训管理员）；返回正文中的引用及未能解析的数量",
                 "operationId": "createCase", **TRAINER, **DOMAIN_CHECKED,
                 "requestBody": body(CASE_CREATE_BODY),
                 "responses": {**ok(ref("SavedCase"), "已创建", "201", CASE_LINKS),
                               **error_responses(400, 401, 403, 409)}}},
    "/cases/{case_id}": {
        "get": {"summary": "一个案例：字段、Markdown 正文、渲染后的 HTML 和引用", "operationId": "getCase",
                "parameters": [CASE_ID],
                "responses": {**ok(ref("Case")), **error_responses(400, 401, 403, 404)}},
        "put": {"summary": "修改案例（培训管理员）：给出全部字段和编辑开始时的版次", "operationId": "updateCase",
                "parameters": [CASE_ID], **TRAINER, **DOMAIN_CHECKED,
                "requestBody": body(CASE_UPDATE_BODY),
                "responses": {**ok(ref("SavedCase")), **error_responses(400, 401, 403, 404, 409)}}},
    "/cases/{case_id}/publish": {"post": revision_only("发布案例（培训管理员）", "publishCase")},
    "/cases/{case_id}/unpublish": {"post": revision_only("撤回案例为草稿（培训管理员）", "unpublishCase")},
    "/guide": {
        "get": {"summary": "问题定性指引：全部条目，或按问题描述匹配（q）", "operationId": "listGuide",
                "parameters": [query("q", {"type": "string", "minLength": 1, "maxLength": 100}, "问题描述，如 化整为零"),
                               query("category", {"type": "string", "minLength": 1, "maxLength": 40}, "审计类型")],
                "responses": {**ok(ref("GuideList")), **error_responses(400, 401, 403)}},
        "post": {"summary": "新增指引条目（培训管理员）；每条依据须在法规库现行文本中存在",
                 "operationId": "createGuideEntry", **TRAINER, **DOMAIN_CHECKED,
                 "requestBody": body(GUIDE_CREATE_BODY),
                 "responses": {**ok(ref("GuideEntry"), "已创建", "201"),
                               **error_responses(400, 401, 403, 409)}}},
    "/guide/{slug}": {
        "get": {"summary": "一个指引条目：定性依据、处理处罚依据（附条文）、相关案例和题目",
                "operationId": "getGuideEntry", "parameters": [SLUG],
                "responses": {**ok(ref("GuideEntry")), **error_responses(400, 401, 403, 404)}},
        "put": {"summary": "修改指引条目（培训管理员）：给出全部字段和编辑开始时的版次",
                "operationId": "updateGuideEntry", "parameters": [SLUG], **TRAINER, **DOMAIN_CHECKED,
                "requestBody": body(GUIDE_UPDATE_BODY),
                "responses": {**ok(ref("GuideEntry")), **error_responses(400, 401, 403, 404, 409)}}},
    "/citations/check": {"post": {
        "summary": "引用核查：文字中每处引用在文书日期的状态，以及漏引、错引提示",
        "operationId": "checkCitations",
        "requestBody": body(strict(["text"], text={"type": "string", "minLength": 1, "maxLength": MAX_TEXT,
                                                         "pattern": r"\S", "description": "待核查的文字（不能只有空白）"},
                                date=DATE)),
        "responses": {**ok(ref("CheckReport")), **error_responses(400, 401, 403)}}},
    "/laws/{law_id}/articles/{no}/backlinks": {"get": {
        "summary": "引用某一条（所选版本）的案例、题目和其他法条", "operationId": "getBacklinks",
        "parameters": [LAW_ID, ARTICLE_NO, DATE_PARAM, VERSION_PARAM],
        "responses": {**ok(ref("Backlinks")), **error_responses(400, 401, 403, 404)}}},
}


def register() -> None:
    SCHEMAS.update(NEW_SCHEMAS)
    PATHS.update(NEW_PATHS)
