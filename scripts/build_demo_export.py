"""Build resources/demo-export/ from the Markdown of resources/demo/ (run after editing the demo).

    .venv/bin/python scripts/build_demo_export.py [--check]

The export is signed with the DEMO key resources/demo/demo-signing.key, whose public
half resources/keys/demo.pem is trusted only for the source id `demo`. The private
key is public in this repository on purpose: it is not a secret and must never sign
anything but the demo. Nothing is rewritten when the demo did not change (the serial
only moves when content does). `--check` exits 1 when the export is out of date.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rtes_desktop.core.sync.publish import publish  # noqa: E402

DEMO = ROOT / "resources" / "demo"
EXPORT = ROOT / "resources" / "demo-export"
KEY = DEMO / "demo-signing.key"


def main(argv: list[str]) -> int:
    if "--check" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "export"
            import shutil

            shutil.copytree(EXPORT, fresh)
            result = publish(
                DEMO, fresh, key=KEY, expires_days=None, skip_if_unchanged=True, keep_state=False
            )
        print("à jour" if not result.changed else "PAS à jour : relancez ce script")
        return 0 if not result.changed else 1
    # The demo ships inside the application: it must never expire.
    result = publish(
        DEMO, EXPORT, key=KEY, expires_days=None, skip_if_unchanged=True, keep_state=False
    )
    print(result.summary_fr())
    for warning in result.warnings:
        print(f"avertissement : {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
