//! Checks the API URL before anything is sent: the secret key travels only to `https://`
//! URLs, or to `http://` URLs on this machine (the demo server and tests).

use std::net::IpAddr;

use reqwest::Url;

use super::error::ApiError;

/// The one host name accepted as loopback; other names could resolve anywhere.
const LOOPBACK_NAME: &str = "localhost";

/// An API URL that passed the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedUrl {
    /// The base URL with any trailing `/` removed.
    pub url: Url,
    /// Whether the host is this machine, so that no proxy may stand in between.
    pub is_loopback: bool,
}

/// Parses `api_url`, drops trailing slashes, and refuses URLs that would carry the key in
/// clear text off this machine.
pub fn check_api_url(api_url: &str) -> Result<CheckedUrl, ApiError> {
    let trimmed = api_url.trim().trim_end_matches('/');
    let url = Url::parse(trimmed).map_err(|error| {
        ApiError::Other(format!(
            "the API URL {trimmed:?} is not a valid URL ({error}); give a base URL such as \
             https://api.scaleway.com"
        ))
    })?;
    let is_loopback = url.host_str().is_some_and(is_loopback_host);
    match url.scheme() {
        "https" => Ok(CheckedUrl { url, is_loopback }),
        "http" if is_loopback => Ok(CheckedUrl { url, is_loopback }),
        "http" => Err(ApiError::InsecureUrl {
            url: trimmed.to_owned(),
            reason: "http:// would send it unencrypted to another machine".to_owned(),
        }),
        other => Err(ApiError::InsecureUrl {
            url: trimmed.to_owned(),
            reason: format!("the scheme {other}:// is not HTTP"),
        }),
    }
}

/// Whether a URL host (IPv6 in brackets, as URLs write it) is this machine: 127.0.0.0/8,
/// `::1` (also IPv4-mapped) or `localhost`.
fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.to_canonical().is_loopback(),
        Err(_) => bare.eq_ignore_ascii_case(LOOPBACK_NAME),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_on_loopback_pass() {
        for url in [
            "https://api.scaleway.com",
            "http://127.0.0.1:8080",
            "http://127.3.4.5",
            "http://[::1]:9000",
            "http://LOCALHOST:1234",
            "http://[::ffff:127.0.0.1]:80",
        ] {
            assert!(check_api_url(url).is_ok(), "{url}");
        }
        assert!(check_api_url("http://127.0.0.1:1").unwrap().is_loopback);
        assert!(!check_api_url("https://api.scaleway.com").unwrap().is_loopback);
    }

    #[test]
    fn http_off_this_machine_is_refused_with_advice() {
        for url in ["http://api.scaleway.com", "http://10.0.0.1", "http://localhost.evil.example"] {
            let error = check_api_url(url).unwrap_err();
            assert!(matches!(error, ApiError::InsecureUrl { .. }), "{url}: {error:?}");
            let message = error.to_string();
            assert!(message.contains("unencrypted") && message.contains("https://"), "{message}");
        }
        assert!(matches!(check_api_url("ftp://127.0.0.1"), Err(ApiError::InsecureUrl { .. })));
    }

    #[test]
    fn trailing_slashes_are_dropped_and_garbage_is_refused() {
        let checked = check_api_url("https://api.example.com/prefix//").unwrap();
        assert_eq!(checked.url.as_str(), "https://api.example.com/prefix");
        let error = check_api_url("not a url").unwrap_err();
        assert!(error.to_string().contains("not a valid URL"), "{error}");
    }
}
