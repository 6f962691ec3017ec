"""The OpenAPI description of 阅卷 (webapp/marking/api.py) — with 双评, 示范答案 and 申请复核 —
and of an attempt read back (GET /attempts/{id}), added to the document of webapp/api/openapi.py."""
from __future__ import annotations

from webapp.api.content_doc import DOMAIN_CHECKED, TRAINER
from webapp.api.openapi import PATHS, SCHEMAS, error_responses, nullable, ok, ref
from webapp.api.quiz_openapi import (ATTEMPT_ID, BOOL, INT, NUMBER, ROUND_ID, STRING, array,
                                     json_request, obj, path_id)

ARTICLE_REF = obj({"statute_id": INT, "article_no": INT, "suffix": INT})
RUBRIC_POINT = obj({"id": STRING, "text": STRING, "points": NUMBER, "articles": array(ARTICLE_REF)})
MARKS = obj({"points": NUMBER, "rubric": {"type": "object", "additionalProperties": NUMBER},
             "comment": STRING, "version": INT, "graded_at": nullable("string", format="date-time")},
            description="阅卷结果：总分、各评分要点得分、评语；version 为保存次数（提交时带上，防止覆盖他人的评分）")

MARK = obj({"grader_id": INT, "points": NUMBER, "rubric": {"type": "object", "additionalProperties": NUMBER},
            "comment": STRING, "graded_at": nullable("string", format="date-time")})
TICKET = {"request_id": INT, "round_id": INT, "round_title": STRING, "question_id": INT, "part_id": STRING,
          "position": INT, "status": {"type": "string", "enum": ["open", "confirmed", "changed"]},
          "status_name": STRING, "reason": STRING, "previous_points": NUMBER, "max_points": NUMBER,
          "created_at": {"type": "string", "format": "date-time"}, "graded_by": array(STRING),
          "eligible": array(STRING), "may_take": BOOL}

SCHEMAS.update({
    "RegradeState": obj({
        "request_id": INT, "status": {"type": "string", "enum": ["open", "confirmed", "changed"]},
        "status_name": STRING, "reason": STRING, "previous_points": NUMBER, "points": nullable("number"),
        "comment": STRING, "created_at": {"type": "string", "format": "date-time"},
        "decided_at": nullable("string", format="date-time")},
        description="申请复核：open 复核中，confirmed 维持原分，changed 已改分（points 为复核后得分，comment 为复核意见）"),
    "RegradeTicket": obj(TICKET, description="复核申请（答卷匿名）：graded_by 原阅卷人（不能处理），eligible 可处理的阅卷人"),
    "RegradeCase": obj({"ticket": obj(TICKET), "stem": STRING, "key": ref("WrittenKey"), "answer": STRING,
                        "marks": ref("Marks")}, description="复核：申请、题目、答卷与原评分"),
    "DoubleMarking": obj({"threshold": NUMBER, "count": INT, "disputed": BOOL, "mine": {**MARK, "nullable": True},
                          "others": array(MARK)},
                         description="双评：已有几评、是否分差超阈值；其他阅卷人的评分在本人评分后（或裁定分差时）才显示"),
    "WrittenKey": obj({"reference": STRING, "rubric": array(RUBRIC_POINT)},
                      description="参考答案（Markdown）与评分要点"),
    "Marks": MARKS,
    "AnswerToGrade": obj({
        "attempt_id": INT, "number": INT, "text": STRING,
        "marks": {**ref("Marks"), "nullable": True},
        "suggested": {"type": "object", "additionalProperties": NUMBER},
        "flags": array(obj({"text": STRING, "status": STRING, "label": STRING, "start": INT, "end": INT})),
        "awaiting": {**BOOL, "description": "本人还需处理（未定分；双评时本人未评或可裁定分差）"},
        "exemplary": {**BOOL, "description": "已选作示范答案"},
        "double": {**ref("DoubleMarking"), "nullable": True}},
        description="一份答卷（匿名：答卷 number）；suggested：答案正确引用了预期法条的评分要点及建议分；"
                    "flags：引用了不存在的条文或已废止的法规"),
    "GradingTask": obj({"question_id": INT, "part_id": STRING, "position": INT, "stem": STRING,
                        "key": ref("WrittenKey"), "max_points": NUMBER,
                        "answers": array(ref("AnswerToGrade")), "graded": INT}),
    "GradingQueue": obj({"round_id": INT, "title": STRING, "open_for_grading": BOOL,
                         "tasks": array(ref("GradingTask")), "graded": INT, "total": INT,
                         "double_marking_threshold": nullable("number")},
                        description="按题阅卷：每道主观题（或案例的主观小题）的全部答卷与进度（已阅 graded/total）"),
    "GradeResult": obj({"attempt_id": INT, "question_id": INT, "part_id": STRING,
                        "marks": {**ref("Marks"), "nullable": True}, "attempt_score": NUMBER, "ungraded": INT,
                        "double": {**ref("DoubleMarking"), "nullable": True}},
                       description="marks 为计分的评分；双评尚未定分（待第二评或分差超阈值）时为 null"),
})
GRADE_BODY = obj({}, {
    "points": {"type": "number", "minimum": 0, "description": "总分；省略时为各评分要点得分之和"},
    "rubric": {"type": "object", "additionalProperties": {"type": "number"}, "description": "评分要点编号 → 得分"},
    "comment": {"type": "string", "maxLength": 5000},
    "version": {"type": "integer", "minimum": 0, "description": "所依据的评分版本（尚未评分为 0）"},
    "exemplary": {"type": "boolean", "description": "选作示范答案（每题最多两份，须已定分）；省略为不变"}},
    description="评分：每项 0 至该要点分值，总分 0 至本题分值，超出为 400", closed=True)
