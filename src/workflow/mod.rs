//! Stage 4, the workflow: the clerk's year around the documents.
//!
//! Owns `check` (every problem before any work), `init` (a new plan's
//! dataset), `new-year` (rolling the dataset forward by editing its files as
//! text), `import` (the sections' returned forms into the dataset) and
//! `status` (who has answered), `web` (the web edition), `watch`
//! (re-rendering on every edit), `eject` (a standalone Typst project),
//! `verify` (an archived PDF is the one that was made), and how an error
//! that ends a run is told. Uses
//! [`crate::documents`], [`crate::typeset`] and [`crate::data`].

pub mod build;
pub mod check;
pub mod eject;
pub mod forms;
pub mod import;
pub mod init;
pub mod new_year;
pub mod status;
pub mod verify;
pub mod watch;
pub mod web;
