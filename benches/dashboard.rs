//! How the dashboard's pure parts cope with size: building a backup's item tree, ticking,
//! filtering, handling a key and drawing a frame, at demo size (37 items) and at scale
//! (200,000 items in one backup), plus the peak memory once the big tree is built. Run with
//! `cargo bench --bench dashboard`; it prints a table.
//!
//! No terminal and no network: the state is driven through `update` with the messages the UI
//! loop would send, and frames are drawn into ratatui's `TestBackend`. The items are made up
//! here in the demo server's proportions (half of a scaled backup is mail), with every item
//! active so that every tick counts.

#[path = "dashboard/fixture.rs"]
mod fixture;

#[path = "support/measure.rs"]
mod measure;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use crossterm::event::KeyCode;
use measure::{median_and_p95, status_mib};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use whbackup::api::BackupItemGroup;
use whbackup::tui::state::{RestorePlan, State};
use whbackup::tui::update::update;
use whbackup::tui::view;

use fixture::{
    DEMO_COUNTS, DEMO_ITEMS, HEIGHT, MAIL_GROUP_ROW, MAIL_ITEMS_AT_SCALE, SCALE_COUNTS,
    SCALE_ITEMS, WIDTH, ch, ctrl, cursor_on_mail_group, filtered_rows, item_groups, items_loaded,
    items_requested, items_screen, key, load_generation, open_mail_group, press, screen_text,
    selected_name, tree, with_tree,
};

/// Typed after `FILTER_START`: the keystroke that narrows the list.
const FILTER_START: char = '1';
const FILTER_NEXT: char = '2';

/// Timed runs per measurement, after one untimed first run.
const HEAVY_RUNS: usize = 30;
const MEDIUM_RUNS: usize = 100;
const LIGHT_RUNS: usize = 1_000;
const KEY_RUNS: usize = 10_000;

/// One line of the table.
struct Row {
    what: String,
    size: &'static str,
    objects: usize,
    first_us: f64,
    runs: Vec<Duration>,
}

/// Runs `call` once untimed, then `runs` times timed. `prepare` runs before each call,
/// untimed, and hands the call its input; both get the same context (a state, a terminal).
/// `call` returns how many objects it saw; every run must see the same number.
fn measure<C, I>(
    what: &str,
    size: &'static str,
    runs: usize,
    context: &mut C,
    mut prepare: impl FnMut(&mut C) -> Result<I>,
    mut call: impl FnMut(&mut C, I) -> Result<usize>,
) -> Result<Row> {
    let input = prepare(context)?;
    let started = Instant::now();
    let objects = call(context, input)?;
    let first_us = micros(started.elapsed());
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let input = prepare(context)?;
        let started = Instant::now();
        let got = call(context, input)?;
        times.push(started.elapsed());
        ensure!(got == objects, "{what}: a run saw {got} objects, the first {objects}");
    }
    Ok(Row { what: what.to_owned(), size, objects, first_us, runs: times })
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000_000.0
}

fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "{:<44} {:<6} {:>7} {:>5} {:>10} {:>10} {:>10}\n",
        "measurement", "size", "objects", "runs", "first us", "median us", "p95 us"
    );
    for row in rows {
        let (median, p95) = median_and_p95(&row.runs);
        let (median, p95) = (micros(median), micros(p95));
        let _ = writeln!(
            out,
            "{:<44} {:<6} {:>7} {:>5} {:>10.1} {:>10.1} {:>10.1}",
            row.what,
            row.size,
            row.objects,
            row.runs.len(),
            row.first_us,
            median,
            p95
        );
    }
    out
}

/// `Msg::ItemsLoaded` through `update`, each run after a Ctrl-R (untimed) has dropped the
/// tree and asked again under a new generation, as a reload does.
fn build_row(size: &'static str, runs: usize, groups: &[BackupItemGroup]) -> Result<Row> {
    let (mut state, first_generation) = items_requested()?;
    let mut generation = Some(first_generation);
    let prepare = |state: &mut State| {
        let generation = match generation.take() {
            Some(generation) => generation,
            None => load_generation(&update(state, ctrl('r')))?,
        };
        Ok(items_loaded(generation, groups.to_vec()))
    };
    let call = |state: &mut State, msg| {
        update(state, msg);
        Ok(tree(state)?.item_count())
    };
    measure("build the tree (ItemsLoaded via update)", size, runs, &mut state, prepare, call)
}

/// The ticked item count, failing unless it is `expected`.
fn ticked(state: &State, expected: u64) -> Result<usize> {
    let items = tree(state)?.selection().items;
    ensure!(items == expected, "{items} items ticked, not {expected}");
    Ok(usize::try_from(items)?)
}

/// Space on the mail group, `n` (untick all), and the sums the footer and the restore dialog
/// read, with the whole mail group ticked.
fn tick_rows(size: &'static str, runs: usize, state: &mut State, mail: u64) -> Result<Vec<Row>> {
    cursor_on_mail_group(state)?;
    let tick = measure(
        "tick the mail group (Space)",
        size,
        runs,
        state,
        |state| Ok(update(state, ch('n'))),
        |state, _| {
            update(state, ch(' '));
            ticked(state, mail)
        },
    )?;
    let untick = measure(
        "untick all (n)",
        size,
        runs,
        state,
        |state| Ok(update(state, ch(' '))),
        |state, _| {
            update(state, ch('n'));
            ticked(state, 0)
        },
    )?;
    update(state, ch(' '));
    ticked(state, mail)?;
    let sum = measure(
        "selection sum (footer)",
        size,
        runs,
        state,
        |_| Ok(()),
        |state, ()| {
            let selection = tree(state)?.selection();
            ensure!(selection.size_bytes > 0, "the selection sums to no bytes");
            Ok(usize::try_from(selection.items)?)
        },
    )?;
    let groups = measure(
        "ticked items by type (restore dialog)",
        size,
        runs,
        state,
        |_| Ok(()),
        |state, ()| {
            let groups = tree(state)?.ticked_groups();
            Ok(groups.iter().map(|group| group.names.len()).sum())
        },
    )?;
    update(state, ch('n'));
    Ok(vec![tick, untick, sum, groups])
}

/// The restore key with the whole mail group ticked: the pre-flight check and the dialog's
/// list, then one frame with the dialog open. Esc (untimed) closes it between runs; Esc with
/// no dialog open would close the tree instead.
fn dialog_rows(size: &'static str, runs: usize, state: State, mail: u64) -> Result<Vec<Row>> {
    let planned = |state: &State| match state.dialog.as_ref().map(|dialog| &dialog.plan) {
        Some(RestorePlan::Items { items, .. }) => Ok(items.len()),
        _ => anyhow::bail!("the restore dialog did not open on the ticked items"),
    };
    let mut context = (state, Terminal::new(TestBackend::new(WIDTH, HEIGHT))?);
    ticked(&context.0, mail)?;
    let open = measure(
        "restore key (r): check and open the dialog",
        size,
        runs,
        &mut context.0,
        |state| {
            if state.dialog.is_some() {
                update(state, key(KeyCode::Esc));
            }
            ensure!(state.dialog.is_none(), "Esc left the restore dialog open");
            Ok(())
        },
        |state, ()| {
            update(state, ch('r'));
            planned(state)
        },
    )?;
    let draw = measure(
        "draw one frame, restore dialog open",
        size,
        runs,
        &mut context,
        |(state, _)| planned(state),
        |(state, terminal), items| {
            terminal.draw(|frame| view::draw(frame, state))?;
            Ok(items)
        },
    )?;
    ensure!(screen_text(&context.1).contains("Restore"), "the frame shows no restore dialog");
    Ok(vec![open, draw])
}

/// The filter typed into: `FILTER_NEXT` after `FILTER_START` narrows the list, Backspace
/// widens it back. Each is timed with the other undoing it untimed.
fn filter_rows(size: &'static str, runs: usize, groups: Vec<BackupItemGroup>) -> Result<Vec<Row>> {
    let start = FILTER_START.to_string();
    let narrow = format!("{FILTER_START}{FILTER_NEXT}");
    let (wide_rows, narrow_rows) =
        (filtered_rows(&groups, &start), filtered_rows(&groups, &narrow));
    let mut state = with_tree(groups)?;
    update(&mut state, ch('/'));
    update(&mut state, ch(FILTER_START));
    let shown = |state: &State, expected: usize| {
        let rows = tree(state)?.rows().len();
        ensure!(rows == expected, "{rows} rows shown under the filter, not {expected}");
        Ok(rows)
    };
    shown(&state, wide_rows)?;
    let narrowing = measure(
        &format!("filter keystroke \"{start}\" -> \"{narrow}\""),
        size,
        runs,
        &mut state,
        |state| {
            if tree(state)?.filter() == narrow {
                update(state, key(KeyCode::Backspace));
            }
            Ok(())
        },
        |state, ()| {
            update(state, ch(FILTER_NEXT));
            shown(state, narrow_rows)
        },
    )?;
    let widening = measure(
        &format!("filter keystroke \"{narrow}\" -> \"{start}\""),
        size,
        runs,
        &mut state,
        |state| {
            if tree(state)?.filter() == start {
                update(state, ch(FILTER_NEXT));
            }
            Ok(())
        },
        |state, ()| {
            update(state, key(KeyCode::Backspace));
            shown(state, wide_rows)
        },
    )?;
    Ok(vec![narrowing, widening])
}

/// One frame into a 120x40 `TestBackend`, the cursor moved (untimed) between frames so each
/// frame differs from the last, as it does when the user scrolls.
fn draw_row(size: &'static str, runs: usize, state: State) -> Result<Row> {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT))?;
    terminal.draw(|frame| view::draw(frame, &state))?;
    let name = selected_name(&state)?;
    ensure!(screen_text(&terminal).contains(&name), "the frame does not show {name}");
    let mut context = (state, terminal, false);
    let prepare = |(state, _, down): &mut (State, Terminal<TestBackend>, bool)| {
        *down = !*down;
        update(state, key(if *down { KeyCode::Down } else { KeyCode::Up }));
        Ok(())
    };
    let call = |(state, terminal, _): &mut (State, Terminal<TestBackend>, bool), ()| {
        terminal.draw(|frame| view::draw(frame, state))?;
        Ok(tree(state)?.rows().len())
    };
    measure("draw one frame, 120x40, mail group open", size, runs, &mut context, prepare, call)
}

