//! Sends one API call over HTTP: the URL with its region, the headers, the time limits, the
//! retry loop, the mapping of failures to [`ApiError`] and a debug log line per attempt.

use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::client::{ClientOptions, Endpoint};
use super::error::{ApiError, ResponseInfo};
use super::error_body::{Caller, body_start, decode_success, error_from_answer, response_info};
use super::retry::{RetryPolicy, with_retries};
use super::url_guard::check_api_url;

/// The header that carries the secret key.
pub const AUTH_HEADER: &str = "x-auth-token";
/// Sent as `User-Agent` on every request.
pub const USER_AGENT: &str = concat!("whbackup/", env!("CARGO_PKG_VERSION"));
const JSON: &str = "application/json";
/// The path every Web Hosting call starts with, before the region.
const API_PREFIX: [&str; 3] = ["webhosting", "v1", "regions"];

/// One call to make.
#[derive(Debug)]
pub struct Call<'a> {
    pub method: Method,
    /// Path segments after the region; each is percent-encoded.
    pub segments: &'a [&'a str],
    /// Query pairs; a key may repeat.
    pub query: &'a [(&'a str, String)],
    /// The JSON body, for POST.
    pub body: Option<&'a serde_json::Value>,
    /// What the answer is, for errors: `a backup`, `a page of hostings`.
    pub what: &'a str,
}

/// The HTTP side of the client; built once, shared by every call.
#[derive(Debug)]
pub struct Transport {
    http: reqwest::Client,
    /// `{api_url}/webhosting/v1/regions/{region}`.
    base: Url,
    /// The `X-Auth-Token` value, marked sensitive so it never shows in `Debug`.
    auth: HeaderValue,
    profile: String,
    key_source: String,
    retry: RetryPolicy,
    connect_timeout: Duration,
    request_timeout: Duration,
    max_answer_bytes: u64,
}

impl Transport {
    /// Checks the URL and the key, and builds the HTTP client. Nothing is sent.
    pub fn new(endpoint: &Endpoint, options: &ClientOptions) -> Result<Self, ApiError> {
        let checked = check_api_url(&endpoint.api_url)?;
        if endpoint.region.trim().is_empty() {
            return Err(ApiError::Other(
                "no region is set; give one with --region or SCW_DEFAULT_REGION (fr-par, \
                 nl-ams or pl-waw)"
                    .to_owned(),
            ));
        }
        let mut base = checked.url;
        push_segments(&mut base, API_PREFIX.iter().copied().chain([endpoint.region.as_str()]))?;
        let mut auth = HeaderValue::from_str(endpoint.secret_key.expose()).map_err(|_| {
            ApiError::Other(format!(
                "the secret key of profile \"{}\" (taken from {}) holds characters no HTTP \
                 header can carry; check that it was copied whole",
                endpoint.profile, endpoint.key_source
            ))
        })?;
        auth.set_sensitive(true);
        let http = build_http(options, checked.is_loopback)?;
        Ok(Self {
            http,
            base,
            auth,
            profile: endpoint.profile.clone(),
            key_source: endpoint.key_source.clone(),
            retry: options.retry,
            connect_timeout: options.connect_timeout,
            request_timeout: options.request_timeout,
            max_answer_bytes: options.max_answer_bytes,
        })
    }

    /// Makes the call, resending it as the retry policy allows, and decodes the answer.
    pub async fn call<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<T, ApiError> {
        let url = self.url(call)?;
        let (response, body) =
            with_retries(&self.retry, &call.method, |attempt| self.attempt(call, &url, attempt))
                .await?;
        decode_success(response, &body, call.what)
    }

