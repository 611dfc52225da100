//! linnet-image
