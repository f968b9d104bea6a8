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
        office_sessions -> Text,
    }
}

diesel::table! {
    site_aliases (label) {
        label -> Text,
        site_id -> Integer,
    }
}

diesel::table! {
    banners (id) {
        id -> Integer,
        site_id -> Nullable<Integer>,
        kind -> Text,
        title_vi -> Text,
        title_en -> Text,
        body_vi -> Text,
        body_en -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        work_starts_at -> Nullable<Timestamp>,
        created_by -> Text,
        created_at -> Timestamp,
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
        on_portal -> Bool,
        cover_media_id -> Nullable<Integer>,
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

diesel::table! {
    media_files (id) {
        id -> Integer,
        site_id -> Integer,
        sha256 -> Text,
        served_sha256 -> Text,
        size -> BigInt,
        content_type -> Text,
        kind -> Text,
        original_name -> Text,
        stored_name -> Text,
        alt_text -> Text,
        caption -> Text,
        credit -> Text,
        width -> Nullable<Integer>,
        height -> Nullable<Integer>,
        renditions -> Text,
        uploaded_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    media_references (media_id, content_id) {
        media_id -> Integer,
        content_id -> Integer,
    }
}

diesel::joinable!(media_references -> media_files (media_id));
diesel::joinable!(media_references -> content_items (content_id));
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
    users,
    site_roles,
    sessions,
    login_failures,
    content_revisions,
    audit_log,
    media_files,
    media_references,
    legal_documents,
    legal_articles,
    legal_files,
    legal_relations,
    legal_listings,
    gazette_issues,
    gazette_entries,
    service_procedures,
    service_usage,
);

diesel::table! {
    users (id) {
        id -> Integer,
        username -> Text,
        display_name -> Text,
        email -> Text,
        password_hash -> Text,
        is_system_admin -> Bool,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    site_roles (user_id, site_id) {
        user_id -> Integer,
        site_id -> Integer,
        role -> Text,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> Integer,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        account -> Text,
        client_ip -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    content_revisions (id) {
        id -> Integer,
        content_id -> Integer,
        number -> Integer,
        state -> Text,
        slug -> Text,
        title -> Text,
        summary -> Text,
        body_markdown -> Text,
        author -> Text,
        source -> Text,
        category -> Nullable<Text>,
        tags -> Text,
        change_note -> Nullable<Text>,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
        submitted_by -> Nullable<Integer>,
        submitted_at -> Nullable<Timestamp>,
        reviewed_by -> Nullable<Integer>,
        reviewed_at -> Nullable<Timestamp>,
        review_comment -> Nullable<Text>,
        publish_at -> Nullable<Timestamp>,
        published_by -> Nullable<Integer>,
        published_at -> Nullable<Timestamp>,
        emergency_reason -> Nullable<Text>,
        record -> Nullable<Text>,
        edited_by -> Nullable<Integer>,
        cover_media_id -> Nullable<Integer>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<Integer>,
        actor_name -> Text,
        via -> Text,
        site_id -> Nullable<Integer>,
        object_type -> Text,
        object_id -> Nullable<BigInt>,
        action -> Text,
        summary -> Text,
    }
}

diesel::joinable!(site_roles -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(content_revisions -> content_items (content_id));

diesel::table! {
    legal_documents (content_id) {
        content_id -> Integer,
        doc_type -> Text,
        type_key -> Text,
        normative -> Bool,
        number_symbol -> Text,
        symbol_canonical -> Text,
        symbol_key -> Text,
        year -> Nullable<Integer>,
        issuers -> Text,
        issuer_key -> Text,
        signer -> Text,
        signer_position -> Text,
        issued_on -> Nullable<Date>,
        effective_on -> Nullable<Date>,
        expires_on -> Nullable<Date>,
        field -> Text,
        field_key -> Text,
        abstract_text -> Text,
        preamble -> Text,
        status_override -> Nullable<Text>,
        status_reason -> Nullable<Text>,
        status_since -> Nullable<Date>,
        issued_by_site -> Bool,
        record_sha256 -> Text,
    }
}

diesel::table! {
    legal_articles (content_id, position) {
        content_id -> Integer,
        position -> Integer,
        number -> Text,
        heading -> Text,
        body -> Text,
    }
}

diesel::table! {
    legal_files (content_id, position) {
        content_id -> Integer,
        position -> Integer,
        media_id -> Integer,
        label -> Text,
    }
}

diesel::table! {
    legal_relations (source_id, position) {
        source_id -> Integer,
        position -> Integer,
        kind -> Text,
        target_symbol -> Text,
        target_key -> Text,
        target_title -> Text,
        scope -> Text,
    }
}

diesel::table! {
    legal_listings (content_id, site_id) {
        content_id -> Integer,
        site_id -> Integer,
    }
}

diesel::table! {
    gazette_issues (id) {
        id -> Integer,
        site_id -> Integer,
        year -> Integer,
        number -> Text,
        issued_on -> Date,
        media_id -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    gazette_entries (issue_id, position) {
        issue_id -> Integer,
        position -> Integer,
        content_id -> Integer,
    }
}

diesel::joinable!(legal_documents -> content_items (content_id));
diesel::joinable!(legal_files -> media_files (media_id));
diesel::joinable!(gazette_entries -> gazette_issues (issue_id));

diesel::table! {
    mail_outbox (id) {
        id -> Integer,
        recipient -> Text,
        template -> Text,
        lang -> Text,
        context -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    questions (id) {
        id -> Integer,
        code -> Text,
        site_id -> Integer,
        asked_site_id -> Integer,
        lang -> Text,
        asker_name -> Text,
        asker_email -> Text,
        asker_phone -> Text,
        client_addr -> Text,
        client_network -> Text,
        field -> Text,
        title -> Text,
        body -> Text,
        edited_body -> Nullable<Text>,
        publish_consent -> Bool,
        status -> Text,
        received_at -> Timestamp,
        triage_due_at -> Timestamp,
        due_at -> Timestamp,
        deadline_days -> Integer,
        paused_days -> Integer,
        extended_to -> Nullable<Date>,
        paused_at -> Nullable<Timestamp>,
        forwarded_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        closed_note -> Nullable<Text>,
        merged_into -> Nullable<Integer>,
        answer_content_id -> Nullable<Integer>,
        reminded_due_soon -> Bool,
        reminded_overdue -> Bool,
        reminded_board -> Bool,
        anonymised_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    question_events (id) {
        id -> Integer,
        question_id -> Integer,
        at -> Timestamp,
        kind -> Text,
        actor -> Text,
        note -> Text,
    }
}

diesel::table! {
    question_attachments (question_id) {
        question_id -> Integer,
        sha256 -> Text,
        file_name -> Text,
        content_type -> Text,
        size -> BigInt,
    }
}

diesel::table! {
    calendar_announcements (day) {
        day -> Date,
        kind -> Text,
        name -> Text,
        source -> Text,
        entered_by -> Text,
        entered_at -> Timestamp,
    }
}

diesel::joinable!(question_events -> questions (question_id));
diesel::joinable!(question_attachments -> questions (question_id));
diesel::allow_tables_to_appear_in_same_query!(questions, question_events, question_attachments);
diesel::allow_tables_to_appear_in_same_query!(questions, content_items);

diesel::table! {
    service_procedures (content_id) {
        content_id -> Integer,
        code -> Text,
        code_key -> Text,
        name -> Text,
        gov_level -> Text,
        field -> Text,
        field_key -> Text,
        agency -> Text,
        agency_key -> Text,
        online_level -> Text,
        legacy_level -> Nullable<Integer>,
        record -> Text,
        record_sha256 -> Text,
    }
}

diesel::table! {
    service_usage (code_key, period_start, period_end) {
        code_key -> Text,
        period_start -> Date,
        period_end -> Date,
        views -> Integer,
        uses -> Integer,
        received -> Integer,
        processed -> Integer,
        on_time -> Integer,
        imported_at -> Timestamp,
    }
}

diesel::joinable!(service_procedures -> content_items (content_id));

diesel::table! {
    upload_usage (id) {
        id -> BigInt,
        client_addr -> Text,
        client_network -> Text,
        bytes -> BigInt,
        at -> Timestamp,
    }
}

diesel::table! {
    org_units (content_id) {
        content_id -> Integer,
        site_id -> Integer,
        unit_key -> Text,
        parent_key -> Nullable<Text>,
        name -> Text,
        name_en -> Text,
        sort_order -> Integer,
        ended_on -> Nullable<Date>,
        successor_key -> Nullable<Text>,
        record -> Text,
        record_sha256 -> Text,
    }
}

diesel::table! {
    officials (content_id) {
        content_id -> Integer,
        site_id -> Integer,
        official_key -> Text,
        name -> Text,
        record -> Text,
        record_sha256 -> Text,
    }
}

diesel::table! {
    schedule_weeks (content_id) {
        content_id -> Integer,
        site_id -> Integer,
        iso_week -> Text,
        record -> Text,
        record_sha256 -> Text,
    }
}

diesel::table! {
    schedule_entries (content_id, uid) {
        content_id -> Integer,
        uid -> Text,
        site_id -> Integer,
        day -> Date,
        starts_at -> Timestamp,
        ends_at -> Nullable<Timestamp>,
        leader_key -> Nullable<Text>,
        on_portal -> Bool,
        cancelled -> Bool,
        changed_at -> Nullable<Timestamp>,
        record -> Text,
    }
}

diesel::joinable!(org_units -> content_items (content_id));
diesel::joinable!(officials -> content_items (content_id));
diesel::joinable!(schedule_weeks -> content_items (content_id));
diesel::joinable!(schedule_entries -> content_items (content_id));
diesel::allow_tables_to_appear_in_same_query!(
    org_units,
    officials,
    schedule_weeks,
    schedule_entries,
    content_items,
);

diesel::table! {
    consultations (content_id) {
        content_id -> Integer,
        site_id -> Integer,
        draft_type -> Text,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        record -> Text,
        closed_noted_at -> Nullable<Timestamp>,
        report_published_at -> Nullable<Timestamp>,
        final_document_id -> Nullable<Integer>,
    }
}

diesel::table! {
    consultation_sites (content_id, site_id) {
        content_id -> Integer,
        site_id -> Integer,
    }
}

diesel::table! {
    consultation_comments (id) {
        id -> Integer,
        consultation_id -> Integer,
        lang -> Text,
        article -> Text,
        name -> Text,
        email -> Text,
        organisation -> Text,
        body -> Text,
        consent -> Bool,
        client_addr -> Text,
        client_network -> Text,
        origin -> Text,
        received_at -> Timestamp,
        moderation -> Text,
        reject_reason -> Nullable<Text>,
        moderated_by -> Nullable<Text>,
        moderated_at -> Nullable<Timestamp>,
        attachment_sha256 -> Nullable<Text>,
        attachment_name -> Nullable<Text>,
        attachment_type -> Nullable<Text>,
        attachment_size -> Nullable<BigInt>,
        anonymised_at -> Nullable<Timestamp>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    consultations,
    consultation_sites,
    consultation_comments,
    content_items
);

diesel::table! {
    question_regulations (question_id) {
        question_id -> Integer,
        regulation_id -> Integer,
    }
}

diesel::table! {
    timeliness_rules (category, site_id) {
        category -> Text,
        site_id -> Integer,
        days -> Nullable<Integer>,
        enabled -> Bool,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    timeliness_digests (site_id, week) {
        site_id -> Integer,
        week -> Text,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        name -> Text,
        token_hash -> Text,
        created_by -> Integer,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(api_tokens, users);

diesel::table! {
    public_records (content_id) {
        content_id -> Integer,
        kind -> Text,
        site_id -> Integer,
        lang -> Text,
        record -> Text,
        status -> Text,
        field -> Text,
        area -> Text,
        year -> Nullable<Integer>,
        dated_at -> Nullable<Timestamp>,
        due_at -> Nullable<Timestamp>,
        published_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(public_records, content_items);
