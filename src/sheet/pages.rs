//! Printed pages of a sheet: the scale that fits the table to one A4 landscape page wide, and
//! the page breaks computed from the row heights, so that no page ends with a chapter row, one
//! task's rows are never split, and the clerk never has to fix the breaks by hand.
//!
//! Excel ignores manual page breaks when a sheet is set to "fit to N pages", so the sheet gets a
//! fixed print scale computed here instead, and the breaks computed for that scale.

/// A4 landscape, in points.
pub const PAPER_WIDTH_PT: f64 = 841.89;
pub const PAPER_HEIGHT_PT: f64 = 595.28;

/// Margins in inches (1.8 cm left/right, 2 cm top and bottom); the header and footer sit inside
/// the top and bottom margins.
pub const MARGIN_LEFT_RIGHT_IN: f64 = 0.71;
pub const MARGIN_TOP_BOTTOM_IN: f64 = 0.79;
pub const MARGIN_HEADER_IN: f64 = 0.31;
pub const MARGIN_FOOTER_IN: f64 = 0.39;

/// What is lost to rounding between this estimate and Excel's, WPS's and LibreOffice's own
/// layout: pages are planned this much shorter and narrower than they are.
const SAFETY: f64 = 0.95;

/// How much wider LibreOffice (and, by its own metrics, WPS) draws a column than Excel does:
/// measured, a column of 100 characters is 529 points in Excel and 559 in LibreOffice.
const WIDEST_RENDERER: f64 = 1.06;

/// The width of a column of `width` Excel character units, in points, as the widest of the
/// programs that print it draws it (Excel's default font: 7 pixels a character plus 5 pixels of
/// padding; 0.75 point a pixel).
pub fn column_points(width: f64) -> f64 {
    (width * 7.0 + 5.0) * 0.75 * WIDEST_RENDERER
}

/// The printable width and height of a page, in points.
pub fn printable() -> (f64, f64) {
    (PAPER_WIDTH_PT - 2.0 * MARGIN_LEFT_RIGHT_IN * 72.0, PAPER_HEIGHT_PT - 2.0 * MARGIN_TOP_BOTTOM_IN * 72.0)
}

/// The print scale in percent (10–100) that fits columns of these widths on one page wide.
pub fn fit_scale(widths: &[f64]) -> u16 {
    let total: f64 = widths.iter().map(|w| column_points(*w)).sum();
    let (width, _) = printable();
    let scale = (width * SAFETY / total).min(1.0);
    ((scale * 100.0).floor() as u16).clamp(10, 100)
}

/// How a body row holds on to the row after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glue {
    /// A page may end after this row.
    None,
    /// This row must not end a page: a chapter or category heading, or a row of a task that
    /// goes on in the next row.
    ToNext,
}

/// The rows of a sheet as the pages see them.
#[derive(Debug, Clone)]
pub struct PagePlan<'a> {
    /// Height in points of what comes before the body on the first page (title, lines, header).
    pub first_page_top: f64,
    /// Height of the header row repeated on every later page.
    pub repeated_header: f64,
    /// Height in points of each body row.
    pub heights: &'a [f64],
    pub glue: &'a [Glue],
    /// For each row, the height of the heading repeated above it (“一、…（续）”) when a page
    /// begins with it; `None` for a heading, or a row under no heading.
    pub continued: &'a [Option<f64>],
    /// Print scale in percent.
    pub scale: u16,
}

