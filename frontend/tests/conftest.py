"""The folder frontend/ holds the package frontend/frontend/, of the same name.

pytest's importlib mode names these tests `frontend.tests.<module>` and, to do so, imports this
service's folder as a namespace module `frontend`, which hides the package from every later
`import frontend` in the session. Put the package back before any test imports it.
"""
import importlib
import sys

if not hasattr(sys.modules.get("frontend"), "create_app"):
    sys.modules.pop("frontend", None)
    importlib.import_module("frontend")
