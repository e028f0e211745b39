//! The API secret key, in a type that never shows it.

use std::fmt;

/// A Scaleway secret key. `Debug` and `Display` print the masked form the official SDK logs
/// (the first 8 characters, then `-xxxx-xxxx-xxxx-xxxxxxxxxxxx`), so the key cannot leak
/// through a log line, an error message or a panic that formats a struct holding it.
/// The only way to the real value is [`SecretKey::expose`], used where the header is set.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

/// How many leading characters the masked form keeps, as the SDK does.
const SHOWN_CHARS: usize = 8;
/// Hex digits in each dash-separated group of a UUID.
const UUID_GROUP_LENGTHS: [usize; 5] = [8, 4, 4, 4, 12];

impl SecretKey {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The key itself, for the `X-Auth-Token` header and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key with all but its first 8 characters hidden. A key without the shape of a
    /// UUID shows none of its characters, since 8 of them may be most of a short key.
    pub fn masked(&self) -> String {
        if !self.looks_valid() {
            return format!("(hidden, {} characters)", self.0.chars().count());
        }
        let shown: String = self.0.chars().take(SHOWN_CHARS).collect();
        format!("{shown}-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
    }

    /// Whether the key has the shape of a UUID, as every Scaleway secret key does.
    pub fn looks_valid(&self) -> bool {
        let groups: Vec<&str> = self.0.split('-').collect();
        groups.len() == UUID_GROUP_LENGTHS.len()
            && groups.iter().zip(UUID_GROUP_LENGTHS).all(|(group, len)| {
                group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit())
            })
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey({})", self.masked())
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "11111111-2222-3333-4444-555555555555";

    #[test]
    fn debug_and_display_hide_all_but_the_prefix() {
        let key = SecretKey::new(KEY);
        for shown in [format!("{key}"), format!("{key:?}"), format!("{:?}", Some(&key))] {
            assert!(!shown.contains("2222-3333"), "{shown}");
            assert!(shown.contains("11111111-xxxx"), "{shown}");
        }
        assert_eq!(key.expose(), KEY);
    }

    #[test]
    fn a_key_of_another_shape_shows_none_of_its_characters() {
        let key = SecretKey::new("hunter2");
        assert_eq!(key.masked(), "(hidden, 7 characters)");
        assert!(!format!("{key:?}").contains("hunter"));
    }

    #[test]
    fn uuid_shape_is_checked() {
        assert!(SecretKey::new(KEY).looks_valid());
        assert!(!SecretKey::new("not-a-key").looks_valid());
    }
}
