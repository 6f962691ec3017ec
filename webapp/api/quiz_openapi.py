"""The OpenAPI description of the quiz API (webapp/quiz/api.py), added to the document
of webapp/api/openapi.py.  Schemas follow the domain's dataclasses as
`quizzes.jsonable.to_jsonable` writes them."""
from __future__ import annotations

from quizzes.grading import SUBMIT_KIND_NAMES
from quizzes.round_spec import STATUSES
from quizzes.scoring import ANSWER_STATE_NAMES
from webapp.api.content_doc import DOMAIN_CHECKED, TRAINER
from webapp.api.openapi import ID, PATHS, SCHEMAS, error_responses, link, nullable, ok, query, ref

INT, NUMBER, STRING, BOOL = ({"type": t} for t in ("integer", "number", "string", "boolean"))
TIME = {"type": "string", "format": "date-time"}
STATE = {"type": "string", "enum": list(ANSWER_STATE_NAMES),
         "description": "答题卡：answered 已答，partly 部分作答（案例有小题未答、填空有空未填），unanswered 未答"}
ANY = {"nullable": True, "description": "单选：选项编号；多选：选项编号列表；判断：true/false；"
                                        "填空：文本或文本列表；简答/论述：文本（不超过 20000 字）；"
                                        "案例分析：{小题编号: 答案}"}


