"""The library stays importable without streamlit."""

import re
import subprocess
import sys

from conftest import ROOT


def test_importing_genviz_does_not_import_streamlit():
    code = "import sys, genviz, genviz.cli, genviz.metrics; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_no_module_in_genviz_imports_streamlit():
    pattern = re.compile(r"^\s*(import|from)\s+streamlit", re.MULTILINE)
    offenders = [p.name for p in (ROOT / "genviz").rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []
