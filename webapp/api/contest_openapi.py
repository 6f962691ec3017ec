"""The OpenAPI description of the 案例评比 API (webapp/case_contest/api.py), added to the
document of webapp/api/openapi.py.  Schemas follow the domain's dataclasses as
`quizzes.jsonable.to_jsonable` writes them."""
from __future__ import annotations

from quizzes.case_contest.judging import TASK_NAMES
from quizzes.case_contest.values import AWARDS, PHASE_NAMES
from webapp.api.content_doc import DOMAIN_CHECKED
from webapp.api.openapi import PATHS, SCHEMAS, error_responses, nullable, ok, ref
from webapp.api.quiz_openapi import BOOL, INT, STRING, TIME, array, obj, path_id

PERSON = obj({"id": INT, "name": STRING, "username": STRING, "department": STRING})
PHASE = {"type": "string", "enum": list(PHASE_NAMES),
         "description": "upcoming 未开始征集，submitting 征集中，judging 评审中，published 结果已公布"}
SCORE_BODY = obj({"scores": {"type": "object", "additionalProperties": {"type": "integer"},
                             "description": "评分标准编号 → 得分（0 至该项分值的整数）"},
                  "comment": {"type": "string", "maxLength": 2000}}, {},
                 description="评委对一个参评案例的评分：每项评分标准都要打分，评语必填", closed=True)
CONTEST_ID = path_id("contest_id", "评比编号")
ENTRY_ID = path_id("entry_id", "参评案例编号")

SCHEMAS.update({
    "ContestSummary": obj({
        "id": INT, "title": STRING, "phase": PHASE, "opens_at": TIME, "closes_at": TIME,
        "blind": BOOL, "entry_count": INT, "judge_count": INT,
        "published_at": nullable("string", format="date-time")}, description="一次案例评比"),
    "ContestStanding": obj({
        "entry_id": INT, "title": STRING, "audit_type": STRING, "authors": array(PERSON),
        "totals": array(INT), "score": nullable("number"), "trimmed": BOOL, "complete": BOOL,
        "rank": nullable("integer"), "award": {"type": "string", "enum": ["", *AWARDS]},
        "case_id": nullable("integer")},
        description="参评案例的结果：各评委总分、得分（5 名评委起去掉最高最低后平均）、名次、奖项"),
    "ContestResults": obj({
        "contest": obj({"summary": ref("ContestSummary"), "description": STRING,
                        "criteria": array(obj({"id": INT, "name": STRING, "weight": INT})),
                        "judges": array(PERSON), "is_manager": BOOL, "is_judge": BOOL}),
        "standings": array(ref("ContestStanding")),
        "progress": array(obj({"judge": PERSON, "done": INT, "due": INT}))},
        description="培训管理员看到全部结果和评审进度；其他人在结果公布后看到获奖名单"),
    "JudgeTask": obj({"entry_id": INT, "title": STRING, "audit_type": STRING,
                      "authors": {"type": "string", "description": "匿名评审时为空"},
                      "state": {"type": "string", "enum": list(TASK_NAMES)},
                      "total": nullable("integer")}),
    "ContestReview": obj({"entry_id": INT, "judge": PERSON,
                          "points": {"type": "object", "additionalProperties": {"type": "integer"}},
                          "total": INT, "comment": STRING, "scored_at": TIME}),
})

PATHS.update({
    "/contests": {"get": {
        "summary": "案例评比列表（征集开始前的评比只有培训管理员可见）", "operationId": "listContests",
        "responses": {**ok(obj({"items": array(ref("ContestSummary"))})),
                      **error_responses(401, 403)}}},
    "/contests/{contest_id}/results": {"get": {
        "summary": "评比结果：培训管理员随时可看（含评审进度）；其他人在公布后看获奖名单",
        "operationId": "contestResults", "parameters": [CONTEST_ID],
        "responses": {**ok(ref("ContestResults")), **error_responses(401, 403, 404)}}},
    "/contests/{contest_id}/judging": {"get": {
        "summary": "我的评审：本次评比的参评案例及我的评分状态（仅评委）",
        "operationId": "contestJudging", "parameters": [CONTEST_ID],
        "responses": {**ok(obj({"items": array(ref("JudgeTask"))})),
                      **error_responses(401, 403, 404)}}},
    "/contests/entries/{entry_id}/score": {"put": {
        "summary": "评委为参评案例评分（征集截止后、结果公布前；可修改；不能为本人参与的案例评分）",
        "operationId": "scoreContestEntry", "parameters": [ENTRY_ID], **DOMAIN_CHECKED,
        "requestBody": {"required": True, "content": {"application/json": {"schema": SCORE_BODY}}},
        "responses": {**ok(ref("ContestReview")), **error_responses(400, 401, 403, 404, 409)}}},
})
