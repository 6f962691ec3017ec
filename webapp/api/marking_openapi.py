"""The OpenAPI description of 阅卷 (webapp/marking/api.py) and of an attempt read back
(GET /attempts/{id}), added to the document of webapp/api/openapi.py."""
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

SCHEMAS.update({
    "WrittenKey": obj({"reference": STRING, "rubric": array(RUBRIC_POINT)},
                      description="参考答案（Markdown）与评分要点"),
    "Marks": MARKS,
    "AnswerToGrade": obj({
        "attempt_id": INT, "number": INT, "text": STRING,
        "marks": {**ref("Marks"), "nullable": True},
        "suggested": {"type": "object", "additionalProperties": NUMBER},
        "flags": array(obj({"text": STRING, "status": STRING, "label": STRING, "start": INT, "end": INT}))},
        description="一份答卷（匿名：答卷 number）；suggested：答案正确引用了预期法条的评分要点及建议分；"
                    "flags：引用了不存在的条文或已废止的法规"),
    "GradingTask": obj({"question_id": INT, "part_id": STRING, "position": INT, "stem": STRING,
                        "key": ref("WrittenKey"), "max_points": NUMBER,
                        "answers": array(ref("AnswerToGrade")), "graded": INT}),
    "GradingQueue": obj({"round_id": INT, "title": STRING, "open_for_grading": BOOL,
                         "tasks": array(ref("GradingTask")), "graded": INT, "total": INT},
                        description="按题阅卷：每道主观题（或案例的主观小题）的全部答卷与进度（已阅 graded/total）"),
    "GradeResult": obj({"attempt_id": INT, "question_id": INT, "part_id": STRING, "marks": ref("Marks"),
                        "attempt_score": NUMBER, "ungraded": INT}),
})
GRADE_BODY = obj({}, {
    "points": {"type": "number", "minimum": 0, "description": "总分；省略时为各评分要点得分之和"},
    "rubric": {"type": "object", "additionalProperties": {"type": "number"}, "description": "评分要点编号 → 得分"},
    "comment": {"type": "string", "maxLength": 5000},
    "version": {"type": "integer", "minimum": 0, "description": "所依据的评分版本（尚未评分为 0）"}},
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
