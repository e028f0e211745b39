//! The key table: the one list of bindings that input, the footer hints and the help overlay
//! all read, so what a key does and what the screen says it does cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for, whatever key it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Open,
    Back,
    Tick,
    TickAll,
    UntickAll,
    Filter,
    Restore,
    RestoreFull,
    Confirm,
    /// The second, deliberate yes when another restore may be running on the hosting.
    RestoreAnyway,
    Cancel,
    SwitchFocus,
    Refresh,
    History,
    Help,
    Quit,
    Suspend,
}

/// Where a binding applies. The update loop asks for the scopes of what has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere but while typing.
    Global,
    /// Any list: hostings, backups, the item tree, the restores pane.
    List,
    Hostings,
    Backups,
    Tree,
    /// The restores pane when it has focus.
    Restores,
    /// A dialog waiting for a yes or no.
    Dialog,
    /// The restore dialog asking a second time, because another restore may be running.
    AskAgain,
    /// The restore dialog once the request is on its way: it can only be closed.
    Sending,
    /// A text field (a filter, the domain of a full restore): other keys type.
    Input,
}

impl Scope {
    /// The heading of this scope in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Self::Global => "Everywhere",
            Self::List => "Lists",
            Self::Hostings => "Hostings",
            Self::Backups => "Backups",
            Self::Tree => "Backup items",
            Self::Restores => "Restores pane",
            Self::Dialog => "Dialogs",
            Self::AskAgain => "Asked again",
            Self::Sending => "Sending",
            Self::Input => "Typing",
        }
    }
}

/// One key, compared without Shift so `R` and `?` match however the terminal reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), ctrl: true }
}

/// A line of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub action: Action,
    pub scope: Scope,
    pub keys: &'static [Key],
    /// The keys as the help overlay and footer write them.
    pub label: &'static str,
    /// What it does, for the help overlay.
    pub about: &'static str,
    /// A word or two for the footer, when the binding deserves a place there.
    pub hint: Option<&'static str>,
    /// Whether it starts a restore, so `--read-only` hides and refuses it.
    pub restores: bool,
}

const fn bind(
    action: Action,
    scope: Scope,
    keys: &'static [Key],
    label: &'static str,
    about: &'static str,
) -> Binding {
    Binding { action, scope, keys, label, about, hint: None, restores: false }
}

const fn hinted(binding: Binding, hint: &'static str) -> Binding {
    Binding { hint: Some(hint), ..binding }
}

const fn restoring(binding: Binding) -> Binding {
    Binding { restores: true, ..binding }
}

use Action as A;
use Scope as S;

