"""The OpenAPI 3 document of /api/v1, served at /api/v1/openapi.json.

Written by hand next to the routes; tests/webapp/test_openapi.py checks that it names
exactly the API routes the app has, and runs schemathesis against the running app so
every response matches what is written here.  Later features add their paths with
`PATHS.update(...)` beside their blueprint.
"""
from __future__ import annotations

import re
from functools import lru_cache

from flask import Blueprint, jsonify

from kb.library import SLUG_PATTERN
from kb.models import STATUSES
from laws.model import EFFECTIVE_SOURCES, LEVELS
from webapp.config import SESSION_COOKIE_NAME
from webapp.security import PUBLIC, access

bp = Blueprint("openapi", __name__)


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind: str, **extra) -> dict:
    return {"type": kind, "nullable": True, **extra}


def error_responses(*statuses: int) -> dict:
    reasons = {400: "参数或请求体有误", 401: "缺少或无效的令牌 / 用户名或密码错误", 403: "无权执行",
               404: "不存在", 409: "冲突", 429: "请求过于频繁"}
    return {str(s): {"description": reasons[s],
                     "content": {"application/json": {"schema": ref("Error")}}} for s in statuses}


def ok(schema: dict, description: str = "成功", status: str = "200", links: dict | None = None) -> dict:
    """A success response; `links` name the operations its body feeds (OpenAPI links,
    followed by the stateful schemathesis run)."""
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    return {status: {**response, "links": links} if links else response}


def link(operation: str, **parameters: str) -> dict:
    """An OpenAPI link: `operation` called with path parameters taken from this response."""
    return {"operationId": operation, "parameters": parameters}


def query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


ID = {"type": "integer", "minimum": 1, "maximum": 2 ** 31 - 1}
VERSION_PARAM = query("version", ID, "版本编号（见法规的 versions）；优先于 date")
DATE_PARAM = query("date", {"type": "string", "format": "date"}, "取该日期有效的版本（YYYY-MM-DD）")
LAW_ID = {"name": "law_id", "in": "path", "required": True, "schema": ID, "description": "法规编号"}
ARTICLE_NO = {"name": "no", "in": "path", "required": True,
              "schema": {"type": "string", "pattern": SLUG_PATTERN},
              "description": "条号：34，或 10-1 表示第十条之一"}

LEGAL_STATUS = {"type": "string", "enum": list(STATUSES),
                "description": "时效性（按所问日期，未给日期时按今天）"}
EFFECTIVE_SOURCE = {"type": "string", "enum": list(EFFECTIVE_SOURCES),
                    "description": "施行日期来源：text 正文施行条款，header 题注沿革，data 内置的修改决定，"
                                   "admin 管理员更正，none 未记录（按公布日期）"}
