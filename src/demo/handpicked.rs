//! The hostings at the front of every demo list, chosen to show each case the dashboard must
//! handle: a busy shop, an agency, a hosting with no backup, damaged and locked backups, and a
//! hosting known only by its subdomain.
//!
//! Their names, dates and statuses are fixed; their ids, sizes and restore outcomes still
//! come from the seed.

use super::items::ItemKind;

/// The restores a hand-picked hosting shows as already finished when the server starts.
#[derive(Debug, Clone, Copy)]
pub struct PastRestore {
    /// Which backup, by index (0 is the newest).
    pub backup: u32,
    /// `None` restores the whole backup; otherwise the first items of these kinds.
    pub kinds: Option<&'static [ItemKind]>,
    pub outcome: &'static str,
}

/// One hand-picked hosting.
#[derive(Debug)]
pub struct HandPicked {
    /// The custom domain; empty when the hosting has only its subdomain.
    pub domain: &'static str,
    pub account: &'static str,
    pub status: &'static str,
    pub offer: &'static str,
    pub panel: &'static str,
    pub created_at: &'static str,
    pub updated_at: &'static str,
    pub protected: bool,
    pub tags: &'static [&'static str],
    pub has_backups: bool,
    /// Backups (by index) whose status is not `active`.
    pub backup_statuses: &'static [(u32, &'static str)],
    pub web: &'static [&'static str],
    pub mail: &'static [&'static str],
    pub db: &'static [&'static str],
    pub db_user: &'static [&'static str],
    pub ftp: &'static [&'static str],
    pub dns: &'static [&'static str],
    pub cron: &'static [&'static str],
    pub ssl: &'static [&'static str],
    pub past_restores: &'static [PastRestore],
}

/// A busy online shop on cPanel, with a full mail team and a staging copy of its site.
const SHOP: HandPicked = HandPicked {
    domain: "example-shop.fr",
    account: "exampleshop",
    status: "ready",
    offer: "Performance",
    panel: "cpanel",
    created_at: "2018-04-16T09:21:44.512034Z",
    updated_at: "2026-02-03T14:02:11.093812Z",
    protected: true,
    tags: &["shop", "wordpress", "production"],
    has_backups: true,
    backup_statuses: &[],
    web: &["public_html"],
    mail: &[
        "contact@example-shop.fr",
        "commandes@example-shop.fr",
        "sav@example-shop.fr",
        "facturation@example-shop.fr",
        "newsletter@example-shop.fr",
        "marie.dupont@example-shop.fr",
        "thomas.moreau@example-shop.fr",
        "camille.laurent@example-shop.fr",
        "lucas.bernard@example-shop.fr",
        "lea.petit@example-shop.fr",
        "hugo.girard@example-shop.fr",
        "chloe.roux@example-shop.fr",
        "logistique@example-shop.fr",
        "compta@example-shop.fr",
        "noreply@example-shop.fr",
        "postmaster@example-shop.fr",
    ],
    db: &["wp_prod", "wp_staging", "matomo"],
    db_user: &["wp_prod_rw", "wp_staging_rw", "matomo_ro"],
    ftp: &["exampleshop", "deploy@example-shop.fr", "agence-web@example-shop.fr"],
    dns: &["example-shop.fr", "example-shop.com", "example-shop.eu"],
    cron: &[
        "*/5 * * * * php /home/exampleshop/public_html/wp-cron.php",
        "0 3 * * * /home/exampleshop/bin/purge-cache.sh",
        "0 4 * * * wp --path=/home/exampleshop/public_html wc update-stock",
        "30 * * * * php /home/exampleshop/matomo/console core:archive",
    ],
    ssl: &["example-shop.fr", "www.example-shop.fr", "stats.example-shop.fr"],
    past_restores: &[
        PastRestore { backup: 2, kinds: None, outcome: "completed" },
        PastRestore { backup: 1, kinds: Some(&[ItemKind::Mail]), outcome: "partially_completed" },
        PastRestore {
            backup: 0,
            kinds: Some(&[ItemKind::Db, ItemKind::DbUser]),
            outcome: "failed",
        },
    ],
};

/// A web agency on Plesk hosting its clients' small sites in one account.
const AGENCY: HandPicked = HandPicked {
    domain: "atelier-lumen.com",
    account: "lumen",
    status: "ready",
    offer: "Business",
    panel: "plesk",
    created_at: "2018-11-05T16:40:02.118245Z",
    updated_at: "2026-05-19T08:15:37.700214Z",
    protected: false,
    tags: &["agency", "clients"],
    has_backups: true,
    backup_statuses: &[],
    web: &[
        "httpdocs",
        "clients/boulangerie-martin.fr",
        "clients/garage-dupuis.com",
        "clients/hotel-bellevue.eu",
    ],
    mail: &[
        "hello@atelier-lumen.com",
        "studio@atelier-lumen.com",
        "julie.faure@atelier-lumen.com",
        "antoine.blanc@atelier-lumen.com",
        "factures@atelier-lumen.com",
        "jobs@atelier-lumen.com",
    ],
    db: &["lumen_site", "garage_dupuis_wp", "hotel_bellevue_booking", "martin_shop"],
    db_user: &["lumen_site", "garage_dupuis", "hotel_bellevue", "martin_shop"],
    ftp: &["lumen", "client-garage", "client-hotel"],
    dns: &["atelier-lumen.com", "garage-dupuis.com", "hotel-bellevue.eu", "lumen.studio"],
    cron: &[
        "0 2 * * * php /var/www/vhosts/atelier-lumen.com/httpdocs/artisan schedule:run",
        "15 6 * * * php /var/www/vhosts/atelier-lumen.com/clients/hotel-bellevue.eu/sync.php",
    ],
    ssl: &["atelier-lumen.com", "garage-dupuis.com", "hotel-bellevue.eu"],
    past_restores: &[
        PastRestore { backup: 3, kinds: Some(&[ItemKind::Web]), outcome: "completed" },
        PastRestore { backup: 1, kinds: Some(&[ItemKind::DnsZone]), outcome: "completed" },
    ],
};