/// Every binding, in the order the help overlay lists them. The first match wins, so a
/// scope-specific meaning of a key sits before its general one.
const BINDINGS: &[Binding] = &[
    hinted(bind(A::Confirm, S::Input, &[key(KeyCode::Enter)], "enter", "accept"), "accept"),
    hinted(bind(A::Cancel, S::Input, &[key(KeyCode::Esc)], "esc", "cancel"), "cancel"),
    bind(A::Quit, S::Input, &[ctrl('c')], "ctrl-c", "quit"),
    bind(A::Suspend, S::Input, &[ctrl('z')], "ctrl-z", "suspend; fg resumes"),
    hinted(bind(A::Confirm, S::Dialog, &[key(KeyCode::Enter)], "enter", "confirm"), "confirm"),
    hinted(bind(A::Cancel, S::Dialog, &[key(KeyCode::Esc)], "esc", "cancel"), "cancel"),
    hinted(
        bind(A::Cancel, S::Sending, &[key(KeyCode::Esc)], "esc", "close; the restore goes on"),
        "close",
    ),
    hinted(
        restoring(bind(A::RestoreAnyway, S::AskAgain, &[ch('y')], "y", "restore anyway")),
        "restore anyway",
    ),
    hinted(bind(A::Cancel, S::AskAgain, &[key(KeyCode::Esc)], "esc", "cancel"), "cancel"),
    hinted(bind(A::Tick, S::Tree, &[ch(' ')], "space", "tick or untick"), "tick"),
    bind(A::TickAll, S::Tree, &[ch('a')], "a", "tick all shown items"),
    bind(A::UntickAll, S::Tree, &[ch('n')], "n", "untick all items"),
    hinted(
        restoring(bind(A::Restore, S::Tree, &[ch('r')], "r", "restore the ticked items")),
        "restore",
    ),
    hinted(
        restoring(bind(A::RestoreFull, S::Tree, &[ch('R')], "R", "restore the whole backup")),
        "full",
    ),
    hinted(bind(A::Filter, S::Tree, &[ch('/')], "/", "filter items"), "filter"),
    hinted(bind(A::Filter, S::Hostings, &[ch('/')], "/", "filter hostings"), "filter"),
    hinted(
        restoring(bind(A::RestoreFull, S::Backups, &[ch('R')], "R", "restore the whole backup")),
        "full restore",
    ),
    hinted(
        bind(A::Open, S::Restores, &[key(KeyCode::Enter)], "enter", "show the restore's items"),
        "details",
    ),
    bind(A::Up, S::List, &[key(KeyCode::Up), ch('k')], "↑ k", "move up"),
    bind(A::Down, S::List, &[key(KeyCode::Down), ch('j')], "↓ j", "move down"),
    bind(A::PageUp, S::List, &[key(KeyCode::PageUp)], "pgup", "page up"),
    bind(A::PageDown, S::List, &[key(KeyCode::PageDown)], "pgdn", "page down"),
    bind(A::Home, S::List, &[key(KeyCode::Home), ch('g')], "home g", "first row"),
    bind(A::End, S::List, &[key(KeyCode::End), ch('G')], "end G", "last row"),
    hinted(
        bind(
            A::Open,
            S::List,
            &[key(KeyCode::Enter), key(KeyCode::Right), ch('l')],
            "enter → l",
            "open, or expand a group",
        ),
        "open",
    ),
    hinted(
        bind(
            A::Back,
            S::Global,
            &[key(KeyCode::Esc), key(KeyCode::Left), ch('h')],
            "esc ← h",
            "go back",
        ),
        "back",
    ),
    hinted(
        bind(
            A::SwitchFocus,
            S::Global,
            &[key(KeyCode::Tab), key(KeyCode::BackTab)],
            "tab",
            "restores pane and back",
        ),
        "restores",
    ),
    bind(A::Refresh, S::Global, &[ctrl('r')], "ctrl-r", "reload what is on screen"),
    hinted(bind(A::History, S::Global, &[ch('H')], "H", "restore history"), "history"),
    hinted(bind(A::Help, S::Global, &[ch('?')], "?", "show or hide this help"), "help"),
    hinted(bind(A::Quit, S::Global, &[ch('q'), ctrl('c')], "q ctrl-c", "quit"), "quit"),
    bind(A::Suspend, S::Global, &[ctrl('z')], "ctrl-z", "suspend; fg resumes"),
];

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        !alt && ctrl == self.ctrl && self.code == event.code
    }

    /// The key as a sentence names it: `Ctrl-R`, `Esc`, `Space`, `r`.
    fn name(self) -> String {
        match self.code {
            KeyCode::Char(c) if self.ctrl => format!("Ctrl-{}", c.to_ascii_uppercase()),
            code => code.to_string(),
        }
    }
}

/// The first key bound to `action` in `scope`, as a sentence names it, so a message that
/// mentions a key says the key the table binds. Asking for an unbound pair is a bug, and
/// panics so that the tests drawing that message catch it.
pub fn key_name(scope: Scope, action: Action) -> String {
    let binding = BINDINGS.iter().find(|b| b.scope == scope && b.action == action);
    let Some(key) = binding.and_then(|binding| binding.keys.first()) else {
        panic!("the key table binds nothing to {action:?} in {scope:?}");
    };
    key.name()
}

/// The action of the first binding, among `scopes`, that `event` matches. Restore actions
/// are found in read-only mode too, so that `update` can say why it refuses them.
pub fn action(scopes: &[Scope], event: &KeyEvent) -> Option<Action> {
    shown_bindings(scopes, false)
        .find(|binding| binding.keys.iter().any(|key| key.matches(event)))
        .map(|binding| binding.action)
}

