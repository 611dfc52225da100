//! linnet-spec
