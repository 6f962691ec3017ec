"""Reading a JSON request body strictly: wrong content, wrong types, missing fields are a
400 naming the problem."""
from __future__ import annotations

import datetime as dt
import json
import math

from flask import request

from core.errors import InvalidInput
from kb.library import parse_date_arg

MAX_FIELD = 1000


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _no_constant(name: str):
    raise ValueError(name)


def json_body() -> dict:
    """The request's JSON object.  Strict JSON only: NaN, Infinity and numbers too large
    for a float (1e400) are refused here, before any code can trip over them."""
    if not request.is_json:
        raise InvalidInput("请求体应为 JSON（Content-Type: application/json）")
    try:
        data = json.loads(request.get_data(cache=True), parse_float=_finite, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise InvalidInput("请求体不是有效的 JSON（不接受 NaN、Infinity 和超出范围的数）") from None
    if not isinstance(data, dict):
        raise InvalidInput("请求体应为 JSON 对象")
    return data


def json_object(required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, str]:
    """The string fields of a JSON object body."""
    data = json_body()
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


def _refuse_nulls(data: dict, schema: dict, where: str = "") -> None:
    """A typed property sent as null where the schema does not allow null is a 400, also in
    the objects of an array property (a guide entry's 依据)."""
    for name, value in data.items():
        prop = schema["properties"].get(name, {})
        if value is None and "type" in prop and not prop.get("nullable"):
            raise InvalidInput(f"字段 {where}{name} 不能为 null（不需要时请省略该字段）")
        items = prop.get("items", {})
        if isinstance(value, list) and "properties" in items:
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    _refuse_nulls(item, items, f"{where}{name}[{index}].")


class JsonFields:
    """Typed reads of a JSON object body: a field of the wrong type or length, or one the
    operation does not take, is a 400 naming it — never a silent default, never a 500."""

    def __init__(self, data: dict, known: tuple[str, ...], where: str = ""):
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise InvalidInput(f"{where}未知的字段：{'、'.join(map(str, unknown))[:100]}"
                               f"（可用：{'、'.join(known)}）")
        self.data = data

    @classmethod
    def from_request(cls, known: tuple[str, ...]) -> "JsonFields":
        return cls(json_body(), known)

    @classmethod
    def described(cls, body: dict) -> "JsonFields":
        """The request body of an operation described by `body` (its OpenAPI schema): only
        its properties, and null only where the description allows it (a typed field sent
        as null is a 400, not taken for "left out")."""
        fields = cls.from_request(tuple(body["properties"]))
        _refuse_nulls(fields.data, body)
        return fields

    def text(self, name: str, *, required: bool = False, limit: int = MAX_FIELD) -> str:
        value = self.data.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise InvalidInput(f"字段 {name} 必须是{'非空' if required else ''}字符串")
        if len(value) > limit:
            raise InvalidInput(f"字段 {name} 过长（不超过 {limit} 个字符）")
        return value

    def texts(self, name: str, *, count: int = 50, limit: int = 100) -> tuple[str, ...]:
        value = self.data.get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(f"字段 {name} 必须是字符串数组")
        if len(value) > count or any(len(v) > limit for v in value):
            raise InvalidInput(f"字段 {name} 最多 {count} 项，每项不超过 {limit} 个字符")
        return tuple(value)

    def date(self, name: str) -> dt.date | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            # An empty string is not "no date": leave the field out (or send null) for that.
            raise InvalidInput(f"字段 {name} 必须是 YYYY-MM-DD 格式的日期（不需要时请省略或设为 null）")
        return parse_date_arg(value[:20])

    def integer(self, name: str, *, required: bool = False, low: int = 1,
                high: int = 2 ** 31 - 1) -> int | None:
        value = self.data.get(name)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidInput(f"字段 {name} 必须是 {low} 到 {high} 之间的整数")
        return value

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise InvalidInput(f"字段 {name} 必须是 true 或 false")
        return value

    def objects(self, name: str, known: tuple[str, ...], *, count: int = 30) -> list["JsonFields"]:
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value) \
                or len(value) > count:
            raise InvalidInput(f"字段 {name} 必须是对象数组（最多 {count} 项）")
        return [JsonFields(v, known, f"{name}[{i}] ") for i, v in enumerate(value)]


def answer_body():
    """The answer of a PUT …/answers/<question_id> body: {"answer": …} (null clears it)."""
    fields = JsonFields.from_request(("answer",))
    if "answer" not in fields.data:
        raise InvalidInput('请求体应为 {"answer": …}：缺少字段 answer（null 表示清除答案）')
    return fields.data["answer"]
