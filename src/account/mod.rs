//! Personal accounts of the editorial boards (Ban biên tập), their roles per site, sessions,
//! login throttling and the audit log of everything they do.

pub mod audit;
pub mod demo;
pub mod password;
pub mod sessions;
pub mod store;
pub mod tokens;

use serde::Serialize;

use crate::site::SiteId;

crate::typed_id! {
    /// A user's stable number.
    pub struct UserId;
}

crate::text_enum! {
    /// A role granted on one site (chức năng), from the least to the most editorial power.
    pub enum Role {
        /// Soạn tin: writes drafts and submits them.
        Contributor = "contributor",
        /// Biên tập viên: also reviews others' submissions (approve or return).
        Editor = "editor",
        /// Trưởng ban biên tập: also publishes, schedules and takes content down.
        BoardHead = "board_head",
        /// Quản trị trang: manages the site's settings and its board's members.
        SiteAdmin = "site_admin",
    }
}

/// What an account may do on a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    /// See the site in the admin interface.
    View,
    /// Write drafts and submit them.
    Write,
    /// Approve or return others' submissions.
    Review,
    /// Publish, schedule, unpublish (regulation: the board head answers for what is published).
    Publish,
    /// Change the site's settings and its board.
    Manage,
}

impl Role {
    /// The capabilities a role grants on its site.
    pub fn grants(self, capability: Capability) -> bool {
        use Capability::*;
        match self {
            Role::Contributor => matches!(capability, View | Write),
            Role::Editor => matches!(capability, View | Write | Review),
            Role::BoardHead => matches!(capability, View | Write | Review | Publish),
            Role::SiteAdmin => matches!(capability, View | Manage),
        }
    }
}

/// A signed-in person with the roles in force right now (read per request, so a role
/// change or a disabled account takes effect at once).
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub system_admin: bool,
    pub roles: Vec<(SiteId, Role)>,
}

impl Actor {
    pub fn role_on(&self, site: SiteId) -> Option<Role> {
        self.roles.iter().find(|(s, _)| *s == site).map(|(_, r)| *r)
    }

    /// True when the account may do this on the site. System administrators may do
    /// everything everywhere (the two-person rule still binds them: see `review`).
    pub fn can(&self, capability: Capability, site: SiteId) -> bool {
        self.system_admin || self.role_on(site).is_some_and(|r| r.grants(capability))
    }

    /// Whether the account may read the audit log: system administrators (all of it) and
    /// site administrators (their sites' entries).
    pub fn may_read_audit(&self) -> bool {
        self.system_admin || self.roles.iter().any(|(_, r)| r.grants(Capability::Manage))
    }

    /// The sites this account can see in the admin interface.
    pub fn sites(&self) -> Vec<SiteId> {
        self.roles.iter().map(|(s, _)| *s).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: Vec<(i32, Role)>) -> Actor {
        Actor {
            id: UserId(1),
            username: "a".into(),
            display_name: "A".into(),
            system_admin: false,
            roles: roles.into_iter().map(|(s, r)| (SiteId(s), r)).collect(),
        }
    }

    #[test]
    fn roles_act_only_on_their_own_site() {
        let a = actor(vec![(1, Role::Editor)]);
        assert!(a.can(Capability::Review, SiteId(1)));
        assert!(!a.can(Capability::Review, SiteId(2)));
        assert!(!a.can(Capability::View, SiteId(2)));
    }

    #[test]
    fn only_board_heads_publish_and_only_site_admins_manage() {
        for role in Role::ALL {
            assert_eq!(
                role.grants(Capability::Publish),
                role == Role::BoardHead,
                "{role:?}"
            );
            assert_eq!(
                role.grants(Capability::Manage),
                role == Role::SiteAdmin,
                "{role:?}"
            );
        }
        assert!(!Role::Contributor.grants(Capability::Review));
    }
}
