//! `-u user[:group]` resolution against the container's `/etc/passwd` and `/etc/group`, with the
//! semantics of runc's `user.GetExecUser` that Docker uses: numeric ids pass through, names must
//! exist, and without an explicit group the user's supplementary groups come from `/etc/group`.

use crate::Error;

/// The uid, gid and supplementary gids a process runs as.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExecUser {
    pub uid: u32,
    pub gid: u32,
    pub additional_gids: Vec<u32>,
    pub home: String,
}

/// The container's user database; empty strings when the files do not exist.
#[derive(Debug, Clone, Default)]
pub struct UserDb {
    pub passwd: String,
    pub group: String,
}

struct PasswdEntry<'a> {
    name: &'a str,
    uid: u32,
    gid: u32,
    home: &'a str,
}

struct GroupEntry<'a> {
    name: &'a str,
    gid: u32,
    members: Vec<&'a str>,
}

fn passwd_entries(content: &str) -> impl Iterator<Item = PasswdEntry<'_>> {
    content.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let fields: Vec<&str> = line.split(':').collect();
        Some(PasswdEntry {
            name: fields.first().copied()?,
            uid: fields.get(2)?.parse().ok()?,
            gid: fields.get(3)?.parse().ok()?,
            home: fields.get(5).copied().unwrap_or(""),
        })
    })
}

fn group_entries(content: &str) -> impl Iterator<Item = GroupEntry<'_>> {
    content.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let fields: Vec<&str> = line.split(':').collect();
        Some(GroupEntry {
            name: fields.first().copied()?,
            gid: fields.get(2)?.parse().ok()?,
            members: fields
                .get(3)
                .map(|m| {
                    m.split(',')
                        .map(str::trim)
                        .filter(|m| !m.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        })
    })
}

/// Resolves a `user[:group]` string (empty means root) against `db`.
pub fn resolve_user(spec: &str, db: &UserDb) -> Result<ExecUser, Error> {
    let (user_arg, group_arg) = match spec.split_once(':') {
        Some((u, g)) => (u, g),
        None => (spec, ""),
    };
    let mut user = ExecUser {
        home: "/".to_string(),
        ..ExecUser::default()
    };
    let uid_arg: Option<u32> = user_arg.parse().ok();
    if !user_arg.is_empty() && uid_arg.is_none() && user_arg.parse::<i64>().is_ok() {
        return Err(Error::UserRange(user_arg.to_string()));
    }
    let matched = passwd_entries(&db.passwd).find(|u| {
        if user_arg.is_empty() {
            u.uid == 0
        } else if let Some(uid) = uid_arg {
            u.uid == uid
        } else {
            u.name == user_arg
        }
    });
    let mut matched_name = None;
    match matched {
        Some(entry) => {
            user.uid = entry.uid;
            user.gid = entry.gid;
            if !entry.home.is_empty() {
                user.home = entry.home.to_string();
            }
            matched_name = Some(entry.name.to_string());
        }
        None if !user_arg.is_empty() => match uid_arg {
            Some(uid) => user.uid = uid,
            None => return Err(Error::NoSuchUser(user_arg.to_string())),
        },
        None => {}
    }

    if !group_arg.is_empty() {
        let gid_arg: Option<u32> = group_arg.parse().ok();
        let found = group_entries(&db.group).find(|g| match gid_arg {
            Some(gid) => g.gid == gid,
            None => g.name == group_arg,
        });
        match (found, gid_arg) {
            (Some(g), _) => user.gid = g.gid,
            (None, Some(gid)) => user.gid = gid,
            (None, None) => {
                if group_arg.parse::<i64>().is_ok() {
                    return Err(Error::UserRange(group_arg.to_string()));
                }
                return Err(Error::NoSuchGroup(group_arg.to_string()));
            }
        }
    } else if let Some(name) = matched_name {
        user.additional_gids = group_entries(&db.group)
            .filter(|g| g.members.contains(&name.as_str()))
            .map(|g| g.gid)
            .collect();
    }
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> UserDb {
        UserDb {
            passwd: "root:x:0:0:root:/root:/bin/sh\n\
                     daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n\
                     alice:x:1000:1000::/home/alice:/bin/sh\n"
                .into(),
            group: "root:x:0:\nwheel:x:10:root,alice\naudio:x:29:alice\nalice:x:1000:\n".into(),
        }
    }

    #[test]
    fn empty_is_root_with_groups() {
        let u = resolve_user("", &db()).unwrap();
        assert_eq!((u.uid, u.gid, u.home.as_str()), (0, 0, "/root"));
        assert_eq!(u.additional_gids, vec![10]);
    }

    #[test]
    fn names_and_numbers() {
        let u = resolve_user("alice", &db()).unwrap();
        assert_eq!((u.uid, u.gid), (1000, 1000));
        assert_eq!(u.additional_gids, vec![10, 29]);
        let u = resolve_user("1", &db()).unwrap();
        assert_eq!((u.uid, u.gid), (1, 1));
        let u = resolve_user("4242:4343", &db()).unwrap();
        assert_eq!((u.uid, u.gid), (4242, 4343));
        assert!(u.additional_gids.is_empty());
        let u = resolve_user("alice:audio", &db()).unwrap();
        assert_eq!((u.uid, u.gid), (1000, 29));
        assert!(u.additional_gids.is_empty());
    }

    #[test]
    fn unknown_names_fail() {
        let err = resolve_user("bob", &db()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unable to find user bob: no matching entries in passwd file"
        );
        let err = resolve_user("alice:nogroup", &db()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unable to find group nogroup: no matching entries in group file"
        );
        assert!(resolve_user("-1", &db()).is_err());
    }

    #[test]
    fn missing_files_allow_numeric_ids() {
        let u = resolve_user("123", &UserDb::default()).unwrap();
        assert_eq!((u.uid, u.gid), (123, 0));
        assert!(resolve_user("nobody", &UserDb::default()).is_err());
    }
}
