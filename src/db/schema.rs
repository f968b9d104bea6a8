//! The database schema, shared by SQLite and PostgreSQL (kept by hand in step
//! with `migrations/sqlite/` and `migrations/postgres/`).

diesel::table! {
    sites (id) {
        id -> Integer,
        slug -> Text,
        kind -> Text,
        name_vi -> Text,
        name_en -> Text,
        short_name_vi -> Text,
        short_name_en -> Text,
        address_vi -> Text,
        address_en -> Text,
        phone -> Text,
        fax -> Text,
        email -> Text,
        office_hours_vi -> Text,
        office_hours_en -> Text,
        status -> Text,
        redirect_site_id -> Nullable<Integer>,
        position -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    site_aliases (label) {
        label -> Text,
        site_id -> Integer,
    }
}

diesel::table! {
    menu_items (id) {
        id -> Integer,
        site_id -> Integer,
        lang -> Text,
        parent_id -> Nullable<Integer>,
        position -> Integer,
        label -> Text,
        url -> Text,
    }
}

diesel::table! {
    content_items (id) {
        id -> Integer,
        site_id -> Integer,
        kind -> Text,
        lang -> Text,
        translation_key -> Text,
        slug -> Text,
        title -> Text,
        summary -> Text,
        body_markdown -> Text,
        body_html -> Text,
        author -> Text,
        source -> Text,
        category -> Nullable<Text>,
        tags -> Text,
        state -> Text,
        state_note -> Nullable<Text>,
        published_at -> Timestamp,
        revised_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    url_history (id) {
        id -> Integer,
        site_id -> Integer,
        path -> Text,
        content_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    change_log (id) {
        id -> BigInt,
        entity -> Text,
        entity_id -> BigInt,
        site_id -> Nullable<Integer>,
        action -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    change_log_cursors (consumer) {
        consumer -> Text,
        last_change_id -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    jobs (name) {
        name -> Text,
        next_run_at -> Timestamp,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    job_runs (id) {
        id -> BigInt,
        job -> Text,
        runner -> Text,
        started_at -> Timestamp,
        finished_at -> Timestamp,
        outcome -> Text,
        detail -> Text,
    }
}

diesel::joinable!(site_aliases -> sites (site_id));
diesel::joinable!(menu_items -> sites (site_id));
diesel::joinable!(content_items -> sites (site_id));
diesel::joinable!(url_history -> content_items (content_id));

diesel::allow_tables_to_appear_in_same_query!(
    sites,
    site_aliases,
    menu_items,
    content_items,
    url_history,
    change_log,
    change_log_cursors,
    jobs,
    job_runs,
);
