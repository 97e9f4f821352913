//! How each sheet was fitted to its page, as the template reports it.
//!
//! The template is the one source of layout facts. Each sheet leaves a
//! `<fit>` metadata: the body size it was set in, the normal size, the
//! height the body has on a page, and, when the sheet continues overleaf or
//! shrank and the document asked for it, the height each text field takes,
//! measured with the same `measure` the fitting uses. Everything that
//! reports on the fitting (`check`, the closing lines of a run) reads this.

use typst::foundations::{Label, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::data::diagnostic::Severity;
use crate::data::{Dataset, Diagnostic};
use crate::messages;

/// How one sheet was fitted to its page.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetFit {
    /// 実施目標 No.
    pub no: u32,
    /// The body size it was set in, in points.
    pub size: f64,
    /// The normal body size, in points.
    pub normal_size: f64,
    /// The height the body has on a page, in points.
    pub body_height: f64,
    /// Pages the sheet takes (1 unless it needed follow-on pages).
    pub pages: usize,
    /// Whether it did not fit one page even at the smallest size.
    pub follow_on: bool,
    /// The height of each text field at [`SheetFit::size`], when measured.
    pub fields: Vec<FieldHeight>,
}

/// The height a text field of a sheet takes.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldHeight {
    /// The field, as a path relative to its goal that
    /// [`Dataset::locate`] takes: `content`, `programmes.city`,
    /// `years[2].results`.
    pub path: String,
    /// In points.
    pub height: f64,
}

impl SheetFit {
    pub fn shrunk(&self) -> bool {
        self.size < self.normal_size
    }

    pub fn follow_on_pages(&self) -> usize {
        self.pages.saturating_sub(1)
    }

    /// The field that takes the most room, when the fields were measured.
    pub fn largest_field(&self) -> Option<&FieldHeight> {
        self.fields
            .iter()
            .filter(|field| field.height > 0.0)
            .max_by(|a, b| a.height.total_cmp(&b.height))
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn field_height(value: &Value) -> Option<FieldHeight> {
    let Value::Dict(dict) = value else {
        return None;
    };
    // The view gives each cell its place in the goal, and the template
    // reports it as given.
    let Value::Str(path) = dict.get("path").ok()? else {
        return None;
    };
    Some(FieldHeight {
        path: path.to_string(),
        height: number(dict.get("height").ok()?)?,
    })
}

/// Reads the `<fit>` metadata each sheet leaves, and counts its pages from
/// where the next sheet starts.
pub fn sheet_fits(document: &PagedDocument) -> Vec<SheetFit> {
    let introspector = document.introspector();
    let label = Label::new(PicoStr::intern("fit")).expect("label is not empty");
    let mut fits: Vec<(SheetFit, usize)> = introspector
        .query(&Selector::Label(label))
        .into_iter()
        .filter_map(|content| {
            let page = content
                .location()
                .and_then(|loc| introspector.page(loc))
                .map(|p| p.get())?;
            let meta = content.to_packed::<MetadataElem>()?;
            let Value::Dict(dict) = &meta.value else {
                return None;
            };
            let get = |key: &str| dict.get(key).ok().and_then(number);
            let fields = match dict.get("fields").ok()? {
                Value::Array(fields) => fields.iter().filter_map(field_height).collect(),
                _ => Vec::new(),
            };
            Some((
                SheetFit {
                    no: get("no")? as u32,
                    size: get("size")?,
                    normal_size: get("normal")?,
                    body_height: get("body-height")?,
                    pages: 1,
                    follow_on: matches!(dict.get("follow-on"), Ok(Value::Bool(true))),
                    fields,
                },
                page,
            ))
        })
        .collect();
    let total = document.pages().len();
    for i in 0..fits.len() {
        let next_start = fits.get(i + 1).map_or(total + 1, |(_, page)| *page);
        fits[i].0.pages = next_start - fits[i].1;
    }
    fits.into_iter().map(|(fit, _)| fit).collect()
}

const MM_PER_PT: f64 = 25.4 / 72.0;

/// A note for each sheet set below the normal size, a warning for each one
/// that needed follow-on pages; each names the goal and, when the fields
/// were measured, points at the one that takes the most room (most likely
/// what to shorten).
pub fn fit_diagnostics(dataset: &Dataset, fits: &[SheetFit]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for fit in fits {
        if !fit.shrunk() && fit.follow_on_pages() == 0 {
            continue;
        }
        let Some(goal_index) = dataset.goals.iter().position(|g| g.no == fit.no) else {
            continue;
        };
        let culprit = fit.largest_field();
        let mut diagnostic = dataset.locate(goal_index, culprit.map_or("", |f| f.path.as_str()));
        // The place prefix names the goal and the field; the message says
        // why that field.
        let widest = culprit
            .map(|field| {
                messages::largest_field(
                    fit.size,
                    field.height * MM_PER_PT,
                    100.0 * field.height / fit.body_height,
                )
            })
            .unwrap_or_default();
        if fit.follow_on_pages() > 0 {
            diagnostic.severity = Severity::Warning;
            diagnostic.message =
                messages::sheet_follow_on(fit.size, fit.follow_on_pages(), &widest);
            diagnostic.hint = Some(messages::sheet_follow_on_hint().into());
        } else {
            diagnostic.severity = Severity::Note;
            diagnostic.message = messages::sheet_shrunk(fit.normal_size, fit.size, &widest);
        }
        out.push(diagnostic);
    }
    out
}
