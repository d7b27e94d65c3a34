#!/usr/bin/env bash
# Make the macOS disk image of rtes-desktop from the .app PyInstaller built:
# sign the app, build the .dmg, sign it, notarize it with Apple, staple the ticket.
#
#   installer/macos/make_dmg.sh [dist/rtes-desktop.app] [dist/rtes-desktop-X.Y.Z-macos.dmg]
#
# Secrets come from the environment (GitHub Actions secrets in release.yml):
#   CODESIGN_IDENTITY   "Developer ID Application: <Name> (<TEAMID>)", in the keychain
#   APPLE_ID            the Apple ID that notarizes
#   APPLE_TEAM_ID       its team id
#   APPLE_APP_PASSWORD  an app-specific password of that Apple ID
# Without them the .dmg is still made, unsigned, with a warning: Gatekeeper will then
# ask users to confirm the first launch (right-click > Open), fine for trials, not for IT.
set -euo pipefail
cd "$(dirname "$0")/../.."

APP="${1:-dist/rtes-desktop.app}"
[ -d "$APP" ] || { echo "make_dmg: $APP not found (run python scripts/build.py first)" >&2; exit 1; }
VERSION=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist")
ARCH=$(uname -m)
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
  echo "== signing $APP as $CODESIGN_IDENTITY"
  # --options runtime: the hardened runtime notarization requires; --timestamp: a secure
  # timestamp, also required. --deep signs every library and framework inside.
  codesign --force --deep --options runtime --timestamp \
    --entitlements "$ENTITLEMENTS" --sign "$CODESIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
fi

echo "== building $DMG"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$APP" "$stage/"
ln -s /Applications "$stage/Applications"  # drag-and-drop install
rm -f "$DMG"
hdiutil create -volname "$VOLNAME" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$DMG"

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
