#!/usr/bin/env bash
# Installs the browser of Odoo's browser tours when there is none, as root.
# Used by the test image (docker/Dockerfile, stage `test`) and by .ci/run.
#
# - A browser that already runs (one of the names Odoo 18 looks for, in
#   odoo/tests/common.py `_find_executable`) is kept as it is.
# - Debian: Debian's `chromium` package, a real deb.
# - Ubuntu (odoo:18.0 is Ubuntu 24.04): Ubuntu's `chromium` is only a
#   transitional package for the snap, which cannot run in a container or a
#   docker build. Google's "Chrome for Testing" instead: a zip of a fixed
#   version, kept for good, built for automated tests; linked as
#   `google-chrome`, the first name Odoo tries.
set -euo pipefail

# Chrome for Testing version; the test image can override it with
# `--build-arg CHROME_FOR_TESTING_VERSION=...`. Any version listed on
# googlechromelabs.github.io/chrome-for-testing works. This one is the Chrome
# that puppeteer-core 25.16.0 (2026-10) downloads, hence known to be there.
CFT_VERSION=${CHROME_FOR_TESTING_VERSION:-156.0.8078.47}
CFT_DIR=/opt/chrome-for-testing

for name in google-chrome chromium chromium-browser google-chrome-stable; do
    if path=$(command -v "$name") && "$path" --version >/dev/null 2>&1; then
        echo "Browser already installed: $path ($("$path" --version 2>/dev/null))"
        exit 0
    fi
done

if [ "$(id -u)" -ne 0 ]; then
    echo "No browser found, and installing one needs root." >&2
    exit 1
fi

apt_install() {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# shellcheck source=/dev/null
. /etc/os-release
case "$ID" in
debian)
    echo "Installing Debian's chromium..."
    apt_install chromium
    browser=chromium
    ;;
ubuntu)
    if [ "$(dpkg --print-architecture)" != amd64 ]; then
        echo "Chrome for Testing has no Linux build for $(dpkg --print-architecture)." >&2
        exit 1
    fi
    echo "Installing Chrome for Testing $CFT_VERSION..."
    # The libraries Chrome links against, under their Ubuntu 24.04 names
    # (several renamed with a t64 suffix there), and its default fonts.
    apt_install ca-certificates curl unzip fonts-liberation \
        libasound2t64 libatk-bridge2.0-0t64 libatk1.0-0t64 libatspi2.0-0t64 \
        libcairo2 libcups2t64 libdbus-1-3 libdrm2 libgbm1 libglib2.0-0t64 \
        libnspr4 libnss3 libpango-1.0-0 libx11-6 libxcb1 libxcomposite1 \
        libxdamage1 libxext6 libxfixes3 libxkbcommon0 libxrandr2
    tmp=$(mktemp -d)
    curl -fsSL --retry 3 -o "$tmp/chrome.zip" \
        "https://storage.googleapis.com/chrome-for-testing-public/$CFT_VERSION/linux64/chrome-linux64.zip"
    rm -rf "$CFT_DIR"
    mkdir -p "$CFT_DIR"
    unzip -q "$tmp/chrome.zip" -d "$CFT_DIR"
    rm -rf "$tmp"
    ln -sf "$CFT_DIR/chrome-linux64/chrome" /usr/local/bin/google-chrome
    browser=google-chrome
    ;;
*)
    echo "No browser install known for $ID: install Chromium or Google Chrome." >&2
    exit 1
    ;;
esac

# A missing library shows here by name rather than as a skipped tour later.
missing=$(ldd "$(readlink -f "$(command -v "$browser")")" 2>/dev/null | grep 'not found' || true)
if [ -n "$missing" ]; then
    echo "The browser lacks libraries:" >&2
    echo "$missing" >&2
    exit 1
fi
"$browser" --version
