//! Stage 2, typesetting: a [`Dataset`](crate::data::Dataset) in, laid-out
//! pages and their PDF or PNG out.
//!
//! Owns the embedded templates and fonts, the closed Typst `World` that
//! serves only them and the view as JSON (`/data.json`, never Typst
//! source), glyph coverage before layout, compiling (large documents in
//! parts, joined), the fitting report each sheet leaves, the memo of
//! fittings kept between runs, and export. Uses
//! [`crate::view`] and [`crate::data`].

pub mod coverage;
pub mod fit;
pub mod fonts;
pub mod join;
pub mod memo;
pub mod render;
pub mod templates;
pub mod world;