/// The bindings in force for `scopes`, in table order.
fn shown_bindings(
    scopes: &[Scope],
    read_only: bool,
) -> impl Iterator<Item = &'static Binding> + use<> {
    let scopes = scopes.to_vec();
    BINDINGS
        .iter()
        .filter(move |binding| scopes.contains(&binding.scope))
        .filter(move |binding| !(read_only && binding.restores))
}

/// The scopes in the order the help overlay lists them.
pub const HELP_ORDER: [Scope; 9] = [
    Scope::Global,
    Scope::List,
    Scope::Hostings,
    Scope::Backups,
    Scope::Tree,
    Scope::Restores,
    Scope::Dialog,
    Scope::AskAgain,
    Scope::Input,
];

/// The bindings the help overlay lists under `scope`.
pub fn help_bindings(
    scope: Scope,
    read_only: bool,
) -> impl Iterator<Item = &'static Binding> + use<> {
    shown_bindings(&[scope], read_only)
}

/// How many lines the help overlay has: a heading per scope and a line per binding.
pub fn help_line_count(read_only: bool) -> usize {
    HELP_ORDER
        .iter()
        .map(|&scope| help_bindings(scope, read_only).count())
        .filter(|&count| count > 0)
        .map(|count| count + 1)
        .sum()
}

/// The footer's hints for `scopes`: `(keys, word)` pairs, each action once.
pub fn hints(scopes: &[Scope], read_only: bool) -> Vec<Hint> {
    let mut seen = Vec::new();
    let mut hints = Vec::new();
    for binding in shown_bindings(scopes, read_only) {
        let Some(word) = binding.hint else { continue };
        if seen.contains(&binding.action) {
            continue;
        }
        seen.push(binding.action);
        hints.push(Hint { action: binding.action, key: short_label(binding.label), word });
    }
    hints
}

/// A footer hint: the first key of a binding and its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub action: Action,
    pub key: &'static str,
    pub word: &'static str,
}

/// The first key of a label, which is all the footer has room for.
fn short_label(label: &'static str) -> &'static str {
    label.split(' ').next().unwrap_or(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn scope_order_decides_between_meanings() {
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action(&[S::Dialog, S::Global], &enter), Some(A::Confirm));
        assert_eq!(action(&[S::Tree, S::List, S::Global], &enter), Some(A::Open));
    }

    #[test]
    fn shift_is_ignored_but_ctrl_is_not() {
        let big_r = press(KeyCode::Char('R'), KeyModifiers::SHIFT);
        assert_eq!(action(&[S::Tree], &big_r), Some(A::RestoreFull));
        let ctrl_r = press(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(action(&[S::Tree, S::Global], &ctrl_r), Some(A::Refresh));
    }

    #[test]
    fn read_only_hides_restore_hints_but_keeps_their_keys() {
        let r = press(KeyCode::Char('r'), KeyModifiers::NONE);
        assert_eq!(action(&[S::Tree], &r), Some(A::Restore), "found, to be refused with a reason");
        assert!(hints(&[S::Tree, S::Global], true).iter().all(|hint| hint.word != "restore"));
        let restore = Hint { action: A::Restore, key: "r", word: "restore" };
        assert!(hints(&[S::Tree, S::Global], false).contains(&restore));
    }

    #[test]
    fn typing_scope_lets_letters_through() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action(&[S::Input], &q), None);
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action(&[S::Input], &ctrl_c), Some(A::Quit));
        let ctrl_z = press(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(action(&[S::Input], &ctrl_z), Some(A::Suspend));
    }

    #[test]
    fn asking_again_takes_y_and_not_enter() {
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action(&[S::AskAgain, S::Global], &enter), None);
        let y = press(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(action(&[S::AskAgain, S::Global], &y), Some(A::RestoreAnyway));
        assert_eq!(action(&[S::Dialog, S::Global], &y), None, "the first question ignores y");
    }

    #[test]
    fn key_names_come_from_the_table() {
        assert_eq!(key_name(S::Global, A::Refresh), "Ctrl-R");
        assert_eq!(key_name(S::Global, A::Back), "Esc");
        assert_eq!(key_name(S::Tree, A::Tick), "Space");
        assert_eq!(key_name(S::Tree, A::Restore), "r");
        assert_eq!(key_name(S::Tree, A::RestoreFull), "R");
    }
}
