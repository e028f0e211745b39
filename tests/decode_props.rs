//! Property tests of every decoder the client uses: each model, each list answer and the reader
//! of error bodies, fed arbitrary bytes, near-JSON text, damaged documents and valid objects
//! with random enum values, unknown fields, fields of the wrong type and omitted fields.
//!
//! Each property runs proptest's default of 256 cases; set `PROPTEST_CASES` to run more.

#[path = "decode_props/strategies.rs"]
mod strategies;

use std::fmt::Debug;

use proptest::prelude::*;
use proptest::sample::select;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use whbackup::api::error_body::{
    BODY_START_BYTES, CUT_MARK, Caller, MAX_DETAILS, REQUEST_ID_HEADER, TEXT_MAX_BYTES, body_start,
    decode_success, error_from_answer, response_info,
};
use whbackup::api::{
    ApiError, Backup, BackupItem, BackupItemGroup, BackupStatus, DomainStatus, Hosting,
    HostingStatus, ItemType, ListBackupItemsResponse, ListBackupsResponse, ListHostingsResponse,
    ListRecentProgressesResponse, Progress, ProgressStatus, ProgressSummary, RestoreAnswer,
};

use strategies::{
    BACKUP_STATUSES, DOMAIN_STATUSES, HOSTING_STATUSES, HUGE_TEXT_CHARS, ITEM_TYPES,
    PROGRESS_STATUSES, any_json, backup, backup_item, error_body, hosting, item_group, json_ish,
    long_text, nullable, open_enum, page, progress, progress_summary, request_id, text,
};

/// Wording an error adds around each detail, numbers of a quota included.
const DETAIL_WORDING_BYTES: usize = 64;
/// Fixed wording of the longest message, advice included.
const FIXED_WORDING_BYTES: usize = 1_024;
/// At most this many characters show one byte of the body start in an error's message (a
/// control byte is escaped as `\u{7f}`).
const ESCAPED_BYTE_CHARS: usize = 6;
/// Texts an error may show besides its details: request id, message, resource, resource id,
/// state or reason, error type.
const TEXTS_BESIDES_DETAILS: usize = 6;

/// A key planted in the answer's headers, as a careless server might echo it.
const SECRET: &str = "5ec2e7e5-a1b2-4c3d-8e4f-0123456789ab";
const CALLER: Caller<'static> = Caller { profile: "default", key_source: "SCW_SECRET_KEY" };

/// What any decoded model is: the properties below run on each of them alike.
trait Model: DeserializeOwned + Serialize + PartialEq + Debug + Default {}
impl<T: DeserializeOwned + Serialize + PartialEq + Debug + Default> Model for T {}

/// A check run on one model type.
trait Property {
    fn check<T: Model>(&self, kind: Kind);
}

/// The types the client decodes answers into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hosting,
    Backup,
    BackupItem,
    BackupItemGroup,
    Progress,
    ProgressSummary,
    RestoreAnswer,
    HostingsPage,
    BackupsPage,
    ItemsAnswer,
    ProgressesAnswer,
}

const KINDS: [Kind; 11] = [
    Kind::Hosting,
    Kind::Backup,
    Kind::BackupItem,
    Kind::BackupItemGroup,
    Kind::Progress,
    Kind::ProgressSummary,
    Kind::RestoreAnswer,
    Kind::HostingsPage,
    Kind::BackupsPage,
    Kind::ItemsAnswer,
    Kind::ProgressesAnswer,
];

impl Kind {
    fn run(self, property: &impl Property) {
        match self {
            Self::Hosting => property.check::<Hosting>(self),
            Self::Backup => property.check::<Backup>(self),
            Self::BackupItem => property.check::<BackupItem>(self),
            Self::BackupItemGroup => property.check::<BackupItemGroup>(self),
            Self::Progress => property.check::<Progress>(self),
            Self::ProgressSummary => property.check::<ProgressSummary>(self),
            Self::RestoreAnswer => property.check::<RestoreAnswer>(self),
            Self::HostingsPage => property.check::<ListHostingsResponse>(self),
            Self::BackupsPage => property.check::<ListBackupsResponse>(self),
            Self::ItemsAnswer => property.check::<ListBackupItemsResponse>(self),
            Self::ProgressesAnswer => property.check::<ListRecentProgressesResponse>(self),
        }
    }

