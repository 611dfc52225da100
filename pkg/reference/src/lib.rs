//! linnet-reference
