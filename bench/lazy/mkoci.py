#!/usr/bin/env python3
"""Wraps the benchmark's ready-made gzip layers (LAYER_DIR/NN-name.tar.gz with NN-name.diffid
beside each, in name order) as an OCI image archive that `linnet load` reads, named NAME (an
image reference). Adapted from bench/mkimage.py, which tars directories itself.

usage: mkoci.py LAYER_DIR OUT.tar NAME      writes OUT.tar and OUT.tar.json (the manifest)
"""
import hashlib
import io
import json
import os
import sys
import tarfile


def digest_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return 'sha256:' + h.hexdigest()


def main(layer_dir, out, name):
    layers, diff_ids, paths = [], [], []
    for entry in sorted(os.listdir(layer_dir)):
        if not entry.endswith('.tar.gz'):
            continue
        path = os.path.join(layer_dir, entry)
        with open(path[:-len('.tar.gz')] + '.diffid') as f:
            diff_ids.append(f.read().strip())
        layers.append({'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip',
                       'digest': digest_file(path), 'size': os.path.getsize(path),
                       'annotations': {'org.opencontainers.image.title': entry}})
        paths.append(path)
    if not layers:
        sys.exit(f'mkoci.py: no layers in {layer_dir}')
    config = json.dumps({
        'architecture': 'amd64', 'os': 'linux', 'created': '2024-01-01T00:00:00Z',
        'config': {'Env': ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
                           'LANG=C.UTF-8'],
                   'Cmd': ['python3'], 'WorkingDir': '/'},
        'rootfs': {'type': 'layers', 'diff_ids': diff_ids},
    }).encode()
    cdig = 'sha256:' + hashlib.sha256(config).hexdigest()
    manifest = {'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.manifest.v1+json',
                'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', 'digest': cdig,
                           'size': len(config)},
                'layers': layers}
    mbytes = json.dumps(manifest).encode()
    mdig = 'sha256:' + hashlib.sha256(mbytes).hexdigest()
    tag = name.rsplit(':', 1)[1] if ':' in name.rsplit('/', 1)[-1] else 'latest'
    index = {'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.index.v1+json',
             'manifests': [{'mediaType': manifest['mediaType'], 'digest': mdig, 'size': len(mbytes),
                            'annotations': {'io.containerd.image.name': name,
                                            'org.opencontainers.image.ref.name': tag}}]}
    tmp = out + '.new'
    with tarfile.open(tmp, 'w') as t:
        def add_bytes(member, data):
            ti = tarfile.TarInfo(member)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
        add_bytes('oci-layout', b'{"imageLayoutVersion":"1.0.0"}')
        add_bytes('index.json', json.dumps(index).encode())
        add_bytes('blobs/sha256/' + cdig[7:], config)
        add_bytes('blobs/sha256/' + mdig[7:], mbytes)
        for layer, path in zip(layers, paths):
            t.add(path, 'blobs/sha256/' + layer['digest'][7:])
    with open(out + '.json', 'w') as f:
        json.dump(manifest, f)
    os.replace(tmp, out)


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
