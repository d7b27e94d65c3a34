#!/usr/bin/env bash
# Make the macOS disk image of rtes-desktop from the .app PyInstaller built and signed:
# check the app's signature, build the .dmg (retried: hdiutil fails now and then with
# "Resource busy" on CI runners), sign it, notarize it with Apple, staple the ticket.
#
#   installer/macos/make_dmg.sh [dist/rtes-desktop.app] [dist/rtes-desktop-X.Y.Z-macos-ARCH.dmg]
#
# The app itself is signed by PyInstaller, binary by binary, when build.spec sees
# CODESIGN_IDENTITY (hardened runtime, secure timestamp, installer/macos/entitlements.plist):
# no `codesign --deep` here, which Apple advises against and which misses or mis-signs
# the libraries a PyInstaller bundle keeps under Contents/Resources.
#
# Secrets come from the environment (GitHub Actions secrets in release.yml):
#   CODESIGN_IDENTITY   "Developer ID Application: <Name> (<TEAMID>)", in the keychain
#   APPLE_ID            the Apple ID that notarizes
#   APPLE_TEAM_ID       its team id
#   APPLE_APP_PASSWORD  an app-specific password of that Apple ID
# Without them the .dmg is still made, unsigned (the app ad-hoc signed), with a warning.
# Opening such a build on macOS 15 and later: double-click it once (macOS refuses), then
# System Settings > Privacy & Security > "Open Anyway" next to the message about
# rtes-desktop, and confirm with the administrator password. (The right-click > Open
# bypass no longer exists since macOS 15.) Fine for trials, not for IT: docs/deploy.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

APP="${1:-dist/rtes-desktop.app}"
[ -d "$APP" ] || { echo "make_dmg: $APP not found (run python scripts/build.py first)" >&2; exit 1; }
# The full version (1.4.0rc2) names the file; Info.plist only holds its numeric X.Y.Z.
VERSION="${RTES_VERSION:-$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist")}"
ARCH="${RTES_TARGET_ARCH:-$(uname -m)}"
DMG="${2:-dist/rtes-desktop-${VERSION}-macos-${ARCH}.dmg}"
VOLNAME="RTES Desktop ${VERSION}"
ENTITLEMENTS="installer/macos/entitlements.plist"

missing=()
for var in CODESIGN_IDENTITY APPLE_ID APPLE_TEAM_ID APPLE_APP_PASSWORD; do
  [ -n "${!var:-}" ] || missing+=("$var")
done
sign=1
if [ ${#missing[@]} -gt 0 ]; then
  sign=0
  # "::warning::" shows in the GitHub Actions summary; a plain line elsewhere.
  echo "::warning::make_dmg: ${missing[*]} not set: the .dmg is NOT signed nor notarized"
fi

if [ $sign = 1 ]; then
  echo "== checking the signature PyInstaller applied to $APP"
  # --deep here only *verifies* every nested binary; nothing is signed by this script.
  codesign --verify --deep --strict --verbose=2 "$APP"
  details=$(codesign --display --verbose=2 "$APP" 2>&1)
  if ! grep -q "Authority=Developer ID Application" <<<"$details" || ! grep -q "flags=.*runtime" <<<"$details"; then
    echo "make_dmg: $APP is not signed with a Developer ID and the hardened runtime:" >&2
    echo "$details" >&2
    exit 1
  fi
fi

echo "== building $DMG"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$APP" "$stage/"
ln -s /Applications "$stage/Applications"  # drag-and-drop install
rm -f "$DMG"
for attempt in 1 2 3 4 5; do
  if hdiutil create -volname "$VOLNAME" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$DMG"; then
    break
  fi
  [ $attempt = 5 ] && { echo "make_dmg: hdiutil failed 5 times" >&2; exit 1; }
  echo "make_dmg: hdiutil failed (attempt $attempt), retrying in $((attempt * 5)) s" >&2
  sleep $((attempt * 5))
done

if [ $sign = 1 ]; then
  codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$DMG"

  echo "== notarizing (this waits for Apple's answer, usually a few minutes)"
  result=$(xcrun notarytool submit "$DMG" \
    --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD" \
    --wait --output-format json)
  echo "$result"
  status=$(printf '%s' "$result" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status",""))')
  if [ "$status" != "Accepted" ]; then
    id=$(printf '%s' "$result" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("id",""))')
    echo "make_dmg: notarization $status; Apple's log:" >&2
    xcrun notarytool log "$id" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
      --password "$APPLE_APP_PASSWORD" >&2 || true
    exit 1
  fi

  echo "== stapling the ticket (lets Gatekeeper check it offline)"
  xcrun stapler staple "$DMG"
  xcrun stapler validate "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
fi

echo "make_dmg: $DMG"