    /// A valid JSON object of this kind with every field present.
    fn object(self) -> BoxedStrategy<Value> {
        match self {
            Self::Hosting => hosting().boxed(),
            Self::Backup => backup().boxed(),
            Self::BackupItem => backup_item().boxed(),
            Self::BackupItemGroup => item_group().boxed(),
            Self::Progress => progress().boxed(),
            Self::ProgressSummary => progress_summary().boxed(),
            Self::RestoreAnswer => {
                nullable(text()).prop_map(|id| json!({ "progress_id": id })).boxed()
            }
            Self::HostingsPage => page("hostings", hosting()).boxed(),
            Self::BackupsPage => page("backups", backup()).boxed(),
            Self::ItemsAnswer => page("groups", item_group()).boxed(),
            Self::ProgressesAnswer => prop::collection::vec(progress_summary(), 0..4)
                .prop_map(|list| json!({ "progresses": list }))
                .boxed(),
        }
    }
}

/// One valid object of every kind, in the order of [`KINDS`].
fn every_kind() -> impl Strategy<Value = Vec<Value>> {
    KINDS.map(Kind::object).to_vec()
}

// ---- Properties on the models ----

/// Decoding `bytes` never panics, and whatever decodes writes back to bytes that decode to
/// the same value.
struct DecodesStably<'a>(&'a [u8]);

impl Property for DecodesStably<'_> {
    fn check<T: Model>(&self, kind: Kind) {
        let Ok(decoded) = serde_json::from_slice::<T>(self.0) else { return };
        let written = serde_json::to_vec(&decoded).expect("a model always serialises");
        let again: T = serde_json::from_slice(&written).expect("written models decode");
        assert_eq!(again, decoded, "{kind:?} changed through a round trip");
    }
}

/// A whole valid object decodes and serialises back to exactly the same JSON: every field
/// is read, and every enum value, known or not, keeps its spelling.
struct RoundTrips<'a>(&'a Value);

impl Property for RoundTrips<'_> {
    fn check<T: Model>(&self, kind: Kind) {
        let decoded: T = serde_json::from_value(self.0.clone())
            .unwrap_or_else(|error| panic!("{kind:?} did not decode: {error}"));
        let written = serde_json::to_value(&decoded).expect("a model always serialises");
        assert_eq!(&written, self.0, "{kind:?} did not round-trip");
    }
}

/// Dropping fields leaves the others as they were and gives the dropped ones the defaults.
struct OmissionsTakeDefaults<'a> {
    object: &'a Value,
    keep: &'a [bool],
}

impl Property for OmissionsTakeDefaults<'_> {
    fn check<T: Model>(&self, kind: Kind) {
        let fields = self.object.as_object().expect("models are objects");
        let kept: Vec<bool> = self.keep.iter().copied().cycle().take(fields.len()).collect();
        let partial: Map<String, Value> = fields
            .iter()
            .zip(&kept)
            .filter(|(_, keep)| **keep)
            .map(|((key, value), _)| (key.clone(), value.clone()))
            .collect();
        let decode = |value: Value| -> Value {
            let model: T = serde_json::from_value(value)
                .unwrap_or_else(|error| panic!("{kind:?} did not decode: {error}"));
            serde_json::to_value(model).expect("a model always serialises")
        };
        let full = decode(self.object.clone());
        let partial = decode(Value::Object(partial));
        let default = serde_json::to_value(T::default()).expect("a model always serialises");
        for (key, keep) in fields.keys().zip(kept) {
            let expected = if keep { &full[key] } else { &default[key] };
            assert_eq!(&partial[key], expected, "{kind:?}.{key} (kept: {keep})");
        }
    }
}

