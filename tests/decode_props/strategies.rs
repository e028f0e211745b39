//! What the decoder properties are fed: the API's objects whole and valid, any JSON value,
//! near-JSON text, and Scaleway-shaped error bodies with fields of any type and length.

use jiff::Timestamp;
use proptest::prelude::*;
use proptest::sample::select;
use serde::Serialize;
use serde_json::{Map, Value, json};
use whbackup::api::error_body::{MAX_DETAILS, TEXT_MAX_BYTES};

pub const HOSTING_STATUSES: &[&str] = &[
    "unknown_status",
    "delivering",
    "ready",
    "deleting",
    "error",
    "locked",
    "migrating",
    "updating",
    "payment_pending",
    "payment_failed",
];
pub const BACKUP_STATUSES: &[&str] =
    &["unknown_backup_status", "active", "locked", "disabled", "damaged", "restoring"];
pub const ITEM_TYPES: &[&str] = &[
    "unknown_backup_item_type",
    "full",
    "web",
    "mail",
    "db",
    "db_user",
    "ftp_user",
    "dns_zone",
    "cron_job",
    "ssl_certificate",
];
pub const PROGRESS_STATUSES: &[&str] = &[
    "unknown_status",
    "pending",
    "processing",
    "completed",
    "partially_completed",
    "failed",
    "aborted",
    "never_finished",
];
pub const DOMAIN_STATUSES: &[&str] = &["unknown_status", "valid", "invalid", "validating", "error"];

/// Pieces near-JSON text is assembled from: structure, the models' field names, values of
/// every kind, and values that strain a decoder (overflowing numbers, a lone surrogate).
pub const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    " ",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "4294967296",
    "18446744073709551616",
    "1e400",
    "0.5",
    "\"\"",
    "\"x\"",
    "\"\\u00e9\"",
    "\"\\ud800\"",
    "\"2024-02-30T00:00:00Z\"",
    "\"2025-06-01T03:12:45.5Z\"",
    "\"id\"",
    "\"status\"",
    "\"type\"",
    "\"items\"",
    "\"groups\"",
    "\"hostings\"",
    "\"backups\"",
    "\"progresses\"",
    "\"backup_item_groups\"",
    "\"total_count\"",
    "\"created_at\"",
    "\"size\"",
    "\"domain_info\"",
    "\"custom_domain\"",
    "\"progress_id\"",
    "\"percentage\"",
    "\"tags\"",
    "\"active\"",
    "\"db\"",
];

/// Latest second a generated timestamp may fall on (in 2096).
pub const LATEST_SECOND: i64 = 4_000_000_000;
/// Longest text planted in an error body: far past what an error may show.
pub const HUGE_TEXT_CHARS: usize = 40_000;
/// Most entries in a generated `details` list, enough to pass [`MAX_DETAILS`].
pub const MOST_DETAILS: usize = 3 * MAX_DETAILS;

pub fn text() -> impl Strategy<Value = String> {
    any::<String>()
}

/// A value of an open enum: one the API documents, a plausible new one, or any text.
pub fn open_enum(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![select(known).prop_map(str::to_owned), "[a-z_]{0,24}", text()]
}

pub fn nullable<S: Strategy>(inner: S) -> impl Strategy<Value = Value>
where
    S::Value: Serialize,
{
    prop::option::of(inner).prop_map(|value| json!(value))
}

/// A timestamp written as the client writes it back, or null.
pub fn timestamp() -> impl Strategy<Value = Value> {
    let instant = (0..LATEST_SECOND, 0..1_000_000_000i32)
        .prop_map(|(secs, nanos)| Timestamp::new(secs, nanos).expect("in range").to_string());
    nullable(instant)
}

pub fn backup_item() -> impl Strategy<Value = Value> {
    let fields = (text(), text(), open_enum(ITEM_TYPES), any::<u64>());
    (fields, open_enum(BACKUP_STATUSES), timestamp()).prop_map(
        |((id, name, kind, size), status, created_at)| {
            json!({ "id": id, "name": name, "type": kind, "size": size, "status": status,
                    "created_at": created_at })
        },
    )
}

pub fn item_group() -> impl Strategy<Value = Value> {
    (open_enum(ITEM_TYPES), prop::collection::vec(backup_item(), 0..4))
        .prop_map(|(kind, items)| json!({ "type": kind, "items": items }))
}

pub fn backup() -> impl Strategy<Value = Value> {
    (text(), any::<u64>(), timestamp(), open_enum(BACKUP_STATUSES), any::<u32>()).prop_map(
        |(id, size, created_at, status, total_items)| {
            json!({ "id": id, "size": size, "created_at": created_at, "status": status,
                    "total_items": total_items })
        },
    )
}

pub fn progress() -> impl Strategy<Value = Value> {
    let groups = prop::collection::vec(item_group(), 0..3);
    (text(), groups, any::<u64>(), open_enum(PROGRESS_STATUSES)).prop_map(
        |(id, groups, percentage, status)| {
            json!({ "id": id, "backup_item_groups": groups, "percentage": percentage,
                    "status": status })
        },
    )
}

pub fn progress_summary() -> impl Strategy<Value = Value> {
    (text(), any::<u64>(), any::<u64>(), open_enum(PROGRESS_STATUSES)).prop_map(
        |(id, count, percentage, status)| {
            json!({ "id": id, "backup_items_count": count, "percentage": percentage,
                    "status": status })
        },
    )
}

