"""Suite-wide pytest options.

``--run-slow`` enables tests marked ``slow`` (long load and fault runs for ``make soak``); the normal
suite skips them so ``make test`` stays well under 20 minutes on two cores.
"""

import pytest


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", default=False, help="run tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip_slow = pytest.mark.skip(reason="long run: use make soak")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)
