//! Stage 2, the view: what each paper prints, decided once, for every
//! renderer.
//!
//! A [`Dataset`](crate::data::Dataset) and its sheet in; out, the sheets as
//! they print (which years have rows and which of their cells, the CD cells,
//! the programmes as one run or one a line, rates and derived grades, the
//! column layout and its headings), the booklet's summaries and the
//! evaluation matrix. The Typst templates read it as JSON, the web edition
//! renders it as HTML, the forms lay out their cells from it: every edition
//! prints the same words because they all read this. Uses only
//! [`crate::data`] (and [`crate::messages`] for the words it adds).

pub mod booklet;
pub mod sheet;
pub mod summary;

pub use sheet::{Cell, PacketView, SheetView, packet};
