#!/usr/bin/env python3
"""Times a command from its start to the first stdout line holding WORD (the container's
"ready"), then waits for it to exit. Prints one JSON object: ok, start, ready (wall-clock
seconds), elapsed (to ready), total (to exit), exit code and the tail of its output on failure.
The command runs in its own process group, killed when TIMEOUT seconds pass.

usage: ready.py TIMEOUT WORD -- COMMAND...
"""
import json
import os
import selectors
import signal
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 5 or sys.argv[3] != '--':
        sys.exit(__doc__)
    timeout, word, cmd = float(sys.argv[1]), sys.argv[2].encode(), sys.argv[4:]
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = start + timeout
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    ready, buf, tail = None, b'', []
    eof = False
    while not eof and time.time() < deadline:
        for _key, _ in sel.select(timeout=max(0.0, min(1.0, deadline - time.time()))):
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                eof = True
                break
            now = time.time()
            buf += data
            *lines, buf = buf.split(b'\n')
            for line in lines:
                if ready is None and word in line:
                    ready = now
                tail = (tail + [line.decode('utf-8', 'replace')])[-8:]
    if buf:
        if ready is None and word in buf:
            ready = time.time()
        tail = (tail + [buf.decode('utf-8', 'replace')])[-8:]
    timed_out = False
    try:
        code = proc.wait(timeout=max(1.0, deadline - time.time()))
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        code = proc.wait()
    end = time.time()
    ok = ready is not None and code == 0 and not timed_out
    out = {'ok': ok, 'start': start, 'ready': ready, 'elapsed': (ready - start) if ready else None,
           'total': end - start, 'exit': code, 'timed_out': timed_out}
    if not ok:
        out['output'] = ' | '.join(tail)[-600:]
    print(json.dumps(out))


if __name__ == '__main__':
    main()
