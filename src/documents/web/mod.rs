//! The web edition: the year's packet as accessible HTML for the city's
//! website (JIS X 8341-3:2016 AA), beside the PDFs it links to.
//!
//! A folder to upload as it is, working from `file://` as from any static
//! server, without JavaScript: `index.html` (the plan, the year, 評価の集計,
//! the goals by 基本目標 and 施策, the links to the PDFs with their type and
//! size), a page per goal (`goals/05.html`), a plain-text companion of each
//! page (`.txt`, UTF-8 with a BOM and CRLF line ends, as Notepad and the
//! cities' sites expect), one style sheet, and the PDFs. Every link is
//! relative.
//!
//! The pages are built from the booklet's view ([`crate::view`]), the same
//! one the PDFs are typeset from, so they print the same words; minijinja
//! fills HTML templates that escape every value (see [`render`]). Typst's
//! own HTML export was not used: it is experimental, and it drops text
//! placed inside grid, align and place, which the sheets are made of.

pub mod pages;
pub mod render;

use std::path::PathBuf;

use crate::data::Dataset;
use crate::data::era::FiscalYear;
use crate::documents::booklet::booklet_view;
use crate::documents::failure::{Cause, Failure, Outcome};
use crate::messages;
use pages::{Link, PdfLink};

/// A PDF made for the year, to link to and to carry.
#[derive(Debug, Clone)]
pub struct WebPdf {
    /// Its file name beside `index.html` (the build's: `2019-R1-sheets.pdf`).
    pub name: String,
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// The year's two PDFs.
#[derive(Debug, Clone)]
pub struct WebPdfs {
    pub packet: WebPdf,
    pub booklet: WebPdf,
}

/// The web edition, made but not written.
#[derive(Debug)]
pub struct WebEdition {
    /// Every file, by its path relative to the web folder.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// How many HTML pages.
    pub pages: usize,
}

pub const INDEX: &str = "index.html";
pub const INDEX_TEXT: &str = "index.txt";
pub const STYLE: &str = "style.css";

/// The web edition of `year`, linking to and carrying `pdfs`.
pub fn make_web(dataset: &Dataset, year: FiscalYear, pdfs: WebPdfs) -> Outcome<WebEdition> {
    let booklet = booklet_view(dataset, year)?;
    let env = render::environment().map_err(template_failed)?;
    let site = pages::site(&booklet);
    let mut files = Vec::new();

    for (i, goal) in booklet.goals.iter().enumerate() {
        let text_name = pages::goal_file(goal.no, "txt");
        let mut page = pages::goal(&site, &booklet, i, local_link(&text_name));
        let text = text_file(&fill(&env, "goal.txt", &page)?);
        page.text_link.text = messages::web_text_link(&size(text.len()));
        let html = fill(&env, "goal.html", &page)?;
        files.push((
            PathBuf::from(pages::goal_file(goal.no, "html")),
            html.into_bytes(),
        ));
        files.push((PathBuf::from(text_name), text));
    }

    let pdf_link = |pdf: &WebPdf, label: &str, about: String| PdfLink {
        href: pdf.name.clone(),
        text: messages::web_pdf_link(label, &size(pdf.bytes.len())),
        about,
    };
    let links = vec![
        pdf_link(
            &pdfs.packet,
            &booklet.plan.packet_label,
            messages::web_packet_about(pdfs.packet.pages),
        ),
        pdf_link(
            &pdfs.booklet,
            messages::web_booklet_label(),
            messages::web_booklet_about(pdfs.booklet.pages),
        ),
    ];
    let mut index = pages::index(
        &site,
        &booklet,
        links,
        Link {
            href: INDEX_TEXT.to_owned(),
            text: String::new(),
        },
    );
    let text = text_file(&fill(&env, "index.txt", &index)?);
    index.text_link.text = messages::web_text_link(&size(text.len()));
    let html = fill(&env, "index.html", &index)?;
    files.push((PathBuf::from(INDEX), html.into_bytes()));
    files.push((PathBuf::from(INDEX_TEXT), text));
    files.push((PathBuf::from(STYLE), render::STYLE.as_bytes().to_vec()));
    for pdf in [pdfs.packet, pdfs.booklet] {
        files.push((PathBuf::from(pdf.name), pdf.bytes));
    }
    Ok(WebEdition {
        files,
        pages: booklet.goals.len() + 1,
    })
}

/// The link from a goal's page to a file beside it.
fn local_link(path: &str) -> Link {
    Link {
        href: path.rsplit('/').next().unwrap_or(path).to_owned(),
        text: String::new(),
    }
}

/// A text companion's bytes: a byte-order mark, then the lines with CRLF
/// ends, which every Notepad and browser reads as UTF-8. The templates
/// leave blank lines where a part is empty: at most one stays between two
/// lines of text, none at the ends, and no line ends in spaces.
fn text_file(text: &str) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let mut blank = false;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blank = !out.ends_with('\u{feff}');
            continue;
        }
        if blank {
            out.push_str("\r\n");
            blank = false;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// A file's size as a download link gives it: KB without decimals under a
/// megabyte, MB with one decimal (1 KB = 1,024 bytes, as Windows counts).
pub fn size(bytes: usize) -> String {
    const KB: u64 = 1024;
    let bytes = bytes as u64;
    let kb = ((bytes + KB / 2) / KB).max(1);
    if kb < KB {
        messages::web_size_kb(kb)
    } else {
        messages::web_size_mb((bytes * 10 + KB * KB / 2) / (KB * KB))
    }
}

/// Template `name` filled with `page`.
fn fill(
    env: &minijinja::Environment<'static>,
    name: &str,
    page: &impl serde::Serialize,
) -> Outcome<String> {
    render::render(env, name, page).map_err(template_failed)
}

fn template_failed(err: minijinja::Error) -> Failure {
    let mut detail = err.to_string();
    if let Some(name) = err.name() {
        detail = format!("{name}:{}: {detail}", err.line().unwrap_or_default());
    }
    Failure::new(Cause::Other(messages::web_template_failed(&detail)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_a_download_link_gives_them() {
        assert_eq!(size(10), "1 KB");
        assert_eq!(size(1_536), "2 KB");
        assert_eq!(size(870_000), "850 KB");
        assert_eq!(size(1_048_064), "1.0 MB");
        assert_eq!(size(1_300_000), "1.2 MB");
    }

    #[test]
    fn text_files_have_a_bom_and_crlf() {
        assert_eq!(
            text_file("\na\nb  \r\n\n\n\nc\n\n"),
            "\u{feff}a\r\nb\r\n\r\nc\r\n".as_bytes()
        );
    }
}