pub fn domain_info() -> impl Strategy<Value = Value> {
    let custom = (text(), open_enum(DOMAIN_STATUSES), open_enum(DOMAIN_STATUSES)).prop_map(
        |(domain, domain_status, dns_status)| {
            json!({ "domain": domain, "domain_status": domain_status, "dns_status": dns_status })
        },
    );
    (text(), nullable(custom))
        .prop_map(|(subdomain, custom)| json!({ "subdomain": subdomain, "custom_domain": custom }))
}

pub fn hosting() -> impl Strategy<Value = Value> {
    let offer = (text(), text(), text()).prop_map(
        |(id, name, panel)| json!({ "id": id, "name": name, "control_panel_name": panel }),
    );
    let panel = text().prop_map(|name| json!({ "name": name }));
    let platform = (text(), nullable(panel))
        .prop_map(|(hostname, panel)| json!({ "hostname": hostname, "control_panel": panel }));
    let summary = (text(), text(), timestamp(), timestamp(), open_enum(HOSTING_STATUSES), text());
    let rest = (any::<bool>(), text(), nullable(domain_info()), text());
    let full = (prop::collection::vec(text(), 0..3), text(), nullable(offer), nullable(platform));
    (summary, rest, full).prop_map(|(summary, rest, full)| {
        let (id, project_id, created_at, updated_at, status, domain) = summary;
        let (protected, region, domain_info, offer_name) = rest;
        let (tags, ipv4, offer, platform) = full;
        json!({
            "id": id, "project_id": project_id, "created_at": created_at,
            "updated_at": updated_at, "status": status, "domain": domain,
            "protected": protected, "region": region, "domain_info": domain_info,
            "offer_name": offer_name, "tags": tags, "ipv4": ipv4, "offer": offer,
            "platform": platform,
        })
    })
}

pub fn page(
    list: &'static str,
    object: impl Strategy<Value = Value>,
) -> impl Strategy<Value = Value> {
    (any::<u64>(), prop::collection::vec(object, 0..4))
        .prop_map(move |(total, objects)| json!({ "total_count": total, list: objects }))
}

/// Any JSON value, nested a few levels.
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{0,10}", inner, 0..4)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// Text made of JSON pieces: mostly not JSON, often close to it.
pub fn json_ish() -> impl Strategy<Value = String> {
    prop::collection::vec(select(JSON_TOKENS), 0..48).prop_map(|tokens| tokens.concat())
}

// ---- Error bodies ----

pub const ERROR_TYPES: &[&str] = &[
    "invalid_arguments",
    "denied_authentication",
    "permissions_denied",
    "not_found",
    "transient_state",
    "precondition_failed",
    "quotas_exceeded",
    "locked",
    "resource_expired",
    "expired",
    "out_of_stock",
    "already_exists",
    "conflict",
    "too_many_requests",
];
pub const ERROR_FIELDS: &[&str] = &[
    "message",
    "resource",
    "resource_id",
    "current_state",
    "precondition",
    "help_message",
    "expired_since",
    "method",
    "reason",
    "reset_seconds",
];
pub const DETAIL_FIELDS: &[&str] =
    &["argument_name", "reason", "help_message", "resource", "action", "quota", "current"];
/// `count` times one character: a text far longer than an error may keep.
pub fn long_text(most_chars: usize) -> impl Strategy<Value = String> {
    (0..most_chars, any::<char>()).prop_map(|(count, c)| c.to_string().repeat(count))
}

pub fn field_value(most_chars: usize) -> impl Strategy<Value = Value> {
    prop_oneof![any_json(), long_text(most_chars).prop_map(Value::from)]
}

/// A Scaleway-shaped error body: a known or unknown type, fields of any type and length.
pub fn error_object() -> impl Strategy<Value = Value> {
    let kind = prop_oneof![open_enum(ERROR_TYPES).prop_map(Value::from), any_json()];
    let fields =
        prop::collection::btree_map(select(ERROR_FIELDS), field_value(HUGE_TEXT_CHARS), 0..8);
    let detail =
        prop::collection::btree_map(select(DETAIL_FIELDS), field_value(2 * TEXT_MAX_BYTES), 0..5)
            .prop_map(|fields| json!(fields));
    let details = prop_oneof![
        any_json(),
        prop::collection::vec(detail, 0..MOST_DETAILS).prop_map(Value::Array),
    ];
    (kind, fields, details).prop_map(|(kind, fields, details)| {
        let mut object: Map<String, Value> =
            fields.into_iter().map(|(key, value)| (key.to_owned(), value)).collect();
        object.insert("type".to_owned(), kind);
        object.insert("details".to_owned(), details);
        Value::Object(object)
    })
}

pub fn error_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..1024),
        long_text(HUGE_TEXT_CHARS).prop_map(String::into_bytes),
        json_ish().prop_map(String::into_bytes),
        error_object().prop_map(|object| serde_json::to_vec(&object).unwrap()),
    ]
}

/// A request id of any length, as the header may carry it.
pub fn request_id() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof!["[ -~]{0,64}", (0..HUGE_TEXT_CHARS).prop_map(|n| "r".repeat(n))])
}
