//! How editors enter and change a kind's records: the kind declares its form once (the
//! form as typed ⇄ the record) and the one admin flow in `web::admin::forms` gives it its
//! pages `/admin/sites/{slug}/{ADMIN_PATH}/new` and `/{id}/edit`. What is saved is a draft
//! revision for the editorial workflow (`review`): submitted, approved and published by the
//! board as any other, the record checked by the kind on every save.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{RecordError, RecordKind};
use crate::content::ContentId;
use crate::db::DbConn;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::review::store::RevisionForm;
use crate::site::hosts::Directory;
use crate::site::Site;

/// A kind's form as typed: every field as sent, with the three the flow reads itself.
pub trait RecordForm: DeserializeOwned + Serialize + Default + Send + 'static {
    /// The anti-forgery token of the session.
    fn csrf(&self) -> &str;
    /// The language of the item (`vi`, `en`), chosen when it is created.
    fn lang(&self) -> &str;
    /// What the change is, for the reviewers and the public change notes.
    fn change_note(&self) -> &str;
}

/// A kind whose records editors enter through the one admin form flow.
pub trait FormKind: RecordKind<Record: Send + 'static> {
    /// The form as typed.
    type Form: RecordForm;
    /// The word of the admin addresses (`legal` → `/admin/sites/{slug}/legal/new`).
    const ADMIN_PATH: &'static str;
    /// The theme template of the form (`admin/legal_form.html`).
    const FORM_TEMPLATE: &'static str;
    /// The message ids of the form's heading: for a new item, for an edit.
    const HEADINGS: [&'static str; 2];

    /// The form of a new item of `site`.
    fn blank(site: &Site) -> Self::Form;

    /// The record a form describes, or every field at fault (with the kind's messages).
    fn record(form: &Self::Form, sites: &Directory) -> Result<Self::Record, Vec<FieldError>>;

    /// The form showing a stored record.
    fn form(record: &Self::Record, lang: Lang, sites: &Directory) -> Self::Form;

    /// The choices the form offers besides the form itself (levels, statuses, sites), with
    /// their names in the editor's language `lang` (`t` looks a message up in it).
    fn choices(t: &dyn Fn(&str) -> String, lang: Lang, sites: &Directory) -> serde_json::Value;

    /// The choices completed with those read from the store (the units a unit may belong to,
    /// the registry's documents, the media library's photos), named in `lang`.
    fn stored_choices(
        _conn: &mut DbConn,
        _lang: Lang,
        choices: serde_json::Value,
    ) -> Result<serde_json::Value, RecordError> {
        Ok(choices)
    }

    /// The revision saved for a record: its title, slug, summary, author and source as the
    /// lists show them, the record itself as JSON and the change note.
    fn revision(record: &Self::Record, change_note: &str) -> RevisionForm;

    /// The key linking a new item to its translation.
    fn translation_key(record: &Self::Record) -> String;

    /// After the workflow refused a record: the existing item the refusal points to (the
    /// document that already has this number-symbol), if any.
    fn conflicting(
        _conn: &mut DbConn,
        _record: &Self::Record,
        _lang: Lang,
        _except: Option<ContentId>,
        _errors: &[FieldError],
    ) -> Result<Option<ContentId>, RecordError> {
        Ok(None)
    }
}

/// Implements [`RecordForm`] for a form struct with `csrf`, `lang` and `change_note` fields.
#[macro_export]
macro_rules! record_form {
    ($form:ty) => {
        impl $crate::record::form::RecordForm for $form {
            fn csrf(&self) -> &str {
                &self.csrf
            }
            fn lang(&self) -> &str {
                &self.lang
            }
            fn change_note(&self) -> &str {
                &self.change_note
            }
        }
    };
}
