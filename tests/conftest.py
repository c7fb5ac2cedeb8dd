import os

# Tests check for real: no verdicts from an earlier run. tests/test_store.py turns the store on.
os.environ["DGMDERIVE_CACHE"] = "off"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the committed output/ from a fresh build instead of comparing with it")
