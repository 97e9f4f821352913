//! Re-rendering the packet whenever the data (or a template) changes,
//! reusing one World so that Typst's incremental compilation applies.
//! Every cycle runs the checks `sheets` runs before layout (the data, and
//! every character against the fonts), so a character no font has is
//! refused here too rather than printed as an empty box.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::data::Diagnostic;
use crate::data::load::load_dataset;
use crate::documents::failure::{Cause, Failure, Outcome};
use crate::documents::output::write_atomically;
use crate::documents::packet::{PacketRequest, make_packet};
use crate::messages;
use crate::typeset::coverage::{self, SystemFonts};
use crate::typeset::memo::Cache;
use crate::typeset::world::SheetWorld;

/// What one rebuild did.
#[derive(Debug)]
pub enum Cycle {
    /// The packet was written.
    Written { pages: usize, elapsed: Duration },
    /// The data or a template is wrong; the last good PDF was kept.
    Failed { message: String },
}

/// A watch session: what to read, where to write, and the World kept warm
/// between rebuilds.
pub struct WatchSession {
    data: PathBuf,
    output: PathBuf,
    templates: Option<PathBuf>,
    font_dirs: Vec<PathBuf>,
    system_fonts: SystemFonts,
    /// Installed fonts the world was given for characters the bundled
    /// fonts lack.
    fallback_files: Vec<PathBuf>,
    world: SheetWorld,
}

/// Rebuilds older than this many cycles leave comemo's cache.
const CACHE_CYCLES: usize = 10;

impl WatchSession {
    /// The session, and a note when its fit memo could not be used.
    pub fn new(
        data: PathBuf,
        output: PathBuf,
        templates: Option<PathBuf>,
        font_dirs: &[PathBuf],
        system_fonts: SystemFonts,
        cache: &Cache,
    ) -> (WatchSession, Option<Diagnostic>) {
        let mut world = SheetWorld::new(font_dirs);
        let note = world.open_fit_memo(cache);
        let session = WatchSession {
            data,
            output,
            templates,
            font_dirs: font_dirs.to_vec(),
            system_fonts,
            fallback_files: Vec::new(),
            world,
        };
        (session, note)
    }

    /// Loads, checks, lays out and writes the packet once.
    pub fn rebuild(&mut self) -> Cycle {
        let start = Instant::now();
        let result = self.build_once();
        let elapsed = start.elapsed();
        // The PDF is out: clearing old cache entries is not part of its wait.
        typst::comemo::evict(CACHE_CYCLES);
        match result {
            Ok(pages) => Cycle::Written { pages, elapsed },
            Err(failure) => Cycle::Failed {
                message: failure.to_string(),
            },
        }
    }

    fn build_once(&mut self) -> Outcome<usize> {
        if let Some(dir) = &self.templates {
            self.world
                .load_templates_from(dir)
                .map_err(|_| Failure::new(Cause::Other(messages::templates_unreadable(dir))))?;
        }
        let dataset = load_dataset(&self.data)?;
        let glyphs = coverage::check(&dataset, &self.font_dirs, &self.system_fonts);
        if glyphs.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Failure::new(Cause::Invalid(glyphs.diagnostics)));
        }
        // A character only an installed font has: that font joins the world
        // (a new world, so this cycle starts cold).
        if glyphs
            .fallback_files
            .iter()
            .any(|f| !self.fallback_files.contains(f))
        {
            self.fallback_files = glyphs.fallback_files;
            self.world
                .change_fonts(&self.font_dirs, &self.fallback_files);
            if let Some(dir) = &self.templates {
                self.world
                    .load_templates_from(dir)
                    .map_err(|_| Failure::new(Cause::Other(messages::templates_unreadable(dir))))?;
            }
        }
        let packet = make_packet(&mut self.world, &dataset, &PacketRequest::default())?;
        write_atomically(&self.output, &packet.pdf)?;
        Ok(packet.rendered.document.pages().len())
    }

    fn watched(&self) -> Vec<&Path> {
        std::iter::once(self.data.as_path())
            .chain(self.templates.as_deref())
            .collect()
    }

    /// Builds once, then again after every change, until the watcher fails.
    /// `report` hears which files changed and what the rebuild did.
    pub fn run(mut self, mut report: impl FnMut(&[PathBuf], &Cycle)) -> Outcome<()> {
        let stopped = || Failure::new(Cause::Other(messages::watcher_stopped().to_owned()));
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(sender).map_err(|_| stopped())?;
        for path in self.watched() {
            watcher
                .watch(path, RecursiveMode::Recursive)
                .map_err(|_| Failure::new(Cause::Other(messages::cannot_watch(path))))?;
        }
        let first = self.rebuild();
        report(&[], &first);
        loop {
            let event = events.recv().map_err(|_| stopped())?;
            let mut changed = relevant(event.map_err(|_| stopped())?);
            // Editors write a file in several steps: gather what follows closely.
            while let Ok(more) = events.recv_timeout(Duration::from_millis(50)) {
                changed.extend(relevant(more.map_err(|_| stopped())?));
            }
            if changed.is_empty() {
                continue;
            }
            changed.sort();
            changed.dedup();
            let cycle = self.rebuild();
            report(&changed, &cycle);
        }
    }
}

/// The data and template files an event touched (our own PDF and its
/// temporary files are neither).
fn relevant(event: notify::Event) -> Vec<PathBuf> {
    if event.kind.is_access() {
        return Vec::new();
    }
    event
        .paths
        .into_iter()
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "typ")
            )
        })
        .collect()
}
