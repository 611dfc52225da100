#!/usr/bin/env python3
"""Builds an OCI image archive with one gzip layer per directory given, from this machine's
files, for benchmarks: mkimage.py OUT.tar DIR... Writes OUT's manifest beside it as image.json.
Named docker.io/bench/multilayer:v1."""
import hashlib, json, os, subprocess, sys, tarfile, tempfile

out, dirs = sys.argv[1], sys.argv[2:]
work = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(out)))

def digest_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return 'sha256:' + h.hexdigest()

layers, diff_ids = [], []
for i, d in enumerate(dirs):
    raw = os.path.join(work, f'layer{i}.tar')
    subprocess.run(['tar', '-C', '/', '--hard-dereference', '-cf', raw, d.lstrip('/')], check=True,
                   stderr=subprocess.DEVNULL)
    diff_ids.append(digest_file(raw))
    gz = raw + '.gz'
    with open(gz, 'wb') as f:
        subprocess.run(['pigz', '-6', '-c', raw], stdout=f, check=True)
    os.remove(raw)
    layers.append({'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip',
                   'digest': digest_file(gz), 'size': os.path.getsize(gz), 'path': gz})

config = json.dumps({'architecture': 'amd64', 'os': 'linux', 'created': '2024-01-01T00:00:00Z',
                     'config': {'Env': ['PATH=/usr/bin:/bin'], 'Cmd': ['sh']},
                     'rootfs': {'type': 'layers', 'diff_ids': diff_ids}}).encode()
cdig = 'sha256:' + hashlib.sha256(config).hexdigest()
manifest = {'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.manifest.v1+json',
            'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', 'digest': cdig, 'size': len(config)},
            'layers': [{k: v for k, v in l.items() if k != 'path'} for l in layers]}
mbytes = json.dumps(manifest).encode()
mdig = 'sha256:' + hashlib.sha256(mbytes).hexdigest()
index = {'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.index.v1+json',
         'manifests': [{'mediaType': manifest['mediaType'], 'digest': mdig, 'size': len(mbytes),
                        'annotations': {'io.containerd.image.name': 'docker.io/bench/multilayer:v1',
                                        'org.opencontainers.image.ref.name': 'v1'}}]}
with tarfile.open(out, 'w') as t:
    def add_bytes(name, data):
        import io
        ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
    add_bytes('oci-layout', b'{"imageLayoutVersion":"1.0.0"}')
    add_bytes('index.json', json.dumps(index).encode())
    add_bytes('blobs/sha256/' + cdig[7:], config)
    add_bytes('blobs/sha256/' + mdig[7:], mbytes)
    for l in layers:
        t.add(l['path'], 'blobs/sha256/' + l['digest'][7:])
        os.remove(l['path'])
os.rmdir(work)
with open(os.path.join(os.path.dirname(os.path.abspath(out)), 'image.json'), 'w') as f:
    json.dump(manifest, f)
