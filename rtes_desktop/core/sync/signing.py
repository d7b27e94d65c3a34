"""Ed25519 keys and signatures of export manifests.

`key_id` is the first 16 hex characters of the SHA-256 of the raw 32-byte public
key. Public keys travel as PEM (SubjectPublicKeyInfo). A PEM file may carry, before
its `-----BEGIN` line, comment lines that scope it:

    # label: Clé de démonstration
    # sources: demo

A scoped key is trusted only for manifests whose `source.id` is listed. The keys a
client trusts are the PEM files shipped in `resources/keys/` plus those the user
added (`keys add`), which the library stores.

The demo key (`resources/keys/demo.pem`) is special: its private half is public,
so anyone can sign with it. It is flagged `demo` and the sync engine honours it
only for the demo export read from the application's own resources.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.files import read_small_file, read_small_text
from rtes_desktop.core.i18n import _
from rtes_desktop.core.paths import resources_dir
from rtes_desktop.core.sync.export_format import SIGNATURE, Signature, signature_document

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library

MAX_PEM_BYTES = 16_384
#: The file of the public demo key in resources/keys/.
DEMO_KEY_FILE = "demo.pem"


@dataclass(frozen=True)
class TrustedKey:
    """A public key this client trusts, for every source or only some."""

    key_id: str
    public_key: Ed25519PublicKey
    label: str = ""
    sources: frozenset[str] | None = None  # None: any source
    origin: str = "user"  # "bundled" (resources/keys/) or "user" (keys add)
    pem: str = ""
    demo: bool = False  # the public demo key: valid only for the bundled demo export

    def allows(self, source_id: str) -> bool:
        """True when this key may sign manifests of `source_id`."""
        return self.sources is None or source_id in self.sources

    def require(self, source_id: str) -> None:
        """BadInput (naming manifest.json.sig) unless this key may sign `source_id`."""
        if not self.allows(source_id):
            allowed = ", ".join(sorted(self.sources or ()))
            raise BadInput(
                f"la clé {self.key_id} n'est reconnue que pour la source « {allowed} », "
                f"pas pour « {source_id} »",
                path=SIGNATURE,
                code="key_scope",
            )


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """The 16-hex-character id of a public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public_key: Ed25519PublicKey) -> str:
    """The SubjectPublicKeyInfo PEM text of a public key."""
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def generate_keypair(prefix: str | os.PathLike[str]) -> tuple[Path, Path, str]:
    """Write PREFIX.key (private, PEM PKCS#8, mode 0600) and PREFIX.pem (public).

    Refuses to overwrite an existing key: losing a private key means clients must
    be told to trust a new one. Returns (private path, public path, key_id).
    """
    base = Path(prefix)
    key_path = base.with_name(base.name + ".key")
    pem_path = base.with_name(base.name + ".pem")
    for path in (key_path, pem_path):
        if path.exists():
            raise BadInput("existe déjà ; choisissez un autre préfixe", path=str(path))
    if not key_path.parent.is_dir():
        raise BadInput("dossier introuvable", path=str(key_path.parent))
    private = Ed25519PrivateKey.generate()
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Created 0600 from the start, so the key is never readable by others.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private_pem)
    public = private.public_key()
    pem_path.write_text(public_pem(public), encoding="ascii")
    return key_path, pem_path, key_id_of(public)


