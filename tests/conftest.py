import os
import shutil
import tempfile

from hypothesis import settings

# Tests check for real: no verdicts from an earlier run. The store starts empty in a directory of
# this run's own, shared by its pytest-xdist workers, so that the several builds of one run check
# each step once.
_RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID")
if _RUN:  # the cores are the workers': a build inside a test uses one process
    os.environ.setdefault("DGMDERIVE_WORKERS", "1")
    os.environ["DGMDERIVE_CACHE"] = os.path.join(tempfile.gettempdir(), f"dgmderive-test-store-{_RUN}")
    os.makedirs(os.environ["DGMDERIVE_CACHE"], exist_ok=True)
else:
    os.environ["DGMDERIVE_CACHE"] = tempfile.mkdtemp(prefix="dgmderive-test-store-")

# In CI the property tests draw the same examples every run, so that a submission is judged on the
# code alone; elsewhere they explore afresh each time.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the committed output/ from a fresh build instead of comparing with it")


def pytest_unconfigure(config):
    shutil.rmtree(os.environ["DGMDERIVE_CACHE"], ignore_errors=True)
