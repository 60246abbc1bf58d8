"""python -m genviz ... (also as one rank of torchrun -m genviz ...)"""

import os
import sys

from genviz import distributed, memory
from genviz.cli import main

memory.keep_freed_memory()  # a sampler's or a training loop's tensors stay in the process
try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:  # `... | head` closed the pipe: stop quietly, as a shell tool does
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 141  # 128 + SIGPIPE
if distributed.launched():
    # torch's C++ teardown at interpreter exit sometimes aborts a gloo rank ("terminate
    # called without an active exception") after everything is written; leave before it
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
