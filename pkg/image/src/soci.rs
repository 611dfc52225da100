//! `image convert --soci`: build a ztoc for every eligible layer and write the SOCI index, as
//! `soci convert` does (soci-format.md §4.1), into containerd's content store.
//!
//! The pure parts (which layers get a ztoc, Go-identical JSON of the SOCI index, the annotated
//! manifests and the new OCI index) live in `linnet-soci`; the ztoc bytes come from
//! `linnet-ztoc`. This module reads layers out of containerd (fetching missing ones from the
//! registry they came from), builds the ztocs in parallel across layers on all cores, decompressing
//! each layer once, and writes every blob with the GC labels that keep the result alive. Nothing
//! is recorded under the destination name until all blobs are committed.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use linnet_containerd::{Client, Image};
use linnet_reference::Reference;
use linnet_soci::{
    convert::{self, PlatformIndex, Source},
    IndexBuilder, IndexVersion, LayerOutcome, LayerPlan,
};

use crate::content::{counted_read_stream, source_label, sources_of, write_blob};
use crate::fetch::fetch_blob;
use crate::manifest::{parse_config_header, Descriptor};
use crate::platform::Platform;
use crate::progress::{report_while, BlobStatus, ProgressEvent, ProgressSink};
use crate::{media, Error};

#[derive(Debug, Clone)]
pub struct ConvertOptions {
    pub span_size: u64,
    pub min_layer_size: u64,
    pub version: IndexVersion,
    /// Platforms to index; empty means the image's own platform (single manifest) or this
    /// machine's (index), as soci chooses.
    pub platforms: Vec<Platform>,
    pub all_platforms: bool,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        ConvertOptions {
            span_size: linnet_soci::DEFAULT_SPAN_SIZE as u64,
            min_layer_size: linnet_soci::DEFAULT_MIN_LAYER_SIZE as u64,
            version: IndexVersion::V2,
            platforms: Vec::new(),
            all_platforms: false,
        }
    }
}

/// What happened to one layer.
#[derive(Debug, Clone)]
pub enum LayerResult {
    Ztoc {
        digest: String,
        size: u64,
        spans: usize,
        files: usize,
        seconds: f64,
    },
    /// No ztoc, with soci's reason.
    Skipped(String),
}

#[derive(Debug, Clone)]
pub struct LayerReport {
    pub platform: Platform,
    pub layer: Descriptor,
    pub result: LayerResult,
}

#[derive(Debug, Clone)]
pub struct ConvertReport {
    /// The destination image's full name and target.
    pub name: String,
    pub target: Descriptor,
    /// SOCI index digest per platform.
    pub indexes: Vec<(Platform, String)>,
    pub layers: Vec<LayerReport>,
}

/// One platform manifest to index.
struct Selected {
    descriptor: Descriptor,
    manifest: linnet_soci::Manifest,
    platform: Platform,
}

pub async fn convert_soci(
    client: &Client,
    registry: &linnet_registry::Client,
    image: &Image,
    dest: &Reference,
    options: &ConvertOptions,
    progress: &dyn ProgressSink,
) -> Result<ConvertReport, Error> {
    if dest.digest().is_some() {
        return Err(Error::DestinationDigest {
            dest: dest.to_string(),
            name: dest.familiar_name(),
        });
    }
    let lease = client
        .lease_create(Some(std::time::Duration::from_secs(3600)))
        .await?;
    let leased = client.with_lease(&lease);
    let result = convert_leased(&leased, registry, image, dest, options, progress).await;
    let _ = client.lease_delete(&lease).await;
    result
}

