//! INTERFACE STUB: replaced by the config work. Signatures here are the contract.

use crate::api::Endpoint;

/// Values given on the command line, which win over everything else.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub api_url: Option<String>,
}

/// Resolves the endpoint as the `scw` CLI does: file, profile, environment, then flags.
/// `env` reads one environment variable (tests pass their own).
#[allow(unused_variables)]
pub fn resolve(
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Resolved> {
    todo!()
}

/// What `resolve` found.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub endpoint: Endpoint,
    pub access_key: Option<String>,
    pub project_id: Option<String>,
    pub organization_id: Option<String>,
    /// Things worth telling the user, like a config file readable by others.
    pub warnings: Vec<String>,
}
