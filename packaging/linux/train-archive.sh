#!/usr/bin/env bash
# Makes the app's class-data archive (lib/app/otp-verifier.jsa) for the app tree APP as installed at
# INSTALL_PATH. Run by packaging/build.sh inside a private mount namespace (unshare --mount): the tree
# is mounted at INSTALL_PATH there only, and the installed command is started from that path, so the
# archive names the jar exactly as the installed package's launcher will.
#
# With a display ($DISPLAY), the window is opened (demo mode: no configuration in a fresh home) and
# closed 5 s after it takes input, so the archive holds what a start of the window loads, the demo
# server, the warm-up and the send rehearsal included (in a fresh home the rehearsal first makes its
# certificate, a second or two of keytool). Without one, the terminal's demo walk-through is run instead.
#
# Usage (as root, in a mount namespace of its own): train-archive.sh APP INSTALL_PATH
set -eu -o pipefail

app=$1
install_path=$2
archive="$install_path/lib/app/otp-verifier.jsa"
mount --bind "$app" "$install_path"

scratch=$(mktemp -d)
cleanup() {
  rm -rf "$scratch"
}
trap cleanup EXIT
mkdir "$scratch/home"
cd "$scratch"
# A fresh home: no configuration (demo mode), and nothing written into the builder's own.
environment=(HOME="$scratch/home" PATH=/usr/bin:/bin LANG="${LANG:-C.UTF-8}"
  OTP_VERIFIER_JAVA_OPTIONS="-XX:ArchiveClassesAtExit=$archive -Dotp.startup.probe=true")

if [ -n "${DISPLAY:-}" ] && { ! command -v xdpyinfo >/dev/null 2>&1 || xdpyinfo >/dev/null 2>&1; }; then
  env -i "${environment[@]}" DISPLAY="$DISPLAY" ${XAUTHORITY:+XAUTHORITY="$XAUTHORITY"} \
    "$install_path/bin/otp-verifier" >"$scratch/out" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if grep -q '^READY' "$scratch/out" || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if ! grep -q '^READY' "$scratch/out"; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" || true
    echo "train-archive: the window did not take input within 60 s:" >&2
    cat "$scratch/out" >&2
    exit 1
  fi
  sleep 5
  # SIGTERM ends the JVM in order, and it writes the archive on the way out.
  kill -TERM "$pid"
  wait "$pid" || true
else
  echo "train-archive: no display; the archive holds what the terminal's demo walk-through loads." >&2
  printf '000000\n' | env -i "${environment[@]}" "$install_path/bin/otp-verifier" --demo --console \
    --email build@example.com >"$scratch/out" 2>&1 || true
fi

if [ ! -s "$archive" ]; then
  echo "train-archive: no archive was written:" >&2
  cat "$scratch/out" >&2
  exit 1
fi
