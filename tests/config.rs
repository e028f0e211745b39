//! The credentials resolver against real files in temporary directories and a made-up
//! environment: precedence, file locations, warnings and error messages.

use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use whbackup::config::{self, ConfigError, Overrides, Resolved};

const ROOT_KEY: &str = "11111111-1111-4111-8111-111111111111";
const PROD_KEY: &str = "22222222-2222-4222-8222-222222222222";
const ENV_KEY: &str = "33333333-3333-4333-8333-333333333333";

/// Owner-only, as `scw init` writes the file.
const PRIVATE: u32 = 0o600;
/// Readable by everyone, as a careless copy leaves it.
const SHARED: u32 = 0o644;

/// A root profile and two named ones; `prod` sets some keys and inherits the others.
const FILE: &str = "\
access_key: SCWROOTACCESS
secret_key: 11111111-1111-4111-8111-111111111111
default_region: nl-ams
default_project_id: root-project
default_organization_id: root-org
default_zone: nl-ams-1
api_url: http://127.0.0.1:7000/
profiles:
  prod:
    secret_key: 22222222-2222-4222-8222-222222222222
    default_region: pl-waw
  staging:
    default_project_id: staging-project
    send_telemetry: true
";

/// A home directory and an environment, both private to one test.
struct Fixture {
    home: TempDir,
    vars: HashMap<String, String>,
}

impl Fixture {
    /// An empty home directory, with `HOME` pointing at it.
    fn new() -> Self {
        let home = tempfile::tempdir().unwrap();
        let vars = HashMap::from([("HOME".to_owned(), home.path().display().to_string())]);
        Self { home, vars }
    }

    /// A fixture whose `~/.config/scw/config.yaml` holds `text`, owner-only.
    fn with_file(text: &str) -> Self {
        let fixture = Self::new();
        write(&fixture.default_path(), text, PRIVATE);
        fixture
    }

    fn default_path(&self) -> PathBuf {
        self.home.path().join(".config/scw/config.yaml")
    }

    fn set(mut self, name: &str, value: impl Into<String>) -> Self {
        self.vars.insert(name.to_owned(), value.into());
        self
    }

    fn resolve_with(&self, overrides: &Overrides) -> Result<Resolved, ConfigError> {
        config::resolve(overrides, &|name| self.vars.get(name).cloned())
    }

    fn resolve(&self) -> Result<Resolved, ConfigError> {
        self.resolve_with(&Overrides::default())
    }

    fn error(&self) -> String {
        self.resolve().unwrap_err().to_string()
    }
}

fn write(path: &Path, text: &str, mode: u32) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn profile(name: &str) -> Overrides {
    Overrides { profile: Some(name.into()), ..Overrides::default() }
}

fn from_file(profile: &str, path: &Path) -> String {
    format!("profile `{profile}` in {}", path.display())
}

#[test]
fn the_root_profile_gives_every_value() {
    let fixture = Fixture::with_file(FILE);
    let resolved = fixture.resolve().unwrap();

    let endpoint = &resolved.endpoint;
    assert_eq!(endpoint.secret_key.expose(), ROOT_KEY);
    assert_eq!(endpoint.region, "nl-ams");
    assert_eq!(endpoint.api_url, "http://127.0.0.1:7000");
    assert_eq!(endpoint.profile, "default");
    assert_eq!(endpoint.key_source, from_file("default", &fixture.default_path()));
    assert_eq!(resolved.access_key.as_deref(), Some("SCWROOTACCESS"));
    assert_eq!(resolved.project_id.as_deref(), Some("root-project"));
    assert_eq!(resolved.organization_id.as_deref(), Some("root-org"));
    assert!(resolved.warnings.is_empty(), "{:?}", resolved.warnings);
}

#[test]
fn a_named_profile_is_merged_over_the_root() {
    let fixture = Fixture::with_file(FILE);

    let prod = fixture.resolve_with(&profile("prod")).unwrap();
    assert_eq!(prod.endpoint.secret_key.expose(), PROD_KEY);
    assert_eq!(prod.endpoint.key_source, from_file("prod", &fixture.default_path()));
    assert_eq!(prod.endpoint.region, "pl-waw");
    assert_eq!(prod.endpoint.profile, "prod");
    assert_eq!(prod.project_id.as_deref(), Some("root-project"));

    let staging = fixture.resolve_with(&profile("staging")).unwrap();
    assert_eq!(staging.endpoint.secret_key.expose(), ROOT_KEY);
    assert_eq!(staging.endpoint.key_source, from_file("default", &fixture.default_path()));
    assert_eq!(staging.endpoint.region, "nl-ams");
    assert_eq!(staging.project_id.as_deref(), Some("staging-project"));
}

#[test]
fn active_profile_is_used_when_nothing_else_names_one() {
    let fixture = Fixture::with_file(&format!("active_profile: prod\n{FILE}"));
    let resolved = fixture.resolve().unwrap();
    assert_eq!(resolved.endpoint.profile, "prod");
    assert_eq!(resolved.endpoint.secret_key.expose(), PROD_KEY);
}

