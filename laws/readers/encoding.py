"""Decoding text files a bureau receives: UTF-8 (with or without BOM), UTF-16 with a BOM
(Windows Notepad's "Unicode"), or GB18030/GBK, which Chinese Windows still writes.

GB18030 accepts nearly any byte sequence, so a file in another encoding (Big5, Shift-JIS,
a binary file) "decodes" into nonsense.  Chinese prose keeps to common characters: at least
four in five of its Chinese characters are in GB2312's first level (the 3,755 commonest),
while mis-decoded bytes scatter over rare ones.  That test refuses the nonsense without a
detection library.
"""
from __future__ import annotations

import codecs

from laws.readers.error import ReadError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Share of Chinese characters that must be common ones for a GB18030 reading to be believed.
_COMMON_SHARE = 0.8


def decode_text(data: bytes, name: str) -> str:
    """The text of a file, or ReadError naming the file when its encoding is unknown."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
        if text is not None and _is_plausible_chinese(text):
            return text
    raise ReadError(f"无法识别文件“{name}”的文字编码：它不是 UTF-8，也不是 GB18030/GBK 编码的中文文本。"
                    "请用记事本或 Word 另存为 UTF-8 编码后再导入。")


def is_common_hanzi(char: str) -> bool:
    """True for a character of GB2312's first level (the 3,755 commonest Chinese characters)."""
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7


def _is_plausible_chinese(text: str) -> bool:
    hanzi = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not hanzi or "\x00" in text:
        return False
    return sum(1 for ch in hanzi if is_common_hanzi(ch)) >= _COMMON_SHARE * len(hanzi)
