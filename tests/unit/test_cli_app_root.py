"""Where `valvid` runs Reflex: the app folder it is started in (an installed package's own
folder is site-packages, which has no rxconfig.py), and `valvid serve` only over a built app."""

from pathlib import Path

import pytest

from backend.domain.errors import ConfigError
from backend.entrypoints import cli

CHECKOUT = Path(cli.__file__).resolve().parents[2]


def test_reflex_runs_in_the_app_folder_valvid_is_started_in(tmp_path, monkeypatch):
    (tmp_path / "rxconfig.py").write_text("")
    monkeypatch.chdir(tmp_path)
    assert cli.app_root() == tmp_path


def test_elsewhere_an_editable_install_runs_its_own_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.app_root() == CHECKOUT


def test_an_installed_package_outside_its_app_folder_says_where_to_run(tmp_path, monkeypatch):
    site_packages = tmp_path / "site-packages" / "backend" / "entrypoints"
    site_packages.mkdir(parents=True)
    monkeypatch.setattr(cli, "__file__", str(site_packages / "cli.py"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="rxconfig.py"):
        cli.app_root()


def test_serve_refuses_an_app_whose_frontend_was_never_built(tmp_path, monkeypatch, capsys):
    (tmp_path / "rxconfig.py").write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VALVID_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["serve"]) == 2
    assert "valvid build" in capsys.readouterr().err
