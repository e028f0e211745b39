//! The demo's hostings: the hand-picked ones first, then generated ones, each computed from
//! the seed and its index alone, and their two wire shapes (ListHostings and GetHosting).

use jiff::{SignedDuration, Timestamp};
use rand::Rng as _;
use rand::rngs::StdRng;
use serde::Serialize;

use super::handpicked::{HAND_PICKED, HandPicked};
use super::ids::{IdCodec, IdKind, rng_for};
use super::items::{ItemKind, ItemLayout, ItemNamer};
use super::tables::{DOMAIN_NAMES, DOMAIN_TLDS, DOMAIN_TRADES};
use crate::api::{
    ControlPanel, CustomDomain, DomainInfo, DomainStatus, HostingStatus, Offer, Platform,
};

/// The only region where Web Hosting is sold, so the only one with hostings.
pub const HOSTING_REGION: &str = "fr-par";
/// Backups a hosting keeps under the real retention: 3 daily and 8 weekly.
pub const NATURAL_BACKUPS: u32 = 11;

const SUBDOMAIN_SUFFIX: &str = "webhosting.scw.cloud";
const OFFERS: &[&str] = &["Essential", "Professional", "Performance", "Business"];
const PANELS: &[&str] = &["cpanel", "plesk"];
/// Hosting statuses of generated hostings, with their weights out of 100.
const STATUS_WEIGHTS: &[(&str, u32)] = &[
    ("ready", 85),
    ("updating", 3),
    ("locked", 3),
    ("delivering", 3),
    ("migrating", 2),
    ("payment_pending", 2),
    ("error", 1),
    ("payment_failed", 1),
];
const GENERATED_SINCE: &str = "2020-01-06T08:00:00Z";
/// Generated creation dates approach this span after the first one without reaching it.
const GENERATED_SPAN_MICROS: u128 = 5 * 365 * 24 * 3600 * 1_000_000;
/// The index at which generated creation dates have used half of the span.
const GENERATED_HALF_SPAN_INDEX: u128 = 400;
const MAX_DAYS_SINCE_UPDATE: i64 = 300;
const PLATFORMS: u32 = 64;
const PROJECTS: u64 = 2;
/// Salt of the random stream that shapes a generated hosting.
const HOSTING_STREAM: u64 = 0x4854;

/// Everything the demo knows about one hosting.
#[derive(Debug, Clone)]
pub struct HostingSpec {
    pub index: u32,
    pub id: String,
    pub project_id: String,
    /// The custom domain; empty when the hosting has only its subdomain.
    pub domain: String,
    pub subdomain: String,
    pub account: String,
    pub status: HostingStatus,
    pub offer: &'static str,
    pub panel: &'static str,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub protected: bool,
    pub tags: Vec<String>,
    pub ipv4: String,
    pub platform_hostname: String,
    pub has_backups: bool,
    pub natural_layout: ItemLayout,
    pub hand_picked: Option<&'static HandPicked>,
}

impl HostingSpec {
    /// Hosting number `index` of the data of `seed`.
    pub fn generate(seed: u64, index: u32) -> Self {
        let mut rng = rng_for(&[seed, HOSTING_STREAM, u64::from(index)]);
        let codec = IdCodec::new(seed);
        let common = Common {
            index,
            id: codec.encode(IdKind::Hosting, u64::from(index)),
            project_id: codec.encode(IdKind::Project, rng.random_range(0..PROJECTS)),
            ipv4: format!("51.159.{}.{}", rng.random_range(1..255), rng.random_range(1..255)),
            platform: format!("wh-par1-{:03}.{SUBDOMAIN_SUFFIX}", rng.random_range(1..=PLATFORMS)),
        };
        match usize::try_from(index).ok().and_then(|index| HAND_PICKED.get(index)) {
            Some(hand) => Self::from_hand_picked(common, hand),
            None => Self::generated(common, &mut rng),
        }
    }

    /// The name a person knows the hosting by.
    pub fn display_domain(&self) -> &str {
        if self.domain.is_empty() { &self.subdomain } else { &self.domain }
    }

