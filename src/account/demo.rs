//! The demo province's accounts, one per role, created with `serve --demo` (never
//! otherwise). README lists them; the password is public, so never use them in production.

use chrono::NaiveDateTime;

use super::audit::{Entry, Via};
use super::store::{self, AccountError, NewUser};
use super::Role;
use crate::db::DbConn;
use crate::site::hosts::Directory;

/// The password of every demo account.
pub const PASSWORD: &str = "demo-cong-2026";

/// A demo account and its roles by site slug.
pub struct DemoAccount {
    pub username: &'static str,
    pub name: &'static str,
    pub system_admin: bool,
    pub roles: &'static [(&'static str, Role)],
}

const fn demo(
    username: &'static str,
    name: &'static str,
    system_admin: bool,
    roles: &'static [(&'static str, Role)],
) -> DemoAccount {
    DemoAccount {
        username,
        name,
        system_admin,
        roles,
    }
}

/// One account per role (README lists them).
pub const ACCOUNTS: &[DemoAccount] = &[
    demo("quantri", "Lê Quản Trị", true, &[]),
    demo(
        "soantin",
        "Nguyễn Thị Soạn",
        false,
        &[("sonha", Role::Contributor), ("skhcn", Role::Contributor)],
    ),
    demo(
        "bientap",
        "Trần Văn Biên",
        false,
        &[("sonha", Role::Editor), ("skhcn", Role::Editor)],
    ),
    demo(
        "truongban",
        "Phạm Thị Trưởng",
        false,
        &[("sonha", Role::BoardHead), ("skhcn", Role::BoardHead)],
    ),
    demo(
        "quantritrang",
        "Đỗ Văn Trang",
        false,
        &[("sonha", Role::SiteAdmin)],
    ),
    demo(
        "skhcn.bientap",
        "Hoàng Minh Khoa",
        false,
        &[("skhcn", Role::Editor)],
    ),
];

/// Creates the demo accounts that do not exist yet and grants their roles.
pub fn ensure(
    conn: &mut DbConn,
    directory: &Directory,
    now: NaiveDateTime,
) -> Result<usize, AccountError> {
    let by = Entry::named(None, "demo", Via::Import);
    let mut created = 0;
    for account in ACCOUNTS {
        if store::find_id(conn, account.username)?.is_none() {
            let new = NewUser {
                username: account.username,
                display_name: account.name,
                email: "",
                password: PASSWORD,
                system_admin: account.system_admin,
            };
            store::create(conn, &new, &by, now)?;
            created += 1;
            for (slug, role) in account.roles {
                if let Some(site) = directory.by_slug(slug) {
                    store::grant(conn, account.username, site.id, *role, &by, now)?;
                }
            }
        }
    }
    Ok(created)
}
