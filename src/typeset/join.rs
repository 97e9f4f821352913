//! Joining documents laid out one after another into one document.
//!
//! A large packet is laid out a part at a time so that comemo's cache can
//! be emptied in between (see [`crate::documents::packet`]). Typst derives an element's
//! location from its place in the document, so every part reuses the same
//! locations; the PDF's tag tree and the introspector would take two
//! elements for one. Each later part's locations are therefore rehashed
//! with the part's number before the pages are put together.

use typst::introspection::{Location, Tag};
use typst::layout::{Frame, FrameItem};
use typst::model::Destination;
use typst::model::{Document, DocumentInfo};
use typst_layout::{Page, PagedDocument};

/// Collects the pages of a document's parts, laid out one after another,
/// and makes them one document.
pub struct Joiner {
    info: Option<DocumentInfo>,
    parts: usize,
    pages: Vec<Page>,
}

impl Joiner {
    pub fn new() -> Joiner {
        Joiner {
            info: None,
            parts: 0,
            pages: Vec::new(),
        }
    }

    /// Adds the next part's pages; the document takes the first part's
    /// metadata. The part's introspector is dropped: the joined document
    /// builds its own.
    pub fn push(&mut self, part: PagedDocument) {
        self.info.get_or_insert_with(|| part.info().clone());
        // The page counter runs on across the parts, as in one document.
        let pages_before = self.pages.len() as u64;
        for page in part.pages() {
            let mut page = page.clone();
            if self.parts > 0 {
                relocate(&mut page.frame, self.parts);
                page.number += pages_before;
            }
            self.pages.push(page);
        }
        self.parts += 1;
    }

    /// The joined document.
    ///
    /// # Panics
    /// When no part was pushed.
    pub fn finish(self) -> PagedDocument {
        let info = self.info.expect("a document has at least one part");
        PagedDocument::new(self.pages.into_iter().collect(), info)
    }
}

impl Default for Joiner {
    fn default() -> Joiner {
        Joiner::new()
    }
}

/// The location an element of part `part` takes in the joined document.
fn moved(location: Location, part: usize) -> Location {
    Location::new(typst::utils::hash128(&(location.hash(), part)))
}

/// Gives every element in `frame` (and the frames inside it) its location
/// in the joined document.
fn relocate(frame: &mut Frame, part: usize) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => {
                relocate(&mut group.frame, part);
                if let Some(parent) = &mut group.parent {
                    parent.location = moved(parent.location, part);
                }
            }
            FrameItem::Tag(Tag::Start(element, _)) => {
                if let Some(location) = element.location() {
                    element.set_location(moved(location, part));
                }
            }
            FrameItem::Tag(Tag::End(location, _, _)) => *location = moved(*location, part),
            FrameItem::Link(Destination::Location(location), _) => {
                *location = moved(*location, part);
            }
            FrameItem::Text(_)
            | FrameItem::Shape(..)
            | FrameItem::Image(..)
            | FrameItem::Link(..) => {}
        }
        true
    });
}
