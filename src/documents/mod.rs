//! Stage 3, the documents: what the committee and the archive receive.
//!
//! Owns the 資料8 packet, the annual booklet (cover, contents, the plan's
//! structure, the summary of evaluations, the sheets), the yearly archive,
//! the evaluation matrix as CSV or Markdown, the web edition, the sections' Excel forms, the
//! dataset attached to every PDF, reproducible document dates, and atomic
//! writes. Uses
//! [`crate::typeset`] and [`crate::data`].

pub mod archive;
pub mod attachment;
pub mod booklet;
pub mod failure;
pub mod form;
pub mod output;
pub mod packet;
pub mod pdf_read;
pub mod reproducible;
pub mod summary;
pub mod web;
