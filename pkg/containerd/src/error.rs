//! The crate's error type: gRPC status codes folded into the cases callers branch on
//! (not found, already exists, ...) with containerd's own message prefixed by the operation.

use tonic::Code;

/// Errors from talking to containerd.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The socket is missing, refuses connections or does not answer.
    #[error("cannot connect to containerd at {address}: {reason}")]
    Unreachable { address: String, reason: String },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    AlreadyExists(String),
    #[error("{0}")]
    FailedPrecondition(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    InvalidArgument(String),
    #[error("{operation}: {message}")]
    Rpc {
        operation: &'static str,
        message: String,
    },
    /// containerd answered with something this client cannot use.
    #[error("invalid response from containerd: {0}")]
    InvalidResponse(String),
}

impl Error {
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound(_))
    }

    pub fn is_already_exists(&self) -> bool {
        matches!(self, Error::AlreadyExists(_))
    }

    pub fn is_failed_precondition(&self) -> bool {
        matches!(self, Error::FailedPrecondition(_))
    }

    /// containerd's answer to a second writer of an ingest ref (`ref … locked …`).
    pub fn is_locked(&self) -> bool {
        matches!(self, Error::Unavailable(m) if m.contains("locked"))
    }

    pub fn is_unavailable(&self) -> bool {
        matches!(self, Error::Unavailable(_) | Error::Unreachable { .. })
    }

    /// Maps a gRPC status of `operation` (e.g. "create task") to an error.
    pub(crate) fn from_status(operation: &'static str, status: tonic::Status) -> Error {
        let message = status.message().trim().to_string();
        let message = if message.is_empty() {
            code_text(status.code()).to_string()
        } else {
            message
        };
        let text = format!("{operation}: {message}");
        match status.code() {
            Code::NotFound => Error::NotFound(text),
            Code::AlreadyExists => Error::AlreadyExists(text),
            Code::FailedPrecondition => Error::FailedPrecondition(text),
            Code::Unavailable => Error::Unavailable(text),
            Code::InvalidArgument => Error::InvalidArgument(text),
            _ => Error::Rpc { operation, message },
        }
    }
}

fn code_text(code: Code) -> &'static str {
    match code {
        Code::NotFound => "not found",
        Code::AlreadyExists => "already exists",
        Code::FailedPrecondition => "failed precondition",
        Code::Unavailable => "containerd is unavailable",
        Code::DeadlineExceeded => "deadline exceeded",
        Code::Cancelled => "cancelled",
        Code::Unimplemented => "not implemented by this containerd",
        _ => "unknown error",
    }
}

/// Turns `std::io::Error` text such as "Connection refused (os error 111)" into "connection refused".
pub(crate) fn io_reason(err: &std::io::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_map_to_variants() {
        let e = Error::from_status(
            "get image",
            tonic::Status::not_found("image \"x\": not found"),
        );
        assert!(e.is_not_found());
        assert_eq!(e.to_string(), "get image: image \"x\": not found");
        let e = Error::from_status("create task", tonic::Status::unknown("boom"));
        assert_eq!(e.to_string(), "create task: boom");
        assert!(Error::from_status("x", tonic::Status::already_exists("")).is_already_exists());
    }

    #[test]
    fn io_reason_is_lower_case_without_errno() {
        let e = std::io::Error::from_raw_os_error(libc_econnrefused());
        assert_eq!(io_reason(&e), "connection refused");
    }

    fn libc_econnrefused() -> i32 {
        111
    }
}
