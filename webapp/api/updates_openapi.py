"""The OpenAPI description of 法规动态 and 关注 (webapp/library/updates_api.py), added to the
document of webapp/api/openapi.py."""
from __future__ import annotations

from kb.library_changes import KIND_NAMES
from laws.model import LEVELS
from webapp.api.openapi import LAW_ID, PATHS, SCHEMAS, error_responses, nullable, ok, query, ref
from webapp.api.quiz_openapi import BOOL, INT, STRING, TIME, array, obj

PAGING = [query("page", {"type": "integer", "minimum": 1, "maximum": 1_000_000}, "页码，从 1 开始"),
          query("per_page", {"type": "integer", "minimum": 1, "maximum": 200}, "每页条数")]


def paged(item: str, description: str) -> dict:
    return obj({"items": array(ref(item)), "page": INT, "per_page": INT, "total": INT, "pages": INT},
               description=description)


SCHEMAS.update({
    "LibraryChange": obj({
        "id": INT, "kind": {"type": "string", "enum": list(KIND_NAMES)}, "kind_name": STRING,
        "statute_id": nullable("integer"), "version_id": nullable("integer"), "title": STRING,
        "detail": STRING, "level": nullable("string"), "actor": STRING, "created_at": TIME,
        "has_correspondence": BOOL},
        description="法规库的一项变化；初次导入语料为一条汇总（kind=initial，无 statute_id）；"
                    "has_correspondence：该版本有新旧对照表"),
    "LibraryChangePage": paged("LibraryChange", "法规更新（最新的在前）"),
    "FollowedStatute": obj({"statute_id": INT, "title": STRING, "level": STRING,
                            "repealed_on": nullable("string", format="date"), "since": TIME},
                           description="关注的法规"),
    "FollowedStatutePage": paged("FollowedStatute", "我关注的法规（最近关注的在前）"),
})

PATHS.update({
    "/laws/changes": {"get": {
        "summary": "法规更新：新增法规、新版本、废止、效力状态变更等（按类型、效力级别筛选，分页）",
        "operationId": "listLibraryChanges",
        "parameters": [query("kind", {"type": "string", "enum": list(KIND_NAMES)}, "变更类型"),
                       query("level", {"type": "string", "enum": list(LEVELS)}, "效力级别"), *PAGING],
        "responses": {**ok(ref("LibraryChangePage")), **error_responses(400, 401, 403)}}},
    "/laws/{law_id}/follow": {
        "post": {"summary": "关注一部法规（它有新版本、被废止或效力状态变化时收到通知）",
                 "operationId": "followLaw", "parameters": [LAW_ID],
                 "responses": {**ok(ref("FollowedStatute"), "已关注", "201"),
                               **error_responses(401, 403, 404, 409)}},
        "delete": {"summary": "取消关注一部法规", "operationId": "unfollowLaw", "parameters": [LAW_ID],
                   "responses": {**ok(obj({"statute_id": INT, "following": BOOL})),
                                 **error_responses(401, 403, 404, 409)}}},
    "/me/follows": {"get": {
        "summary": "我关注的法规", "operationId": "listFollows", "parameters": PAGING,
        "responses": {**ok(ref("FollowedStatutePage")), **error_responses(400, 401, 403)}}},
})
