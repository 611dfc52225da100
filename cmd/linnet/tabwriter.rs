//! Go's `text/tabwriter` as Docker's CLI configures it (space padding, no flags), for output
//! that must line up exactly as Docker's: `top` (minimum width 20) and `stats` (10). Every cell
//! but the last of a row is padded to its column's width: the widest cell plus the padding, and
//! at least the minimum width.

/// Renders tab-separated `rows` (no newlines inside cells) as aligned lines.
pub fn render(rows: &[Vec<String>], min_width: usize, padding: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![min_width; columns];
    for row in rows {
        // The last cell of a row is not part of a column.
        for (i, cell) in row.iter().enumerate().take(row.len().saturating_sub(1)) {
            widths[i] = widths[i].max(cell.chars().count() + padding);
        }
    }
    let mut out = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i].saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_minimum_and_widest_cell() {
        let rows = vec![
            vec!["PID".to_string(), "COMMAND".to_string()],
            vec!["8231".to_string(), "sleep 999".to_string()],
        ];
        assert_eq!(
            render(&rows, 20, 3),
            "PID                 COMMAND\n8231                sleep 999\n"
        );
        let rows = vec![
            vec![
                "CONTAINER ID".to_string(),
                "NAME".to_string(),
                "PIDS".to_string(),
            ],
            vec![
                "0c7b9d2ad936".to_string(),
                "hb_s1".to_string(),
                "2".to_string(),
            ],
        ];
        assert_eq!(
            render(&rows, 10, 3),
            "CONTAINER ID   NAME      PIDS\n0c7b9d2ad936   hb_s1     2\n"
        );
    }
}
