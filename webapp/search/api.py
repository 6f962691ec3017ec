"""API: search statutes, cases and the finding guide (the search page's results as JSON)."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from core.errors import InvalidInput
from kb.find import SCOPE_MESSAGE, SCOPES
from kb.search.query import MAX_QUERY_CHARS
from kb.search.service import MAX_PAGE, MAX_PER_PAGE
from laws.model import LEVELS
from webapp.api.openapi import PATHS, error_responses, nullable, ok, query
from webapp.extensions import services
from webapp.common.params import MAX_QUERY, choice_arg, search_filters, search_limit, search_page, text_arg

bp = Blueprint("search", __name__)


@bp.get("/search")
def search():
    if "q" not in request.args:
        raise InvalidInput("缺少查询参数 q（检索内容）")
    result = services().finder.find(text_arg("q", MAX_QUERY), choice_arg("scope", SCOPES, message=SCOPE_MESSAGE),
                                       search_filters(blank_ok=False), search_page(), search_limit(10))
    return jsonify(result.to_json())


STRING = {"type": "string"}
HIT = {"type": "object",
       "required": ["kind", "key", "law_title", "short_title", "article_no", "article_label",
                    "version_date", "level", "status", "snippet", "score"],
       "properties": {
           "kind": {"type": "string", "enum": ["statute", "article", "passage", "case", "court_case",
                                                   "guide"],
                    "description": "case：审计案例；court_case：裁判案例（法院裁判）"},
           "key": STRING, "law_id": nullable("integer"), "law_title": STRING,
           "short_title": STRING, "version_id": nullable("integer"),
           "version_date": nullable("string", format="date"), "level": nullable("string"),
           "status": nullable("string"), "article_no": nullable("integer"),
           "article_suffix": {"type": "integer"}, "article_label": STRING,
           "chapter": {"type": "array", "items": STRING},
           "snippet": {"type": "string", "description": "HTML：文字已转义，命中词在 <mark> 中"},
           "score": {"type": "number"}, "match": {"type": "string", "enum": [
               "citation", "statute", "suggestion", "text"]},
           "details": {"type": "object", "description": "案例：case_id、uid、case_kind（audit/court）、"
                                                         "audit_type、tags；"
                                                         "指引：slug、keywords"}}}
RESULT = {"type": "object",
          "required": ["query", "scope", "total", "page", "per_page", "pages", "hits",
                       "suggestions", "citation", "citation_only", "guide"],
          "properties": {
              "query": STRING, "scope": {"type": "string", "enum": list(SCOPES)},
              "total": {"type": "integer"}, "page": {"type": "integer"},
              "per_page": {"type": "integer"}, "pages": {"type": "integer"},
              "message": nullable("string"), "suggestions": {"type": "array", "items": STRING},
              "citation": {"type": "object", "nullable": True},
              "citation_only": {"type": "boolean"},
              "index_building": {"type": "boolean",
                                 "description": "本服务器正在从数据库建立检索索引（message 给出进度），稍后再试"},
              "hits": {"type": "array", "items": HIT},
              "guide": {"type": "array", "items": {"type": "object"}}}}
SEARCH_PATHS = {"/search": {"get": {
    "summary": "检索法规、案例和问题定性指引：问题、关键词、条文引用（预算法第93条）或法规名称",
    "operationId": "search",
    "parameters": [
        {**query("q", {"type": "string", "minLength": 1, "maxLength": MAX_QUERY},
                 f"检索内容；长文按其中的关键词检索，超过 {MAX_QUERY_CHARS} 字的部分不参与检索"), "required": True},
        query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "每页条数（默认 10）"),
        query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "页码"),
        query("scope", {"type": "string", "enum": list(SCOPES)},
              "范围：all 法规和全部案例（默认，相关的定性指引另列在 guide）、laws 法规、"
              "cases 审计案例、court_cases 裁判案例、guide 定性指引"),
        query("law", {"type": "string", "minLength": 1, "maxLength": 100}, "只在这部法规中检索（全称、简称或别名）"),
        query("level", {"type": "string", "enum": list(LEVELS)}, "效力级别"),
        query("branch", {"type": "string", "minLength": 1, "maxLength": 40}, "法律部门"),
        query("date", {"type": "string", "format": "date"}, "只检索该日有效的法规版本"),
        query("versions", {"type": "string", "enum": ["current", "all"]},
              "current：现行有效（默认）；all：包括已修改的旧版本")],
    "responses": {**ok(RESULT), **error_responses(400, 401, 403)}}}}


def register() -> None:
    PATHS.update(SEARCH_PATHS)
