//! The restores each hosting had already run before the server started: fixed ones for the
//! hand-picked hostings, a few seeded ones for the others. All have ended.

use rand::Rng as _;

use super::dataset::Dataset;
use super::handpicked::PastRestore;
use super::hostings::HostingSpec;
use super::ids::rng_for;
use super::items::{ItemKind, ItemLayout};
use super::restore::{ItemKey, RestoreRun, RestoreTarget, seeded_outcome};
use crate::api::ProgressStatus;

/// Past restores use sequence numbers below this; restores submitted later use the ones
/// from it on, so both share one id space per hosting.
pub const PAST_SEQ_LIMIT: u64 = 16;
/// A past item restore brings back at most this many items of each kind it names.
const ITEMS_PER_KIND: u32 = 2;
const MAX_PAST_RESTORES: u32 = 3;
/// Past restores of generated hostings come from their newest backups.
const RECENT_BACKUPS: u32 = 3;
/// Out of 100 past restores of generated hostings, how many restored a whole backup.
const FULL_RESTORE_PERCENT: u32 = 30;
const HISTORY_STREAM: u64 = 0x4849;

/// The past restores of `hosting`, oldest first.
pub fn past_restores(dataset: &Dataset, hosting: &HostingSpec) -> Vec<RestoreRun> {
    let backups = dataset.backup_count(hosting);
    if backups == 0 {
        return Vec::new();
    }
    let layout = dataset.layout(hosting);
    let plans = match hosting.hand_picked {
        Some(hand) => hand.past_restores.iter().map(Plan::from_hand_picked).collect(),
        None => seeded_plans(dataset.seed, hosting, backups, &layout),
    };
    plans
        .into_iter()
        .filter(|plan| plan.backup < backups)
        .zip(0..PAST_SEQ_LIMIT)
        .map(|(plan, seq)| {
            let target = plan.target(&layout);
            RestoreRun::finished(dataset.seed, seq, target, plan.outcome)
        })
        .collect()
}

/// What one past restore brought back and how it ended.
struct Plan {
    backup: u32,
    kinds: Option<Vec<ItemKind>>,
    outcome: ProgressStatus,
}

impl Plan {
    fn from_hand_picked(plan: &PastRestore) -> Self {
        Self {
            backup: plan.backup,
            kinds: plan.kinds.clone(),
            outcome: ProgressStatus::from_wire(&plan.outcome),
        }
    }

    fn target(&self, layout: &ItemLayout) -> RestoreTarget {
        let full_item = 0;
        let Some(kinds) = &self.kinds else {
            return RestoreTarget::Full { backup: self.backup, full_item };
        };
        let keys = layout
            .groups()
            .filter(|(kind, _)| kinds.contains(kind))
            .flat_map(|(_, range)| range.take(ITEMS_PER_KIND as usize))
            .map(|item| ItemKey { backup: self.backup, item })
            .collect();
        RestoreTarget::Items(keys)
    }
}

fn seeded_plans(seed: u64, hosting: &HostingSpec, backups: u32, layout: &ItemLayout) -> Vec<Plan> {
    let mut rng = rng_for(&[seed, HISTORY_STREAM, u64::from(hosting.index)]);
    let restorable: Vec<ItemKind> =
        layout.groups().map(|(kind, _)| kind).filter(|kind| *kind != ItemKind::Full).collect();
    (0..rng.random_range(1..=MAX_PAST_RESTORES))
        .map(|_| {
            let backup = rng.random_range(0..backups.min(RECENT_BACKUPS));
            let whole = restorable.is_empty() || rng.random_range(0..100) < FULL_RESTORE_PERCENT;
            let kinds = (!whole).then(|| vec![restorable[rng.random_range(0..restorable.len())]]);
            Plan { backup, kinds, outcome: seeded_outcome(rng.random()) }
        })
        .collect()
}