async fn convert_leased(
    client: &Client,
    registry: &linnet_registry::Client,
    image: &Image,
    dest: &Reference,
    options: &ConvertOptions,
    progress: &dyn ProgressSink,
) -> Result<ConvertReport, Error> {
    let target = Descriptor::new(
        &image.target.media_type,
        &image.target.digest,
        image.target.size,
    );
    let root_bytes = client.content_read(&target.digest).await?;
    let sources = sources_of(client, &target.digest).await?;
    let builder = IndexBuilder::new(options.version)
        .span_size(options.span_size as i64)
        .and_then(|b| b.min_layer_size(options.min_layer_size as i64))
        .map_err(soci_error)?;

    let (source, selected, local_manifests) =
        select_manifests(client, &target, &root_bytes, options).await?;

    // Plan every layer; build each distinct layer once, in parallel on all cores.
    let mut plans: Vec<Vec<LayerPlan>> = Vec::new();
    let mut jobs: BTreeMap<String, (Descriptor, LayerPlan)> = BTreeMap::new();
    for sel in &selected {
        let plan = builder.plan(&sel.manifest).map_err(soci_error)?;
        for (layer, p) in sel
            .manifest
            .layers
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .zip(&plan)
        {
            if let LayerPlan::Build(_) = p {
                let desc =
                    Descriptor::new(&layer.media_type, &layer.digest, layer.size.max(0) as u64);
                jobs.entry(layer.digest.clone())
                    .or_insert((desc, p.clone()));
            }
        }
        plans.push(plan);
    }
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let built: HashMap<String, LayerResult> =
        futures::stream::iter(jobs.into_values().map(|(layer, _)| {
            let sources = &sources;
            async move {
                let result =
                    build_layer_ztoc(client, registry, &layer, sources, options, progress).await?;
                Ok::<_, Error>((layer.digest.clone(), result))
            }
        }))
        .buffer_unordered(workers)
        .try_collect()
        .await?;

    let mut reports = Vec::new();
    let mut platform_indexes = Vec::new();
    for (sel, plan) in selected.iter().zip(&plans) {
        let layers = sel.manifest.layers.as_deref().unwrap_or(&[]);
        let mut outcomes = Vec::new();
        for (layer, p) in layers.iter().zip(plan) {
            let desc = Descriptor::new(&layer.media_type, &layer.digest, layer.size.max(0) as u64);
            let (outcome, result) = match p {
                LayerPlan::Build(_) => match built.get(&layer.digest) {
                    Some(r @ LayerResult::Ztoc { digest, size, .. }) => (
                        LayerOutcome::Ztoc {
                            digest: digest.clone(),
                            size: *size as i64,
                            no_xattrs: false,
                        },
                        r.clone(),
                    ),
                    Some(r) => (LayerOutcome::Skipped, r.clone()),
                    None => (
                        LayerOutcome::Skipped,
                        LayerResult::Skipped("not built".into()),
                    ),
                },
                LayerPlan::Skip(reason) => (
                    LayerOutcome::Skipped,
                    LayerResult::Skipped(reason.to_string()),
                ),
                LayerPlan::Ignore => continue,
            };
            outcomes.push(outcome);
            reports.push(LayerReport {
                platform: sel.platform.clone(),
                layer: desc,
                result,
            });
        }
        let manifest_desc = linnet_soci::Descriptor::new(
            &sel.descriptor.media_type,
            &sel.descriptor.digest,
            sel.descriptor.size as i64,
        );
        match builder.build(&manifest_desc, &sel.manifest, &outcomes, &[]) {
            Ok(built_index) => platform_indexes.push(PlatformIndex {
                built: built_index,
                platform: linnet_soci::Platform::from(&sel.platform),
                manifest_digest: sel.descriptor.digest.clone(),
            }),
            Err(linnet_soci::Error::EmptyIndex) => {}
            Err(e) => return Err(soci_error(e)),
        }
    }
    if platform_indexes.is_empty() {
        let skipped: Vec<&str> = reports
            .iter()
            .filter_map(|r| match &r.result {
                LayerResult::Skipped(reason) => Some(reason.as_str()),
                LayerResult::Ztoc { .. } => None,
            })
            .collect();
        return Err(Error::InvalidArchive(match skipped.first() {
            Some(first) => format!(
                "no ztocs created: all {} layers were skipped (first: {first})",
                skipped.len()
            ),
            None => "no ztocs created: the image has no layers".to_string(),
        }));
    }

    // The `{}` config and the SOCI indexes, with labels that keep their ztocs.
    write_blob(
        client,
        linnet_soci::EMPTY_JSON_DIGEST,
        Bytes::from_static(b"{}"),
        HashMap::new(),
    )
    .await?;
    for p in &platform_indexes {
        let labels = to_hash(linnet_soci::soci_index_gc_labels(&p.built.index));
        write_blob(
            client,
            &p.built.descriptor.digest,
            Bytes::from(p.built.bytes.clone()),
            labels,
        )
        .await?;
    }
    let indexes: Vec<(Platform, String)> = selected
        .iter()
        .filter_map(|sel| {
            platform_indexes
                .iter()
                .find(|p| p.manifest_digest == sel.descriptor.digest)
                .map(|p| (sel.platform.clone(), p.built.descriptor.digest.clone()))
        })
        .collect();

    let source_labels: HashMap<String, String> = sources.iter().map(source_label).collect();
    let new_target = match options.version {
        IndexVersion::V2 => {
            let converted = convert::convert(&source, &local_manifests, &platform_indexes)
                .map_err(soci_error)?;
            for m in &converted.manifests {
                let mut labels = to_hash(convert::manifest_gc_labels(&m.manifest));
                labels.extend(source_labels.clone());
                write_blob(
                    client,
                    &m.descriptor.digest,
                    Bytes::from(m.bytes.clone()),
                    labels,
                )
                .await?;
            }
            let mut labels = to_hash(convert::index_gc_labels(&converted.index));
            labels.extend(source_labels.clone());
            write_blob(
                client,
                &converted.index_descriptor.digest,
                Bytes::from(converted.index_bytes.clone()),
                labels,
            )
            .await?;
            Descriptor::new(
                media::OCI_INDEX,
                &converted.index_descriptor.digest,
                converted.index_descriptor.size as u64,
            )
        }
        IndexVersion::V1 => {
            // v1 leaves the image as it is; each manifest keeps its index alive by a GC label,
            // and push links the index to it as a referrer.
            for p in &platform_indexes {
                let mut labels = HashMap::new();
                labels.insert(
                    linnet_soci::LABEL_GC_REF_SOCI_INDEX.to_string(),
                    p.built.descriptor.digest.clone(),
                );
                client
                    .content_update_labels(&p.manifest_digest, &labels)
                    .await?;
            }
            target.clone()
        }
    };
    let name = dest.to_string();
    client
        .image_put(&Image {
            name: name.clone(),
            target: linnet_containerd::Descriptor::new(
                &new_target.media_type,
                &new_target.digest,
                new_target.size,
            ),
            labels: HashMap::new(),
            created_at: None,
            updated_at: None,
        })
        .await?;
    Ok(ConvertReport {
        name,
        target: new_target,
        indexes,
        layers: reports,
    })
}