    pub fn namer(&self) -> ItemNamer<'_> {
        ItemNamer {
            domain: self.display_domain(),
            account: &self.account,
            hand_picked: self.hand_picked,
        }
    }

    fn from_hand_picked(common: Common, hand: &'static HandPicked) -> Self {
        let count = |kind: ItemKind| u32::try_from(hand.names(kind).len()).unwrap_or_default();
        Self {
            subdomain: format!("{}.{SUBDOMAIN_SUFFIX}", hand.account),
            domain: hand.domain.clone(),
            account: hand.account.clone(),
            status: HostingStatus::from_wire(&hand.status),
            offer: &hand.offer,
            panel: &hand.panel,
            created_at: hand.created_at,
            updated_at: hand.updated_at,
            protected: hand.protected,
            tags: hand.tags.clone(),
            has_backups: hand.has_backups,
            natural_layout: ItemLayout::with_counts(count),
            hand_picked: Some(hand),
            ..Self::from_common(common)
        }
    }

    fn generated(common: Common, rng: &mut StdRng) -> Self {
        let ordinal = common.index - u32::try_from(HAND_PICKED.len()).unwrap_or_default();
        let domain = generated_domain(ordinal);
        let account: String = domain.chars().filter(char::is_ascii_alphanumeric).take(12).collect();
        let created_at = generated_created_at(ordinal);
        let updated_at = created_at
            + SignedDuration::from_hours(24 * rng.random_range(1..=MAX_DAYS_SINCE_UPDATE));
        let databases = rng.random_range(1..=3);
        let counts = [
            (ItemKind::Web, rng.random_range(1..=2)),
            (ItemKind::Db, databases),
            (ItemKind::DbUser, databases),
            (ItemKind::Mail, rng.random_range(1..=12)),
            (ItemKind::FtpUser, rng.random_range(1..=3)),
            (ItemKind::DnsZone, rng.random_range(1..=2)),
            (ItemKind::CronJob, rng.random_range(0..=3)),
            (ItemKind::SslCertificate, rng.random_range(1..=2)),
        ];
        let count = |kind| counts.iter().find(|(k, _)| *k == kind).map_or(0, |(_, n)| *n);
        Self {
            subdomain: format!("{account}.{SUBDOMAIN_SUFFIX}"),
            status: HostingStatus::from_wire(weighted_status(rng)),
            offer: OFFERS[rng.random_range(0..OFFERS.len())],
            panel: PANELS[rng.random_range(0..PANELS.len())],
            protected: rng.random_bool(0.2),
            domain,
            account,
            created_at,
            updated_at,
            natural_layout: ItemLayout::with_counts(count),
            ..Self::from_common(common)
        }
    }

    fn from_common(common: Common) -> Self {
        Self {
            index: common.index,
            id: common.id,
            project_id: common.project_id,
            domain: String::new(),
            subdomain: String::new(),
            account: String::new(),
            status: HostingStatus::Ready,
            offer: OFFERS[0],
            panel: PANELS[0],
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
            protected: false,
            tags: Vec::new(),
            ipv4: common.ipv4,
            platform_hostname: common.platform,
            has_backups: true,
            natural_layout: ItemLayout::scaled(1),
            hand_picked: None,
        }
    }

    fn domain_info(&self) -> DomainInfo {
        let custom_domain = (!self.domain.is_empty()).then(|| CustomDomain {
            domain: self.domain.clone(),
            domain_status: DomainStatus::Valid,
            dns_status: DomainStatus::Valid,
        });
        DomainInfo { subdomain: self.subdomain.clone(), custom_domain }
    }

    /// The hosting as ListHostings shows it.
    pub fn summary(&self) -> HostingSummaryWire {
        HostingSummaryWire {
            id: self.id.clone(),
            project_id: self.project_id.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            status: self.status.clone(),
            domain: self.domain.clone(),
            protected: self.protected,
            offer_name: self.offer,
            region: HOSTING_REGION,
            domain_info: self.domain_info(),
        }
    }

    /// The hosting as GetHosting shows it.
    pub fn full(&self, seed: u64) -> HostingWire {
        let offer_index = OFFERS.iter().position(|&offer| offer == self.offer).unwrap_or_default();
        HostingWire {
            id: self.id.clone(),
            project_id: self.project_id.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            status: self.status.clone(),
            domain: self.domain.clone(),
            tags: self.tags.clone(),
            ipv4: self.ipv4.clone(),
            protected: self.protected,
            region: HOSTING_REGION,
            domain_info: self.domain_info(),
            offer: Offer {
                id: IdCodec::new(seed).encode(IdKind::Offer, offer_index as u64),
                name: self.offer.to_owned(),
                control_panel_name: self.panel.to_owned(),
            },
            platform: Platform {
                hostname: self.platform_hostname.clone(),
                control_panel: Some(ControlPanel { name: self.panel.to_owned() }),
            },
        }
    }
}

