//! Huge answers: a JSON object grown to a chosen size with an extra text field, streamed in
//! chunks so that the padding is never held in memory whole.
//!
//! The answer stays valid JSON and keeps every field it had; a client that ignores unknown
//! fields decodes it as it decodes the small one, after reading every byte.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use futures::stream;

/// The field that carries the padding, opened right after the answer's own fields.
const FIELD_OPENING: &[u8] = b"\"padding\":\"";
const FIELD_CLOSING: &[u8] = b"\"}";
/// The padding text, repeated; plain ASCII with nothing JSON would escape.
const FILLER: &[u8] = b"This answer is padded to test how clients cope with huge bodies. ";
/// Size of each chunk of padding sent.
const CHUNK_BYTES: usize = 64 * 1024;

/// The JSON object `object` answered with status 200 and padded to `total_bytes`, or as it
/// is when it is already that big. `object` must be a serialised JSON object.
pub fn padded_json(object: Vec<u8>, total_bytes: u64) -> Response {
    let Some(head) = object.strip_suffix(b"}") else {
        return json_answer(object);
    };
    let separator: &[u8] = if head == b"{" { b"" } else { b"," };
    let fixed_bytes = head.len() + separator.len() + FIELD_OPENING.len() + FIELD_CLOSING.len();
    let Some(filler_bytes) = total_bytes.checked_sub(fixed_bytes as u64).filter(|n| *n > 0) else {
        return json_answer(object);
    };

    let opening = Bytes::from([head, separator, FIELD_OPENING].concat());
    let body = stream::iter(
        std::iter::once(opening)
            .chain(filler_chunks(filler_bytes))
            .chain(std::iter::once(Bytes::from_static(FIELD_CLOSING)))
            .map(Ok::<_, Infallible>),
    );
    let mut response = json_answer_body(Body::from_stream(body));
    response.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(total_bytes));
    response
}

/// `filler_bytes` of padding text, as clones of one shared chunk and a shorter last one.
fn filler_chunks(filler_bytes: u64) -> impl Iterator<Item = Bytes> {
    let chunk: Bytes = FILLER.iter().copied().cycle().take(CHUNK_BYTES).collect::<Vec<u8>>().into();
    let chunk_bytes = CHUNK_BYTES as u64;
    let whole = usize::try_from(filler_bytes / chunk_bytes).unwrap_or(usize::MAX);
    let rest = usize::try_from(filler_bytes % chunk_bytes).unwrap_or_default();
    let last = (rest > 0).then(|| chunk.slice(..rest));
    std::iter::repeat_n(chunk, whole).chain(last)
}

fn json_answer(object: Vec<u8>) -> Response {
    json_answer_body(Body::from(object))
}

fn json_answer_body(body: Body) -> Response {
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_of(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()
    }

    #[tokio::test]
    async fn padding_reaches_the_size_and_keeps_the_fields() {
        let total_bytes = 3 * CHUNK_BYTES as u64 + 17;
        let response = padded_json(br#"{"total_count":2,"groups":[]}"#.to_vec(), total_bytes);
        let length = response.headers()[CONTENT_LENGTH].to_str().unwrap().to_owned();
        assert_eq!(length, total_bytes.to_string());
        let body = body_of(response).await;
        assert_eq!(body.len() as u64, total_bytes);
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["total_count"], 2);
        assert!(value["padding"].as_str().unwrap().starts_with("This answer"));
    }

    #[tokio::test]
    async fn small_targets_and_empty_objects() {
        let small = padded_json(br#"{"a":1}"#.to_vec(), 3);
        assert_eq!(body_of(small).await, br#"{"a":1}"#);
        let empty = body_of(padded_json(b"{}".to_vec(), 100)).await;
        let value: serde_json::Value = serde_json::from_slice(&empty).unwrap();
        assert_eq!(empty.len(), 100);
        assert_eq!(value.as_object().unwrap().len(), 1);
    }
}
