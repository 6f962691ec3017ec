"""Sample questions of every type on the fixture statutes, and the right answers to a paper
of them: what the quiz tests, the quiz pages' tests and the security tests write and answer."""
from __future__ import annotations

SINGLE_DATA = {"type": "single", "stem": "审计机关应当在实施审计几日前送达审计通知书？",
               "options": ["一日", "三日", "五日", "七日"], "answer": "o2",
               "explanation": "依据样例审计法。", "articles": "《样例审计法》第二条",
               "tags": ["审计程序"], "difficulty": 2}
MULTIPLE_DATA = {"type": "multiple", "stem": "审计机关有权要求被审计单位提供哪些资料？",
                 "options": ["财务资料", "会计资料", "个人日记", "业务资料"],
                 "answer": ["o1", "o2", "o4"], "articles": "《样例审计法》第四条", "tags": ["审计权限"]}
TRUE_FALSE_DATA = {"type": "true_false", "stem": "审计人员与被审计单位有利害关系的，应当回避。",
                   "answer": True, "articles": "《样例审计法》第三条之一", "tags": ["回避"]}
FILL_DATA = {"type": "fill", "stem": "被审计单位应当自接到审计报告之日起____内提出书面意见。",
             "answer": [["十日", "10日"]], "tags": ["审计程序"]}
CASE_DATA = {"type": "case", "stem": "2024年，某县审计局对县教育局开展预算执行审计，发现……",
             "explanation": "本案考查审计程序。", "articles": ["样例审计法第四条"], "tags": ["案例"],
             "parts": [
                 {"type": "single", "stem": "审计局应向谁送达审计通知书？",
                  "options": ["县教育局", "县财政局", "县政府"], "answer": "o1"},
                 {"type": "true_false", "stem": "县教育局可以拒绝提供电子数据。", "answer": False},
                 {"type": "fill", "stem": "被审计单位不得拒绝、____、谎报。", "answer": ["拖延"]}]}


def right_answers(view):
    """The right answer to each question of the fixture paper, by option text."""
    def option(q_or_part, text):
        return next(o.id for o in q_or_part.options if o.text == text)
    out = {}
    for q in view.questions:
        if q.qtype == "single":
            out[q.question_id] = option(q, "三日")
        elif q.qtype == "multiple":
            out[q.question_id] = [option(q, t) for t in ("财务资料", "会计资料", "业务资料")]
        elif q.qtype == "true_false":
            out[q.question_id] = True
        elif q.qtype == "fill":
            out[q.question_id] = ["10日"]
        else:
            p1 = q.parts[0]
            out[q.question_id] = {"p1": option(p1, "县教育局"), "p2": False, "p3": ["拖延"]}
    return out


SAMPLES = {"single": SINGLE_DATA, "multiple": MULTIPLE_DATA, "true_false": TRUE_FALSE_DATA,
           "fill": FILL_DATA, "case": CASE_DATA}


# Written questions (not in SAMPLES: the papers built from SAMPLES stay auto-scored).
SHORT_DATA = {"type": "short", "stem": "请指出审计机关有权要求被审计单位提供哪些资料，并说明依据。",
              "reference": "依据《样例审计法》第四条，审计机关有权要求提供财务、会计资料。",
              "rubric": [{"text": "指出应提供财务、会计资料", "points": 4},
                         {"text": "引用定性依据", "points": 6, "articles": "《样例审计法》第四条"}]}
WRITTEN_CASE_DATA = {"type": "case", "stem": "2024年，某县审计局审计县教育局，发现其拒绝提供会计资料。",
                     "parts": [
                         {"type": "true_false", "stem": "县教育局可以拒绝提供会计资料。", "answer": False},
                         {"type": "short", "stem": "请指出问题并说明定性依据和处理意见。",
                          "reference": "违反《样例审计法》第四条。",
                          "rubric": [{"id": "k1", "text": "定性", "points": 3},
                                     {"id": "k2", "text": "依据", "points": 5,
                                      "articles": "《样例审计法》第四条"}]}]}