/// soci §4.1 steps 1-2: which platform manifests to index, the conversion source, and the bytes
/// of every image manifest present locally (they are all re-encoded).
async fn select_manifests(
    client: &Client,
    target: &Descriptor,
    root_bytes: &[u8],
    options: &ConvertOptions,
) -> Result<(Source, Vec<Selected>, BTreeMap<String, Vec<u8>>), Error> {
    let mut local = BTreeMap::new();
    if media::is_manifest(&target.media_type) {
        let manifest = linnet_soci::Manifest::from_go_json(root_bytes).map_err(soci_error)?;
        let config = client.content_read(&manifest.config.digest).await?;
        let platform = parse_config_header(&manifest.config.digest, &config)?.platform();
        if !options.all_platforms
            && !options.platforms.is_empty()
            && !options.platforms.iter().any(|w| w.matches(&platform))
        {
            return Err(Error::NoMatchingPlatform {
                reference: target.digest.clone(),
                platform: crate::platform::list(&options.platforms),
                available: platform.to_string(),
            });
        }
        let mut desc =
            linnet_soci::Descriptor::new(&target.media_type, &target.digest, target.size as i64);
        desc.platform = Some(linnet_soci::Platform::from(&platform));
        local.insert(target.digest.clone(), root_bytes.to_vec());
        let selected = vec![Selected {
            descriptor: target.clone(),
            manifest,
            platform,
        }];
        return Ok((Source::Manifest(desc), selected, local));
    }
    if !media::is_index(&target.media_type) {
        return Err(Error::UnsupportedMediaType {
            media_type: target.media_type.clone(),
            digest: target.digest.clone(),
        });
    }
    let index = linnet_soci::Index::from_go_json(root_bytes).map_err(soci_error)?;
    let wanted = if options.platforms.is_empty() {
        vec![Platform::host()]
    } else {
        options.platforms.clone()
    };
    let mut selected = Vec::new();
    let mut covered: Vec<Platform> = Vec::new();
    let mut available = Vec::new();
    for entry in index.manifests.as_deref().unwrap_or(&[]) {
        // Earlier SOCI indexes and other artifacts are not images to index.
        if !media::is_manifest(&entry.media_type) || !entry.artifact_type.is_empty() {
            continue;
        }
        let present = client.content_info(&entry.digest).await?.is_some();
        if present {
            local.insert(
                entry.digest.clone(),
                client.content_read(&entry.digest).await?,
            );
        }
        let Some(p) = entry.platform.as_ref() else {
            continue;
        };
        let platform = Platform {
            os: p.os.clone(),
            architecture: p.architecture.clone(),
            variant: p.variant.clone(),
            os_version: p.os_version.clone(),
        }
        .normalized();
        if platform.to_string() != "unknown/unknown" {
            available.push(platform.to_string());
        }
        let want = if options.all_platforms {
            Some(platform.clone())
        } else {
            wanted.iter().find(|w| w.matches(&platform)).cloned()
        };
        let Some(want) = want else { continue };
        if !options.all_platforms && covered.contains(&want) {
            continue;
        }
        if !present {
            return Err(Error::MissingContent {
                digest: entry.digest.clone(),
            });
        }
        covered.push(want);
        let manifest =
            linnet_soci::Manifest::from_go_json(&local[&entry.digest]).map_err(soci_error)?;
        selected.push(Selected {
            descriptor: Descriptor::new(&entry.media_type, &entry.digest, entry.size.max(0) as u64),
            manifest,
            platform,
        });
    }
    if selected.is_empty() {
        return Err(Error::NoMatchingPlatform {
            reference: target.digest.clone(),
            platform: crate::platform::list(&wanted),
            available: if available.is_empty() {
                "none".to_string()
            } else {
                available.join(", ")
            },
        });
    }
    let source = Source::Index {
        descriptor: linnet_soci::Descriptor::new(
            &target.media_type,
            &target.digest,
            target.size as i64,
        ),
        bytes: root_bytes.to_vec(),
    };
    Ok((source, selected, local))
}

