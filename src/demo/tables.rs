//! Word lists the generated data is made of: domains, mailboxes, databases, cron lines.
//!
//! Generated names combine these lists through a bijection on the index, so every name is
//! unique and the first ones read like a real small business's account.

/// First part of a generated domain: what the business is.
pub const DOMAIN_TRADES: &[&str] = &[
    "atelier",
    "studio",
    "garage",
    "cabinet",
    "boulangerie",
    "maison",
    "agence",
    "ferme",
    "hotel",
    "librairie",
    "fromagerie",
    "pharmacie",
    "cave",
    "restaurant",
    "salon",
    "clinique",
    "ecole",
    "fleuriste",
    "menuiserie",
    "domaine",
];

/// Second part of a generated domain: whose it is or where.
pub const DOMAIN_NAMES: &[&str] = &[
    "horizon",
    "dupuis",
    "martin",
    "lefevre",
    "bellevue",
    "du-lac",
    "des-pins",
    "girard",
    "mercier",
    "rousseau",
    "petit",
    "fontaine",
    "chevalier",
    "garnier",
    "des-alpes",
    "du-port",
    "bonnet",
    "lambert",
    "faure",
    "andre",
    "riviera",
    "vauban",
    "saint-louis",
    "leroy",
    "roussel",
    "blanc",
    "guerin",
    "muller",
    "henry",
    "roche",
];

/// Top-level domains, the French ones first as on Scaleway's own customer base.
pub const DOMAIN_TLDS: &[&str] = &["fr", "com", "eu", "net", "be", "ch", "io"];

/// Role mailboxes most small businesses have, in the order they usually appear.
pub const MAIL_ROLES: &[&str] = &["contact", "info", "admin", "facturation", "support"];

/// First names for personal mailboxes.
pub const FIRST_NAMES: &[&str] = &[
    "marie", "thomas", "camille", "lucas", "lea", "hugo", "chloe", "louis", "emma", "jules",
    "manon", "arthur", "ines", "nathan", "sarah", "paul", "julie", "antoine", "clara", "theo",
];

/// Last names for personal mailboxes.
pub const LAST_NAMES: &[&str] = &[
    "dupont", "durand", "moreau", "laurent", "simon", "michel", "leroy", "roux", "david",
    "bertrand", "morel", "fournier", "girard", "bonnet", "dubois", "lambert", "fontaine",
    "rousseau", "vincent", "muller",
];

/// Database names of the applications people run on shared hosting.
pub const DB_NAMES: &[&str] = &[
    "wp_prod",
    "wp_staging",
    "matomo",
    "prestashop",
    "nextcloud",
    "drupal",
    "laravel_app",
    "crm",
    "newsletter",
    "forum",
    "wiki",
    "booking",
];

/// FTP accounts besides the main one.
pub const FTP_ROLES: &[&str] = &["deploy", "webmaster", "designer", "backup", "agency"];

/// Extra zones a business keeps beside its main domain.
pub const ZONE_TLDS: &[&str] = &["com", "eu", "net", "org", "shop"];

/// Cron lines; `{account}` is the hosting's system user.
pub const CRON_LINES: &[&str] = &[
    "*/5 * * * * php /home/{account}/public_html/wp-cron.php",
    "0 3 * * * /home/{account}/bin/purge-cache.sh",
    "30 2 * * 0 php /home/{account}/public_html/bin/console app:sitemap",
    "15 * * * * curl -s https://localhost/cron/newsletter > /dev/null",
    "0 6 * * 1 php /home/{account}/scripts/weekly-report.php",
];

/// Website folders beyond the main one.
pub const WEB_FOLDERS: &[&str] = &["public_html", "staging", "shop", "blog", "intranet"];
