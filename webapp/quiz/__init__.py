"""The question bank, practice, attempts and reports: pages, forms and the quiz API."""
