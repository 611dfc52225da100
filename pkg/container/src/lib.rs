//! linnet-container
