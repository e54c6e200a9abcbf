#!/usr/bin/env bash
# Build the desktop bundle (dist/reflect/) and check the frozen app really works:
# --version; demo data, a supervision PDF, identifier scan, calendar import, export and a
# Word export from the command line; Alembic migrations found in the bundle (a fresh database and an
# upgrade from the first schema revision, with its backup); the GUI starting offscreen
# and, where xvfb-run and xwininfo exist, its main window mapped on an X11 screen.
# Runs on Linux, macOS and Windows (Git Bash): dates and time limits go through Python or
# plain shell, not GNU date or timeout; on Windows and macOS it also checks the windowed
# executable and, on macOS, the Reflect.app bundle.
# Usage: packaging/smoke_test.sh   (about two minutes, most of it the build)
set -euo pipefail
cd "$(dirname "$0")/.."

app=dist/reflect/reflect
[[ -f "$app.exe" ]] && app="$app.exe"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen

step() { printf '== %s\n' "$*"; }
fail() { printf 'smoke test FAILED: %s\n' "$*" >&2; exit 1; }
day() { uv run --frozen python -c 'import datetime, sys
print((datetime.date.today() + datetime.timedelta(days=int(sys.argv[1]))).strftime(sys.argv[2]))' "$1" "$2"; }
# run_for SECONDS COMMAND…: 124 if still running after SECONDS (then stopped), else its exit code
run_for() {
    local seconds=$1; shift
    "$@" & local pid=$!
    for _ in $(seq "$seconds"); do
        sleep 1
        kill -0 "$pid" 2>/dev/null || { wait "$pid"; return $?; }
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true
    return 124
}
revision() { uv run --frozen python -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select version_num from alembic_version").fetchone()[0])' "$1"; }

step "build"
started=$(date +%s)
uv run --frozen pyinstaller --noconfirm --log-level WARN reflect.spec
echo "built in $(( $(date +%s) - started )) s"

step "--version"
expected="Reflect $(uv run --frozen python -c 'import reflect; print(reflect.__version__)')"
[[ "$("$app" --version)" == "$expected" ]] || fail "--version did not print $expected"
head=$(uv run --frozen python -c 'from reflect.data.db import known_revisions; print(known_revisions()[0])')

step "command line: demo, report, check-text, calendar, export, Word export"
data="$work/cli"
"$app" --data-dir "$data" demo --sessions 5
[[ "$(revision "$data/reflect.sqlite3")" == "$head" ]] || fail "a new database is not at schema $head"
"$app" --data-dir "$data" report supervision --from "$(day -364 %Y-%m-%d)" --to "$(day 0 %Y-%m-%d)" \
    --out "$work/supervision.pdf"
[[ "$(head -c 5 "$work/supervision.pdf")" == "%PDF-" ]] || fail "the supervision report is not a PDF"
if echo "NHS number 943 476 5919" | "$app" --data-dir "$data" check-text >/dev/null; then
    fail "check-text found no identifier in an NHS number"
fi
tomorrow=$(day 1 %Y%m%d)
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//smoke//EN\r\nBEGIN:VEVENT\r\nUID:smoke-1\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;TZID=Europe/London:%sT100000\r\nDTEND;TZID=Europe/London:%sT105000\r\nSUMMARY:Clinic\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
    "$tomorrow" "$tomorrow" > "$work/clinic.ics"
"$app" --data-dir "$data" calendar import "$work/clinic.ics"
"$app" --data-dir "$data" calendar list --date "$(day 1 %Y-%m-%d)" | grep -q "10:00" \
    || fail "the imported calendar session is not listed"
"$app" --data-dir "$data" export --format json --out "$work/backup.json"
reflection=$(uv run --frozen python -c 'import json, sys
print(json.load(open(sys.argv[1], encoding="utf-8"))["data"]["reflections"][0]["id"])' "$work/backup.json")
"$app" --data-dir "$data" export reflection "$reflection" --format docx --out "$work/reflection.docx"
[[ "$(head -c 2 "$work/reflection.docx")" == "PK" ]] || fail "the Word export is not a .docx file"

step "migrations: upgrade a database made at the first schema revision"
old="$work/old"
mkdir -p "$old"
uv run --frozen python -c 'import sys
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine
config = Config()
config.set_main_option("script_location", "reflect.data:migrations")
with create_engine(f"sqlite:///{sys.argv[1]}").begin() as connection:
    config.attributes["connection"] = connection
    command.upgrade(config, "0001")' "$old/reflect.sqlite3"
"$app" --data-dir "$old" import "$work/backup.json"
[[ "$(revision "$old/reflect.sqlite3")" == "$head" ]] || fail "the frozen app did not upgrade schema 0001 to $head"
compgen -G "$old/backups/*0001*" >/dev/null || fail "no backup was made before the upgrade"

step "GUI, offscreen: still running after 10 s, no traceback"
set +e
run_for 10 "$app" --data-dir "$work/gui" 2> "$work/gui.err"
code=$?
set -e
[[ $code == 124 ]] || fail "the app exited with $code: $(tail -n 5 "$work/gui.err")"
if grep -q Traceback "$work/gui.err"; then fail "traceback: $(cat "$work/gui.err")"; fi
[[ "$(revision "$work/gui/reflect.sqlite3")" == "$head" ]] || fail "the app did not create its database"

if [[ -d dist/Reflect.app ]]; then
    step "macOS: Reflect.app runs its windowed executable, and its command line works"
    plist=dist/Reflect.app/Contents/Info.plist
    [[ "$(uv run --frozen python -c 'import plistlib, sys; print(plistlib.load(open(sys.argv[1], "rb"))["CFBundleExecutable"])' "$plist")" == reflectw ]] \
        || fail "Reflect.app does not run reflectw"
    [[ "$(dist/Reflect.app/Contents/MacOS/reflect --version)" == "$expected" ]] || fail "Reflect.app's reflect --version"
fi
if [[ "$app" == *.exe || -d dist/Reflect.app ]]; then
    [[ -f dist/reflect/reflectw || -f dist/reflect/reflectw.exe ]] || fail "no windowed executable (reflectw) in the bundle"
fi

if command -v xvfb-run >/dev/null && command -v xwininfo >/dev/null; then
    step "GUI on X11 (Xvfb): the main window is mapped"
    xvfb-run -a env APP="$app" DATA="$work/x11" QT_QPA_PLATFORM=xcb bash -c '
        "$APP" --data-dir "$DATA" 2>/dev/null &
        pid=$!
        for _ in $(seq 40); do
            sleep 0.5
            if xwininfo -root -tree | grep -qE "\"Reflect\": \(\"reflect\" \"Reflect\"\)  [0-9]+x[0-9]+"; then
                kill "$pid"; exit 0
            fi
        done
        kill "$pid"; exit 1' || fail "no Reflect main window appeared on the X11 screen"
else
    echo "(xvfb-run or xwininfo not installed: the X11 window check was not run)"
fi

echo "smoke test passed: $(du -sh dist/reflect | cut -f1) in dist/reflect"
