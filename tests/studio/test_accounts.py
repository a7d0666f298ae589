"""Accounts: Argon2 hashes, roles and what each may see, the database beside the output
folder, and the `brandkit users` commands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from brandkit.studio.accounts import LOCAL_USER, AccountError, Accounts, User, database_for
from tests.studio.conftest import REPO, brandkit


def test_the_database_lies_beside_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "output"
    path = database_for(out)
    assert path == tmp_path / "output.studio.sqlite"
    assert not path.is_relative_to(out)


def test_passwords_are_stored_as_argon2id_hashes(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "a.sqlite")
    accounts.add("quanly", "manager", "mat-khau-1234", ("phuong-tay-ho",))
    with sqlite3.connect(tmp_path / "a.sqlite") as db:
        (digest,) = db.execute("select hash from users").fetchone()
    assert digest.startswith("$argon2id$") and "mat-khau-1234" not in digest
    assert accounts.verify("quanly", "mat-khau-1234") == User(
        "quanly", "manager", ("phuong-tay-ho",)
    )
    assert accounts.verify("quanly", "mat-khau-sai") is None
    assert accounts.verify("khong-co", "mat-khau-1234") is None


@pytest.mark.parametrize(
    ("name", "role", "password", "units"),
    [
        ("", "designer", "mat-khau-1234", ()),
        ("a", "admin", "mat-khau-1234", ()),
        ("a", "manager", "mat-khau-1234", ()),
        ("a", "designer", "ngan", ()),
    ],
)
def test_bad_accounts_are_refused(
    tmp_path: Path, name: str, role: str, password: str, units: tuple[str, ...]
) -> None:
    with pytest.raises(AccountError):
        Accounts(tmp_path / "a.sqlite").add(name, role, password, units)


def test_roles_decide_what_is_seen() -> None:
    manager = User("q", "manager", ("phuong-tay-ho",))
    assert manager.may_see_unit("phuong-tay-ho") and not manager.may_see_unit("phuong-ba-dinh")
    assert not manager.may_see_unit(None) and not manager.may_design()
    assert not manager.may_read_bundles()
    printshop = User("n", "printshop")
    assert printshop.may_read_bundles() and not printshop.may_see_unit("phuong-tay-ho")
    designer = User("t", "designer")
    assert designer.may_design() and designer.may_see_unit("phuong-ba-dinh")
    assert LOCAL_USER.may_design() and LOCAL_USER.may_see_unit("phuong-tay-ho")


def test_the_session_secret_is_made_once(tmp_path: Path) -> None:
    first = Accounts(tmp_path / "a.sqlite").secret()
    assert len(first) > 40 and Accounts(tmp_path / "a.sqlite").secret() == first


def test_users_add_list_remove(tmp_path: Path) -> None:
    common = ("--spec", str(REPO / "specs/hanoi-one-stop.yaml"), "--out", str(tmp_path / "out"))
    added = brandkit(
        *common, "users", "add", "quanly", "--role", "manager", "--unit", "phuong-tay-ho",
        "--password-stdin", stdin="mat-khau-1234\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Đã lưu tài khoản quanly" in added.stdout
    assert (tmp_path / "out.studio.sqlite").is_file() and not (tmp_path / "out").exists()
    listed = brandkit(*common, "users", "list")
    assert listed.stdout.split() == ["quanly", "manager", "phuong-tay-ho"]
    unknown = brandkit(
        *common, "users", "add", "x", "--role", "manager", "--unit", "phuong-khong-co",
        "--password-stdin", stdin="mat-khau-1234\n",
    )  # fmt: skip
    assert unknown.returncode == 2 and "không có đơn vị phuong-khong-co" in unknown.stderr
    removed = brandkit(*common, "users", "remove", "quanly")
    assert removed.returncode == 0 and "Đã xoá tài khoản quanly" in removed.stdout
    assert brandkit(*common, "users", "remove", "quanly").returncode == 1


def test_serving_beyond_this_computer_needs_accounts(tmp_path: Path) -> None:
    common = ("--spec", str(REPO / "specs/hanoi-one-stop.yaml"), "--out", str(tmp_path / "out"))
    refused = brandkit(*common, "serve", "--host", "0.0.0.0", "--port", "1")
    assert refused.returncode == 1
    assert "không mở trên địa chỉ 0.0.0.0 khi chưa có tài khoản" in refused.stderr
    assert not (tmp_path / "out.studio.sqlite").exists()
