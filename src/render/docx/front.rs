//! The front of the issue: the red masthead, filling whole line slots as
//! in the PDF, and the headline list (本期要目).

use super::body::{Body, RED};
use super::props::{Indent, Line, LineRule, Para, Run};
use super::{BODY_HALF_POINTS, LINE_PITCH, TEXT_WIDTH};

/// Height of a one-line paragraph at `half_points`, in twips, with room
/// for the glyphs.
fn line_of(half_points: u32) -> i64 {
    i64::from(half_points) * 10 * 5 / 4
}

impl Body<'_> {
    /// The red masthead, filling whole line slots as in the PDF.
    pub(super) fn masthead(&mut self, slots: Option<usize>) {
        let doc = self.doc();
        let fonts = doc.series.word_fonts.clone();
        let off_grid = |line: i64| Para {
            snap_to_grid: Some(false),
            line: Some(LineRule::Exact(line)),
            indent: Some(Indent::default()),
            jc: Some("center"),
            ..Para::default()
        };
        let body_line = line_of(BODY_HALF_POINTS);
        let mut used = 0;
        let mut paras: Vec<(Para, Vec<(String, Run)>)> = Vec::new();
        let hei = Run {
            font: Some(fonts.hei.clone()),
            spacing: Some(0),
            ..Run::default()
        };
        let plain = Run {
            spacing: Some(0),
            ..Run::default()
        };
        if !doc.issue.mark.is_empty() || !doc.issue.copy.is_empty() {
            let para = Para {
                after: Some(160),
                tabs: vec![("right", TEXT_WIDTH)],
                jc: Some("left"),
                ..off_grid(body_line)
            };
            used += body_line + 160;
            let text = format!("{}\t{}", doc.issue.mark, doc.issue.copy);
            paras.push((para, vec![(text, hei.clone())]));
        }
        let lines = &doc.series.masthead;
        for (i, line) in lines.iter().enumerate() {
            let count = line.chars().count().max(1) as f64;
            let last = i + 1 == lines.len();
            let widest = 442.2 / count * 0.96;
            let size = (if last { 54.0 } else { 28.0_f64 }).min(widest);
            let half_points = (size * 2.0).round() as u32;
            let spread = if last && count <= 6.0 {
                Some((size * 0.3 * 20.0).round() as i64)
            } else {
                None
            };
            let height = line_of(half_points);
            let after = (size * 0.35 * 20.0).round() as i64;
            used += height + after;
            let run = Run {
                font: Some(fonts.title.clone()),
                color: Some(RED),
                spacing: Some(spread.unwrap_or(0)),
                size: Some(half_points),
                ..Run::default()
            };
            let para = Para {
                after: Some(after),
                ..off_grid(height)
            };
            paras.push((para, vec![(line.clone(), run)]));
        }
        let mut label = doc.issue.label.clone();
        if !doc.issue.total.is_empty() {
            label = format!("{label}（{}）", doc.issue.total);
        }
        used += 192 + body_line;
        paras.push((
            Para {
                before: Some(192),
                ..off_grid(body_line)
            },
            vec![(label, plain.clone())],
        ));
        // Office and date on one line, the red rule under them.
        let rule = Line {
            eighths: 12,
            color: RED,
            space: 1,
        };
        used += 64 + body_line + 50;
        let office = format!("{}\t{}", doc.series.office, doc.issue.date);
        let slots = slots.unwrap_or_else(|| {
            let gap = LINE_PITCH - i64::from(BODY_HALF_POINTS) * 10;
            ((used + gap + LINE_PITCH - 1) / LINE_PITCH) as usize
        });
        // What is left of the slots goes under the rule.
        let after = (slots as i64 * LINE_PITCH - used).max(0);
        paras.push((
            Para {
                before: Some(64),
                after: Some(after),
                border_bottom: Some(rule),
                tabs: vec![("right", TEXT_WIDTH)],
                jc: Some("left"),
                ..off_grid(body_line)
            },
            vec![(office, plain)],
        ));
        for (para, runs) in &paras {
            let runs: Vec<(&str, Run)> =
                runs.iter().map(|(t, r)| (t.as_str(), r.clone())).collect();
            self.para(para, &runs);
        }
    }

    /// 本期要目: one line per headline, after a ◆.
    pub(super) fn headlines(&mut self) {
        for title in &self.doc().headlines {
            let para = Para {
                style: Some("BulletinHeadline"),
                ..Para::default()
            };
            self.para(&para, &[("◆\t", Run::default()), (title, Run::default())]);
        }
    }
}
