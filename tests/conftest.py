import pytest


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the committed output/ from a fresh build instead of comparing with it")
