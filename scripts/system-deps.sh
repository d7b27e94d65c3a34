#!/usr/bin/env bash
# Installs the system libraries Qt needs, when they are missing, on Debian/Ubuntu.
# Usage: scripts/system-deps.sh offscreen|window|screenshots|bench|installer
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

if [ "$profile" = installer ]; then
  # The Windows installer exercised on Linux (tests/test_installer_wine.py, ./dev
  # installer-test): Debian's wine with its 32-bit half (Inno Setup's compiler and setups
  # are 32-bit programs), Xvfb for the windows a setup opens even when silent, and the
  # Inno Setup 6 compiler the npm package `innosetup` ships (into INNOSETUP_DIR).
  # About 1.5 minutes on a fresh Debian machine.
  pkgs=(wine wine32 wine64 xvfb xauth)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
  if command -v dpkg >/dev/null 2>&1 && ! dpkg --print-foreign-architectures | grep -qx i386; then
    if [ "$(id -u)" -eq 0 ]; then dpkg --add-architecture i386; else sudo dpkg --add-architecture i386; fi
  fi
fi

command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || exit 0

install_innosetup() {
  [ "$profile" = installer ] || return 0
  local dir="${INNOSETUP_DIR:-$HOME/.cache/rtes-desktop/innosetup}"
  [ -f "$dir/node_modules/innosetup/bin/ISCC.exe" ] && return 0
  echo "Installation du compilateur Inno Setup (npm innosetup) dans $dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --silent innosetup@6.4.1
}

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  install_innosetup
  exit 0
fi

echo "Installation des paquets système ($profile) : ${missing[*]}"
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
install_innosetup
