"""The app map of docs/architecture.md, as import-linter checks it in `make test`: these tests show the contract
in pyproject.toml holds for the tree, and that it would refuse the imports it exists to refuse."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import grimp
import pytest
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*CONFIG["root_packages"], exclude_type_checking_imports=True)


def _layers_kept(graph: grimp.ImportGraph) -> bool:
    graph = copy.deepcopy(graph)  # the check takes the ignored imports out of the graph it is given
    options = next(c for c in CONFIG["contracts"] if c["type"] == "layers")
    contract = LayersContract(
        name=options["name"],
        session_options={"root_packages": CONFIG["root_packages"]},
        contract_options={k: v for k, v in options.items() if k not in ("name", "type")},
    )
    return contract.check(graph, verbose=False).kept


def test_the_tree_keeps_the_layers(graph):
    assert _layers_kept(graph)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("tracking.views", "services.models"),  # a domain app importing a sibling
        ("workflow.models", "tracking.models"),  # the core importing a domain app
        ("notifications.delivery", "directory.roles"),  # the core importing the bottom domain app
        ("directory.roles", "corpus.models"),  # a lower domain app importing a higher one
        ("corpus.views", "investbj.views"),  # a domain app importing the project package
    ],
)
def test_the_layers_refuse(graph, importer, imported):
    broken = copy.deepcopy(graph)
    broken.add_import(importer=importer, imported=imported)
    assert not _layers_kept(broken)


def test_tests_may_reach_across(graph):
    crossing = copy.deepcopy(graph)
    crossing.add_module("tracking.tests.test_crossing")
    crossing.add_import(importer="tracking.tests.test_crossing", imported="services.models")
    assert _layers_kept(crossing)