/// Fields this client does not know change nothing.
struct UnknownFieldsIgnored<'a> {
    object: &'a Value,
    extra: &'a Map<String, Value>,
}

impl Property for UnknownFieldsIgnored<'_> {
    fn check<T: Model>(&self, kind: Kind) {
        let mut widened = self.object.as_object().expect("models are objects").clone();
        for (key, value) in self.extra {
            widened.entry(format!("x_{key}")).or_insert_with(|| value.clone());
        }
        let plain: T = serde_json::from_value(self.object.clone()).expect("valid objects decode");
        let widened: T = serde_json::from_value(Value::Object(widened))
            .unwrap_or_else(|error| panic!("{kind:?} refused unknown fields: {error}"));
        assert_eq!(widened, plain, "{kind:?} changed with unknown fields");
    }
}

/// A body that does not decode gives an `Unexpected` error of bounded length that keeps at
/// most the documented start of the body.
struct UnreadableSuccessIsBounded<'a>(&'a [u8]);

impl Property for UnreadableSuccessIsBounded<'_> {
    fn check<T: Model>(&self, kind: Kind) {
        let response = response_info(200, &HeaderMap::new());
        let Err(error) = decode_success::<T>(response, self.0, "a model") else { return };
        assert!(matches!(error, ApiError::Unexpected { .. }), "{kind:?}: {error:?}");
        check_error_bounds(&error, self.0);
    }
}

fn on_every_kind(property: &impl Property) {
    for kind in KINDS {
        kind.run(property);
    }
}

/// A string in place of an open enum decodes to the variant its spelling names, `Other` for
/// an unknown one, and serialises back to the same string.
fn check_open_enum<T: Model + ToString>(raw: &str, known: &[&str], is_other: fn(&T) -> bool) {
    let decoded: T = serde_json::from_value(json!(raw)).expect("any string is a value");
    assert_eq!(decoded.to_string(), raw);
    assert_eq!(serde_json::to_value(&decoded).unwrap(), json!(raw));
    assert_eq!(is_other(&decoded), !known.contains(&raw), "{raw:?} read as {decoded:?}");
    let null: T = serde_json::from_value(Value::Null).expect("null is the default");
    assert_eq!(null, T::default());
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_a_decoder(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        on_every_kind(&DecodesStably(&bytes));
        on_every_kind(&UnreadableSuccessIsBounded(&bytes));
    }

    #[test]
    fn json_like_text_never_panics_a_decoder(text in json_ish()) {
        on_every_kind(&DecodesStably(text.as_bytes()));
        on_every_kind(&UnreadableSuccessIsBounded(text.as_bytes()));
    }

    #[test]
    fn damaged_documents_never_panic_a_decoder(
        objects in every_kind(),
        cut in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        for (kind, object) in KINDS.into_iter().zip(&objects) {
            let mut bytes = serde_json::to_vec(object).unwrap();
            let at = cut.index(bytes.len());
            let truncated = &bytes[..at];
            kind.run(&DecodesStably(truncated));
            bytes[at] = byte;
            kind.run(&DecodesStably(&bytes));
        }
    }

    #[test]
    fn valid_objects_round_trip_unchanged(objects in every_kind()) {
        for (kind, object) in KINDS.into_iter().zip(&objects) {
            kind.run(&RoundTrips(object));
        }
    }

    #[test]
    fn omitted_fields_take_their_defaults(
        objects in every_kind(),
        keep in prop::collection::vec(any::<bool>(), 1..16),
    ) {
        for (kind, object) in KINDS.into_iter().zip(&objects) {
            kind.run(&OmissionsTakeDefaults { object, keep: &keep });
        }
    }

    #[test]
    fn unknown_fields_change_nothing(
        objects in every_kind(),
        extra in prop::collection::btree_map("[a-z_]{1,12}", any_json(), 1..4),
    ) {
        let extra: Map<String, Value> = extra.into_iter().collect();
        for (kind, object) in KINDS.into_iter().zip(&objects) {
            kind.run(&UnknownFieldsIgnored { object, extra: &extra });
        }
    }

    #[test]
    fn fields_of_the_wrong_type_never_panic_a_decoder(
        objects in every_kind(),
        field in any::<prop::sample::Index>(),
        value in any_json(),
    ) {
        for (kind, object) in KINDS.into_iter().zip(&objects) {
            let mut fields = object.as_object().unwrap().clone();
            let key = fields.keys().nth(field.index(fields.len())).unwrap().clone();
            fields.insert(key, value.clone());
            let bytes = serde_json::to_vec(&fields).unwrap();
            kind.run(&DecodesStably(&bytes));
        }
    }

    #[test]
    fn open_enums_keep_any_value(
        hosting in open_enum(HOSTING_STATUSES),
        backup in open_enum(BACKUP_STATUSES),
        item in open_enum(ITEM_TYPES),
        progress in open_enum(PROGRESS_STATUSES),
        domain in open_enum(DOMAIN_STATUSES),
    ) {
        check_open_enum(&hosting, HOSTING_STATUSES, |s| matches!(s, HostingStatus::Other(_)));
        check_open_enum(&backup, BACKUP_STATUSES, |s| matches!(s, BackupStatus::Other(_)));
        check_open_enum(&item, ITEM_TYPES, |s| matches!(s, ItemType::Other(_)));
        check_open_enum(&progress, PROGRESS_STATUSES, |s| matches!(s, ProgressStatus::Other(_)));
        check_open_enum(&domain, DOMAIN_STATUSES, |s| matches!(s, DomainStatus::Other(_)));
    }
}

