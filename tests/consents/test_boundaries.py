"""consents and subjects_rights meet only through core modules (pdp_portal.tokens, .http,
.ratelimit, .hooks), never by importing each other."""

import ast
from pathlib import Path

import pytest

from pdp_portal import hooks

ROOT = Path(__file__).resolve().parents[2]
APPS = ("breaches", "certification", "consents", "dossiers", "inspections", "programme")
# The data-type vocabulary is core (pdp_portal.datatypes); a purpose's register activity is a
# model relation ("dossiers.ProcessingActivity"), not an import.
ALLOWED = {"consents": set(), "subjects_rights": set()}


def _imports(package: str) -> set[str]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("package", ["consents", "subjects_rights"])
def test_an_app_imports_no_other_app(package):
    others = {*APPS, "subjects_rights"} - {package}
    crossing = {
        module
        for module in _imports(package)
        if module.split(".")[0] in others and module not in ALLOWED[package]
    }
    assert crossing == set()


def test_each_app_registers_its_hook():
    from consents import services as consents_services
    from subjects_rights import services as rights_services

    assert hooks.provider(hooks.REQUEST_ENTER) is rights_services.request_enter
    assert (
        consents_services.rights_request_received
        in hooks._registry[hooks.WITHDRAW_CONSENT_RECEIVED]
    )


def test_a_hook_nobody_provides_is_a_clear_error_and_registering_twice_is_once():
    with pytest.raises(LookupError, match="nobody.provides"):
        hooks.provider("nobody.provides")
    calls = []
    hooks.register("test.twice", calls.append)
    hooks.register("test.twice", calls.append)
    hooks.notify("test.twice", 1)
    hooks.notify("test.nobody", 1)  # no listener: nothing happens
    assert calls == [1]
    hooks._registry.pop("test.twice")
