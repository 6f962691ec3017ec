#!/usr/bin/env bash
# Installs the Chinese TrueType fonts the 以案释法 PDF embeds (quizzes/law_pack/fonts.py
# names the paths): AR PL UMing for the body text and WenQuanYi Zen Hei for headings, from
# Debian's packages.  Does nothing when both are there.  With --pdftoppm also installs
# poppler-utils, whose pdftoppm renders PDF pages to pictures for checking them by eye.
set -euo pipefail
packages=()
[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || packages+=(fonts-arphic-uming)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || packages+=(fonts-wqy-zenhei)
if [ "${1:-}" = "--pdftoppm" ] && ! command -v pdftoppm >/dev/null; then
    packages+=(poppler-utils)
fi
if [ ${#packages[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "需要 root 权限安装字体：sudo apt-get install -y ${packages[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