/// The body rows (indexes) that begin a new page. Rows glued together move to the next page as
/// one block; a block taller than a page is split at its own rows.
pub fn page_breaks(plan: &PagePlan) -> Vec<usize> {
    let (_, height) = printable();
    // The page holds this many points of the sheet at its scale.
    let page = height * SAFETY * 100.0 / plan.scale as f64;
    let n = plan.heights.len();
    let mut breaks = Vec::new();
    let mut room = page - plan.first_page_top;
    let mut i = 0;
    while i < n {
        // The block: this row and every row glued to it.
        let mut end = i;
        while end + 1 < n && plan.glue[end] == Glue::ToNext {
            end += 1;
        }
        let block: f64 = plan.heights[i..=end].iter().sum();
        let page_started = breaks.last().copied().unwrap_or(0);
        let page_has_rows = i > page_started || (breaks.is_empty() && i > 0);
        if block > room && page_has_rows {
            breaks.push(i);
            room = page - plan.repeated_header - plan.continued.get(i).copied().flatten().unwrap_or(0.0);
        }
        if block <= room {
            room -= block;
            i = end + 1;
            continue;
        }
        // Taller than a whole page: row by row.
        for j in i..=end {
            let at_page_start = breaks.last() == Some(&j) || (breaks.is_empty() && j == 0);
            if plan.heights[j] > room && !at_page_start {
                breaks.push(j);
                room = page - plan.repeated_header - plan.continued.get(j).copied().flatten().unwrap_or(0.0);
            }
            room -= plan.heights[j];
        }
        i = end + 1;
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan<'a>(heights: &'a [f64], glue: &'a [Glue]) -> PagePlan<'a> {
        PagePlan { first_page_top: 100.0, repeated_header: 30.0, heights, glue, continued: &[], scale: 100 }
    }

    fn page() -> f64 {
        printable().1 * SAFETY
    }

    #[test]
    fn rows_fill_pages_in_order() {
        let heights = vec![40.0; 40];
        let glue = vec![Glue::None; 40];
        let breaks = page_breaks(&plan(&heights, &glue));
        // First page: (page - 100) / 40 rows; later pages: (page - 30) / 40.
        let first = ((page() - 100.0) / 40.0).floor() as usize;
        let later = ((page() - 30.0) / 40.0).floor() as usize;
        assert_eq!(breaks[0], first);
        assert_eq!(breaks[1], first + later);
    }

    #[test]
    fn a_heading_never_ends_a_page() {
        // Headings at every possible place near the foot of page 1, and rows of many heights:
        // no page ever ends with a row glued to the next.
        for heading_at in 0..14 {
            for h in [18.0, 33.0, 47.0, 61.0] {
                let heights: Vec<f64> = (0..40).map(|i| if i == heading_at { 20.0 } else { h + (i % 3) as f64 * 7.0 }).collect();
                let mut glue = vec![Glue::None; 40];
                glue[heading_at] = Glue::ToNext;
                let breaks = page_breaks(&plan(&heights, &glue));
                assert!(!breaks.is_empty());
                for b in &breaks {
                    assert_ne!(glue[b - 1], Glue::ToNext, "page ends with the heading (row {}), h {h}", b - 1);
                }
            }
        }
    }

    #[test]
    fn a_repeated_heading_takes_room_on_its_page() {
        let heights = vec![40.0; 60];
        let glue = vec![Glue::None; 60];
        let without = page_breaks(&plan(&heights, &glue));
        let continued = vec![Some(25.0); 60];
        let with = page_breaks(&PagePlan { continued: &continued, ..plan(&heights, &glue) });
        assert_eq!(with[0], without[0], "the first page has no repeated heading");
        assert!(with[1] - with[0] <= without[1] - without[0]);
    }

    #[test]
    fn a_task_of_two_rows_stays_together() {
        let first = ((page() - 100.0) / 40.0).floor() as usize;
        let heights = vec![40.0; 30];
        let mut glue = vec![Glue::None; 30];
        // Rows first-1 and first are one task.
        glue[first - 1] = Glue::ToNext;
        let breaks = page_breaks(&plan(&heights, &glue));
        assert_eq!(breaks[0], first - 1, "the two rows start the next page together");
    }

    #[test]
    fn a_block_taller_than_a_page_is_split_at_its_rows() {
        let heights = vec![100.0; 20];
        let glue = vec![Glue::ToNext; 20];
        let breaks = page_breaks(&plan(&heights, &glue));
        assert!(!breaks.is_empty());
        assert!(breaks.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_scale_fits_the_width() {
        // 150 characters of columns do not fit at 100%.
        let s = fit_scale(&[50.0, 50.0, 50.0]);
        assert!(s < 100);
        let total: f64 = [50.0, 50.0, 50.0].iter().map(|w| column_points(*w)).sum();
        assert!(total * s as f64 / 100.0 <= printable().0);
        assert_eq!(fit_scale(&[10.0, 20.0]), 100);
        // A smaller scale puts more rows on a page.
        let heights = vec![40.0; 60];
        let glue = vec![Glue::None; 60];
        let at_100 = page_breaks(&plan(&heights, &glue))[0];
        let small = PagePlan { scale: 80, ..plan(&heights, &glue) };
        assert!(page_breaks(&small)[0] > at_100);
    }
}