# The legal-time fields of a statute or article answer (`kb show --json` has the same).
LEGAL_TIME = {
    "promulgated": nullable("string", format="date", description="公布日期"),
    "effective": nullable("string", format="date", description="施行日期；null 为未记录"),
    "effective_source": EFFECTIVE_SOURCE,
    "status": LEGAL_STATUS, "status_event": {"type": "string"},
    "in_force_on_date": nullable("boolean",
                                 description="所示版本在 date 当日是否有效；未给 date 时为 null"),
    "notice": {"type": "string", "description": "库中没有当日有效的版本时的说明"},
    "repealed_on": nullable("string", format="date"), "repealed_by": nullable("string"),
}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["status", "code", "message"],
        "properties": {"status": {"type": "integer"}, "code": {"type": "string"},
                       "message": {"type": "string", "description": "中文说明"}}}}},
    "User": {"type": "object", "required": ["id", "username", "display_name", "role"],
             "properties": {"id": {"type": "integer"}, "username": {"type": "string"},
                            "display_name": {"type": "string"},
                            "role": {"type": "string", "enum": ["staff", "trainer", "admin"]},
                            "role_name": {"type": "string"}, "department": nullable("string")}},
    "Token": {"type": "object", "required": ["token", "token_id", "token_type", "expires_at", "user"],
              "properties": {"token": {"type": "string"}, "token_id": {"type": "integer"},
                             "token_type": {"type": "string", "enum": ["Bearer"]},
                             "expires_at": {"type": "string", "format": "date-time"},
                             "user": ref("User")}},
    "StatuteSummary": {"type": "object", "required": ["id", "title", "level", "version_count", "status"],
                       "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                                      "level": {"type": "string"}, "branch": nullable("string"),
                                      "region": nullable("string"), "authority": nullable("string"),
                                      "version_count": {"type": "integer"},
                                      "latest_version_date": nullable("string", format="date"),
                                      "status": {"type": "string"}}},
    "StatutePage": {"type": "object", "required": ["items", "page", "per_page", "total", "pages"],
                    "properties": {"items": {"type": "array", "items": ref("StatuteSummary")},
                                   "page": {"type": "integer"}, "per_page": {"type": "integer"},
                                   "total": {"type": "integer"}, "pages": {"type": "integer"}}},
    "Version": {"type": "object", "required": ["id", "version_date", "status", "article_count",
                                               "promulgated", "effective", "effective_source"],
                "properties": {"id": {"type": "integer"},
                               "version_date": nullable("string", format="date"),
                               "promulgated": nullable("string", format="date",
                                                       description="公布日期"),
                               "effective_date": nullable("string", format="date"),
                               "effective": nullable("string", format="date",
                                                     description="施行日期；null 为未记录"),
                               "effective_source": EFFECTIVE_SOURCE,
                               "effective_note": nullable("string"),
                               "status": LEGAL_STATUS, "status_event": {"type": "string"},
                               "article_count": {"type": "integer"},
                               "source_path": {"type": "string"},
                               "history": {"type": "array", "items": {"type": "object"}}}},
    "TocEntry": {"type": "object", "required": ["kind"], "properties": {
        "kind": {"type": "string", "enum": ["heading", "article"]},
        "depth": {"type": "integer", "description": "标题层级（编/章/节）"},
        "text": {"type": "string"}, "label": {"type": "string"},
        "article_no": {"type": "integer"}, "article_suffix": {"type": "integer"},
        "snippet": {"type": "string"}}},
    "Statute": {"type": "object",
                "required": ["id", "title", "level", "versions", "version", "toc", "in_force_on_date"],
                "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                               "short_title": {"type": "string"}, "level": {"type": "string"},
                               "branch": nullable("string"), "region": nullable("string"),
                               "authority": nullable("string"),
                               "versions": {"type": "array", "items": ref("Version")},
                               "version": ref("Version"), **LEGAL_TIME,
                               "statute_status": LEGAL_STATUS,
                               "toc": {"type": "array", "items": ref("TocEntry")}}},
    "Article": {"type": "object",
                "required": ["law_id", "law_title", "version_id", "article_no", "article_label",
                             "paragraphs", "in_force_on_date"],
                "properties": {"law_id": {"type": "integer"}, "law_title": {"type": "string"},
                               "short_title": {"type": "string"}, "level": {"type": "string"},
                               "version_id": {"type": "integer"},
                               "version_date": nullable("string", format="date"),
                               "effective_date": nullable("string", format="date"),
                               **LEGAL_TIME,
                               "article_no": {"type": "integer"}, "article_suffix": {"type": "integer"},
                               "article_label": {"type": "string"},
                               "chapter": {"type": "array", "items": {"type": "string"}},
                               "paragraphs": {"type": "array", "items": {"type": "string"}},
                               "structure": {"type": "array", "items": {"type": "object"}}}},
    "Correspondence": {
        "type": "object", "required": ["old", "new", "change"],
        "description": "一行对应关系；合并时每个旧条文一行，拆分时每个新条文一行",
        "properties": {
            "old": nullable("integer", description="旧版本条号（第十条之一为 10）；新增时为 null"),
            "new": nullable("integer", description="新版本条号；删除时为 null"),
            "change": {"type": "string", "enum": ["unchanged", "amended", "renumbered", "merged",
                                                  "split", "added", "deleted"]},
            "old_label": nullable("string", description="如 第十条之一"),
            "new_label": nullable("string"),
            "old_suffix": nullable("integer", description="之一 为 1，之二 为 2，普通条文为 0"),
            "new_suffix": nullable("integer"),
            "similarity": {"type": "number", "description": "文字相似度（0–1）"}}},
    "CorrespondenceTable": {
        "type": "object", "required": ["law_id", "old_version", "new_version", "rows"],
        "properties": {"law_id": {"type": "integer"}, "law_title": {"type": "string"},
                       "old_version": ref("Version"), "new_version": ref("Version"),
                       "rows": {"type": "array", "items": ref("Correspondence")}}},
}

