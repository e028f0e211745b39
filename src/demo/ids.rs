//! Deterministic, UUID-shaped ids that carry the indices of what they name.
//!
//! The demo generates its data lazily, so an id must lead back to its hosting, backup and
//! item without a lookup table. The indices are packed into 62 bits, scrambled with a keyed
//! Feistel network (a bijection, so it decodes), and placed in the UUID's low half; the high
//! half is a keyed hash of the low half. Decoding checks that hash, so an id of another kind
//! or another seed is simply unknown.

use rand::SeedableRng as _;
use rand::rngs::StdRng;

/// What an id names; part of every key, so two kinds never share an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Hosting = 1,
    Backup = 2,
    Item = 3,
    Progress = 4,
    Project = 5,
    Offer = 6,
    Request = 7,
}

/// Bits of the payload: what fits in a version 4 UUID's low half besides the variant bits.
const PAYLOAD_BITS: u32 = 62;
const PAYLOAD_MASK: u64 = (1 << PAYLOAD_BITS) - 1;
const HALF_BITS: u32 = PAYLOAD_BITS / 2;
const HALF_MASK: u64 = (1 << HALF_BITS) - 1;
const FEISTEL_ROUNDS: u64 = 4;
/// The RFC 4122 variant (`10`) in the two top bits of the low half.
const VARIANT_BITS: u64 = 0b10 << PAYLOAD_BITS;
/// The version nibble (4, random) in the high half.
const VERSION_MASK: u64 = 0xF000;
const VERSION_BITS: u64 = 0x4000;

/// Bits given to each index inside a payload.
const HOSTING_BITS: u32 = 22;
pub const BACKUP_BITS: u32 = 16;
pub const ITEM_BITS: u32 = 24;
pub const PROGRESS_SEQ_BITS: u32 = PAYLOAD_BITS - HOSTING_BITS;

/// The most hostings, backups per hosting and items per backup an id can name.
pub const MAX_HOSTINGS: usize = 1 << HOSTING_BITS;
pub const MAX_BACKUPS: usize = 1 << BACKUP_BITS;
pub const MAX_ITEMS: usize = 1 << ITEM_BITS;

/// The finaliser of splitmix64: spreads every input bit over the whole output.
fn mix64(mut value: u64) -> u64 {
    value = (value ^ (value >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    value ^ (value >> 31)
}

/// A hash of several numbers, stable across runs and builds.
pub fn hash(parts: &[u64]) -> u64 {
    parts.iter().fold(0x9E37_79B9_7F4A_7C15, |acc, &part| mix64(acc ^ mix64(part)))
}

/// A random generator for one generated thing, named by the numbers in `parts`.
pub fn rng_for(parts: &[u64]) -> StdRng {
    StdRng::seed_from_u64(hash(parts))
}

/// Makes and reads the ids of one seed.
#[derive(Debug, Clone, Copy)]
pub struct IdCodec {
    seed: u64,
}

impl IdCodec {
    pub fn new(seed: u64) -> Self {
        Self { seed }
    }

    /// The id of `kind` carrying `payload` (at most 62 bits).
    pub fn encode(self, kind: IdKind, payload: u64) -> String {
        debug_assert!(payload <= PAYLOAD_MASK, "payload {payload} does not fit an id");
        let low = self.scramble(kind, payload & PAYLOAD_MASK) | VARIANT_BITS;
        let high = self.high_half(kind, low);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            high >> 32,
            (high >> 16) & 0xFFFF,
            high & 0xFFFF,
            low >> 48,
            low & 0xFFFF_FFFF_FFFF
        )
    }

    /// The payload of an id of `kind` made by this seed, or `None` for any other string.
    pub fn decode(self, kind: IdKind, id: &str) -> Option<u64> {
        let (high, low) = parse_uuid(id)?;
        if low & !PAYLOAD_MASK != VARIANT_BITS || high != self.high_half(kind, low) {
            return None;
        }
        Some(self.unscramble(kind, low & PAYLOAD_MASK))
    }

    fn high_half(self, kind: IdKind, low: u64) -> u64 {
        (hash(&[self.seed, kind as u64, low]) & !VERSION_MASK) | VERSION_BITS
    }

    fn round_key(self, kind: IdKind, round: u64, half: u64) -> u64 {
        hash(&[self.seed, kind as u64, round, half]) & HALF_MASK
    }

    fn scramble(self, kind: IdKind, payload: u64) -> u64 {
        let (mut left, mut right) = (payload >> HALF_BITS, payload & HALF_MASK);
        for round in 0..FEISTEL_ROUNDS {
            (left, right) = (right, left ^ self.round_key(kind, round, right));
        }
        (left << HALF_BITS) | right
    }

    fn unscramble(self, kind: IdKind, scrambled: u64) -> u64 {
        let (mut left, mut right) = (scrambled >> HALF_BITS, scrambled & HALF_MASK);
        for round in (0..FEISTEL_ROUNDS).rev() {
            (left, right) = (right ^ self.round_key(kind, round, left), left);
        }
        (left << HALF_BITS) | right
    }
}

/// Hex digits in each dash-separated group of a UUID.
const UUID_GROUP_LENGTHS: [usize; 5] = [8, 4, 4, 4, 12];

/// Splits a lowercase `8-4-4-4-12` hex UUID into its two 64-bit halves.
fn parse_uuid(id: &str) -> Option<(u64, u64)> {
    let groups: Vec<&str> = id.split('-').collect();
    let well_formed = groups.len() == UUID_GROUP_LENGTHS.len()
        && groups.iter().zip(UUID_GROUP_LENGTHS).all(|(group, len)| {
            group.len() == len
                && group.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        });
    if !well_formed {
        return None;
    }
    let hex: String = groups.concat();
    let high = u64::from_str_radix(&hex[..16], 16).ok()?;
    let low = u64::from_str_radix(&hex[16..], 16).ok()?;
    Some((high, low))
}

/// Packs a hosting index with a second number in the bits left over.
pub fn pack_hosting(hosting: u32, rest: u64, rest_bits: u32) -> u64 {
    (u64::from(hosting) << rest_bits) | (rest & ((1 << rest_bits) - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_decode_to_their_payload() {
        let codec = IdCodec::new(7);
        for payload in [0, 1, 2, 12_345, PAYLOAD_MASK] {
            let id = codec.encode(IdKind::Item, payload);
            assert_eq!(codec.decode(IdKind::Item, &id), Some(payload), "{id}");
            assert_eq!(id.len(), 36);
            assert_eq!(&id[14..15], "4", "version nibble of {id}");
        }
    }

    #[test]
    fn ids_of_another_kind_or_seed_are_unknown() {
        let id = IdCodec::new(7).encode(IdKind::Backup, 42);
        assert_eq!(IdCodec::new(7).decode(IdKind::Hosting, &id), None);
        assert_eq!(IdCodec::new(8).decode(IdKind::Backup, &id), None);
        assert_eq!(IdCodec::new(7).decode(IdKind::Backup, "not-an-id"), None);
        assert_eq!(IdCodec::new(7).decode(IdKind::Backup, &id.to_uppercase()), None);
    }

    #[test]
    fn neighbouring_payloads_give_unrelated_ids() {
        let codec = IdCodec::new(1);
        let first = codec.encode(IdKind::Hosting, 0);
        let second = codec.encode(IdKind::Hosting, 1);
        let shared = first.chars().zip(second.chars()).filter(|(a, b)| a == b).count();
        assert!(shared < 20, "{first} and {second} look alike");
    }
}