def obj(required: dict, optional: dict | None = None, description: str = "", closed: bool = False) -> dict:
    """An object schema; `closed`: a request body refusing fields it does not list."""
    schema = {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}
    if closed:
        schema["additionalProperties"] = False
    return {**schema, "description": description} if description else schema


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def path_id(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": ID, "description": description}


CITATION = obj({"statute_id": INT, "article_no": INT, "suffix": INT, "short_title": STRING,
                "title": STRING, "label": STRING})
OPTION = obj({"id": STRING, "text": STRING})

SCHEMAS.update({
    "MyAttempt": obj({"id": INT, "number": INT, "status": STRING, "score": nullable("number"),
                      "max_score": NUMBER, "submitted_at": nullable("string", format="date-time"),
                      "ungraded": {**INT, "description": "尚待阅卷的主观题答案数（大于 0：待阅卷）"}}),
    "MyRoundState": obj({
        "attempts_used": INT, "attempts_allowed": INT, "in_progress_attempt_id": nullable("integer"),
        "best_score": nullable("number"), "deadline": nullable("string", format="date-time"),
        "can_start": BOOL, "reason": STRING, "attempts": array(ref("MyAttempt"))},
        description="我在本轮次的情况：作答次数、能否开始及原因"),
    "RoundSummary": obj({
        "id": INT, "title": STRING, "status": {"type": "string", "enum": list(STATUSES)},
        "status_name": STRING, "opens_at": TIME, "closes_at": nullable("string", format="date-time"),
        "time_limit_minutes": nullable("integer"), "attempts_allowed": INT, "practice_mode": BOOL,
        "question_count": INT, "max_score": NUMBER, "audience_all": BOOL,
        "department_ids": array(INT), "mine": {**ref("MyRoundState"), "nullable": True},
        "competition": BOOL, "start_window_minutes": nullable("integer"),
        "grade_while_open": {**BOOL, "description": "作答期间即可阅卷（否则截止后）"},
        "double_marking_threshold": nullable("number", description="双评：两评分差超过此分数需第三评；null 为单评"),
        "regrade_days": {**INT, "description": "成绩确定后可申请复核的天数（0 为不接受）"}}),
    "RoundDetail": obj({
        "summary": ref("RoundSummary"), "description": STRING, "scoring": {"type": "object"},
        "policy": nullable("object"), "period_key": nullable("string"), "audience_size": INT,
        "department_names": array(STRING),
        "questions": array(obj({"question_id": INT, "position": INT, "revision_id": INT, "qtype": STRING,
                                "type_name": STRING, "stem": STRING, "points": NUMBER})),
        "composition_notes": {"type": "object"}, "cancel_reason": STRING},
        description="轮次详情；questions 只对培训管理员列出，且不含答案"),
    "PartView": obj({"id": STRING, "qtype": STRING, "type_name": STRING, "stem": STRING,
                     "options": array(OPTION), "points": NUMBER, "blanks": INT}),
    "Feedback": obj({"question_id": INT, "score": NUMBER, "max_score": NUMBER, "correct": BOOL,
                     "answer": ANY, "explanation": STRING, "citations": array(CITATION),
                     "parts": array(obj({"id": STRING, "score": NUMBER, "max_score": NUMBER,
                                         "answer": ANY, "explanation": STRING})),
                     "written": array(obj({"part_id": STRING, "points": nullable("number"), "max_score": NUMBER,
                                           "reference": STRING, "rubric": array(array({})), "comment": STRING,
                                           "exemplary": array(obj({"text": STRING, "author": nullable("string"),
                                                                   "points": NUMBER})),
                                           "regrade": {**ref("RegradeState"), "nullable": True},
                                           "regrade_until": nullable("string", format="date-time")},
                                          description="主观题：阅卷得分（null 为待阅卷）、[评分要点, 得分] 列表、评语、参考答案；"
                                                      "exemplary 示范答案（author 为 null 即匿名）；regrade 复核申请及结果；"
                                                      "regrade_until 可申请复核的截止时间（null 为现在不能申请）"))},
                    description="答案公布后（轮次结束或练习模式）才有：正确答案、专家解题、法条依据"),
    "QuestionView": obj({
        "question_id": INT, "position": INT, "qtype": STRING, "type_name": STRING, "stem": STRING,
        "options": array(OPTION), "parts": array(ref("PartView")), "points": NUMBER, "blanks": INT,
        "answer": ANY, "checked": BOOL, "feedback": {**ref("Feedback"), "nullable": True},
        "withheld": {**BOOL, "description": "本题正用于进行中的练兵轮次：该轮次结束前不给答案和解析"},
        "state": STATE, "flagged": {**BOOL, "description": "本人在答题卡上标记（稍后再看）"},
        "named_exemplary": {**BOOL, "description": "本人同意：本题答案被选作示范答案时署名展示（默认匿名）"}},
        description="一道题：选项按本人的乱序排列；answer 为本人已保存的答案"),
    "Attempt": obj({
        "attempt_id": INT, "round_id": INT, "round_title": STRING, "number": INT,
        "status": {"type": "string", "enum": ["in_progress", "submitted", "void"]},
        "practice_mode": BOOL, "started_at": TIME, "deadline_at": nullable("string", format="date-time"),
        "seconds_left": nullable("integer"), "submitted_at": nullable("string", format="date-time"),
        "submit_kind": nullable("string", enum=list(SUBMIT_KIND_NAMES)), "score": nullable("number"),
        "max_score": NUMBER, "answers_visible": BOOL, "questions": array(ref("QuestionView")),
        "round_kind": {"type": "string", "enum": ["training", "self"]},
        "ungraded": {**INT, "description": "尚待阅卷的主观题答案数：大于 0 时成绩未最终确定（待阅卷）"}}),
    "SaveResult": obj({"attempt_id": INT, "question_id": INT, "saved_at": TIME, "answered": INT, "total": INT,
                       "state": STATE}, description="answered：已答（全部作答）的题数；state：本题在答题卡上的状态"),
    "FlagResult": obj({"attempt_id": INT, "question_id": INT, "flagged": BOOL}),
    "SubmitResult": obj({"attempt_id": INT, "score": NUMBER, "max_score": NUMBER, "submitted_at": TIME,
                         "submit_kind": {"type": "string", "enum": list(SUBMIT_KIND_NAMES)},
                         "already_submitted": BOOL}),
    "HistoryPoint": obj({"round_id": INT, "title": STRING, "submitted_at": TIME, "score": NUMBER,
                         "max_score": NUMBER, "percent": NUMBER, "round_average": nullable("number"),
                         "ungraded": INT}),
    "Question": obj({
        "id": INT, "status": {"type": "string", "enum": ["draft", "reviewed", "published", "archived"]},
        "revision_no": INT, "published_no": nullable("integer"), "origin": STRING,
        "author_id": nullable("integer"), "author_name": STRING, "reviewed_by_id": nullable("integer"),
        "created_at": TIME, "updated_at": TIME, "content": {"type": "object"},
        "citations": array(CITATION), "open_reports": INT}),
    "CloseSummary": obj({"round_id": INT, "auto_submitted": INT, "submitted": INT}),
    "ResultRow": obj({"user_id": INT, "username": STRING, "name": STRING, "department": STRING,
                      "attempts": INT, "score": nullable("number"), "max_score": NUMBER,
                      "percent": nullable("number"), "submitted_at": nullable("string", format="date-time"),
                      "submit_kind": nullable("string"), "rank": nullable("integer"), "ungraded": INT,
                      "answered": {**nullable("integer"), "description": "最好一次作答中已答的题数（案例有小题未答不算）"},
                      "questions": INT,
                      "objective_score": {**nullable("number"), "description": "待阅卷时：客观题部分的得分（阅卷完成后为 null）"},
                      "objective_max": {**nullable("number"), "description": "待阅卷时：客观题部分的满分"}},
                     description="rank：在参加者中的名次（得分率相同名次相同），未参加为 null；ungraded：待阅卷的主观题数"),
    "RoundStats": obj({
        "round_id": INT, "title": STRING, "status": STRING, "audience": INT, "started": INT,
        "submitted": INT, "participation": NUMBER, "mean_percent": nullable("number"),
        "median_percent": nullable("number"), "max_percent": nullable("number"),
        "min_percent": nullable("number"), "distribution": array(INT),
        "questions": array(obj({"question_id": INT, "position": INT, "type_name": STRING, "stem": STRING,
                                "answered": INT, "facility": nullable("number"),
                                "discrimination": nullable("number"), "open_reports": INT,
                                "flags": array(STRING)}))},
        description="distribution：得分率 0–9、10–19 … 90–100 各区间人数；facility 难度系数，"
                    "discrimination 区分度，flags 需要关注的原因"),
})

ROUND_ID = path_id("round_id", "轮次编号")
ATTEMPT_ID = path_id("attempt_id", "作答编号")
ITEMS = lambda schema: obj({"items": array(schema)})  # noqa: E731
QUESTION_BODY = obj(
    {"type": {"type": "string", "enum": ["single", "multiple", "true_false", "fill", "short", "essay", "case",
                                         "单选题", "多选题", "判断题", "填空题", "简答题", "论述题", "案例分析题"]},
     "stem": {"type": "string", "minLength": 1, "maxLength": 20000}},
    {"options": {"type": "array", "maxItems": 6, "items": {}}, "answer": ANY,
     "explanation": {"type": "string", "maxLength": 20000}, "articles": ANY,
     "difficulty": {"type": "integer", "minimum": 1, "maximum": 5},
     "tags": {"type": "array", "maxItems": 10, "items": {"type": "string", "maxLength": 30}},
     "case_id": nullable("integer", minimum=1), "parts": {"type": "array", "maxItems": 10, "items": {"type": "object"}},
     "fixed_order": BOOL,
     "reference": {"type": "string", "maxLength": 20000, "description": "简答/论述题的参考答案（Markdown）"},
     "rubric": {"type": "array", "maxItems": 20, "items": {"type": "object"},
                "description": "简答/论述题的评分要点：[{text, points, articles?}]，articles 如“《政府采购法》第二十八条”"}},
    description="试题：options 为文本或 {id, text}；answer 可用选项编号或字母；articles 可写“《审计法》第四十二条”；"
                "fixed_order 为 true 时选项按所给顺序显示、不为每人打乱（固定选项顺序）；"
                "简答/论述题（及案例中 type 为 short 的小题）给出 reference 与 rubric",
    closed=True)
FLAG_BODY = obj({"flagged": BOOL}, description="true 标记本题（稍后再看），false 取消标记", closed=True)
ROUND_BODY = obj(
    {"title": {"type": "string", "minLength": 1, "maxLength": 200}, "opens_at": TIME, "closes_at": TIME},
    {"description": {"type": "string", "maxLength": 5000}, "department_ids": array(ID),
     "time_limit_minutes": nullable("integer", minimum=1, maximum=1440),
     "attempts_allowed": {"type": "integer", "minimum": 1, "maximum": 10}, "practice_mode": BOOL,
     "grade_while_open": BOOL,
     "double_marking_threshold": nullable("number", minimum=0, maximum=1000),
     "regrade_days": {"type": "integer", "minimum": 0, "maximum": 30},
     "scoring": {"type": "object"}, "question_ids": array(ID), "policy": nullable("object"),
     "competition": BOOL, "start_window_minutes": nullable("integer", minimum=1, maximum=1440)},
    description="轮次（存为草稿，在网页上发布）：question_ids 为挑选的已发布试题，或以 policy（组卷策略：count、min_case、"
                "statute_ids、tags …）自动组卷；时间不带时区时按北京时间；competition 为练兵比武（须设 time_limit_minutes，"
                "每人一次，开始后 start_window_minutes 分钟内入场，默认 15）", closed=True)


ROUND = "$response.body#/summary/id"
ROUND_LINKS = {"GetRound": link("getRound", round_id=ROUND),
               "StartAttempt": link("startAttempt", round_id=ROUND),
               "CloseRound": link("closeRound", round_id=ROUND),
               "RoundResults": link("roundResults", round_id=ROUND),
               "RoundStats": link("roundStats", round_id=ROUND)}
ATTEMPT = "$response.body#/attempt_id"
ATTEMPT_LINKS = {"SaveAnswer": link("saveAnswer", attempt_id=ATTEMPT,
                                    question_id="$response.body#/questions/0/question_id"),
                 "FlagQuestion": link("flagQuestion", attempt_id=ATTEMPT,
                                      question_id="$response.body#/questions/0/question_id"),
                 "SubmitAttempt": link("submitAttempt", attempt_id=ATTEMPT),
                 "GetAttempt": link("getAttempt", attempt_id=ATTEMPT)}


def json_request(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


PATHS.update({
    "/rounds": {
        "get": {"summary": "我可参加的练兵轮次（培训管理员：全部）", "operationId": "listRounds",
                "parameters": [query("status", {"type": "string", "enum": list(STATUSES)}, "只列出该状态的轮次")],
                "responses": {**ok(ITEMS(ref("RoundSummary"))), **error_responses(400, 401, 403)}},
        "post": {"summary": "创建轮次（培训管理员）", "operationId": "createRound", **TRAINER, **DOMAIN_CHECKED,
                 "requestBody": json_request(ROUND_BODY),
                 "responses": {**ok(ref("RoundDetail"), "已创建", "201", ROUND_LINKS),
                               **error_responses(400, 401, 403)}}},
    "/rounds/{round_id}": {"get": {
        "summary": "一个轮次", "operationId": "getRound", "parameters": [ROUND_ID],
        "responses": {**ok(ref("RoundDetail")), **error_responses(401, 403, 404)}}},
    "/rounds/{round_id}/attempts": {"post": {
        "summary": "开始或继续我的作答：试题按我的选项顺序，不含答案", "operationId": "startAttempt",
        "parameters": [ROUND_ID],
        "responses": {**ok(ref("Attempt"), links=ATTEMPT_LINKS), **error_responses(401, 403, 404, 409)}}},
    "/attempts/{attempt_id}/answers/{question_id}": {"put": {
        "summary": "保存一道题的答案（自动保存；null 清除）", "operationId": "saveAnswer", **DOMAIN_CHECKED,
        "parameters": [ATTEMPT_ID, path_id("question_id", "试题编号")],
        "requestBody": json_request(obj({"answer": ANY}, closed=True)),
        "responses": {**ok(ref("SaveResult")),
                      **error_responses(400, 401, 403, 404, 409)}}},
    "/attempts/{attempt_id}/flags/{question_id}": {"put": {
        "summary": "在答题卡上标记一道题（稍后再看）或取消标记；只在作答中可用", "operationId": "flagQuestion",
        "parameters": [ATTEMPT_ID, path_id("question_id", "试题编号")],
        "requestBody": json_request(FLAG_BODY),
        "responses": {**ok(ref("FlagResult")), **error_responses(400, 401, 403, 404, 409)}}},
    "/attempts/{attempt_id}/submit": {"post": {
        "summary": "交卷（重复交卷返回第一次的结果）", "operationId": "submitAttempt", "parameters": [ATTEMPT_ID],
        "responses": {**ok(ref("SubmitResult")), **error_responses(401, 403, 404, 409)}}},
    "/me/results": {"get": {
        "summary": "我的历次成绩（趋势图数据）", "operationId": "myResults",
        "responses": {**ok(ITEMS(ref("HistoryPoint"))), **error_responses(401, 403)}}},
    "/questions": {"post": {
        "summary": "新建试题（培训管理员；存为草稿）", "operationId": "createQuestion", **TRAINER, **DOMAIN_CHECKED,
        "requestBody": json_request(QUESTION_BODY),
        "responses": {**ok(ref("Question"), "已创建", "201"), **error_responses(400, 401, 403)}}},
    "/rounds/{round_id}/close": {"post": {
        "summary": "结束轮次：未交卷的按最后保存的答案自动交卷，公布答案（培训管理员）",
        "operationId": "closeRound", **TRAINER, "parameters": [ROUND_ID],
        "responses": {**ok(ref("CloseSummary")), **error_responses(401, 403, 404, 409)}}},
    "/rounds/{round_id}/results": {"get": {
        "summary": "轮次成绩：参加范围内每人的最好成绩（培训管理员）", "operationId": "roundResults", **TRAINER,
        "parameters": [ROUND_ID],
        "responses": {**ok(ITEMS(ref("ResultRow"))), **error_responses(401, 403, 404)}}},
    "/rounds/{round_id}/stats": {"get": {
        "summary": "轮次统计：参与率、得分分布、难度系数与区分度（培训管理员）", "operationId": "roundStats", **TRAINER,
        "parameters": [ROUND_ID],
        "responses": {**ok(ref("RoundStats")), **error_responses(401, 403, 404)}}},
})
