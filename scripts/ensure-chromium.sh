#!/bin/sh
# Debian's chromium for the browser tests of the board pages (part of npm test; npm run
# test:browser runs only them). The project installs it from the system's own packages;
# playwright-core only drives it, it never downloads a browser. Prints the path of the browser.
set -eu
BROWSER=/usr/bin/chromium
if [ ! -x "$BROWSER" ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  echo "chromium is not installed: apt-get install -y chromium (for the board pages' browser tests)" >&2
  if ! { $SUDO apt-get update >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium >&2; }; then
    echo "could not install chromium; install Debian's chromium package (apt-get install chromium) and run the tests again" >&2
    exit 1
  fi
fi
"$BROWSER" --headless --no-sandbox --disable-gpu --version >&2 || true
echo "$BROWSER"