    fn url(&self, call: &Call<'_>) -> Result<Url, ApiError> {
        let mut url = self.base.clone();
        push_segments(&mut url, call.segments.iter().copied())?;
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(call.query);
        }
        Ok(url)
    }

    /// Sends the request once and logs how it went.
    async fn attempt(
        &self,
        call: &Call<'_>,
        url: &Url,
        attempt: u32,
    ) -> Result<(ResponseInfo, Vec<u8>), ApiError> {
        let started = Instant::now();
        let result = self.exchange(call, url).await;
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let path = url.path();
        let method = &call.method;
        match &result {
            Ok((response, _)) => tracing::debug!(
                %method, path, status = response.status, duration_ms,
                request_id = response.request_id.as_deref(), attempt, "api call"
            ),
            Err(error) => tracing::debug!(
                %method, path, status = error.status(), duration_ms,
                request_id = error.request_id(), attempt, %error, "api call failed"
            ),
        }
        result
    }

    async fn exchange(
        &self,
        call: &Call<'_>,
        url: &Url,
    ) -> Result<(ResponseInfo, Vec<u8>), ApiError> {
        let mut request =
            self.http.request(call.method.clone(), url.clone()).header(AUTH_HEADER, &self.auth);
        if let Some(body) = call.body {
            request = request.header(CONTENT_TYPE, JSON).body(body.to_string());
        }
        let response = request.send().await.map_err(|error| self.lost(call, url, &error))?;
        let info = response_info(response.status().as_u16(), response.headers());
        if response.status().is_redirection() {
            return Err(redirected(info, response.headers()));
        }
        let success = response.status().is_success();
        let body = self.read_body(response, &info, call, url).await?;
        if success {
            return Ok((info, body));
        }
        let caller = Caller { profile: &self.profile, key_source: &self.key_source };
        Err(error_from_answer(info, &body, caller))
    }

    /// Reads the body chunk by chunk and gives up as soon as it passes the cap, so an answer
    /// of any size never costs more memory than the cap. A `Content-Length` over the cap is
    /// refused before a byte is read.
    async fn read_body(
        &self,
        mut response: reqwest::Response,
        info: &ResponseInfo,
        call: &Call<'_>,
        url: &Url,
    ) -> Result<Vec<u8>, ApiError> {
        let max_bytes = usize::try_from(self.max_answer_bytes).unwrap_or(usize::MAX);
        let too_large = || ApiError::AnswerTooLarge {
            method: call.method.to_string(),
            path: url.path().to_owned(),
            max_answer_bytes: self.max_answer_bytes,
            response: Box::new(info.clone()),
        };
        if response.content_length().is_some_and(|length| length > self.max_answer_bytes) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.lost(call, url, &e))? {
            if !append_capped(&mut body, &chunk, max_bytes) {
                return Err(too_large());
            }
        }
        Ok(body)
    }

    /// The error for a request that got no answer.
    fn lost(&self, call: &Call<'_>, url: &Url, error: &reqwest::Error) -> ApiError {
        let method = call.method.to_string();
        let path = url.path().to_owned();
        let while_connecting = error.is_connect();
        if error.is_timeout() {
            let limit = if while_connecting { self.connect_timeout } else { self.request_timeout };
            let timeout_ms = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX);
            return ApiError::Timeout { method, path, timeout_ms, while_connecting };
        }
        let detail = deepest_cause(error);
        if while_connecting {
            let target = url.origin().ascii_serialization();
            return ApiError::Connect { target, detail };
        }
        ApiError::ConnectionLost { method, path, detail }
    }
}

/// The error for a redirect. None is followed: the key would go to wherever the answer
/// points, in clear text if it says `http://`, and a restore would be sent a second time.
fn redirected(info: ResponseInfo, headers: &HeaderMap) -> ApiError {
    let target = headers
        .get(LOCATION)
        .map_or_else(|| "no stated place".to_owned(), |location| body_start(location.as_bytes()));
    ApiError::Unexpected {
        problem: format!(
            "it redirects to {target}, and this client follows no redirect so that the secret \
             key goes only to the API URL it was given. Check the API URL"
        ),
        body_start: String::new(),
        response: Box::new(info),
    }
}

/// Appends `chunk` unless the body would pass `max_bytes`. Grows the buffer by doubling, as
/// `Vec` does, but never reserves past `max_bytes`.
fn append_capped(body: &mut Vec<u8>, chunk: &[u8], max_bytes: usize) -> bool {
    let needed = body.len() + chunk.len();
    if needed > max_bytes {
        return false;
    }
    if needed > body.capacity() {
        let grown = body.capacity().saturating_mul(2).max(needed).min(max_bytes);
        body.reserve_exact(grown - body.len());
    }
    body.extend_from_slice(chunk);
    true
}

/// Appends percent-encoded segments to the URL's path, dropping a trailing empty one. Only
/// URLs like `mailto:` cannot hold a path, and the guard refuses them before this runs.
fn push_segments<'a>(
    url: &mut Url,
    segments: impl IntoIterator<Item = &'a str>,
) -> Result<(), ApiError> {
    url.path_segments_mut()
        .map_err(|()| ApiError::Other("the API URL cannot hold a path".to_owned()))?
        .pop_if_empty()
        .extend(segments);
    Ok(())
}

fn build_http(options: &ClientOptions, is_loopback: bool) -> Result<reqwest::Client, ApiError> {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static(JSON));
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .default_headers(headers)
        .connect_timeout(options.connect_timeout)
        .timeout(options.request_timeout)
        .redirect(reqwest::redirect::Policy::none());
    if is_loopback {
        // Proxy variables must not carry loopback traffic (and the key) elsewhere.
        builder = builder.no_proxy();
    }
    builder.build().map_err(|error| {
        ApiError::Other(format!("could not set up HTTPS: {}", deepest_cause(&error)))
    })
}

/// The innermost cause of an error: "Connection refused (os error 111)" rather than
/// "error sending request".
fn deepest_cause(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::append_capped;

    #[test]
    fn the_buffer_never_reserves_past_the_cap() {
        let max_bytes = 1000;
        let mut body = Vec::new();
        let chunk = [7_u8; 300];
        for _ in 0..3 {
            assert!(append_capped(&mut body, &chunk, max_bytes));
            assert!(body.capacity() <= max_bytes, "capacity {}", body.capacity());
        }
        assert!(!append_capped(&mut body, &chunk, max_bytes), "1200 bytes pass the cap");
        assert_eq!(body.len(), 900, "a refused chunk is not kept");
        assert!(append_capped(&mut body, &chunk[..100], max_bytes), "exactly the cap fits");
        assert_eq!((body.len(), body.capacity()), (1000, 1000));
    }
}
