#!/usr/bin/env bash
# Installs the system libraries Qt needs, when they are missing, on Debian/Ubuntu.
# Usage: scripts/system-deps.sh offscreen|window|screenshots|bench
# Elsewhere (Windows, macOS, other Linux) the PySide6 wheels carry what they need: nothing to do.
set -euo pipefail
profile="${1:-offscreen}"

# Offscreen rendering (tests): GL/EGL stubs, xkbcommon, fontconfig and a real font
# (without a font every glyph is a box), glib and dbus that libQt6Gui links to.
# poppler-utils: the handout tests read the PDF they write (pdftotext, pdftoppm).
pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3
      fontconfig fonts-dejavu-core poppler-utils)
if [ "$profile" != offscreen ]; then
  # The xcb platform plugin: its error names libxcb-cursor0 even when icccm/keysyms are missing.
  pkgs+=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
         libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1 libxcb-xinerama0)
fi
if [ "$profile" = screenshots ]; then
  pkgs+=(xvfb)
fi
if [ "$profile" = bench ]; then
  # The search benchmark's corpus: real French prose from Debian's French manual pages.
  pkgs+=(manpages-fr manpages-fr-dev groff-base)
fi

command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || exit 0

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installation des bibliothèques système pour Qt : ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Attention : paquets manquants (${missing[*]}) et ni root ni sudo ; installez-les à la main." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq || true
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
