"""Developer tool: write accounts/data/common_passwords.txt, the list of common passwords the
password policy refuses (ASVS 2.1.7).  No download: the base words below are the
well-known top entries of published password-leak studies (English and Chinese pinyin
sets), and the variants are what people add to pass a complexity rule — digits, years
and lucky numbers; a capital first letter and a symbol need no variants, since the
check ignores case and also compares the password with its symbols removed.

Usage: python scripts/make_common_passwords.py   (rewrites the file; commit it)
"""
from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "accounts" / "data" / "common_passwords.txt"

WORDS = """
password passw0rd pass pass1 pas passwd passport secret admin administrator root
user guest test tester demo default system sysadmin manager master super superman
supervisor login logon welcome welcom hello hi hey love iloveyou iloveu lovely lover
baby babygirl princess angel angels sunshine shadow dragon monkey tiger lion eagle
football soccer baseball basketball hockey golf tennis jordan michael michelle jennifer
jessica ashley daniel david robert thomas charlie harley hunter ranger buster summer winter
spring autumn freedom whatever nothing trustno1 letmein qwerty qwertyuiop qwert qwer
asdf asdfgh asdfghjkl zxcv zxcvbn zxcvbnm qazwsx qweasd qweasdzxc 1qaz 1qaz2wsx 2wsx
1q2w3e 1q2w3e4r 1q2w3e4r5t q1w2e3r4 q1w2e3 zaq1 zaq12wsx abc abcd abcde abcdef abcdefg
abc123 abcabc aaa aa a aaaa aaaaaa aabb aabbcc qq qqq qqqq ww wwww xx xxx xxxx zz zzz
computer internet google yahoo hotmail gmail windows microsoft apple samsung huawei xiaomi
office company changeme change changeit temp temporary access enter open sesame
starwars batman spiderman pokemon naruto matrix killer cookie cheese banana orange
chocolate coffee pepper ginger flower flowers rainbow purple yellow silver golden gold
diamond money cash bank lucky happy smile friend friends family mother father sister
brother china beijing shanghai guangzhou shenzhen hangzhou nanjing wuhan chengdu
chongqing tianjin xian
woaini woaini1314 wozhidao nihao ninhao zhongguo aini aiai baobao beibei xiaobao
wangyang wanglei wangwei wangjing wangfang wangyong wangli wangqiang wangjun zhangwei
zhangjie zhangli zhangyong zhangjing zhanglei zhangtao zhangbin liwei lina lijun liqiang
lijing liuyang liuwei liujie liubo chenjie chenwei chenlong yangyang huanghe zhaolei
wuhua xuliang sunli zhouwei linlin zhuzhu tingting lili jingjing feifei yueyue yingying
dandan xiaoxiao huahua qiqi mingming shuai shuaige meinv laopo laogong lovelove
shenjiang shenji shenjiju shenjishi caizheng caiwu kuaiji jizhang chuna jiancha
audit auditor auditing finance account accounts accountant money123 budget tax
gongzuo bangong bangongshi danwei jiguan zhengfu dangyuan gongwuyuan
hao123 haoren huairen tianshi xingfu kuaile pingan jiankang fuqi fadacai facai
yiersan yi er san sanliu liuliu bada jiujiu baba mama gege jiejie didi meimei
ceshi guanli guanliyuan xitong yonghu mima mimamima kouling denglu zhuce
"""

NUMBERS = """
0 1 2 3 4 5 6 7 8 9 00 01 11 12 13 21 22 23 69 77 88 99 100 111 123 321 520 521 666 777
888 999 1111 1234 1314 1980 1985 1988 1990 1995 2000 2008 2010 2012 2015 2016 2017 2018
2019 2020 2021 2022 2023 2024 2025 2026 2027 12345 123456 1234567 12345678 123456789
1234567890 654321 111111 000000 112233 123123 147258 147258369 159357 168168 5201314
888888 666666
"""

# Passwords that are common on their own (keyboard walks, repeats, number runs).
WHOLE = """
123456 1234567 12345678 123456789 1234567890 111111 11111111 000000 00000000 888888
88888888 666666 66666666 121212 123123 123321 654321 987654321 147258369 159357 5201314
11223344 aa123456 a123456 a12345678 aa12345678 abc123456 qwe123 qwe123456 qwer1234
1qaz2wsx3edc !qaz2wsx !qaz@wsx p@ssw0rd p@ssword passw0rd! admin@123 admin123 admin888
root123 test123 welcome1 password1 password123 qwerty123 iloveyou1 woaini520 woaini1314
"""


def variants(word: str) -> set[str]:
    """The word, the word with digits after it, and with a few numbers before it.  Symbols
    need no variants: the check also compares the password with its symbols removed
    (Admin@123 → admin123)."""
    out = {word} | {word + number for number in NUMBERS.split()}
    return out | {number + word for number in ("1", "123", "520", "1314", "2024", "2025", "2026")}


def main() -> None:
    passwords: set[str] = set(WHOLE.split())
    for word in WORDS.split():
        passwords |= variants(word.lower())
    lines = sorted(p for p in passwords if len(p) >= 6)
    header = ("# Common passwords refused by accounts.passwords (compared ignoring case), written by\n"
              "# scripts/make_common_passwords.py: edit the script, not this file.\n")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} passwords → {OUT}")


if __name__ == "__main__":
    main()