/// Cursor down, one key through `update`, `runs` + 1 times down the open mail group.
fn key_row(size: &'static str, runs: usize, state: &mut State) -> Result<Row> {
    let start = items_screen(state)?.cursor.selected;
    let row = measure(
        "one key (cursor down)",
        size,
        runs,
        state,
        |_| Ok(()),
        |state, ()| {
            update(state, key(KeyCode::Down));
            Ok(tree(state)?.rows().len())
        },
    )?;
    let moved = items_screen(state)?.cursor.selected - start;
    ensure!(moved == runs + 1, "the cursor moved {moved} rows, not {}", runs + 1);
    Ok(row)
}

/// What the process's memory looked like around building the big tree, in MiB.
struct MemoryMib {
    resident_before: f64,
    peak_after: f64,
    resident_after: f64,
}

fn demo_rows() -> Result<Vec<Row>> {
    let groups = item_groups(&DEMO_COUNTS);
    let mut rows = vec![build_row("demo", LIGHT_RUNS, &groups)?.expect_objects(DEMO_ITEMS)?];
    let mut state = with_tree(groups.clone())?;
    let mail = u64::try_from(DEMO_COUNTS[MAIL_GROUP_ROW].1)?;
    rows.extend(tick_rows("demo", LIGHT_RUNS, &mut state, mail)?);
    let mut ticked_state = with_tree(groups.clone())?;
    cursor_on_mail_group(&mut ticked_state)?;
    update(&mut ticked_state, ch(' '));
    rows.extend(dialog_rows("demo", LIGHT_RUNS, ticked_state, mail)?);
    rows.extend(filter_rows("demo", LIGHT_RUNS, groups)?);
    open_mail_group(&mut state, DEMO_COUNTS.len())?;
    rows.push(draw_row("demo", LIGHT_RUNS, state)?);
    Ok(rows)
}

fn scale_rows() -> Result<(Vec<Row>, MemoryMib)> {
    let resident_before = status_mib("VmRSS")?;
    let mut state = with_tree(item_groups(&SCALE_COUNTS))?;
    let peak_after = status_mib("VmHWM")?;
    let resident_after = status_mib("VmRSS")?;
    let memory = MemoryMib { resident_before, peak_after, resident_after };
    ensure!(tree(&state)?.item_count() == SCALE_ITEMS, "the big tree lost items");

    let mut rows = tick_rows("scale", MEDIUM_RUNS, &mut state, MAIL_ITEMS_AT_SCALE)?;
    update(&mut state, ch(' '));
    rows.extend(dialog_rows("scale", MEDIUM_RUNS, state, MAIL_ITEMS_AT_SCALE)?);
    let mut state = with_tree(item_groups(&SCALE_COUNTS))?;
    open_mail_group(&mut state, SCALE_COUNTS.len())?;
    rows.push(draw_row("scale", LIGHT_RUNS, state)?);
    let mut state = with_tree(item_groups(&SCALE_COUNTS))?;
    open_mail_group(&mut state, 0)?;
    press(&mut state, KeyCode::Home, 1);
    press(&mut state, KeyCode::Down, MAIL_GROUP_ROW + 1);
    rows.push(key_row("scale", KEY_RUNS, &mut state)?);
    drop(state);
    let groups = item_groups(&SCALE_COUNTS);
    rows.insert(0, build_row("scale", HEAVY_RUNS, &groups)?.expect_objects(SCALE_ITEMS)?);
    rows.extend(filter_rows("scale", MEDIUM_RUNS, groups)?);
    Ok((rows, memory))
}

impl Row {
    /// Fails unless the measurement saw `expected` objects.
    fn expect_objects(self, expected: usize) -> Result<Self> {
        ensure!(
            self.objects == expected,
            "{}: {} objects, not {expected}",
            self.what,
            self.objects
        );
        Ok(self)
    }
}

fn main() -> Result<()> {
    let started = Instant::now();
    // At scale first, so the peak memory is that of the big tree (and of its made-up input,
    // moved into it) before any other measurement has allocated.
    let (scale, memory) = scale_rows()?;
    let mut rows = demo_rows()?;
    rows.extend(scale);
    print!("{}", table(&rows));
    println!();
    let figure = |label: &str, mib: f64| println!("{label:<56} {mib:8.1} MiB");
    figure("resident (VmRSS) before the 200000-item tree", memory.resident_before);
    figure("peak RSS (VmHWM) once the 200000-item tree is built", memory.peak_after);
    figure("resident (VmRSS) right after", memory.resident_after);
    println!("whole bench: {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
