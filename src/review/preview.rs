//! Shareable preview links of a revision that expire: the revision and the expiry time
//! signed with the installation's secret key (HMAC-SHA256), so no table is needed and a
//! link cannot be forged or extended.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::store::RevisionId;

/// How long a preview link works.
pub const LIFETIME: chrono::Duration = chrono::Duration::hours(72);

fn mac(secret: &str, revision: RevisionId, expires: i64) -> Hmac<Sha256> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes any key length");
    mac.update(format!("preview:{}:{expires}", revision.0).as_bytes());
    mac
}

/// The token of a link to `revision` that works until `expires` (Unix seconds).
pub fn token(secret: &str, revision: RevisionId, expires: i64) -> String {
    let tag = hex::encode(mac(secret, revision, expires).finalize().into_bytes());
    format!("{}.{expires}.{tag}", revision.0)
}

/// The revision a token opens, if it is genuine and not expired at `now` (Unix seconds).
pub fn verify(secret: &str, token: &str, now: i64) -> Option<RevisionId> {
    let mut parts = token.splitn(3, '.');
    let revision = RevisionId(parts.next()?.parse().ok()?);
    let expires: i64 = parts.next()?.parse().ok()?;
    let tag = hex::decode(parts.next()?).ok()?;
    if now >= expires {
        return None;
    }
    mac(secret, revision, expires).verify_slice(&tag).ok()?;
    Some(revision)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_opens_its_revision_until_it_expires() {
        let t = token("bí mật", RevisionId(7), 1_000);
        assert_eq!(verify("bí mật", &t, 999), Some(RevisionId(7)));
        assert_eq!(verify("bí mật", &t, 1_000), None);
        assert_eq!(verify("khác", &t, 10), None);
    }

    #[test]
    fn a_tampered_link_opens_nothing() {
        let t = token("k", RevisionId(7), 1_000);
        let other = t.replacen('7', "8", 1);
        assert_eq!(verify("k", &other, 10), None);
        let longer = t.replace(".1000.", ".9999.");
        assert_eq!(verify("k", &longer, 10), None);
        assert_eq!(verify("k", "rác", 10), None);
    }
}
