"""Reading a JSON request body strictly: wrong content, wrong types, missing fields are a
400 naming the problem."""
from __future__ import annotations

from flask import request

from kb.errors import InvalidInput

MAX_FIELD = 1000


def json_object(required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, str]:
    """The string fields of a JSON object body."""
    if not request.is_json:
        raise InvalidInput("请求体应为 JSON（Content-Type: application/json）")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("请求体应为 JSON 对象")
    fields = {}
    for name in required + optional:
        value = data.get(name)
        if value is None and name in optional:
            continue
        if not isinstance(value, str) or (name in required and not value):
            raise InvalidInput(f"字段 {name} 必须是非空字符串")
        if len(value) > MAX_FIELD:
            raise InvalidInput(f"字段 {name} 过长")
        fields[name] = value
    return fields


def answer_body():
    """The answer of a PUT …/answers/<question_id> body: {"answer": …} (null clears it)."""
    data = request.get_json(silent=True) if request.is_json else None
    if not isinstance(data, dict) or "answer" not in data:
        raise InvalidInput('请求体应为 JSON 对象 {"answer": …}（Content-Type: application/json）')
    return data["answer"]