/// The fields every hosting draws first, hand-picked or not, so both kinds use the same ids.
struct Common {
    index: u32,
    id: String,
    project_id: String,
    ipv4: String,
    platform: String,
}

/// A unique domain for generated hosting number `ordinal`: an affine bijection over all
/// trade, name and TLD combinations, then numbered once those run out.
fn generated_domain(ordinal: u32) -> String {
    /// Coprime with the number of combinations, so the mapping is a bijection.
    const STRIDE: usize = 1_009;
    let combinations = DOMAIN_TRADES.len() * DOMAIN_NAMES.len() * DOMAIN_TLDS.len();
    let ordinal = ordinal as usize;
    let mut pick = (ordinal % combinations) * STRIDE % combinations;
    let trade = DOMAIN_TRADES[pick % DOMAIN_TRADES.len()];
    pick /= DOMAIN_TRADES.len();
    let name = DOMAIN_NAMES[pick % DOMAIN_NAMES.len()];
    let tld = DOMAIN_TLDS[pick / DOMAIN_NAMES.len()];
    match ordinal / combinations {
        0 => format!("{trade}-{name}.{tld}"),
        round => format!("{trade}-{name}-{}.{tld}", round + 1),
    }
}

/// Creation dates rise with the index and stay before the end of the span, whatever the
/// number of hostings, so the order by date is the order by index.
fn generated_created_at(ordinal: u32) -> Timestamp {
    let since: Timestamp = GENERATED_SINCE.parse().expect("a valid constant date");
    let ordinal = u128::from(ordinal);
    let offset_micros = GENERATED_SPAN_MICROS * ordinal / (ordinal + GENERATED_HALF_SPAN_INDEX);
    let offset = SignedDuration::from_micros(i64::try_from(offset_micros).unwrap_or(i64::MAX));
    since + offset
}

fn weighted_status(rng: &mut StdRng) -> &'static str {
    let total: u32 = STATUS_WEIGHTS.iter().map(|(_, weight)| weight).sum();
    let mut roll = rng.random_range(0..total);
    for (status, weight) in STATUS_WEIGHTS {
        if roll < *weight {
            return status;
        }
        roll -= weight;
    }
    STATUS_WEIGHTS[0].0
}

/// A hosting as ListHostings returns it.
#[derive(Debug, Serialize)]
pub struct HostingSummaryWire {
    pub id: String,
    pub project_id: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub status: HostingStatus,
    /// Deprecated by the API; absent when the hosting has no custom domain.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub domain: String,
    pub protected: bool,
    pub offer_name: &'static str,
    pub region: &'static str,
    pub domain_info: DomainInfo,
}

/// A hosting as GetHosting returns it.
#[derive(Debug, Serialize)]
pub struct HostingWire {
    pub id: String,
    pub project_id: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub status: HostingStatus,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub domain: String,
    pub tags: Vec<String>,
    pub ipv4: String,
    pub protected: bool,
    pub region: &'static str,
    pub domain_info: DomainInfo,
    pub offer: Offer,
    pub platform: Platform,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_picked_hostings_lead() {
        let shop = HostingSpec::generate(1, 0);
        assert_eq!(shop.domain, "example-shop.fr");
        assert_eq!(shop.natural_layout.count(ItemKind::Mail), 16);
        assert!(!HostingSpec::generate(1, 2).has_backups);
        assert_eq!(
            HostingSpec::generate(1, 4).display_domain(),
            "carnetvoyage.webhosting.scw.cloud"
        );
    }

    #[test]
    fn generated_domains_are_unique_and_dates_rise() {
        let domains: std::collections::HashSet<String> = (0..5_000).map(generated_domain).collect();
        assert_eq!(domains.len(), 5_000);
        let dates: Vec<Timestamp> = (0..2_000).map(generated_created_at).collect();
        assert!(dates.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn same_seed_same_hosting() {
        let first = serde_json::to_string(&HostingSpec::generate(9, 40).full(9)).unwrap();
        let second = serde_json::to_string(&HostingSpec::generate(9, 40).full(9)).unwrap();
        assert_eq!(first, second);
    }
}
