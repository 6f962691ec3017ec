#!/usr/bin/env bash
# Installs the browser the browser tests drive: Debian's chromium at /usr/bin/chromium.
# Called by the browser-test session fixture, so `python -m pytest` alone works on a fresh
# machine (CI runs as root).  Does nothing when chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "需要 root 权限安装 chromium：sudo apt-get install -y chromium" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
