#!/usr/bin/env python3
"""Layer diffing for the lazy-start benchmark image: records the state of a root filesystem and
writes, as a gzip tar, the entries that are new or changed since a previous state (a stage's
layer). Only additions and changes are captured: the stages only install packages, so no
whiteouts are needed.

usage: layers.py layer ROOT STATE_OUT TAR_GZ_OUT [PREV_STATE]   prints the layer's diff_id
"""
import hashlib
import os
import stat
import subprocess
import sys

# Contents that must not be baked into the image (mounted at run time, or host-specific).
SKIP_CHILDREN = {'proc', 'sys', 'dev', 'tmp', 'run', 'var/cache/apt/archives', 'var/lib/apt/lists'}
SKIP = {'etc/resolv.conf', 'etc/hostname', 'usr/sbin/policy-rc.d'}


def walk(root):
    """Yields (relative path, signature) for every entry under root, parents first."""
    stack = ['']
    while stack:
        rel = stack.pop()
        full = os.path.join(root, rel) if rel else root
        if rel:
            st = os.lstat(full)
            yield rel, f'{st.st_mode:o}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_uid}:{st.st_gid}'
            if not stat.S_ISDIR(st.st_mode) or rel in SKIP_CHILDREN:
                continue
        for name in sorted(os.listdir(full), reverse=True):
            child = f'{rel}/{name}' if rel else name
            if child not in SKIP:
                stack.append(child)


def load(path):
    state = {}
    with open(path, 'rb') as f:
        for line in f:
            rel, sig = line.rstrip(b'\n').split(b'\t')
            state[rel] = sig
    return state


def layer(root, state_out, tar_out, prev_path=None):
    prev = load(prev_path) if prev_path else {}
    picked = []
    with open(state_out, 'wb') as out:
        for rel, sig in walk(root):
            r, s = os.fsencode(rel), sig.encode()
            out.write(r + b'\t' + s + b'\n')
            if prev.get(r) != s:
                picked.append(r)
    # Parents of every changed entry, so the layer unpacks on its own.
    names = set(picked)
    for r in picked:
        parts = r.split(b'/')
        for i in range(1, len(parts)):
            names.add(b'/'.join(parts[:i]))
    # tar reads its list as it goes, so the list is a file, not a pipe we would have to feed.
    list_path = tar_out + '.list'
    with open(list_path, 'wb') as f:
        f.write(b'\0'.join(sorted(names)) + b'\0')
    tar = subprocess.Popen(['tar', '-C', root, '--no-recursion', '--numeric-owner', '--hard-dereference',
                            '--null', '-T', list_path, '-cf', '-'], stdout=subprocess.PIPE)
    with open(tar_out, 'wb') as gz_file:
        gz = subprocess.Popen(['pigz', '-6', '-c'], stdin=subprocess.PIPE, stdout=gz_file)
        h = hashlib.sha256()
        for chunk in iter(lambda: tar.stdout.read(1 << 20), b''):
            h.update(chunk)
            gz.stdin.write(chunk)
        gz.stdin.close()
        if tar.wait() != 0 or gz.wait() != 0:
            sys.exit(f'layers.py: tar or pigz failed on {root}')
    os.remove(list_path)
    print('sha256:' + h.hexdigest())


if __name__ == '__main__':
    if len(sys.argv) not in (5, 6) or sys.argv[1] != 'layer':
        sys.exit(__doc__)
    layer(*sys.argv[2:])
