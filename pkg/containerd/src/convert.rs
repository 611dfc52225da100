//! Conversions between protobuf messages and the crate's plain types.

use chrono::{DateTime, Utc};

use crate::Descriptor;

pub(crate) fn time(ts: Option<prost_types::Timestamp>) -> Option<DateTime<Utc>> {
    // Go's zero time (year 1) means "not set".
    let ts = ts.filter(|ts| ts.seconds > 0)?;
    let nanos = u32::try_from(ts.nanos).ok()?;
    DateTime::from_timestamp(ts.seconds, nanos)
}

pub(crate) fn timestamp(t: Option<DateTime<Utc>>) -> Option<prost_types::Timestamp> {
    let t = t?;
    Some(prost_types::Timestamp {
        seconds: t.timestamp(),
        nanos: i32::try_from(t.timestamp_subsec_nanos()).unwrap_or(0),
    })
}

/// containerd's descriptor as the shared one. containerd never stores a negative size; one
/// would read as 0 rather than wrap.
pub(crate) fn descriptor(d: containerd_client::types::Descriptor) -> Descriptor {
    Descriptor {
        media_type: d.media_type,
        digest: d.digest,
        size: u64::try_from(d.size).unwrap_or(0),
        annotations: (!d.annotations.is_empty()).then(|| d.annotations.into_iter().collect()),
        ..Descriptor::default()
    }
}

/// The shared descriptor as containerd's. No blob is larger than `i64::MAX` bytes, so the
/// saturation never happens in practice.
pub(crate) fn proto_descriptor(d: &Descriptor) -> containerd_client::types::Descriptor {
    containerd_client::types::Descriptor {
        media_type: d.media_type.clone(),
        digest: d.digest.clone(),
        size: i64::try_from(d.size).unwrap_or(i64::MAX),
        annotations: d
            .annotations
            .iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// A field mask of `labels.<key>` paths: containerd then merges just these keys.
pub(crate) fn label_mask<'a>(keys: impl Iterator<Item = &'a String>) -> prost_types::FieldMask {
    prost_types::FieldMask {
        paths: keys.map(|k| format!("labels.{k}")).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip() {
        let now = Utc::now();
        assert_eq!(time(timestamp(Some(now))), Some(now));
        assert_eq!(
            time(Some(prost_types::Timestamp {
                seconds: 0,
                nanos: -1
            })),
            None
        );
    }
}