def load_private_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """An Ed25519 private key from a PEM file (as written by `generate_keypair`)."""
    path = Path(path)
    data = read_small_file(path, MAX_PEM_BYTES, _("clé privée"))
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise BadInput(
            "clé privée protégée par mot de passe : non prise en charge", path=str(path)
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise BadInput("ce n'est pas une clé privée PEM", path=str(path)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise BadInput("la clé privée doit être une clé Ed25519", path=str(path))
    return key


_PEM_BLOCK = re.compile(
    r"-----BEGIN PUBLIC KEY-----\s+[A-Za-z0-9+/=\s]+?-----END PUBLIC KEY-----", re.S
)


def parse_public_pem(
    text: str, *, path: str = "clé", origin: str = "user", label: str = ""
) -> TrustedKey:
    """A public key from PEM text, with its optional `# label:` / `# sources:` lines."""
    if len(text) > MAX_PEM_BYTES:
        raise BadInput("fichier trop gros pour une clé publique", path=path)
    block = _PEM_BLOCK.search(text)
    if not block:
        raise BadInput(
            "pas de bloc « BEGIN PUBLIC KEY » : ce n'est pas une clé publique PEM", path=path
        )
    try:
        key = serialization.load_pem_public_key(block.group(0).encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError, UnsupportedAlgorithm):
        raise BadInput("clé publique PEM illisible", path=path) from None
    if not isinstance(key, Ed25519PublicKey):
        raise BadInput("la clé publique doit être une clé Ed25519", path=path)
    sources: frozenset[str] | None = None
    for line in text[: block.start()].splitlines():
        m = re.match(r"\s*#\s*(label|sources)\s*:\s*(.*?)\s*$", line)
        if not m:
            continue
        if m.group(1) == "label":
            label = label or m.group(2)
        else:
            sources = frozenset(s for s in re.split(r"[\s,]+", m.group(2)) if s)
    return TrustedKey(
        key_id=key_id_of(key),
        public_key=key,
        label=label,
        sources=sources,
        origin=origin,
        pem=text if text.endswith("\n") else text + "\n",
    )


def load_public_key_file(path: str | os.PathLike[str], origin: str = "user") -> TrustedKey:
    """A public key from a .pem file."""
    path = Path(path)
    text = read_small_text(path, MAX_PEM_BYTES, _("clé publique"))
    return parse_public_pem(text, path=str(path), origin=origin, label=path.stem)


def bundled_keys(folder: Path | None = None) -> list[TrustedKey]:
    """The keys shipped with the application (resources/keys/*.pem)."""
    folder = folder or resources_dir() / "keys"
    if not folder.is_dir():
        return []
    keys = []
    for path in sorted(folder.glob("*.pem")):
        key = load_public_key_file(path, origin="bundled")
        if path.name == DEMO_KEY_FILE:
            key = dataclasses.replace(key, demo=True)
        keys.append(key)
    return keys


def trusted_keys(library: Library | None = None, folder: Path | None = None) -> list[TrustedKey]:
    """Every key this client trusts: shipped ones, then those the user added."""
    keys = bundled_keys(folder)
    demo_ids = {k.key_id for k in keys if k.demo}
    if library is not None:
        for row in library.trusted_keys():
            if row["key_id"] in demo_ids:
                continue  # the demo key cannot be widened by adding it again
            key = parse_public_pem(row["pem"], path=f"clé {row['key_id']}", label=row["label"])
            sources = frozenset([row["source_id"]]) if row["source_id"] else key.sources
            keys.append(TrustedKey(key.key_id, key.public_key, key.label, sources, "user", key.pem))
    return keys


def trust_key(
    library: Library,
    key: TrustedKey,
    *,
    source_id: str | None = None,
    all_sources: bool = False,
    replace: bool = False,
) -> str:
    """Trust `key` (what `keys add` and the settings dialog do); return its scope in
    a few French words.

    The scope must be explicit: one source (`source_id`), every source
    (`all_sources`, a deliberate choice), or the `# sources:` line of the PEM file.
    A source already pinned to another key keeps it unless `replace` (with
    `source_id`) says the publisher changed keys: then the source is re-pinned.
    """
    from rtes_desktop.core.sync.export_format import ID_RE

    if source_id is not None and all_sources:
        raise BadInput("choisissez une source ou toutes les sources, pas les deux")
    if source_id is not None and not ID_RE.fullmatch(source_id):
        raise BadInput(f"identifiant de source invalide « {source_id[:40]} »")
    if replace and source_id is None:
        raise BadInput("remplacer la clé d'une source demande de préciser la source (--source ID)")
    if source_id is None and not all_sources and key.sources is None:
        raise BadInput(
            f"la clé {key.key_id} ne dit pas quelles sources elle signe : précisez --source ID "
            "(recommandé) ou, pour lui confier toutes les sources, --all-sources"
        )
    current = library.source(source_id) if source_id else None
    if current is not None and current.key_id not in (None, key.key_id) and not replace:
        raise BadInput(
            f"la source « {source_id} » est liée à la clé {current.key_id} : pour que la clé "
            f"{key.key_id} la remplace (l'éditeur a changé de clé), ajoutez --replace"
        )
    with library.transaction():
        library.add_trusted_key(key.key_id, key.pem, key.label, source_id=source_id)
        if replace and current is not None:
            library.pin_source_key(current.id, key.key_id)
    if source_id:
        return f"source « {source_id} »"
    if key.sources is not None:  # the file's `# sources:` line still scopes it
        return "sources : " + ", ".join(sorted(key.sources))
    return "toutes les sources"


def without_demo_key(keys: list[TrustedKey], key_id: str, location: str) -> list[TrustedKey]:
    """`keys` less the public demo key, for any export but the bundled demo; an export
    signed by the demo key is refused with a sentence saying why."""
    if any(k.demo and k.key_id == key_id for k in keys):
        raise BadInput(
            f"signée par la clé de démonstration ({key_id}), dont la clé privée est publique : "
            "elle n'est acceptée que pour la démonstration livrée avec l'application, pas pour "
            f"« {location} »",
            path=SIGNATURE,
            code="demo_key",
        )
    return [k for k in keys if not k.demo]


def check_owner(source_id: str, signer: TrustedKey | None, pinned: str | None) -> None:
    """Refuse an export of `source_id` not signed by the key it is pinned to (if any)."""
    if pinned is None:
        return
    if signer is None:
        raise BadInput(
            f"la source « {source_id} » a été synchronisée avec un export signé (clé {pinned}) : "
            "un export non signé ne peut pas la remplacer, même avec --allow-unsigned",
            path=SIGNATURE,
            code="owner_unsigned",
        )
    if signer.key_id != pinned:
        raise BadInput(
            f"la source « {source_id} » est liée à la clé {pinned}, pas à la clé "
            f"{signer.key_id} : export refusé ; si son éditeur a changé de clé, faites "
            "confiance à la nouvelle avec « rtes-desktop keys add FICHIER.pem --source "
            f"{source_id} --replace »",
            path=SIGNATURE,
            code="owner",
        )


def sign_manifest(
    private_key: Ed25519PrivateKey, manifest: bytes, previous: Signature | None = None
) -> bytes:
    """The bytes of manifest.json.sig for the exact bytes `manifest`, naming the
    manifest it signs (serial, SHA-256) and carrying `previous`, the signature of
    the manifest it replaces (see `verify`)."""
    try:
        serial = json.loads(manifest).get("serial")
    except (ValueError, AttributeError):
        serial = None
    return signature_document(
        key_id_of(private_key.public_key()),
        private_key.sign(manifest),
        serial=serial if isinstance(serial, int) and not isinstance(serial, bool) else None,
        manifest_sha256=hashlib.sha256(manifest).hexdigest(),
        previous=previous,
    )


def _verified_by(
    manifest: bytes, signature: Signature, keys: list[TrustedKey], source_id: str | None
) -> TrustedKey | None:
    for key in (k for k in keys if k.key_id == signature.key_id):
        try:
            key.public_key.verify(signature.signature, manifest)
        except InvalidSignature:
            continue
        if source_id is not None:
            key.require(source_id)
        return key
    return None


def verify(
    manifest: bytes,
    signature: Signature,
    keys: list[TrustedKey],
    source_id: str | None = None,
    serial: int | None = None,
) -> TrustedKey:
    """The trusted key that signed `manifest`, or BadInput naming manifest.json.sig.

    With `source_id`, a key scoped to other sources is refused. The signature's
    `previous` (the manifest it replaces) is tried too: during a publication, or
    from a cache serving the two files at different ages, a client may read the
    old manifest with the new signature. `serial` (the manifest's) lets a pair that
    does not match say « export en cours de mise à jour » rather than « modifié ».
    """
    found = _verified_by(manifest, signature, keys, source_id)
    if found is not None:
        return found
    digest = hashlib.sha256(manifest).hexdigest()
    prev = signature.previous
    if prev is not None and prev.manifest_sha256 in (None, digest):
        found = _verified_by(manifest, prev, keys, source_id)
        if found is not None:
            return found
    if not any(k.key_id == signature.key_id for k in keys):
        raise BadInput(
            f"signée par une clé inconnue ({signature.key_id}) ; si vous faites confiance à "
            "cet éditeur, ajoutez sa clé publique (rtes-desktop keys add FICHIER.pem)",
            path=SIGNATURE,
            code="unknown_key",
        )
    # The signature says which manifest it was made for (unsigned fields, used only
    # to word this refusal): another serial is a publication seen half-way, unless
    # `previous` names this very serial with other bytes (then it was altered).
    altered_previous = (
        prev is not None and prev.serial == serial and prev.manifest_sha256 not in (None, digest)
    )
    if (
        not altered_previous
        and signature.manifest_sha256 not in (None, digest)
        and signature.serial is not None
        and serial is not None
        and signature.serial != serial
    ):
        if signature.serial > serial:
            # The order `publish` writes in can show exactly this, harmlessly.
            raise BadInput(
                "export en cours de mise à jour, réessayez dans quelques minutes : le "
                f"manifeste (n°{serial}) est plus ancien que sa signature (n°{signature.serial})",
                path=SIGNATURE,
                code="publishing",
            )
        # A newer manifest than its signature: a cache late on the signature, or a
        # manifest altered after signing; both possibilities are said.
        raise BadInput(
            f"signature invalide : manifest.json (n°{serial}) a été modifié, ou sa signature "
            f"(faite pour le n°{signature.serial}) n'est pas encore à jour ; si l'éditeur "
            "publie en ce moment, réessayez dans quelques minutes",
            path=SIGNATURE,
            code="bad_signature",
        )
    raise BadInput(
        f"signature invalide : manifest.json a été modifié ou ne vient pas de la clé "
        f"{signature.key_id}",
        path=SIGNATURE,
        code="bad_signature",
    )