/// A hosting delivered and running, for which no backup exists yet.
const NO_BACKUP: HandPicked = HandPicked {
    domain: "le-fournil-des-halles.fr",
    account: "fournil",
    status: "ready",
    offer: "Essential",
    panel: "cpanel",
    created_at: "2019-03-02T10:05:19.004411Z",
    updated_at: "2026-11-28T17:44:03.250019Z",
    protected: false,
    tags: &[],
    has_backups: false,
    backup_statuses: &[],
    web: &["public_html"],
    mail: &["contact@le-fournil-des-halles.fr"],
    db: &["wp_prod"],
    db_user: &["wp_prod_rw"],
    ftp: &["fournil"],
    dns: &["le-fournil-des-halles.fr"],
    cron: &[],
    ssl: &["le-fournil-des-halles.fr"],
    past_restores: &[],
};

/// A law firm whose recent backups went wrong: yesterday's is damaged, one weekly is locked,
/// an older one disabled.
const TROUBLED: HandPicked = HandPicked {
    domain: "cabinet-moreau-avocats.fr",
    account: "moreauavoc",
    status: "ready",
    offer: "Professional",
    panel: "cpanel",
    created_at: "2019-06-24T07:31:50.871120Z",
    updated_at: "2026-09-30T12:20:45.316557Z",
    protected: true,
    tags: &["legal"],
    has_backups: true,
    backup_statuses: &[(1, "damaged"), (4, "locked"), (7, "disabled")],
    web: &["public_html"],
    mail: &[
        "accueil@cabinet-moreau-avocats.fr",
        "claire.moreau@cabinet-moreau-avocats.fr",
        "paul.vincent@cabinet-moreau-avocats.fr",
        "secretariat@cabinet-moreau-avocats.fr",
    ],
    db: &["wp_prod", "rdv_agenda"],
    db_user: &["wp_prod_rw", "rdv_agenda_rw"],
    ftp: &["moreauavoc"],
    dns: &["cabinet-moreau-avocats.fr"],
    cron: &["*/15 * * * * php /home/moreauavoc/rdv/bin/remind.php"],
    ssl: &["cabinet-moreau-avocats.fr"],
    past_restores: &[
        PastRestore { backup: 2, kinds: Some(&[ItemKind::Db]), outcome: "completed" },
        PastRestore { backup: 3, kinds: None, outcome: "failed" },
    ],
};

/// A travel blog that never bought a domain: only its subdomain names it.
const SUBDOMAIN_ONLY: HandPicked = HandPicked {
    domain: "",
    account: "carnetvoyage",
    status: "ready",
    offer: "Essential",
    panel: "plesk",
    created_at: "2019-09-12T19:12:08.640093Z",
    updated_at: "2026-07-07T09:58:26.190734Z",
    protected: false,
    tags: &["blog"],
    has_backups: true,
    backup_statuses: &[],
    web: &["httpdocs"],
    mail: &[],
    db: &["wp_prod"],
    db_user: &["wp_prod_rw"],
    ftp: &["carnetvoyage"],
    dns: &[],
    cron: &["*/10 * * * * php /var/www/vhosts/carnetvoyage/httpdocs/wp-cron.php"],
    ssl: &["carnetvoyage.webhosting.scw.cloud"],
    past_restores: &[PastRestore {
        backup: 0,
        kinds: Some(&[ItemKind::Web]),
        outcome: "completed",
    }],
};

/// The hand-picked hostings, in the order they lead every list.
pub const HAND_PICKED: &[HandPicked] = &[SHOP, AGENCY, NO_BACKUP, TROUBLED, SUBDOMAIN_ONLY];

impl HandPicked {
    /// The names of items of `kind`, in item order.
    pub fn names(&self, kind: ItemKind) -> &'static [&'static str] {
        match kind {
            ItemKind::Full => &[],
            ItemKind::Web => self.web,
            ItemKind::Mail => self.mail,
            ItemKind::Db => self.db,
            ItemKind::DbUser => self.db_user,
            ItemKind::FtpUser => self.ftp,
            ItemKind::DnsZone => self.dns,
            ItemKind::CronJob => self.cron,
            ItemKind::SslCertificate => self.ssl,
        }
    }
}
