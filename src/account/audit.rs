//! The audit log: who did what, when, on which site and object. Append-only from the
//! application's point of view (nothing here updates or deletes an entry).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::Actor;
use crate::db::schema::audit_log;
use crate::db::DbConn;
use crate::site::SiteId;

crate::text_enum! {
    /// Through what an action came.
    pub enum Via {
        Web = "web",
        Cli = "cli",
        Import = "import",
        /// The server itself (scheduled publishing).
        System = "system",
    }
}

crate::text_enum! {
    /// What an audit entry records (`object.verb`; the audit page filters by the prefix).
    pub enum AuditAction {
        ContentCreate = "content.create",
        ContentEdit = "content.edit",
        ContentWithdraw = "content.withdraw",
        ContentUnpublish = "content.unpublish",
        ContentPortalShow = "content.portal_show",
        ContentPortalHide = "content.portal_hide",
        ContentImportCreate = "content.import_create",
        ContentImportUpdate = "content.import_update",
        RevisionEdit = "revision.edit",
        RevisionSubmit = "revision.submit",
        RevisionReturn = "revision.return",
        RevisionApprove = "revision.approve",
        RevisionPublish = "revision.publish",
        RevisionSchedule = "revision.schedule",
        RevisionEmergencyPublish = "revision.emergency_publish",
        RevisionConfirmEmergency = "revision.confirm_emergency",
        RevisionPublishScheduled = "revision.publish_scheduled",
        RevisionRestore = "revision.restore",
        LegalImportCreate = "legal.import_create",
        LegalImportUpdate = "legal.import_update",
        ServicesImportCreate = "services.import_create",
        ServicesImportUpdate = "services.import_update",
        SiteCreate = "site.create",
        SiteRename = "site.rename",
        SiteRetire = "site.retire",
        SiteSettings = "site.settings",
        SessionSignIn = "session.sign_in",
        SessionSignInFailed = "session.sign_in_failed",
        /// An account or an address was locked out after repeated failures.
        SessionLocked = "session.locked",
        SessionSignOut = "session.sign_out",
        SessionSignOutEverywhere = "session.sign_out_everywhere",
        MediaUpload = "media.upload",
        MediaDescribe = "media.describe",
        MediaReplace = "media.replace",
        UserCreate = "user.create",
        UserDisable = "user.disable",
        UserPassword = "user.password",
        RoleGrant = "role.grant",
        RoleRevoke = "role.revoke",
        /// A consultation's comment approved for publication.
        CommentApprove = "consultation.comment_approve",
        /// A consultation's comment rejected, with its reason.
        CommentReject = "consultation.comment_reject",
        /// Every comment of a consultation exported, with personal data.
        CommentsExport = "consultation.comments_export",
        /// An administrator asked for waiting mail to be tried again at once.
        MailRetry = "mail.retry",
        BannerCreate = "banner.create",
        /// A banner taken down before its end.
        BannerEnd = "banner.end",
        /// A timeliness rule changed or put back to its default.
        TimelinessRule = "timeliness.rule",
        ApiTokenCreate = "api_token.create",
        ApiTokenRevoke = "api_token.revoke",
    }
}

/// Who acts, and through what: the start of an audit entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub actor_id: Option<i32>,
    pub actor_name: String,
    pub via: Via,
    pub site: Option<SiteId>,
    pub object_type: &'static str,
    pub object_id: Option<i64>,
    /// `None` only in an entry not yet about anything ([`Entry::named`]).
    pub action: Option<AuditAction>,
    pub summary: String,
}

impl Entry {
    /// A person acting through the admin interface, the command line or an import.
    pub fn by(actor: &Actor, via: Via) -> Entry {
        Entry::named(Some(actor.id.0), &actor.username, via)
    }

    /// An actor known only by name (the command line before any account exists, the server).
    pub fn named(actor_id: Option<i32>, name: &str, via: Via) -> Entry {
        Entry {
            actor_id,
            actor_name: name.to_string(),
            via,
            site: None,
            object_type: "",
            object_id: None,
            action: None,
            summary: String::new(),
        }
    }

    /// This actor's entry about one object.
    pub fn about(
        &self,
        object_type: &'static str,
        object_id: i64,
        site: Option<SiteId>,
        action: AuditAction,
        summary: &str,
    ) -> Entry {
        Entry {
            object_type,
            object_id: Some(object_id),
            site,
            action: Some(action),
            summary: summary.to_string(),
            ..self.clone()
        }
    }
}

/// Appends an entry; call inside the transaction of the change it records.
pub fn record(conn: &mut DbConn, e: &Entry, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(at),
            audit_log::actor_id.eq(e.actor_id),
            audit_log::actor_name.eq(&e.actor_name),
            audit_log::via.eq(e.via.as_str()),
            audit_log::site_id.eq(e.site.map(|s| s.0)),
            audit_log::object_type.eq(e.object_type),
            audit_log::object_id.eq(e.object_id),
            audit_log::action.eq(e.action.map_or("", AuditAction::as_str)),
            audit_log::summary.eq(&e.summary),
        ))
        .execute(conn)
        .map(|_| ())
}

/// One recorded entry.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = audit_log)]
pub struct Recorded {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor_name: String,
    pub via: String,
    pub site_id: Option<i32>,
    pub object_type: String,
    pub object_id: Option<i64>,
    pub action: String,
    pub summary: String,
}

/// Which entries to show.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only these sites (`None`: every site, for system administrators).
    pub sites: Option<Vec<SiteId>>,
    pub actor: Option<String>,
    pub action_prefix: Option<String>,
    pub page: i64,
    pub per_page: i64,
}

/// Entries newest first, with the total.
pub fn list(conn: &mut DbConn, q: &AuditQuery) -> QueryResult<(Vec<Recorded>, i64)> {
    let filtered = || {
        let mut query = audit_log::table.into_boxed();
        if let Some(sites) = &q.sites {
            query = query
                .filter(audit_log::site_id.eq_any(sites.iter().map(|s| s.0).collect::<Vec<_>>()));
        }
        if let Some(actor) = &q.actor {
            query = query.filter(audit_log::actor_name.eq(actor.clone()));
        }
        if let Some(prefix) = &q.action_prefix {
            // `session.sign_in_failed` has underscores: escaped, not dropped.
            let escaped = prefix
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            query = query.filter(audit_log::action.like(format!("{escaped}%")).escape('\\'));
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order(audit_log::id.desc())
        .limit(q.per_page)
        .offset((q.page - 1).max(0) * q.per_page)
        .select(Recorded::as_select())
        .load(conn)?;
    Ok((rows, total))
}
