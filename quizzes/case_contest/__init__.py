"""案例评比: the yearly case competition — a trainer opens it with weighted criteria and a
panel of judges, staff submit cases they wrote (alone or as a team), judges score them,
the trainer sets the awards and publishes; the winners join the case library as 优秀案例.

Named `case_contest` because "competition" already means 练兵比武 (quizzes/competition.py)."""