// ---- The reader of error bodies ----

/// Headers a careless server might echo the key in; the reader must not show them.
const SECRET_HEADERS: &[&str] = &["x-auth-token", "authorization", "set-cookie"];
/// The statuses whose error kind does not depend on the body.
const ADVISED_STATUSES: &[u16] = &[401, 403, 404, 429];
/// Bytes of an unfinished character the body start may drop: a character has at most four.
const MAX_UTF8_CUT_BYTES: usize = 3;

/// The longest message an error may show: each kept detail shows two texts, the rest of the
/// error a few more, and each byte of the body start a few characters once escaped.
fn display_bound_bytes() -> usize {
    let text = TEXT_MAX_BYTES + CUT_MARK.len();
    let details = MAX_DETAILS * (2 * text + DETAIL_WORDING_BYTES);
    let body = ESCAPED_BYTE_CHARS * BODY_START_BYTES;
    details + TEXTS_BESIDES_DETAILS * text + body + FIXED_WORDING_BYTES
}

fn answer_headers(
    request_id: Option<&str>,
    retry_after: Option<&str>,
    secret_header: &'static str,
) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let value = |text: &str| HeaderValue::from_str(text).expect("visible ASCII");
    if let Some(id) = request_id {
        headers.insert(REQUEST_ID_HEADER, value(id));
    }
    if let Some(secs) = retry_after {
        headers.insert(RETRY_AFTER, value(secs));
    }
    headers.insert(HeaderName::from_static(secret_header), value(SECRET));
    headers
}

/// What every error read from an answer must be: a message of bounded length that never
/// shows the key, texts cut to their caps, and a body start cut to its documented bytes.
fn check_error_bounds(error: &ApiError, body: &[u8]) {
    let shown = error.to_string();
    assert!(!shown.trim().is_empty(), "{error:?}");
    assert!(shown.len() <= display_bound_bytes(), "{} bytes: {shown:.300}", shown.len());
    assert!(!shown.contains(SECRET) && !format!("{error:?}").contains(SECRET));
    let info = error.response().expect("an error read from an answer keeps the answer");
    let most_chars = TEXT_MAX_BYTES + CUT_MARK.chars().count();
    assert!(info.message.chars().count() <= most_chars, "{:.300}", info.message);
    let id_bytes = info.request_id.as_ref().map_or(0, String::len);
    assert!(id_bytes <= TEXT_MAX_BYTES + CUT_MARK.len(), "request id of {id_bytes} bytes");
    if let ApiError::Unexpected { body_start: start, .. } = error {
        check_body_start(start, body);
    }
}

