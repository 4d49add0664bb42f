#!/usr/bin/env bash
# Installs the system packages the tests use, when missing: headless Chromium and its driver
# (browser tests), nginx (round-robin front for the scale-out test), docker-compose (to
# validate docker-compose.yml; Docker itself is not needed). Needs root (or sudo) and apt.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v curl >/dev/null 2>&1 || need+=(curl)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)  # Chinese in screenshots
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "错误：需要安装系统软件包 ${need[*]}，但当前用户不是 root 且没有 sudo。请让管理员安装后重试。" >&2; exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "错误：需要系统软件包 ${need[*]}，本机没有 apt-get，请手动安装。" >&2; exit 1
fi
echo "==> 安装系统软件包：${need[*]}（首次约 1–2 分钟）…"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "==> 系统软件包已安装"