#[test]
fn scw_profile_beats_active_profile() {
    let fixture =
        Fixture::with_file(&format!("active_profile: prod\n{FILE}")).set("SCW_PROFILE", "staging");
    assert_eq!(fixture.resolve().unwrap().endpoint.profile, "staging");
}

#[test]
fn the_profile_flag_beats_scw_profile() {
    let fixture = Fixture::with_file(FILE).set("SCW_PROFILE", "staging");
    assert_eq!(fixture.resolve_with(&profile("prod")).unwrap().endpoint.profile, "prod");
}

#[test]
fn the_name_default_means_the_root() {
    let fixture = Fixture::with_file(&format!("active_profile: prod\n{FILE}"));
    let resolved = fixture.resolve_with(&profile("default")).unwrap();
    assert_eq!(resolved.endpoint.profile, "default");
    assert_eq!(resolved.endpoint.secret_key.expose(), ROOT_KEY);
}

#[test]
fn the_environment_overrides_the_file() {
    let fixture = Fixture::with_file(FILE)
        .set("SCW_SECRET_KEY", ENV_KEY)
        .set("SCW_ACCESS_KEY", "SCWENVACCESS")
        .set("SCW_API_URL", "http://127.0.0.1:8000")
        .set("SCW_DEFAULT_ORGANIZATION_ID", "env-org")
        .set("SCW_DEFAULT_PROJECT_ID", "env-project")
        .set("SCW_DEFAULT_REGION", "fr-par");
    let resolved = fixture.resolve_with(&profile("prod")).unwrap();

    let endpoint = &resolved.endpoint;
    assert_eq!(endpoint.secret_key.expose(), ENV_KEY);
    assert_eq!(endpoint.key_source, "SCW_SECRET_KEY");
    assert_eq!(endpoint.api_url, "http://127.0.0.1:8000");
    assert_eq!(endpoint.region, "fr-par");
    assert_eq!(endpoint.profile, "prod");
    assert_eq!(resolved.access_key.as_deref(), Some("SCWENVACCESS"));
    assert_eq!(resolved.organization_id.as_deref(), Some("env-org"));
    assert_eq!(resolved.project_id.as_deref(), Some("env-project"));
}

#[test]
fn flags_override_the_environment() {
    let fixture = Fixture::with_file(FILE)
        .set("SCW_API_URL", "http://127.0.0.1:8000")
        .set("SCW_DEFAULT_REGION", "fr-par");
    let overrides = Overrides {
        profile: None,
        region: Some("pl-waw".into()),
        api_url: Some("http://127.0.0.1:9000//".into()),
    };
    let endpoint = fixture.resolve_with(&overrides).unwrap().endpoint;
    assert_eq!(endpoint.region, "pl-waw");
    assert_eq!(endpoint.api_url, "http://127.0.0.1:9000");
}

#[test]
fn without_a_file_the_environment_is_enough_and_defaults_fill_in() {
    let fixture = Fixture::new().set("SCW_SECRET_KEY", ENV_KEY).set("SCW_DEFAULT_PROJECT_ID", " ");
    let resolved = fixture.resolve().unwrap();
    assert_eq!(resolved.endpoint.region, "fr-par");
    assert_eq!(resolved.endpoint.api_url, "https://api.scaleway.com");
    assert_eq!(resolved.endpoint.profile, "default");
    assert_eq!(resolved.project_id, None, "a blank variable counts as unset");
}

#[test]
fn scw_config_path_is_read_instead_of_the_default_file() {
    let fixture = Fixture::with_file(FILE);
    let elsewhere = fixture.home.path().join("elsewhere/scw.yaml");
    write(&elsewhere, &format!("secret_key: {ENV_KEY}\n"), PRIVATE);
    let fixture = fixture.set("SCW_CONFIG_PATH", elsewhere.display().to_string());

    let endpoint = fixture.resolve().unwrap().endpoint;
    assert_eq!(endpoint.secret_key.expose(), ENV_KEY);
    assert_eq!(endpoint.key_source, from_file("default", &elsewhere));
}

#[test]
fn scw_config_path_is_taken_as_given_without_the_yml_fallback() {
    let fixture = Fixture::new();
    let dir = fixture.home.path().join("custom");
    write(&dir.join("config.yml"), FILE, PRIVATE);
    let fixture = fixture.set("SCW_CONFIG_PATH", dir.join("config.yaml").display().to_string());

    let message = fixture.error();
    assert!(message.contains("custom/config.yaml (the file does not exist)"), "{message}");
}

#[test]
fn xdg_config_home_comes_before_home() {
    let fixture = Fixture::with_file(FILE);
    let xdg = fixture.home.path().join("xdg");
    let xdg_file = xdg.join("scw/config.yaml");
    write(&xdg_file, &format!("secret_key: {ENV_KEY}\n"), PRIVATE);
    let fixture = fixture.set("XDG_CONFIG_HOME", xdg.display().to_string());

    let endpoint = fixture.resolve().unwrap().endpoint;
    assert_eq!(endpoint.key_source, from_file("default", &xdg_file));
}

