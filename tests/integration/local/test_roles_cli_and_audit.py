"""The first admin comes from the command line; the audit log refuses to be edited."""

import sqlite3

import pytest

from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.statuses import Role
from backend.entrypoints import cli
from tests.unit.helpers import PASSWORD


def signed_up(svc, name: str):
    email = f"{name}@example.com"
    svc.auth.sign_up(email=email, username=name, password=PASSWORD)
    svc.auth.confirm(email=email, code=svc.port("identity").outbox(email)[0].code)
    return svc.auth.log_in(email=email, password=PASSWORD, client="t").user


def test_valvid_users_grant_admin_and_approve(tmp_path, monkeypatch, capsys):
    settings = Settings(data_dir=tmp_path, signup_policy="approval")
    svc = build_services(settings)
    for name in ("root", "vera"):
        assert signed_up(svc, name).role is Role.VIEWER
    monkeypatch.setenv("VALVID_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("VALVID_SIGNUP_POLICY", "approval")

    assert cli.main(["users", "grant-admin", "Root@Example.com"]) == 0
    assert cli.main(["users", "approve", "vera@example.com"]) == 0
    assert cli.main(["users", "approve", "nobody@example.com"]) == 2

    out = capsys.readouterr()
    assert (
        "root@example.com is now ADMIN" in out.out and "vera@example.com is now CREATOR" in out.out
    )
    assert "No account with email nobody@example.com" in out.err
    users = svc.port("users")
    assert users.get_by_email("root@example.com").role is Role.ADMIN
    assert users.get_by_email("vera@example.com").role is Role.CREATOR
    actions = [(e.actor, e.action) for e in svc.port("audit").recent(limit=5)]
    assert actions == [("command line", "user.role.creator"), ("command line", "user.role.admin")]


def test_the_audit_log_table_refuses_updates_and_deletes(tmp_path):
    svc = build_services(Settings(data_dir=tmp_path))
    signed_up(svc, "ann")
    svc.admin.grant_by_email("ann@example.com", Role.ADMIN)
    with sqlite3.connect(tmp_path / "valvid.db") as db:
        for statement in ("UPDATE audit_log SET reason = 'edited'", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                db.execute(statement)
        assert db.execute("SELECT count(*) FROM audit_log").fetchone() == (1,)