/// `start` is the body's first [`BODY_START_BYTES`] read as text, less the bytes of a
/// character the cut would split.
fn check_body_start(start: &str, body: &[u8]) {
    let end = body.len().min(BODY_START_BYTES);
    let fits = (end.saturating_sub(MAX_UTF8_CUT_BYTES)..=end)
        .any(|cut| String::from_utf8_lossy(&body[..cut]) == start);
    assert!(fits, "{start:?} is not the start of the body");
    assert!(start.chars().count() <= BODY_START_BYTES);
}

/// A body in which no error type or field can be read.
fn body_without_object() -> impl Strategy<Value = Vec<u8>> {
    let bytes = prop::collection::vec(any::<u8>(), 0..512);
    prop_oneof![bytes, json_ish().prop_map(String::into_bytes)]
        .prop_filter("not a JSON object", |body| {
            !matches!(serde_json::from_slice::<Value>(body), Ok(Value::Object(_)))
        })
}

proptest! {
    #[test]
    fn every_error_answer_reads_into_a_bounded_message(
        status in 100u16..1000,
        body in error_body(),
        request_id in request_id(),
        retry_after in prop::option::of("[ 0-9a-z.-]{0,12}"),
        secret_header in select(SECRET_HEADERS),
    ) {
        let headers = answer_headers(request_id.as_deref(), retry_after.as_deref(), secret_header);
        let error = error_from_answer(response_info(status, &headers), &body, CALLER);
        check_error_bounds(&error, &body);
        prop_assert_eq!(error.status(), Some(status));
        if let Some(id) = request_id.filter(|id| id.len() <= TEXT_MAX_BYTES) {
            prop_assert_eq!(error.request_id(), Some(id.as_str()));
        }
    }

    #[test]
    fn a_status_alone_picks_the_error_kind_when_the_body_says_nothing(
        status in prop_oneof![select(ADVISED_STATUSES), 100u16..1000],
        body in body_without_object(),
    ) {
        let error = error_from_answer(response_info(status, &HeaderMap::new()), &body, CALLER);
        check_error_bounds(&error, &body);
        let picked = match status {
            401 => matches!(error, ApiError::DeniedAuthentication { .. }),
            403 => matches!(error, ApiError::PermissionsDenied { .. }),
            404 => matches!(error, ApiError::NotFound { .. }),
            429 => matches!(error, ApiError::RateLimited { .. }),
            _ => matches!(&error, ApiError::Unexpected { problem, .. }
                if problem.contains("not a JSON object")),
        };
        prop_assert!(picked, "HTTP {} read as {:?}", status, error);
        prop_assert_eq!(&error.response().unwrap().message, &body_start(&body));
    }

    #[test]
    fn the_body_start_keeps_at_most_the_documented_bytes(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..1024),
            long_text(4 * BODY_START_BYTES).prop_map(String::into_bytes),
        ],
    ) {
        check_body_start(&body_start(&body), &body);
    }
}

#[test]
fn a_huge_error_body_still_gives_a_short_message() {
    let long = "é".repeat(TEXT_MAX_BYTES);
    let detail = json!({ "argument_name": long, "reason": long });
    let body = json!({
        "type": "invalid_arguments",
        "message": "m".repeat(1 << 20),
        "details": vec![detail; 10 * MAX_DETAILS],
    });
    let body = serde_json::to_vec(&body).unwrap();
    let headers = answer_headers(Some(&"r".repeat(HUGE_TEXT_CHARS)), None, SECRET_HEADERS[0]);
    let error = error_from_answer(response_info(400, &headers), &body, CALLER);
    check_error_bounds(&error, &body);
    let ApiError::InvalidArguments { details, response } = &error else { panic!("{error:?}") };
    assert_eq!(details.len(), MAX_DETAILS);
    assert!(details.iter().all(|detail| detail.argument_name.ends_with(CUT_MARK)));
    assert!(response.message.ends_with(CUT_MARK));
}
