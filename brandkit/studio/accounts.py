"""The studio's accounts and build history: one SQLite file beside the output folder
(`<out>.studio.sqlite`, never inside the folder a build manages), passwords hashed with
Argon2id."""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("manager", "designer", "printshop")
LOCAL = "local"  # the one person of a studio on 127.0.0.1 without accounts: every role

_SCHEMA = """
create table if not exists users (
  name text primary key, role text not null, units text not null, hash text not null
);
create table if not exists settings (key text primary key, value text not null);
create table if not exists builds (
  id integer primary key autoincrement, at real not null, user text not null,
  unit text not null, status text not null, detail text not null
);
"""


def database_for(out: Path) -> Path:
    """Where the accounts of the studio writing to `out` live: `<out>.studio.sqlite`, beside
    the output folder (a build owns everything inside it)."""
    out = out.resolve()
    return out.parent / f"{out.name}.studio.sqlite"


@dataclass(frozen=True)
class User:
    """Who is asking, and what they may see."""

    name: str
    role: str  # one of ROLES, or LOCAL
    units: tuple[str, ...] = ()  # a manager's units

    def may_see_unit(self, unit: str | None) -> bool:
        """A unit's pages and files: a manager's own units; designers and the local user all."""
        if self.role in (LOCAL, "designer"):
            return True
        return self.role == "manager" and unit is not None and unit in self.units

    def may_design(self) -> bool:
        return self.role in (LOCAL, "designer")

    def may_read_bundles(self) -> bool:
        return self.role in (LOCAL, "printshop", "designer")


LOCAL_USER = User("", LOCAL)


class AccountError(ValueError):
    """A name, role or unit that cannot be an account (its message is a message id)."""


_REFUSED = {
    "name": "a user name of 1 to 64 characters is needed",
    "role": "the role is one of manager, designer, printshop",
    "units": "an office manager needs at least one --unit",
    "password": "the password needs at least 8 characters",
}


class Accounts:
    """The accounts database: users, the session secret, the studio's build history."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._hasher = PasswordHasher()
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            yield db

    def exists(self) -> bool:
        """Whether any account has been made (the studio then asks everyone to log in)."""
        with self._db() as db:
            return db.execute("select count(*) from users").fetchone()[0] > 0

    def add(self, name: str, role: str, password: str, units: tuple[str, ...] = ()) -> User:
        name = name.strip()
        if not name or len(name) > 64:
            raise AccountError(_REFUSED["name"])
        if role not in ROLES:
            raise AccountError(_REFUSED["role"])
        if role == "manager" and not units:
            raise AccountError(_REFUSED["units"])
        if len(password) < 8:
            raise AccountError(_REFUSED["password"])
        digest = self._hasher.hash(password)
        with self._db() as db:
            db.execute(
                "insert or replace into users (name, role, units, hash) values (?, ?, ?, ?)",
                (name, role, json.dumps(list(units)), digest),
            )
        return User(name, role, units)

    def remove(self, name: str) -> bool:
        with self._db() as db:
            return db.execute("delete from users where name = ?", (name,)).rowcount > 0

    def users(self) -> list[User]:
        with self._db() as db:
            rows = db.execute("select name, role, units from users order by name").fetchall()
        return [User(n, r, tuple(json.loads(u))) for n, r, u in rows]

    def get(self, name: str) -> User | None:
        return next((u for u in self.users() if u.name == name), None)

    def verify(self, name: str, password: str) -> User | None:
        """The user whose password this is, or None (the same time spent either way)."""
        with self._db() as db:
            row = db.execute(
                "select role, units, hash from users where name = ?", (name,)
            ).fetchone()
        digest = row[2] if row else _DUMMY_HASH
        try:
            self._hasher.verify(digest, password)
        except (VerificationError, InvalidHashError):
            return None
        return User(name, row[0], tuple(json.loads(row[1]))) if row else None

    def secret(self) -> str:
        """The key that signs session cookies, made once and kept in the database."""
        with self._db() as db:
            row = db.execute("select value from settings where key = 'secret'").fetchone()
            if row:
                return str(row[0])
            value = secrets.token_urlsafe(48)
            db.execute("insert into settings (key, value) values ('secret', ?)", (value,))
            return value

    def record_build(self, user: str, unit: str, status: str, detail: dict[str, Any]) -> None:
        with self._db() as db:
            db.execute(
                "insert into builds (at, user, unit, status, detail) values (?, ?, ?, ?, ?)",
                (time.time(), user, unit, status, json.dumps(detail, ensure_ascii=False)),
            )

    def builds(self, unit: str, limit: int = 5) -> list[dict[str, Any]]:
        """The studio's last builds of `unit`, newest first."""
        with self._db() as db:
            rows = db.execute(
                "select at, user, status, detail from builds where unit = ? "
                "order by id desc limit ?",
                (unit, limit),
            ).fetchall()
        return [{"at": a, "user": u, "status": s, **json.loads(d)} for a, u, s, d in rows]


_DUMMY_HASH = PasswordHasher().hash(secrets.token_hex(16))  # for names that have no account
