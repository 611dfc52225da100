//! Shared output helpers: tables, truncation and human-readable sizes and times.
