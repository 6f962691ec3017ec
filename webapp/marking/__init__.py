"""阅卷: the grading page by question and its API (quizzes.marking)."""
