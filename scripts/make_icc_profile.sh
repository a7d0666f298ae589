#!/usr/bin/env bash
# Regenerates brandkit/profiles/FOGRA39-brandkit.icc, the CMYK output profile that brandkit
# embeds as the PDF/X-4 output intent of every print PDF, from Fogra's FOGRA39 characterisation
# data (the 1617-patch FOGRA39L set) as Debian's icc-profiles-free ships it.
#
# Requirements (Debian/Ubuntu; this script installs nothing):
#   apt-get install argyll icc-profiles-free python3
# The committed profile was made with argyll 2.3.1+repack-1.1+b1 and
# icc-profiles-free 2.0.1+dfsg-1.1 (Debian bookworm); see brandkit/profiles/README.md.
#
# Usage: scripts/make_icc_profile.sh [OUTPUT.icc]
#   FOGRA39_TI3=path/to/FOGRA39L.ti3  use another copy of the data (default: the Debian one)
#   SOURCE_DATE_EPOCH=seconds         the header's creation date (default 2026-01-01 00:00 UTC)
#
# colprof writes the current time into the profile header; the script overwrites it with a fixed
# date, so reruns with the same argyll and data give a byte-identical file.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$repo/brandkit/profiles/FOGRA39-brandkit.icc}"
data="${FOGRA39_TI3:-/usr/share/color/icc/FOGRA39L.ti3}"
data_sha256="e44e6dfa81633588db98b5613a821d4a936d3d9438d2eb983083c3232df393fa"
date_epoch="${SOURCE_DATE_EPOCH:-1767225600}"

# The profile's desc and cprt tags (brandkit's PDFs show desc as the output intent's Info).
description="brandkit FOGRA39 (coated offset), from FOGRA measurement data"
copyright="Copyright brandkit contributors. Licence: zlib. Made with Argyll CMS from Fogra's \
FOGRA39L characterisation data (icc-profiles-free, zlib licence); not Fogra's own profile."

# -nc     don't copy the 1617 measurements into the profile (they would triple its size)
# -ql     low quality: A2B cLUT 5^4, B2A cLUT 9^3 (see README.md for the other sizes tried)
# -l 330  total ink limit 330 %, as ISO Coated v2 (ECI), the usual FOGRA39 profile, uses
# Black generation is colprof's default ramp (-kr); no gamut mapping, so the perceptual and
# saturation tables are the colorimetric ones, stored once and shared by all three intents.
colprof_options=(-nc -ql -l 330)

for tool in colprof python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "make_icc_profile: $tool not found (apt-get install argyll icc-profiles-free python3)" >&2
    exit 1
  fi
done
if [[ ! -f "$data" ]]; then
  echo "make_icc_profile: no $data (apt-get install icc-profiles-free, or set FOGRA39_TI3)" >&2
  exit 1
fi
if [[ "$(sha256sum "$data" | cut -d' ' -f1)" != "$data_sha256" ]]; then
  echo "make_icc_profile: warning: $data is not the data the committed profile was made from" >&2
fi
argyll_version="$(colprof 2>&1 | sed -n 's/^Create ICC profile, Version //p' | head -n 1 || true)"
echo "make_icc_profile: argyll ${argyll_version:-(unknown version)}, data $data" >&2

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$data" "$work/FOGRA39L.ti3"
# colprof reads BASE.ti3 and writes BASE.icc
colprof "${colprof_options[@]}" -D "$description" -C "$copyright" "$work/FOGRA39L" >"$work/colprof.log"

python3 - "$work/FOGRA39L.icc" "$out" "$date_epoch" <<'PY'
"""Sets the header's creation date (bytes 24-35: six big-endian uint16) to a fixed UTC time."""

import struct
import sys
import time

source, target, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
profile = bytearray(open(source, "rb").read())
assert profile[36:40] == b"acsp", "not an ICC profile"
assert profile[12:20] == b"prtrCMYK", "not a CMYK output profile"
t = time.gmtime(epoch)
profile[24:36] = struct.pack(">6H", t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
with open(target, "wb") as f:
    f.write(profile)
print(f"make_icc_profile: wrote {target} ({len(profile)} bytes)", file=sys.stderr)
PY