PATHS = {
    "/auth/token": {
        "post": {"summary": "用用户名和密码换取 API 令牌", "security": [], "operationId": "issueToken",
                 "requestBody": {"required": True, "content": {"application/json": {"schema": {
                     "type": "object", "required": ["username", "password"],
                     "properties": {"username": {"type": "string", "minLength": 1, "maxLength": 64},
                                    "password": {"type": "string", "minLength": 1, "maxLength": 128},
                                    "name": {"type": "string", "maxLength": 100,
                                             "description": "令牌用途，便于日后辨认"}}}}}},
                 "responses": {**ok(ref("Token"), "令牌（只返回这一次）", "201"),
                               **error_responses(400, 401, 403, 429)}},
        "delete": {"summary": "吊销当前使用的令牌", "operationId": "revokeToken",
                   "responses": {**ok({"type": "object", "required": ["revoked", "token_id"], "properties": {
                       "revoked": {"type": "boolean"}, "token_id": {"type": "integer"}}}),
                       **error_responses(400, 401, 403)}}},
    "/me": {"get": {"summary": "令牌所属用户", "operationId": "me",
                    "responses": {**ok(ref("User")), **error_responses(401, 403)}}},
    "/laws": {"get": {
        "summary": "法规列表（按效力级别、法律部门、时效性、地区、制定机关、标题筛选，分页）", "operationId": "listLaws",
        "parameters": [query("level", {"type": "string", "enum": list(LEVELS)}, "效力级别"),
                       query("branch", {"type": "string", "minLength": 1, "maxLength": 40}, "法律部门；“未分类”表示未归类"),
                       query("q", {"type": "string", "minLength": 1, "maxLength": 100}, "标题中的词（空格分隔，全部包含）"),
                       query("status", {"type": "string", "enum": list(STATUSES)}, "时效性（按今天）"),
                       query("region", {"type": "string", "minLength": 1, "maxLength": 40}, "地区（地方性法规的省份）"),
                       query("authority", {"type": "string", "minLength": 1, "maxLength": 100}, "制定机关"),
                       query("page", {"type": "integer", "minimum": 1, "maximum": 1_000_000}, "页码，从 1 开始"),
                       query("per_page", {"type": "integer", "minimum": 1, "maximum": 200}, "每页条数")],
        "responses": {**ok(ref("StatutePage")), **error_responses(400, 401, 403)}}},
    "/laws/{law_id}": {"get": {
        "summary": "一部法规：版本列表、所选版本与目录", "operationId": "getLaw",
        "parameters": [LAW_ID, VERSION_PARAM, DATE_PARAM],
        "responses": {**ok(ref("Statute")), **error_responses(400, 401, 403, 404)}}},
    "/laws/{law_id}/articles/{no}": {"get": {
        "summary": "一条法条（默认现行版本，可按日期或版本）", "operationId": "getArticle",
        "parameters": [LAW_ID, ARTICLE_NO, DATE_PARAM, VERSION_PARAM],
        "responses": {**ok(ref("Article")), **error_responses(400, 401, 403, 404)}}},
    "/laws/{law_id}/correspondence": {"get": {
        "summary": "新旧对照表：两个版本之间按条文内容（不按条号）对应的条文与变化类型",
        "operationId": "getCorrespondence",
        "parameters": [LAW_ID,
                       query("from", {"type": "string", "format": "date"},
                             "旧版本的版本日期（YYYY-MM-DD）；只给 from 时与其下一版本对照"),
                       query("to", {"type": "string", "format": "date"},
                             "新版本的版本日期（YYYY-MM-DD）；只给 to 时与其上一版本对照；都不给：上一版本与现行版本")],
        "responses": {**ok(ref("CorrespondenceTable")), **error_responses(400, 401, 403, 404)}}},
    "/openapi.json": {"get": {"summary": "本文档", "security": [], "operationId": "openapi",
                              "responses": ok({"type": "object"})}},
}


def openapi_path(rule: str) -> str:
    """/api/v1/laws/<int:law_id> → /laws/{law_id}"""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.removeprefix("/api/v1"))


@lru_cache(maxsize=None)
def query_names(path: str, method: str) -> frozenset[str]:
    spec = PATHS.get(path, {}).get(method.lower(), {})
    return frozenset(p["name"] for p in spec.get("parameters", []) if p["in"] == "query")


SAFE_METHODS = ("get", "head", "options")
# Who may call: a bearer token, or the signed-in browser (the pages' own scripts) with its
# session cookie — plus the page's CSRF token on anything that changes data.
SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer"},
    "sessionCookie": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE_NAME,
                      "description": "网页登录后的会话 Cookie（供本站网页的脚本使用）"},
    "csrfToken": {"type": "apiKey", "in": "header", "name": "X-CSRFToken",
                  "description": "凭会话 Cookie 调用时，修改类请求须携带页面的 CSRF 令牌"},
}
READ_SECURITY = [{"bearerAuth": []}, {"sessionCookie": []}]
WRITE_SECURITY = [{"bearerAuth": []}, {"sessionCookie": [], "csrfToken": []}]


def with_security(method: str, operation: dict) -> dict:
    """An operation with its callers spelt out, unless it names its own (public ones: []);
    a write may also be refused 400 for a missing or stale CSRF token."""
    if "security" in operation:
        return operation
    if method in SAFE_METHODS:
        return {**operation, "security": READ_SECURITY}
    responses = {**error_responses(400), **operation["responses"]}
    return {**operation, "security": WRITE_SECURITY, "responses": responses}


def document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "审计法规库与练兵平台 API", "version": "1.0.0",
                 "description": "先以 POST /auth/token 换取令牌，再在请求头中携带 "
                                "`Authorization: Bearer <令牌>`。本站网页的脚本也可凭登录后的会话 "
                                "Cookie 调用，此时修改类请求须在 X-CSRFToken 头中携带页面的 CSRF 令牌"
                                "（缺少或无效时 400）。错误响应均为 JSON。"},
        "servers": [{"url": "/api/v1"}],
        "security": WRITE_SECURITY,
        "components": {"securitySchemes": SECURITY_SCHEMES, "schemas": SCHEMAS},
        "paths": {path: {method: with_security(method, operation)
                         for method, operation in operations.items()}
                  for path, operations in PATHS.items()},
    }


@bp.get("/openapi.json")
@access(PUBLIC)
def openapi():
    return jsonify(document())
