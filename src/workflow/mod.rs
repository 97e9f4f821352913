//! Stage 4, the workflow: the clerk's year around the documents.
//!
//! Owns `check` (every problem before any work), `new-year` (rolling the
//! dataset forward by editing its files as text), `watch` (re-rendering on
//! every edit) and `eject` (a standalone Typst project). Uses
//! [`crate::documents`], [`crate::typeset`] and [`crate::data`].

pub mod check;
pub mod eject;
pub mod new_year;
pub mod watch;
