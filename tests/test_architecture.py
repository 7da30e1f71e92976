"""The shape of the code: no import cycles (imports inside functions count), and the layers hold."""

from __future__ import annotations

import grimp
import pytest

DOMAIN = [
    "orgs",
    "lawmaking",
    "communication",
    "consultation",
    "channels",
    "analysis",
    "plans",
    "monitoring",
    "documents",
    "audit",
    "notifications",
    "search",
    "identity",
    "staffauth",
    "subscriptions",
]
AUDIENCES = ["portal", "backoffice", "api"]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("policycomm", include_external_packages=True)


def test_no_module_takes_part_in_an_import_cycle(graph: grimp.ImportGraph) -> None:
    cycles = []
    for module in sorted(graph.modules):
        if not module.startswith("policycomm"):
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported.startswith("policycomm") and graph.chain_exists(importer=imported, imported=module):
                back = graph.find_shortest_chain(importer=imported, imported=module)
                cycles.append(" → ".join([module, *(back or ())]))
    assert cycles == []


def test_cycle_detection_sees_imports_inside_functions(graph: grimp.ImportGraph) -> None:
    # The fixture graph includes function-level imports: the consultation app registers its guard in ready().
    details = graph.get_import_details(importer="policycomm.consultation.apps", imported="policycomm.lawmaking.guards")
    assert details and details[0]["line_contents"].startswith("from policycomm.lawmaking.guards import")


@pytest.mark.parametrize("app", DOMAIN)
def test_domain_apps_never_import_an_audience(graph: grimp.ImportGraph, app: str) -> None:
    for audience in AUDIENCES:
        chain = graph.find_shortest_chain(
            importer=f"policycomm.{app}", imported=f"policycomm.{audience}", as_packages=True
        )
        assert chain is None, f"policycomm.{app} → policycomm.{audience}: {chain}"


def test_analysis_engine_imports_no_django(graph: grimp.ImportGraph) -> None:
    for module in graph.find_descendants("policycomm.analysis") | {"policycomm.analysis"}:
        assert "django" not in {m.split(".")[0] for m in graph.find_modules_directly_imported_by(module)}, module


def test_law_making_does_not_import_the_apps_built_on_it(graph: grimp.ImportGraph) -> None:
    for upper in ("consultation", "communication", "plans", "monitoring"):
        chain = graph.find_shortest_chain(
            importer="policycomm.lawmaking", imported=f"policycomm.{upper}", as_packages=True
        )
        assert chain is None, chain


def test_the_apps_below_notifications_do_not_import_it(graph: grimp.ImportGraph) -> None:
    # Consultation, material, plans and documents are watched by notifications, which they never call:
    # the reminders are found by scanning, and other apps register sources (notifications/sources.py).
    for lower in ("orgs", "lawmaking", "communication", "consultation", "plans", "monitoring", "audit"):
        chain = graph.find_shortest_chain(
            importer=f"policycomm.{lower}", imported="policycomm.notifications", as_packages=True
        )
        assert chain is None, chain
