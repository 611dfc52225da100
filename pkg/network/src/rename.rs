//! A renamed container keeps its network: only the name its peers on user networks resolve
//! changes (Docker's embedded DNS answers the new name and forgets the old one). Names live in
//! the members' hosts files, so the saved attachment takes the new name and every peer's file is
//! rewritten. The container's own hostname stays, as in Docker.

use crate::error::{Error, Result};
use crate::manager::NetworkManager;

impl NetworkManager {
    /// Records `name` as the container's name and rewrites its peers' hosts files. A container
    /// without an attachment (stopped, or not on a network of its own) has nothing to update:
    /// its next attach takes the name from its record.
    pub fn rename(&self, container_id: &str, name: &str) -> Result<()> {
        let key = self.key(container_id)?;
        let _lock = self.lock()?;
        let Some(mut att) = self.load(&key) else {
            return Ok(());
        };
        if att.name == name {
            return Ok(());
        }
        att.name = name.to_string();
        let dir = self.files_dir(&key);
        let bytes = serde_json::to_vec_pretty(&att).map_err(|source| Error::Encode {
            what: "attachment",
            source,
        })?;
        let path = dir.join("attachment.json");
        let tmp = dir.join("attachment.json.tmp");
        std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io("rename", &path, e))?;
        self.refresh_peers(&att);
        Ok(())
    }
}
