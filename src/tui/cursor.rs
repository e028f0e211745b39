//! A list's selected row and scroll offset, kept so the selected row stays on screen.

/// The selected row of a list and the first row shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: usize,
}

impl ListCursor {
    /// Selects `index` (clamped to the list) and scrolls so it shows in `height` rows.
    /// Reports whether anything moved.
    pub fn select(&mut self, index: usize, len: usize, height: usize) -> bool {
        let before = *self;
        self.selected = index.min(len.saturating_sub(1));
        self.keep_visible(len, height);
        *self != before
    }

    /// Moves the selection by `delta` rows, stopping at either end.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) -> bool {
        let target = self.selected.saturating_add_signed(delta);
        self.select(target, len, height)
    }

    /// Scrolls the shown rows by `delta` without losing the selection off screen.
    pub fn scroll_by(&mut self, delta: isize, len: usize, height: usize) -> bool {
        let before = *self;
        let last_offset = len.saturating_sub(height);
        self.offset = self.offset.saturating_add_signed(delta).min(last_offset);
        if height > 0 {
            self.selected = self.selected.clamp(self.offset, self.offset + height - 1);
        }
        self.selected = self.selected.min(len.saturating_sub(1));
        *self != before
    }

    /// Clamps both numbers after the list or the window changed size.
    pub fn keep_visible(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        if height > 0 && self.selected < self.offset {
            self.offset = self.selected;
        } else if height > 0 && self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    /// The range of rows to draw in `height` rows.
    pub fn visible(&self, len: usize, height: usize) -> std::ops::Range<usize> {
        let start = self.offset.min(len);
        start..(start + height).min(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_scrolls_into_view_and_clamps() {
        let mut cursor = ListCursor::default();
        assert!(cursor.move_by(7, 10, 3));
        assert_eq!(cursor, ListCursor { selected: 7, offset: 5 });
        assert!(cursor.move_by(100, 10, 3));
        assert_eq!(cursor, ListCursor { selected: 9, offset: 7 });
        assert!(!cursor.move_by(1, 10, 3), "already at the end");
        assert!(cursor.move_by(-100, 10, 3));
        assert_eq!(cursor, ListCursor { selected: 0, offset: 0 });
    }

    #[test]
    fn scrolling_drags_the_selection_along() {
        let mut cursor = ListCursor::default();
        assert!(cursor.scroll_by(3, 10, 4));
        assert_eq!(cursor, ListCursor { selected: 3, offset: 3 });
        assert!(cursor.scroll_by(50, 10, 4));
        assert_eq!(cursor.offset, 6);
        assert_eq!(cursor.visible(10, 4), 6..10);
    }

    #[test]
    fn empty_lists_and_zero_heights_are_safe() {
        let mut cursor = ListCursor { selected: 4, offset: 2 };
        cursor.keep_visible(0, 0);
        assert_eq!(cursor.selected, 0);
        assert!(cursor.visible(0, 5).is_empty());
        assert!(!cursor.scroll_by(1, 0, 0));
    }
}
