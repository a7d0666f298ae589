"""Pure layout: turns a template and one record into a Page of boxes in points."""
