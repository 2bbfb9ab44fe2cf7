"""Password hashing (argon2id) and opaque session tokens stored only as hashes."""

import hashlib
import secrets

from pwdlib import PasswordHash

password_hash = PasswordHash.recommended()  # argon2id

# Verifying against a real hash when the email is unknown keeps both paths equally slow,
# so timing does not reveal which emails have accounts.
_DUMMY_HASH = password_hash.hash("heelstrong-timing-equaliser")


def hash_password(password: str) -> str:
    return password_hash.hash(password)


def verify_password(password: str, stored_hash: str | None) -> bool:
    if stored_hash is None:
        password_hash.verify(password, _DUMMY_HASH)
        return False
    return password_hash.verify(password, stored_hash)


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