/// Builds and stores the ztoc of one layer, reading it from containerd in one pass.
async fn build_layer_ztoc(
    client: &Client,
    registry: &linnet_registry::Client,
    layer: &Descriptor,
    sources: &[Reference],
    options: &ConvertOptions,
    progress: &dyn ProgressSink,
) -> Result<LayerResult, Error> {
    if client.content_info(&layer.digest).await?.is_none() {
        let source = sources.first().ok_or_else(|| Error::MissingContent {
            digest: layer.digest.clone(),
        })?;
        fetch_blob(
            client,
            registry,
            source,
            layer,
            &source_label(source),
            progress,
        )
        .await?;
    }
    progress.event(ProgressEvent::BlobStart {
        digest: layer.digest.clone(),
        kind: "ztoc",
        total: layer.size,
        offset: 0,
    });
    let started = Instant::now();
    let read = Arc::new(AtomicU64::new(0));
    let stream = counted_read_stream(client, &layer.digest, read.clone());
    let reader = tokio_util::io::SyncIoBridge::new(tokio_util::io::StreamReader::new(stream));
    let build_options = linnet_ztoc::BuildOptions {
        span_size: options.span_size,
        build_tool: linnet_soci::DEFAULT_BUILD_TOOL_IDENTIFIER.to_string(),
        compression: None,
    };
    let build = tokio::task::spawn_blocking(move || {
        let ztoc = linnet_ztoc::build(reader, &build_options)?;
        let spans = ztoc.compression.span_digests.len();
        let files = ztoc.toc.len();
        Ok::<_, linnet_ztoc::Error>((ztoc.to_bytes(), spans, files, ztoc.compressed_archive_size))
    });
    let joined = report_while(build, &read, &layer.digest, progress).await;
    let (bytes, spans, files, compressed_size) = match joined {
        Ok(Ok(built)) => built,
        Ok(Err(linnet_ztoc::Error::UnsupportedCompression(kind))) => {
            progress.event(ProgressEvent::BlobDone {
                digest: layer.digest.clone(),
                kind: "ztoc",
                status: BlobStatus::Skipped,
            });
            return Ok(LayerResult::Skipped(format!(
                "ztoc skipped - layer {} ({}) is compressed in an unsupported format: {kind}",
                layer.digest, layer.media_type
            )));
        }
        Ok(Err(e)) => {
            return Err(Error::invalid(
                "layer",
                &layer.digest,
                format!("cannot build its ztoc: {e}"),
            ))
        }
        Err(source) => {
            return Err(Error::Task {
                what: "ztoc builder",
                source,
            })
        }
    };
    if compressed_size != layer.size {
        return Err(Error::invalid(
            "layer",
            &layer.digest,
            format!(
                "read {compressed_size} bytes, the manifest says {}",
                layer.size
            ),
        ));
    }
    let ztoc_digest = crate::manifest::sha256_digest(&bytes);
    let size = bytes.len() as u64;
    write_blob(client, &ztoc_digest, Bytes::from(bytes), HashMap::new()).await?;
    progress.event(ProgressEvent::BlobDone {
        digest: layer.digest.clone(),
        kind: "ztoc",
        status: BlobStatus::Indexed,
    });
    Ok(LayerResult::Ztoc {
        digest: ztoc_digest,
        size,
        spans,
        files,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn soci_error(e: linnet_soci::Error) -> Error {
    Error::Soci(e)
}

fn to_hash(labels: BTreeMap<String, String>) -> HashMap<String, String> {
    labels.into_iter().collect()
}
