//! `rename`: a container's name is linnet's `name` label, so renaming is a label update, after
//! Docker's checks in Docker's order (empty names, same name, name rules, uniqueness). Peers on
//! its user networks resolve it by name, so its live attachment is renamed too.

use std::collections::HashMap;

use linnet_containerd::{Client, Container};

use crate::meta::{self, labels};
use crate::{network, ops, Error, Scope};

/// The checks that need no containerd: Docker's "neither ... may be empty".
pub fn check_arguments(old: &str, new: &str) -> Result<(), Error> {
    if old.trim().is_empty() || new.trim().is_empty() {
        return Err(Error::InvalidArgument(
            "neither old nor new names may be empty".into(),
        ));
    }
    Ok(())
}

/// The new name without Docker's optional leading slash, once it passes the same-name and
/// name-rule checks against the container's current name.
pub fn checked_name<'a>(current: &str, new: &'a str) -> Result<&'a str, Error> {
    let bare = new.strip_prefix('/').unwrap_or(new);
    if bare == current {
        return Err(Error::InvalidArgument(
            "renaming a container with the same name as its current name".into(),
        ));
    }
    // Docker reports the name with its slash.
    meta::validate_name(bare)
        .map_err(|_| Error::AllocateName(Box::new(Error::InvalidName(format!("/{bare}")))))?;
    Ok(bare)
}

/// Renames `c` to `new` (Docker allows running containers too).
pub async fn rename(client: &Client, scope: &Scope, c: &Container, new: &str) -> Result<(), Error> {
    let current = ops::name_of(c).unwrap_or_default();
    let name = checked_name(current, new)?;
    if let Some(other) = ops::name_in_use(client, name).await? {
        return Err(Error::AllocateName(Box::new(Error::NameInUse {
            name: name.to_string(),
            other,
        })));
    }
    let mut update = HashMap::new();
    update.insert(labels::NAME.to_string(), name.to_string());
    client.container_update_labels(&c.id, &update).await?;
    if let Err(e) = rename_attachment(scope, &c.id, name) {
        // Nothing half-done: the old name comes back with the error.
        update.insert(labels::NAME.to_string(), current.to_string());
        if let Err(undo) = client.container_update_labels(&c.id, &update).await {
            tracing::warn!("cannot restore the name of {}: {undo}", c.id);
        }
        return Err(e);
    }
    Ok(())
}

fn rename_attachment(scope: &Scope, id: &str, name: &str) -> Result<(), Error> {
    match network::manager(scope)? {
        Some(mgr) => Ok(mgr.rename(id, name)?),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_checks_and_messages() {
        assert!(check_arguments("a", " ").is_err());
        assert!(check_arguments("", "b").is_err());
        assert!(check_arguments("a", "b").is_ok());
        assert_eq!(checked_name("web", "/db").unwrap(), "db");
        assert_eq!(checked_name("web", "db-1.x_y").unwrap(), "db-1.x_y");
        assert_eq!(
            checked_name("web", "/web").unwrap_err().to_string(),
            "renaming a container with the same name as its current name"
        );
        assert_eq!(
            checked_name("web", "bad name").unwrap_err().to_string(),
            "error when allocating new name: invalid container name (/bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
        );
        assert!(checked_name("web", "a").is_err());
        assert!(checked_name("web", "//x").is_err());
    }
}
