#!/usr/bin/env python3
"""Bookkeeping for bench/lazy_start.sh: turns one measurement (ready.py's JSON plus the delaying
proxy's log of that measurement) into a result line, and prints the table of medians.

usage: report.py record RESULTS.jsonl MODE NETWORK ROUND READY.json PROXY.log
       report.py table RESULTS.jsonl COMPRESSED_BYTES UNCOMPRESSED_BYTES
"""
import json
import statistics
import sys
from collections import defaultdict


def traffic(log_path, ready):
    """Bytes and requests the registry served, in total and up to the ready line."""
    t = {'bytes_total': 0, 'bytes_before': 0, 'reqs_total': 0, 'reqs_before': 0,
         'range_reqs_before': 0, 'blob_reqs_before': 0, 'range_bytes_before': 0}
    ranged = {}  # connection -> whether its current request asked for a byte range
    try:
        f = open(log_path, encoding='latin-1')
    except FileNotFoundError:
        return t
    with f:
        for line in f:
            parts = line.split()
            if len(parts) < 4:
                continue
            ts = float(parts[1])
            before = ready is not None and ts <= ready
            if parts[0] == 'D':
                n = int(parts[3])
                t['bytes_total'] += n
                if before:
                    t['bytes_before'] += n
                    if ranged.get(parts[2]):
                        t['range_bytes_before'] += n
            elif parts[0] == 'R':
                ranged[parts[2]] = len(parts) > 5 and parts[5] != '-'
                t['reqs_total'] += 1
                if before:
                    t['reqs_before'] += 1
                    if '/blobs/' in parts[4]:
                        t['blob_reqs_before'] += 1
                    if len(parts) > 5 and parts[5] != '-':
                        t['range_reqs_before'] += 1
    return t


def record(results, mode, network, rnd, ready_path, log_path):
    with open(ready_path) as f:
        text = f.read().strip()
    try:
        r = json.loads(text.splitlines()[-1]) if text else {}
    except json.JSONDecodeError:
        r = {'ok': False, 'output': text[-600:]}
    r.update({'mode': mode, 'network': network, 'round': int(rnd)})
    r.update(traffic(log_path, r.get('ready')))
    with open(results, 'a') as f:
        f.write(json.dumps(r) + '\n')
    if r.get('ok'):
        print(f"   {mode:<6} {network:<10} round {rnd}: ready in {r['elapsed']:.2f} s, "
              f"{r['bytes_before'] / 1e6:.1f} MB in {r['reqs_before']} requests before ready "
              f"({r['bytes_total'] / 1e6:.1f} MB in all)")
    else:
        why = 'timed out' if r.get('timed_out') else f"exit {r.get('exit')}"
        print(f"   {mode:<6} {network:<10} round {rnd}: FAILED ({why}): {r.get('output', '')}")


def median(xs):
    return statistics.median(xs) if xs else None


def fmt(x, unit='', nd=2):
    return '-' if x is None else f'{x:.{nd}f}{unit}'


def table(results, compressed, uncompressed):
    compressed, uncompressed = int(compressed), int(uncompressed)
    cells = defaultdict(list)
    with open(results) as f:
        for line in f:
            r = json.loads(line)
            cells[(r['network'], r['mode'])].append(r)
    networks = []
    for net, _ in cells:
        if net not in networks:
            networks.append(net)
    modes = ['lazy', 'eager', 'ctr', 'warm-linnet', 'warm-ctr', 'warm-lazy']
    print(f'image: {compressed / 1e6:.1f} MB compressed, {uncompressed / 1e6:.1f} MB uncompressed')
    print()
    head = (f"{'network':<12} {'mode':<12} {'ok/runs':>7} {'ready s (median)':>16} {'min':>7} {'max':>7} "
            f"{'MB before ready':>15} {'% of image':>10} {'requests':>8} {'MB total':>9}")
    print(head)
    print('-' * len(head))
    medians = {}
    for net in networks:
        for mode in modes:
            runs = cells.get((net, mode))
            if not runs:
                continue
            good = [r for r in runs if r.get('ok')]
            el = [r['elapsed'] for r in good]
            mb = median([r['bytes_before'] for r in good])
            reqs = median([r['reqs_before'] for r in good])
            tot = median([r['bytes_total'] for r in good])
            medians[(net, mode)] = (median(el), mb)
            pct = None if mb is None or not compressed else 100.0 * mb / compressed
            print(f"{net:<12} {mode:<12} {len(good)}/{len(runs):<5} {fmt(median(el), '', 2):>16} "
                  f"{fmt(min(el) if el else None):>7} {fmt(max(el) if el else None):>7} "
                  f"{fmt(None if mb is None else mb / 1e6, '', 1):>15} {fmt(pct, '', 1):>10} "
                  f"{fmt(reqs, '', 0):>8} {fmt(None if tot is None else tot / 1e6, '', 1):>9}")
    print()
    for net in networks:
        lazy, eager, ctr = (medians.get((net, m), (None, None)) for m in ('lazy', 'eager', 'ctr'))
        parts = []
        if lazy[0] and eager[0]:
            parts.append(f'lazy/eager time {lazy[0] / eager[0]:.2f}')
        if lazy[0] and ctr[0]:
            parts.append(f'lazy/ctr time {lazy[0] / ctr[0]:.2f}')
        if eager[0] and ctr[0]:
            parts.append(f'eager/ctr time {eager[0] / ctr[0]:.2f}')
        if lazy[1] is not None and compressed:
            parts.append(f'lazy bytes-before-ready / compressed image {lazy[1] / compressed:.3f}')
        if eager[1] is not None and compressed:
            parts.append(f'eager bytes-before-ready / compressed image {eager[1] / compressed:.3f}')
        if parts:
            print(f'{net}: ' + '; '.join(parts))
    for net in networks:
        good = [r for r in cells.get((net, 'lazy'), []) if r.get('ok') and 'range_bytes_before' in r]
        if good:
            spans = median([r['range_bytes_before'] for r in good])
            whole = median([r['bytes_before'] - r['range_bytes_before'] for r in good])
            ranges = median([r['range_reqs_before'] for r in good])
            print(f'{net}: lazy before ready: {spans / 1e6:.1f} MB of layer spans in {ranges:.0f} range requests, '
                  f'{whole / 1e6:.1f} MB of whole blobs (SOCI index, ztocs, manifests, config)')
    failures = [r for rs in cells.values() for r in rs if not r.get('ok')]
    for r in failures:
        why = 'timed out' if r.get('timed_out') else f"exit {r.get('exit')}"
        print(f"{r['mode']} mode failed ({r['network']}, round {r['round']}, {why}): {r.get('output', '')}")


if __name__ == '__main__':
    if len(sys.argv) == 8 and sys.argv[1] == 'record':
        record(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == 'table':
        table(*sys.argv[2:])
    else:
        sys.exit(__doc__)