#[test]
fn home_is_the_last_resort() {
    let fixture = Fixture::with_file(FILE).set("XDG_CONFIG_HOME", "");
    let endpoint = fixture.resolve().unwrap().endpoint;
    assert_eq!(endpoint.key_source, from_file("default", &fixture.default_path()));
}

#[test]
fn a_yml_file_is_read_when_there_is_no_yaml_file() {
    let fixture = Fixture::new();
    let yml = fixture.home.path().join(".config/scw/config.yml");
    write(&yml, FILE, PRIVATE);
    assert_eq!(fixture.resolve().unwrap().endpoint.key_source, from_file("default", &yml));

    write(&fixture.default_path(), &format!("secret_key: {ENV_KEY}\n"), PRIVATE);
    let endpoint = fixture.resolve().unwrap().endpoint;
    assert_eq!(endpoint.secret_key.expose(), ENV_KEY, "config.yaml wins when both exist");
}

#[test]
fn a_file_others_can_read_gives_a_warning_with_the_fix() {
    let fixture = Fixture::with_file(FILE);
    fs::set_permissions(fixture.default_path(), fs::Permissions::from_mode(SHARED)).unwrap();

    let warnings = fixture.resolve().unwrap().warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let path = fixture.default_path().display().to_string();
    assert!(warnings[0].contains(&path), "{}", warnings[0]);
    assert!(warnings[0].contains(&format!("chmod 600 {path}")), "{}", warnings[0]);
    assert!(warnings[0].contains("644"), "{}", warnings[0]);
}

#[test]
fn no_key_anywhere_says_where_it_looked_and_what_to_do() {
    let fixture = Fixture::new();
    let message = fixture.error();
    let path = fixture.default_path().display().to_string();
    for expected in [
        path.as_str(),
        "does not exist",
        "SCW_SECRET_KEY",
        "scw init",
        "export SCW_SECRET_KEY",
        "whbackup --demo",
    ] {
        assert!(message.contains(expected), "{expected:?} missing from: {message}");
    }

    let fixture = Fixture::with_file("profiles:\n  dev:\n    default_region: fr-par\n");
    let message = fixture.resolve_with(&profile("dev")).unwrap_err().to_string();
    let path = fixture.default_path().display().to_string();
    assert!(message.contains(&format!("profile `dev` of {path}")), "{message}");
    assert!(message.contains("not set there"), "{message}");
}

#[test]
fn no_home_at_all_is_said_plainly() {
    let fixture = Fixture { vars: HashMap::new(), ..Fixture::new() };
    let error = fixture.resolve().unwrap_err();
    assert!(matches!(error, ConfigError::NoSecretKey(_)), "{error:?}");
    assert!(error.to_string().contains("HOME"), "{error}");
}

#[test]
fn a_missing_profile_lists_the_profiles_the_file_has() {
    let fixture = Fixture::with_file(FILE);
    let message = fixture.resolve_with(&profile("qa")).unwrap_err().to_string();
    assert!(message.contains("profile `qa` (from --profile)"), "{message}");
    assert!(message.contains("default, prod, staging"), "{message}");

    let fixture = Fixture::new().set("SCW_PROFILE", "qa").set("SCW_SECRET_KEY", ENV_KEY);
    let message = fixture.error();
    assert!(message.contains("from SCW_PROFILE"), "{message}");
    assert!(message.contains("no scw config file"), "{message}");
}

#[test]
fn an_unknown_region_lists_the_regions_and_its_source() {
    let fixture = Fixture::with_file(FILE).set("SCW_DEFAULT_REGION", "us-east");
    let message = fixture.error();
    assert!(message.contains("`us-east` (from SCW_DEFAULT_REGION)"), "{message}");
    assert!(message.contains("fr-par, nl-ams, pl-waw"), "{message}");
}

#[test]
fn a_key_of_the_wrong_shape_is_refused_without_showing_it() {
    let key = "abcdefgh-not-a-real-key-but-a-secret";
    let fixture = Fixture::with_file(FILE).set("SCW_SECRET_KEY", key);
    let error = fixture.resolve().unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, ConfigError::BadSecretKey { .. }), "{error:?}");
    assert!(message.contains("(hidden, 36 characters)"), "{message}");
    assert!(message.contains("from SCW_SECRET_KEY"), "{message}");
    assert!(!message.contains("abcdefgh") && !message.contains("but-a-secret"), "{message}");
    assert!(!format!("{error:?}").contains("but-a-secret"));
}

#[test]
fn a_file_that_is_not_yaml_names_the_file() {
    let fixture = Fixture::with_file(&format!("secret_key: \"{ROOT_KEY}\n"));
    let message = fixture.error();
    assert!(message.contains(&fixture.default_path().display().to_string()), "{message}");
    assert!(message.contains("is not valid"), "{message}");
    assert!(!message.contains("1111-4111"), "{message}");
}

#[test]
fn a_config_path_that_cannot_be_read_is_an_error() {
    let fixture = Fixture::new();
    let dir = fixture.home.path().display().to_string();
    let message = fixture.set("SCW_CONFIG_PATH", dir.clone()).error();
    assert!(message.contains(&format!("cannot read the scw config file {dir}")), "{message}");
}
