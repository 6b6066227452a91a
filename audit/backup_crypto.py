"""Optional encryption of backup archives (R4): AES-256-GCM in 1 MiB chunks, so an archive of
any size streams through; the key is derived (scrypt) from BACKUP_KEY, which never sits
beside the backups. Each chunk authenticates its index and whether it is the last, so a
reordered, cut or altered archive is refused."""

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"BAOMI-BACKUP-1\n"
CHUNK = 1 << 20
SALT_BYTES, NONCE_BYTES, TAG_BYTES = 16, 12, 16


class BackupKeyError(Exception):
    """The archive is not one of ours, or the key does not open it."""


def _key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


def _aad(index: int, last: bool) -> bytes:
    return struct.pack(">Q?", index, last)


def is_encrypted(path) -> bool:
    with open(path, "rb") as source:
        return source.read(len(MAGIC)) == MAGIC


def encrypt_file(source_path, target_path, passphrase: str) -> None:
    salt = os.urandom(SALT_BYTES)
    cipher = AESGCM(_key(passphrase, salt))
    with open(source_path, "rb") as source, open(target_path, "wb") as target:
        target.write(MAGIC + salt)
        chunk, index = source.read(CHUNK), 0
        while True:
            following = source.read(CHUNK)
            last = not following
            nonce = os.urandom(NONCE_BYTES)
            sealed = cipher.encrypt(nonce, chunk, _aad(index, last))
            target.write(struct.pack(">I", len(sealed)) + nonce + sealed)
            if last:
                return
            chunk, index = following, index + 1


def decrypt_file(source_path, target_path, passphrase: str) -> None:
    with open(source_path, "rb") as source, open(target_path, "wb") as target:
        if source.read(len(MAGIC)) != MAGIC:
            raise BackupKeyError("not an encrypted Baomi backup")
        cipher = AESGCM(_key(passphrase, source.read(SALT_BYTES)))
        index = 0
        while header := source.read(4):
            (length,) = struct.unpack(">I", header)
            nonce, sealed = source.read(NONCE_BYTES), source.read(length)
            last = not source.peek(1)
            try:
                target.write(cipher.decrypt(nonce, sealed, _aad(index, last)))
            except InvalidTag:
                raise BackupKeyError("wrong BACKUP_KEY, or the archive was altered") from None
            if last:
                return
            index += 1
        raise BackupKeyError("the archive is cut short")
