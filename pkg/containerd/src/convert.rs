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

impl From<containerd_client::types::Descriptor> for Descriptor {
    fn from(d: containerd_client::types::Descriptor) -> Self {
        Descriptor {
            media_type: d.media_type,
            digest: d.digest,
            size: d.size,
            annotations: d.annotations,
        }
    }
}

impl From<&Descriptor> for containerd_client::types::Descriptor {
    fn from(d: &Descriptor) -> Self {
        containerd_client::types::Descriptor {
            media_type: d.media_type.clone(),
            digest: d.digest.clone(),
            size: d.size,
            annotations: d.annotations.clone(),
        }
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