GRADE_OPERATION = {"summary": "", **TRAINER, **DOMAIN_CHECKED, "requestBody": json_request(GRADE_BODY),
                   "responses": {**ok(ref("GradeResult")), **error_responses(400, 401, 403, 404, 409)}}
QUESTION_ID = path_id("question_id", "试题编号")

PATHS.update({
    "/attempts/{attempt_id}": {"get": {
        "summary": "我的一次作答：答案公布后含得分、主观题的阅卷得分和评语（待阅卷时 ungraded > 0）",
        "operationId": "getAttempt", "parameters": [ATTEMPT_ID],
        "responses": {**ok(ref("Attempt")), **error_responses(401, 403, 404)}}},
    "/rounds/{round_id}/grading": {"get": {
        "summary": "按题阅卷：轮次中待阅和已阅的主观题答卷（培训管理员、系统管理员或阅卷人）",
        "operationId": "roundGrading", **TRAINER, "parameters": [ROUND_ID],
        "responses": {**ok(ref("GradingQueue")), **error_responses(401, 403, 404)}}},
    "/attempts/{attempt_id}/answers/{question_id}/grade": {"put": {
        **GRADE_OPERATION, "summary": "为一道简答题/论述题的答卷评分", "operationId": "gradeAnswer",
        "parameters": [ATTEMPT_ID, QUESTION_ID]}},
    "/attempts/{attempt_id}/answers/{question_id}/parts/{part_id}/grade": {"put": {
        **GRADE_OPERATION, "summary": "为案例分析题中一道主观小题的答卷评分", "operationId": "gradePart",
        "parameters": [ATTEMPT_ID, QUESTION_ID,
                       {"name": "part_id", "in": "path", "required": True,
                        "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,16}$"},
                        "description": "小题编号"}]}},
})

REGRADE_REQUEST_BODY = obj({"reason": {"type": "string", "minLength": 1, "maxLength": 1000}},
                           {"part_id": {"type": "string", "maxLength": 16, "description": "案例分析题的主观小题编号"}},
                           description="申请复核：成绩确定后期限内、每道题一次，理由必填", closed=True)
DECISION_BODY = obj({"comment": {"type": "string", "minLength": 1, "maxLength": 5000}}, {
    "points": {"type": "number", "minimum": 0, "description": "总分；省略时为各评分要点得分之和"},
    "rubric": {"type": "object", "additionalProperties": {"type": "number"}, "description": "评分要点编号 → 得分"}},
    description="复核结果：得分不变为维持原分；复核意见必填", closed=True)
REQUEST_ID = path_id("request_id", "复核申请编号")
EXEMPLARY_BODY = obj({"exemplary": BOOL}, {"part_id": {"type": "string", "maxLength": 16,
                                                       "description": "案例分析题的主观小题编号"}},
                     description="选作（true）或取消（false）示范答案：须已定分，每题最多两份", closed=True)

PATHS.update({
    "/attempts/{attempt_id}/answers/{question_id}/review-request": {"post": {
        "summary": "申请复核本人一道主观题（或案例主观小题）的阅卷结果", "operationId": "requestRegrade",
        **DOMAIN_CHECKED, "parameters": [ATTEMPT_ID, QUESTION_ID], "requestBody": json_request(REGRADE_REQUEST_BODY),
        "responses": {**ok(ref("RegradeState"), "已提交", "201"), **error_responses(400, 401, 403, 404, 409)}}},
    "/attempts/{attempt_id}/answers/{question_id}/exemplary": {"put": {
        "summary": "选作或取消示范答案（不重新评分；双评已定分的答卷用此项）", "operationId": "chooseExemplary",
        **TRAINER, **DOMAIN_CHECKED, "parameters": [ATTEMPT_ID, QUESTION_ID], "requestBody": json_request(EXEMPLARY_BODY),
        "responses": {**ok(obj({"attempt_id": INT, "question_id": INT, "exemplary": BOOL})),
                      **error_responses(400, 401, 403, 404, 409)}}},
    "/review-requests": {"get": {
        "summary": "复核申请：待处理的在前，以及最近处理的（阅卷人）", "operationId": "listRegrades", **TRAINER,
        "responses": {**ok(array(ref("RegradeTicket"))), **error_responses(401, 403)}}},
    "/review-requests/{request_id}": {"get": {
        "summary": "一份复核申请：答卷、原评分与理由（阅卷人）", "operationId": "getRegrade", **TRAINER,
        "parameters": [REQUEST_ID], "responses": {**ok(ref("RegradeCase")), **error_responses(401, 403, 404)}}},
    "/review-requests/{request_id}/decision": {"put": {
        "summary": "复核：维持或更改得分，附复核意见（须由未评过该答卷的阅卷人）", "operationId": "decideRegrade",
        **TRAINER, **DOMAIN_CHECKED, "parameters": [REQUEST_ID], "requestBody": json_request(DECISION_BODY),
        "responses": {**ok(ref("RegradeState")), **error_responses(400, 401, 403, 404, 409)}}},
})
