"""genviz.memory: memory a loop frees and asks for again stays in the process (no page faults)."""

import subprocess
import sys

import pytest

from genviz import memory

# ten 4 MB tensors alive at once, freed together, five times; the page faults of rounds 2-5
ROUNDS = """
import resource, sys, torch
from genviz import memory
if sys.argv[1] == "keep":
    assert memory.keep_freed_memory()
else:  # glibc's thresholds as it starts, held there (its own later moves are not repeatable)
    memory.mallopt()(memory.M_MMAP_THRESHOLD, 128 << 10)
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for r in range(5):
    if r == 1:
        before = faults()
    held = [torch.ones(1 << 20) for _ in range(10)]
    del held
print(faults() - before)
"""


def faults(how: str) -> int:
    out = subprocess.run([sys.executable, "-c", ROUNDS, how], capture_output=True, text=True,
                         check=True)  # fmt: skip
    return int(out.stdout.split()[-1])


@pytest.mark.skipif(memory.mallopt() is None, reason="not glibc's allocator")
def test_tensors_freed_and_asked_for_again_cost_no_fresh_pages():
    # 40 MB a round is 10,240 pages: at glibc's starting threshold each round faults them in
    # again (its own later moves of the threshold leave anywhere from 10,000 to 40,000)
    assert faults("as-glibc-starts") > 30_000  # measured 41,000
    assert faults("keep") < 2_500  # now and then one tensor's 1,024
