"""The Chinese fonts the PDF embeds, at the paths Debian's packages install them to
(scripts/install-fonts.sh installs them).  Both are TrueType collections, so the PDF
carries a subset of each with only the characters used: a handout opens and prints the
same on any machine, with or without Chinese fonts of its own."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.errors import KbError


@dataclass(frozen=True)
class FontFile:
    role: str             # what it sets: 正文 (宋体-like) or 标题 (黑体-like)
    path: Path
    package: str          # the Debian package that installs it


SONG = FontFile("正文（明体/宋体）", Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
                "fonts-arphic-uming")
HEI = FontFile("标题（黑体）", Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
               "fonts-wqy-zenhei")


class FontsMissing(KbError):
    """The PDF cannot be written: a font file is not installed."""

    def __init__(self, missing: list[FontFile]):
        names = "；".join(f"{f.role}字体 {f.path}（Debian 软件包 {f.package}）" for f in missing)
        super().__init__(f"无法生成 PDF：服务器缺少中文字体文件：{names}。"
                         f"请管理员运行 scripts/install-fonts.sh 安装后重试；.docx 文件不受影响。")


def check_fonts(fonts: tuple[FontFile, ...]) -> None:
    missing = [f for f in fonts if not f.path.is_file()]
    if missing:
        raise FontsMissing(missing)
