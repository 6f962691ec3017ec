"""The rules of legal time over plain version records (pure functions, no database).

A version is in force from its 施行日期 (its 公布日期 when the 施行日期 is not recorded) up
to the day before the next version's, and no version after the statute's repeal.  Status
words are those of 北大法宝 and the national database: 现行有效 / 已修改 / 已废止 / 尚未施行.

Versions are anything with `version_date`, `promulgated` and `effective_date`, given in
the order they took effect (`by_start`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Sequence

from kb.models import STATUS_AMENDED, STATUS_CURRENT, STATUS_PENDING, STATUS_REPEALED

# How a date relates to the library's versions (InForce.state).
IN_FORCE = "in_force"          # the version in force is in the library
ABSENT = "absent"              # an older version was in force; the library lacks it
NOT_YET = "not_yet"            # the statute had not taken effect yet
REPEALED = "repealed"          # the statute had been repealed


@dataclass(frozen=True)
class Repeal:
    """A statute's repeal: when it took effect, the document that repealed it, and where
    that fact comes from (a clause of a statute, a decision, the data file, an admin)."""
    on: dt.date | None
    by: str = ""
    source: str = ""


@dataclass(frozen=True)
class InForce:
    """Which stored version answers for a date, and a sentence saying how."""
    state: str
    version: object | None        # the version in force (None unless state is IN_FORCE)
    shown: object | None          # the version to show (the nearest one when absent)
    message: str = ""

    @property
    def in_force(self) -> bool:
        return self.state == IN_FORCE


def start_of(version) -> dt.date | None:
    """The day a version took effect; its 公布日期 when the 施行日期 is not recorded."""
    return version.effective_date or getattr(version, "promulgated", None) or version.version_date


def by_start(versions: Sequence) -> list:
    """Versions in the order they took effect (undated ones first)."""
    return sorted(versions, key=lambda v: (start_of(v) is not None, start_of(v) or dt.date.min,
                                           v.version_date or dt.date.min))


def version_status(versions: Sequence, version, on: dt.date, repealed_on: dt.date | None) -> str:
    """The status of one version on `on` (versions in order of taking effect)."""
    if repealed_on is not None and on >= repealed_on:
        return STATUS_REPEALED
    start = start_of(version)
    if start is not None and on < start:
        return STATUS_PENDING
    index = versions.index(version)
    later = [start_of(v) for v in versions[index + 1:]]
    if any(s is not None and s <= on for s in later):
        return STATUS_AMENDED
    return STATUS_CURRENT


def statute_status(versions: Sequence, on: dt.date, repealed_on: dt.date | None,
                   older_exists: bool) -> str:
    """The status of a statute on `on`: 已废止, 现行有效 when some version (stored or not)
    was in force, else 尚未施行."""
    if repealed_on is not None and on >= repealed_on:
        return STATUS_REPEALED
    started = any((start_of(v) or dt.date.min) <= on for v in versions)
    return STATUS_CURRENT if started or older_exists else STATUS_PENDING


def in_force_on(versions: Sequence, on: dt.date, repeal: Repeal | None,
                older_exists: bool) -> InForce:
    """The version in force on `on`: 施行日期 ≤ on < the next version's 施行日期.

    `older_exists`: the oldest stored version's history names earlier versions, so a date
    before it fell under a text the library does not hold (not "not yet in force")."""
    if not versions:
        return InForce(ABSENT, None, None, f"库中没有 {on} 时有效的版本")
    if repeal is not None and repeal.on is not None and on >= repeal.on:
        by = f"，由《{repeal.by}》废止" if repeal.by else ""
        return InForce(REPEALED, None, versions[-1], f"该法规已于 {repeal.on} 废止{by}")
    started = [v for v in versions if (start_of(v) or dt.date.min) <= on]
    if started:
        return InForce(IN_FORCE, started[-1], started[-1])
    first = versions[0]
    if older_exists:
        return InForce(ABSENT, None, first,
                       f"库中没有 {on} 时有效的版本；现有{describe_start(first)}")
    return InForce(NOT_YET, None, first, f"{on} 时该法规尚未施行；{describe_start(first)}")


def dated_statuses(versions: Sequence, on: dt.date, repeal: Repeal | None) -> list:
    """Versions (frozen dataclasses with `status` and `status_event` fields) with their
    status on `on` and the event behind it, in the order they took effect."""
    ordered = by_start(versions)
    repealed_on = repeal.on if repeal else None
    out = []
    for i, version in enumerate(ordered):
        status = version_status(ordered, version, on, repealed_on)
        out.append(replace(version, status=status,
                           status_event=status_event(ordered, i, status, repeal)))
    return out


def status_event(ordered: list, index: int, status: str, repeal: Repeal | None) -> str:
    """The event behind a status: who repealed it, when it takes effect, what replaced it."""
    version = ordered[index]
    if status == STATUS_REPEALED and repeal is not None:
        by = f"由《{repeal.by}》废止" if repeal.by else "废止"
        return f"{repeal.on} 起{by}" + (f"（{repeal.source}）" if repeal.source else "")
    if status == STATUS_PENDING:
        return describe_start(version).strip()
    if status == STATUS_AMENDED and index + 1 < len(ordered):
        newer = ordered[index + 1]
        return f"已被 {version_label(newer)}取代（{start_of(newer)} 起施行）"
    return ""


def describe_start(version) -> str:
    """现有 2021 年修正文本自 2022-01-01 起施行 (the 现有 is the caller's)."""
    label = version_label(version)
    if version.effective_date is not None:
        return f" {label}自 {version.effective_date} 起施行"
    when = getattr(version, "promulgated", None) or version.version_date
    return f" {label}于 {when} 公布（施行日期未记录）"


def version_label(version) -> str:
    """2021 年修正文本 / 2021 年修订文本 / 2020 年文本, from the version's history."""
    if version.version_date is None:
        return "日期不详的文本"
    kind = enacting_kind(getattr(version, "events", ()), version.version_date)
    return f"{version.version_date.year} 年{kind}文本"


def enacting_kind(events, version_date: dt.date) -> str:
    """修正 or 修订 when the version's last enacting event is one, else ''."""
    kinds = [e["kind"] for e in events
             if e.get("date") and e["date"] <= version_date.isoformat()
             and e["kind"] in ("通过", "修正", "修订", "公布", "发布", "批准")]
    return kinds[-1] if kinds and kinds[-1] in ("修正", "修订") else ""


# Events of one enactment lie close together (a regulation 通过 on 2014-12-31 and
# 公布 on 2015-01-30 is one text); an enacting event further back means an older text.
SAME_ENACTMENT = dt.timedelta(days=180)


def has_older_versions(events, version_date: dt.date | None) -> bool:
    """Whether a version's history names an enactment before its own (so earlier texts
    of the statute existed)."""
    if version_date is None:
        return False
    before = (version_date - SAME_ENACTMENT).isoformat()
    return any(e.get("date") and e["date"] < before
               and e["kind"] in ("通过", "修正", "修订", "公布", "发布")
               for e in events)
